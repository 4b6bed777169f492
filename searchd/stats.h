/*
 * Counters for the stats operation: requests and searches served, open
 * connections, and the latencies of the last SD_STATS_RING searches (a
 * bounded ring, so memory stays fixed however long the daemon runs).
 * Shared by the loop and every worker; each call takes the lock briefly.
 */
#ifndef KILDE_SD_STATS_H
#define KILDE_SD_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SD_STATS_RING 4096

typedef struct sd_stats sd_stats;

typedef struct sd_stats_view {
    uint64_t requests;    /* every reply sent, errors included */
    uint64_t queries;     /* search requests answered */
    uint64_t errors;      /* replies with ok:false */
    unsigned connections; /* open now */
    double uptime_s;
    size_t samples;       /* latencies the percentiles are taken over */
    double p50_ms, p90_ms, p99_ms;
} sd_stats_view;

/* NULL when memory runs out. */
sd_stats *sd_stats_new(void);
void sd_stats_free(sd_stats *st);

/* One request answered; a search's time joins the latency ring. */
void sd_stats_request(sd_stats *st, bool search, bool ok, double ms);
void sd_stats_connection(sd_stats *st, int delta);
void sd_stats_read(sd_stats *st, sd_stats_view *out);

/* Milliseconds on the monotonic clock, for timing. */
double sd_now_ms(void);

#endif
