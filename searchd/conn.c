#include "conn.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "log.h"
#include "protocol.h"
#include "sderror.h"

#define OUT_HIGH (4 * 1024 * 1024) /* reply bytes waiting before reading pauses */
#define REFUSED_MAX 64             /* busy replies in progress before plain closes */
#define EVICT_IDLE_MS 1000.0      /* idle at least this long to make room for a new client */
#define LINGER_S 2                 /* waiting for the client's EOF after our last reply */
/* The reply when memory ran out even for making one: static, so it can
 * still be sent (without the request's id, which would need memory). */
#define NOMEM_REPLY \
    "{\"ok\":false,\"error\":{\"code\":\"busy\",\"message\":\"" SD_NOMEM_MSG "\"}}\n"

struct sd_conn {
    sd_conns *set;
    sd_conn *prev, *next;
    struct bufferevent *bev; /* NULL once the socket is closed */
    uint64_t id;
    sd_lane lane;            /* its jobs waiting for a worker */
    double last_active_ms;   /* when it last asked something or was answered;
                                blank lines do not count */
    uint64_t next_seq;       /* the next request's number */
    uint64_t write_seq;      /* the reply to write next */
    sd_job *pending;         /* replies back before their turn, by seq */
    unsigned jobs_out;       /* with the workers */
    unsigned waiting;        /* in pending */
    bool busy;               /* turned away: counted in set->refused */
    bool eof;                /* the client sent EOF: the input holds all there will be */
    bool closing;            /* no more requests: close when nothing is owed */
    bool linger;             /* after the last reply, wait for the client's EOF */
    bool lingering;
    const char *close_why;   /* for the log, when not just "done" */
    bool authed;             /* may send requests (auth.h) */
    bool lost_reply;         /* a reply could not be written (no memory): no later one
                                may be, or the client would match them to the wrong
                                requests; the connection closes instead */
    struct event *hangup;    /* while reading pauses: the client closing (EV_CLOSED) */
};

static void on_read(struct bufferevent *bev, void *arg);
static void on_write(struct bufferevent *bev, void *arg);
static void on_event(struct bufferevent *bev, short what, void *arg);

/* ---- life and death ------------------------------------------------------ */

static void conn_free(sd_conn *c)
{
    sd_conns *set = c->set;
    if (c->prev)
        c->prev->next = c->next;
    else
        set->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    while (c->pending) {
        sd_job *next = c->pending->next;
        sd_job_free(c->pending);
        c->pending = next;
    }
    if (c->bev)
        bufferevent_free(c->bev);
    free(c);
    if (set->gone)
        set->gone(set->arg);
}

/* Jobs no worker has started are dropped: nobody will read their replies. */
static void drop_waiting_jobs(sd_conn *c)
{
    sd_job *job = sd_pool_cancel(c->set->pool, &c->lane);
    while (job) {
        sd_job *next = job->next;
        sd_job_free(job);
        c->jobs_out--;
        job = next;
    }
}

/* Closes the socket now; the memory goes when the last job is back. */
static void close_now(sd_conn *c, const char *why)
{
    if (c->hangup) {
        event_free(c->hangup);
        c->hangup = NULL;
    }
    if (c->bev) {
        drop_waiting_jobs(c);
        bufferevent_free(c->bev);
        c->bev = NULL;
        if (c->busy) {
            c->set->refused--;
        } else {
            c->set->open--;
            sd_stats_connection(c->set->stats, -1);
        }
        if (c->set->cfg->debug)
            sd_log("conn %llu closed: %s", (unsigned long long)c->id, why);
    }
    if (c->jobs_out == 0)
        conn_free(c);
}

static bool owes_nothing(const sd_conn *c)
{
    return c->jobs_out == 0 && c->waiting == 0 && c->write_seq == c->next_seq &&
           evbuffer_get_length(bufferevent_get_output(c->bev)) == 0;
}

