/*
 * searchd's errors: the code a client sees (sd_code_name) and a message a
 * person can act on.  Every part of searchd fails through these, and
 * nothing else is needed to do so: the query reader and the operations
 * include this, not the protocol.
 */
#ifndef KILDE_SD_ERROR_H
#define KILDE_SD_ERROR_H

#include <stdbool.h>

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
    SD_UNAUTHORIZED,
    SD_RETRY
};

#define SD_ERRMSG_LEN 400

typedef struct sd_error {
    int code;
    char msg[SD_ERRMSG_LEN];
} sd_error;

/* Sets err and returns -1, so operations can `return sd_fail(...)`. */
int sd_fail(sd_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *sd_code_name(int code);

/* What a client is told when memory ran out answering its request. */
#define SD_NOMEM_MSG "out of memory while answering; try again shortly, or narrow the " \
                     "request (a smaller limit, fewer facets)"
/* sd_fail(err, SD_BUSY, SD_NOMEM_MSG), noting it for sd_nomem_take. */
int sd_fail_nomem(sd_error *err);

/* nomem.c: whether an allocation failed on this thread since the last
 * call (ours, jansson's or Xapian's), clearing it; sd_nomem_note records
 * one.  sd_nomem_init sends jansson's allocations through the check, once
 * at start.  sd_nomem_fail_after(n), for tests: the allocation after the
 * next n fails (-1: none). */
void sd_nomem_note(void);
bool sd_nomem_take(void);
void sd_nomem_init(void);
void sd_nomem_fail_after(long n);

#endif
