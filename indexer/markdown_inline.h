/*
 * Markdown's inline markup (emphasis, code spans, links, images, entities,
 * inline HTML), for markdown.c: one line of source in, its words out,
 * markup gone.  Private to the Markdown reader; all state lives in the
 * caller's md_inline, so documents may be read in parallel threads.
 */
#ifndef KILDE_MARKDOWN_INLINE_H
#define KILDE_MARKDOWN_INLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "document.h"

typedef struct md_inline {
    kdoc *doc;             /* an image's alt text goes to its captions */
    kbuf *out;             /* where each line's text goes; the caller's */
    kbuf line;             /* one line's output, before emphasis removal */
    struct md_run *runs;   /* the line's '*' and '_' runs */
    size_t nruns, capruns;
    bool failed;           /* out of memory; checked once at the end */
    /* per-line search caches that keep the scan linear */
    size_t next_close;     /* position of the next ']' (or line end) */
    size_t link_close;     /* the ']' whose link was last parsed, and the result */
    size_t link_end, link_ulen;
    const char *link_url;
    size_t code_fail[9];   /* no backtick run of length k from here on */
} md_inline;

/* Ready to emit into out (which stays the caller's). */
void md_inline_init(md_inline *m, kdoc *doc, kbuf *out);

/* Appends the text of the n bytes at s, one line of Markdown without its
 * line end, to the output with the markup taken out. */
void md_inline_emit(md_inline *m, const char *s, size_t n);

/* Frees what m holds (not the output). */
void md_inline_free(md_inline *m);

/* White space as Markdown's block and inline rules both read it. */
static inline bool md_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

#endif