/* A closing connection whose replies are all written: close, or after a
 * refusal shut our side and wait briefly for the client's EOF, so that a
 * TCP peer reads the refusal instead of a reset for the unread request. */
static void maybe_finish(sd_conn *c)
{
    if (!c->bev || !c->closing || c->lingering || !owes_nothing(c))
        return;
    if (!c->linger || c->set->draining) {
        close_now(c, c->close_why ? c->close_why : "done");
        return;
    }
    c->lingering = true;
    shutdown(bufferevent_getfd(c->bev), SHUT_WR);
    struct timeval tv = {LINGER_S, 0};
    bufferevent_set_timeouts(c->bev, &tv, NULL);
    bufferevent_enable(c->bev, EV_READ);
}

/* ---- replies ------------------------------------------------------------- */

/* Queues one reply; a reply made without memory left (NULL), or one the
 * output buffer has no memory for, becomes the static `busy` line.  When
 * even that cannot be queued the connection is closed once the replies
 * before it are written: one client loses its connection, not its place. */
static void write_reply(sd_conn *c, const sd_job *job)
{
    if (c->lost_reply)
        return;
    if (job->reply && bufferevent_write(c->bev, job->reply, job->reply_len) == 0)
        return;
    if (bufferevent_write(c->bev, NOMEM_REPLY, sizeof NOMEM_REPLY - 1) == 0)
        return;
    c->lost_reply = true;
    c->closing = true;
    c->close_why = "out of memory for a reply";
}

/* Writes the replies whose turn has come. */
static void flush_in_order(sd_conn *c)
{
    while (c->pending && c->pending->seq == c->write_seq) {
        sd_job *job = c->pending;
        c->pending = job->next;
        c->waiting--;
        write_reply(c, job);
        c->write_seq++;
        c->last_active_ms = sd_now_ms();
        sd_job_free(job);
    }
}

/* Files a finished job by sequence number and writes what it can. */
static void deliver(sd_conn *c, sd_job *job)
{
    sd_job **at = &c->pending;
    while (*at && (*at)->seq < job->seq)
        at = &(*at)->next;
    job->next = *at;
    *at = job;
    c->waiting++;
    flush_in_order(c);
}

/* A reply made here, not by a worker (too_large, busy). */
static void reply_now(sd_conn *c, int code, const char *msg)
{
    sd_job *job = calloc(1, sizeof *job);
    if (!job) { /* no reply to send: close once the earlier ones are written */
        c->closing = true;
        return;
    }
    job->done = sd_conn_job_done;
    job->owner = c;
    job->seq = c->next_seq++;
    job->reply = sd_error_line(code, msg, &job->reply_len);
    deliver(c, job);
}

/* ---- requests ------------------------------------------------------------ */

static bool peer_closed(struct bufferevent *bev);

/* While reading pauses, the client's going would go unseen until a reply
 * fails to reach it, and its queued requests would run for nobody: watch
 * for the close itself (EPOLLRDHUP) meanwhile. */
static void on_hangup(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    sd_conn *c = arg;
    if (c->bev && peer_closed(c->bev)) {
        close_now(c, "client gone: its waiting requests dropped");
        return;
    }
    event_del(c->hangup); /* only its sending side (TCP): seen when reading resumes */
}

static void watch_hangup(sd_conn *c, bool on)
{
    if (on && !c->hangup && !c->eof)
        c->hangup = event_new(c->set->base, bufferevent_getfd(c->bev), EV_CLOSED | EV_PERSIST,
                              on_hangup, c);
    if (!c->hangup)
        return;
    if (on && !c->eof)
        event_add(c->hangup, NULL);
    else
        event_del(c->hangup);
}

static void update_reading(sd_conn *c)
{
    bool room = c->jobs_out + c->waiting < SD_PIPELINE_MAX &&
                evbuffer_get_length(bufferevent_get_output(c->bev)) < OUT_HIGH;
    bool reading = c->lingering || (!c->closing && !c->eof && room);
    if (reading)
        bufferevent_enable(c->bev, EV_READ);
    else
        bufferevent_disable(c->bev, EV_READ);
    watch_hangup(c, !reading && !c->closing);
}

