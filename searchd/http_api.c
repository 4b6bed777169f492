/*
 * /api/OP: the protocol's operations over HTTP (docs/WEB.md).  GET takes
 * the request's fields as query parameters, POST the protocol's request
 * object as its body; either way the workers get one protocol request
 * line, and the client the protocol's reply with a status for its code.
 * Fields are checked by the operations themselves, so a mistake reads as
 * it does on the socket ("unknown field 'qq' in search — did you mean 'q'?").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closest.h"
#include "http_internal.h"
#include "protocol.h"
#include "sderror.h"

#define MSG_MAX 240

static const char *const api_ops[] = {"search", "get", "suggest", "stats", "positions",
                                      "timeline", NULL};

static bool among(const char *name, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* ---- GET: parameters → the request object -------------------------------- */

/* A value as the protocol wants it: numbers and booleans where a field is
 * one, when the text reads as one (else the operation says what it takes). */
static json_t *value_of(const char *key, const char *value)
{
    static const char *const numbers[] = {"limit", "offset", "id", "filter.year", NULL};
    static const char *const booleans[] = {"collapse", "spelling", NULL};
    char *end;
    if (among(key, numbers) && *value && strlen(value) < 10) {
        long n = strtol(value, &end, 10);
        if (!*end)
            return json_integer(n);
    }
    if (among(key, booleans) && (strcmp(value, "true") == 0 || strcmp(value, "1") == 0))
        return json_true();
    if (among(key, booleans) && (strcmp(value, "false") == 0 || strcmp(value, "0") == 0))
        return json_false();
    return json_string(value); /* NULL when not UTF-8 */
}

/* facets=type,year → ["type", "year"] */
static json_t *list_of(const char *value)
{
    json_t *list = json_array();
    for (const char *p = value; list && *p;) {
        size_t n = strcspn(p, ",");
        json_t *item = json_stringn(p, n);
        if (!item || json_array_append_new(list, item)) {
            json_decref(list);
            return NULL;
        }
        p += n + (p[n] == ',');
    }
    return list;
}

/* A filter field given again (filter.type=a&filter.type=b) makes a list. */
static int add_again(json_t *obj, const char *name, json_t *v, bool listable)
{
    json_t *old = json_object_get(obj, name);
    if (!listable)
        return -1;
    if (!json_is_array(old)) {
        json_t *list = json_array();
        json_array_append(list, old);
        json_object_set_new(obj, name, list);
        old = list;
    }
    return json_array_append_new(old, v);
}

static int add_param(json_t *req, json_t *filter, const char *key, const char *value,
                     char *msg)
{
    static const char *const listable[] = {"type", "kind", "stance", NULL};
    bool in_filter = strncmp(key, "filter.", 7) == 0;
    const char *name = in_filter ? key + 7 : key;
    json_t *obj = in_filter ? filter : req;
    if (strcmp(key, "filter") == 0 || (in_filter && !*name)) {
        snprintf(msg, MSG_MAX, "give the filter's fields one by one, as filter.type=artikkel");
        return -1;
    }
    json_t *v = strcmp(key, "facets") == 0 ? list_of(value) : value_of(key, value);
    if (!v) {
        snprintf(msg, MSG_MAX, "the value of '%.60s' is not UTF-8", key);
        return -1;
    }
    if (!json_object_get(obj, name))
        return json_object_set_new(obj, name, v);
    if (add_again(obj, name, v, in_filter && among(name, listable)) == 0)
        return 0;
    json_decref(v);
    snprintf(msg, MSG_MAX, "'%.60s' is given twice%s", key,
             in_filter ? "" : " (only filter.type, filter.kind and filter.stance may be)");
    return -1;
}

