#include "writer.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <jansson.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bands.h"
#include "kx.h"

/* Metadata keys; paths are hashed because Xapian caps key length. */
#define META_FILE "kilde:file:"
#define META_DOC "kilde:doc:"
#define META_LSH "kilde:lsh:" /* bands as indexers before version 5 kept them */
/* Of the documents sharing a fingerprint band with a file, the ones
 * judged (a band shared by more is a boilerplate text, not a twin). */
#define MAX_HOLDERS 16
#define MAX_CANDIDATES 64

struct kwriter {
    kx_db *db;
    const kschema *schema;
    char path[4096];
    /* spelling words of the batch and their counts (word → GUINT_TO_POINTER):
     * Xapian's add_spelling costs the same for a word seen 1 or 1,000
     * times, so each word is added once per commit */
    GHashTable *spelling;
    /* for finding near-duplicates: built from the file records when first
     * asked (bands.h) */
    kbands *bands;
    bool fresh; /* opened empty: the run builds the index from nothing */
};

static int from_kx(kerr *err, const kx_error *xerr, const char *db_path)
{
    int code = xerr->code == KX_ELOCKED ? KERR_LOCKED : KERR_FAIL;
    if (code == KERR_LOCKED)
        return kerr_set(err, code, "%s is locked: another indexer is writing to it", db_path);
    return kerr_set(err, code, "%s: %s", db_path, xerr->message);
}

static void hex_digest(GChecksumType type, const char *s, char *out, size_t n)
{
    gchar *hex = g_compute_checksum_for_string(type, s, -1);
    snprintf(out, n, "%s", hex);
    g_free(hex);
}

static void file_meta_key(const char *real_path, char key[64])
{
    char h[41];
    hex_digest(G_CHECKSUM_SHA1, real_path, h, sizeof h);
    snprintf(key, 64, META_FILE "%s", h);
}

void writer_file_term(const kschema *schema, const char *real_path, char *out, size_t n)
{
    char h[41];
    hex_digest(G_CHECKSUM_SHA1, real_path, h, sizeof h);
    snprintf(out, n, "%s%.16s", kschema_field(schema, "file")->boolean_prefix, h);
}

void writer_doc_id(const char *identity, char out[17])
{
    char h[65];
    hex_digest(G_CHECKSUM_SHA256, identity, h, sizeof h);
    snprintf(out, 17, "%.16s", h);
}

static int flush_spelling(kwriter *w, kerr *err);

/* Xapian creates the database folder but not its parents (var/ of var/index). */
static void make_parents(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(buf, 0755);
        *p = '/';
    }
}

static int count_key(const char *key, void *arg);

static int note_fresh(kwriter *w, kerr *err)
{
    kx_error xerr;
    unsigned units = 0;
    size_t records = 0;
    if (kx_db_doccount(w->db, &units, &xerr) != KX_OK ||
        kx_db_metadata_keys(w->db, META_FILE, count_key, &records, &xerr) != KX_OK)
        return from_kx(err, &xerr, w->path);
    w->fresh = units == 0 && records == 0;
    return 0;
}


int writer_open(kwriter **out, const char *db_path, const kschema *schema, kerr *err)
{
    *out = NULL;
    kwriter *w = calloc(1, sizeof *w);
    if (!w)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    snprintf(w->path, sizeof w->path, "%s", db_path);
    w->schema = schema;
    w->spelling = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    kx_error xerr;
    int rc = 0;
    make_parents(db_path);
    if (kx_db_open(&w->db, db_path, KX_DB_CREATE_OR_OPEN, &xerr) != KX_OK)
        rc = from_kx(err, &xerr, db_path);
    else
        rc = kschema_check_index(schema, w->db, db_path, true, err);
    if (rc == 0)
        rc = note_fresh(w, err);
    if (rc) {
        writer_close(w);
        return rc;
    }
    /* A run killed while compacting its first build leaves the copy (or,
     * after the swap, the build) beside the index; the next run, fresh or
     * not, holds the lock now, so no one else is compacting. */
    char copy[sizeof w->path + 16];
    snprintf(copy, sizeof copy, "%s.compact", w->path);
    kx_db_remove_copy(copy);
    *out = w;
    return 0;
}

