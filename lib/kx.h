/*
 * kx — a thin C binding over libxapian (C++).
 *
 * Generic Xapian concepts only: nothing here knows about kilde's schema.
 * Conventions (after libgit2 and SQLite):
 *   - every handle is opaque; destructors return void and accept NULL;
 *   - functions that can fail return an int status: KX_OK (0) or a negative
 *     KX_E* code, and fill the caller-owned kx_error (which may be NULL);
 *   - out-parameters come first;
 *   - strings returned through `char **` are malloc'd and owned by the
 *     caller (free()); `const char *` results point into the handle and stay
 *     valid until the handle is freed or changed.
 * No C++ exception crosses this boundary: each one becomes a code + message.
 */
#ifndef KILDE_KX_H
#define KILDE_KX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    KX_OK = 0,
    KX_ERROR = -1,       /* anything not listed below */
    KX_ENOTFOUND = -2,   /* database, document or term absent */
    KX_ELOCKED = -3,     /* another writer holds the database */
    KX_EREADONLY = -4,   /* write attempted through a read-only handle */
    KX_EMODIFIED = -5,   /* database changed under a reader; reopen */
    KX_EQUERY = -6,      /* the query parser could not read the query */
    KX_ESCHEMA = -7,     /* the caller's data does not fit (reserved for users) */
    KX_ENETWORK = -8,    /* remote database unreachable or timed out */
    KX_ECORRUPT = -9,    /* database files damaged */
    KX_EINVAL = -10,     /* bad argument */
    KX_ENOMEM = -11      /* memory ran out (std::bad_alloc) */
};

#define KX_ERRMSG_LEN 256

typedef struct kx_error {
    int code;
    char message[KX_ERRMSG_LEN];
} kx_error;

/* Whether memory ran out (std::bad_alloc) inside kx on this thread since
 * the last call; clears it.  The functions returning void (setters, frees)
 * cannot report it otherwise, and a setter that silently did nothing (a
 * time limit, a sort order) would make a wrong answer look right. */
int kx_nomem_take(void);

/* Static text for a code ("database is locked"); never NULL. */
const char *kx_strerror(int code);

/* Opaque handles. */
typedef struct kx_db kx_db;
typedef struct kx_doc kx_doc;
typedef struct kx_termgen kx_termgen;
typedef struct kx_stem kx_stem;
typedef struct kx_query kx_query;
typedef struct kx_qparser kx_qparser;
typedef struct kx_enquire kx_enquire;
typedef struct kx_mset kx_mset;
typedef struct kx_spy kx_spy;

/* ---- databases ---------------------------------------------------------- */

enum {
    KX_DB_READONLY = 0,
    KX_DB_CREATE_OR_OPEN = 1, /* writable; created when absent */
    KX_DB_OPEN = 2            /* writable; must exist */
};

/* Opens `path` (a directory, or a stub file listing shards) read-only or
 * writable.  A missing database gives KX_ENOTFOUND; a second writer
 * KX_ELOCKED. */
int kx_db_open(kx_db **out, const char *path, int mode, kx_error *err);
/* A read-only handle over several databases (shards) searched as one. */
int kx_db_open_many(kx_db **out, const char *const *paths, size_t n, kx_error *err);
/* A read-only remote database served by xapian-tcpsrv; timeout_ms 0 = default. */
int kx_db_open_remote(kx_db **out, const char *host, unsigned port,
                      unsigned timeout_ms, kx_error *err);
/* Adds another read-only database (local or remote) as a shard of `db`. */
int kx_db_add(kx_db *db, kx_db *shard, kx_error *err);
void kx_db_close(kx_db *db);

int kx_db_is_writable(const kx_db *db);
/* Picks up the latest committed revision; *changed set to 1 when it moved. */
int kx_db_reopen(kx_db *db, int *changed, kx_error *err);
int kx_db_commit(kx_db *db, kx_error *err);
/* Transactions group changes that must become visible together.
 * kx_db_begin commits what is pending first and its commit_transaction
 * commits (syncs) again.  kx_db_begin_unflushed does neither: the changes
 * join the uncommitted ones whole and reach the disk at the next commit,
 * and meanwhile Xapian's own automatic commit (every 10,000 changes) waits,
 * so no commit ever holds part of a transaction.  Cancelling one drops
 * every uncommitted change, those made before it began too (Xapian 1.4);
 * a failed write drops them as well, transaction or not. */
