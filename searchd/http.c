#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "http_internal.h"
#include "log.h"
#include "protocol.h"
#include "sderror.h"

#define HEADERS_MAX (32 * 1024) /* request line and headers: a long query, cookies */
#define ACCEPT_PAUSE_MS 100     /* out of file descriptors: let some close first */

/* ---- connections --------------------------------------------------------- */

static void on_close(struct evhttp_connection *evcon, void *arg)
{
    (void)evcon;
    http_conn *c = arg;
    sd_http *http = c->http;
    http_exchange_orphan(http, c);
    if (c->prev)
        c->prev->next = c->next;
    else
        http->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (!c->refused) {
        http->open--;
        sd_stats_connection(http->stats, -1);
    }
    if (http->cfg->debug)
        sd_log("http %llu closed", (unsigned long long)c->id);
    free(c);
}

/* The connection's record, made at its first request: libevent tells of a
 * connection only through its requests.  Found by a linear search, as
 * there are at most --max-connections of them and each is looked up once
 * per request. */
static http_conn *conn_of(sd_http *http, struct evhttp_connection *evcon)
{
    for (http_conn *c = http->conns; c; c = c->next)
        if (c->evcon == evcon)
            return c;
    http_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    *c = (http_conn){.http = http, .evcon = evcon, .id = ++http->last_conn_id,
                     .next = http->conns,
                     .refused = http->open >= http->cfg->max_connections || http->draining};
    if (http->conns)
        http->conns->prev = c;
    http->conns = c;
    if (!c->refused) {
        http->open++;
        sd_stats_connection(http->stats, 1);
    }
    evhttp_connection_set_closecb(evcon, on_close, c);
    if (http->cfg->debug)
        sd_log("http %llu open%s", (unsigned long long)c->id, c->refused ? " (busy)" : "");
    return c;
}

/* ---- routes -------------------------------------------------------------- */

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool refuse(http_exchange *ex)
{
    char msg[160];
    if (ex->http->draining) {
        http_fail(ex, SD_BUSY, "searchd is shutting down; try again shortly");
        return true;
    }
    if (!ex->conn->refused)
        return false;
    snprintf(msg, sizeof msg, "the server has its maximum of %u connections open; try again "
             "shortly", ex->http->cfg->max_connections);
    http_fail(ex, SD_BUSY, msg);
    return true;
}

/* With --token-file every request carries "Authorization: Bearer TOKEN". */
static bool unauthorized(http_exchange *ex)
{
    const char *token = ex->http->cfg->token;
    if (!token)
        return false;
    const char *given = evhttp_find_header(evhttp_request_get_input_headers(ex->req),
                                           "Authorization");
    static const char scheme[] = "Bearer ";
    if (given && strncasecmp(given, scheme, sizeof scheme - 1) == 0) {
        const char *value = given + sizeof scheme - 1;
        if (sd_token_equal(token, value, strlen(value)))
            return false;
    }
    http_fail(ex, SD_UNAUTHORIZED, given ? "wrong token: send Authorization: Bearer with "
              "searchd's token (--token-file)" : "this server asks for a token: send "
              "Authorization: Bearer with searchd's token (--token-file)");
    return true;
}

/* POST is for the API; every other address reads. */
static bool wrong_method(http_exchange *ex, bool api)
{
    if (api || evhttp_request_get_command(ex->req) != EVHTTP_REQ_POST)
        return false;
    http_header(ex, "Allow", "GET, HEAD");
    if (ex->html) {
        http_page_error(ex, 405, "this address is read with GET; POST is for /api/…");
        return true;
    }
    http_send_json_error(ex, SD_BAD_REQUEST, "this address is read with GET");
    return true;
}

/* The path, percent-decoded: "%2e%2e" is "..", "%2F" a slash, and the
 * routes below see what a person would read. */
static char *decoded_path(struct evhttp_request *req)
{
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    const char *raw = uri ? evhttp_uri_get_path(uri) : NULL;
    size_t n = 0;
    char *path = raw ? evhttp_uridecode(raw, 0, &n) : NULL;
    if (path && (n != strlen(path) || path[0] != '/')) { /* %00, or no path at all */
        free(path);
        return NULL;
    }
    return path;
}

