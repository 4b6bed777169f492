/*
 * The record of one run, kept in the index (metadata kilde:last_run,
 * docs/SCHEMA.md) so searchd can show the last run and what failed in it:
 * when it ran, over which paths, its counts, and each failure and warning
 * the run printed.
 *
 * Every "path: stage: reason" line the indexer prints about a file goes
 * through run_record_failure or run_record_warning, so the record holds
 * exactly what stderr said.  Called from one thread at a time (the walk,
 * then the writer).
 */
#ifndef KILDE_RUN_RECORD_H
#define KILDE_RUN_RECORD_H

#include <stddef.h>

#include "pipeline.h"

/* Each list keeps this many entries; the counts go on past it. */
#define RUN_RECORD_LIST_MAX 200

/* Starts the record now, over the PATH arguments as given; NULL when
 * memory ran out. */
krun_record *run_record_start(char *const *paths, size_t npaths);
void run_record_free(krun_record *rec);

/* Prints "path: stage: reason" on stderr and keeps it: a failure costs the
 * run its exit status 0, a warning does not. */
void run_record_failure(krun_record *rec, const char *path, const char *stage,
                        const char *reason);
void run_record_warning(krun_record *rec, const char *path, const char *stage,
                        const char *reason);

size_t run_record_failed(const krun_record *rec);
size_t run_record_warned(const krun_record *rec);

/* The record as one line of JSON, finished now, with the counts of st
 * (malloc'd; NULL when memory ran out). */
char *run_record_json(const krun_record *rec, const kstats *st);

#endif