int kx_db_begin(kx_db *db, kx_error *err);
int kx_db_begin_unflushed(kx_db *db, kx_error *err);
int kx_db_commit_transaction(kx_db *db, kx_error *err);
int kx_db_cancel_transaction(kx_db *db, kx_error *err);

int kx_db_doccount(const kx_db *db, unsigned *out, kx_error *err);
/* The revision of a single local database (0 for a multi-database). */
int kx_db_revision(const kx_db *db, unsigned long *out, kx_error *err);
int kx_db_termfreq(const kx_db *db, const char *term, unsigned *out, kx_error *err);

/* Metadata: key → value strings stored with the database and committed with
 * it.  A missing key yields an empty string, as in Xapian. */
int kx_db_get_metadata(const kx_db *db, char **out, const char *key, kx_error *err);
int kx_db_set_metadata(kx_db *db, const char *key, const char *value, kx_error *err);
/* The databases a handle reads: 1 for one, n for n --db or a stub file's
 * lines.  Metadata is per database, and Xapian reads a multi-database's
 * from its first only; kx_db_shard_metadata reads each. */
int kx_db_shards(const kx_db *db, size_t *out, kx_error *err);
/* The metadata `key` of the handle's database number `shard` (from 0, in
 * the order they were given; local or remote); "" when it has none. */
int kx_db_shard_metadata(const kx_db *db, size_t shard, char **out, const char *key,
                         kx_error *err);
/* Calls fn(key, arg) for every metadata key starting with `prefix`; stops when
 * fn returns non-zero. */
int kx_db_metadata_keys(const kx_db *db, const char *prefix,
                        int (*fn)(const char *key, void *arg), void *arg, kx_error *err);
/* Calls fn(term, termfreq, arg) for every term starting with `prefix`. */
int kx_db_allterms(const kx_db *db, const char *prefix,
                   int (*fn)(const char *term, unsigned freq, void *arg), void *arg,
                   kx_error *err);
/* Calls fn(docid, arg) for every document indexed by `term`. */
int kx_db_postings(const kx_db *db, const char *term,
                   int (*fn)(unsigned docid, void *arg), void *arg, kx_error *err);

/* The positions of `term` in document `docid`, ascending, at most `cap`
 * into out; *n receives how many (0 when the document lacks the term or
 * the index keeps no positions for it). */
int kx_db_positions(const kx_db *db, unsigned docid, const char *term, unsigned *out,
                    size_t cap, size_t *n, kx_error *err);

/* Whether document `docid` is indexed by `term` (*out 1 or 0). */
int kx_db_has_term(const kx_db *db, unsigned docid, const char *term, int *out, kx_error *err);

/* Documents are added, replaced and deleted by a unique id term (e.g. "Q…"). */
int kx_db_add_document(kx_db *db, unsigned *docid_out, const kx_doc *doc, kx_error *err);
int kx_db_replace_document(kx_db *db, const char *idterm, const kx_doc *doc, kx_error *err);
int kx_db_delete_documents(kx_db *db, const char *term, kx_error *err);
/* Fetches a stored document by Xapian docid; KX_ENOTFOUND when absent. */
int kx_db_get_document(kx_doc **out, const kx_db *db, unsigned docid, kx_error *err);

/* Spelling dictionary and synonyms live in the database. */
int kx_db_add_spelling(kx_db *db, const char *word, unsigned freq_inc, kx_error *err);
/* The closest known spelling within max_edits, or "" when there is none. */
int kx_db_spelling_suggestion(const kx_db *db, char **out, const char *word,
                              unsigned max_edits, kx_error *err);
int kx_db_add_synonym(kx_db *db, const char *term, const char *synonym, kx_error *err);
int kx_db_clear_synonyms(kx_db *db, const char *term, kx_error *err);
/* Calls fn(synonym, arg) for each synonym of `term`. */
int kx_db_synonyms(const kx_db *db, const char *term,
                   int (*fn)(const char *syn, void *arg), void *arg, kx_error *err);

/* ---- documents ---------------------------------------------------------- */