static void route(http_exchange *ex)
{
    char *path = decoded_path(ex->req);
    bool api = path && starts(path, "/api/");
    ex->html = !api && !(path && starts(path, "/static/"));
    if (refuse(ex) || unauthorized(ex) || wrong_method(ex, api)) {
        free(path);
        return;
    }
    if (!path)
        http_fail(ex, SD_BAD_REQUEST, "the URL's path cannot be read");
    else if (api)
        http_api(ex, path + strlen("/api/"));
    else if (starts(path, "/static/"))
        http_static(ex, path + strlen("/static/"));
    else if (starts(path, "/kilde/") && ends(path, "/pdf")) {
        path[strlen(path) - strlen("/pdf")] = '\0';
        http_source(ex, path + strlen("/kilde/"));
    } else
        http_page(ex, path);
    free(path);
}

static void on_request(struct evhttp_request *req, void *arg)
{
    sd_http *http = arg;
    http_conn *c = conn_of(http, evhttp_request_get_connection(req));
    http_exchange *ex = c ? http_exchange_new(http, c, req) : NULL;
    if (!ex) {
        evhttp_send_error(req, 500, "Out of memory");
        return;
    }
    route(ex);
}

/* ---- the server ---------------------------------------------------------- */

/* evconnlistener hands its error callback evhttp's pointer, not ours: the
 * daemon has one HTTP server, and it is found here. */
static sd_http *server;

/* accept() failed, most likely for want of file descriptors: pause rather
 * than spin on a listener that stays readable (as loop.c does). */
static void on_accept_error(struct evconnlistener *l, void *arg)
{
    (void)arg;
    sd_log("http accept: %s", strerror(errno));
    evconnlistener_disable(l);
    struct timeval tv = {0, ACCEPT_PAUSE_MS * 1000};
    if (server)
        evtimer_add(server->resume, &tv);
}

static void on_resume(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    sd_http *http = arg;
    if (http->bound)
        evconnlistener_enable(evhttp_bound_socket_get_listener(http->bound));
}

int sd_http_new(sd_http **out, struct event_base *base, const sd_config *cfg, sd_stats *stats,
                int fd, void (*idle)(void *arg), void *arg, kerr *err)
{
    *out = NULL;
    sd_http *http = calloc(1, sizeof *http);
    if (!http || !(http->evhttp = evhttp_new(base))) {
        free(http);
        close(fd);
        return kerr_set(err, KERR_FAIL, "libevent: cannot start the HTTP server");
    }
    *http = (sd_http){.evhttp = http->evhttp, .cfg = cfg, .stats = stats, .idle = idle,
                      .arg = arg};
    evhttp_set_max_body_size(http->evhttp, SD_LINE_MAX); /* as a socket's request line */
    evhttp_set_max_headers_size(http->evhttp, HEADERS_MAX);
    evhttp_set_timeout(http->evhttp, (int)cfg->idle_timeout);
    evhttp_set_allowed_methods(http->evhttp, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST);
    /* a body over the limit is read to its end, so the client sees the 413 */
    evhttp_set_flags(http->evhttp, EVHTTP_SERVER_LINGERING_CLOSE);
    evhttp_set_gencb(http->evhttp, on_request, http);
    http->resume = evtimer_new(base, on_resume, http);
    http->bound = http->resume ? evhttp_accept_socket_with_handle(http->evhttp, fd) : NULL;
    if (!http->bound) {
        close(fd);
        sd_http_free(http);
        return kerr_set(err, KERR_FAIL, "libevent: cannot serve HTTP on the socket");
    }
    evconnlistener_set_error_cb(evhttp_bound_socket_get_listener(http->bound), on_accept_error);
    server = http;
    *out = http;
    return 0;
}

void sd_http_set_pool(sd_http *http, sd_pool *pool) { http->pool = pool; }

void sd_http_drain(sd_http *http)
{
    http->draining = true;
    if (http->bound)
        evhttp_del_accept_socket(http->evhttp, http->bound);
    http->bound = NULL;
}

bool sd_http_idle(const sd_http *http) { return !http->exchanges; }

void sd_http_free(sd_http *http)
{
    if (!http)
        return;
    http->idle = NULL;
    if (server == http)
        server = NULL;
    if (http->evhttp)
        evhttp_free(http->evhttp); /* closes every connection: on_close for each */
    while (http->exchanges) /* their jobs never came back: the workers stopped */
        http_exchange_end(http->exchanges);
    if (http->resume)
        event_free(http->resume);
    free(http);
}
