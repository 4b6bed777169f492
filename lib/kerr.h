/*
 * kilde's own status convention (the kx_ wrapper has its own, being generic):
 * 0 is success, a few named negative codes for what callers act on, and a
 * caller-owned message buffer a person can read.  No thread-local state.
 */
#ifndef KILDE_KERR_H
#define KILDE_KERR_H

enum {
    KERR_OK = 0,
    KERR_FAIL = -1,      /* anything else */
    KERR_IO = -2,        /* a file could not be read or written */
    KERR_FORMAT = -3,    /* the input is not what it claims to be, or is damaged */
    KERR_ENCRYPTED = -4, /* the input needs a password */
    KERR_INVALID = -5,   /* the input fails its schema */
    KERR_LOCKED = -6,    /* the index is held by another writer */
    KERR_SCHEMA = -7,    /* the index was written with another schema */
    KERR_TOOLARGE = -8,  /* over a configured limit */
    KERR_NOMEM = -9
};

#define KERR_MSG_LEN 512

typedef struct kerr {
    int code;
    char msg[KERR_MSG_LEN];
} kerr;

/* Sets err (may be NULL) and returns code, so callers can `return kerr_set(...)`. */
int kerr_set(kerr *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void kerr_clear(kerr *err);

#endif