static void too_large(sd_conn *c)
{
    struct evbuffer *in = bufferevent_get_input(c->bev);
    evbuffer_drain(in, evbuffer_get_length(in));
    char msg[160];
    snprintf(msg, sizeof msg, "request line longer than %d bytes: send one JSON object per "
             "line, at most %d bytes; closing the connection", SD_LINE_MAX, SD_LINE_MAX);
    reply_now(c, SD_TOO_LARGE, msg);
    c->closing = true;
    c->linger = true;
}

static void submit(sd_conn *c, char *line, size_t len)
{
    sd_job *job = calloc(1, sizeof *job);
    if (!job) {
        free(line);
        reply_now(c, SD_BUSY, SD_NOMEM_MSG);
        return;
    }
    *job = (sd_job){.done = sd_conn_job_done, .owner = c, .conn_id = c->id, .seq = c->next_seq++,
                    .line = line, .len = len, .lane = &c->lane};
    c->last_active_ms = sd_now_ms();
    if (sd_pool_submit(c->set->pool, job) == 0) {
        c->jobs_out++;
        return;
    }
    free(job->line);
    job->line = NULL;
    job->reply = sd_error_line(SD_BUSY, "the server has too many requests waiting; try "
                               "again shortly", &job->reply_len);
    deliver(c, job);
}

/* A line from a TCP client that has not sent the token yet: answered here,
 * never by a worker, so a stranger costs the daemon no search. */
static void authenticate(sd_conn *c, char *line, size_t len)
{
    sd_job *job = calloc(1, sizeof *job);
    if (!job) {
        free(line);
        c->closing = true;
        return;
    }
    sd_auth_outcome outcome =
        sd_auth_line(c->set->cfg->token, line, len, &job->reply, &job->reply_len);
    free(line);
    job->done = sd_conn_job_done;
    job->owner = c;
    job->seq = c->next_seq++;
    c->last_active_ms = sd_now_ms();
    deliver(c, job);
    if (outcome == SD_AUTH_ACCEPTED)
        c->authed = true;
    if (outcome == SD_AUTH_REFUSED) {
        c->closing = true;
        c->linger = true;
        c->close_why = "wrong token";
    }
}

static void take_request(sd_conn *c, char *line, size_t len)
{
    if (c->authed)
        submit(c, line, len);
    else
        authenticate(c, line, len);
}

/* At EOF the last request may lack its newline: it is still a request. */
static void take_last_line(sd_conn *c)
{
    struct evbuffer *in = bufferevent_get_input(c->bev);
    size_t len = evbuffer_get_length(in);
    if (len == 0)
        return;
    char *line = malloc(len + 1);
    if (!line) { /* the request is still owed its reply */
        evbuffer_drain(in, len);
        reply_now(c, SD_BUSY, SD_NOMEM_MSG);
        return;
    }
    evbuffer_remove(in, line, len);
    line[len] = '\0';
    take_request(c, line, len);
}

/* Whether the input's first line is longer than a request may be.  The
 * limit counts the request's bytes, so a "\r\n" ending is not held
 * against it (docs/PROTOCOL.md). */
static bool line_too_long(struct evbuffer *in, ssize_t eol)
{
    size_t have = evbuffer_get_length(in);
    size_t len = eol < 0 ? have : (size_t)eol;
    if (len <= SD_LINE_MAX)
        return false;
    if (len > SD_LINE_MAX + 1)
        return true;
    unsigned char last; /* one byte over: fine when that byte is a \r */
    struct evbuffer_ptr at;
    evbuffer_ptr_set(in, &at, SD_LINE_MAX, EVBUFFER_PTR_SET);
    return evbuffer_copyout_from(in, &at, &last, 1) != 1 || last != '\r';
}

