/*
 * Repair of what text extraction broke, before the text is split and
 * indexed (the repaired text is what is searched, shown and returned):
 *
 *  - characters: soft hyphens and zero-width spaces dropped; non-breaking,
 *    thin and other fixed-width spaces made plain spaces (so "5 204" is two
 *    words and a number); typographic single and double quotes, the
 *    Unicode hyphen and minus made ASCII; then NFC;
 *  - lost ligatures: a PDF whose font maps ligatures to nothing gives
 *    U+FFFD for "ti", "tt", "tf", "ft", "fi", "fl", "ff", "ffi", "ffl" or
 *    "tti" ("Stor\uFFFDnget"); each damaged word gets the expansion that
 *    makes a known word, the one the document itself uses most first;
 *    after a space that a PDF put where the glyph was ("vik \uFFFDg"), the
 *    word joined over the space first ("viktig", not "vik fig"), when it
 *    is a word of the lexicon or the document;
 *  - lost double letters: in a document with such damage, an unknown word
 *    that becomes known with one t or f doubled ("Dete" → "Dette") — the
 *    same broken font drops the "tt" and "ff" ligatures entirely;
 *  - line-end hyphenation: "represen-" + "tanter" joined when the joined
 *    word is known and the hyphenated one is not; otherwise the hyphen
 *    stays ("ikke-medlemmer" is a word; "Facebook-brukere", "WHO-rapport",
 *    "LIS1-stillinger", "Helse Vest-regionen" are a name or code before a
 *    word; a web address keeps its hyphens), and "arbeidsgiver- og" keeps
 *    its coordinating hyphen.  The document's own use of either form
 *    decides first.
 *
 * "Known" means: in the Norwegian lexicon (lexicon.h), a compound of known
 * words (compound.h), or used intact elsewhere in the same document.
 */
#ifndef KILDE_REPAIR_H
#define KILDE_REPAIR_H

#include <stddef.h>

#include "document.h"
#include "lexicon.h"

typedef struct krepair_stats {
    size_t characters; /* characters normalised or dropped */
    size_t ligatures;  /* words with U+FFFD repaired */
    size_t doubled;    /* words with a lost double letter repaired */
    size_t hyphens;    /* line-end hyphenations joined */
    size_t ligature_tries; /* damaged words looked at (bounded per document) */
    size_t double_tries;   /* unknown words tried for a lost double letter (bounded) */
} krepair_stats;

/* Repairs every page of doc in place; stats are added to.  -1 when memory
 * runs out (the document is then left as it was, page by page). */
int repair_document(kdoc *doc, const klexicon *lexicon, krepair_stats *stats);

/* The same for one text (for tests); `vocabulary` words come from the
 * text itself.  Returns a malloc'd repaired copy, or NULL. */
char *repair_text(const char *text, const klexicon *lexicon, krepair_stats *stats);

#endif
