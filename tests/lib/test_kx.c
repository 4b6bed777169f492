/*
 * Unit tests for lib/kx.cc, the C binding over Xapian: error codes first,
 * then indexing and searching real (Norwegian) text, spelling, synonyms,
 * metadata, transactions, shards, stub files and a remote xapian-tcpsrv.
 * Every database lives in a fresh mkdtemp() directory that is removed at
 * the end.
 */
#include "kx.h"
#include "testhelp.h"
#include "tmpdir.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Collects callback results as "a|b|c|". */
typedef struct { char s[4096]; int n; } list;

static void list_add(list *l, const char *item)
{
    size_t len = strlen(l->s);
    snprintf(l->s + len, sizeof l->s - len, "%s|", item);
    l->n++;
}
static int collect_str(const char *s, void *arg) { list_add(arg, s); return 0; }
static int collect_term(const char *t, unsigned n, void *arg)
{
    char b[256];
    snprintf(b, sizeof b, "%s=%u", t, n);
    list_add(arg, b);
    return 0;
}
static int collect_docid(unsigned id, void *arg)
{
    char b[32];
    snprintf(b, sizeof b, "%u", id);
    list_add(arg, b);
    return 0;
}
static int collect_value(const char *v, size_t len, unsigned count, void *arg)
{
    char b[256];
    snprintf(b, sizeof b, "%.*s=%u", (int)len, v, count);
    list_add(arg, b);
    return 0;
}
static int stop_at_first(const char *s, void *arg) { list_add(arg, s); return 1; }

/* ---- fixtures ----------------------------------------------------------- */

enum { SLOT_YEAR = 1, SLOT_TITLE = 2, SLOT_SOURCE = 3 };

/* Indexes one document the way an application would: free text twice
 * (unprefixed and as tittel "S"), a boolean source filter, three values. */
static void add_article(kx_db *db, kx_termgen *tg, const char *id, const char *title,
                        const char *kilde, int year, const char *body)
{
    kx_doc *doc = NULL;
    char term[128], year_buf[18];
    CHECK_INT(kx_doc_new(&doc, NULL), KX_OK);
    kx_termgen_set_document(tg, doc);
    kx_termgen_set_termpos(tg, 0);
    CHECK_INT(kx_termgen_index_text(tg, title, strlen(title), 1, "", NULL), KX_OK);
    kx_termgen_increase_termpos(tg, 100);
    CHECK_INT(kx_termgen_index_text(tg, body, strlen(body), 1, "", NULL), KX_OK);
    kx_termgen_increase_termpos(tg, 100);
    CHECK_INT(kx_termgen_index_text(tg, title, strlen(title), 1, "S", NULL), KX_OK);
    snprintf(term, sizeof term, "XK%s", kilde);
    CHECK_INT(kx_doc_add_boolean_term(doc, term, NULL), KX_OK);
    snprintf(term, sizeof term, "Q%s", id);
    CHECK_INT(kx_doc_add_boolean_term(doc, term, NULL), KX_OK);
    size_t n = kx_sortable_serialise(year, year_buf);
    CHECK_INT(kx_doc_set_value(doc, SLOT_YEAR, year_buf, n, NULL), KX_OK);
    CHECK_INT(kx_doc_set_value(doc, SLOT_TITLE, title, strlen(title), NULL), KX_OK);
    CHECK_INT(kx_doc_set_value(doc, SLOT_SOURCE, kilde, strlen(kilde), NULL), KX_OK);
    CHECK_INT(kx_doc_set_data(doc, title, strlen(title), NULL), KX_OK);
    CHECK_INT(kx_db_replace_document(db, term, doc, NULL), KX_OK);
    kx_doc_free(doc);
}

static const char *T1 = "Legeforeningen behandlet 92 høringer";

