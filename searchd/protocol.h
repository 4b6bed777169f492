/*
 * The protocol (docs/PROTOCOL.md): one JSON request per line in, one JSON
 * reply per line out.  sd_handle() is the whole of it for a worker; the
 * helpers below let each operation (op_*.c) read its fields and fail with
 * a code and a message a person can act on.
 */
#ifndef KILDE_SD_PROTOCOL_H
#define KILDE_SD_PROTOCOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "kx.h"

/* Error codes as clients see them (sd_code_name); SD_RETRY never leaves
 * the daemon: the index moved under a reader, so reopen and run again. */
enum {
    SD_OK = 0,
    SD_BAD_REQUEST,
    SD_BAD_QUERY,
    SD_NOT_FOUND,
    SD_TOO_LARGE,
    SD_TIMEOUT,
    SD_BUSY,
    SD_INTERNAL,
    SD_RETRY
};

#define SD_ERRMSG_LEN 400

typedef struct sd_error {
    int code;
    char msg[SD_ERRMSG_LEN];
} sd_error;

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

/* Sets err and returns -1, so operations can `return sd_fail(...)`. */
int sd_fail(sd_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Maps a kx failure: a moved index → SD_RETRY, a remote shard gone →
 * internal (and the worker opens its shards again), the rest → internal. */
int sd_fail_kx(struct sd_ctx *ctx, sd_error *err, const kx_error *x, const char *what);
const char *sd_code_name(int code);

/* Edit distance in code points (Levenshtein), for "did you mean". */
size_t sd_edit_distance(const char *a, const char *b);
/* The name in names[] (NULL-terminated) closest to `name`, when close
 * enough to be a slip of the finger; else NULL. */
const char *sd_closest(const char *name, const char *const *names);

/* Refuses any key of `obj` not in allowed[] (NULL-terminated; "op" and "id"
 * are always allowed), naming the closest allowed one. */
int sd_check_fields(const json_t *obj, const char *const *allowed, const char *where,
                    sd_error *err);
/* Field readers: absent fields give the default; a wrong type or range is
 * bad_request naming the field. */
int sd_get_string(const json_t *obj, const char *key, size_t max_len, const char **out,
                  sd_error *err);
int sd_get_int(const json_t *obj, const char *key, long lo, long hi, long *out,
               sd_error *err);
int sd_get_bool(const json_t *obj, const char *key, bool *out, sd_error *err);

/* A JSON string of n bytes, or JSON null when they are not UTF-8. */
json_t *sd_json_string(const char *s, size_t n);

#endif
