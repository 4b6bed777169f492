/*
 * searchbench — search latency and throughput, over searchd's socket, over
 * its HTTP API (GET /api/search, one kept-alive connection per client)
 * and, for comparison, in process on the same index: searchd's own request
 * handler (sd_handle, as a worker calls it) with no socket and no loop.
 *   searchbench socket PATH QUERIES CLIENTS SECONDS
 *   searchbench http HOST:PORT QUERIES CLIENTS SECONDS
 *   searchbench inproc DB QUERIES SECONDS
 * Prints one line: mode, clients, requests, p50/p99 ms, requests/s; in
 * process a second: the handler's own CPU time, p50/p99.
 */
#include <errno.h>
#include <event2/http.h>
#include <jansson.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ops.h"
#include "protocol.h"
#include "schema.h"
#include "stats.h"
#include "synonyms.h"
#include "workers.h"

#define MAX_QUERIES 1000
#define MAX_SAMPLES 2000000

static char *queries[MAX_QUERIES];
static size_t nqueries;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void load_queries(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    while (f && nqueries < MAX_QUERIES && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (*line)
            queries[nqueries++] = strdup(line);
    }
    if (f)
        fclose(f);
    if (!nqueries) {
        fprintf(stderr, "searchbench: no queries in %s\n", path);
        exit(2);
    }
}

typedef struct samples {
    double *ms;
    size_t n;
    pthread_mutex_t lock;
} samples;

static samples all = {NULL, 0, PTHREAD_MUTEX_INITIALIZER};

static void record(const double *ms, size_t n)
{
    pthread_mutex_lock(&all.lock);
    for (size_t i = 0; i < n && all.n < MAX_SAMPLES; i++)
        all.ms[all.n++] = ms[i];
    pthread_mutex_unlock(&all.lock);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *mode, int clients, double seconds)
{
    qsort(all.ms, all.n, sizeof *all.ms, by_value);
    double p50 = all.n ? all.ms[all.n / 2] : 0, p99 = all.n ? all.ms[all.n * 99 / 100] : 0;
    printf("%-7s clients %d  requests %zu  p50 %.3f ms  p99 %.3f ms  %.0f requests/s\n", mode,
           clients, all.n, p50, p99, all.n / seconds);
}

/* The protocol's search request for `text`, newline included: what the
 * socket sends and what the in-process run hands to sd_handle. */
static void search_line(char *out, size_t cap, const char *text)
{
    json_t *q = json_string(text);
    char *qs = json_dumps(q, JSON_ENCODE_ANY);
    snprintf(out, cap, "{\"op\":\"search\",\"q\":%s,\"limit\":10}\n", qs);
    free(qs);
    json_decref(q);
}

/* ---- over the socket ---------------------------------------------------- */

typedef struct client_arg {
    const char *path; /* the socket, or HOST:PORT for http */
    bool http;
    double until;
    int offset;
} client_arg;

