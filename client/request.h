/*
 * One request to searchd and its response (docs/PROTOCOL.md): the request
 * object goes out as one JSON line with an "id", the reply comes back as
 * one line, which is kept as received (for --json) and parsed.
 */
#ifndef KILDE_REQUEST_H
#define KILDE_REQUEST_H

#include <jansson.h>
#include <stdbool.h>

#include "connect.h"
#include "kerr.h"

typedef struct kreply {
    char *line;      /* the response line as received, without its newline */
    size_t len;      /* its length (it holds no NUL) */
    json_t *json;    /* the parsed response, a JSON object */
    double round_ms; /* from connecting to the whole reply, as the client saw it */
} kreply;

/* Connects to ep, sends req (after setting its "id"), and waits up to
 * timeout seconds in all for the reply.  On 0, *out holds a reply that is
 * a JSON object with a boolean "ok" and the same id; the caller frees it
 * with kreply_free.  ok:false is still a reply (see reply_error).  Fails
 * with KERR_IO (connection, timeout), KERR_FORMAT (not a searchd reply),
 * KERR_TOOLARGE or KERR_NOMEM; err names the endpoint. */
int request_exchange(const kendpoint *ep, json_t *req, double timeout, kreply *out, kerr *err);

/* For an ok:false reply: its error code ("bad_query", "not_found", ...; ""
 * when missing) and, in *message, its message ("" when missing).  NULL for
 * an ok:true reply.  Both strings belong to the reply. */
const char *reply_error(const kreply *r, const char **message);

/* Frees what the reply holds; accepts a reply never filled (zeroed). */
void kreply_free(kreply *r);

#endif
