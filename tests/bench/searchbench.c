/*
 * searchbench — search latency and throughput, over searchd's socket, over
 * its HTTP API (GET /api/search, one kept-alive connection per client)
 * and, for comparison, in process on the same index: searchd's own query,
 * ranking and snippets over Xapian, with no socket and no protocol JSON.
 *   searchbench socket PATH QUERIES CLIENTS SECONDS
 *   searchbench http HOST:PORT QUERIES CLIENTS SECONDS
 *   searchbench inproc DB QUERIES SECONDS
 * Prints one line: mode, clients, requests, p50/p99 ms, requests/s.
 */
#include <errno.h>
#include <event2/http.h>
#include <jansson.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "enquire.h"
#include "kx.h"
#include "proximity.h"
#include "query.h"
#include "schema.h"
#include "snippet.h"

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
        } else {
            json_t *q = json_string(queries[i % nqueries]);
            char *qs = json_dumps(q, JSON_ENCODE_ANY);
            snprintf(request, sizeof request, "{\"op\":\"search\",\"q\":%s,\"limit\":10}\n", qs);
            free(qs);
            json_decref(q);
        }
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

/* ---- in process ---------------------------------------------------------- */

/* What op_search does for a plain query, minus the socket and the JSON of
 * the protocol: the same Xapian query (searchd's query.c) over sections
 * only (a search's default kind), the same match (at least SD_EXACT_TOTAL
 * matches checked, the first SD_PROXIMITY_DEPTH reordered by proximity),
 * the top 10 each with its stored data and the same snippet. */

static void one_query(kx_db *db, sd_query *sq, kx_stem *stem, const char *text)
{
    kx_error err;
    sd_error serr;
    sd_query_words words = {.as_typed = false}; /* in: corrected, as searchd searches */
    kx_query *q = NULL;
    kx_enquire *enq = NULL;
    kx_mset *ms = NULL;
    if (sd_query_build(&q, sq, text, &words, &serr)) {
        fprintf(stderr, "searchbench: %s\n", serr.msg);
        exit(1);
    }
    unsigned depth = words.n_near >= 1 ? SD_PROXIMITY_DEPTH : 10;
    kx_query *kind = NULL, *sections = NULL;
    kx_query_term(&kind, "XKsection", 1, 0, &err);
    kx_query *subs[2] = {q, kind};
    if (kx_query_combine(&sections, KX_OP_FILTER, subs, 2, 0, &err) != KX_OK ||
        kx_enquire_new(&enq, db, &err) != KX_OK ||
        kx_enquire_set_query(enq, sections, &err) != KX_OK ||
        kx_enquire_mset(&ms, enq, 0, depth, SD_EXACT_TOTAL, &err) != KX_OK) {
        fprintf(stderr, "searchbench: %s\n", err.message);
        exit(1);
    }
    unsigned order[SD_PROXIMITY_DEPTH + 10];
    double score[SD_PROXIMITY_DEPTH + 10];
    sd_proximity_rank(db, ms, words.n_near >= 1 ? &words : NULL, "XH", order, score);
    for (unsigned k = 0; k < kx_mset_size(ms) && k < 10; k++) {
        kx_doc *doc = NULL;
        size_t len;
        if (kx_mset_document(&doc, ms, order[k], &err) != KX_OK)
            continue;
        const char *data = kx_doc_data(doc, &len);
        json_t *j = json_loadb(data, len, 0, NULL);
        json_t *body = json_object_get(j, "text");
        if (json_is_string(body))
            free(sd_snippet(&words.marks, stem, json_string_value(body), json_string_length(body),
                            300));
        json_decref(j);
        kx_doc_free(doc);
    }
    kx_mset_free(ms);
    kx_enquire_free(enq);
    kx_query_free(sections);
    kx_query_free(kind);
    kx_query_free(q);
    free(words.corrected);
}

static void bench_inproc(const char *path, double seconds)
{
    kx_error err;
    kerr kerr_;
    kx_db *db = NULL;
    kx_stem *stem = NULL;
    kschema *schema = NULL;
    ksynonyms *synonyms = NULL;
    sd_query *sq = NULL;
    if (ksynonyms_load(&synonyms, NULL, &kerr_)) /* as searchd: none without the file */
        synonyms = NULL;
    if (kschema_load(&schema, NULL, &kerr_)) {
        fprintf(stderr, "searchbench: %s\n", kerr_.msg);
        exit(2);
    }
    if (kx_db_open(&db, path, KX_DB_READONLY, &err) != KX_OK ||
        kx_stem_new(&stem, kschema_stemmer(schema), &err) != KX_OK ||
        sd_query_new(&sq, db, stem, schema, synonyms, &err)) {
        fprintf(stderr, "searchbench: %s\n", err.message);
        exit(2);
    }
    double start = now(), until = start + seconds;
    size_t n = 0;
    double *ms = malloc(sizeof *ms * 200000);
    for (size_t i = 0; now() < until && n < 200000; i++) {
        double t = now();
        one_query(db, sq, stem, queries[i % nqueries]);
        ms[n++] = (now() - t) * 1000;
    }
    record(ms, n);
    free(ms);
    report("inproc", 1, now() - start);
    sd_query_free(sq);
    kx_stem_free(stem);
    kx_db_close(db);
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