static int from_params(http_exchange *ex, const char *op, json_t **out)
{
    struct evkeyvalq params;
    if (http_params(ex, &params))
        return -1;
    json_t *req = json_object(), *filter = json_object();
    char msg[MSG_MAX] = "out of memory";
    int rc = req && filter ? 0 : -1;
    const struct evkeyval *kv;
    TAILQ_FOREACH(kv, &params, next) {
        if (rc)
            break;
        if (strcmp(kv->key, "op") == 0 && strcmp(kv->value, op) != 0) {
            snprintf(msg, sizeof msg, "op=%.40s, but the address names %s", kv->value, op);
            rc = -1;
        } else if (strcmp(kv->key, "op") != 0) {
            rc = add_param(req, filter, kv->key, kv->value, msg);
        }
    }
    evhttp_clear_headers(&params);
    if (rc == 0 && json_object_size(filter))
        rc = json_object_set(req, "filter", filter);
    if (rc == 0)
        rc = json_object_set_new(req, "op", json_string(op));
    json_decref(filter);
    if (rc) {
        json_decref(req);
        http_send_json_error(ex, SD_BAD_REQUEST, msg);
        return -1;
    }
    *out = req;
    return 0;
}

/* ---- POST: the body is the request object -------------------------------- */

static int from_body(http_exchange *ex, const char *op, json_t **out)
{
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ex->req);
    struct evbuffer *in = evhttp_request_get_input_buffer(ex->req);
    size_t len = evbuffer_get_length(in);
    const char *body = len ? (const char *)evbuffer_pullup(in, -1) : "";
    char msg[MSG_MAX];
    json_error_t jerr;
    json_t *req = NULL, *named = NULL;
    if (uri && evhttp_uri_get_query(uri) && *evhttp_uri_get_query(uri))
        snprintf(msg, sizeof msg, "a POST takes its request in the body, not in the URL");
    else if (!(req = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr)))
        snprintf(msg, sizeof msg, "malformed JSON at character %d: %.100s — POST the protocol's "
                 "request object, as {\"q\":\"høringer\"}", jerr.position, jerr.text);
    else if (!json_is_object(req))
        snprintf(msg, sizeof msg, "the body is a JSON object, as {\"q\":\"høringer\"}, not a %s",
                 json_is_array(req) ? "list" : "value");
    else if ((named = json_object_get(req, "op")) &&
             !(json_is_string(named) && strcmp(json_string_value(named), op) == 0))
        snprintf(msg, sizeof msg, "'op' says %.40s, but the address names %s",
                 json_is_string(named) ? json_string_value(named) : "something else", op);
    else if (json_object_set_new(req, "op", json_string(op)) == 0) {
        *out = req;
        return 0;
    } else
        snprintf(msg, sizeof msg, "out of memory");
    json_decref(req);
    http_send_json_error(ex, SD_BAD_REQUEST, msg);
    return -1;
}

/* ---- the reply ----------------------------------------------------------- */

static void on_reply(http_exchange *ex, const sd_job *job)
{
    /* stats changes with every request: it has no ETag to revalidate */
    bool revalidate = job->code == SD_OK && strcmp(ex->data, "stats") != 0;
    http_header(ex, "Cache-Control", "no-cache");
    if (revalidate && http_etag_not_modified(ex, job->revision))
        return;
    if (job->code == SD_BUSY)
        http_header(ex, "Retry-After", "1");
    struct evbuffer *body = evbuffer_new();
    if (body)
        evbuffer_add(body, job->reply, job->reply_len);
    http_send(ex, http_status(job->code), "application/json", body);
    if (body)
        evbuffer_free(body);
}

void http_api(http_exchange *ex, const char *op)
{
    const char *name = NULL;
    for (size_t i = 0; api_ops[i] && !name; i++)
        if (strcmp(op, api_ops[i]) == 0)
            name = api_ops[i];
    if (!name) {
        char msg[MSG_MAX];
        const char *near = sd_closest(op, api_ops);
        snprintf(msg, sizeof msg, "no API operation '%.40s'%s%s%s (/api/search, get, suggest, "
                 "stats, positions, timeline)", op, near ? " — did you mean '" : "",
                 near ? near : "", near ? "'?" : "");
        http_send_json_error(ex, SD_NOT_FOUND, msg);
        return;
    }
    json_t *req = NULL;
    bool post = evhttp_request_get_command(ex->req) == EVHTTP_REQ_POST;
    if ((post ? from_body : from_params)(ex, name, &req))
        return;
    ex->data = (void *)name; /* static: no free_data */
    http_ask(ex, req, false, on_reply);
    json_decref(req);
}
