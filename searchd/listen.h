/*
 * Listening sockets (after Redis's anet.c): made and bound before the
 * daemon forks, so a bad address fails on the operator's terminal, then
 * handed to the loop.  Both are non-blocking, close-on-exec, with a large
 * backlog (16 clients connecting at once must not see a full queue).
 */
#ifndef KILDE_SD_LISTEN_H
#define KILDE_SD_LISTEN_H

#include "kerr.h"

#define SD_BACKLOG 511

/* A Unix socket at `path` with mode 0660.  A socket file nobody listens on
 * (left by a crash) is replaced; one a live daemon answers on is an error,
 * as is any other kind of file. */
int sd_listen_unix(int *fd, const char *path, kerr *err);

/* TCP on exactly the address given ("127.0.0.1:7700", "[::1]:7700",
 * "localhost:7700"); nothing is widened to every interface. */
int sd_listen_tcp(int *fd, const char *hostport, kerr *err);

#endif
