/*
 * A hit's snippet: the passage searchd chose, with the matched words
 * between a marker pair.  On a terminal the marked words are highlighted;
 * elsewhere the markers are dropped and the text stays plain.
 */
#ifndef KILDE_SNIPPET_H
#define KILDE_SNIPPET_H

#include <stdio.h>

#include "style.h"

/* The marker pair searchd puts around matched words (docs/PROTOCOL.md).
 * Neither may contain whitespace: the snippet is wrapped between words. */
#define SNIPPET_MARK_OPEN "<b>"
#define SNIPPET_MARK_CLOSE "</b>"
/* Whether the snippet is HTML (Xapian's MSet::snippet escapes &, < and >
 * in the text), so "&amp;" is shown as "&". */
#define SNIPPET_IS_HTML 1

/* Prints snippet wrapped at st->width columns, every line starting with
 * indent spaces, and ends it with a newline.  Runs of whitespace, line
 * breaks included, become one space; HTML character references are
 * decoded (SNIPPET_IS_HTML).  A mark left open at the end is
 * closed, so the terminal's style never leaks into what follows. */
void snippet_print(FILE *out, const char *snippet, const kstyle *st, int indent);

#endif