/* Creates the search corpus at root/name and returns it closed. */
static void make_corpus(const char *name)
{
    kx_db *db = NULL;
    kx_stem *no = NULL;
    kx_termgen *tg = NULL;
    CHECK_INT(kx_db_open(&db, at(name), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    CHECK_INT(kx_stem_new(&no, "norwegian", NULL), KX_OK);
    CHECK_INT(kx_termgen_new(&tg, no, NULL), KX_OK);
    kx_termgen_set_flags(tg, KX_TG_SPELLING);
    kx_termgen_set_database(tg, db);
    add_article(db, tg, "a1", T1, "legeforeningen", 2021,
                "Foreningen skrev om sykehusøkonomi og fastlegeordningen.");
    add_article(db, tg, "a2", "Sykepleierforbundet svarte på høringen", "nsf", 2019,
                "Svaret handlet om sykehusøkonomi.");
    add_article(db, tg, "a3", "Legeforeningen om turnus", "legeforeningen", 2015,
                "LIS1 og turnusordningen for unge leger.");
    add_article(db, tg, "a4", "Helsedirektoratet publiserte retningslinjer", "hdir", 2020,
                "Nye nasjonale retningslinjer.");
    CHECK_INT(kx_db_commit(db, NULL), KX_OK);
    kx_termgen_free(tg);
    kx_stem_free(no);
    kx_db_close(db);
}

/* Parses `text` against db with the corpus's prefixes and Norwegian stemming
 * and returns the matching docids' Q-terms, e.g. "a1|a3|". */
static kx_qparser *corpus_parser(kx_db *db, kx_stem *stem)
{
    kx_qparser *qp = NULL;
    CHECK_INT(kx_qparser_new(&qp, NULL), KX_OK);
    kx_qparser_set_stemmer(qp, stem, KX_STEM_SOME);
    kx_qparser_set_database(qp, db);
    CHECK_INT(kx_qparser_add_prefix(qp, "tittel", "S", NULL), KX_OK);
    CHECK_INT(kx_qparser_add_boolean_prefix(qp, "kilde", "XK", NULL), KX_OK);
    CHECK_INT(kx_qparser_add_range(qp, SLOT_YEAR, "år", 1, NULL), KX_OK);
    return qp;
}

/* The data (titles) of the hits in order, "title|title|". */
static void hits(list *out, kx_mset *m)
{
    memset(out, 0, sizeof *out);
    for (unsigned i = 0; i < kx_mset_size(m); i++) {
        kx_doc *d = NULL;
        size_t len;
        if (kx_mset_document(&d, m, i, NULL) != KX_OK) {
            list_add(out, "(error)");
            continue;
        }
        const char *data = kx_doc_data(d, &len);
        char b[256];
        snprintf(b, sizeof b, "%.*s", (int)len, data);
        list_add(out, b);
        kx_doc_free(d);
    }
}

/* Runs `text` through a corpus parser and returns the hit titles. */
static int search(list *out, kx_db *db, const char *text, int flags)
{
    kx_stem *no = NULL;
    kx_query *q = NULL;
    kx_enquire *enq = NULL;
    kx_mset *m = NULL;
    kx_error err;
    kx_stem_new(&no, "norwegian", NULL);
    kx_qparser *qp = corpus_parser(db, no);
    int rc = kx_qparser_parse(&q, qp, text, flags, NULL, &err);
    if (rc == KX_OK && (rc = kx_enquire_new(&enq, db, &err)) == KX_OK &&
        (rc = kx_enquire_set_query(enq, q, &err)) == KX_OK &&
        (rc = kx_enquire_mset(&m, enq, 0, 10, 10, &err)) == KX_OK)
        hits(out, m);
    if (rc != KX_OK)
        fprintf(stderr, "search %s: %s\n", text, err.message);
    kx_mset_free(m);
    kx_enquire_free(enq);
    kx_query_free(q);
    kx_qparser_free(qp);
    kx_stem_free(no);
    return rc;
}

/* ---- failure paths ------------------------------------------------------ */

TEST(test_strerror)
{
    for (int code = KX_OK; code >= KX_EINVAL; code--) {
        const char *s = kx_strerror(code);
        CHECK(s != NULL && s[0] != '\0');
    }
    CHECK(kx_strerror(12345)[0] != '\0');
    CHECK_CONTAINS(kx_strerror(KX_ELOCKED), "lock");
}

TEST(test_open_missing)
{
    kx_db *db = (kx_db *)1;
    kx_error err;
    const char *missing = at("no-such-db");
    CHECK_INT(kx_db_open(&db, missing, KX_DB_READONLY, &err), KX_ENOTFOUND);
    CHECK_INT(err.code, KX_ENOTFOUND);
    CHECK(db == NULL);
    CHECK_CONTAINS(err.message, missing);
    CHECK_CONTAINS(err.message, "DatabaseNotFoundError");
    CHECK_INT(kx_db_open(&db, missing, KX_DB_OPEN, &err), KX_ENOTFOUND);
    CHECK_CONTAINS(err.message, missing);
    /* err may be NULL; the code still comes back. */
    CHECK_INT(kx_db_open(&db, missing, KX_DB_READONLY, NULL), KX_ENOTFOUND);
    /* An empty directory is not a database either. */
    CHECK_INT(mkdir(at("empty"), 0700), 0);
    CHECK_INT(kx_db_open(&db, at("empty"), KX_DB_READONLY, &err), KX_ENOTFOUND);
    CHECK_CONTAINS(err.message, at("empty"));
    CHECK_INT(kx_db_open(&db, at("x"), 99, &err), KX_EINVAL);
    CHECK_INT(kx_db_open(&db, NULL, KX_DB_READONLY, &err), KX_EINVAL);
    /* Destructors accept NULL. */
    kx_db_close(NULL); kx_doc_free(NULL); kx_stem_free(NULL); kx_termgen_free(NULL);
    kx_query_free(NULL); kx_qparser_free(NULL); kx_enquire_free(NULL);
    kx_mset_free(NULL); kx_spy_free(NULL);
}

TEST(test_two_writers)
{
    kx_db *a = NULL, *b = (kx_db *)1;
    kx_error err;
    CHECK_INT(kx_db_open(&a, at("locked"), KX_DB_CREATE_OR_OPEN, &err), KX_OK);
    CHECK_INT(err.code, KX_OK);
    CHECK_INT(kx_db_open(&b, at("locked"), KX_DB_CREATE_OR_OPEN, &err), KX_ELOCKED);
    CHECK(b == NULL);
    CHECK_CONTAINS(err.message, "lock");
    CHECK_INT(kx_db_open(&b, at("locked"), KX_DB_OPEN, &err), KX_ELOCKED);
    /* Readers are never locked out. */
    CHECK_INT(kx_db_open(&b, at("locked"), KX_DB_READONLY, &err), KX_OK);
    kx_db_close(b);
    kx_db_close(a);
    /* Closing releases the lock. */
    CHECK_INT(kx_db_open(&b, at("locked"), KX_DB_OPEN, &err), KX_OK);
    kx_db_close(b);
}

TEST(test_readonly_writes)
{
    kx_db *w = NULL, *r = NULL;
    kx_doc *doc = NULL;
    kx_error err;
    CHECK_INT(kx_db_open(&w, at("ro"), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    CHECK_INT(kx_db_commit(w, NULL), KX_OK);
    CHECK_INT(kx_db_is_writable(w), 1);
    kx_db_close(w);
    CHECK_INT(kx_db_open(&r, at("ro"), KX_DB_READONLY, NULL), KX_OK);
    CHECK_INT(kx_db_is_writable(r), 0);
    CHECK_INT(kx_db_is_writable(NULL), 0);
    kx_doc_new(&doc, NULL);
    unsigned id = 7;
    CHECK_INT(kx_db_add_document(r, &id, doc, &err), KX_EREADONLY);
    CHECK_INT(id, 0);
    CHECK_CONTAINS(err.message, "read-only");
    CHECK_CONTAINS(err.message, "kx_db_add_document");
    CHECK_INT(kx_db_replace_document(r, "Qx", doc, &err), KX_EREADONLY);
    CHECK_INT(kx_db_delete_documents(r, "Qx", &err), KX_EREADONLY);
    CHECK_INT(kx_db_set_metadata(r, "k", "v", &err), KX_EREADONLY);
    CHECK_INT(kx_db_add_spelling(r, "ord", 1, &err), KX_EREADONLY);
    CHECK_INT(kx_db_add_synonym(r, "a", "b", &err), KX_EREADONLY);
    CHECK_INT(kx_db_clear_synonyms(r, "a", &err), KX_EREADONLY);
    CHECK_INT(kx_db_commit(r, &err), KX_EREADONLY);
    CHECK_INT(kx_db_begin(r, &err), KX_EREADONLY);
    CHECK_INT(kx_db_commit_transaction(r, &err), KX_EREADONLY);
    CHECK_INT(kx_db_cancel_transaction(r, &err), KX_EREADONLY);
    CHECK_INT(err.code, KX_EREADONLY);
    kx_doc_free(doc);
    kx_db_close(r);
}

TEST(test_bad_arguments)
{
    kx_stem *s = (kx_stem *)1;
    kx_query *q = NULL, *t = NULL, *bad = (kx_query *)1;
    kx_qparser *qp = NULL;
    kx_db *w = NULL;
    kx_doc *d = (kx_doc *)1;
    kx_error err;
    CHECK_INT(kx_stem_new(&s, "klingon", &err), KX_EINVAL);
    CHECK(s == NULL);
    CHECK_CONTAINS(err.message, "klingon");
    CHECK_INT(kx_query_term(&t, "a", 1, 0, NULL), KX_OK);
    CHECK_INT(kx_query_combine(&bad, KX_OP_VALUE_RANGE, &t, 1, 0, &err), KX_EINVAL);
    CHECK(bad == NULL);
    CHECK_INT(kx_query_combine(&q, KX_OP_SCALE_WEIGHT, &t, 1, 0, &err), KX_EINVAL);
    CHECK_INT(kx_query_combine(&q, 99, &t, 1, 0, &err), KX_EINVAL);
    CHECK_INT(kx_query_scale(&q, t, -1.0, &err), KX_EINVAL);
    CHECK_INT(kx_qparser_new(&qp, NULL), KX_OK);
    CHECK_INT(kx_qparser_parse(&q, qp, "a", 1 << 20, NULL, &err), KX_EINVAL);
    CHECK_INT(kx_qparser_parse(&q, qp, NULL, 0, NULL, &err), KX_EINVAL);
    CHECK_INT(kx_qparser_add_boolean_prefix(qp, "kilde", "XK", NULL), KX_OK);
    CHECK_INT(kx_qparser_add_prefix(qp, "kilde", "K", &err), KX_EINVAL);
    CHECK_INT(kx_db_open(&w, at("bad"), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    CHECK_INT(kx_db_commit_transaction(w, &err), KX_EINVAL);
    CHECK_CONTAINS(err.message, "transaction");
    CHECK_INT(kx_db_get_document(&d, w, 42, &err), KX_ENOTFOUND);
    CHECK(d == NULL);
    CHECK_CONTAINS(err.message, "42");
    CHECK_INT(kx_db_get_document(&d, w, 0, &err), KX_EINVAL);
    CHECK_INT(kx_db_get_metadata(w, (char **)&d, "", &err), KX_EINVAL);
    kx_db_close(w);
    kx_qparser_free(qp);
    kx_query_free(t);
}

TEST(test_parse_errors)
{
    kx_qparser *qp = NULL;
    kx_query *q = (kx_query *)1;
    kx_error err;
    CHECK_INT(kx_qparser_new(&qp, NULL), KX_OK);
    /* Xapian 1.4 quietly repairs "tittel:(" and unbalanced quotes, but a
     * dangling boolean operator is a syntax error when BOOLEAN is on. */
    CHECK_INT(kx_qparser_parse(&q, qp, "tittel:( \"foo", KX_QP_DEFAULT, NULL, &err), KX_OK);
    kx_query_free(q);
    CHECK_INT(kx_qparser_parse(&q, qp, "høringer AND", KX_QP_DEFAULT, NULL, &err), KX_EQUERY);
    CHECK(q == NULL);
    CHECK_CONTAINS(err.message, "QueryParserError");
    CHECK_CONTAINS(err.message, "Syntax: <expression> AND <expression>");
    /* Without BOOLEAN the same text is two plain words. */
    CHECK_INT(kx_qparser_parse(&q, qp, "høringer AND", 0, NULL, &err), KX_OK);
    kx_query_free(q);
    /* A range no processor accepts is an error too. */
    CHECK_INT(kx_qparser_add_range(qp, SLOT_YEAR, "år", 1, NULL), KX_OK);
    CHECK_INT(kx_qparser_parse(&q, qp, "år:tidlig..sent", KX_QP_DEFAULT, NULL, &err),
              KX_EQUERY);
    CHECK_CONTAINS(err.message, "Unknown range operation");
    kx_qparser_free(qp);
}

/* ---- documents, revisions, reopen --------------------------------------- */

TEST(test_documents_and_revisions)
{
    kx_db *w = NULL, *r = NULL;
    kx_doc *doc = NULL, *back = NULL;
    kx_error err;
    unsigned id = 0, n = 0;
    unsigned long rev0 = 0, rev1 = 0;
    int changed = -1;
    list l;

    CHECK_INT(kx_db_open(&w, at("docs"), KX_DB_CREATE_OR_OPEN, &err), KX_OK);
    CHECK_INT(kx_db_commit(w, NULL), KX_OK);
    CHECK_INT(kx_db_open(&r, at("docs"), KX_DB_READONLY, &err), KX_OK);
    CHECK_INT(kx_db_revision(r, &rev0, &err), KX_OK);

    CHECK_INT(kx_doc_new(&doc, NULL), KX_OK);
    CHECK_INT(kx_doc_set_data(doc, "hei\0du", 6, NULL), KX_OK);
    CHECK_INT(kx_doc_add_term(doc, "budsjett", 2, NULL), KX_OK);
    CHECK_INT(kx_doc_add_posting(doc, "sykehus", 1, 1, NULL), KX_OK);
    CHECK_INT(kx_doc_add_posting(doc, "sykehus", 5, 1, NULL), KX_OK);
    CHECK_INT(kx_doc_add_boolean_term(doc, "Qdoc1", NULL), KX_OK);
    CHECK_INT(kx_doc_set_value(doc, 0, "2024-01-02", 10, NULL), KX_OK);
    CHECK_INT(kx_db_add_document(w, &id, doc, &err), KX_OK);
    CHECK_INT(id, 1);
    CHECK_INT(kx_db_commit(w, &err), KX_OK);

    /* The reader still sees the old revision until it reopens. */
    CHECK_INT(kx_db_doccount(r, &n, NULL), KX_OK);
    CHECK_INT(n, 0);
    CHECK_INT(kx_db_reopen(r, &changed, &err), KX_OK);
    CHECK_INT(changed, 1);
    CHECK_INT(kx_db_revision(r, &rev1, &err), KX_OK);
    CHECK(rev1 > rev0);
    CHECK_INT(kx_db_reopen(r, &changed, &err), KX_OK);
    CHECK_INT(changed, 0);
    CHECK_INT(kx_db_doccount(r, &n, NULL), KX_OK);
    CHECK_INT(n, 1);
    CHECK_INT(kx_db_termfreq(r, "sykehus", &n, NULL), KX_OK);
    CHECK_INT(n, 1);
    CHECK_INT(kx_db_termfreq(r, "fraværende", &n, NULL), KX_OK);
    CHECK_INT(n, 0);

    CHECK_INT(kx_db_get_document(&back, r, id, &err), KX_OK);
    size_t len = 0;
    const char *data = kx_doc_data(back, &len);
    CHECK_INT(len, 6);
    CHECK(memcmp(data, "hei\0du", 6) == 0);
    CHECK_STR(kx_doc_value(back, 0, &len), "2024-01-02");
    CHECK_INT(len, 10);
    CHECK_STR(kx_doc_value(back, 9, &len), "");
    CHECK_INT(len, 0);
    CHECK_INT(kx_doc_docid(back), 1);
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_doc_terms(back, collect_term, &l, &err), KX_OK);
    CHECK_STR(l.s, "Qdoc1=0|budsjett=2|sykehus=2|");
    kx_doc_free(back);

    /* Replacing by id term keeps the docid; deleting removes it. */
    CHECK_INT(kx_doc_set_data(doc, "ny", 2, NULL), KX_OK);
    CHECK_INT(kx_db_replace_document(w, "Qdoc1", doc, &err), KX_OK);
    CHECK_INT(kx_db_commit(w, NULL), KX_OK);
    CHECK_INT(kx_db_reopen(r, &changed, NULL), KX_OK);
    CHECK_INT(kx_db_get_document(&back, r, 1, &err), KX_OK);
    CHECK_STR(kx_doc_data(back, NULL), "ny");
    kx_doc_free(back);
    CHECK_INT(kx_db_delete_documents(w, "Qdoc1", &err), KX_OK);
    CHECK_INT(kx_db_commit(w, NULL), KX_OK);
    CHECK_INT(kx_db_reopen(r, NULL, NULL), KX_OK);
    CHECK_INT(kx_db_get_document(&back, r, 1, &err), KX_ENOTFOUND);
    CHECK_INT(kx_db_doccount(r, &n, NULL), KX_OK);
    CHECK_INT(n, 0);

    /* Setting an empty value clears the slot. */
    CHECK_INT(kx_doc_set_value(doc, 0, "", 0, NULL), KX_OK);
    CHECK_STR(kx_doc_value(doc, 0, &len), "");
    kx_doc_free(doc);
    kx_db_close(r);
    kx_db_close(w);

    char buf[18];
    size_t sl = kx_sortable_serialise(2021.5, buf);
    CHECK(sl > 0 && sl <= 18);
    CHECK(kx_sortable_unserialise(buf, sl) == 2021.5);
    char a[18], b[18];
    size_t la = kx_sortable_serialise(99, a), lb = kx_sortable_serialise(100, b);
    CHECK(memcmp(a, b, la < lb ? la : lb) < 0 || (memcmp(a, b, la < lb ? la : lb) == 0 && la < lb));
}

/* ---- searching Norwegian text ------------------------------------------- */

TEST(test_stem_and_termgen)
{
    kx_stem *no = NULL;
    kx_termgen *tg = NULL;
    kx_doc *doc = NULL;
    char *s = NULL;
    list l;
    CHECK_INT(kx_stem_new(&no, "norwegian", NULL), KX_OK);
    CHECK_INT(kx_stem_word(no, &s, "høringer", NULL), KX_OK);
    CHECK_STR(s, "høring");
    free(s);
    CHECK_INT(kx_termgen_new(&tg, no, NULL), KX_OK);
    CHECK_INT(kx_doc_new(&doc, NULL), KX_OK);
    kx_termgen_set_document(tg, doc);
    CHECK_INT(kx_termgen_index_text(tg, T1, strlen(T1), 1, "", NULL), KX_OK);
    CHECK_INT(kx_termgen_termpos(tg), 4);
    kx_termgen_increase_termpos(tg, 10);
    CHECK_INT(kx_termgen_termpos(tg), 14);
    CHECK_INT(kx_termgen_index_text(tg, "sykehusøkonomi", strlen("sykehusøkonomi"), 1, "S", NULL),
              KX_OK);
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_doc_terms(doc, collect_term, &l, NULL), KX_OK);
    CHECK_CONTAINS(l.s, "høringer=1|");
    CHECK_CONTAINS(l.s, "Zhøring=1|");
    CHECK_CONTAINS(l.s, "Zlegeforening=1|");
    CHECK_CONTAINS(l.s, "92=1|");
    CHECK_CONTAINS(l.s, "Ssykehusøkonomi=1|");
    CHECK_CONTAINS(l.s, "ZSsykehusøkonomi=1|");
    kx_termgen_free(tg);
    kx_doc_free(doc);
    kx_stem_free(no);
}

TEST(test_search)
{
    kx_db *db = NULL;
    list l;
    make_corpus("corpus");
    CHECK_INT(kx_db_open(&db, at("corpus"), KX_DB_READONLY, NULL), KX_OK);

    /* Stemming: "høringer" also finds "høringen". */
    CHECK_INT(search(&l, db, "høringer", KX_QP_DEFAULT), KX_OK);
    CHECK_INT(l.n, 2);
    CHECK_CONTAINS(l.s, T1);
    CHECK_CONTAINS(l.s, "Sykepleierforbundet svarte på høringen|");
    /* A compound word found in the body. */
    CHECK_INT(search(&l, db, "sykehusøkonomi", KX_QP_DEFAULT), KX_OK);
    CHECK_INT(l.n, 2);
    /* Phrase: only the exact word order matches. */
    CHECK_INT(search(&l, db, "\"behandlet 92 høringer\"", KX_QP_DEFAULT), KX_OK);
    CHECK_STR(l.s, "Legeforeningen behandlet 92 høringer|");
    CHECK_INT(search(&l, db, "\"92 behandlet\"", KX_QP_DEFAULT), KX_OK);
    CHECK_INT(l.n, 0);
    /* Phrases do not match across the termpos gap between title and body. */
    CHECK_INT(search(&l, db, "\"høringer foreningen\"", KX_QP_DEFAULT), KX_OK);
    CHECK_INT(l.n, 0);
    /* Field prefix. */
    CHECK_INT(search(&l, db, "tittel:turnus", KX_QP_DEFAULT), KX_OK);
    CHECK_STR(l.s, "Legeforeningen om turnus|");
    /* Boolean filter narrows without adding weight. */
    CHECK_INT(search(&l, db, "sykehusøkonomi kilde:nsf", KX_QP_DEFAULT), KX_OK);
    CHECK_STR(l.s, "Sykepleierforbundet svarte på høringen|");
    CHECK_INT(search(&l, db, "kilde:legeforeningen", KX_QP_DEFAULT), KX_OK);
    CHECK_INT(l.n, 2);
    /* Numeric value range over the year slot. */
    CHECK_INT(search(&l, db, "år:2019..2020", KX_QP_DEFAULT), KX_OK);
    CHECK_INT(l.n, 2);
    CHECK_CONTAINS(l.s, "Sykepleierforbundet");
    CHECK_CONTAINS(l.s, "Helsedirektoratet");
    CHECK_INT(search(&l, db, "legeforeningen år:2020..", KX_QP_DEFAULT), KX_OK);
    CHECK_STR(l.s, "Legeforeningen behandlet 92 høringer|");
    /* Wildcards through the parser. */
    CHECK_INT(search(&l, db, "retnings*", KX_QP_DEFAULT | KX_QP_WILDCARD), KX_OK);
    CHECK_STR(l.s, "Helsedirektoratet publiserte retningslinjer|");
    kx_db_close(db);
}

TEST(test_enquire_features)
{
    kx_db *db = NULL;
    kx_query *all = NULL, *q = NULL;
    kx_enquire *enq = NULL;
    kx_mset *m = NULL;
    kx_spy *spy = NULL;
    kx_error err;
    list l;
    CHECK_INT(kx_db_open(&db, at("corpus"), KX_DB_READONLY, NULL), KX_OK);
    CHECK_INT(kx_query_match_all(&all, NULL), KX_OK);
    CHECK_INT(kx_enquire_new(&enq, db, NULL), KX_OK);
    CHECK_INT(kx_enquire_set_query(enq, all, NULL), KX_OK);

    /* Sort by the year value, both ways. */
    kx_enquire_set_sort(enq, SLOT_YEAR, 0);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 10, 0, &err), KX_OK);
    hits(&l, m);
    CHECK_STR(l.s, "Legeforeningen om turnus|Sykepleierforbundet svarte på høringen|"
                   "Helsedirektoratet publiserte retningslinjer|"
                   "Legeforeningen behandlet 92 høringer|");
    kx_mset_free(m);
    kx_enquire_set_sort(enq, SLOT_YEAR, 1);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 1, 0, &err), KX_OK);
    hits(&l, m);
    CHECK_STR(l.s, "Legeforeningen behandlet 92 høringer|");
    CHECK_INT(kx_mset_size(m), 1);
    CHECK(kx_mset_upper_bound(m) >= 4);
    kx_mset_free(m);
    kx_enquire_set_sort(enq, -1, 0);

    /* Collapsing on the source: one hit per source, the rest counted. */
    kx_enquire_set_collapse(enq, SLOT_SOURCE, 1);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 10, 10, &err), KX_OK);
    CHECK_INT(kx_mset_size(m), 3);
    unsigned collapsed = 0;
    for (unsigned i = 0; i < kx_mset_size(m); i++)
        collapsed += kx_mset_collapse_count(m, i);
    CHECK_INT(collapsed, 1);
    kx_mset_free(m);
    kx_enquire_set_collapse(enq, SLOT_SOURCE, 0);

    /* A time limit changes nothing on a small database. */
    kx_enquire_set_time_limit(enq, 10.0);
    /* Facets: the spy counts every source value exactly. */
    CHECK_INT(kx_spy_new(&spy, SLOT_SOURCE, NULL), KX_OK);
    CHECK_INT(kx_enquire_add_spy(enq, spy, NULL), KX_OK);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 10, 4, &err), KX_OK);
    CHECK_INT(kx_mset_size(m), 4);
    CHECK_INT(kx_mset_estimated(m), 4);
    CHECK_INT(kx_spy_total(spy), 4);
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_spy_values(spy, collect_value, &l, NULL), KX_OK);
    CHECK_STR(l.s, "legeforeningen=2|hdir=1|nsf=1|");
    kx_mset_free(m);
    kx_enquire_free(enq); /* the enquire goes first: it points at the spy */
    kx_spy_free(spy);

    /* Hand-built queries, BM25, matching terms and a snippet. */
    kx_stem *no = NULL;
    kx_qparser *qp = NULL;
    kx_stem_new(&no, "norwegian", NULL);
    qp = corpus_parser(db, no);
    CHECK_INT(kx_qparser_parse(&q, qp, "høringer legeforeningen", KX_QP_DEFAULT, NULL, &err),
              KX_OK);
    CHECK_INT(kx_enquire_new(&enq, db, NULL), KX_OK);
    CHECK_INT(kx_enquire_set_bm25(enq, 1.2, 0, 1, 0.75, 0.5, &err), KX_OK);
    /* Xapian clamps out-of-range BM25 parameters rather than rejecting them. */
    CHECK_INT(kx_enquire_set_bm25(enq, -1, 0, 1, 0.75, 0.5, &err), KX_OK);
    CHECK_INT(kx_enquire_set_bm25(enq, 1.2, 0, 1, 0.75, 0.5, &err), KX_OK);
    CHECK_INT(kx_enquire_set_query(enq, q, NULL), KX_OK);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 10, 10, &err), KX_OK);
    hits(&l, m);
    CHECK_INT(l.n, 3);
    CHECK(strncmp(l.s, T1, strlen(T1)) == 0); /* both terms: ranked first */
    CHECK(kx_mset_weight(m, 0) > kx_mset_weight(m, 1));
    CHECK(kx_mset_docid(m, 0) > 0);
    CHECK_INT(kx_mset_docid(m, 99), 0);
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_enquire_matching_terms(enq, m, 0, collect_str, &l, &err), KX_OK);
    CHECK_STR(l.s, "Zhøring|Zlegeforening|");
    CHECK_INT(kx_enquire_matching_terms(enq, m, 99, collect_str, &l, &err), KX_EINVAL);
    char *snip = NULL;
    const char *text = "Legeforeningen behandlet 92 høringer i fjor, flere enn før.";
    CHECK_INT(kx_mset_snippet(m, &snip, text, strlen(text), 200, no, NULL, NULL, NULL, &err),
              KX_OK);
    CHECK_CONTAINS(snip, "<b>høringer</b>");
    CHECK_CONTAINS(snip, "<b>Legeforeningen</b>");
    free(snip);
    CHECK_INT(kx_mset_snippet(m, &snip, text, strlen(text), 200, no, "[", "]", "…", &err),
              KX_OK);
    CHECK_CONTAINS(snip, "[høringer]");
    free(snip);
    const char *html = "Svar på høringer: 5 < 7 & mer";
    CHECK_INT(kx_mset_snippet(m, &snip, html, strlen(html), 200, no, NULL, NULL, NULL, &err),
              KX_OK);
    CHECK_STR(snip, "Svar på <b>høringer</b>: 5 &lt; 7 &amp; mer");
    free(snip);
    kx_doc *d = NULL;
    CHECK_INT(kx_mset_document(&d, m, 99, &err), KX_EINVAL);
    kx_mset_free(m);
    kx_enquire_free(enq);
    kx_query_free(q);
    kx_qparser_free(qp);
    kx_stem_free(no);

    /* Query construction by hand. */
    kx_query *t[3] = {NULL, NULL, NULL}, *phr = NULL, *sc = NULL, *vr = NULL, *wc = NULL;
    char *desc = NULL;
    kx_query_term(&t[0], "behandlet", 1, 2, NULL);
    kx_query_term(&t[1], "92", 1, 3, NULL);
    CHECK_INT(kx_query_combine(&phr, KX_OP_PHRASE, t, 2, 0, &err), KX_OK);
    CHECK_INT(kx_query_scale(&sc, phr, 2.0, &err), KX_OK);
    char lo[18], hi[18];
    size_t llo = kx_sortable_serialise(2015, lo), lhi = kx_sortable_serialise(2019, hi);
    lo[llo] = '\0'; /* serialised years contain no NUL bytes */
    hi[lhi] = '\0';
    CHECK(strlen(lo) == llo && strlen(hi) == lhi);
    CHECK_INT(kx_query_value_range(&vr, SLOT_YEAR, lo, hi, &err), KX_OK);
    CHECK_INT(kx_query_wildcard(&wc, "sykehus", 10, &err), KX_OK);
    t[2] = sc;
    kx_query *parts[3] = {sc, vr, wc};
    kx_query *any = NULL;
    CHECK_INT(kx_query_combine(&any, KX_OP_OR, parts, 3, 0, &err), KX_OK);
    CHECK_INT(kx_query_describe(any, &desc, &err), KX_OK);
    CHECK_CONTAINS(desc, "PHRASE 2");
    CHECK_CONTAINS(desc, "2 * (behandlet@2 PHRASE 2 92@3)"); /* scaled */
    CHECK_CONTAINS(desc, "VALUE_RANGE 1");
    CHECK_CONTAINS(desc, "WILDCARD");
    free(desc);
    CHECK_INT(kx_query_is_empty(any), 0);
    CHECK_INT(kx_query_is_empty(NULL), 1);
    kx_query *none = NULL;
    CHECK_INT(kx_query_combine(&none, KX_OP_AND, NULL, 0, 0, &err), KX_OK);
    CHECK_INT(kx_query_is_empty(none), 1);
    CHECK_INT(kx_enquire_new(&enq, db, NULL), KX_OK);
    CHECK_INT(kx_enquire_set_query(enq, any, NULL), KX_OK);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 10, 10, &err), KX_OK);
    hits(&l, m);
    /* phrase → a1; 2015..2019 → a2, a3; sykehus* → a1, a2 */
    CHECK_INT(l.n, 3);
    CHECK(strncmp(l.s, T1, strlen(T1)) == 0);
    kx_mset_free(m);
    kx_enquire_free(enq);
    kx_query_free(none);
    kx_query_free(any);
    kx_query_free(t[0]);
    kx_query_free(t[1]);
    kx_query_free(phr);
    kx_query_free(sc);
    kx_query_free(vr);
    kx_query_free(wc);
    kx_query_free(all);
    kx_db_close(db);
}

