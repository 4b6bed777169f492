/*
 * Reading an /api/ call into the protocol's request (http_request.h).
 * Fields are checked by the operations themselves, so a mistake reads as
 * it does on the socket; here only what HTTP adds: parameters' types, lists
 * and filter.* names, and the body's being one JSON object.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* before libevent's headers: its key-value lists are sys/queue.h TAILQs */
#include <sys/queue.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "http_request.h"

#define MSG_MAX HTTP_REQUEST_MSG_MAX

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

static int from_params(const char *op, const char *query, json_t **out, char *msg)
{
    struct evkeyvalq params;
    TAILQ_INIT(&params);
    if (query && *query && evhttp_parse_query_str(query, &params)) {
        evhttp_clear_headers(&params);
        snprintf(msg, MSG_MAX, "the URL's query cannot be read: write it as name=value "
                 "pairs joined by &, each value percent-encoded");
        return -1;
    }
    json_t *req = json_object(), *filter = json_object();
    snprintf(msg, MSG_MAX, "out of memory");
    int rc = req && filter ? 0 : -1;
    const struct evkeyval *kv;
    TAILQ_FOREACH(kv, &params, next) {
        if (rc)
            break;
        if (strcmp(kv->key, "op") == 0 && strcmp(kv->value, op) != 0) {
            snprintf(msg, MSG_MAX, "op=%.40s, but the address names %s", kv->value, op);
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
        return -1;
    }
    *out = req;
    return 0;
}

/* ---- POST: the body is the request object -------------------------------- */

static int from_body(const char *op, const char *query, const char *body, size_t len,
                     json_t **out, char *msg)
{
    json_error_t jerr;
    json_t *req = NULL, *named = NULL;
    if (query && *query)
        snprintf(msg, MSG_MAX, "a POST takes its request in the body, not in the URL");
    else if (!(req = json_loadb(len ? body : "", len, JSON_REJECT_DUPLICATES, &jerr)))
        snprintf(msg, MSG_MAX, "malformed JSON at character %d: %.100s — POST the protocol's "
                 "request object, as {\"q\":\"høringer\"}", jerr.position, jerr.text);
    else if (!json_is_object(req))
        snprintf(msg, MSG_MAX, "the body is a JSON object, as {\"q\":\"høringer\"}, not a %s",
                 json_is_array(req) ? "list" : "value");
    else if ((named = json_object_get(req, "op")) &&
             !(json_is_string(named) && strcmp(json_string_value(named), op) == 0))
        snprintf(msg, MSG_MAX, "'op' says %.40s, but the address names %s",
                 json_is_string(named) ? json_string_value(named) : "something else", op);
    else if (json_object_set_new(req, "op", json_string(op)) == 0) {
        *out = req;
        return 0;
    } else
        snprintf(msg, MSG_MAX, "out of memory");
    json_decref(req);
    return -1;
}

int http_request_read(const char *op, bool post, const char *query, const char *body,
                      size_t len, json_t **out, char *msg)
{
    return post ? from_body(op, query, body, len, out, msg) : from_params(op, query, out, msg);
}
