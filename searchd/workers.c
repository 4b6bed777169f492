#include "workers.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ops.h"
#include "protocol.h"

#define RECONNECT_MS 1000 /* how often a worker with a lost shard tries again */

typedef struct worker {
    sd_pool *pool;
    pthread_t thread;
    unsigned index;
    sd_ctx ctx;
    double last_reopen_ms;
    unsigned hup_seen;
    unsigned generation_seen;
    pthread_cond_t wake; /* signalled when handed a job or stopping */
    bool idle;           /* on the pool's idle stack */
    ksynonyms *synonyms; /* read again after a SIGHUP (else the pool's, shared) */
} worker;

struct sd_pool {
    const sd_config *cfg;
    pthread_mutex_t lock;
    worker **idle;               /* idle workers, the latest to finish on top */
    unsigned n_idle;
    sd_lane *ring_head, *ring_tail; /* lanes with jobs waiting, served in turn */
    size_t queued;
    sd_job *done_head, *done_tail; /* waiting for the loop */
    bool stopping, joined;
    atomic_uint hup;             /* SIGHUPs so far */
    atomic_uint hup_told;        /* the SIGHUP whose bad synonyms file was logged */
    atomic_uint generation;      /* new revisions seen by any worker (sd_ctx.generation) */
    void (*notify)(void *arg);
    void *arg;
    worker *workers;
    unsigned started;
};

void sd_job_free(sd_job *job)
{
    if (!job)
        return;
    free(job->line);
    free(job->reply);
    free(job);
}

int sd_open_index(kx_db **out, const sd_config *cfg, kx_error *err)
{
    /* kx_db_open reads a stub file too (auto PATH, remote HOST:PORT lines) */
    if (cfg->ndbs == 1)
        return kx_db_open(out, cfg->dbs[0], KX_DB_READONLY, err);
    return kx_db_open_many(out, (const char *const *)cfg->dbs, cfg->ndbs, err);
}

/* ---- a worker's context --------------------------------------------------- */

void sd_ctx_close(sd_ctx *c)
{
    sd_query_free(c->query);
    kx_stem_free(c->stem);
    kx_db_close(c->db);
    c->query = NULL;
    c->stem = NULL;
    c->db = NULL;
}

static const char *prefix(const kschema *s, const char *field, bool boolean)
{
    const kfield *f = kschema_field(s, field);
    const char *p = f ? (boolean ? f->boolean_prefix : f->prefix) : NULL;
    return p ? p : "";
}

int sd_ctx_open(sd_ctx *c, kx_error *x)
{
    const kschema *s = c->schema;
    c->slot.date = kschema_slot(s, "date");
    c->slot.year = kschema_slot(s, "year");
    c->slot.doc = kschema_slot(s, "doc");
    c->slot.type = kschema_slot(s, "type");
    c->id_prefix = prefix(s, "id", true);
    c->doc_prefix = prefix(s, "doc", true);
    c->type_prefix = prefix(s, "type", true);
    c->author_prefix = prefix(s, "author", false);
    c->heading_prefix = prefix(s, "heading", false);
    c->author_bool_prefix = prefix(s, "author", true);
    c->kind_prefix = prefix(s, "kind", true);
    c->stance_prefix = prefix(s, "stance", true);
    c->year_prefix = prefix(s, "year", true);
    if (sd_open_index(&c->db, c->cfg, x) || kx_stem_new(&c->stem, kschema_stemmer(s), x) ||
        sd_query_new(&c->query, c->db, c->stem, s, c->synonyms, x)) {
        sd_ctx_close(c);
        return -1;
    }
    return 0;
}

