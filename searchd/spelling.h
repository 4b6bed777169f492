/*
 * Words the index does not know, and what was meant by them.  Only words
 * the index lacks are touched (neither the word nor its stem has
 * postings), so "for" stays "for" and never becomes "før"; nor a word with
 * digits ("2025" is not a misspelt "2024").  Such a word is read as:
 *  - its æøå form, typed on a keyboard without them: "aa" å, "ae" æ, "oe"
 *    ø, "ä" æ, "ö" ø; or a, o standing for å, æ, ø ("sykehusokonomi",
 *    "Radet", "horinger"), the variant the index holds most;
 *  - else, when no dictionary knows it either, the index's closest
 *    spelling (Xapian's, within two edits: "Helseplatformen" →
 *    "helseplattformen", "legforeningen").  A word of the Norwegian
 *    lexicon (bokmål or nynorsk, lexicon.h) or a compound of its words of
 *    four letters or more (compound.h; "leg|foreningen" is a slip) is
 *    right as typed: "gjekk" stays "gjekk", never
 *    "sjekk"; "foreslo" never "foreslå".
 * searchd searches the corrected words (an unknown word matches nothing)
 * and shows the corrected query as the reply's suggestion.
 */
#ifndef KILDE_SD_SPELLING_H
#define KILDE_SD_SPELLING_H

#include "compound.h"
#include "kx.h"
#include "lexicon.h"
#include "querylex.h"
#include "querytree.h"

/* Sets the word leaves of t to their corrections (sdq_node.word) and
 * returns the query as searched, malloc'd, for the reply's suggestion; NULL
 * when every word is known or nothing better was found. */
char *sd_spelling_correct(kx_db *db, const kx_stem *stem, const klexicon *lexicon, sdq_tree *t);

#endif
