/*
 * suggest: completions for a search box.  The last word typed is completed
 * from the index's own vocabulary (its unprefixed terms, which are the
 * words as written, lower-cased), the most frequent first.  Titles come
 * along: documents whose title starts the same way (one entry each), then
 * sections whose heading does.
 */
#include <stdlib.h>
#include <string.h>

#include "criteria.h"
#include "ops.h"
#include "unit.h"
#include "utf8.h"

#define PREFIX_MAX 200
#define WORD_MAX 64
#define LIMIT_MAX 50
#define SCAN_MAX 50000  /* vocabulary terms looked at: bounds the time for "a" */
#define TITLES_MAX 5

typedef struct completion {
    char word[WORD_MAX * 2];
    unsigned freq;
} completion;

typedef struct top {
    completion *c;
    size_t n, cap, scanned;
} top;

/* Keeps the cap most frequent words seen. */
static int keep_top(const char *term, unsigned freq, void *arg)
{
    top *t = arg;
    if (++t->scanned > SCAN_MAX)
        return 1;
    if (strlen(term) >= sizeof t->c[0].word)
        return 0;
    size_t slot = t->n;
    if (t->n == t->cap) {
        slot = 0;
        for (size_t i = 1; i < t->n; i++)
            if (t->c[i].freq < t->c[slot].freq)
                slot = i;
        if (t->c[slot].freq >= freq)
            return 0;
    } else {
        t->n++;
    }
    strcpy(t->c[slot].word, term);
    t->c[slot].freq = freq;
    return 0;
}

static int by_freq(const void *a, const void *b)
{
    const completion *x = a, *y = b;
    if (x->freq != y->freq)
        return x->freq < y->freq ? 1 : -1;
    return strcmp(x->word, y->word);
}

static int add_completions(sd_ctx *ctx, const char *prefix, long limit, json_t *reply,
                           sd_error *err)
{
    json_t *list = json_array();
    json_object_set_new(reply, "completions", list);
    const char *space = strrchr(prefix, ' ');
    const char *last = space ? space + 1 : prefix;
    if (!*last || strlen(last) > WORD_MAX)
        return 0;
    char *low = utf8_casefold(last);
    top t = {.c = calloc((size_t)limit + 1, sizeof(completion)), .cap = (size_t)limit};
    kx_error x;
    int rc = low && t.c ? 0 : sd_fail_nomem(err);
    if (rc == 0 && kx_db_allterms(ctx->db, low, keep_top, &t, &x))
        rc = sd_fail_kx(ctx, err, &x, "vocabulary");
    if (t.c) /* NULL when memory ran out: qsort may not be handed it */
        qsort(t.c, t.n, sizeof *t.c, by_freq);
    for (size_t i = 0; rc == 0 && i < t.n; i++) {
        size_t head = (size_t)(last - prefix);
        char *full = malloc(head + strlen(t.c[i].word) + 1);
        if (full) {
            memcpy(full, prefix, head);
            strcpy(full + head, t.c[i].word);
        }
        json_array_append_new(list, json_pack("{s:o, s:s, s:I}", "text",
                                              full ? json_string(full) : json_null(), "word",
                                              t.c[i].word, "count", (json_int_t)t.c[i].freq));
        free(full);
    }
    free(t.c);
    free(low);
    return rc;
}

typedef struct titles {
    json_t *list;
    bool documents; /* document titles (one entry per document), else headings */
} titles;

static int add_title(sd_ctx *ctx, const kx_mset *mset, unsigned i, titles *t, sd_error *err)
{
    kx_doc *doc = NULL;
    kx_error x;
    if (kx_mset_document(&doc, mset, i, &x))
        return sd_fail_kx(ctx, err, &x, "titles");
    json_t *unit = sd_unit_json(doc, err);
    kx_doc_free(doc);
    if (!unit)
        return -1;
    json_t *entry = t->documents
        ? json_pack("{s:s, s:O?, s:O?, s:O?}", "kind", "document", "title",
                    json_object_get(unit, "doc_title"), "doc_id", json_object_get(unit, "doc_id"),
                    "id", json_object_get(unit, "id"))
        : json_pack("{s:s, s:O?, s:O?, s:O?}", "kind", "section", "title",
                    json_object_get(unit, "title"), "doc_title",
                    json_object_get(unit, "doc_title"), "id", json_object_get(unit, "id"));
    json_array_append_new(t->list, entry);
    json_decref(unit);
    return 0;
}

/* *q FILTER kind section: a position bears its section's heading, and
 * would name it a second time. */
static int sections_only(sd_ctx *ctx, kx_query **q, sd_error *err)
{
    sd_filters f = {.n = 0};
    kx_query *filtered = NULL;
    int rc = sd_filter_kind(ctx, &f, KUNIT_KIND_SECTION, err);
    if (rc == 0)
        rc = sd_filtered(&filtered, *q, &f, err);
    sd_filters_free(&f);
    if (rc == 0) {
        kx_query_free(*q);
        *q = filtered;
    }
    return rc;
}

/* Titles or headings whose words start as the text does (the last word a
 * prefix), best first, until the list holds TITLES_MAX. */
static int add_titles(sd_ctx *ctx, const char *prefix, const char *field, titles *t,
                      sd_error *err)
{
    const kfield *f = kschema_field(ctx->schema, field);
    size_t room = TITLES_MAX - json_array_size(t->list);
    kx_query *q = NULL;
    kx_enquire *enq = NULL;
    kx_mset *mset = NULL;
    kx_error x;
    if (!f || room == 0)
        return 0;
    if (sd_query_partial(&q, ctx->query, prefix, f->prefix, err))
        return err->code == SD_BAD_QUERY ? 0 : -1; /* half-typed text: no titles yet */
    int rc = sections_only(ctx, &q, err);
    if (rc == 0 && (kx_enquire_new(&enq, ctx->db, &x) || kx_enquire_set_query(enq, q, &x)))
        rc = sd_fail_kx(ctx, err, &x, "titles");
    if (rc == 0) {
        if (t->documents)
            kx_enquire_set_collapse(enq, (unsigned)ctx->slot.doc, 1);
        kx_enquire_set_time_limit(enq, ctx->cfg->query_timeout);
        if (kx_enquire_mset(&mset, enq, 0, (unsigned)room, 0, &x))
            rc = sd_fail_kx(ctx, err, &x, "titles");
    }
    for (unsigned i = 0; rc == 0 && i < kx_mset_size(mset); i++)
        rc = add_title(ctx, mset, i, t, err);
    kx_mset_free(mset);
    kx_enquire_free(enq);
    kx_query_free(q);
    return rc;
}

int op_suggest(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    static const char *const fields[] = {"prefix", "limit", NULL};
    const char *prefix = NULL;
    long limit = 10;
    if (sd_check_fields(req, fields, "suggest", err) ||
        sd_get_string(req, "prefix", PREFIX_MAX, &prefix, err) ||
        sd_get_int(req, "limit", 1, LIMIT_MAX, &limit, err))
        return -1;
    if (!prefix || !*prefix)
        return sd_fail(err, SD_BAD_REQUEST, "suggest needs 'prefix': the text typed so far, "
                       "as \"legeforeningens hør\"");
    if (add_completions(ctx, prefix, limit, reply, err))
        return -1;
    titles docs = {.list = json_array(), .documents = true};
    json_object_set_new(reply, "titles", docs.list);
    titles sections = {.list = docs.list, .documents = false};
    return add_titles(ctx, prefix, "title", &docs, err) ||
                   add_titles(ctx, prefix, "heading", &sections, err)
               ? -1
               : 0;
}