/* After a network failure: a fresh handle, swapped in only once it works. */
static void reconnect(worker *w)
{
    sd_ctx fresh = w->ctx;
    kx_error x;
    fresh.db = NULL; /* sd_ctx_open fills these; on failure it frees only its own */
    fresh.stem = NULL;
    fresh.query = NULL;
    if (sd_ctx_open(&fresh, &x)) {
        sd_log("worker %u: opening the index again: %s", w->index, x.message);
        return;
    }
    sd_ctx_close(&w->ctx);
    w->ctx = fresh;
    w->ctx.broken = false;
    sd_log("worker %u: index open again", w->index);
}

/* After a SIGHUP: schemas/synonyms.conf again, so staff's edits apply
 * without a restart.  Each worker reads its own copy (a few microseconds),
 * so none is freed while another searches with it; a file with a mistake
 * is refused, loudly, and the synonyms in use stay. */
static void reload_synonyms(worker *w, unsigned hup)
{
    ksynonyms *fresh = NULL;
    kerr err;
    if (ksynonyms_load(&fresh, NULL, &err) != 0) {
        if (atomic_exchange(&w->pool->hup_told, hup) != hup) /* once, by any worker */
            sd_log("SIGHUP: keeping the synonyms in use: %s", err.msg);
        return;
    }
    sd_query_set_synonyms(w->ctx.query, fresh);
    w->ctx.synonyms = fresh;
    ksynonyms_free(w->synonyms);
    w->synonyms = fresh;
}

/* Picks up the indexer's commits: at most every SD_REOPEN_MS, at once
 * after a SIGHUP, and at once when another worker has seen a newer
 * revision — else a client could find a unit through one worker and be
 * told by the next that it does not exist. */
static void refresh(worker *w)
{
    double now = sd_now_ms();
    unsigned hup = atomic_load(&w->pool->hup);
    unsigned generation = atomic_load(&w->pool->generation);
    bool due = hup != w->hup_seen || generation != w->generation_seen ||
               now - w->last_reopen_ms >= SD_REOPEN_MS;
    if (w->ctx.broken) { /* a lost shard: try again, but not on every request */
        if (hup != w->hup_seen || now - w->last_reopen_ms >= RECONNECT_MS) {
            w->hup_seen = hup;
            w->last_reopen_ms = now;
            reconnect(w);
        }
        return;
    }
    if (!due)
        return;
    if (hup != w->hup_seen)
        reload_synonyms(w, hup);
    w->hup_seen = hup;
    w->last_reopen_ms = now;
    w->generation_seen = generation;
    kx_error x;
    int changed = 0;
    if (kx_db_reopen(w->ctx.db, &changed, &x) != KX_OK) {
        sd_log("worker %u: reopening the index: %s", w->index, x.message);
        w->ctx.broken = x.code == KX_ENETWORK;
    } else if (changed) {
        w->generation_seen = atomic_fetch_add(&w->pool->generation, 1) + 1;
    }
}

/* ---- the thread ----------------------------------------------------------- */

/* Idle workers wait on a stack, and a job goes to the one that finished
 * last: its Xapian handle has the blocks of recent searches cached, so a
 * lone client is served by one warm worker instead of all of them in
 * turn (0.4 ms a search on 100,000 units). */
static void leave_idle(sd_pool *p, worker *w)
{
    for (unsigned i = 0; w->idle && i < p->n_idle; i++)
        if (p->idle[i] == w) {
            memmove(&p->idle[i], &p->idle[i + 1], (p->n_idle - i - 1) * sizeof *p->idle);
            p->n_idle--;
            w->idle = false;
        }
}

static void ring_append(sd_pool *p, sd_lane *lane)
{
    lane->next = NULL;
    lane->on_ring = true;
    if (p->ring_tail)
        p->ring_tail->next = lane;
    else
        p->ring_head = lane;
    p->ring_tail = lane;
}

static void ring_remove(sd_pool *p, sd_lane *lane)
{
    sd_lane *prev = NULL;
    for (sd_lane *l = p->ring_head; l; prev = l, l = l->next) {
        if (l != lane)
            continue;
        if (prev)
            prev->next = l->next;
        else
            p->ring_head = l->next;
        if (p->ring_tail == l)
            p->ring_tail = prev;
        break;
    }
    lane->next = NULL;
    lane->on_ring = false;
}

