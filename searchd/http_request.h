/*
 * The protocol request an /api/OP call stands for (docs/WEB.md): GET's
 * query parameters, or POST's body, read into one request object.  Kept
 * apart from libevent's exchange (http_api.c) so that reading what a
 * client sent can be tested and fuzzed alone (tests/fuzz/fuzz_http.c).
 */
#ifndef KILDE_SD_HTTP_REQUEST_H
#define KILDE_SD_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define HTTP_REQUEST_MSG_MAX 240

/* The request for operation `op` (a name the API serves): from the URL's
 * query (may be NULL) for GET, from body (len bytes, not NUL-terminated)
 * for POST.  Returns 0 and the object in *out, or -1 with what is wrong
 * in msg (HTTP_REQUEST_MSG_MAX bytes), to answer bad_request. */
int http_request_read(const char *op, bool post, const char *query, const char *body,
                      size_t len, json_t **out, char *msg);

#endif
