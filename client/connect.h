/*
 * Talking to searchd: where it listens (a Unix socket or HOST:PORT), and
 * one connection that sends and receives JSON lines under one deadline.
 *
 *   kendpoint ep;
 *   kendpoint_unix(&ep, "var/searchd.sock", &err);
 *   kconn c;
 *   kconn_open(&c, &ep, 30.0, &err);     ... the 30 s cover connect, send and reply
 *   kconn_write_line(&c, req, len, &err);
 *   kconn_read_line(&c, &line, &n, &err); ... caller frees line
 *   kconn_close(&c);
 *
 * Every failure returns a KERR_* code with a message that names the
 * endpoint ("searchd at var/searchd.sock: ..."), so the caller prints it as
 * is.  Nothing here raises SIGPIPE.
 */
#ifndef KILDE_CONNECT_H
#define KILDE_CONNECT_H

#include <stddef.h>

#include "buf.h"
#include "kerr.h"

/* A response line longer than this is refused: no reply of searchd's comes
 * near it (a unit is at most a few kilobytes), so it means a wrong peer. */
#define KCONN_MAX_LINE (16u * 1024 * 1024)

typedef struct kendpoint {
    char name[300];  /* as the user gave it, for messages */
    char path[108];  /* the Unix socket (sun_path's size), or "" for TCP */
    char host[256];  /* for TCP: without brackets for IPv6 */
    char port[16];
    char token[520]; /* sent first ({"op":"auth"}) when not "" */
} kendpoint;

/* A Unix socket at path.  KERR_INVALID when the path is empty or too long
 * for a socket address. */
int kendpoint_unix(kendpoint *ep, const char *path, kerr *err);

/* HOST:PORT, or [IPv6]:PORT.  KERR_INVALID when it is not of that form. */
int kendpoint_tcp(kendpoint *ep, const char *hostport, kerr *err);

/* Reads the token searchd asks TCP clients for (searchd --token-file) from
 * the first line of `path`.  KERR_IO or KERR_INVALID naming the file. */
int kendpoint_token_file(kendpoint *ep, const char *path, kerr *err);

typedef struct kconn {
    int fd;
    const kendpoint *ep;  /* borrowed: must outlive the connection */
    double deadline;      /* CLOCK_MONOTONIC seconds by which all must be done */
    double timeout;       /* the seconds given to kconn_open, for messages */
    kbuf in;              /* received bytes not yet returned as a line */
} kconn;

/* Connects, trying each address of a host in turn.  KERR_IO when searchd
 * is not there or does not accept within timeout seconds. */
int kconn_open(kconn *c, const kendpoint *ep, double timeout, kerr *err);

/* Sends len bytes of line and a newline.  KERR_IO on failure or timeout. */
int kconn_write_line(kconn *c, const char *line, size_t len, kerr *err);

/* Waits for the next whole line and hands it to the caller (*line is
 * malloc'd, NUL-terminated, without the newline; *len its length).
 * KERR_IO when the peer closes first or the deadline passes, KERR_TOOLARGE
 * past KCONN_MAX_LINE, KERR_NOMEM. */
int kconn_read_line(kconn *c, char **line, size_t *len, kerr *err);

/* Closes the socket and frees what is buffered.  Accepts a connection that
 * never opened (fd -1). */
void kconn_close(kconn *c);

#endif