/* A client that sends only blank lines is as idle as a silent one: they
 * do not put off the idle timeout. */
static bool idle_too_long(const sd_conn *c)
{
    return c->jobs_out == 0 && c->waiting == 0 &&
           sd_now_ms() - c->last_active_ms >= 1000.0 * c->set->cfg->idle_timeout;
}

/* Takes whole lines from the input while there is room to run them. */
static void take_lines(sd_conn *c)
{
    struct evbuffer *in = bufferevent_get_input(c->bev);
    while (!c->closing && c->jobs_out + c->waiting < SD_PIPELINE_MAX) {
        struct evbuffer_ptr eol = evbuffer_search_eol(in, NULL, NULL, EVBUFFER_EOL_LF);
        if (line_too_long(in, eol.pos)) {
            too_large(c);
            break;
        }
        if (eol.pos < 0) {
            if (c->eof) { /* the last request may lack its newline */
                take_last_line(c);
                c->closing = true;
            }
            break;
        }
        size_t len;
        char *line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF);
        if (!line) { /* no memory for a copy: the line stays in the input */
            evbuffer_drain(in, (size_t)eol.pos + 1);
            reply_now(c, SD_BUSY, SD_NOMEM_MSG);
            continue;
        }
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (!line || len == 0) { /* blank lines are allowed between requests */
            free(line);
            if (idle_too_long(c)) { /* maybe_finish closes it */
                c->closing = true;
                c->close_why = "idle timeout (blank lines only)";
                break;
            }
            continue;
        }
        take_request(c, line, len);
    }
    update_reading(c);
}

/* ---- libevent callbacks -------------------------------------------------- */

static void on_read(struct bufferevent *bev, void *arg)
{
    sd_conn *c = arg;
    if (c->closing) { /* refused or lingering: the rest is not read */
        struct evbuffer *in = bufferevent_get_input(bev);
        evbuffer_drain(in, evbuffer_get_length(in));
        return;
    }
    take_lines(c);
    maybe_finish(c);
}

static void on_write(struct bufferevent *bev, void *arg)
{
    (void)bev;
    sd_conn *c = arg;
    /* the output drained: there may be buffered requests to take now */
    take_lines(c);
    maybe_finish(c);
}

/* After EOF: whether the client closed its socket outright rather than only
 * its sending side.  A Unix socket says so at once (POLLHUP); TCP cannot
 * tell until a reply is refused, which ends the connection then. */
static bool peer_closed(struct bufferevent *bev)
{
    struct pollfd p = {.fd = bufferevent_getfd(bev), .events = POLLOUT};
    return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR));
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
    sd_conn *c = arg;
    if ((what & BEV_EVENT_EOF) && !(what & BEV_EVENT_ERROR) && !c->lingering &&
        !peer_closed(bev)) {
        /* half-closed: answer what was asked, then close */
        c->eof = true;
        c->linger = false; /* the client has nothing more to send */
        take_lines(c);
        maybe_finish(c);
        return;
    }
    close_now(c, what & BEV_EVENT_TIMEOUT ? (c->lingering ? "done" : "idle timeout")
                 : what & BEV_EVENT_ERROR ? "connection error"
                 : c->lingering ? "done" : "client gone: its waiting requests dropped");
}

/* ---- the set ------------------------------------------------------------- */