int kx_doc_new(kx_doc **out, kx_error *err);
void kx_doc_free(kx_doc *doc);
int kx_doc_set_data(kx_doc *doc, const char *data, size_t len, kx_error *err);
/* The stored data; *len receives its length.  Valid until `doc` changes. */
const char *kx_doc_data(const kx_doc *doc, size_t *len);
int kx_doc_add_term(kx_doc *doc, const char *term, unsigned wdf_inc, kx_error *err);
int kx_doc_add_boolean_term(kx_doc *doc, const char *term, kx_error *err);
int kx_doc_add_posting(kx_doc *doc, const char *term, unsigned pos,
                       unsigned wdf_inc, kx_error *err);
int kx_doc_set_value(kx_doc *doc, unsigned slot, const char *value, size_t len,
                     kx_error *err);
/* The value in `slot` ("" when unset); valid until `doc` changes. */
const char *kx_doc_value(const kx_doc *doc, unsigned slot, size_t *len);
unsigned kx_doc_docid(const kx_doc *doc);
/* Whether a database would take the document: KX_EINVAL naming the first
 * term over the backend's length limit (245 bytes), which Xapian refuses
 * only when the document is written, after throwing away every
 * uncommitted change. */
int kx_doc_check(const kx_doc *doc, kx_error *err);
/* Calls fn(term, wdf, arg) for each term of the document, in sorted order. */
int kx_doc_terms(const kx_doc *doc, int (*fn)(const char *term, unsigned wdf, void *arg),
                 void *arg, kx_error *err);

/* Xapian's sortable encoding of a number, for numeric value ranges;
 * writes at most 18 bytes to buf and returns the length. */
size_t kx_sortable_serialise(double value, char buf[18]);
double kx_sortable_unserialise(const char *buf, size_t len);

/* ---- stemming and term generation --------------------------------------- */

/* `language` as Xapian names it ("norwegian", "none", …); unknown → KX_EINVAL. */
int kx_stem_new(kx_stem **out, const char *language, kx_error *err);
void kx_stem_free(kx_stem *stem);
/* The stem of `word`, malloc'd. */
int kx_stem_word(const kx_stem *stem, char **out, const char *word, kx_error *err);

/* A TermGenerator indexes free text into a document with positions. */
int kx_termgen_new(kx_termgen **out, const kx_stem *stem, kx_error *err);
void kx_termgen_free(kx_termgen *tg);
/* Sets the document further calls write into (the termgen does not own it). */
void kx_termgen_set_document(kx_termgen *tg, kx_doc *doc);
/* Makes the termgen record words for the spelling dictionary in `db`. */
void kx_termgen_set_database(kx_termgen *tg, kx_db *db);
/* Indexes `text` with the given wdf increment and term prefix ("" for none). */
int kx_termgen_index_text(kx_termgen *tg, const char *text, size_t len, unsigned wdf_inc,
                          const char *prefix, kx_error *err);
/* Leaves a gap in positions so phrases do not match across fields. */
void kx_termgen_increase_termpos(kx_termgen *tg, unsigned delta);
unsigned kx_termgen_termpos(const kx_termgen *tg);
void kx_termgen_set_termpos(kx_termgen *tg, unsigned pos);
enum { KX_TG_SPELLING = 1 };
void kx_termgen_set_flags(kx_termgen *tg, int flags);

/* ---- queries ------------------------------------------------------------ */

enum {
    KX_OP_AND, KX_OP_OR, KX_OP_AND_NOT, KX_OP_FILTER, KX_OP_AND_MAYBE,
    KX_OP_PHRASE, KX_OP_NEAR, KX_OP_ELITE_SET, KX_OP_SYNONYM, KX_OP_MAX,
    KX_OP_SCALE_WEIGHT, KX_OP_VALUE_RANGE, KX_OP_XOR
};

int kx_query_term(kx_query **out, const char *term, unsigned wqf, unsigned pos, kx_error *err);
/* Combines subqueries; `window` is used by PHRASE and NEAR (0 = their size). */
int kx_query_combine(kx_query **out, int op, kx_query *const *subs, size_t n,
                     unsigned window, kx_error *err);
int kx_query_scale(kx_query **out, const kx_query *q, double factor, kx_error *err);
/* Documents whose value in `slot` lies in [lo, hi] (strings compare bytewise). */
int kx_query_value_range(kx_query **out, unsigned slot, const char *lo, const char *hi,
                         kx_error *err);