static int connect_unix(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        fprintf(stderr, "searchbench: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return fd;
}

static int connect_tcp(const char *hostport)
{
    char host[256];
    const char *colon = strrchr(hostport, ':');
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai = NULL;
    snprintf(host, sizeof host, "%.*s", colon ? (int)(colon - hostport) : 0, hostport);
    int fd = -1, one = 1;
    if (colon && getaddrinfo(host, colon + 1, &hints, &ai) == 0) {
        fd = socket(ai->ai_family, SOCK_STREAM, 0);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
            close(fd);
            fd = -1;
        }
        freeaddrinfo(ai);
    }
    if (fd < 0) {
        fprintf(stderr, "searchbench: cannot connect to %s\n", hostport);
        exit(2);
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* One GET on a kept-alive connection: the headers, then Content-Length
 * bytes of body. */
static int http_round_trip(int fd, const char *request, char *buf, size_t cap)
{
    size_t len = strlen(request), got = 0, want = 0;
    if (write(fd, request, len) != (ssize_t)len)
        return -1;
    char *body = NULL;
    while (got < cap - 1 && (!body || got < want)) {
        ssize_t n = read(fd, buf + got, cap - 1 - got);
        if (n <= 0)
            return -1;
        got += (size_t)n;
        buf[got] = '\0';
        if (!body && (body = strstr(buf, "\r\n\r\n"))) {
            const char *cl = strcasestr(buf, "\r\nContent-Length:");
            body += 4;
            want = (size_t)(body - buf) + (cl ? strtoul(cl + 17, NULL, 10) : 0);
        }
    }
    return strncmp(buf, "HTTP/1.1 200", 12) == 0 && strstr(buf, "\"ok\":true") ? 0 : -1;
}

static int round_trip(int fd, const char *request, char *buf, size_t cap)
{
    size_t len = strlen(request);
    if (write(fd, request, len) != (ssize_t)len)
        return -1;
    size_t got = 0;
    while (got < cap - 1) {
        ssize_t n = read(fd, buf + got, cap - 1 - got);
        if (n <= 0)
            return -1;
        got += (size_t)n;
        if (buf[got - 1] == '\n')
            break;
    }
    buf[got] = '\0';
    return strstr(buf, "\"ok\":true") ? 0 : -1;
}

static void *socket_client(void *p)
{
    client_arg *a = p;
    int fd = a->http ? connect_tcp(a->path) : connect_unix(a->path);
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap), request[2048];
    double *ms = malloc(sizeof *ms * 200000);
    for (size_t i = (size_t)a->offset; now() < a->until && n < 200000; i++) {
        if (a->http) {
            char *qs = evhttp_uriencode(queries[i % nqueries], -1, 0);
            snprintf(request, sizeof request, "GET /api/search?q=%s&limit=10 HTTP/1.1\r\n"
                     "Host: bench\r\n\r\n", qs);
            free(qs);
        } else
            search_line(request, sizeof request, queries[i % nqueries]);
        double t = now();
        if ((a->http ? http_round_trip : round_trip)(fd, request, buf, cap) < 0) {
            fprintf(stderr, "searchbench: failed request: %.200s\n", buf);
            exit(1);
        }
        ms[n++] = (now() - t) * 1000;
    }
    record(ms, n);
    free(ms);
    free(buf);
    close(fd);
    return NULL;
}

static void bench_socket(const char *path, bool http, int clients, double seconds)
{
    pthread_t th[64];
    client_arg args[64];
    double start = now();
    for (int c = 0; c < clients && c < 64; c++) {
        args[c] = (client_arg){path, http, start + seconds, c * 7};
        pthread_create(&th[c], NULL, socket_client, &args[c]);
    }
    for (int c = 0; c < clients && c < 64; c++)
        pthread_join(th[c], NULL);
    report(http ? "http" : "socket", clients, now() - start);
}

/* ---- in process ----------------------------------------------------------- */

/* searchd's own pipeline without the socket: a worker's context
 * (workers.h) and sd_handle on the same request line the socket sends, so
 * request parsing, the query, the match, proximity, snippets and the reply's
 * JSON are all counted; only the loop, the hand-over to a worker and the
 * socket's I/O are not. */
static void bench_inproc(const char *path, double seconds)
{
    kerr kerr_;
    kx_error err;
    kschema *schema = NULL;
    ksynonyms *synonyms = NULL;
    sd_stats *stats = sd_stats_new();
    atomic_uint generation = 0;
    if (ksynonyms_load(&synonyms, NULL, &kerr_)) /* as searchd: none without the file */
        synonyms = NULL;
    if (kschema_load(&schema, NULL, &kerr_)) {
        fprintf(stderr, "searchbench: %s\n", kerr_.msg);
        exit(2);
    }
    const char *dbs[1] = {path};
    sd_config cfg = {.dbs = dbs, .ndbs = 1, .workers = 1, .query_timeout = 2.0};
    sd_ctx ctx = {.cfg = &cfg, .schema = schema, .synonyms = synonyms, .stats = stats,
                  .generation = &generation};
    if (!stats || sd_ctx_open(&ctx, &err)) {
        fprintf(stderr, "searchbench: %s\n", stats ? err.message : "out of memory");
        exit(2);
    }
    char request[2048];
    /* a request not counted: the first loads the word lists (klexicon),
     * as a daemon does once, before its first client */
    sd_outcome o;
    size_t len;
    search_line(request, sizeof request, queries[0]);
    free(sd_handle(&ctx, request, strlen(request) - 1, false, &len, &o));
    double start = now(), until = start + seconds;
    size_t n = 0;
    double *ms = malloc(sizeof *ms * 200000), *cpu_ms = malloc(sizeof *cpu_ms * 200000);
    for (size_t i = 0; now() < until && n < 200000; i++) {
        search_line(request, sizeof request, queries[i % nqueries]);
        double t = now(), c = thread_cpu();
        char *reply = sd_handle(&ctx, request, strlen(request) - 1, false, &len, &o);
        cpu_ms[n] = (thread_cpu() - c) * 1000;
        ms[n++] = (now() - t) * 1000;
        if (!reply || o.code != SD_OK) {
            fprintf(stderr, "searchbench: failed request: %.200s\n", reply ? reply : request);
            exit(1);
        }
        free(reply);
    }
    record(ms, n);
    free(ms);
    report("inproc", 1, now() - start);
    /* the CPU the handler itself used: on a machine shared with other work,
     * the figure that waiting for a core does not blur */
    qsort(cpu_ms, n, sizeof *cpu_ms, by_value);
    printf("inproc  cpu  p50 %.3f ms  p99 %.3f ms\n", n ? cpu_ms[n / 2] : 0,
           n ? cpu_ms[n * 99 / 100] : 0);
    free(cpu_ms);
    sd_ctx_close(&ctx);
    sd_stats_free(stats);
    kschema_free(schema);
    ksynonyms_free(synonyms);
}

int main(int argc, char **argv)
{
    all.ms = malloc(sizeof *all.ms * MAX_SAMPLES);
    bool http = argc == 6 && strcmp(argv[1], "http") == 0;
    if (argc == 6 && (http || strcmp(argv[1], "socket") == 0)) {
        load_queries(argv[3]);
        bench_socket(argv[2], http, atoi(argv[4]), atof(argv[5]));
    } else if (argc == 5 && strcmp(argv[1], "inproc") == 0) {
        load_queries(argv[3]);
        bench_inproc(argv[2], atof(argv[4]));
    } else {
        fputs("usage: searchbench socket PATH QUERIES CLIENTS SECONDS\n"
              "       searchbench http HOST:PORT QUERIES CLIENTS SECONDS\n"
              "       searchbench inproc DB QUERIES SECONDS\n", stderr);
        return 2;
    }
    return 0;
}
