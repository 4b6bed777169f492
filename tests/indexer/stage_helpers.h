/* Shared by the indexer stage tests: read a file, extract it with a given
 * extractor, or run it through the same stages as the pipeline (extract,
 * clean, describe, split) without an index. */
#ifndef KILDE_STAGE_HELPERS_H
#define KILDE_STAGE_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "detect.h"
#include "doi.h"
#include "metadata.h"
#include "patterns.h"
#include "repair.h"
#include "split.h"

/* The whole file at path, NUL-terminated (*len does not count the NUL);
 * NULL when it cannot be read.  The caller frees. */
static inline unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    unsigned char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* Extracts the file at path with fn, doc made with that format first (so
 * the caller frees doc even when the file cannot be read); returns the
 * status. */
static inline int extract_file_as(kdoc *doc, const char *path, const char *format, extract_fn fn,
                                  kerr *err)
{
    size_t len = 0;
    unsigned char *data = slurp(path, &len);
    kdoc_init(doc, path, format);
    if (!data)
        return kerr_set(err, KERR_IO, "cannot read %s", path);
    int rc = fn(doc, data, len, err);
    free(data);
    return rc;
}

/* Extracts the first len bytes of s with fn, doc named name and made with
 * that format; the caller frees doc. */
static inline int extract_mem_as(kdoc *doc, const char *name, const char *format, extract_fn fn,
                                 const char *s, size_t len, kerr *err)
{
    kdoc_init(doc, name, format);
    return fn(doc, (const unsigned char *)s, len, err);
}

/* Extracts path with the extractor its content calls for; returns the status. */
static inline int stage_extract(kdoc *doc, const char *path, kerr *err)
{
    size_t len = 0;
    unsigned char *data = slurp(path, &len);
    if (!data)
        return kerr_set(err, KERR_IO, "cannot read %s", path);
    const kformat *fmt = detect_format(path, data, len);
    kdoc_init(doc, path, fmt ? fmt->name : "unknown");
    int rc = fmt ? fmt->extract(doc, data, len, err) : kerr_set(err, KERR_FORMAT, "unsupported");
    free(data);
    return rc;
}

/* Extract, clean, repair, describe and split, as the pipeline does. */
static inline int stage_all(kdoc *doc, kunits *units, const char *path, const kpatterns *pat,
                     kclean_stats *cs, kerr *err)
{
    int rc = stage_extract(doc, path, err);
    if (rc)
        return rc;
    doi_fill_declared(doc);
    clean_document(doc, pat, cs);
    krepair_stats rs = {0};
    repair_document(doc, klexicon_norwegian(), &rs);
    metadata_fill(doc, pat);
    return split_document(doc, 6000, units);
}

static inline const kunit *unit_by_key(const kunits *units, const char *key)
{
    for (size_t i = 0; i < units->n; i++)
        if (strcmp(units->items[i].key, key) == 0)
            return &units->items[i];
    return NULL;
}

#endif
