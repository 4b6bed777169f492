/*
 * The event loop (after Redis's ae.c: it only dispatches).  It owns the
 * libevent base, the listeners and the set of connections; workers tell
 * it a job is done through one libevent event activated from their
 * thread.  Nothing here calls Xapian.
 */
#ifndef KILDE_SD_LOOP_H
#define KILDE_SD_LOOP_H

#include <event2/event.h>

#include "kerr.h"
#include "searchd.h"
#include "stats.h"
#include "workers.h"

typedef struct sd_loop sd_loop;

/* Takes the listening sockets (tcp_fd -1 for none); they are closed by
 * sd_loop_stop or sd_loop_free.  Makes libevent thread-aware first. */
int sd_loop_new(sd_loop **out, const sd_config *cfg, int unix_fd, int tcp_fd, sd_stats *stats,
                kerr *err);
/* Serves HTTP on the listening socket `fd` too (taken; http.h). */
int sd_loop_serve_http(sd_loop *loop, int fd, kerr *err);
struct event_base *sd_loop_base(sd_loop *loop);
/* The pool requests go to; set before sd_loop_run. */
void sd_loop_set_pool(sd_loop *loop, sd_pool *pool);
/* For sd_pool_new: safe from any thread. */
void sd_loop_notify(void *loop);
/* Runs until sd_loop_stop has drained every connection and HTTP request. */
int sd_loop_run(sd_loop *loop);
/* Stops accepting, lets in-flight requests finish and their replies go
 * out, then makes sd_loop_run return (at the latest after SD_DRAIN_S). */
void sd_loop_stop(sd_loop *loop);
/* With the pool stopped: frees connections, listeners and the base. */
void sd_loop_free(sd_loop *loop);

#define SD_DRAIN_S 10

#endif
