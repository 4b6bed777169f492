#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "closest.h"
#include "ops.h"
#include "utf8.h"

static const struct {
    const char *name;
    sd_op_fn fn;
    bool search; /* counted as a query, its time kept for the percentiles */
    const char *detail; /* the field the log line shows */
    bool internal; /* the daemon's own (its HTTP layer's); unknown to clients */
} ops[] = {
    {"ping", op_ping, false, NULL, false},       {"search", op_search, true, "q", false},
    {"get", op_get, false, "unit", false},       {"suggest", op_suggest, false, "prefix", false},
    {"stats", op_stats, false, NULL, false},     {"positions", op_positions, true, "q", false},
    {"timeline", op_timeline, true, "q", false}, {"source", op_source, false, "unit", true},
    {"auth", op_auth, false, NULL, false},
};
#define NOPS (sizeof ops / sizeof ops[0])
#define RETRIES 3 /* runs after the first when the index moves under one */
static const char *const op_names[] = {"ping", "search", "get", "suggest", "stats",
                                       "positions", "timeline", "auth", NULL};

/* Every reply carries fractions (score, took_ms) to 6 significant digits. */
#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

int sd_fail_kx(sd_ctx *ctx, sd_error *err, const kx_error *x, const char *what)
{
    switch (x->code) {
    case KX_EMODIFIED:
        return sd_fail(err, SD_RETRY, "%s: %s", what, x->message);
    case KX_ENOMEM:
        return sd_fail_nomem(err);
    case KX_EQUERY:
        return sd_fail(err, SD_BAD_QUERY, "the query could not be read: %s", x->message);
    case KX_ENETWORK:
        ctx->broken = true;
        return sd_fail(err, SD_INTERNAL, "%s: a remote shard did not answer (%s); searchd "
                       "connects again on the next request", what, x->message);
    default:
        return sd_fail(err, SD_INTERNAL, "%s: %s", what, x->message);
    }
}

/* ---- reply lines --------------------------------------------------------- */

/* Serialises with the newline that ends every reply. */
static char *dump_line(const json_t *j, size_t *len)
{
    char *text = json_dumps(j, DUMP_FLAGS);
    size_t n = text ? strlen(text) : 0;
    char *line = text ? realloc(text, n + 2) : NULL;
    if (!line) {
        free(text);
        return NULL;
    }
    line[n] = '\n';
    line[n + 1] = '\0';
    *len = n + 1;
    return line;
}

static json_t *new_reply(const json_t *id, bool ok)
{
    json_t *r = json_object();
    if (r && id)
        json_object_set(r, "id", (json_t *)id);
    if (r)
        json_object_set_new(r, "ok", json_boolean(ok));
    return r;
}

/* The message as JSON; a message cut inside a character (by a "%.40s"
 * of the user's bytes) loses the broken bytes, not the whole message. */
static json_t *message_json(const char *msg)
{
    json_t *j = json_string(msg);
    char *whole = j ? NULL : strdup(msg);
    if (whole) {
        utf8_drop_broken(whole);
        j = json_string(whole);
        free(whole);
    }
    return j ? j : json_string("(the message could not be written)");
}

static char *error_reply(int code, const char *msg, const json_t *id, size_t *len)
{
    json_t *r = new_reply(id, false);
    json_t *e = json_object();
    json_object_set_new(e, "code", json_string(sd_code_name(code)));
    json_object_set_new(e, "message", message_json(msg));
    json_object_set_new(r, "error", e);
    char *line = dump_line(r, len);
    json_decref(r);
    return line;
}

char *sd_error_line(int code, const char *msg, size_t *len)
{
    return error_reply(code, msg, NULL, len);
}

char *sd_error_line_id(int code, const char *msg, const json_t *id, size_t *len)
{
    return error_reply(code, msg, id, len);
}

char *sd_ok_line(const json_t *id, size_t *len)
{
    json_t *r = new_reply(id, true);
    char *line = r ? dump_line(r, len) : NULL;
    json_decref(r);
    return line;
}

/* ---- requests ------------------------------------------------------------ */