/* ---- spelling, synonyms, metadata, terms, transactions ------------------ */

TEST(test_spelling_and_synonyms)
{
    kx_db *w = NULL;
    kx_qparser *qp = NULL;
    kx_query *q = NULL;
    char *s = NULL;
    kx_error err;
    list l;
    CHECK_INT(kx_db_open(&w, at("corpus"), KX_DB_OPEN, NULL), KX_OK);
    /* The termgen's spelling flag recorded the corpus words. */
    CHECK_INT(kx_db_spelling_suggestion(w, &s, "horinger", 2, &err), KX_OK);
    CHECK_STR(s, "høringer");
    free(s);
    CHECK_INT(kx_db_spelling_suggestion(w, &s, "xyzzyq", 1, &err), KX_OK);
    CHECK_STR(s, "");
    free(s);
    CHECK_INT(kx_db_add_spelling(w, "spesialisthelsetjenesten", 1, &err), KX_OK);
    CHECK_INT(kx_db_spelling_suggestion(w, &s, "spesialisthelsetjenestem", 1, &err), KX_OK);
    CHECK_STR(s, "spesialisthelsetjenesten");
    free(s);

    CHECK_INT(kx_qparser_new(&qp, NULL), KX_OK);
    kx_qparser_set_database(qp, w);
    CHECK_INT(kx_qparser_parse(&q, qp, "horinger legeforeningen",
                               KX_QP_DEFAULT | KX_QP_SPELLING_CORRECTION, NULL, &err), KX_OK);
    kx_query_free(q);
    CHECK_INT(kx_qparser_corrected(qp, &s, &err), KX_OK);
    CHECK_STR(s, "høringer legeforeningen");
    free(s);

    CHECK_INT(kx_db_add_synonym(w, "lis1", "turnus", &err), KX_OK);
    CHECK_INT(kx_db_add_synonym(w, "lis1", "turnuslege", &err), KX_OK);
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_db_synonyms(w, "lis1", collect_str, &l, &err), KX_OK);
    CHECK_STR(l.s, "turnus|turnuslege|");
    CHECK_INT(kx_db_commit(w, NULL), KX_OK);

    /* "~lis1" expands to the synonyms; without the flag it does not. */
    CHECK_INT(kx_qparser_parse(&q, qp, "~lis1", KX_QP_DEFAULT | KX_QP_SYNONYM, NULL, &err),
              KX_OK);
    CHECK_INT(kx_query_describe(q, &s, NULL), KX_OK);
    CHECK_CONTAINS(s, "SYNONYM");
    CHECK_CONTAINS(s, "turnuslege");
    free(s);
    kx_query_free(q);
    CHECK_INT(kx_qparser_parse(&q, qp, "lis1", KX_QP_DEFAULT | KX_QP_AUTO_SYNONYMS, NULL, &err),
              KX_OK);
    CHECK_INT(kx_query_describe(q, &s, NULL), KX_OK);
    CHECK_CONTAINS(s, "turnus");
    free(s);
    /* The expanded query finds the turnus article, which never says lis1... */
    kx_enquire *enq = NULL;
    kx_mset *m = NULL;
    CHECK_INT(kx_enquire_new(&enq, w, NULL), KX_OK);
    CHECK_INT(kx_enquire_set_query(enq, q, NULL), KX_OK);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 10, 10, &err), KX_OK);
    hits(&l, m);
    CHECK_STR(l.s, "Legeforeningen om turnus|");
    kx_mset_free(m);
    kx_enquire_free(enq);
    kx_query_free(q);
    CHECK_INT(kx_qparser_parse(&q, qp, "~lis1", KX_QP_DEFAULT, NULL, &err), KX_OK);
    CHECK_INT(kx_query_describe(q, &s, NULL), KX_OK);
    CHECK(strstr(s, "turnus") == NULL);
    free(s);
    kx_query_free(q);

    CHECK_INT(kx_db_clear_synonyms(w, "lis1", &err), KX_OK);
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_db_synonyms(w, "lis1", collect_str, &l, &err), KX_OK);
    CHECK_INT(l.n, 0);
    kx_qparser_free(qp);
    kx_db_close(w);
}

