#include "loop.h"

#include <errno.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "http.h"
#include "log.h"

#define ACCEPT_PAUSE_MS 100 /* out of file descriptors: let some close first */

struct sd_loop {
    const sd_config *cfg;
    struct event_base *base;
    struct evconnlistener *listeners[2];
    struct event *done;        /* activated by workers */
    struct event *resume;      /* re-enables the listeners after EMFILE */
    struct event *deadline;    /* ends a drain that takes too long */
    sd_conns conns;
    sd_http *http;             /* NULL without --http */
    bool stopping;
};

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *addr,
                      int len, void *arg)
{
    (void)l;
    (void)addr;
    (void)len;
    sd_loop *loop = arg;
    sd_conn_accept(&loop->conns, fd);
}

static void set_listening(sd_loop *loop, bool on)
{
    for (int i = 0; i < 2; i++)
        if (loop->listeners[i])
            (on ? evconnlistener_enable : evconnlistener_disable)(loop->listeners[i]);
}

/* accept() failed, most likely for want of file descriptors: pause rather
 * than spin on a listener that stays readable. */
static void on_accept_error(struct evconnlistener *l, void *arg)
{
    (void)l;
    sd_loop *loop = arg;
    sd_log("accept: %s", strerror(errno));
    set_listening(loop, false);
    struct timeval tv = {0, ACCEPT_PAUSE_MS * 1000};
    evtimer_add(loop->resume, &tv);
}

static void on_resume(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    sd_loop *loop = arg;
    if (!loop->stopping)
        set_listening(loop, true);
}

static void on_done(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    sd_loop *loop = arg;
    sd_job *job = sd_pool_take_done(loop->conns.pool);
    while (job) {
        sd_job *next = job->next;
        job->done(job);
        job = next;
    }
}

/* A connection was freed, or an HTTP request answered: the drain may be
 * over. */
static void on_gone(void *arg)
{
    sd_loop *loop = arg;
    if (loop->stopping && !loop->conns.head && (!loop->http || sd_http_idle(loop->http)))
        event_base_loopexit(loop->base, NULL);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    sd_loop *loop = arg;
    sd_log("connections still busy after %d s: stopping anyway", SD_DRAIN_S);
    event_base_loopexit(loop->base, NULL);
}

static int add_listener(sd_loop *loop, int i, int fd, kerr *err)
{
    /* backlog 0: the socket listens already (listen.c, SD_BACKLOG) */
    loop->listeners[i] = evconnlistener_new(loop->base, on_accept, loop,
                                            LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0, fd);
    if (!loop->listeners[i]) {
        close(fd);
        return kerr_set(err, KERR_FAIL, "libevent: cannot watch a listening socket");
    }
    evconnlistener_set_error_cb(loop->listeners[i], on_accept_error);
    return 0;
}

int sd_loop_new(sd_loop **out, const sd_config *cfg, int unix_fd, int tcp_fd, sd_stats *stats,
                kerr *err)
{
    *out = NULL;
    sd_loop *loop = calloc(1, sizeof *loop);
    /* workers activate loop->done from their threads */
    if (!loop || evthread_use_pthreads() != 0 || !(loop->base = event_base_new())) {
        free(loop);
        close(unix_fd);
        if (tcp_fd >= 0)
            close(tcp_fd);
        return kerr_set(err, KERR_FAIL, "libevent: cannot start the event loop");
    }
    loop->cfg = cfg;
    loop->conns = (sd_conns){.base = loop->base, .stats = stats, .cfg = cfg, .gone = on_gone,
                             .arg = loop};
    loop->done = event_new(loop->base, -1, 0, on_done, loop);
    loop->resume = evtimer_new(loop->base, on_resume, loop);
    loop->deadline = evtimer_new(loop->base, on_deadline, loop);
    int rc = add_listener(loop, 0, unix_fd, err);
    if (tcp_fd >= 0 && rc == 0)
        rc = add_listener(loop, 1, tcp_fd, err);
    else if (tcp_fd >= 0)
        close(tcp_fd);
    if (rc || !loop->done || !loop->resume || !loop->deadline) {
        sd_loop_free(loop);
        return rc ? rc : kerr_set(err, KERR_NOMEM, "out of memory");
    }
    *out = loop;
    return 0;
}

int sd_loop_serve_http(sd_loop *loop, int fd, kerr *err)
{
    return sd_http_new(&loop->http, loop->base, loop->cfg, loop->conns.stats, fd, on_gone, loop,
                       err);
}

struct event_base *sd_loop_base(sd_loop *loop) { return loop->base; }

void sd_loop_set_pool(sd_loop *loop, sd_pool *pool)
{
    loop->conns.pool = pool;
    if (loop->http)
        sd_http_set_pool(loop->http, pool);
}

void sd_loop_notify(void *arg)
{
    sd_loop *loop = arg;
    event_active(loop->done, EV_READ, 0);
}

int sd_loop_run(sd_loop *loop)
{
    return event_base_dispatch(loop->base) < 0 ? -1 : 0;
}

void sd_loop_stop(sd_loop *loop)
{
    if (loop->stopping)
        return;
    loop->stopping = true;
    for (int i = 0; i < 2; i++) {
        if (loop->listeners[i])
            evconnlistener_free(loop->listeners[i]);
        loop->listeners[i] = NULL;
    }
    sd_conns_drain(&loop->conns);
    if (loop->http)
        sd_http_drain(loop->http);
    struct timeval tv = {SD_DRAIN_S, 0};
    evtimer_add(loop->deadline, &tv);
    on_gone(loop); /* nothing was open: done already */
}

void sd_loop_free(sd_loop *loop)
{
    if (!loop)
        return;
    sd_http_free(loop->http);
    sd_conns_free(&loop->conns);
    for (int i = 0; i < 2; i++)
        if (loop->listeners[i])
            evconnlistener_free(loop->listeners[i]);
    if (loop->done)
        event_free(loop->done);
    if (loop->resume)
        event_free(loop->resume);
    if (loop->deadline)
        event_free(loop->deadline);
    event_base_free(loop->base);
    free(loop);
}
