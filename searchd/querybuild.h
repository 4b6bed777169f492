/*
 * The Xapian query of a query tree (querytree.h), built once, term by term
 * (kx_query_*), with no query parser in between.  What each part becomes:
 *  - a word: its stem ("Z" + stem), as the indexer writes stemmed terms
 *    (a word not starting with a letter, "2024", as written: Xapian stems
 *    no other);
 *    words joined by punctuation ("IA-avtale", "covid-19") a phrase of
 *    their words as Xapian's term generator splits them; "hør*" the terms
 *    beginning so (the most frequent max_expansion);
 *  - a word with other forms (alternatives.h): one OP_SYNONYM of the word
 *    and its one-word forms — one posting list and one weight, so a word
 *    written three ways counts as one word, not three; forms of several
 *    words (phrases, a compound's parts) OR'ed beside it;
 *  - a "phrase": OP_PHRASE over its words as written, each word also any
 *    of the forms ctx->phrase_forms gives (the other written standard, the
 *    forms sharing its stem), OR'ed in its place (Xapian 1.4's OP_PHRASE
 *    takes an OR of terms, not an OP_SYNONYM);
 *  - tittel:, overskrift:, forfatter: as a word or phrase on the field's
 *    prefixes (tittel: on the title's and the heading's, either);
 *  - type: and år: filters, weight 0: "år:2019..2024" a value range on the
 *    year's slot; several values of one field any, of several fields all;
 *  - operands side by side: the default operator (OR, or AND for the
 *    all-words boost), +word required (AND), -word excluded (AND_NOT);
 *  - AND, OR, XOR, NOT (AND_NOT; alone, everything but), NEAR/n (OP_NEAR)
 *    and ADJ/n (OP_PHRASE) over the words as written, window n (10).
 */
#ifndef KILDE_SD_QUERYBUILD_H
#define KILDE_SD_QUERYBUILD_H

#include <stdbool.h>

#include "kx.h"
#include "sderror.h"
#include "querytree.h"
#include "schema.h"

#define SDQ_PREFIXES 2 /* tittel: searches two fields */

/* The term prefixes of the query's fields (querylex.h's sdq_fieldid). */
typedef struct sdq_field_prefixes {
    const char *prefix[SDQ_F_YEAR + 1][SDQ_PREFIXES]; /* NULL ends */
    int year_slot;                                   /* -1: no ranges */
} sdq_field_prefixes;

typedef struct sdq_build_ctx {
    const kx_stem *stem;
    const sdq_field_prefixes *fields;
    int default_op;        /* KX_OP_OR or KX_OP_AND */
    bool drop_stopwords;   /* leave out unsigned stop words side by side */
    unsigned max_expansion;
    /* The forms of a phrase's word besides itself: calls add(form, add_arg)
     * for each (may be NULL: the word only). */
    void (*phrase_forms)(void *arg, const char *word,
                         void (*add)(const char *form, void *add_arg), void *add_arg);
    void *phrase_forms_arg;
} sdq_build_ctx;

/* The prefixes of the schema's fields for the query's field names. */
void sdq_field_prefixes_init(sdq_field_prefixes *f, const kschema *schema);

/* The query of tree t into *out; *out NULL when nothing is left to search
 * (every word a dropped stop word).  Errors: SD_INTERNAL. */
int sdq_build(kx_query **out, const sdq_tree *t, const sdq_build_ctx *ctx, sd_error *err);

#endif
