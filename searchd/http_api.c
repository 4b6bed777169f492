/*
 * /api/OP: the protocol's operations over HTTP (docs/WEB.md).  GET takes
 * the request's fields as query parameters, POST the protocol's request
 * object as its body; either way the workers get one protocol request
 * line, and the client the protocol's reply with a status for its code.
 * Fields are checked by the operations themselves, so a mistake reads as
 * it does on the socket ("unknown field 'qq' in search — did you mean 'q'?");
 * http_request.c reads the call into the request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closest.h"
#include "http_internal.h"
#include "http_request.h"
#include "protocol.h"
#include "sderror.h"

#define MSG_MAX 240

static const char *const api_ops[] = {"search", "get", "suggest", "stats", "positions",
                                      "timeline", NULL};

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
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ex->req);
    const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
    struct evbuffer *in = evhttp_request_get_input_buffer(ex->req);
    size_t len = evbuffer_get_length(in);
    const char *body = len ? (const char *)evbuffer_pullup(in, -1) : "";
    bool post = evhttp_request_get_command(ex->req) == EVHTTP_REQ_POST;
    json_t *req = NULL;
    char msg[HTTP_REQUEST_MSG_MAX];
    if (http_request_read(name, post, query, body, len, &req, msg)) {
        http_send_json_error(ex, SD_BAD_REQUEST, msg);
        return;
    }
    ex->data = (void *)name; /* static: no free_data */
    http_ask(ex, req, false, on_reply);
    json_decref(req);
}
