/*
 * Other ways a query's words are written in the texts, searched together
 * with the words as typed: forms added to the word leaves of the query's
 * tree (querytree.h), which querybuild.h makes one OP_SYNONYM of:
 *  - abbreviations and synonyms from schemas/synonyms.conf ("Nmf",
 *    "Norsk medisinstudentforening"), the longest run of words first;
 *  - numbers: "5 204" and "5.204" are also "5204" (the indexer adds that
 *    term for every number written with group separators);
 *  - dates: "23.04.2024" is also "23. april", as texts write it, and
 *    "utgangen av 2024" also "31.12.2024";
 *  - bokmål and nynorsk: a word's form in the other standard ("hele" ↔
 *    "heile", "vanlig" ↔ "vanleg", "hva" ↔ "kva"), by the regular
 *    correspondences, when the index holds that form;
 *  - compounds: "sykehusøkonomi" is also sykehus and økonomi, both;
 *  - hyphenated words: "IA-avtale" is also "iaavtale", as indexed.
 * Only in plain queries (no operators, no brackets), so a group never
 * changes what an operator applies to.  A run of words with another form
 * ("norsk medisinstudentforening" = "nmf") becomes one leaf, searched as
 * its phrase or its forms.
 *
 * A phrase's words (sd_phrase_word_forms) take the other written
 * standard's forms and the words the index holds with the same stem, so
 * "utdanninger over hele landet" finds "utdanningar over heile landet".
 */
#ifndef KILDE_SD_ALTERNATIVES_H
#define KILDE_SD_ALTERNATIVES_H

#include "kx.h"
#include "lexicon.h"
#include "querylex.h"
#include "querytree.h"
#include "snippet.h"
#include "synonyms.h"

typedef struct sd_alt_ctx {
    kx_db *db;                 /* whose terms decide which forms exist */
    const kx_stem *stem;
    const ksynonyms *synonyms; /* may be NULL */
    const klexicon *lexicon;   /* for compounds; may be NULL */
} sd_alt_ctx;

/* Adds their other forms to the word leaves of t, a plain query's tree
 * (others are left alone); the alternatives' words are added to marks (may
 * be NULL).  0, or -1 when memory runs out. */
int sd_alternatives(const sd_alt_ctx *ctx, sdq_tree *t, sd_marks *marks);

/* For a phrase's word: calls add(form, add_arg) for each form of it the
 * index holds besides itself (the other standard's, the same stem's);
 * arg is a const sd_alt_ctx *.  The one place phrase words get their
 * forms (sdq_build_ctx.phrase_forms). */
void sd_phrase_word_forms(void *arg, const char *word, void (*add)(const char *form, void *),
                          void *add_arg);

/* The plain query of t with each leaf that has forms written as the group
 * "(words OR form OR \"two words\" OR (part AND part))", malloc'd: what
 * the tree searches, for tests and logs. */
char *sd_alternatives_rendered(const sdq_tree *t);

#endif