void writer_close(kwriter *w)
{
    if (!w)
        return;
    kerr ignored;
    if (w->db) /* Xapian commits what is pending on closing: the words too */
        flush_spelling(w, &ignored);
    kx_db_close(w->db);
    g_hash_table_destroy(w->spelling);
    bands_free(w->bands);
    free(w);
}

/* ---- records ----------------------------------------------------------- */

static char *get_meta(kwriter *w, const char *key)
{
    char *value = NULL;
    kx_error xerr;
    if (kx_db_get_metadata(w->db, &value, key, &xerr) != KX_OK || !*value) {
        free(value);
        return NULL;
    }
    return value;
}

static json_t *get_json_meta(kwriter *w, const char *key)
{
    char *value = get_meta(w, key);
    json_t *j = value ? json_loads(value, 0, NULL) : NULL;
    free(value);
    return j;
}

static void copy_str(char *dst, size_t n, json_t *j, const char *name)
{
    const char *s = json_string_value(json_object_get(j, name));
    snprintf(dst, n, "%s", s ? s : "");
}

/* A path as the record keeps it: the string itself, or, for a name that is
 * not UTF-8, its bytes from name_hex (see set_path). */
static void copy_path(char *dst, size_t n, json_t *j, const char *name)
{
    char key[32];
    snprintf(key, sizeof key, "%s_hex", name);
    const char *hex = json_string_value(json_object_get(j, key));
    if (!hex) {
        copy_str(dst, n, j, name);
        return;
    }
    size_t w = 0;
    for (; w + 1 < n && g_ascii_isxdigit(hex[0]) && g_ascii_isxdigit(hex[1]); hex += 2)
        dst[w++] = (char)(g_ascii_xdigit_value(hex[0]) << 4 | g_ascii_xdigit_value(hex[1]));
    dst[w] = '\0';
}

static void record_from_json(kfile_record *rec, json_t *j)
{
    memset(rec, 0, sizeof *rec);
    copy_path(rec->path, sizeof rec->path, j, "path");
    copy_str(rec->hash, sizeof rec->hash, j, "hash");
    copy_str(rec->doc_id, sizeof rec->doc_id, j, "doc_id");
    copy_path(rec->dup_of, sizeof rec->dup_of, j, "dup_of");
    copy_str(rec->format, sizeof rec->format, j, "format");
    copy_str(rec->doi, sizeof rec->doi, j, "doi");
    copy_str(rec->date, sizeof rec->date, j, "date");
    copy_str(rec->family, sizeof rec->family, j, "family");
    copy_str(rec->version_of, sizeof rec->version_of, j, "version_of");
    if (!rec->family[0]) /* written before families: a family of one */
        snprintf(rec->family, sizeof rec->family, "%s", rec->doc_id);
    rec->units = (unsigned)json_integer_value(json_object_get(j, "units"));
    rec->pages = (unsigned)json_integer_value(json_object_get(j, "pages"));
    rec->analysis = (int)json_integer_value(json_object_get(j, "analysis"));
}

int writer_find_record(kwriter *w, const char *real_path, kfile_record *rec)
{
    char key[64];
    file_meta_key(real_path, key);
    json_t *j = get_json_meta(w, key);
    if (!j)
        return 0;
    record_from_json(rec, j);
    json_decref(j);
    return 1;
}

typedef struct each_ctx {
    kwriter *w;
    char **keys;
    size_t n, cap;
} each_ctx;

static int collect_key(const char *key, void *arg)
{
    each_ctx *c = arg;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        char **keys = realloc(c->keys, c->cap * sizeof *keys);
        if (!keys)
            return 1;
        c->keys = keys;
    }
    c->keys[c->n++] = strdup(key);
    return 0;
}

