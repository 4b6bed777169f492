/*
 * XML that kilde is handed (records, the manifest): parsed from memory so
 * that nothing outside the bytes is ever read, and validated against a
 * RelaxNG schema from schemas/ that is compiled once per process and then
 * shared read-only by all threads.  libxml2 prints nothing meanwhile: its
 * first error is kept for the caller's message, with its line.
 */
#ifndef KILDE_XML_VALIDATE_H
#define KILDE_XML_VALIDATE_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "kerr.h"

/* The first error libxml2 reported; the caller formats it with its own
 * context ("m.xml:3: …", "line 3: …"). */
typedef struct xv_error {
    bool seen;     /* false: libxml2 gave no reason */
    int line;      /* 0 when unknown */
    char msg[300]; /* libxml2's message, one line */
} xv_error;

/* Parses len bytes at data (at most INT_MAX: callers refuse more with their
 * own message, else KERR_TOOLARGE) without network access, DTD loading or
 * entity substitution, so an external entity is never read.  `options`
 * adds XML_PARSE_* flags (XML_PARSE_BIG_LINES for line numbers past 65535)
 * but cannot lift those.  Returns 0 and *out, which the caller frees with
 * xmlFreeDoc; KERR_FORMAT when it is not well-formed (*e says where, when
 * libxml2 said); KERR_NOMEM.  *e is cleared first.  Thread-safe. */
int xv_parse(xmlDocPtr *out, const char *data, size_t len, int options, xv_error *e);

/* Loads the RelaxNG schema schemas/<name> (see kilde_schema_file), once per
 * process: later calls, from any thread, give the first call's result,
 * failure included.  Returns 0, or KERR_IO with err "schema <path>:
 * <reason>" when the file is missing or is no schema. */
int xv_schema_load(const char *name, kerr *err);

/* Validates doc against schemas/<name>, loading it as xv_schema_load does.
 * Returns 0 when doc is valid; KERR_INVALID with *e (the first complaint,
 * its line) when it is not, err untouched; else KERR_IO or KERR_NOMEM with
 * err set.  Thread-safe: each call has its own validation context. */
int xv_validate(xmlDocPtr doc, const char *name, xv_error *e, kerr *err);

#endif