static int parse_request(const char *line, size_t len, bool internal, json_t **req, int *op,
                         sd_error *err)
{
    json_error_t jerr;
    *req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*req)
        return sd_fail(err, SD_BAD_REQUEST, "malformed JSON at character %d: %s — send one "
                       "JSON object per line, as {\"op\":\"ping\"}", jerr.position, jerr.text);
    if (!json_is_object(*req))
        return sd_fail(err, SD_BAD_REQUEST, "a request is a JSON object, as "
                       "{\"op\":\"ping\"}, not a %s", json_is_array(*req) ? "list" : "value");
    json_t *name = json_object_get(*req, "op");
    if (!name)
        return sd_fail(err, SD_BAD_REQUEST, "missing field 'op': say what to do (ping, "
                       "search, get, suggest, stats, positions, timeline)");
    if (!json_is_string(name))
        return sd_fail(err, SD_BAD_REQUEST, "'op' must be a string (ping, search, get, "
                       "suggest, stats, positions, timeline)");
    for (size_t i = 0; i < NOPS; i++)
        if (strcmp(json_string_value(name), ops[i].name) == 0 && (internal || !ops[i].internal)) {
            *op = (int)i;
            return 0;
        }
    const char *near = sd_closest(json_string_value(name), op_names);
    return sd_fail(err, SD_BAD_REQUEST, "unknown op '%.40s'%s%s%s (ops: ping, search, get, "
                   "suggest, stats, positions, timeline, auth)", json_string_value(name),
                   near ? " — did you mean '" : "", near ? near : "", near ? "'?" : "");
}

/* Runs the operation; when the index moved under it, reopens and runs it
 * again (Xapian: DatabaseModifiedError), a few times: a reader only meets
 * this when two commits land during one request. */
static int run(sd_ctx *ctx, int op, const json_t *req, json_t **reply, sd_error *err)
{
    const json_t *id = json_object_get(req, "id");
    for (int attempt = 0;; attempt++) {
        *reply = new_reply(id, true);
        if (!*reply)
            return sd_fail_nomem(err);
        if (ops[op].fn(ctx, req, *reply, err) == 0)
            return 0;
        json_decref(*reply);
        *reply = NULL;
        if (err->code != SD_RETRY)
            return -1;
        if (attempt == RETRIES)
            return sd_fail(err, SD_INTERNAL, "the index kept changing while answering "
                           "(an indexer commits very often); ask again");
        kx_error x;
        int changed = 0;
        if (kx_db_reopen(ctx->db, &changed, &x) == KX_OK && changed)
            atomic_fetch_add(ctx->generation, 1); /* the other workers follow */
    }
}

static void describe(sd_outcome *out, int op, const json_t *req)
{
    out->op = op >= 0 ? ops[op].name : "?";
    out->detail[0] = '\0';
    const char *d = op >= 0 && ops[op].detail
                        ? json_string_value(json_object_get(req, ops[op].detail))
                        : NULL;
    if (d)
        snprintf(out->detail, sizeof out->detail, "%s", d);
}

char *sd_handle(sd_ctx *ctx, const char *line, size_t len, bool internal, size_t *reply_len,
                sd_outcome *out)
{
    ctx->started_ms = sd_now_ms();
    sd_nomem_take(); /* what ran out before this request is not its concern */
    sd_error err = {.code = SD_OK};
    json_t *req = NULL, *reply = NULL;
    int op = -1;
    int rc = parse_request(line, len, internal, &req, &op, &err);
    if (rc == 0)
        rc = run(ctx, op, req, &reply, &err);
    char *text = rc == 0 ? dump_line(reply, reply_len) : NULL;
    /* Any allocation that failed on the way, however it was handled, may
     * have left the reply short (or made a mistake of it: jansson reading
     * the request): the client is told to ask again instead. */
    if (sd_nomem_take() || (rc == 0 && !text)) {
        free(text);
        text = NULL;
        rc = sd_fail_nomem(&err);
    }
    if (rc)
        text = error_reply(err.code, err.msg,
                           json_is_object(req) ? json_object_get(req, "id") : NULL, reply_len);
    describe(out, op, req);
    out->code = rc ? err.code : SD_OK;
    out->ms = sd_now_ms() - ctx->started_ms;
    sd_stats_request(ctx->stats, op >= 0 && ops[op].search && rc == 0, rc == 0, out->ms);
    json_decref(reply);
    json_decref(req);
    return text;
}
