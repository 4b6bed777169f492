#include "request.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The client sends one request per connection, so any fixed id will do;
 * it is still checked, so a reply to somebody else's request is caught. */
#define REQUEST_ID 1

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* {"op":"auth"} with the endpoint's token, before the request itself. */
static int authenticate(kconn *c, const kendpoint *ep, kerr *err)
{
    json_t *auth = json_pack("{s:s, s:s}", "op", "auth", "token", ep->token);
    char *text = auth ? json_dumps(auth, JSON_COMPACT) : NULL;
    json_decref(auth);
    if (!text)
        return kerr_set(err, KERR_NOMEM, "out of memory building the request");
    char *line = NULL;
    size_t len = 0;
    int rc = kconn_write_line(c, text, strlen(text), err);
    free(text);
    if (rc == 0)
        rc = kconn_read_line(c, &line, &len, err);
    json_t *reply = rc == 0 ? json_loadb(line, len, 0, NULL) : NULL;
    free(line);
    if (rc == 0 && !json_is_true(json_object_get(reply, "ok"))) {
        const char *msg = json_string_value(
            json_object_get(json_object_get(reply, "error"), "message"));
        rc = kerr_set(err, KERR_IO, "searchd at %s refused the token: %s", ep->name,
                      msg ? msg : "no reason given");
    }
    json_decref(reply);
    return rc;
}

/* Sends req over a fresh connection and receives one line. */
static int round_trip(const kendpoint *ep, const char *req, double timeout, char **line,
                      size_t *len, kerr *err)
{
    kconn c;
    int rc = kconn_open(&c, ep, timeout, err);
    if (rc)
        return rc;
    if (ep->token[0])
        rc = authenticate(&c, ep, err);
    if (rc == 0)
        rc = kconn_write_line(&c, req, strlen(req), err);
    if (rc == 0)
        rc = kconn_read_line(&c, line, len, err);
    kconn_close(&c);
    return rc;
}

/* Is the line a searchd reply to our request?  Keeps the parsed object. */
static int check_reply(const kendpoint *ep, kreply *r, kerr *err)
{
    json_error_t je;
    /* JSON text never holds a raw NUL; one would hide the rest from the parser. */
    if (strlen(r->line) != r->len)
        return kerr_set(err, KERR_FORMAT, "searchd at %s sent a reply with a NUL byte in it",
                        ep->name);
    r->json = json_loads(r->line, JSON_REJECT_DUPLICATES, &je);
    if (!r->json)
        return kerr_set(err, KERR_FORMAT, "searchd at %s sent a reply that is not JSON (%s at "
                        "column %d): %.80s", ep->name, je.text, je.column, r->line);
    if (!json_is_object(r->json) || !json_is_boolean(json_object_get(r->json, "ok")))
        return kerr_set(err, KERR_FORMAT, "searchd at %s sent a reply without \"ok\": %.80s",
                        ep->name, r->line);
    json_t *id = json_object_get(r->json, "id");
    if (id && !(json_is_integer(id) && json_integer_value(id) == REQUEST_ID))
        return kerr_set(err, KERR_FORMAT, "searchd at %s answered another request (id %.40s)",
                        ep->name, r->line);
    return 0;
}

int request_exchange(const kendpoint *ep, json_t *req, double timeout, kreply *out, kerr *err)
{
    memset(out, 0, sizeof *out);
    if (json_object_set_new(req, "id", json_integer(REQUEST_ID)) < 0)
        return kerr_set(err, KERR_NOMEM, "out of memory building the request");
    char *text = json_dumps(req, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text)
        return kerr_set(err, KERR_NOMEM, "out of memory building the request");
    double t0 = now_ms();
    int rc = round_trip(ep, text, timeout, &out->line, &out->len, err);
    free(text);
    out->round_ms = now_ms() - t0;
    if (rc == 0)
        rc = check_reply(ep, out, err);
    if (rc)
        kreply_free(out);
    return rc;
}

const char *reply_error(const kreply *r, const char **message)
{
    if (json_is_true(json_object_get(r->json, "ok")))
        return NULL;
    json_t *e = json_object_get(r->json, "error");
    const char *code = json_string_value(json_object_get(e, "code"));
    const char *msg = json_string_value(json_object_get(e, "message"));
    *message = msg ? msg : "";
    return code ? code : "";
}

void kreply_free(kreply *r)
{
    free(r->line);
    json_decref(r->json);
    r->line = NULL;
    r->len = 0;
    r->json = NULL;
}
