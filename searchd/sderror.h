/*
 * searchd's errors: the code a client sees (sd_code_name) and a message a
 * person can act on.  Every part of searchd fails through these, and
 * nothing else is needed to do so: the query reader and the operations
 * include this, not the protocol.
 */
#ifndef KILDE_SD_ERROR_H
#define KILDE_SD_ERROR_H

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

#endif