TEST(test_metadata_terms_postings)
{
    kx_db *w = NULL;
    char *v = NULL;
    kx_error err;
    list l;
    CHECK_INT(kx_db_open(&w, at("corpus"), KX_DB_OPEN, NULL), KX_OK);
    CHECK_INT(kx_db_set_metadata(w, "schema:version", "3", &err), KX_OK);
    CHECK_INT(kx_db_set_metadata(w, "schema:navn", "kilde", &err), KX_OK);
    CHECK_INT(kx_db_set_metadata(w, "sist", "2024", &err), KX_OK);
    CHECK_INT(kx_db_commit(w, NULL), KX_OK);
    CHECK_INT(kx_db_get_metadata(w, &v, "schema:version", &err), KX_OK);
    CHECK_STR(v, "3");
    free(v);
    CHECK_INT(kx_db_get_metadata(w, &v, "mangler", &err), KX_OK);
    CHECK_STR(v, "");
    free(v);
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_db_metadata_keys(w, "schema:", collect_str, &l, &err), KX_OK);
    CHECK_STR(l.s, "schema:navn|schema:version|");
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_db_metadata_keys(w, NULL, stop_at_first, &l, &err), KX_OK);
    CHECK_STR(l.s, "schema:navn|");

    memset(&l, 0, sizeof l);
    CHECK_INT(kx_db_allterms(w, "XK", collect_term, &l, &err), KX_OK);
    CHECK_STR(l.s, "XKhdir=1|XKlegeforeningen=2|XKnsf=1|");
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_db_postings(w, "XKlegeforeningen", collect_docid, &l, &err), KX_OK);
    CHECK_STR(l.s, "1|3|");
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_db_postings(w, "XKingen", collect_docid, &l, &err), KX_OK);
    CHECK_INT(l.n, 0);
    kx_db_close(w);
}

