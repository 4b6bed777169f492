#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_internal.h"
#include "log.h"
#include "protocol.h"
#include "sderror.h"

/* ---- life and death ------------------------------------------------------ */

http_exchange *http_exchange_new(sd_http *http, http_conn *conn, struct evhttp_request *req)
{
    http_exchange *ex = calloc(1, sizeof *ex);
    if (!ex)
        return NULL;
    *ex = (http_exchange){.http = http, .conn = conn, .req = req, .next = http->exchanges,
                          .seq = ++conn->requests,
                          .head = evhttp_request_get_command(req) == EVHTTP_REQ_HEAD};
    if (http->exchanges)
        http->exchanges->prev = ex;
    http->exchanges = ex;
    return ex;
}

void http_exchange_end(http_exchange *ex)
{
    sd_http *http = ex->http;
    if (ex->prev)
        ex->prev->next = ex->next;
    else
        http->exchanges = ex->next;
    if (ex->next)
        ex->next->prev = ex->prev;
    /* a request libevent cut loose from its failed connection is ours */
    if (ex->req && !evhttp_request_get_connection(ex->req))
        evhttp_request_free(ex->req);
    if (ex->free_data)
        ex->free_data(ex->data);
    free(ex);
    if (http->draining && !http->exchanges && http->idle)
        http->idle(http->arg);
}

void http_exchange_orphan(sd_http *http, http_conn *conn)
{
    http_exchange *next;
    for (http_exchange *ex = http->exchanges; ex; ex = next) {
        next = ex->next;
        if (ex->conn != conn)
            continue;
        ex->conn = NULL;
        if (ex->req && evhttp_request_get_connection(ex->req))
            ex->req = NULL; /* still on the connection: freed with it */
        if (!ex->waiting)
            http_exchange_end(ex);
    }
}

/* ---- jobs ---------------------------------------------------------------- */

/* FNV-1a: the ETag needs only to tell one request from another. */
static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

int http_ask(http_exchange *ex, const json_t *request, bool internal, http_reply_fn fn)
{
    /* sorted keys: the same request, as GET or as POST, is one line */
    char *line = json_dumps(request, JSON_COMPACT | JSON_SORT_KEYS);
    sd_job *job = line ? calloc(1, sizeof *job) : NULL;
    if (!job) {
        free(line);
        http_fail(ex, SD_BUSY, SD_NOMEM_MSG);
        return -1;
    }
    size_t len = strlen(line);
    ex->request_hash = hash_bytes(line, len);
    ex->on_reply = fn;
    *job = (sd_job){.done = http_job_done, .owner = ex, .conn_id = ex->conn->id,
                    .seq = ex->seq, .internal = internal, .line = line, .len = len};
    if (sd_pool_submit(ex->http->pool, job) == 0) {
        ex->waiting = true;
        return 0;
    }
    sd_job_free(job);
    http_fail(ex, SD_BUSY, "the server has too many requests waiting; try again shortly");
    return -1;
}

void http_job_done(sd_job *job)
{
    http_exchange *ex = job->owner;
    ex->waiting = false;
    if (!ex->conn) /* the client is gone: its answer goes nowhere */
        http_exchange_end(ex);
    else if (!job->reply) /* the worker ran out of memory */
        http_fail(ex, SD_BUSY, SD_NOMEM_MSG);
    else
        ex->on_reply(ex, job);
    sd_job_free(job);
}

json_t *http_reply_json(const sd_job *job)
{
    json_t *j = json_loadb(job->reply, job->reply_len, 0, NULL);
    if (json_is_object(j))
        return j;
    json_decref(j);
    return NULL;
}

void http_fail_reply(http_exchange *ex, const sd_job *job)
{
    json_t *j = http_reply_json(job);
    const char *msg = json_string_value(json_object_get(json_object_get(j, "error"), "message"));
    http_fail(ex, job->code == SD_OK ? SD_INTERNAL : job->code, msg ? msg : "out of memory");
    json_decref(j);
}

/* ---- requests ------------------------------------------------------------ */

int http_params(http_exchange *ex, struct evkeyvalq *out)
{
    TAILQ_INIT(out);
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ex->req);
    const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
    if (!query || !*query || evhttp_parse_query_str(query, out) == 0)
        return 0;
    http_fail(ex, SD_BAD_REQUEST, "the URL's query cannot be read: write it as name=value "
              "pairs joined by &, each value percent-encoded");
    return -1;
}

const char *http_param(const struct evkeyvalq *params, const char *key, bool *twice)
{
    const char *value = NULL;
    const struct evkeyval *kv;
    if (twice)
        *twice = false;
    TAILQ_FOREACH(kv, params, next) {
        if (strcmp(kv->key, key) != 0)
            continue;
        if (value && twice)
            *twice = true;
        if (!value)
            value = kv->value;
    }
    return value;
}

/* ---- replies ------------------------------------------------------------- */

