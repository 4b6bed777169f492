#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alternatives.h"
#include "querylex.h"
#include "searchd.h"
#include "snippet.h"
#include "spelling.h"

/* What a person may type: boolean operators, "phrases", -word/+word,
 * prefix*, and NOT at the start ("NOT type:annet" browses the rest). */
#define QP_FLAGS (KX_QP_BOOLEAN | KX_QP_PHRASE | KX_QP_LOVEHATE | KX_QP_WILDCARD | \
                  KX_QP_PURE_NOT)

struct sd_query {
    kx_qparser *qp;
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

static int parse(kx_query **out, sd_query *q, const char *text, int op, sd_error *err)
{
    kx_error x;
    kx_qparser_set_default_op(q->qp, op);
    if (kx_qparser_parse(out, q->qp, text, QP_FLAGS, "", &x) == KX_OK)
        return 0;
    if (x.code == KX_EQUERY)
        return sd_fail(err, SD_BAD_QUERY, "the query could not be read: %s", x.message);
    return sd_fail(err, SD_INTERNAL, "query parser: %s", x.message);
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

static int build(kx_query **out, sd_query *q, const sdq_lexed *lx, sd_marks *marks,
                 sd_error *err)
{
    sd_alt_ctx alt = {q->db, q->stem, q->synonyms, klexicon_norwegian()};
    char **groups = sd_alternatives(&alt, lx, marks);
    char *core = sdq_render(lx, true, groups);
    /* stop words count for nothing in ranking (a phrase keeps its own), unless
     * they are all the query has; Xapian is spared their long posting lists */
    char *full = core && *core ? strdup(core) : sdq_render(lx, false, groups);
    sd_alternatives_free(groups, lx->n);
    int rc = full && core ? 0 : sd_fail(err, SD_INTERNAL, "out of memory");
    if (rc == 0)
        rc = parse(out, q, full, KX_OP_OR, err);
    /* one token: AND and OR read the same, there is nothing to boost */
    kx_query *all = NULL;
    if (rc == 0 && lx->n > 1 && *core && parse(&all, q, core, KX_OP_AND, err) == 0)
        rc = add_boost(out, all, SD_ALL_WORDS_BOOST, err);
    free(full);
    free(core);
    if (rc) {
        kx_query_free(*out);
        *out = NULL;
    }
    return rc;
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

/* The words a search needs besides the query, from the lexed query. */
static void note_words(sd_query_words *w, const sdq_lexed *lx, const kx_stem *stem)
{
    marking mk = {&w->marks, stem};
    w->marks.n = w->n_near = 0;
    sdq_text_words(lx, add_mark, &mk);
    sdq_words(lx, collect_near, w);
    for (size_t i = 0; i < w->n_near; i++) { /* stemmed once, not per hit */
        char *s = NULL;
        kx_error x;
        w->near_stem[i][0] = '\0';
        if (kx_stem_word(stem, &s, w->near[i], &x) == KX_OK && strlen(s) < SD_MARK_BYTES)
            strcpy(w->near_stem[i], s);
        free(s);
    }
}

int sd_query_build(kx_query **out, sd_query *q, const char *text, sd_query_words *words,
                   sd_error *err)
{
    *out = NULL;
    sdq_lexed *lx = malloc(sizeof *lx);
    if (!lx)
        return sd_fail(err, SD_INTERNAL, "out of memory");
    int rc = sdq_lex(lx, text, err);
    /* an unknown word matches nothing: searching its correction instead
     * loses no hit (the reply's suggestion says what was meant) */
    bool correct = rc == 0 && !(words && words->as_typed);
    char *fixed = correct ? sd_spelling_corrected(q->db, q->stem, klexicon_norwegian(), lx) : NULL;
    if (fixed && sdq_lex(lx, fixed, err) != 0)
        rc = sdq_lex(lx, text, err); /* cannot happen: rendered text lexes */
    if (rc == 0 && lx->n == 0) {
        /* The empty term matches every document, as Xapian's own parser uses
         * it for "NOT x".  Not kx_query_match_all: that copies the global
         * Xapian::Query::MatchAll, whose reference count is not atomic, so
         * two workers copying it at once corrupt it (seen as a crash). */
        kx_error x;
        if (kx_query_term(out, "", 1, 0, &x))
            rc = sd_fail(err, SD_INTERNAL, "%s", x.message);
    } else if (rc == 0) {
        if (words)
            note_words(words, lx, q->stem);
        rc = build(out, q, lx, words ? &words->marks : NULL, err);
    }
    if (rc == 0 && words && lx->n == 0)
        note_words(words, lx, q->stem);
    free(lx);
    if (words && rc == 0) {
        words->corrected = fixed; /* the caller's now, and lx is done with it */
        fixed = NULL;
    }
    free(fixed); /* after lx: its tokens point into it */
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