int writer_each_record(kwriter *w, int (*fn)(const kfile_record *rec, void *arg), void *arg)
{
    each_ctx c = {w, NULL, 0, 0};
    kx_error xerr;
    /* keys are collected first: fn may change metadata while we iterate */
    int rc = kx_db_metadata_keys(w->db, META_FILE, collect_key, &c, &xerr) == KX_OK ? 0 : -1;
    for (size_t i = 0; i < c.n; i++) {
        json_t *j = rc == 0 && c.keys[i] ? get_json_meta(w, c.keys[i]) : NULL;
        if (j) {
            kfile_record rec;
            record_from_json(&rec, j);
            json_decref(j);
            if (fn(&rec, arg))
                rc = 1;
        }
        free(c.keys[i]);
    }
    free(c.keys);
    return rc;
}

/* ---- duplicates and versions ------------------------------------------ */

/* Another file that declared the same identity (DOI, record id). */
static bool same_identity(kwriter *w, const kfile_record *rec, kkinship *out)
{
    char key[64];
    snprintf(key, sizeof key, META_DOC "%s", rec->doc_id);
    char *owner = get_meta(w, key);
    bool same = owner && strcmp(owner, rec->path) != 0;
    if (same) {
        out->kind = rec->doi[0] ? KIN_SAME_DOI : KIN_SAME_ID;
        snprintf(out->path, sizeof out->path, "%s", owner);
        snprintf(out->doc_id, sizeof out->doc_id, "%s", rec->doc_id);
    }
    free(owner);
    return same;
}

/* A record's signature: "fp16" since version 5, the hex "fp" before. */
static bool record_fingerprint(json_t *j, kfingerprint *fp)
{
    return fingerprint_decode(fp, json_string_value(json_object_get(j, "fp16"))) ||
           fingerprint_from_hex(fp, json_string_value(json_object_get(j, "fp")));
}

/* Judges the file that claims other_doc against rec; false when it is
 * rec's own file or has no fingerprint. */
static bool judge_candidate(kwriter *w, const char *other_doc, const kfile_record *rec,
                            const kfingerprint *fp, kkinship *out)
{
    char key[64];
    snprintf(key, sizeof key, META_DOC "%s", other_doc);
    char *owner = get_meta(w, key);
    json_t *j = NULL;
    if (owner && strcmp(owner, rec->path) != 0) {
        file_meta_key(owner, key);
        j = get_json_meta(w, key);
    }
    kfingerprint ofp;
    bool ok = j && record_fingerprint(j, &ofp);
    if (ok) {
        kfile_record other;
        record_from_json(&other, j);
        memset(out, 0, sizeof *out);
        out->similarity = fingerprint_similarity(fp, &ofp);
        kkin_facts mine = {rec->doi, rec->date, rec->format};
        kkin_facts theirs = {other.doi, other.date, other.format};
        out->kind = kinship_judge(&mine, &theirs, out->similarity);
        out->other_format = other.format[0] && strcmp(other.format, rec->format) != 0;
        snprintf(out->path, sizeof out->path, "%s", owner);
        snprintf(out->doc_id, sizeof out->doc_id, "%s", other.doc_id);
        snprintf(out->family, sizeof out->family, "%s", other.family);
    }
    json_decref(j);
    free(owner);
    return ok;
}

static void doc_id_of(uint64_t n, char out[17])
{
    snprintf(out, 17, "%016" PRIx64, n);
}

static void hold_bands(kwriter *w, const kfingerprint *fp, const char *doc_id)
{
    uint64_t doc = g_ascii_strtoull(doc_id, NULL, 16);
    for (int b = 0; b < FP_BANDS; b++)
        bands_hold(w->bands, fingerprint_band(fp, b), doc);
}

