#include "connect.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* Reads arrive in pieces of this size; the line cap bounds the total. */
#define READ_CHUNK 65536

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int kendpoint_unix(kendpoint *ep, const char *path, kerr *err)
{
    memset(ep, 0, sizeof *ep);
    if (!*path)
        return kerr_set(err, KERR_INVALID, "the socket path is empty");
    if (strlen(path) >= sizeof ep->path)
        return kerr_set(err, KERR_INVALID, "socket path %s is longer than a Unix socket "
                        "address allows (%zu bytes)", path, sizeof ep->path - 1);
    snprintf(ep->path, sizeof ep->path, "%s", path);
    snprintf(ep->name, sizeof ep->name, "%s", path);
    return 0;
}

int kendpoint_tcp(kendpoint *ep, const char *hostport, kerr *err)
{
    memset(ep, 0, sizeof *ep);
    const char *colon = strrchr(hostport, ':');
    const char *host = hostport;
    size_t hlen = colon ? (size_t)(colon - hostport) : 0;
    /* [::1]:7700: the brackets only keep the address's colons apart from the port's. */
    if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
        host++;
        hlen -= 2;
    }
    const char *port = colon ? colon + 1 : "";
    char *end;
    long p = strtol(port, &end, 10);
    if (!colon || hlen == 0 || *end || end == port || p < 1 || p > 65535)
        return kerr_set(err, KERR_INVALID, "--connect takes HOST:PORT (a port from 1 to "
                        "65535), not '%s'", hostport);
    if (hlen >= sizeof ep->host || strlen(hostport) >= sizeof ep->name)
        return kerr_set(err, KERR_INVALID, "host name in '%.64s...' is too long", hostport);
    memcpy(ep->host, host, hlen);
    snprintf(ep->port, sizeof ep->port, "%ld", p);
    snprintf(ep->name, sizeof ep->name, "%s", hostport);
    return 0;
}

/* Milliseconds left before the deadline for poll(), 0 when it has passed. */
static int remaining_ms(const kconn *c)
{
    double left = c->deadline - now();
    return left <= 0 ? 0 : (int)ceil(left * 1000);
}

/* Waits until fd is ready for events; KERR_IO with a message on timeout. */
static int wait_for(kconn *c, short events, const char *what, kerr *err)
{
    for (;;) {
        struct pollfd p = {.fd = c->fd, .events = events};
        int ms = remaining_ms(c);
        int n = ms > 0 ? poll(&p, 1, ms) : 0;
        if (n > 0)
            return 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return kerr_set(err, KERR_IO, "searchd at %s: poll: %s", c->ep->name, strerror(errno));
        return kerr_set(err, KERR_IO, "searchd at %s: no %s within %g s", c->ep->name, what,
                        c->timeout);
    }
}

/* Why a connection most often fails is that searchd is not running there. */
static int connect_failed(const kconn *c, int e, kerr *err)
{
    const char *hint = e == ENOENT || e == ECONNREFUSED ? " (is searchd running?)" : "";
    return kerr_set(err, KERR_IO, "cannot connect to searchd at %s: %s%s", c->ep->name,
                    strerror(e), hint);
}

/* Connects the non-blocking socket fd to addr within the deadline. */
static int connect_fd(kconn *c, const struct sockaddr *addr, socklen_t len, kerr *err)
{
    if (connect(c->fd, addr, len) == 0)
        return 0;
    /* A Unix socket whose backlog is full answers EAGAIN rather than waiting. */
    if (errno != EINPROGRESS && errno != EAGAIN)
        return connect_failed(c, errno, err);
    int rc = wait_for(c, POLLOUT, "connection", err);
    if (rc)
        return rc;
    int e = 0;
    socklen_t elen = sizeof e;
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &elen) < 0)
        e = errno;
    return e ? connect_failed(c, e, err) : 0;
}

static int new_socket(kconn *c, int family, kerr *err)
{
    c->fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return kerr_set(err, KERR_IO, "searchd at %s: socket: %s", c->ep->name, strerror(errno));
    return 0;
}

static int open_unix(kconn *c, kerr *err)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    memcpy(sa.sun_path, c->ep->path, strlen(c->ep->path) + 1);
    int rc = new_socket(c, AF_UNIX, err);
    if (rc == 0)
        rc = connect_fd(c, (struct sockaddr *)&sa, sizeof sa, err);
    return rc;
}

/* Tries each address the name resolves to (IPv6 and IPv4 alike) until one
 * accepts; the last failure is the one reported. */
int kendpoint_token_file(kendpoint *ep, const char *path, kerr *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return kerr_set(err, KERR_IO, "token file %s: %s", path, strerror(errno));
    char line[sizeof ep->token + 2] = "";
    bool got = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    size_t n = got ? strcspn(line, "\r\n") : 0;
    while (n && isspace((unsigned char)line[n - 1]))
        n--;
    size_t start = 0;
    while (start < n && isspace((unsigned char)line[start]))
        start++;
    if (n == start || n - start >= sizeof ep->token)
        return kerr_set(err, KERR_INVALID, "token file %s: %s", path,
                        n == start ? "no token in its first line" : "the token is too long");
    memcpy(ep->token, line + start, n - start);
    ep->token[n - start] = '\0';
    return 0;
}

