#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alternatives.h"
#include "querybuild.h"
#include "querylex.h"
#include "querytree.h"
#include "searchd.h"
#include "snippet.h"
#include "spelling.h"

struct sd_query {
    kx_qparser *qp; /* for suggestions only (sd_query_partial) */
    sdq_field_prefixes fields;
    kx_db *db;
    const kx_stem *stem;
    const ksynonyms *synonyms; /* may be NULL */
};

static const char *prefix_of(const kschema *schema, const char *field, bool boolean)
{
    const kfield *f = kschema_field(schema, field);
    if (!f)
        return NULL;
    return boolean ? f->boolean_prefix : f->prefix;
}

/* The fields of docs/QUERY.md mapped onto the schema's prefixes; tittel:
 * searches the document's title and the section's heading both. */
static int add_fields(kx_qparser *qp, const kschema *schema, kx_error *err)
{
    const struct { const char *name, *schema_field; bool boolean; } map[] = {
        {"tittel", "title", false},  {"tittel", "heading", false},
        {"overskrift", "heading", false}, {"forfatter", "author", false},
        {"type", "type", true},      {"år", "year", true}};
    int year_slot = kschema_slot(schema, "year");
    /* the range first: "år:2019..2024" must not read as the term Y2019..2024 */
    if (year_slot >= 0 && kx_qparser_add_range(qp, (unsigned)year_slot, "år", 1, err))
        return -1;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        const char *prefix = prefix_of(schema, map[i].schema_field, map[i].boolean);
        if (!prefix)
            continue;
        int rc = map[i].boolean ? kx_qparser_add_boolean_prefix(qp, map[i].name, prefix, err)
                                : kx_qparser_add_prefix(qp, map[i].name, prefix, err);
        if (rc)
            return -1;
    }
    return 0;
}

int sd_query_new(sd_query **out, kx_db *db, const kx_stem *stem, const kschema *schema,
                 const ksynonyms *synonyms, kx_error *err)
{
    *out = NULL;
    sd_query *q = calloc(1, sizeof *q);
    if (!q) {
        err->code = KX_ERROR;
        snprintf(err->message, sizeof err->message, "out of memory");
        return -1;
    }
    q->db = db;
    q->stem = stem;
    q->synonyms = synonyms;
    if (kx_qparser_new(&q->qp, err) || add_fields(q->qp, schema, err)) {
        sd_query_free(q);
        return -1;
    }
    sdq_field_prefixes_init(&q->fields, schema);
    kx_qparser_set_stemmer(q->qp, stem, KX_STEM_SOME);
    kx_qparser_set_database(q->qp, db);
    kx_qparser_set_max_expansion(q->qp, SD_MAX_EXPANSION);
    *out = q;
    return 0;
}

void sd_query_set_synonyms(sd_query *q, const ksynonyms *synonyms)
{
    q->synonyms = synonyms;
}

void sd_query_free(sd_query *q)
{
    if (!q)
        return;
    kx_qparser_free(q->qp);
    free(q);
}

/* out = AND_MAYBE(base, boost × factor); frees boost. */
static int add_boost(kx_query **base, kx_query *boost, double factor, sd_error *err)
{
    kx_error x;
    kx_query *scaled = NULL, *both = NULL;
    if (kx_query_scale(&scaled, boost, factor, &x) == KX_OK) {
        kx_query *subs[2] = {*base, scaled};
        kx_query_combine(&both, KX_OP_AND_MAYBE, subs, 2, 0, &x);
    }
    kx_query_free(scaled);
    kx_query_free(boost);
    if (!both)
        return sd_fail(err, SD_INTERNAL, "building the query: %s", x.message);
    kx_query_free(*base);
    *base = both;
    return 0;
}

/* The words a snippet marks and proximity ranks by, read from the tokens,
 * a corrected word as corrected. */
typedef struct word_walk {
    const sdq_tree *tree;
    int (*fn)(const char *word, size_t tok, bool wild, void *arg);
    void *arg;
} word_walk;

static int as_searched(const char *word, size_t tok, bool wild, void *arg)
{
    word_walk *w = arg;
    const sdq_token *t = &w->tree->lx->tok[tok];
    for (size_t i = 0; i < w->tree->n; i++) {
        const sdq_node *n = &w->tree->node[i];
        if (n->kind == SDQ_N_WORD && n->tok == t && n->word)
            return w->fn(n->word, tok, wild, w->arg);
    }
    return w->fn(word, tok, wild, w->arg);
}

static int collect_near(const char *word, size_t tok, bool wild, void *arg)
{
    (void)tok;
    sd_query_words *w = arg;
    if (wild || sdq_is_stopword(word) || strlen(word) >= SD_MARK_BYTES)
        return 0;
    for (size_t i = 0; i < w->n_near; i++)
        if (strcmp(w->near[i], word) == 0)
            return 0;
    if (w->n_near == SD_NEAR_MAX) {
        w->n_near = 0; /* too many to rank by closeness */
        return 1;
    }
    strcpy(w->near[w->n_near++], word);
    return 0;
}

typedef struct marking {
    sd_marks *marks;
    const kx_stem *stem;
} marking;

static int add_mark(const char *word, size_t tok, bool wild, void *arg)
{
    (void)tok;
    marking *mk = arg;
    if (wild || !sdq_is_stopword(word))
        sd_marks_add(mk->marks, word, wild, mk->stem);
    return 0;
}

