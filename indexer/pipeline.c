#include "pipeline.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyse.h"
#include "clean.h"
#include "detect.h"
#include "doi.h"
#include "fingerprint.h"
#include "kinship.h"
#include "lexicon.h"
#include "manifest.h"
#include "metadata.h"
#include "patterns.h"
#include "positions.h"
#include "progress.h"
#include "run_record.h"
#include "schema.h"
#include "split.h"
#include "writer.h"

/* Files larger than this are refused rather than read into memory. */
#define FILE_MAX_BYTES ((size_t)512 << 20)
/* A batch is also committed after this many units. */
#define BATCH_UNITS 4000
/* How far extraction may run ahead of the writer, in files per thread. */
#define AHEAD_PER_JOB 4

typedef enum { JOB_FAILED, JOB_UNCHANGED, JOB_EXTRACTED } job_status;

typedef struct job {
    const kfile *file;
    char old_hash[65];  /* from the index's record; "" when new */
    bool done;
    job_status status;
    const char *stage;  /* where it failed */
    kerr err;
    char hash[65];
    kdoc doc;
    krepair_stats repairs;
    kunits units;
    kfingerprint fp;
    char doc_id[17];
    kanalysed analysed;
} job;

typedef struct run {
    const kindex_options *opt;
    const kschema *schema;
    const kpatterns *patterns;
    const kposrules *positions;
    const kmanifest *manifest;
    krun_record *record;  /* what the run reports, for the index */
    job *jobs;
    size_t njobs;
    size_t next_job;     /* next to hand to a worker */
    size_t next_write;   /* next the writer waits for */
    int next_slot;       /* a worker's place in the watch (watch.h) */
    pthread_mutex_t lock;
    pthread_cond_t changed;
} run;

/* ---- the workers -------------------------------------------------------- */