TEST(test_transactions)
{
    kx_db *w = NULL, *r = NULL;
    kx_doc *doc = NULL;
    unsigned n = 0;
    kx_error err;
    CHECK_INT(kx_db_open(&w, at("tx"), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    CHECK_INT(kx_db_commit(w, NULL), KX_OK);
    CHECK_INT(kx_db_open(&r, at("tx"), KX_DB_READONLY, NULL), KX_OK);
    kx_doc_new(&doc, NULL);
    kx_doc_add_term(doc, "ord", 1, NULL);

    CHECK_INT(kx_db_begin(w, &err), KX_OK);
    CHECK_INT(kx_db_add_document(w, NULL, doc, &err), KX_OK);
    CHECK_INT(kx_db_set_metadata(w, "k", "v", &err), KX_OK);
    CHECK_INT(kx_db_begin(w, &err), KX_EINVAL); /* no nesting */
    CHECK_INT(kx_db_cancel_transaction(w, &err), KX_OK);
    CHECK_INT(kx_db_doccount(w, &n, NULL), KX_OK);
    CHECK_INT(n, 0);
    char *v = NULL;
    CHECK_INT(kx_db_get_metadata(w, &v, "k", NULL), KX_OK);
    CHECK_STR(v, "");
    free(v);

    CHECK_INT(kx_db_begin(w, &err), KX_OK);
    CHECK_INT(kx_db_add_document(w, NULL, doc, &err), KX_OK);
    CHECK_INT(kx_db_add_document(w, NULL, doc, &err), KX_OK);
    CHECK_INT(kx_db_reopen(r, NULL, NULL), KX_OK);
    CHECK_INT(kx_db_doccount(r, &n, NULL), KX_OK);
    CHECK_INT(n, 0); /* not visible before the transaction commits */
    CHECK_INT(kx_db_commit_transaction(w, &err), KX_OK);
    CHECK_INT(kx_db_reopen(r, NULL, NULL), KX_OK);
    CHECK_INT(kx_db_doccount(r, &n, NULL), KX_OK);
    CHECK_INT(n, 2);
    kx_doc_free(doc);
    kx_db_close(r);
    kx_db_close(w);
}

/* A reader two or more commits behind finds its old blocks reused:
 * Xapian throws DatabaseModifiedError.  kx_db_get_document and
 * kx_enquire_mset reopen and retry; other reads report KX_EMODIFIED. */
enum { CHURN_DOCS = 2000 };

static void churn(kx_db *w, char round)
{
    char data[512], id[32];
    kx_doc *doc = NULL;
    memset(data, 'x', sizeof data);
    data[0] = round;
    for (unsigned i = 1; i <= CHURN_DOCS; i++) {
        kx_doc_new(&doc, NULL);
        snprintf(id, sizeof id, "Q%u", i);
        kx_doc_add_boolean_term(doc, id, NULL);
        kx_doc_add_term(doc, "alle", 1, NULL);
        kx_doc_set_data(doc, data, sizeof data, NULL);
        if (kx_db_replace_document(w, id, doc, NULL) != KX_OK)
            CHECK(!"replace failed");
        kx_doc_free(doc);
    }
    CHECK_INT(kx_db_commit(w, NULL), KX_OK);
}

/* What the indexer's writer relies on: an unflushed transaction reaches
 * the disk whole at the next commit, Xapian's automatic commit waits for
 * it, and cancelling drops every uncommitted change. */
TEST(test_unflushed_transactions)
{
    kx_db *w = NULL, *r = NULL;
    kx_doc *doc = NULL;
    unsigned n = 0;
    kx_error err;
    setenv("XAPIAN_FLUSH_THRESHOLD", "2", 1); /* an automatic commit every 2 changes */
    CHECK_INT(kx_db_open(&w, at("utx"), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    unsetenv("XAPIAN_FLUSH_THRESHOLD");
    CHECK_INT(kx_db_open(&r, at("utx"), KX_DB_READONLY, NULL), KX_OK);
    kx_doc_new(&doc, NULL);
    kx_doc_add_term(doc, "ord", 1, NULL);

    CHECK_INT(kx_db_begin_unflushed(w, &err), KX_OK);
    for (int i = 0; i < 5; i++)
        CHECK_INT(kx_db_add_document(w, NULL, doc, &err), KX_OK);
    CHECK_INT(kx_db_commit_transaction(w, &err), KX_OK);
    CHECK_INT(kx_db_reopen(r, NULL, NULL), KX_OK);
    CHECK_INT(kx_db_doccount(r, &n, NULL), KX_OK);
    CHECK_INT(n, 0); /* neither the threshold nor the transaction's end committed */
    CHECK_INT(kx_db_commit(w, &err), KX_OK);
    CHECK_INT(kx_db_reopen(r, NULL, NULL), KX_OK);
    CHECK_INT(kx_db_doccount(r, &n, NULL), KX_OK);
    CHECK_INT(n, 5);

    /* outside a transaction the threshold commits by itself */
    for (int i = 0; i < 3; i++)
        CHECK_INT(kx_db_add_document(w, NULL, doc, &err), KX_OK);
    CHECK_INT(kx_db_reopen(r, NULL, NULL), KX_OK);
    CHECK_INT(kx_db_doccount(r, &n, NULL), KX_OK);
    CHECK(n > 5);
    CHECK_INT(kx_db_commit(w, &err), KX_OK);

    /* cancelling drops what was pending before the transaction too */
    CHECK_INT(kx_db_add_document(w, NULL, doc, &err), KX_OK);
    CHECK_INT(kx_db_begin_unflushed(w, &err), KX_OK);
    CHECK_INT(kx_db_add_document(w, NULL, doc, &err), KX_OK);
    CHECK_INT(kx_db_cancel_transaction(w, &err), KX_OK);
    CHECK_INT(kx_db_doccount(w, &n, NULL), KX_OK);
    CHECK_INT(n, 8);
    kx_doc_free(doc);
    kx_db_close(r);
    kx_db_close(w);
}

TEST(test_doc_check)
{
    kx_doc *doc = NULL;
    kx_error err;
    char term[300];
    memset(term, 'x', sizeof term);
    term[245] = '\0';
    kx_doc_new(&doc, NULL);
    CHECK_INT(kx_doc_add_term(doc, term, 1, NULL), KX_OK);
    CHECK_INT(kx_doc_check(doc, &err), KX_OK); /* 245 bytes: the most Xapian takes */
    term[245] = 'x';
    term[246] = '\0';
    CHECK_INT(kx_doc_add_term(doc, term, 1, NULL), KX_OK);
    CHECK_INT(kx_doc_check(doc, &err), KX_EINVAL);
    CHECK_CONTAINS(err.message, "term of 246 bytes, over Xapian's limit of 245");
    CHECK_INT(kx_doc_check(NULL, &err), KX_EINVAL);
    kx_doc_free(doc);
}

/* How many entries of dir start with prefix. */
static int count_entries(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}

static void touch(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0)
        close(fd);
}

/* A new database appears whole: made in a sibling folder and renamed; what
 * a creation cut short leaves is cleared, anything else refused. */
TEST(test_creation)
{
    kx_db *w = NULL;
    kx_error err;
    struct stat st;
    mode_t mask = umask(022);
    CHECK_INT(kx_db_open(&w, at("made"), KX_DB_CREATE_OR_OPEN, &err), KX_OK);
    kx_db_close(w);
    CHECK(stat(at("made/iamglass"), &st) == 0);
    CHECK(stat(at("made"), &st) == 0 && (st.st_mode & 0777) == 0755); /* as Xapian's mkdir */
    CHECK_INT(count_entries(root, ".made.creating-"), 0);

    /* a sibling a killed creation left is removed; one still locked stays */
    mkdir(at(".fresh.creating-1-0"), 0755);
    touch(at(".fresh.creating-1-0/postlist.glass"));
    touch(at(".fresh.creating-1-0/flintlock"));
    mkdir(at(".fresh.creating-2-0"), 0755);
    touch(at(".fresh.creating-2-0/postlist.glass"));
    int held = open(at(".fresh.creating-2-0"), O_RDONLY | O_DIRECTORY);
    CHECK(held >= 0 && flock(held, LOCK_EX) == 0);
    CHECK_INT(kx_db_open(&w, at("fresh"), KX_DB_CREATE_OR_OPEN, &err), KX_OK);
    kx_db_close(w);
    CHECK(stat(at(".fresh.creating-1-0"), &st) != 0);
    CHECK(stat(at(".fresh.creating-2-0/postlist.glass"), &st) == 0);
    close(held);

    /* an empty sibling is removed when its maker is gone (killed between
     * mkdir and flock), and kept while its maker may yet lock it */
    pid_t gone = fork();
    if (gone == 0)
        _exit(0);
    waitpid(gone, NULL, 0);
    char dead[64], alive[64];
    snprintf(dead, sizeof dead, ".anew.creating-%d-0", (int)gone);
    snprintf(alive, sizeof alive, ".anew.creating-%d-7", (int)getpid());
    mkdir(at(dead), 0755);
    mkdir(at(alive), 0755);
    CHECK_INT(kx_db_open(&w, at("anew"), KX_DB_CREATE_OR_OPEN, &err), KX_OK);
    kx_db_close(w);
    CHECK(stat(at(dead), &st) != 0);
    CHECK(stat(at(alive), &st) == 0);

    /* cut short in place: Xapian's files without iamglass */
    mkdir(at("cut"), 0750);
    touch(at("cut/flintlock"));
    touch(at("cut/postlist.glass"));
    touch(at("cut/v.tmp"));
    CHECK_INT(kx_db_open(&w, at("cut"), KX_DB_CREATE_OR_OPEN, &err), KX_OK);
    kx_db_close(w);
    CHECK(stat(at("cut/iamglass"), &st) == 0);
    CHECK(stat(at("cut"), &st) == 0 && (st.st_mode & 0777) == 0750); /* the folder kept */

    mkdir(at("notes"), 0755);
    touch(at("notes/postlist.glass"));
    touch(at("notes/notater.txt"));
    CHECK_INT(kx_db_open(&w, at("notes"), KX_DB_CREATE_OR_OPEN, &err), KX_ERROR);
    CHECK_CONTAINS(err.message, "holds other files ('notater.txt')");
    CHECK(stat(at("notes/postlist.glass"), &st) == 0);
    CHECK(stat(at("notes/flintlock"), &st) != 0); /* Xapian never got to it */
    umask(mask);
}

TEST(test_modified_reader)
{
    kx_db *w = NULL, *r = NULL;
    kx_query *q = NULL;
    kx_enquire *enq = NULL;
    kx_mset *m = NULL;
    kx_doc *d = NULL;
    kx_error err;
    CHECK_INT(kx_db_open(&w, at("churn"), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    churn(w, '0');
    CHECK_INT(kx_db_open(&r, at("churn"), KX_DB_READONLY, NULL), KX_OK);
    kx_query_term(&q, "alle", 1, 0, NULL);
    kx_enquire_new(&enq, r, NULL);
    kx_enquire_set_query(enq, q, NULL);
    CHECK_INT(kx_enquire_mset(&m, enq, 0, CHURN_DOCS, 0, &err), KX_OK);
    CHECK_INT(kx_mset_size(m), CHURN_DOCS);
    for (char round = '1'; round <= '4'; round++)
        churn(w, round);

    /* Documents of the stale match set: some blocks are gone. */
    unsigned ok = 0, modified = 0;
    for (unsigned i = 0; i < kx_mset_size(m); i++) {
        int rc = kx_mset_document(&d, m, i, &err);
        if (rc == KX_OK)
            ok++;
        else if (rc == KX_EMODIFIED && modified++ == 0)
            CHECK_CONTAINS(err.message, "DatabaseModifiedError");
        kx_doc_free(d);
    }
    CHECK_INT(ok + modified, CHURN_DOCS);
    CHECK(modified > 0);
    kx_mset_free(m);

    /* get_document retries after a reopen, so every fetch succeeds and the
     * ones after the reopen see the newest data. */
    unsigned fresh = 0, failed = 0;
    for (unsigned id = 1; id <= CHURN_DOCS; id++) {
        if (kx_db_get_document(&d, r, id, &err) != KX_OK) {
            failed++;
            continue;
        }
        fresh += kx_doc_data(d, NULL)[0] == '4';
        kx_doc_free(d);
    }
    CHECK_INT(failed, 0);
    CHECK(fresh > 0);
    /* The match now runs against the reopened revision. */
    CHECK_INT(kx_enquire_mset(&m, enq, 0, 10, 0, &err), KX_OK);
    CHECK_INT(kx_mset_document(&d, m, 0, &err), KX_OK);
    CHECK_INT(kx_doc_data(d, NULL)[0], '4');
    kx_doc_free(d);
    kx_mset_free(m);
    kx_enquire_free(enq);
    kx_query_free(q);
    kx_db_close(r);
    kx_db_close(w);
}

/* ---- shards, stub files, remote ----------------------------------------- */

/* A one-document database at root/name whose data is `text`. */
static void make_single(const char *name, const char *text)
{
    kx_db *w = NULL;
    kx_doc *doc = NULL;
    kx_db_open(&w, at(name), KX_DB_CREATE_OR_OPEN, NULL);
    kx_doc_new(&doc, NULL);
    kx_doc_set_data(doc, text, strlen(text), NULL);
    kx_doc_add_term(doc, "felles", 1, NULL);
    kx_doc_add_term(doc, text, 1, NULL);
    CHECK_INT(kx_db_add_document(w, NULL, doc, NULL), KX_OK);
    CHECK_INT(kx_db_set_metadata(w, "hvem", text, NULL), KX_OK);
    CHECK_INT(kx_db_commit(w, NULL), KX_OK);
    kx_doc_free(doc);
    kx_db_close(w);
}

/* Data of every document matching `term`, "a|b|". */
static void find_term(list *out, kx_db *db, const char *term)
{
    kx_query *q = NULL;
    kx_enquire *enq = NULL;
    kx_mset *m = NULL;
    kx_error err;
    memset(out, 0, sizeof *out);
    kx_query_term(&q, term, 1, 0, NULL);
    CHECK_INT(kx_enquire_new(&enq, db, &err), KX_OK);
    kx_enquire_set_query(enq, q, NULL);
    kx_enquire_set_sort(enq, -1, 0);
    if (kx_enquire_mset(&m, enq, 0, 10, 10, &err) == KX_OK)
        hits(out, m);
    else
        fprintf(stderr, "find_term: %s\n", err.message);
    kx_mset_free(m);
    kx_enquire_free(enq);
    kx_query_free(q);
}

/* Each shard's "hvem" key, "a|b|": Xapian's own get_metadata reads the
 * first shard's only. */
static void check_shard_metadata(kx_db *db, const char *expected)
{
    size_t n = 0;
    char *v = NULL;
    kx_error err;
    list l;
    memset(&l, 0, sizeof l);
    CHECK_INT(kx_db_shards(db, &n, &err), KX_OK);
    for (size_t i = 0; i < n; i++) {
        CHECK_INT(kx_db_shard_metadata(db, i, &v, "hvem", &err), KX_OK);
        list_add(&l, v ? v : "(null)");
        free(v);
    }
    CHECK_STR(l.s, expected);
    CHECK_INT(kx_db_shard_metadata(db, n, &v, "hvem", &err), KX_EINVAL);
    CHECK_CONTAINS(err.message, "no shard");
    CHECK(v == NULL);
    CHECK_INT(kx_db_get_metadata(db, &v, "hvem", &err), KX_OK);
    CHECK_STR(v, strtok(l.s, "|"));
    free(v);
}

TEST(test_shards_and_stub)
{
    kx_db *many = NULL, *a = NULL, *b = NULL, *w = NULL, *stub = NULL;
    kx_error err;
    unsigned n = 0;
    unsigned long rev = 99;
    list l;
    make_single("shard-a", "alfa");
    make_single("shard-b", "beta");

    const char *paths[2] = {at("shard-a"), at("shard-b")};
    CHECK_INT(kx_db_open_many(&many, paths, 2, &err), KX_OK);
    CHECK_INT(kx_db_doccount(many, &n, NULL), KX_OK);
    CHECK_INT(n, 2);
    find_term(&l, many, "felles");
    CHECK_INT(l.n, 2);
    CHECK_CONTAINS(l.s, "alfa|");
    CHECK_CONTAINS(l.s, "beta|");
    CHECK_INT(kx_db_revision(many, &rev, &err), KX_OK);
    CHECK_INT(rev, 0);
    check_shard_metadata(many, "alfa|beta|");
    kx_db_close(many);

    const char *bad[2] = {at("shard-a"), at("shard-missing")};
    CHECK_INT(kx_db_open_many(&many, bad, 2, &err), KX_ENOTFOUND);
    CHECK(many == NULL);
    CHECK_CONTAINS(err.message, "shard-missing");

    /* kx_db_add: shards join a read-only handle, never a writable one. */
    CHECK_INT(kx_db_open(&a, at("shard-a"), KX_DB_READONLY, NULL), KX_OK);
    CHECK_INT(kx_db_open(&b, at("shard-b"), KX_DB_READONLY, NULL), KX_OK);
    CHECK_INT(kx_db_add(a, b, &err), KX_OK);
    kx_db_close(b); /* a keeps its own reference to the shard */
    find_term(&l, a, "beta");
    CHECK_STR(l.s, "beta|");
    CHECK_INT(kx_db_doccount(a, &n, NULL), KX_OK);
    CHECK_INT(n, 2);
    CHECK_INT(kx_db_open(&w, at("shard-w"), KX_DB_CREATE_OR_OPEN, NULL), KX_OK);
    CHECK_INT(kx_db_add(w, a, &err), KX_EINVAL);
    CHECK_CONTAINS(err.message, "writable");
    kx_db_close(w);
    kx_db_close(a);

    /* A stub file naming both shards opens read-only as one database. */
    FILE *f = fopen(at("stub"), "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fprintf(f, "auto %s\nauto %s\n", at("shard-a"), at("shard-b"));
    fclose(f);
    CHECK_INT(kx_db_open(&stub, at("stub"), KX_DB_READONLY, &err), KX_OK);
    find_term(&l, stub, "felles");
    CHECK_INT(l.n, 2);
    find_term(&l, stub, "alfa");
    CHECK_STR(l.s, "alfa|");
    check_shard_metadata(stub, "alfa|beta|");
    kx_db_close(stub);
}

/* A socket bound to 127.0.0.1 but not listening: connecting is refused. */
static unsigned closed_port(int *fd_out)
{
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sl) != 0) {
        if (fd >= 0) close(fd);
        *fd_out = -1;
        return 0;
    }
    *fd_out = fd;
    return ntohs(sa.sin_port);
}

/* Starts xapian-tcpsrv on 127.0.0.1:port in its own process group. */
static pid_t start_tcpsrv(unsigned port, const char *dbdir)
{
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%u", port);
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, STDOUT_FILENO);
            dup2(devnull, STDERR_FILENO);
        }
        execlp("xapian-tcpsrv", "xapian-tcpsrv", "--port", portstr, "--interface",
               "127.0.0.1", "--quiet", dbdir, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void stop_tcpsrv(pid_t pid)
{
    kill(-pid, SIGKILL); /* its group: the server and its per-connection forks */
    waitpid(pid, NULL, 0);
}

/* Opens the remote database, retrying while the server starts up; gives up
 * if the server has exited (e.g. the port was taken). */
static int open_remote_when_ready(kx_db **out, pid_t pid, unsigned port, kx_error *err)
{
    for (int i = 0; i < 100; i++) {
        int rc = kx_db_open_remote(out, "127.0.0.1", port, 2000, err);
        if (rc == KX_OK || rc != KX_ENETWORK)
            return rc;
        if (waitpid(pid, NULL, WNOHANG) == pid)
            return -100;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return KX_ENETWORK;
}

TEST(test_remote)
{
    kx_db *remote = NULL, *local = NULL;
    kx_error err;
    unsigned n = 0;
    list l;
    int fd;

    /* Failure first: nothing listens on a bound, non-listening port. */
    unsigned cport = closed_port(&fd);
    CHECK(cport != 0);
    CHECK_INT(kx_db_open_remote(&remote, "127.0.0.1", cport, 1000, &err), KX_ENETWORK);
    CHECK(remote == NULL);
    CHECK_CONTAINS(err.message, "NetworkError");
    CHECK_CONTAINS(err.message, "127.0.0.1");
    if (fd >= 0) close(fd);

    unsigned port = 20000 + (unsigned)(getpid() % 20000);
    pid_t pid = -1;
    int rc = -100;
    for (int attempt = 0; attempt < 5 && rc == -100; attempt++, port++) {
        pid = start_tcpsrv(port, at("corpus"));
        CHECK(pid > 0);
        if (pid <= 0)
            return;
        rc = open_remote_when_ready(&remote, pid, port, &err);
        if (rc == -100)
            pid = -1; /* already reaped */
    }
    CHECK_INT(rc, KX_OK);
    if (rc != KX_OK) {
        fprintf(stderr, "remote: %s\n", err.message);
        if (pid > 0) stop_tcpsrv(pid);
        return;
    }
    CHECK_INT(kx_db_is_writable(remote), 0);
    CHECK_INT(kx_db_doccount(remote, &n, &err), KX_OK);
    CHECK_INT(n, 4);
    find_term(&l, remote, "Zhøring");
    CHECK_INT(l.n, 2);
    CHECK_CONTAINS(l.s, T1);
    unsigned long rev = 0;
    CHECK_INT(kx_db_revision(remote, &rev, &err), KX_OK);

    /* A remote shard next to a local one. */
    make_single("shard-l", "lokal");
    CHECK_INT(kx_db_open(&local, at("shard-l"), KX_DB_READONLY, NULL), KX_OK);
    CHECK_INT(kx_db_add(local, remote, &err), KX_OK);
    CHECK_INT(kx_db_doccount(local, &n, NULL), KX_OK);
    CHECK_INT(n, 5);
    find_term(&l, local, "Zhøring");
    CHECK_INT(l.n, 2);
    find_term(&l, local, "lokal");
    CHECK_STR(l.s, "lokal|");
    /* metadata of each, the remote one's through xapian-tcpsrv */
    char *v = NULL;
    CHECK_INT(kx_db_shard_metadata(local, 1, &v, "sist", &err), KX_OK);
    CHECK_STR(v, "2024");
    free(v);
    CHECK_INT(kx_db_shard_metadata(local, 0, &v, "sist", &err), KX_OK);
    CHECK_STR(v, "");
    free(v);
    kx_db_close(local);
    kx_db_close(remote);
    stop_tcpsrv(pid);
}

int main(void)
{
    if (tmpdir_make("/tmp/kx-test.XXXXXX") < 0)
        return 1;
    RUN(test_strerror);
    RUN(test_open_missing);
    RUN(test_two_writers);
    RUN(test_readonly_writes);
    RUN(test_bad_arguments);
    RUN(test_parse_errors);
    RUN(test_documents_and_revisions);
    RUN(test_stem_and_termgen);
    RUN(test_search);
    RUN(test_enquire_features);
    RUN(test_spelling_and_synonyms);
    RUN(test_metadata_terms_postings);
    RUN(test_transactions);
    RUN(test_unflushed_transactions);
    RUN(test_doc_check);
    RUN(test_creation);
    RUN(test_modified_reader);
    RUN(test_shards_and_stub);
    RUN(test_remote);
    tmpdir_remove();
    return TEST_REPORT();
}