/* The first job of the lane whose turn it is; the lane goes to the back
 * of the ring while it has more. */
static sd_job *take_turn(sd_pool *p)
{
    sd_lane *lane = p->ring_head;
    if (!lane)
        return NULL;
    sd_job *job = lane->head;
    lane->head = job->next;
    if (!lane->head)
        lane->tail = NULL;
    p->ring_head = lane->next;
    if (!p->ring_head)
        p->ring_tail = NULL;
    lane->on_ring = false;
    if (lane->head)
        ring_append(p, lane);
    p->queued--;
    job->next = NULL;
    return job;
}

static sd_job *next_job(worker *w)
{
    sd_pool *p = w->pool;
    pthread_mutex_lock(&p->lock);
    while (!p->ring_head && !p->stopping) {
        if (!w->idle) {
            p->idle[p->n_idle++] = w;
            w->idle = true;
        }
        pthread_cond_wait(&w->wake, &p->lock);
    }
    leave_idle(p, w);
    sd_job *job = take_turn(p);
    pthread_mutex_unlock(&p->lock);
    return job; /* NULL: stopping, and nothing left to do */
}

static void finish(sd_pool *p, sd_job *job)
{
    pthread_mutex_lock(&p->lock);
    if (p->done_tail)
        p->done_tail->next = job;
    else
        p->done_head = job;
    p->done_tail = job;
    pthread_mutex_unlock(&p->lock);
    p->notify(p->arg);
}

static void log_request(const worker *w, const sd_job *job, const sd_outcome *o)
{
    /* client mistakes are theirs to see; the log keeps what an operator must */
    bool serious = o->code == SD_INTERNAL || o->code == SD_TIMEOUT;
    if (!serious && !w->pool->cfg->debug)
        return;
    sd_log("conn %llu #%llu %s %s %.2f ms%s%.100s%s", (unsigned long long)job->conn_id,
           (unsigned long long)job->seq, o->op, sd_code_name(o->code), o->ms,
           *o->detail ? " \"" : "", o->detail, *o->detail ? "\"" : "");
}

static void *run(void *arg)
{
    worker *w = arg;
    sd_job *job;
    while ((job = next_job(w))) {
        refresh(w);
        sd_outcome o;
        job->reply = sd_handle(&w->ctx, job->line, job->len, job->internal, &job->reply_len, &o);
        job->code = o.code;
        kx_error x;
        if (kx_db_revision(w->ctx.db, &job->revision, &x) != KX_OK)
            job->revision = 0;
        log_request(w, job, &o);
        finish(w->pool, job);
    }
    return NULL;
}

/* ---- the pool ------------------------------------------------------------- */

