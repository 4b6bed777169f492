#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Redrawing more often than this only costs time. */
#define REDRAW_SECONDS 0.2

struct kprogress {
    size_t total;
    double started, drawn;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

kprogress *progress_start(bool enabled, size_t total_files)
{
    if (!enabled)
        return NULL;
    kprogress *pg = calloc(1, sizeof *pg);
    if (pg) {
        pg->total = total_files;
        pg->started = now();
    }
    return pg;
}

void progress_update(kprogress *pg, size_t files_done, size_t pages)
{
    if (!pg)
        return;
    double t = now();
    if (t - pg->drawn < REDRAW_SECONDS && files_done < pg->total)
        return;
    pg->drawn = t;
    double elapsed = t - pg->started;
    double rate = elapsed > 0 ? pages / elapsed : 0;
    double eta = files_done ? elapsed / files_done * (pg->total - files_done) : 0;
    fprintf(stderr, "\r\033[Kindexing: %zu/%zu files, %zu pages, %.1f pages/s, ETA %d:%02d",
            files_done, pg->total, pages, rate, (int)eta / 60, (int)eta % 60);
    fflush(stderr);
}

void progress_finish(kprogress *pg)
{
    if (!pg)
        return;
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
    free(pg);
}