/* Matches every document. */
int kx_query_match_all(kx_query **out, kx_error *err);
/* Terms with `prefix` + the given word stem, expanded up to max_expansion. */
int kx_query_wildcard(kx_query **out, const char *pattern, unsigned max_expansion,
                      kx_error *err);
/* Xapian's own description of the query, malloc'd (for logs and tests). */
int kx_query_describe(const kx_query *q, char **out, kx_error *err);
int kx_query_is_empty(const kx_query *q);
void kx_query_free(kx_query *q);

/* The query parser. Flags mirror Xapian::QueryParser's. */
enum {
    KX_QP_BOOLEAN = 1, KX_QP_PHRASE = 2, KX_QP_LOVEHATE = 4, KX_QP_BOOLEAN_ANY_CASE = 8,
    KX_QP_WILDCARD = 16, KX_QP_PURE_NOT = 32, KX_QP_PARTIAL = 64,
    KX_QP_SPELLING_CORRECTION = 128, KX_QP_SYNONYM = 256, KX_QP_AUTO_SYNONYMS = 512,
    KX_QP_AUTO_MULTIWORD_SYNONYMS = 1024, KX_QP_DEFAULT = 1 | 2 | 4
};
enum { KX_STEM_NONE, KX_STEM_SOME, KX_STEM_ALL, KX_STEM_ALL_Z };

int kx_qparser_new(kx_qparser **out, kx_error *err);
void kx_qparser_free(kx_qparser *qp);
void kx_qparser_set_stemmer(kx_qparser *qp, const kx_stem *stem, int strategy);
void kx_qparser_set_database(kx_qparser *qp, const kx_db *db);
/* OR or AND between plain words. */
void kx_qparser_set_default_op(kx_qparser *qp, int op);
int kx_qparser_add_prefix(kx_qparser *qp, const char *field, const char *prefix, kx_error *err);
int kx_qparser_add_boolean_prefix(kx_qparser *qp, const char *field, const char *prefix,
                                  kx_error *err);
/* field:lo..hi ranges over a value slot; numeric=1 uses sortable_serialise. */
int kx_qparser_add_range(kx_qparser *qp, unsigned slot, const char *field, int numeric,
                         kx_error *err);
void kx_qparser_set_max_expansion(kx_qparser *qp, unsigned max);
/* Parses; a syntax error gives KX_EQUERY with Xapian's message. */
int kx_qparser_parse(kx_query **out, kx_qparser *qp, const char *text, int flags,
                     const char *default_prefix, kx_error *err);
/* After a parse with KX_QP_SPELLING_CORRECTION: the corrected query or "". */
int kx_qparser_corrected(const kx_qparser *qp, char **out, kx_error *err);

/* ---- matching ----------------------------------------------------------- */

int kx_enquire_new(kx_enquire **out, const kx_db *db, kx_error *err);
void kx_enquire_free(kx_enquire *enq);
int kx_enquire_set_query(kx_enquire *enq, const kx_query *q, kx_error *err);
/* BM25 parameters (Xapian's defaults: k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5). */
int kx_enquire_set_bm25(kx_enquire *enq, double k1, double k2, double k3, double b,
                        double min_normlen, kx_error *err);
/* Sort by relevance (slot < 0) or by a value, then relevance. */
void kx_enquire_set_sort(kx_enquire *enq, int slot, int reverse);
/* At most `max` documents per distinct value of `slot` (collapse key);
 * max 0 turns collapsing off. */
void kx_enquire_set_collapse(kx_enquire *enq, unsigned slot, unsigned max);
/* Stops matching after `seconds` and returns what was found so far. */
void kx_enquire_set_time_limit(kx_enquire *enq, double seconds);

/* A value-count match spy tallies the values of `slot` over the documents
 * the match looked at (facets).  Register before kx_enquire_mset.  The
 * enquire only points at the spy: free the spy after the enquire. */
int kx_spy_new(kx_spy **out, unsigned slot, kx_error *err);
void kx_spy_free(kx_spy *spy);
int kx_enquire_add_spy(kx_enquire *enq, kx_spy *spy, kx_error *err);
unsigned kx_spy_total(const kx_spy *spy);
/* Calls fn(value, len, count, arg) for each value seen, most frequent first. */
int kx_spy_values(const kx_spy *spy, int (*fn)(const char *value, size_t len,
                                               unsigned count, void *arg),
                  void *arg, kx_error *err);

