/*
 * The patterns of schemas/patterns.conf, compiled once at start-up and then
 * shared read-only by every extraction thread.
 */
#ifndef KILDE_PATTERNS_H
#define KILDE_PATTERNS_H

#include <stdbool.h>
#include <stddef.h>

#include "kerr.h"

typedef struct kpatterns kpatterns;

typedef enum {
    PAT_TYPE, PAT_CAPTION, PAT_CAPTION_END, PAT_PAGENUMBER, PAT_LINK, PAT_KINDS
} kpattern_kind;

/* path NULL means schemas/patterns.conf. */
int patterns_load(kpatterns **out, const char *path, kerr *err);
void patterns_free(kpatterns *p);

/* The document type the text's evidence points to: "artikkel",
 * "horingsinnspill", "arsmelding" or "annet" (static strings). */
const char *patterns_detect_type(const kpatterns *p, const char *text, size_t len);

/* Does any pattern of `kind` match this line (or paragraph)? */
bool patterns_match(const kpatterns *p, kpattern_kind kind, const char *s, size_t len);

#endif
