/*
 * How the client's human output looks on this terminal: whether it may use
 * colour, how wide to wrap, and printing text from the index safely.
 */
#ifndef KILDE_STYLE_H
#define KILDE_STYLE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct kstyle {
    bool color; /* ANSI sequences allowed: a terminal, and NO_COLOR unset or empty */
    int width;  /* columns to wrap text at */
} kstyle;

typedef enum kstyle_kind {
    KSTYLE_TITLE, /* a hit's title */
    KSTYLE_MATCH, /* a matched word in a snippet */
    KSTYLE_DIM    /* ids and paths, there to copy rather than to read */
} kstyle_kind;

/* Looks at the file descriptor the output goes to and the environment
 * (NO_COLOR, https://no-color.org; COLUMNS when the terminal won't say). */
void kstyle_detect(kstyle *st, int fd);

/* The sequence that starts kind, and the one that ends any style: "" when
 * colour is off, so callers print them unconditionally. */
const char *kstyle_on(const kstyle *st, kstyle_kind kind);
const char *kstyle_off(const kstyle *st);

/* Writes n bytes of s, text that came from indexed documents, with control
 * characters (C0, DEL, C1) shown as U+FFFD so a document cannot send escape
 * sequences to the terminal.  Newlines and tabs pass when keep_lines, and
 * become spaces otherwise. */
void kstyle_put_text(FILE *out, const char *s, size_t n, bool keep_lines);

/* kstyle_put_text of a NUL-terminated string, on one line. */
void kstyle_puts(FILE *out, const char *s);

#endif