static void release_bands(kwriter *w, const kfingerprint *fp, const char *doc_id)
{
    uint64_t doc = g_ascii_strtoull(doc_id, NULL, 16);
    for (int b = 0; w->bands && b < FP_BANDS; b++)
        bands_release(w->bands, fingerprint_band(fp, b), doc);
}

typedef struct band_load {
    kwriter *w;
    char **stale;  /* kilde:lsh: keys of indexers before version 5 */
    size_t nstale, cap;
} band_load;

static int load_record_bands(const char *key, void *arg)
{
    band_load *l = arg;
    json_t *j = get_json_meta(l->w, key);
    const char *doc_id = json_string_value(json_object_get(j, "doc_id"));
    const char *dup_of = json_string_value(json_object_get(j, "dup_of"));
    kfingerprint fp;
    if (doc_id && !(dup_of && *dup_of) && record_fingerprint(j, &fp))
        hold_bands(l->w, &fp, doc_id);
    json_decref(j);
    return 0;
}

static int collect_stale(const char *key, void *arg)
{
    band_load *l = arg;
    if (l->nstale == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        char **keys = realloc(l->stale, l->cap * sizeof *keys);
        if (!keys)
            return 1;
        l->stale = keys;
    }
    l->stale[l->nstale++] = strdup(key);
    return 0;
}

static int set_meta(kwriter *w, const char *key, const char *value, kerr *err);

/* The band index, from the records; bands that older indexers kept as
 * metadata are dropped on the way (they join the next commit). */
static int load_bands(kwriter *w, kerr *err)
{
    if (w->bands)
        return 0;
    w->bands = bands_new();
    band_load l = {w, NULL, 0, 0};
    kx_error xerr;
    int rc = 0;
    if (kx_db_metadata_keys(w->db, META_FILE, load_record_bands, &l, &xerr) != KX_OK ||
        kx_db_metadata_keys(w->db, META_LSH, collect_stale, &l, &xerr) != KX_OK)
        rc = from_kx(err, &xerr, w->path);
    for (size_t i = 0; i < l.nstale; i++) {
        if (rc == 0 && l.stale[i])
            rc = set_meta(w, l.stale[i], "", err);
        free(l.stale[i]);
    }
    free(l.stale);
    if (rc) {
        bands_free(w->bands);
        w->bands = NULL;
    }
    return rc;
}

int writer_find_kin(kwriter *w, const kfile_record *rec, const kfingerprint *fp, kkinship *out)
{
    memset(out, 0, sizeof *out);
    if (same_identity(w, rec, out))
        return 1;
    kerr err;
    if (!fingerprint_usable(fp) || load_bands(w, &err))
        return 0;
    uint64_t seen[MAX_CANDIDATES];
    size_t nseen = 0;
    seen[nseen++] = g_ascii_strtoull(rec->doc_id, NULL, 16); /* not its own kin */
    for (int b = 0; b < FP_BANDS; b++) {
        uint64_t holders[MAX_HOLDERS];
        size_t n = bands_holders(w->bands, fingerprint_band(fp, b), holders, MAX_HOLDERS);
        for (size_t h = 0; h < n && h < MAX_HOLDERS && nseen < MAX_CANDIDATES; h++) {
            bool fresh = true;
            for (size_t k = 0; fresh && k < nseen; k++)
                fresh = seen[k] != holders[h];
            if (!fresh)
                continue;
            seen[nseen++] = holders[h];
            char other[17];
            doc_id_of(holders[h], other);
            kkinship cand;
            if (judge_candidate(w, other, rec, fp, &cand) && kinship_better(&cand, out))
                *out = cand;
        }
    }
    return out->kind != KIN_NONE;
}

/* ---- writing ----------------------------------------------------------- */

static int set_meta(kwriter *w, const char *key, const char *value, kerr *err)
{
    kx_error xerr;
    if (kx_db_set_metadata(w->db, key, value, &xerr) != KX_OK)
        return from_kx(err, &xerr, w->path);
    return 0;
}

