/*
 * searchd's HTTP side (--http HOST:PORT; docs/WEB.md): libevent's own
 * HTTP server (evhttp) on the loop's event base, beside the socket.  It
 * answers the JSON API (/api/OP, as the protocol's operations), the
 * search page (its routes rendered by the daemon, so it works without
 * JavaScript), the page's files and the original file behind a unit.
 * Every request for the index becomes a protocol request line handed to
 * the same worker pool as the socket's; nothing here calls Xapian.
 *
 *   http.c         the server: limits, connections, routes, the drain
 *   http_exchange.c  one request: its job, its reply, its headers
 *   http_api.c     /api/OP: the call answered with the protocol's reply
 *   http_request.c   /api/OP's parameters or body → the protocol's request
 *   http_page.c    the page's routes: a request, then the shell filled in
 *   http_render.c  the HTML the page's routes render (one escaping function)
 *   http_source.c  /kilde/ID/pdf: the file the unit came from
 *   http_static.c  /static/NAME: the embedded files (http_assets.h)
 */
#ifndef KILDE_SD_HTTP_H
#define KILDE_SD_HTTP_H

#include <event2/event.h>
#include <stdbool.h>

#include "kerr.h"
#include "searchd.h"
#include "stats.h"
#include "workers.h"

typedef struct sd_http sd_http;

/* Serves HTTP on the listening socket `fd` (taken, closed by sd_http_free);
 * idle() is called whenever a drain may have ended. */
int sd_http_new(sd_http **out, struct event_base *base, const sd_config *cfg, sd_stats *stats,
                int fd, void (*idle)(void *arg), void *arg, kerr *err);
void sd_http_set_pool(sd_http *http, sd_pool *pool);
/* SIGTERM: stops accepting; requests still arriving on open connections
 * are answered busy and their connections closed; replies owed go out. */
void sd_http_drain(sd_http *http);
/* Whether no request is being answered. */
bool sd_http_idle(const sd_http *http);
/* With the workers stopped: closes every connection and frees. */
void sd_http_free(sd_http *http);

#endif
