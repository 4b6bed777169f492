/*
 * searchd — what every part of the daemon shares: its configuration and
 * the protocol's fixed limits (docs/PROTOCOL.md states them to clients).
 *
 * The daemon's shape (after Redis: the loop does I/O, workers do work):
 *   main.c      command line, signals, daemonize, pidfile
 *   listen.c    binding the Unix and TCP sockets
 *   loop.c      the libevent base: accept, worker notifications; no Xapian
 *   conn.c      one client: bounded input, pipelined replies in order
 *   workers.c   N threads, each with its own read-only index handle
 *   protocol.c  a request line in, a reply line out; error codes
 *   querylex.c  reading the query language; query.c  building the query
 *   criteria.c  the filter and sort the operations share; enquire.c  a match
 *   op_*.c      one file per operation; stats.c  counters and latencies;
 *   log.c       one stderr line per event
 *   http*.c     --http: the JSON API and the search page (http.h)
 */
#ifndef KILDE_SEARCHD_H
#define KILDE_SEARCHD_H

#include <stdbool.h>
#include <stddef.h>

#define SD_PROTOCOL_VERSION 1
#define SD_LINE_MAX (64 * 1024)  /* request bytes per line, newline excluded */
#define SD_LIMIT_MAX 100         /* hits per search page */
#define SD_OFFSET_MAX 10000      /* deepest page a search reaches */
#define SD_MAX_EXPANSION 100     /* terms a prefix* may expand to */
#define SD_PIPELINE_MAX 32       /* a connection's requests in flight before reading pauses */
#define SD_QUEUE_MAX 1024        /* jobs waiting for a worker before requests get busy */

typedef struct sd_config {
    const char *const *dbs;  /* index folders or stub files, absolute */
    size_t ndbs;
    const char *socket_path; /* the Unix socket, absolute */
    const char *listen;      /* "HOST:PORT" for TCP, or NULL */
    const char *http;        /* "HOST:PORT" for HTTP (docs/WEB.md), or NULL */
    unsigned workers;
    bool foreground;
    const char *pidfile;     /* absolute, or NULL */
    unsigned max_connections;
    double query_timeout;    /* seconds a search's match may take */
    unsigned idle_timeout;   /* seconds a silent connection stays open */
    bool debug;              /* one log line per request */
    const char *token;       /* --token-file's secret that TCP and HTTP clients
                                must present (auth.h), or NULL */
} sd_config;

#endif