static sd_conn *conn_new(sd_conns *set, evutil_socket_t fd, bool busy)
{
    sd_conn *c = calloc(1, sizeof *c);
    struct bufferevent *bev =
        c ? bufferevent_socket_new(set->base, fd, BEV_OPT_CLOSE_ON_FREE) : NULL;
    if (!bev) {
        free(c);
        close(fd);
        sd_log("out of memory for a connection");
        return NULL;
    }
    *c = (sd_conn){.set = set, .bev = bev, .id = ++set->last_id, .busy = busy,
                   .last_active_ms = sd_now_ms(), .next = set->head,
                   .authed = !set->cfg->token || sd_fd_is_unix(fd)};
    if (set->head)
        set->head->prev = c;
    set->head = c;
    bufferevent_setcb(bev, on_read, on_write, on_event, c);
    /* reading stops once a line is too long to be a request ("\r\n" and
     * one byte more) */
    bufferevent_setwatermark(bev, EV_READ, 0, SD_LINE_MAX + 2);
    struct timeval idle = {set->cfg->idle_timeout, 0};
    bufferevent_set_timeouts(bev, &idle, &idle);
    return c;
}

/* The open connection that has asked nothing for longest and owes and is
 * owed nothing, if it has been idle at least EVICT_IDLE_MS. */
static sd_conn *longest_idle(sd_conns *set)
{
    double now = sd_now_ms();
    sd_conn *best = NULL;
    for (sd_conn *c = set->head; c; c = c->next) {
        /* owed nothing: no job, and no reply still unwritten (a client
         * reading its burst's replies slowly is not idle); unread requests
         * cannot wait behind an empty output, as reading then resumes */
        if (!c->bev || c->busy || c->closing || !owes_nothing(c))
            continue;
        if (now - c->last_active_ms < EVICT_IDLE_MS)
            continue;
        if (!best || c->last_active_ms < best->last_active_ms)
            best = c;
    }
    return best;
}

void sd_conn_accept(sd_conns *set, evutil_socket_t fd)
{
    if (set->open >= set->cfg->max_connections && !set->draining) {
        /* full: an idle connection makes room before a new one is refused */
        sd_conn *idle = longest_idle(set);
        if (idle)
            close_now(idle, "idle longest, closed to make room");
    }
    bool busy = set->open >= set->cfg->max_connections || set->draining;
    if (busy && set->refused >= REFUSED_MAX) {
        close(fd); /* a flood: not even a reply */
        return;
    }
    sd_conn *c = conn_new(set, fd, busy);
    if (!c)
        return;
    if (set->cfg->debug)
        sd_log("conn %llu open%s", (unsigned long long)c->id, busy ? " (busy)" : "");
    if (!busy) {
        set->open++;
        sd_stats_connection(set->stats, 1);
        bufferevent_enable(c->bev, EV_READ | EV_WRITE);
        return;
    }
    set->refused++;
    char msg[160];
    snprintf(msg, sizeof msg, "the server has its maximum of %u connections open; try "
             "again shortly", set->cfg->max_connections);
    reply_now(c, SD_BUSY, msg);
    c->closing = true;
    c->linger = true;
    bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

void sd_conn_job_done(sd_job *job)
{
    sd_conn *c = job->owner;
    c->jobs_out--;
    if (!c->bev) { /* the client is gone: its answer goes nowhere */
        sd_job_free(job);
        if (c->jobs_out == 0)
            conn_free(c);
        return;
    }
    deliver(c, job);
    take_lines(c);
    maybe_finish(c);
}

void sd_conns_drain(sd_conns *set)
{
    set->draining = true;
    sd_conn *next;
    for (sd_conn *c = set->head; c; c = next) {
        next = c->next;
        if (!c->bev)
            continue;
        struct evbuffer *in = bufferevent_get_input(c->bev);
        evbuffer_drain(in, evbuffer_get_length(in));
        c->closing = true;
        if (c->lingering || owes_nothing(c))
            close_now(c, "shutting down");
        else
            bufferevent_disable(c->bev, EV_READ);
    }
}

void sd_conns_free(sd_conns *set)
{
    set->gone = NULL;
    while (set->head) {
        sd_conn *c = set->head;
        bool jobs_out = c->jobs_out > 0; /* the workers are stopped: none will return */
        if (c->bev)
            close_now(c, "exit"); /* frees c unless jobs were out */
        if (jobs_out)
            conn_free(c);
    }
}