int writer_set_last_run(kwriter *w, const char *json, kerr *err)
{
    return set_meta(w, KSCHEMA_META_LAST_RUN, json, err);
}

/* Forgets what the old record of this file claimed: its document and bands. */
static int drop_claims(kwriter *w, const char *real_path, kerr *err)
{
    char key[64];
    file_meta_key(real_path, key);
    json_t *old = get_json_meta(w, key);
    if (!old)
        return 0;
    int rc = 0;
    const char *doc_id = json_string_value(json_object_get(old, "doc_id"));
    char dkey[64];
    snprintf(dkey, sizeof dkey, META_DOC "%s", doc_id ? doc_id : "");
    char *owner = get_meta(w, dkey);
    if (owner && strcmp(owner, real_path) == 0) {
        rc = set_meta(w, dkey, "", err);
        kfingerprint fp;
        if (doc_id && record_fingerprint(old, &fp))
            release_bands(w, &fp, doc_id);
    }
    free(owner);
    json_decref(old);
    return rc;
}

static int delete_units(kwriter *w, const char *real_path, kerr *err)
{
    char term[64];
    writer_file_term(w->schema, real_path, term, sizeof term);
    kx_error xerr;
    if (kx_db_delete_documents(w->db, term, &xerr) != KX_OK)
        return from_kx(err, &xerr, w->path);
    return 0;
}

/* jansson takes only UTF-8, and a file name is bytes: a name that is not
 * UTF-8 is kept byte for byte in hex under name_hex, beside a readable
 * form with U+FFFD for each byte that is not. */
static int set_path(json_t *j, const char *name, const char *path)
{
    if (g_utf8_validate(path, -1, NULL))
        return json_object_set_new(j, name, json_string(path));
    gchar *shown = g_utf8_make_valid(path, -1);
    size_t n = strlen(path);
    char *hex = malloc(2 * n + 1), key[32];
    for (size_t i = 0; hex && i < n; i++)
        snprintf(hex + 2 * i, 3, "%02x", (unsigned char)path[i]);
    snprintf(key, sizeof key, "%s_hex", name);
    int rc = hex ? json_object_set_new(j, name, json_string(shown)) : -1;
    if (rc == 0)
        rc = json_object_set_new(j, key, json_string(hex));
    free(hex);
    g_free(shown);
    return rc;
}

/* The record's text, built whole before anything is written (NULL when
 * memory ran out). */
static char *record_json(const kfile_record *rec, const kfingerprint *fp)
{
    json_t *j = json_pack("{s:s, s:s, s:i, s:i, s:i}", "hash", rec->hash, "doc_id",
                          rec->doc_id, "units", rec->units, "pages", rec->pages, "analysis",
                          ANALYSIS_VERSION);
    int rc = j ? set_path(j, "path", rec->path) | set_path(j, "dup_of", rec->dup_of) : -1;
    if (rc == 0) /* what kinship.c decides by; ASCII all */
        rc = json_object_set_new(j, "format", json_string(rec->format)) |
             json_object_set_new(j, "doi", json_string(rec->doi)) |
             json_object_set_new(j, "date", json_string(rec->date)) |
             json_object_set_new(j, "family",
                                 json_string(rec->family[0] ? rec->family : rec->doc_id)) |
             json_object_set_new(j, "version_of", json_string(rec->version_of));
    if (rc == 0 && fp && !rec->dup_of[0] && fingerprint_usable(fp)) {
        char encoded[FP_ENCODED_LEN + 1];
        fingerprint_encode(fp, encoded);
        rc = json_object_set_new(j, "fp16", json_string(encoded));
    }
    char *text = rc == 0 ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return text;
}