void http_header(http_exchange *ex, const char *key, const char *value)
{
    evhttp_add_header(evhttp_request_get_output_headers(ex->req), key, value);
}

static const char *method_name(struct evhttp_request *req)
{
    switch (evhttp_request_get_command(req)) {
    case EVHTTP_REQ_GET: return "GET";
    case EVHTTP_REQ_HEAD: return "HEAD";
    case EVHTTP_REQ_POST: return "POST";
    default: return "?";
    }
}

static void on_complete(struct evhttp_request *req, void *arg)
{
    (void)req; /* libevent frees it after this */
    http_exchange *ex = arg;
    ex->req = NULL;
    http_exchange_end(ex);
}

void http_send(http_exchange *ex, int status, const char *type, struct evbuffer *body)
{
    if (type)
        http_header(ex, "Content-Type", type);
    http_header(ex, "X-Content-Type-Options", "nosniff");
    http_header(ex, "Referrer-Policy", "same-origin");
    if (ex->http->draining || ex->conn->refused)
        http_header(ex, "Connection", "close");
    size_t len = body ? evbuffer_get_length(body) : 0;
    if (ex->head && status != 304) { /* libevent leaves the length out for HEAD */
        char n[32];
        snprintf(n, sizeof n, "%zu", len);
        http_header(ex, "Content-Length", n);
    }
    if (ex->head && body)
        evbuffer_drain(body, len);
    if (ex->http->cfg->debug)
        sd_log("http %llu #%llu %s %.200s %d", (unsigned long long)ex->conn->id,
               (unsigned long long)ex->seq, method_name(ex->req),
               evhttp_request_get_uri(ex->req), status);
    evhttp_request_set_on_complete_cb(ex->req, on_complete, ex);
    evhttp_send_reply(ex->req, status, NULL, body);
}

int http_status(int code)
{
    switch (code) {
    case SD_OK: return 200;
    case SD_BAD_REQUEST:
    case SD_BAD_QUERY: return 400;
    case SD_UNAUTHORIZED: return 401;
    case SD_NOT_FOUND: return 404;
    case SD_TOO_LARGE: return 413;
    case SD_BUSY: return 503;
    case SD_TIMEOUT: return 504;
    default: return 500;
    }
}

void http_send_json_error(http_exchange *ex, int code, const char *msg)
{
    size_t len = 0;
    char *line = sd_error_line(code, msg, &len);
    struct evbuffer *body = evbuffer_new();
    if (body && line)
        evbuffer_add(body, line, len);
    free(line);
    if (code == SD_BUSY)
        http_header(ex, "Retry-After", "1");
    if (code == SD_UNAUTHORIZED)
        http_header(ex, "WWW-Authenticate", "Bearer realm=\"kilde\"");
    http_header(ex, "Cache-Control", "no-store");
    http_send(ex, http_status(code), "application/json", body);
    if (body)
        evbuffer_free(body);
}

void http_fail(http_exchange *ex, int code, const char *msg)
{
    if (!ex->html) {
        http_send_json_error(ex, code, msg);
        return;
    }
    if (code == SD_BUSY)
        http_header(ex, "Retry-After", "1");
    if (code == SD_UNAUTHORIZED)
        http_header(ex, "WWW-Authenticate", "Bearer realm=\"kilde\"");
    http_page_error(ex, http_status(code), msg);
}

/* ---- revalidation -------------------------------------------------------- */

/* If-None-Match holds the tag (or "*"): the client's copy is current. */
static bool holds(const char *if_none_match, const char *tag)
{
    return if_none_match &&
           (strcmp(if_none_match, "*") == 0 || strstr(if_none_match, tag) != NULL);
}

static bool not_modified(http_exchange *ex, const char *tag)
{
    http_header(ex, "ETag", tag);
    const char *inm =
        evhttp_find_header(evhttp_request_get_input_headers(ex->req), "If-None-Match");
    if (!holds(inm, tag))
        return false;
    http_send(ex, 304, NULL, NULL);
    return true;
}

bool http_etag_not_modified(http_exchange *ex, unsigned long revision)
{
    if (!revision)
        return false;
    char tag[64];
    snprintf(tag, sizeof tag, "\"r%lu-%016" PRIx64 "\"", revision, ex->request_hash);
    return not_modified(ex, tag);
}

bool http_tag_not_modified(http_exchange *ex, const char *name)
{
    char tag[96];
    snprintf(tag, sizeof tag, "\"%.90s\"", name);
    return not_modified(ex, tag);
}

bool http_valid_unit_id(const char *id)
{
    static const char key_chars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:~_-";
    if (strspn(id, "0123456789abcdef") != 16 || id[16] != '/')
        return false;
    const char *key = id + 17;
    size_t n = strlen(key);
    return n > 0 && n <= 100 && strspn(key, key_chars) == n && strcmp(key, ".") != 0 &&
           strcmp(key, "..") != 0;
}