static int start_workers(sd_pool *p, const kschema *schema, const ksynonyms *synonyms,
                         sd_stats *stats, kerr *err)
{
    /* workers never take signals: the loop's libevent handlers do */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = 0;
    for (unsigned i = 0; i < p->cfg->workers && rc == 0; i++) {
        worker *w = &p->workers[i];
        kx_error x;
        *w = (worker){.pool = p, .index = i, .last_reopen_ms = sd_now_ms()};
        pthread_cond_init(&w->wake, NULL);
        w->ctx = (sd_ctx){.cfg = p->cfg, .schema = schema, .synonyms = synonyms, .stats = stats,
                          .generation = &p->generation};
        if (sd_ctx_open(&w->ctx, &x))
            rc = kerr_set(err, KERR_FAIL, "worker %u: %s", i, x.message);
        else if (pthread_create(&w->thread, NULL, run, w) != 0) {
            sd_ctx_close(&w->ctx);
            rc = kerr_set(err, KERR_FAIL, "worker %u: cannot start a thread", i);
        } else
            p->started++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int sd_pool_new(sd_pool **out, const sd_config *cfg, const kschema *schema,
                const ksynonyms *synonyms, sd_stats *stats,
                void (*notify)(void *arg), void *arg, kerr *err)
{
    *out = NULL;
    sd_pool *p = calloc(1, sizeof *p);
    if (p)
        p->workers = calloc(cfg->workers, sizeof *p->workers);
    if (p)
        p->idle = calloc(cfg->workers, sizeof *p->idle);
    if (!p || !p->workers || !p->idle) {
        if (p)
            free(p->workers);
        free(p);
        return kerr_set(err, KERR_NOMEM, "out of memory");
    }
    p->cfg = cfg;
    p->notify = notify;
    p->arg = arg;
    atomic_init(&p->hup, 0);
    atomic_init(&p->hup_told, 0);
    atomic_init(&p->generation, 0);
    pthread_mutex_init(&p->lock, NULL);
    if (start_workers(p, schema, synonyms, stats, err)) {
        sd_pool_free(p);
        return err ? err->code : KERR_FAIL;
    }
    *out = p;
    return 0;
}

int sd_pool_submit(sd_pool *p, sd_job *job)
{
    sd_lane *lane = job->lane ? job->lane : &job->solo;
    pthread_mutex_lock(&p->lock);
    /* A full queue turns away the lanes that already wait, not a client's
     * single request: at most one job a connection past SD_QUEUE_MAX. */
    int rc = (p->queued >= SD_QUEUE_MAX && lane->head) || p->stopping ? -1 : 0;
    if (rc == 0) {
        job->next = NULL;
        if (lane->tail)
            lane->tail->next = job;
        else
            lane->head = job;
        lane->tail = job;
        if (!lane->on_ring)
            ring_append(p, lane);
        p->queued++;
        if (p->n_idle) {
            worker *w = p->idle[--p->n_idle];
            w->idle = false;
            pthread_cond_signal(&w->wake);
        }
    }
    pthread_mutex_unlock(&p->lock);
    return rc;
}

sd_job *sd_pool_cancel(sd_pool *p, sd_lane *lane)
{
    pthread_mutex_lock(&p->lock);
    sd_job *list = lane->head;
    for (sd_job *j = list; j; j = j->next)
        p->queued--;
    lane->head = lane->tail = NULL;
    if (lane->on_ring)
        ring_remove(p, lane);
    pthread_mutex_unlock(&p->lock);
    return list;
}

sd_job *sd_pool_take_done(sd_pool *p)
{
    pthread_mutex_lock(&p->lock);
    sd_job *list = p->done_head;
    p->done_head = p->done_tail = NULL;
    pthread_mutex_unlock(&p->lock);
    return list;
}

void sd_pool_reopen(sd_pool *p)
{
    atomic_fetch_add(&p->hup, 1);
}

void sd_pool_stop(sd_pool *p)
{
    if (p->joined)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    for (unsigned i = 0; i < p->started; i++)
        pthread_cond_signal(&p->workers[i].wake);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->started; i++)
        pthread_join(p->workers[i].thread, NULL);
    p->joined = true;
}

static void free_list(sd_job *job)
{
    while (job) {
        sd_job *next = job->next;
        sd_job_free(job);
        job = next;
    }
}

void sd_pool_free(sd_pool *p)
{
    if (!p)
        return;
    sd_pool_stop(p);
    for (unsigned i = 0; i < p->started; i++) {
        sd_ctx_close(&p->workers[i].ctx);
        ksynonyms_free(p->workers[i].synonyms);
    }
    while (p->ring_head)
        free_list(sd_pool_cancel(p, p->ring_head));
    free_list(p->done_head);
    pthread_mutex_destroy(&p->lock);
    for (unsigned i = 0; i < p->started; i++)
        pthread_cond_destroy(&p->workers[i].wake);
    free(p->workers);
    free(p->idle);
    free(p);
}