static int claim_document(kwriter *w, const kfile_record *rec, const kfingerprint *fp,
                          kerr *err)
{
    char key[64];
    snprintf(key, sizeof key, META_DOC "%s", rec->doc_id);
    int rc = set_meta(w, key, rec->path, err);
    if (rc == 0 && fp && fingerprint_usable(fp))
        rc = load_bands(w, err);
    if (rc == 0 && fp && fingerprint_usable(fp))
        hold_bands(w, fp, rec->doc_id);
    return rc;
}

/* Unprefixed, unstemmed terms are the words as written: the vocabulary a
 * spelling suggestion may propose.  Prefixed terms start with an upper-case
 * letter, stemmed ones with 'Z'. */
static int count_spelling(const char *term, unsigned wdf, void *arg)
{
    GHashTable *counts = arg;
    unsigned char first = (unsigned char)term[0];
    if ((first >= 'A' && first <= 'Z') || strlen(term) < 3 || strspn(term, "0123456789.,") == strlen(term))
        return 0;
    gpointer old = NULL;
    if (g_hash_table_lookup_extended(counts, term, NULL, &old))
        g_hash_table_insert(counts, g_strdup(term), GUINT_TO_POINTER(GPOINTER_TO_UINT(old) + wdf));
    else
        g_hash_table_insert(counts, g_strdup(term), GUINT_TO_POINTER(wdf));
    return 0;
}

/* The batch's spelling words go to Xapian just before its commit. */
static int flush_spelling(kwriter *w, kerr *err)
{
    GHashTableIter it;
    gpointer word, count;
    kx_error xerr;
    int rc = 0;
    g_hash_table_iter_init(&it, w->spelling);
    while (rc == 0 && g_hash_table_iter_next(&it, &word, &count))
        if (kx_db_add_spelling(w->db, word, GPOINTER_TO_UINT(count), &xerr) != KX_OK)
            rc = from_kx(err, &xerr, w->path);
    g_hash_table_remove_all(w->spelling);
    return rc;
}

static int write_units(kwriter *w, const kanalysed *units, kerr *err)
{
    kx_error xerr;
    for (size_t i = 0; i < units->n; i++) {
        if (kx_db_replace_document(w->db, units->idterms[i], units->docs[i], &xerr) != KX_OK)
            return from_kx(err, &xerr, w->path);
        if (kx_doc_terms(units->docs[i], count_spelling, w->spelling, &xerr) != KX_OK)
            return kerr_set(err, KERR_FAIL, "%s: cannot add to the spelling dictionary", w->path);
    }
    return 0;
}

/* Every document Xapian would refuse, found before the first write: a
 * refusal during the write would throw away the whole uncommitted batch. */
static int check_units(const kanalysed *units, kerr *err)
{
    kx_error xerr;
    for (size_t i = 0; i < units->n; i++)
        if (kx_doc_check(units->docs[i], &xerr) != KX_OK)
            return kerr_set(err, KERR_INVALID, "unit %s: %s", units->idterms[i], xerr.message);
    return 0;
}

/* A file's changes go in one unflushed transaction, so they join the batch
 * whole or not at all, and Xapian's own automatic commit never takes half
 * of them. */
static int begin_file(kwriter *w, kerr *err)
{
    kx_error xerr;
    if (kx_db_begin_unflushed(w->db, &xerr) != KX_OK)
        return from_kx(err, &xerr, w->path);
    return 0;
}

/* Ends the file's transaction; on a failure it is cancelled, which drops
 * the rest of the uncommitted batch as well (see kx.h). */
static int end_file(kwriter *w, int rc, kerr *err)
{
    kx_error xerr;
    if (rc == 0 && kx_db_commit_transaction(w->db, &xerr) != KX_OK)
        rc = from_kx(err, &xerr, w->path);
    if (rc) { /* the batch is gone, its words with it */
        kx_db_cancel_transaction(w->db, NULL);
        g_hash_table_remove_all(w->spelling);
        bands_free(w->bands); /* it may hold the lost files' bands: built again when asked */
        w->bands = NULL;
    }
    return rc;
}

