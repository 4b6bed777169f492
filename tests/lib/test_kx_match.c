/*
 * Tests for kx's fast matching (kx.h, "matching fast"): a required term
 * finds the very documents an OP_FILTER on it finds, in the same order and
 * with the same weights, over one database and over two; a hit's data
 * without its values; a term looked up in many documents at once.  The
 * documents are the paragraphs of the seed texts (tests/data/seeds/), each
 * a "section" or, every fourth, a "position", as the indexer's units are.
 */
#include "kx.h"
#include "testhelp.h"
#include "tmpdir.h"

#include <dirent.h>
#include <stdlib.h>

#define SEEDS "tests/data/seeds"
#define KIND_SLOT 5

static unsigned indexed; /* paragraphs indexed, over both halves */

static void add_paragraph(kx_db *db, kx_termgen *tg, const char *text, size_t len, unsigned n)
{
    kx_doc *doc = NULL;
    const char *kind = n % 4 == 3 ? "position" : "section";
    char term[32];
    CHECK_INT(kx_doc_new(&doc, NULL), KX_OK);
    kx_termgen_set_document(tg, doc);
    CHECK_INT(kx_termgen_index_text(tg, text, len, 1, "", NULL), KX_OK);
    snprintf(term, sizeof term, "XK%s", kind);
    CHECK_INT(kx_doc_add_boolean_term(doc, term, NULL), KX_OK);
    CHECK_INT(kx_doc_set_value(doc, KIND_SLOT, kind, strlen(kind), NULL), KX_OK);
    CHECK_INT(kx_doc_set_data(doc, text, len, NULL), KX_OK);
    CHECK_INT(kx_db_add_document(db, NULL, doc, NULL), KX_OK);
    kx_doc_free(doc);
    indexed++;
}

/* Every paragraph (blank-line separated) of the seed texts, alternately
 * into the databases "half-a" and "half-b", and all of them into "whole". */