/* The words a search needs besides the query, from the tree's tokens (before
 * alternatives join runs of them). */
static void note_words(sd_query_words *w, const sdq_tree *t, const kx_stem *stem)
{
    marking mk = {&w->marks, stem};
    word_walk marks = {t, add_mark, &mk}, near = {t, collect_near, w};
    w->marks.n = w->n_near = 0;
    sdq_text_words(t->lx, as_searched, &marks);
    sdq_words(t->lx, as_searched, &near);
    for (size_t i = 0; i < w->n_near; i++) { /* stemmed once, not per hit */
        char *s = NULL;
        kx_error x;
        w->near_stem[i][0] = '\0';
        if (kx_stem_word(stem, &s, w->near[i], &x) == KX_OK && strlen(s) < SD_MARK_BYTES)
            strcpy(w->near_stem[i], s);
        free(s);
    }
}

/* The ranked query of the rewritten tree: its words OR'ed, stop words left
 * out unless they are all it has (Xapian is spared their long posting
 * lists; a phrase keeps its own), plus the same words AND'ed, boosted. */
static int build(kx_query **out, sd_query *q, const sdq_tree *t, sd_error *err)
{
    sd_alt_ctx alt = {q->db, q->stem, q->synonyms, klexicon_norwegian()};
    /* only in a plain query, so no operator loses its operand ("i OR og") */
    sdq_build_ctx ctx = {q->stem, &q->fields, KX_OP_OR, t->lx->plain, SD_MAX_EXPANSION,
                         sd_phrase_word_forms, &alt};
    int rc = sdq_build(out, t, &ctx, err);
    bool has_core = rc == 0 && *out;
    if (rc == 0 && !has_core) {
        ctx.drop_stopwords = false;
        rc = sdq_build(out, t, &ctx, err);
    }
    /* one token: AND and OR read the same, there is nothing to boost */
    kx_query *all = NULL;
    if (rc == 0 && has_core && t->lx->n > 1) {
        ctx.default_op = KX_OP_AND;
        ctx.drop_stopwords = t->lx->plain;
        rc = sdq_build(&all, t, &ctx, err);
        if (rc == 0 && all)
            rc = add_boost(out, all, SD_ALL_WORDS_BOOST, err);
    }
    if (rc == 0 && !*out) { /* nothing searchable ("%"): Xapian's empty query */
        kx_error x;
        if (kx_query_combine(out, KX_OP_OR, NULL, 0, 0, &x))
            rc = sd_fail(err, SD_INTERNAL, "%s", x.message);
    }
    if (rc) {
        kx_query_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Reads text into the tree, corrects and rewrites its words. */
static int read_query(sd_query *q, sdq_tree *t, sdq_lexed *lx, const char *text,
                      sd_query_words *words, char **fixed, sd_error *err)
{
    if (sdq_lex(lx, text, err) || sdq_tree_read(t, lx, err))
        return -1;
    /* a word the index lacks matches nothing: searching its correction
     * instead loses no hit (the reply's suggestion says what was meant) */
    if (!(words && words->as_typed))
        *fixed = sd_spelling_correct(q->db, q->stem, klexicon_norwegian(), t);
    if (words)
        note_words(words, t, q->stem);
    sd_alt_ctx alt = {q->db, q->stem, q->synonyms, klexicon_norwegian()};
    if (sd_alternatives(&alt, t, words ? &words->marks : NULL))
        return sd_fail_nomem(err);
    return 0;
}

int sd_query_build(kx_query **out, sd_query *q, const char *text, sd_query_words *words,
                   sd_error *err)
{
    *out = NULL;
    sdq_lexed *lx = malloc(sizeof *lx);
    sdq_tree *t = malloc(sizeof *t);
    char *fixed = NULL;
    int rc = lx && t ? 0 : sd_fail_nomem(err);
    if (t)
        t->n = 0;
    if (rc == 0)
        rc = read_query(q, t, lx, text, words, &fixed, err);
    if (rc == 0 && lx->n == 0) {
        /* The empty term matches every document, as Xapian's own parser uses
         * it for "NOT x".  Not kx_query_match_all: that copies the global
         * Xapian::Query::MatchAll, whose reference count is not atomic, so
         * two workers copying it at once corrupt it (seen as a crash). */
        kx_error x;
        if (kx_query_term(out, "", 1, 0, &x))
            rc = sd_fail(err, SD_INTERNAL, "%s", x.message);
    } else if (rc == 0) {
        rc = build(out, q, t, err);
    }
    if (t)
        sdq_tree_clear(t);
    free(t);
    free(lx);
    if (words && rc == 0) {
        words->corrected = fixed; /* the caller's now */
        fixed = NULL;
    }
    free(fixed);
    return rc;
}

int sd_query_partial(kx_query **out, sd_query *q, const char *text, const char *prefix,
                     sd_error *err)
{
    kx_error x;
    kx_qparser_set_default_op(q->qp, KX_OP_AND);
    if (kx_qparser_parse(out, q->qp, text, KX_QP_PARTIAL, prefix, &x) == KX_OK)
        return 0;
    return sd_fail(err, x.code == KX_EQUERY ? SD_BAD_QUERY : SD_INTERNAL, "%s", x.message);
}