/* Runs the match; check_at_least makes the estimate exact up to that many. */
int kx_enquire_mset(kx_mset **out, kx_enquire *enq, unsigned first, unsigned max,
                    unsigned check_at_least, kx_error *err);
void kx_mset_free(kx_mset *mset);
unsigned kx_mset_size(const kx_mset *mset);
unsigned kx_mset_estimated(const kx_mset *mset);
unsigned kx_mset_upper_bound(const kx_mset *mset);
unsigned kx_mset_docid(const kx_mset *mset, unsigned i);
double kx_mset_weight(const kx_mset *mset, unsigned i);
/* How many documents were collapsed into hit i. */
unsigned kx_mset_collapse_count(const kx_mset *mset, unsigned i);
int kx_mset_document(kx_doc **out, const kx_mset *mset, unsigned i, kx_error *err);
/* Xapian's snippet of `text` for this match set: at most `length` bytes,
 * matched terms wrapped in hi_start/hi_end, malloc'd.  The text comes back
 * HTML-escaped; NULL markers mean "<b>", "</b>" and "...". */
int kx_mset_snippet(const kx_mset *mset, char **out, const char *text, size_t len,
                    size_t length, const kx_stem *stem, const char *hi_start,
                    const char *hi_end, const char *omit, kx_error *err);
/* Calls fn(term, arg) for each query term that matched document i. */
int kx_enquire_matching_terms(const kx_enquire *enq, const kx_mset *mset, unsigned i,
                              int (*fn)(const char *term, void *arg), void *arg,
                              kx_error *err);

/* ---- building queries without the query parser -------------------------- */

/* Documents whose value in `slot` is at least `lo` (kx_query_value_ge) or
 * at most `hi` (kx_query_value_le): a range open at one end. */
int kx_query_value_ge(kx_query **out, unsigned slot, const char *lo, kx_error *err);
int kx_query_value_le(kx_query **out, unsigned slot, const char *hi, kx_error *err);
/* Calls fn(word, arg) for each word of text[0, len) in order, split and
 * lower-cased as Xapian's TermGenerator splits text when indexing ("IA-avtale"
 * gives "ia", "avtale"; "5.204" stays one word), so a query's words meet
 * the index's terms; fn returns non-zero to stop. */
int kx_text_words(const char *text, size_t len, int (*fn)(const char *word, void *arg),
                  void *arg, kx_error *err);

/* ---- matching fast: what a search reads of a match ----------------------- */

/* Restricts the match to documents indexed by `term` (every call adds one):
 * the same documents as an OP_FILTER on it, but a term most documents hold
 * (a unit's kind) is checked only on the candidates that could still enter
 * the result, not along its whole posting list.  With such a term the
 * estimate past check_at_least scales by the share of candidates it let
 * through; up to check_at_least the count stays exact. */
int kx_enquire_require_term(kx_enquire *enq, const char *term, kx_error *err);

/* Hit i's stored data, malloc'd into *out (*len its length): without the
 * document's values, which Xapian reads slot by slot from their streams,
 * the dearest part of fetching a hit. */
int kx_mset_data(const kx_mset *mset, unsigned i, char **out, size_t *len, kx_error *err);

/* For each of n documents, whether `term` indexes it (out[k] 1 or 0), in
 * one pass over the term's posting list (docids in any order). */
int kx_db_term_in_docs(const kx_db *db, const char *term, const unsigned *docids, size_t n,
                       int *out, kx_error *err);

/* ---- bulk writing ------------------------------------------------------- */

/* Writes a compacted copy of the committed revision of `db` (writable or
 * not) into the new folder `dest`: every B-tree block full, so a database
 * built in one go takes about half the room.  Document ids are kept. */
int kx_db_compact(kx_db *db, const char *dest, kx_error *err);

/* Removes the folder `path` if it holds nothing but a database's files (a
 * compacted copy, whole or cut short); one that holds anything else, or
 * nothing by that name, is left as it is. */
void kx_db_remove_copy(const char *path);

#ifdef __cplusplus
}
#endif
#endif
