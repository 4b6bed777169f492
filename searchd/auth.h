/*
 * Who may talk to searchd.  The Unix socket is governed by its file mode
 * (0660) and its folder; TCP and HTTP by a shared secret when one is
 * configured (--token-file), and one must be when either listens beyond
 * the loopback interface: an archive is not to be read by anyone who can
 * reach a port.  A socket client sends {"op":"auth","token":"…"} once per
 * connection before anything else; an HTTP client sends
 * "Authorization: Bearer …" with every request.  Tokens are compared in
 * constant time, so the time of a refusal says nothing about the secret.
 */
#ifndef KILDE_SD_AUTH_H
#define KILDE_SD_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "kerr.h"

#define SD_TOKEN_MIN 16  /* bytes: shorter secrets are refused at start-up */
#define SD_TOKEN_MAX 512

/* Reads the token from `path`: its first line, surrounding white space
 * removed; malloc'd into *out.  Errors name the file and the reason
 * (unreadable, empty, too short, white space inside). */
int sd_token_load(char **out, const char *path, kerr *err);

/* Whether `given` (len bytes, not NUL-terminated) is the token, in time
 * that depends on the token's length only. */
bool sd_token_equal(const char *token, const char *given, size_t len);

/* Whether a listening or connected socket is bound to a loopback address
 * (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6).  A Unix socket
 * is not a network socket: false. */
bool sd_fd_is_loopback(int fd);

/* Whether a connected socket is a Unix socket (no token asked of it). */
bool sd_fd_is_unix(int fd);

typedef enum {
    SD_AUTH_ACCEPTED, /* the token is right: the connection may go on */
    SD_AUTH_REFUSED,  /* a wrong token: the connection is closed after the reply */
    SD_AUTH_FIRST     /* another request before auth: refused, the connection stays */
} sd_auth_outcome;

/* Answers a request line on a connection that has not authenticated yet:
 * the reply line (malloc'd, newline included, the request's id echoed)
 * in *reply, NULL when memory ran out. */
sd_auth_outcome sd_auth_line(const char *token, const char *line, size_t len, char **reply,
                             size_t *reply_len);

#endif
