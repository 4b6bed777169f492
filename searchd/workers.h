/*
 * A fixed pool of worker threads (after Redis's I/O threads: the loop
 * hands over whole requests, workers hand back whole replies).  Each
 * worker owns a read-only handle over every shard, its own stemmer and
 * query parser; nothing Xapian is shared between threads.
 *
 * Before a job a worker reopens its handle when SD_REOPEN_MS have passed
 * since it last did, or a SIGHUP came in between, so an indexer's commit
 * is searchable within a second; a query that meets a commit mid-way
 * (DatabaseModifiedError) is reopened and run again (protocol.c).
 */
#ifndef KILDE_SD_WORKERS_H
#define KILDE_SD_WORKERS_H

#include <stdbool.h>
#include <stdint.h>

#include "kerr.h"
#include "kx.h"
#include "schema.h"
#include "searchd.h"
#include "stats.h"
#include "synonyms.h"

#define SD_REOPEN_MS 200

typedef struct sd_job sd_job;

/* One client's waiting jobs.  The pool serves lanes in turn, a job from
 * each, so a connection that pipelines a burst delays another's single
 * request by at most one job per worker, and a client that goes away can
 * take back what it left waiting (sd_pool_cancel).  A lane belongs to
 * whoever submits on it; the pool only links it while it holds jobs. */
typedef struct sd_lane {
    sd_job *head, *tail;
    struct sd_lane *next; /* on the pool's ring of lanes with jobs */
    bool on_ring;
} sd_lane;

/* Called on the loop's thread when the job is back from the workers; it
 * takes the job. */
typedef void (*sd_job_done_fn)(sd_job *job);

struct sd_job {
    struct sd_job *next;
    sd_lane *lane;      /* the submitter's lane; NULL: a lane of its own */
    sd_lane solo;       /* that lane of its own (one request, as over HTTP) */
    sd_job_done_fn done; /* a socket connection's or an HTTP request's */
    void *owner;        /* what `done` answers; never touched by a worker */
    uint64_t conn_id;   /* for log lines */
    uint64_t seq;       /* the request's place on its connection */
    bool internal;      /* may ask for the daemon's own operations (protocol.h) */
    char *line;         /* the request, without its newline; owned */
    size_t len;
    char *reply;        /* set by the worker: the reply line, newline included */
    size_t reply_len;
    int code;           /* set by the worker: SD_OK or the reply's error code */
    unsigned long revision; /* set by the worker: the index revision it answered
                               from; 0 over several shards (kx_db_revision) */
};

typedef struct sd_pool sd_pool;

struct sd_ctx;
/* A worker's context (ops.h): the caller sets cfg, schema, synonyms, stats
 * and generation; this opens the index handle, stemmer and query parser
 * every worker owns.  Also what the benchmark runs sd_handle on in process
 * (tests/bench/searchbench.c), so its figures are the workers' own. */
int sd_ctx_open(struct sd_ctx *c, kx_error *err);
void sd_ctx_close(struct sd_ctx *c);

/* Opens the configured databases read-only as one (stub files and several
 * --db alike); what each worker and the start-up check use. */
int sd_open_index(kx_db **out, const sd_config *cfg, kx_error *err);

/* Starts cfg->workers threads, each opening the index.  notify(arg) is
 * called from a worker thread whenever a job is done: it must be safe to
 * call from any thread (loop.c activates a libevent event). */
int sd_pool_new(sd_pool **out, const sd_config *cfg, const kschema *schema,
                const ksynonyms *synonyms, sd_stats *stats,
                void (*notify)(void *arg), void *arg, kerr *err);
/* Queues a job on its lane (the pool owns it until sd_pool_take_done or
 * sd_pool_cancel hands it back); -1 when SD_QUEUE_MAX jobs already wait
 * and the lane has jobs of its own waiting, and the caller keeps it. */
int sd_pool_submit(sd_pool *p, sd_job *job);
/* Takes back the lane's jobs no worker has started, a list through ->next
 * (the caller owns them); the ones running come back as usual. */
sd_job *sd_pool_cancel(sd_pool *p, sd_lane *lane);
/* The finished jobs in the order they finished, a list through ->next;
 * the caller owns them. */
sd_job *sd_pool_take_done(sd_pool *p);
/* Every worker reopens its handle before its next job (SIGHUP). */
void sd_pool_reopen(sd_pool *p);
/* Lets the workers finish every queued job, then joins them. */
void sd_pool_stop(sd_pool *p);
/* Stops if needed, frees jobs never taken back, and the pool. */
void sd_pool_free(sd_pool *p);

void sd_job_free(sd_job *job);

#endif
