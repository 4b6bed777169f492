/*
 * What the files of the HTTP layer share (http.h is what the loop sees).
 *
 * An exchange is one request being answered.  libevent owns the request
 * and may free it with its connection (a client gone, the server freed),
 * so every exchange is listed, and a connection's close callback cuts its
 * exchanges loose: a job that comes back for one whose client is gone is
 * dropped.  Reading a connection pauses while its request is answered
 * (evhttp's own rule), so a client gone mid-request is seen when its reply
 * is written.  Everything here runs on the loop's thread.
 */
#ifndef KILDE_SD_HTTP_INTERNAL_H
#define KILDE_SD_HTTP_INTERNAL_H

/* before libevent's headers: its key-value lists are sys/queue.h TAILQs */
#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http.h"

typedef struct http_conn http_conn;
typedef struct http_exchange http_exchange;

struct sd_http {
    struct evhttp *evhttp;
    struct evhttp_bound_socket *bound; /* NULL once draining */
    struct event *resume;      /* listens again after EMFILE */
    const sd_config *cfg;
    sd_stats *stats;
    sd_pool *pool;
    http_conn *conns;          /* connections that have sent a request */
    unsigned open;             /* of them, those served (not refused) */
    http_exchange *exchanges;  /* requests being answered */
    uint64_t last_conn_id;
    bool draining;
    void (*idle)(void *arg);
    void *arg;
};

/* A client connection, known from its first request on. */
struct http_conn {
    sd_http *http;
    struct evhttp_connection *evcon;
    http_conn *prev, *next;
    uint64_t id;
    uint64_t requests; /* answered or being answered */
    bool refused;      /* past --max-connections: answered busy, then closed */
};

/* What becomes of a job's reply, the client still being there. */
typedef void (*http_reply_fn)(http_exchange *ex, const sd_job *job);

struct http_exchange {
    sd_http *http;
    http_conn *conn;             /* NULL once the connection is gone */
    struct evhttp_request *req;  /* NULL once libevent has freed it */
    http_exchange *prev, *next;
    uint64_t seq;                /* the request's number on its connection */
    bool head;                   /* HEAD: the headers a GET has, no body */
    bool html;                   /* a page: errors are answered as pages */
    bool waiting;                /* a job is out with the workers */
    http_reply_fn on_reply;
    uint64_t request_hash;       /* of the request line, for the ETag */
    void *data;                  /* the route's own, freed by free_data */
    void (*free_data)(void *data);
};

/* ---- http_exchange.c ------------------------------------------------------ */

http_exchange *http_exchange_new(sd_http *http, http_conn *conn, struct evhttp_request *req);
/* The reply is written or the client gone: frees the exchange. */
void http_exchange_end(http_exchange *ex);
/* The connection is closing: its exchanges lose it (libevent frees their
 * requests), and those not waiting on a job end. */
void http_exchange_orphan(sd_http *http, http_conn *conn);

/* Hands `request` (a protocol request object; not taken) to the workers;
 * `fn` gets the reply.  When they are too busy, or memory runs out, the
 * client is answered busy or internal here, and -1 returned. */
int http_ask(http_exchange *ex, const json_t *request, bool internal, http_reply_fn fn);
/* The sd_job's done callback (workers.h). */
void http_job_done(sd_job *job);

/* The job's reply, parsed (NULL when memory runs out). */
json_t *http_reply_json(const sd_job *job);
/* Answers with the error a reply carries, as JSON or a page. */
void http_fail_reply(http_exchange *ex, const sd_job *job);

/* The URL's query parameters, decoded; -1 (answered 400) when malformed. */
int http_params(http_exchange *ex, struct evkeyvalq *out);
/* A parameter's value, NULL when absent; *twice set when it is given more
 * than once. */
const char *http_param(const struct evkeyvalq *params, const char *key, bool *twice);

void http_header(http_exchange *ex, const char *key, const char *value);
/* Sends status with body (may be NULL; emptied) and the headers every reply
 * carries; for HEAD only the headers, Content-Length that of the body. */
void http_send(http_exchange *ex, int status, const char *type, struct evbuffer *body);
/* The HTTP status of a protocol error code (docs/WEB.md). */
int http_status(int code);
/* An error as the protocol's reply, with its status. */
void http_send_json_error(http_exchange *ex, int code, const char *msg);
/* An error as JSON or as a page, whichever the route answers. */
void http_fail(http_exchange *ex, int code, const char *msg);

/* Sets ETag for this reply (from the index revision and the request) and
 * answers 304 when the client holds it already: true when it did.  No
 * ETag without a revision (several shards). */
bool http_etag_not_modified(http_exchange *ex, unsigned long revision);
/* The same for a fixed thing named by a tag (a file's hash). */
bool http_tag_not_modified(http_exchange *ex, const char *tag);

/* ---- the routes --------------------------------------------------------- */

void http_api(http_exchange *ex, const char *op);          /* http_api.c */
void http_page(http_exchange *ex, const char *path);       /* http_page.c */
void http_page_error(http_exchange *ex, int status, const char *msg);
void http_source(http_exchange *ex, const char *id);       /* http_source.c */
void http_static(http_exchange *ex, const char *name);     /* http_static.c */

/* A unit id as the protocol has them (16 hex digits, '/', a key of
 * letters, digits and . : ~ _ -): nothing else reaches a request. */
bool http_valid_unit_id(const char *id);

#endif
