/*
 * Other ways a query's words are written in the texts, searched together
 * with the words as typed — "(words OR alternative OR "two words")" in
 * place of them:
 *  - abbreviations and synonyms from schemas/synonyms.conf ("Nmf",
 *    "Norsk medisinstudentforening"), the longest run of words first;
 *  - numbers: "5 204" and "5.204" are also "5204" (the indexer adds that
 *    term for every number written with group separators);
 *  - dates: "23.04.2024" is also "23. april", as texts write it, and
 *    "utgangen av 2024" also "31.12.2024";
 *  - bokmål and nynorsk: a word's form in the other standard ("hele" ↔
 *    "heile", "vanlig" ↔ "vanleg", "hva" ↔ "kva"), by the regular
 *    correspondences, when the index holds that form;
 *  - compounds: "sykehusøkonomi" is also "(sykehus AND økonomi)";
 *  - hyphenated words: "IA-avtale" is also "iaavtale", as indexed.
 * Only in plain queries (no operators, no brackets), so a group never
 * changes what an operator applies to.
 */
#ifndef KILDE_SD_ALTERNATIVES_H
#define KILDE_SD_ALTERNATIVES_H

#include "kx.h"
#include "lexicon.h"
#include "querylex.h"
#include "snippet.h"
#include "synonyms.h"

typedef struct sd_alt_ctx {
    kx_db *db;                 /* whose terms decide which forms exist */
    const kx_stem *stem;
    const ksynonyms *synonyms; /* may be NULL */
    const klexicon *lexicon;   /* for compounds; may be NULL */
} sd_alt_ctx;

/* Per token of lx, the text to put in its place (sdq_render's `replace`),
 * "" for a token a group before it took in; NULL when no word has another
 * form.  The alternatives' words are added to marks (may be NULL). */
char **sd_alternatives(const sd_alt_ctx *ctx, const sdq_lexed *lx, sd_marks *marks);
void sd_alternatives_free(char **replace, size_t n);

#endif
