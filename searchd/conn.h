/*
 * Client connections (after Redis's networking.c).  Each one reads into a
 * bounded buffer and takes whole lines; a line becomes a job with the next
 * sequence number; replies come back from the workers in any order and are
 * written strictly in sequence, so a pipelining client reads them in the
 * order it asked.  A line over SD_LINE_MAX bytes is answered too_large and
 * the connection closed; past --max-connections the connection idle
 * longest makes room, or else the new client is answered busy.  Blank
 * lines are not requests: they do not put off the idle timeout.
 * A connection whose client went away has its jobs no worker started
 * taken back from the pool, and stays allocated, socket closed, until its
 * running jobs come back (Redis's freeClientAsync).
 *
 * Reading pauses while SD_PIPELINE_MAX requests are out or the client is
 * slow to read its replies, so neither the job queue nor the output buffer
 * grows without bound.  Everything here runs on the loop's thread.
 */
#ifndef KILDE_SD_CONN_H
#define KILDE_SD_CONN_H

#include <event2/event.h>
#include <stdbool.h>
#include <stdint.h>

#include "searchd.h"
#include "stats.h"
#include "workers.h"

typedef struct sd_conn sd_conn;

/* The loop's set of connections. */
typedef struct sd_conns {
    struct event_base *base;
    sd_pool *pool;
    sd_stats *stats;
    const sd_config *cfg;
    sd_conn *head;
    unsigned open;        /* counted against max_connections */
    unsigned refused;     /* being answered busy */
    uint64_t last_id;
    bool draining;        /* SIGTERM: no lingering, no new requests */
    void (*gone)(void *arg); /* a connection was freed */
    void *arg;
} sd_conns;

/* Takes a new client socket: served, or answered busy and closed. */
void sd_conn_accept(sd_conns *set, evutil_socket_t fd);
/* A job is back from the workers: its reply goes out in order (or is
 * dropped, the client gone).  Takes the job. */
void sd_conn_job_done(sd_job *job);
/* SIGTERM: every connection stops taking requests and closes once the
 * replies it owes are written. */
void sd_conns_drain(sd_conns *set);
/* At exit, with the workers stopped: frees every connection. */
void sd_conns_free(sd_conns *set);

#endif