static int open_tcp(kconn *c, kerr *err)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res;
    int g = getaddrinfo(c->ep->host, c->ep->port, &hints, &res);
    if (g)
        return kerr_set(err, KERR_IO, "cannot connect to searchd at %s: %s", c->ep->name,
                        gai_strerror(g));
    int rc = KERR_IO;
    for (struct addrinfo *ai = res; ai && rc; ai = ai->ai_next) {
        if (c->fd >= 0)
            close(c->fd);
        rc = new_socket(c, ai->ai_family, err);
        if (rc == 0)
            rc = connect_fd(c, ai->ai_addr, ai->ai_addrlen, err);
    }
    freeaddrinfo(res);
    return rc;
}

int kconn_open(kconn *c, const kendpoint *ep, double timeout, kerr *err)
{
    c->fd = -1;
    c->ep = ep;
    c->timeout = timeout;
    c->deadline = now() + timeout;
    kbuf_init(&c->in, KCONN_MAX_LINE);
    int rc = ep->path[0] ? open_unix(c, err) : open_tcp(c, err);
    if (rc)
        kconn_close(c);
    return rc;
}

int kconn_write_line(kconn *c, const char *line, size_t len, kerr *err)
{
    /* One buffer with the newline, so a short request leaves in one segment. */
    kbuf out;
    kbuf_init(&out, KBUF_NO_CAP); /* bounded by the request the caller built */
    kbuf_append(&out, line, len);
    kbuf_putc(&out, '\n');
    if (out.status) {
        kbuf_free(&out);
        return kerr_set(err, KERR_NOMEM, "out of memory");
    }
    size_t done = 0;
    int rc = 0;
    while (done < out.len && rc == 0) {
        ssize_t n = send(c->fd, out.data + done, out.len - done, MSG_NOSIGNAL);
        if (n > 0)
            done += (size_t)n;
        else if (errno == EAGAIN || errno == EINTR)
            rc = wait_for(c, POLLOUT, "room to send the request", err);
        else
            rc = kerr_set(err, KERR_IO, "searchd at %s: sending the request: %s", c->ep->name,
                          strerror(errno));
    }
    kbuf_free(&out);
    return rc;
}

/* Hands out the line ending at nl and keeps what follows it for next time. */
static int take_line(kconn *c, char *nl, char **line, size_t *len, kerr *err)
{
    size_t n = (size_t)(nl - c->in.data);
    size_t rest = c->in.len - n - 1;
    char *s = malloc(n + 1);
    if (!s)
        return kerr_set(err, KERR_NOMEM, "out of memory for a %zu-byte reply", n);
    memcpy(s, c->in.data, n);
    s[n] = '\0';
    memmove(c->in.data, nl + 1, rest);
    kbuf_setlen(&c->in, rest);
    *line = s;
    *len = n;
    return 0;
}

/* Reads what has arrived into c->in.  Returns bytes read, 0 at end of
 * stream, or a negative KERR_* code. */
static ssize_t fill(kconn *c, kerr *err)
{
    char chunk[READ_CHUNK];
    for (;;) {
        ssize_t n = recv(c->fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            /* The cap counts the newline too: a line of exactly the cap is refused. */
            if (kbuf_append(&c->in, chunk, (size_t)n) < 0)
                return c->in.status == KERR_TOOLARGE
                           ? kerr_set(err, KERR_TOOLARGE, "searchd at %s sent a line over "
                                      "%u MiB; is it searchd?", c->ep->name,
                                      KCONN_MAX_LINE / (1024 * 1024))
                           : kerr_set(err, KERR_NOMEM, "out of memory reading from %s",
                                      c->ep->name);
            return n;
        }
        if (n == 0)
            return 0;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            return kerr_set(err, KERR_IO, "searchd at %s: reading the reply: %s", c->ep->name,
                            strerror(errno));
        int rc = wait_for(c, POLLIN, "reply", err);
        if (rc)
            return rc;
    }
}

int kconn_read_line(kconn *c, char **line, size_t *len, kerr *err)
{
    size_t scanned = 0; /* bytes already known to hold no newline */
    for (;;) {
        char *nl = c->in.len ? memchr(c->in.data + scanned, '\n', c->in.len - scanned) : NULL;
        if (nl)
            return take_line(c, nl, line, len, err);
        scanned = c->in.len;
        ssize_t n = fill(c, err);
        if (n < 0)
            return (int)n;
        if (n == 0)
            return kerr_set(err, KERR_IO, "searchd at %s closed the connection %s", c->ep->name,
                            c->in.len ? "in the middle of a reply" : "without replying");
    }
}

void kconn_close(kconn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    kbuf_free(&c->in);
}