static int read_file(const char *path, unsigned char **data, size_t *len, kerr *err)
{
    /* O_NONBLOCK: a file replaced by a FIFO since the walk must not block
     * the run (it is refused below); regular files ignore the flag */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return kerr_set(err, KERR_IO, "cannot open: %s", strerror(errno));
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) != 0)
        rc = kerr_set(err, KERR_IO, "cannot stat: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = kerr_set(err, KERR_IO, "no longer a regular file");
    else if ((size_t)st.st_size > FILE_MAX_BYTES)
        rc = kerr_set(err, KERR_TOOLARGE, "file of %lld bytes is over the %zu MiB limit",
                      (long long)st.st_size, FILE_MAX_BYTES >> 20);
    else if (!(*data = malloc((size_t)st.st_size + 1)))
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    size_t got = 0;
    while (rc == 0 && got < (size_t)st.st_size) {
        ssize_t n = read(fd, *data + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = kerr_set(err, KERR_IO, "read error: %s", n < 0 ? strerror(errno) : "file shrank");
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    if (rc == 0) {
        (*data)[got] = '\0';
        *len = got;
    }
    return rc;
}

static void fingerprint_units(job *j)
{
    size_t total = 1;
    for (size_t i = 0; i < j->units.n; i++)
        total += strlen(j->units.items[i].text) + 1;
    char *all = malloc(total), *w = all;
    if (!all)
        return;
    for (size_t i = 0; i < j->units.n; i++)
        w += sprintf(w, "%s\n", j->units.items[i].text);
    fingerprint_text(&j->fp, all, (size_t)(w - all));
    free(all);
}

/* Who the document is: its DOI, the id a record or manifest gave, else its
 * path (relative to the working folder when inside it, so the ids of an
 * archive indexed from its top are the same on every machine). */
static void identity_of(const kdoc *doc, const kfile *file, char *out, size_t n)
{
    if (doc->doi) {
        char *lower = g_ascii_strdown(doc->doi, -1);
        snprintf(out, n, "doi:%s", lower);
        g_free(lower);
        return;
    }
    if (doc->record_id) {
        snprintf(out, n, "id:%s", doc->record_id);
        return;
    }
    char cwd[PATH_MAX];
    size_t cl = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
    const char *p = file->real_path;
    if (cl > 1 && strncmp(p, cwd, cl) == 0 && p[cl] == '/')
        p += cl + 1;
    snprintf(out, n, "path:%s", p);
}

static bool has_text(const kdoc *doc)
{
    for (size_t i = 0; i < doc->npages; i++)
        for (const char *p = doc->pages[i].text; *p; p++)
            if (!isspace((unsigned char)*p))
                return true;
    return false;
}

static int fail(job *j, const char *stage)
{
    j->status = JOB_FAILED;
    j->stage = stage;
    return -1;
}

/* The stages of one file, in order: read, detect, extract, clean, describe,
 * split.  Any failure costs this file only. */
static int process(run *r, kanalyser *an, job *j)
{
    const char *left_out = watch_verdict(r->opt->watch, j->file->path);
    if (left_out) { /* it hung or crashed an earlier attempt of this run */
        kerr_set(&j->err, KERR_FAIL, "%s", left_out);
        return fail(j, "extract");
    }
    unsigned char *data = NULL;
    size_t len = 0;
    if (read_file(j->file->path, &data, &len, &j->err))
        return fail(j, "read");
    gchar *hash = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
    snprintf(j->hash, sizeof j->hash, "%s", hash);
    g_free(hash);
    if (strcmp(j->hash, j->old_hash) == 0) {
        free(data);
        j->status = JOB_UNCHANGED;
        return 0;
    }
    const kformat *fmt = detect_format(j->file->path, data, len);
    int rc = 0;
    if (len == 0)
        rc = kerr_set(&j->err, KERR_FORMAT, "empty file");
    else if (!fmt)
        rc = kerr_set(&j->err, KERR_FORMAT, "unsupported file type");
    if (rc == 0) {
        kdoc_init(&j->doc, j->file->path, fmt->name);
        rc = fmt->extract(&j->doc, data, len, &j->err);
    }
    free(data);
    if (rc)
        return fail(j, "extract");
    if (r->manifest)
        manifest_apply(r->manifest, &j->doc);
    if (r->opt->force_type) {
        kdoc_set(&j->doc.type, r->opt->force_type);
        j->doc.type_fixed = true;
    }
    doi_fill_declared(&j->doc); /* before clean: a citation line may be page furniture */
    kclean_stats cs = {0};
    if (clean_document(&j->doc, r->patterns, &cs) < 0) {
        kerr_set(&j->err, KERR_NOMEM, "out of memory");
        return fail(j, "clean");
    }
    if (repair_document(&j->doc, klexicon_norwegian(), &j->repairs) < 0) {
        kerr_set(&j->err, KERR_NOMEM, "out of memory");
        return fail(j, "repair");
    }
    if (!has_text(&j->doc))
        kdoc_warn(&j->doc, "no text found (a scanned PDF needs OCR first); indexed by its metadata only");
    metadata_fill(&j->doc, r->patterns);
    if (split_document(&j->doc, kschema_max_unit_chars(r->schema), &j->units) < 0) {
        kerr_set(&j->err, KERR_NOMEM, "out of memory");
        return fail(j, "split");
    }
    fingerprint_units(j); /* of the sections: a position repeats their words */
    if (positions_find(r->positions, &j->doc, &j->units) < 0) {
        kerr_set(&j->err, KERR_NOMEM, "out of memory");
        return fail(j, "positions");
    }
    char identity[1024], fterm[64];
    identity_of(&j->doc, j->file, identity, sizeof identity);
    writer_doc_id(identity, j->doc_id);
    writer_file_term(r->schema, j->file->real_path, fterm, sizeof fterm);
    if (analyser_build(an, &j->analysed, &j->doc, j->doc_id, fterm, &j->units, &j->err))
        return fail(j, "analyse");
    j->status = JOB_EXTRACTED;
    return 0;
}

static void *worker(void *arg)
{
    run *r = arg;
    size_t window = (size_t)r->opt->jobs * AHEAD_PER_JOB + 2;
    kanalyser *an = NULL;
    kerr err;
    if (analyser_new(&an, r->schema, &err) != 0)
        fprintf(stderr, "indexer: %s\n", err.msg); /* each job then fails with its reason */
    pthread_mutex_lock(&r->lock);
    int slot = r->next_slot++;
    for (;;) {
        while (r->next_job < r->njobs && r->next_job >= r->next_write + window)
            pthread_cond_wait(&r->changed, &r->lock);
        if (r->next_job >= r->njobs)
            break;
        job *j = &r->jobs[r->next_job++];
        pthread_mutex_unlock(&r->lock);
        watch_begin(r->opt->watch, slot, j->file->path);
        if (an)
            process(r, an, j);
        else {
            kerr_set(&j->err, KERR_FAIL, "no analyser: %s", err.msg);
            fail(j, "analyse");
        }
        watch_end(r->opt->watch, slot);
        pthread_mutex_lock(&r->lock);
        j->done = true;
        pthread_cond_broadcast(&r->changed);
    }
    pthread_mutex_unlock(&r->lock);
    analyser_free(an);
    return NULL;
}

/* ---- the writer --------------------------------------------------------- */

/* Is the file the same document as one indexed (then only its record is
 * kept), a version of one (then its units join that family), or neither?
 * Each decision is a note naming the other file and the reason. */
static int settle_kinship(run *r, kwriter *w, job *j, kfile_record *rec, kstats *st, kerr *err)
{
    const char *date = kinship_stated_date(&j->doc);
    snprintf(rec->format, sizeof rec->format, "%s", j->doc.format ? j->doc.format : "");
    snprintf(rec->doi, sizeof rec->doi, "%s", j->doc.doi ? j->doc.doi : "");
    snprintf(rec->date, sizeof rec->date, "%s", date ? date : "");
    snprintf(rec->family, sizeof rec->family, "%s", rec->doc_id);
    kkinship kin;
    int rc = 0;
    if (writer_find_kin(w, rec, &j->fp, &kin)) {
        char note[4500];
        kinship_note(&kin, &j->doc, note, sizeof note);
        fprintf(stderr, "%s: note: %s\n", j->file->path, note);
    }
    if (kin.kind == KIN_VERSION) {
        st->versions++;
        /* the family's first, indexed again, stays first */
        bool heads_it = strcmp(kin.family, rec->doc_id) == 0;
        if (!heads_it) {
            snprintf(rec->family, sizeof rec->family, "%s", kin.family);
            snprintf(rec->version_of, sizeof rec->version_of, "%s", kin.doc_id);
            rc = analysed_set_family(&j->analysed, r->schema, rec->family, rec->version_of, err);
        }
    } else if (kin.kind != KIN_NONE) {
        st->duplicates++;
        snprintf(rec->dup_of, sizeof rec->dup_of, "%s", kin.path);
    }
    if (!rec->dup_of[0])
        rec->units = (unsigned)j->units.n;
    return rc;
}

static int write_job(run *r, kwriter *w, job *j, kstats *st, kerr *err)
{
    kfile_record rec;
    memset(&rec, 0, sizeof rec);
    snprintf(rec.path, sizeof rec.path, "%s", j->file->real_path);
    snprintf(rec.hash, sizeof rec.hash, "%s", j->hash);
    memcpy(rec.doc_id, j->doc_id, sizeof rec.doc_id);
    rec.pages = (unsigned)j->doc.npages;
    int rc = settle_kinship(r, w, j, &rec, st, err);
    if (rc == 0)
        rc = writer_put_file(w, &rec, &j->analysed, &j->fp, err);
    if (rc == KERR_INVALID) { /* this file only: nothing of it was written */
        run_record_failure(r->record, j->file->path, "write", err->msg);
        return 0;
    }
    if (rc) { /* Xapian failed: name the file that was being written */
        char reason[KERR_MSG_LEN];
        snprintf(reason, sizeof reason, "%s", err->msg);
        return kerr_set(err, rc, "%s: write: %s", j->file->path, reason);
    }
    st->indexed++;
    st->units += rec.units;
    st->pages += j->doc.npages;
    for (size_t i = 0; i < j->doc.npages; i++)
        st->text_bytes += strlen(j->doc.pages[i].text);
    for (size_t i = 0; i < j->doc.nwarnings; i++)
        run_record_warning(r->record, j->file->path, "warning", j->doc.warnings[i]);
    st->repairs.characters += j->repairs.characters;
    st->repairs.ligatures += j->repairs.ligatures;
    st->repairs.doubled += j->repairs.doubled;
    st->repairs.hyphens += j->repairs.hyphens;
    if (r->opt->verbose)
        fprintf(stderr, "%s: %zu units, %zu pages, type %s\n", j->file->path, j->units.n,
                j->doc.npages, j->doc.type);
    return 0;
}

static void release(job *j)
{
    kdoc_free(&j->doc);
    kunits_free(&j->units);
    analysed_free(&j->analysed);
}

static double now(void);

/* The run's record joins its last commit: a run that ends without one
 * (killed, or Xapian failed) leaves the record of the run before. */
static int record_run(run *r, kwriter *w, kstats *st, kerr *err)
{
    st->failed = run_record_failed(r->record);
    st->warnings = run_record_warned(r->record);
    char *json = run_record_json(r->record, st);
    int rc = json ? writer_set_last_run(w, json, err)
                  : kerr_set(err, KERR_NOMEM, "out of memory for the run's record");
    free(json);
    return rc;
}

static int write_all(run *r, kwriter *w, kstats *st, kprogress *pg, kerr *err)
{
    size_t batch_files = 0, batch_units = 0;
    int rc = 0;
    for (size_t i = 0; i < r->njobs && rc == 0; i++) {
        job *j = &r->jobs[i];
        pthread_mutex_lock(&r->lock);
        while (!j->done)
            pthread_cond_wait(&r->changed, &r->lock);
        pthread_mutex_unlock(&r->lock);
        if (j->status == JOB_FAILED) {
            run_record_failure(r->record, j->file->path, j->stage, j->err.msg);
        } else if (j->status == JOB_UNCHANGED) {
            st->unchanged++;
        } else {
            double t = now();
            rc = write_job(r, w, j, st, err);
            st->write_seconds += now() - t;
            batch_files++;
            batch_units += j->units.n;
        }
        release(j);
        if (rc == 0 && (batch_files >= (size_t)r->opt->batch_files || batch_units >= BATCH_UNITS)) {
            double t = now();
            rc = writer_commit(w, err);
            st->write_seconds += now() - t;
            batch_files = batch_units = 0;
        }
        pthread_mutex_lock(&r->lock);
        r->next_write = i + 1;
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->lock);
        progress_update(pg, i + 1, st->pages);
    }
    if (rc)
        return rc;
    double t = now();
    rc = record_run(r, w, st, err);
    if (rc == 0)
        rc = writer_commit(w, err);
    st->write_seconds += now() - t;
    return rc;
}

/* ---- before the run: what is gone, what is known ------------------------ */

typedef struct removal_ctx {
    kwriter *w;
    const kfiles *files;
    krun_record *record;
    kstats *st;
    kerr *err;
    int rc;
} removal_ctx;

static int remove_if_gone(const kfile_record *rec, void *arg)
{
    removal_ctx *c = arg;
    struct stat sb;
    if (c->rc || !walk_covers(c->files, rec->path) || stat(rec->path, &sb) == 0)
        return 0;
    if (errno != ENOENT && errno != ENOTDIR) { /* there, perhaps, but out of reach */
        char reason[256];
        snprintf(reason, sizeof reason, "cannot tell whether it is gone (%s); its units are kept",
                 strerror(errno));
        run_record_warning(c->record, rec->path, "walk", reason);
        return 0;
    }
    c->rc = writer_remove_file(c->w, rec->path, c->err);
    if (c->rc == 0)
        c->st->removed++;
    return c->rc;
}

/* An unchanged file is skipped unless it was a duplicate of a file that is
 * no longer indexed (then it must stand in for it), or an older indexer
 * analysed it (ANALYSIS_VERSION). */
static void load_known_hashes(run *r, kwriter *w)
{
    for (size_t i = 0; i < r->njobs; i++) {
        kfile_record rec, owner;
        if (!writer_find_record(w, r->jobs[i].file->real_path, &rec))
            continue;
        if (rec.dup_of[0] && !writer_find_record(w, rec.dup_of, &owner))
            continue;
        if (rec.analysis != ANALYSIS_VERSION)
            continue;
        snprintf(r->jobs[i].old_hash, sizeof r->jobs[i].old_hash, "%s", rec.hash);
    }
}

static int load_inputs(run *r, const kindex_options *opt, kschema **schema,
                       kpatterns **patterns, kposrules **positions, kmanifest **manifest,
                       kerr *err)
{
    /* the word lists repair and analyse every text: a run without one
     * for lack of memory would index differently from the next */
    int rc = klexicon_norwegian_check(err);
    if (rc == 0)
        rc = kschema_load(schema, NULL, err);
    if (rc == 0)
        rc = patterns_load(patterns, NULL, err);
    if (rc == 0)
        rc = positions_load(positions, NULL, err);
    if (rc == 0 && opt->manifest_path)
        rc = manifest_load(manifest, opt->manifest_path, err);
    r->schema = *schema;
    r->patterns = *patterns;
    r->positions = *positions;
    r->manifest = *manifest;
    return rc;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run_threads(run *r, kwriter *w, kstats *st, kerr *err)
{
    int nthreads = r->opt->jobs < 1 ? 1 : r->opt->jobs;
    pthread_t *threads = calloc((size_t)nthreads, sizeof *threads);
    if (!threads)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    int started = 0;
    while (started < nthreads && pthread_create(&threads[started], NULL, worker, r) == 0)
        started++;
    kprogress *pg = progress_start(r->opt->progress, r->njobs);
    int rc = started ? write_all(r, w, st, pg, err)
                     : kerr_set(err, KERR_FAIL, "cannot start worker threads");
    if (rc) { /* stop the workers early: pretend everything was handed out */
        pthread_mutex_lock(&r->lock);
        r->next_job = r->njobs;
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->lock);
    }
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    for (size_t i = 0; rc && i < r->njobs; i++)
        release(&r->jobs[i]);
    progress_finish(pg);
    free(threads);
    return rc;
}

int pipeline_run(const kindex_options *opt, const kfiles *files, krun_record *record,
                 kstats *st, kerr *err)
{
    double start = now();
    memset(st, 0, sizeof *st);
    st->files = files->n;
    run r = {.opt = opt, .record = record, .njobs = files->n};
    kschema *schema = NULL;
    kpatterns *patterns = NULL;
    kposrules *positions = NULL;
    kmanifest *manifest = NULL;
    kwriter *w = NULL;
    int rc = load_inputs(&r, opt, &schema, &patterns, &positions, &manifest, err);
    if (rc == 0)
        rc = writer_open(&w, opt->db_path, schema, err);
    r.jobs = calloc(files->n ? files->n : 1, sizeof *r.jobs);
    if (rc == 0 && !r.jobs)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    if (rc == 0) {
        removal_ctx rm = {w, files, record, st, err, 0};
        writer_each_record(w, remove_if_gone, &rm);
        rc = rm.rc;
    }
    if (rc == 0) {
        for (size_t i = 0; i < files->n; i++)
            r.jobs[i].file = &files->items[i];
        load_known_hashes(&r, w);
        pthread_mutex_init(&r.lock, NULL);
        pthread_cond_init(&r.changed, NULL);
        rc = run_threads(&r, w, st, err);
        if (rc == 0)
            rc = writer_totals(w, &st->index_documents, &st->index_units, err);
        if (rc == 0 && st->indexed > 0 && writer_fresh(w)) {
            double t = now();
            /* compacting only makes the index smaller: a run that built a
             * whole index has done its job even if it cannot (a full disk) */
            if (writer_compact_fresh(w, err) != 0)
                fprintf(stderr, "indexer: warning: the index is whole but could not be "
                                "compacted: %s\n", err->msg);
            st->compact_seconds = now() - t;
        }
        pthread_cond_destroy(&r.changed);
        pthread_mutex_destroy(&r.lock);
    }
    if (rc && w) { /* the run failed writing: say what the index holds */
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n,
                 " (the index keeps its last commit; the next run completes it)");
    }
    free(r.jobs);
    writer_close(w);
    manifest_free(manifest);
    patterns_free(patterns);
    positions_free(positions);
    kschema_free(schema);
    st->seconds = now() - start;
    return rc;
}
