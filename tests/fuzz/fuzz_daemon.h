/*
 * What the daemon targets share: the whole of searchd in-process — its
 * loop, its connections (bounded input, pipelining, too_large, replies in
 * order), its HTTP server and one worker — over the index of
 * fuzz_index.h, listening on a Unix socket and on 127.0.0.1.  An input is
 * what one client sends: it connects, writes it all, closes its writing
 * side and reads until the daemon closes the connection; the loop runs in
 * between.  A daemon that never closes is given up on after
 * FUZZ_CLIENT_WAIT_S, which libFuzzer's -timeout turns into a finding.
 */
#ifndef KILDE_FUZZ_DAEMON_H
#define KILDE_FUZZ_DAEMON_H

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fuzz_index.h"
#include "listen.h"
#include "loop.h"
#include "workers.h"

#define FUZZ_CLIENT_WAIT_S 60

static sd_loop *fuzz_loop;
static sd_pool *fuzz_pool;
static sd_stats *fuzz_stats;
static struct sockaddr_un fuzz_unix_addr;
static struct sockaddr_in fuzz_http_addr;

static void fuzz_daemon_close(void)
{
    sd_pool_stop(fuzz_pool);
    sd_loop_free(fuzz_loop);
    sd_pool_free(fuzz_pool);
    sd_stats_free(fuzz_stats);
    fuzz_index_close();
}

static void fuzz_daemon_fail(const char *msg)
{
    fprintf(stderr, "fuzz: cannot start the daemon: %s\n", msg);
    exit(1);
}

/* Starts the daemon; exits when it cannot. */
static void fuzz_daemon_open(void)
{
    kerr err;
    int unix_fd = -1, http_fd = -1;
    fuzz_index_open();
    fuzz_unix_addr.sun_family = AF_UNIX;
    snprintf(fuzz_unix_addr.sun_path, sizeof fuzz_unix_addr.sun_path, "%s", at("socket"));
    fuzz_cfg.socket_path = fuzz_unix_addr.sun_path;
    fuzz_cfg.http = "127.0.0.1:0";
    if (sd_listen_unix(&unix_fd, fuzz_unix_addr.sun_path, &err) ||
        sd_listen_tcp(&http_fd, fuzz_cfg.http, &err))
        fuzz_daemon_fail(err.msg);
    socklen_t len = sizeof fuzz_http_addr;
    if (getsockname(http_fd, (struct sockaddr *)&fuzz_http_addr, &len))
        fuzz_daemon_fail("getsockname");
    fuzz_stats = sd_stats_new();
    if (!fuzz_stats || sd_loop_new(&fuzz_loop, &fuzz_cfg, unix_fd, -1, fuzz_stats, &err) ||
        sd_loop_serve_http(fuzz_loop, http_fd, &err) ||
        sd_pool_new(&fuzz_pool, &fuzz_cfg, fuzz_schema, fuzz_synonyms, fuzz_stats,
                    sd_loop_notify, fuzz_loop, &err))
        fuzz_daemon_fail(err.msg);
    sd_loop_set_pool(fuzz_loop, fuzz_pool);
    atexit(fuzz_daemon_close);
}

typedef struct fuzz_client {
    const uint8_t *data;
    size_t size, sent;
    struct event *writing, *reading;
} fuzz_client;

static void fuzz_client_write(evutil_socket_t fd, short what, void *arg)
{
    (void)what;
    fuzz_client *c = arg;
    ssize_t n = send(fd, c->data + c->sent, c->size - c->sent, MSG_NOSIGNAL);
    if (n > 0)
        c->sent += (size_t)n;
    else if (n < 0 && errno != EAGAIN && errno != EINTR)
        c->sent = c->size; /* the daemon closed: what is left goes nowhere */
    if (c->sent == c->size) {
        shutdown(fd, SHUT_WR);
        event_del(c->writing);
    }
}

static void fuzz_client_read(evutil_socket_t fd, short what, void *arg)
{
    fuzz_client *c = arg;
    char buf[65536];
    ssize_t n = what & EV_TIMEOUT ? 0 : recv(fd, buf, sizeof buf, 0);
    if (n > 0 && getenv("FUZZ_VERBOSE"))
        fwrite(buf, 1, (size_t)n, stdout);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        if (what & EV_TIMEOUT)
            fprintf(stderr, "fuzz: the daemon kept the connection open %d s\n",
                    FUZZ_CLIENT_WAIT_S);
        event_del(c->writing);
        event_del(c->reading);
        event_base_loopbreak(sd_loop_base(fuzz_loop));
    }
}

/* One client's visit: connects to addr, sends data, reads to the end. */
static void fuzz_client_visit(const struct sockaddr *addr, socklen_t len, const uint8_t *data,
                              size_t size)
{
    struct event_base *base = sd_loop_base(fuzz_loop);
    int fd = socket(addr->sa_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, addr, len) || evutil_make_socket_nonblocking(fd)) {
        perror("fuzz: connect");
        abort();
    }
    fuzz_client c = {data, size, 0, NULL, NULL};
    c.writing = event_new(base, fd, EV_WRITE | EV_PERSIST, fuzz_client_write, &c);
    c.reading = event_new(base, fd, EV_READ | EV_PERSIST, fuzz_client_read, &c);
    struct timeval wait = {FUZZ_CLIENT_WAIT_S, 0};
    if (size == 0)
        shutdown(fd, SHUT_WR);
    else
        event_add(c.writing, NULL);
    event_add(c.reading, &wait);
    event_base_dispatch(base);
    event_free(c.writing);
    event_free(c.reading);
    close(fd);
}

#endif
