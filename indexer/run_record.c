#include "run_record.h"

#include <glib.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "writer.h"

struct krun_record {
    time_t started;          /* the wall clock, for people */
    double started_mono;     /* the monotonic clock, for the duration */
    json_t *paths;
    json_t *failures, *warnings; /* the first RUN_RECORD_LIST_MAX of each */
    size_t failed, warned;       /* all of them */
};

static double monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* jansson takes only UTF-8, and paths are bytes (and a reason may quote
 * them): each byte that is not UTF-8 is shown as U+FFFD, as a unit's
 * source is. */
static json_t *text(const char *s)
{
    gchar *valid = g_utf8_make_valid(s ? s : "", -1);
    json_t *j = json_string(valid);
    g_free(valid);
    return j;
}

krun_record *run_record_start(char *const *paths, size_t npaths)
{
    krun_record *rec = calloc(1, sizeof *rec);
    if (!rec)
        return NULL;
    rec->started = time(NULL);
    rec->started_mono = monotonic_now();
    rec->paths = json_array();
    rec->failures = json_array();
    rec->warnings = json_array();
    for (size_t i = 0; rec->paths && i < npaths; i++)
        json_array_append_new(rec->paths, text(paths[i]));
    if (!rec->paths || !rec->failures || !rec->warnings) {
        run_record_free(rec);
        return NULL;
    }
    return rec;
}

void run_record_free(krun_record *rec)
{
    if (!rec)
        return;
    json_decref(rec->paths);
    json_decref(rec->failures);
    json_decref(rec->warnings);
    free(rec);
}

static void keep(json_t *list, const char *path, const char *stage, const char *reason)
{
    if (json_array_size(list) >= RUN_RECORD_LIST_MAX)
        return;
    json_t *entry = json_object();
    json_object_set_new(entry, "path", text(path));
    json_object_set_new(entry, "stage", text(stage));
    json_object_set_new(entry, "reason", text(reason));
    json_array_append_new(list, entry);
}

void run_record_failure(krun_record *rec, const char *path, const char *stage,
                        const char *reason)
{
    fprintf(stderr, "%s: %s: %s\n", path, stage, reason);
    rec->failed++;
    keep(rec->failures, path, stage, reason);
}

void run_record_warning(krun_record *rec, const char *path, const char *stage,
                        const char *reason)
{
    fprintf(stderr, "%s: %s: %s\n", path, stage, reason);
    rec->warned++;
    keep(rec->warnings, path, stage, reason);
}

size_t run_record_failed(const krun_record *rec) { return rec->failed; }

size_t run_record_warned(const krun_record *rec) { return rec->warned; }

static json_t *iso_time(time_t t)
{
    char buf[32];
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return json_null();
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(buf);
}

char *run_record_json(const krun_record *rec, const kstats *st)
{
    /* milliseconds are all a person reads of a run's length */
    double seconds = (double)(long long)((monotonic_now() - rec->started_mono) * 1000 + 0.5) / 1000;
    json_t *j = json_pack(
        "{s:o, s:o, s:f, s:O, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:O, s:b, s:O, s:b, s:i}",
        "started", iso_time(rec->started), "finished", iso_time(time(NULL)), "seconds", seconds,
        "paths", rec->paths, "files", (json_int_t)st->files, "indexed", (json_int_t)st->indexed,
        "unchanged", (json_int_t)st->unchanged, "removed", (json_int_t)st->removed,
        "duplicates", (json_int_t)st->duplicates, "versions", (json_int_t)st->versions,
        "failed", (json_int_t)rec->failed, "warnings", (json_int_t)rec->warned,
        "failures", rec->failures, "failures_truncated", rec->failed > json_array_size(rec->failures),
        "warnings_list", rec->warnings,
        "warnings_truncated", rec->warned > json_array_size(rec->warnings),
        "indexer_version", ANALYSIS_VERSION);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(9))
                : NULL;
    json_decref(j);
    return s;
}
