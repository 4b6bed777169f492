/*
 * Markdown, for extract_text.c: the document's text without its markup.
 */
#ifndef KILDE_MARKDOWN_H
#define KILDE_MARKDOWN_H

#include "document.h"
#include "kerr.h"

/* Reads text (NFC UTF-8 with '\n' line ends) as Markdown into doc: one page
 * "1" holding every word without the markup; headings become sections,
 * and the first one the title when doc has none; YAML front matter gives
 * title, date and lang; images' alt texts become captions.  Returns 0, or
 * KERR_FORMAT ("no text found") or KERR_NOMEM with err set.  Thread-safe:
 * all state lives in the call. */
int markdown_read(kdoc *doc, const char *text, kerr *err);

#endif