static int put_file(kwriter *w, const kfile_record *rec, const kanalysed *units,
                    const kfingerprint *fp, const char *record, kerr *err)
{
    int rc = drop_claims(w, rec->path, err);
    if (rc == 0)
        rc = delete_units(w, rec->path, err);
    if (rc == 0 && !rec->dup_of[0]) {
        rc = write_units(w, units, err);
        if (rc == 0)
            rc = claim_document(w, rec, fp, err);
    }
    char key[64];
    file_meta_key(rec->path, key);
    return rc ? rc : set_meta(w, key, record, err);
}

int writer_put_file(kwriter *w, const kfile_record *rec, const kanalysed *units,
                    const kfingerprint *fp, kerr *err)
{
    char *record = record_json(rec, fp);
    int rc = record ? 0 : kerr_set(err, KERR_INVALID, "out of memory");
    if (rc == 0 && !rec->dup_of[0])
        rc = check_units(units, err);
    if (rc == 0)
        rc = begin_file(w, err);
    if (rc == 0)
        rc = end_file(w, put_file(w, rec, units, fp, record, err), err);
    free(record);
    return rc;
}

int writer_remove_file(kwriter *w, const char *real_path, kerr *err)
{
    int rc = begin_file(w, err);
    if (rc)
        return rc;
    rc = drop_claims(w, real_path, err);
    if (rc == 0)
        rc = delete_units(w, real_path, err);
    char key[64];
    file_meta_key(real_path, key);
    if (rc == 0)
        rc = set_meta(w, key, "", err);
    return end_file(w, rc, err);
}

int writer_commit(kwriter *w, kerr *err)
{
    kx_error xerr;
    int rc = flush_spelling(w, err);
    if (rc)
        return rc;
    if (kx_db_commit(w->db, &xerr) != KX_OK)
        return from_kx(err, &xerr, w->path);
    return 0;
}

static int count_key(const char *key, void *arg)
{
    (void)key;
    (*(size_t *)arg)++;
    return 0;
}

int writer_totals(kwriter *w, size_t *documents, size_t *units, kerr *err)
{
    kx_error xerr;
    unsigned n = 0;
    *documents = 0;
    /* a document's id is claimed by the one file indexed for it (a key set
     * to "" is gone) */
    if (kx_db_metadata_keys(w->db, META_DOC, count_key, documents, &xerr) != KX_OK ||
        kx_db_doccount(w->db, &n, &xerr) != KX_OK)
        return from_kx(err, &xerr, w->path);
    *units = n;
    return 0;
}

/* ---- compacting a fresh build ------------------------------------------ */


bool writer_fresh(const kwriter *w)
{
    return w->fresh;
}

int writer_compact_fresh(kwriter *w, kerr *err)
{
    if (!w->fresh)
        return 0;
    char copy[sizeof w->path + 16];
    snprintf(copy, sizeof copy, "%s.compact", w->path);
    kx_db_remove_copy(copy); /* left by a run killed while compacting */
    kx_error xerr;
    if (kx_db_compact(w->db, copy, &xerr) != KX_OK) {
        kx_db_remove_copy(copy);
        return from_kx(err, &xerr, w->path);
    }
    /* one atomic swap: whenever the run stops, the index's path holds a
     * whole index, the built one or its compacted copy */
    if (renameat2(AT_FDCWD, copy, AT_FDCWD, w->path, RENAME_EXCHANGE) != 0) {
        int e = errno;
        kx_db_remove_copy(copy);
        if (e == EINVAL || e == ENOSYS) /* a file system without the swap keeps the built one */
            return 0;
        return kerr_set(err, KERR_IO, "%s: cannot put the compacted index in place: %s",
                        w->path, strerror(e));
    }
    kx_db_close(w->db); /* the built one, now at copy; nothing is pending */
    w->db = NULL;
    w->fresh = false;
    kx_db_remove_copy(copy);
    return 0;
}
