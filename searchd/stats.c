#include "stats.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sd_stats {
    pthread_mutex_t lock;
    double started_ms;
    uint64_t requests, queries, errors;
    unsigned connections;
    double ring[SD_STATS_RING]; /* search latencies; next write at queries % size */
};

double sd_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

sd_stats *sd_stats_new(void)
{
    sd_stats *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    pthread_mutex_init(&st->lock, NULL);
    st->started_ms = sd_now_ms();
    return st;
}

void sd_stats_free(sd_stats *st)
{
    if (!st)
        return;
    pthread_mutex_destroy(&st->lock);
    free(st);
}

void sd_stats_request(sd_stats *st, bool search, bool ok, double ms)
{
    pthread_mutex_lock(&st->lock);
    st->requests++;
    if (!ok)
        st->errors++;
    if (search) {
        st->ring[st->queries % SD_STATS_RING] = ms;
        st->queries++;
    }
    pthread_mutex_unlock(&st->lock);
}

void sd_stats_connection(sd_stats *st, int delta)
{
    pthread_mutex_lock(&st->lock);
    st->connections = (unsigned)((int)st->connections + delta);
    pthread_mutex_unlock(&st->lock);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v[0..n). */
static double percentile(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    return v[rank == 0 ? 0 : (rank > n ? n - 1 : rank - 1)];
}

void sd_stats_read(sd_stats *st, sd_stats_view *out)
{
    /* sorted outside the lock: a copy keeps workers from waiting on qsort */
    double *copy = malloc(sizeof st->ring);
    pthread_mutex_lock(&st->lock);
    out->requests = st->requests;
    out->queries = st->queries;
    out->errors = st->errors;
    out->connections = st->connections;
    out->samples = st->queries < SD_STATS_RING ? (size_t)st->queries : SD_STATS_RING;
    if (copy)
        memcpy(copy, st->ring, out->samples * sizeof *copy);
    pthread_mutex_unlock(&st->lock);
    out->uptime_s = (sd_now_ms() - st->started_ms) / 1e3;
    if (!copy)
        out->samples = 0;
    else
        qsort(copy, out->samples, sizeof *copy, cmp_double);
    out->p50_ms = percentile(copy, out->samples, 50);
    out->p90_ms = percentile(copy, out->samples, 90);
    out->p99_ms = percentile(copy, out->samples, 99);
    free(copy);
}
