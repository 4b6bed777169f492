/*
 * The protocol (docs/PROTOCOL.md): one JSON request per line in, one JSON
 * reply per line out.  sd_handle() is the whole of it for a worker; the
 * operations (op_*.c) read their fields with fields.h and fail through
 * sderror.h.
 */
#ifndef KILDE_SD_PROTOCOL_H
#define KILDE_SD_PROTOCOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct sd_ctx; /* ops.h */

/* What a request was, for the log line. */
typedef struct sd_outcome {
    const char *op;  /* static: "search", …, or "?" when unreadable */
    int code;        /* SD_OK or the error sent */
    double ms;
    char detail[120]; /* the query or unit asked for, cut short */
} sd_outcome;

/* Answers one request line (without its newline).  Returns the reply line,
 * newline included, malloc'd (*reply_len its length); never NULL except
 * when memory runs out.  `internal` lets the request name the daemon's own
 * operations (source, for its HTTP layer), which no client can ask for. */
char *sd_handle(struct sd_ctx *ctx, const char *line, size_t len, bool internal,
                size_t *reply_len, sd_outcome *out);

/* A reply made without a worker (too_large, busy), newline included,
 * malloc'd; NULL when memory runs out. */
char *sd_error_line(int code, const char *msg, size_t *len);
/* The same, answering the request whose id is `id` (may be NULL). */
char *sd_error_line_id(int code, const char *msg, const json_t *id, size_t *len);
/* {"id":…,"ok":true}, newline included, malloc'd; NULL when memory runs out. */
char *sd_ok_line(const json_t *id, size_t *len);

#endif
