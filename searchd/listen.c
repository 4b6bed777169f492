#include "listen.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int listen_on(int fd, const char *what, kerr *err)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 || listen(fd, SD_BACKLOG) < 0) {
        int e = errno;
        close(fd);
        return kerr_set(err, KERR_IO, "%s: listen: %s", what, strerror(e));
    }
    return 0;
}

/* 1 when a daemon answers on the socket at `path`, 0 when none does. */
static int someone_listens(const struct sockaddr_un *addr)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    int rc = connect(fd, (const struct sockaddr *)addr, sizeof *addr) == 0;
    close(fd);
    return rc;
}

static int clear_stale(const struct sockaddr_un *addr, kerr *err)
{
    struct stat st;
    if (lstat(addr->sun_path, &st) != 0)
        return 0;
    if (!S_ISSOCK(st.st_mode))
        return kerr_set(err, KERR_IO, "%s exists and is not a socket: choose another --socket "
                        "or remove the file", addr->sun_path);
    if (someone_listens(addr))
        return kerr_set(err, KERR_IO, "%s: another searchd answers there: stop it first, or "
                        "choose another --socket", addr->sun_path);
    if (unlink(addr->sun_path) != 0 && errno != ENOENT)
        return kerr_set(err, KERR_IO, "%s: removing the stale socket: %s", addr->sun_path,
                        strerror(errno));
    return 0;
}

int sd_listen_unix(int *out, const char *path, kerr *err)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path)
        return kerr_set(err, KERR_IO, "%s: a socket path may be at most %zu bytes", path,
                        sizeof addr.sun_path - 1);
    strcpy(addr.sun_path, path);
    if (clear_stale(&addr, err))
        return err ? err->code : KERR_IO;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return kerr_set(err, KERR_IO, "socket: %s", strerror(errno));
    /* bind under a 0117 umask so no other user may connect in between */
    mode_t old = umask(0117);
    int rc = bind(fd, (const struct sockaddr *)&addr, sizeof addr);
    int e = errno;
    umask(old);
    if (rc != 0 || chmod(path, 0660) != 0) {
        e = rc ? e : errno;
        close(fd);
        return kerr_set(err, KERR_IO, "%s: %s", path, strerror(e));
    }
    rc = listen_on(fd, path, err);
    if (rc == 0)
        *out = fd;
    return rc;
}

/* "host:port" or "[v6]:port" into host and port. */
static int split_hostport(const char *in, char *host, size_t cap, const char **port)
{
    const char *colon = strrchr(in, ':');
    if (!colon || colon == in || !colon[1])
        return -1;
    const char *h = in;
    size_t n = (size_t)(colon - in);
    if (in[0] == '[' && colon[-1] == ']') {
        h++;
        n -= 2;
    }
    if (n == 0 || n >= cap)
        return -1;
    memcpy(host, h, n);
    host[n] = '\0';
    *port = colon + 1;
    return 0;
}

static int bind_first(const struct addrinfo *list, const char *hostport, int *out, kerr *err)
{
    int e = 0;
    for (const struct addrinfo *ai = list; ai; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            e = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            *out = fd;
            return listen_on(fd, hostport, err);
        }
        e = errno;
        close(fd);
    }
    return kerr_set(err, KERR_IO, "%s: bind: %s", hostport, strerror(e));
}

int sd_listen_tcp(int *out, const char *hostport, kerr *err)
{
    char host[256];
    const char *port;
    if (split_hostport(hostport, host, sizeof host, &port))
        return kerr_set(err, KERR_IO, "--listen takes HOST:PORT, as 127.0.0.1:7700, not '%s'",
                        hostport);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV}, *list = NULL;
    int rc = getaddrinfo(host, port, &hints, &list);
    if (rc != 0)
        return kerr_set(err, KERR_IO, "%s: %s", hostport, gai_strerror(rc));
    rc = bind_first(list, hostport, out, err);
    freeaddrinfo(list);
    return rc;
}
