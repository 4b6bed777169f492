/* Which extractor reads a file: by its first bytes, else by its name. */
#ifndef KILDE_DETECT_H
#define KILDE_DETECT_H

#include <stddef.h>

#include "document.h"

typedef struct kformat {
    const char *name;   /* "pdf", "html", "xml", "markdown", "text" */
    extract_fn extract;
} kformat;

/* The format a file name suggests, or NULL when kilde does not read it
 * (a folder walk skips such files). */
const kformat *detect_by_name(const char *path);

/* The format of a file's content: magic bytes first (a PDF named .txt is a
 * PDF), then the name.  NULL when unsupported. */
const kformat *detect_format(const char *path, const unsigned char *data, size_t len);

#endif