static void index_seeds(void)
{
    kx_db *whole = NULL, *half[2] = {NULL, NULL};
    kx_stem *no = NULL;
    kx_termgen *tg = NULL;
    CHECK_INT(kx_db_open(&whole, at("whole"), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    CHECK_INT(kx_db_open(&half[0], at("half-a"), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    CHECK_INT(kx_db_open(&half[1], at("half-b"), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    CHECK_INT(kx_stem_new(&no, "norwegian", NULL), KX_OK);
    CHECK_INT(kx_termgen_new(&tg, no, NULL), KX_OK);
    DIR *d = opendir(SEEDS);
    struct dirent *e;
    unsigned n = 0;
    while (d && (e = readdir(d))) {
        char path[512], *text = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", SEEDS, e->d_name);
        FILE *f = e->d_name[0] == '.' ? NULL : fopen(path, "r");
        if (!f || getdelim(&text, &len, '\0', f) < 0) {
            if (f)
                fclose(f);
            free(text);
            continue;
        }
        fclose(f);
        for (char *p = text, *end; *p; p = end) {
            end = strstr(p, "\n\n");
            end = end ? end + 2 : p + strlen(p);
            if (end - p < 40) /* headings alone and blank runs */
                continue;
            add_paragraph(whole, tg, p, (size_t)(end - p), n);
            add_paragraph(half[n % 2], tg, p, (size_t)(end - p), n);
            n++;
        }
        free(text);
    }
    if (d)
        closedir(d);
    indexed /= 2;
    CHECK(indexed > 200); /* the seeds hold hundreds of paragraphs */
    for (int i = 0; i < 2; i++) {
        CHECK_INT(kx_db_commit(half[i], NULL), KX_OK);
        kx_db_close(half[i]);
    }
    CHECK_INT(kx_db_commit(whole, NULL), KX_OK);
    kx_db_close(whole);
    kx_termgen_free(tg);
    kx_stem_free(no);
}

/* The hits of `text` as "docid:weight|…", the count first when exact; filtered on the
 * kind term either way: as an OP_FILTER query, or kx_enquire_require_term. */
static void hits(char *out, size_t cap, kx_db *db, const char *text, const char *kind,
                 int required, unsigned check)
{
    kx_stem *no = NULL;
    kx_qparser *qp = NULL;
    kx_query *q = NULL, *term = NULL, *filtered = NULL;
    kx_enquire *enq = NULL;
    kx_mset *m = NULL;
    kx_error err;
    kx_stem_new(&no, "norwegian", NULL);
    kx_qparser_new(&qp, NULL);
    kx_qparser_set_stemmer(qp, no, KX_STEM_SOME);
    CHECK_INT(kx_qparser_parse(&q, qp, text, KX_QP_DEFAULT | KX_QP_PURE_NOT, NULL, &err), KX_OK);
    kx_query_term(&term, kind, 1, 0, NULL);
    kx_query *both[2] = {q, term};
    kx_query_combine(&filtered, KX_OP_FILTER, both, 2, 0, NULL);
    kx_enquire_new(&enq, db, NULL);
    kx_enquire_set_query(enq, required ? q : filtered, NULL);
    if (required)
        CHECK_INT(kx_enquire_require_term(enq, kind, &err), KX_OK);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 20, check, &err), KX_OK);
    /* the count is exact while check_at_least covers every match; past
     * that it is an estimate, which the decider's share scales */
    size_t at_ = check >= indexed ? (size_t)snprintf(out, cap, "%u:", kx_mset_estimated(m)) : 0;
    out[at_] = '\0';
    for (unsigned i = 0; i < kx_mset_size(m) && at_ < cap; i++)
        at_ += (size_t)snprintf(out + at_, cap - at_, "%u:%.9g|", kx_mset_docid(m, i),
                                kx_mset_weight(m, i));
    kx_mset_free(m);
    kx_enquire_free(enq);
    kx_query_free(filtered);
    kx_query_free(term);
    kx_query_free(q);
    kx_qparser_free(qp);
    kx_stem_free(no);
}

static const char *const queries[] = {
    "legeforeningen", "høringer", "sykehus økonomi", "leger i spesialisering",
    "\"leger i spesialisering\"", "fastlegeordningen", "medlemmer Tidsskriftet", "NOT streik",
    NULL};

static void check_alike(kx_db *db, const char *kind, unsigned check)
{
    static char plain[16384], fast[16384];
    for (size_t i = 0; queries[i]; i++) {
        hits(plain, sizeof plain, db, queries[i], kind, 0, check);
        hits(fast, sizeof fast, db, queries[i], kind, 1, check);
        CHECK_STR(fast, plain);
    }
}

TEST(test_required_term)
{
    kx_db *db = NULL, *two = NULL;
    const char *halves[2] = {at("half-a"), at("half-b")};
    CHECK_INT(kx_db_open(&db, at("whole"), KX_DB_READONLY, NULL), KX_OK);
    /* sections are three in four: checked on the best candidates only;
     * a check_at_least past every match keeps the count exact */
    check_alike(db, "XKsection", 20);
    check_alike(db, "XKsection", 100000);
    /* positions are one in four: an OP_FILTER inside either way */
    check_alike(db, "XKposition", 20);
    /* a term no document holds, and an unknown one */
    char out[256];
    hits(out, sizeof out, db, "legeforeningen", "XKnone", 1, 100000);
    CHECK_STR(out, "0:");
    /* the sections found are the ones the filter finds: none a position */
    hits(out, sizeof out, db, "legeforeningen", "XKsection", 1, 100000);
    CHECK(strtoul(out, NULL, 10) > 10);
    kx_db_close(db);
    /* two databases: shard by shard, as one */
    CHECK_INT(kx_db_open_many(&two, halves, 2, NULL), KX_OK);
    check_alike(two, "XKsection", 20);
    check_alike(two, "XKposition", 20);
    kx_db_close(two);
}

TEST(test_mset_data_and_terms_in_docs)
{
    kx_db *db = NULL;
    kx_query *q = NULL;
    kx_enquire *enq = NULL;
    kx_mset *m = NULL;
    kx_error err;
    CHECK_INT(kx_db_open(&db, at("whole"), KX_DB_READONLY, NULL), KX_OK);
    CHECK_INT(kx_query_term(&q, "legeforeningen", 1, 0, NULL), KX_OK);
    kx_enquire_new(&enq, db, NULL);
    kx_enquire_set_query(enq, q, NULL);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 30, 30, NULL), KX_OK);
    unsigned n = kx_mset_size(m), docids[30];
    CHECK(n >= 10);
    for (unsigned i = 0; i < n; i++) {
        kx_doc *doc = NULL;
        char *data = NULL;
        size_t len = 0, doc_len = 0;
        docids[i] = kx_mset_docid(m, i);
        CHECK_INT(kx_mset_data(m, i, &data, &len, NULL), KX_OK);
        CHECK_INT(kx_mset_document(&doc, m, i, NULL), KX_OK);
        const char *whole = kx_doc_data(doc, &doc_len);
        CHECK(data && len == doc_len && memcmp(data, whole, len) == 0);
        CHECK(data && strcasestr(data, "legeforeningen"));
        free(data);
        kx_doc_free(doc);
    }
    char *none = (char *)1;
    size_t none_len = 1;
    CHECK_INT(kx_mset_data(m, n, &none, &none_len, &err), KX_EINVAL);
    CHECK(none == NULL && none_len == 0);
    CHECK_CONTAINS(err.message, "out of range");
    /* one pass answers as a lookup per document, docids in any order */
    int has[30], one = -1;
    const char *terms[] = {"XKposition", "XKsection", "høringer", "legeforeningen", "nosuchterm"};
    for (size_t t = 0; t < sizeof terms / sizeof *terms; t++) {
        CHECK_INT(kx_db_term_in_docs(db, terms[t], docids, n, has, NULL), KX_OK);
        for (unsigned i = 0; i < n; i++) {
            CHECK_INT(kx_db_has_term(db, docids[i], terms[t], &one, NULL), KX_OK);
            CHECK_INT(has[i], one);
        }
    }
    CHECK_INT(kx_db_term_in_docs(db, "legeforeningen", docids, 0, NULL, NULL), KX_OK);
    kx_mset_free(m);
    kx_enquire_free(enq);
    kx_query_free(q);
    kx_db_close(db);
}

int main(void)
{
    if (tmpdir_make("/tmp/kx-match-test.XXXXXX") < 0)
        return 1;
    index_seeds();
    RUN(test_required_term);
    RUN(test_mset_data_and_terms_in_docs);
    tmpdir_remove();
    return TEST_REPORT();
}
