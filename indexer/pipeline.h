/*
 * The indexing run: N threads read, extract, clean and split files while
 * the calling thread, the only writer, feeds Xapian in the files' sorted
 * order (so a run gives the same index however many threads it has) and
 * commits in batches.
 */
#ifndef KILDE_PIPELINE_H
#define KILDE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "kerr.h"
#include "repair.h"
#include "walk.h"
#include "watch.h"

/* What the run reported, kept for the index (run_record.h). */
typedef struct krun_record krun_record;

typedef struct kindex_options {
    const char *db_path;
    const char *manifest_path; /* NULL for none */
    const char *force_type;    /* --type: the type of every file of this run, or NULL */
    int jobs;
    int batch_files;           /* files per commit */
    unsigned file_timeout;     /* seconds a file may take to read; 0: no limit */
    kwatch *watch;             /* where the threads say what they read (NULL: unwatched) */
    bool progress;             /* draw a progress line on stderr (a terminal) */
    bool verbose;
} kindex_options;

typedef struct kstats {
    size_t files;       /* files considered */
    size_t indexed;     /* new or changed, now in the index */
    size_t unchanged;   /* skipped: same content as last time */
    size_t removed;     /* gone from disk, their units removed */
    size_t failed;
    size_t duplicates;  /* the same document as another file: indexed once */
    size_t versions;    /* a version of another file's document: both indexed */
    size_t units;       /* units written */
    size_t index_documents; /* what the index holds after the run: documents */
    size_t index_units;     /* and units */
    size_t pages;       /* pages read */
    size_t text_bytes;  /* bytes of text extracted */
    size_t warnings;
    krepair_stats repairs; /* what repair.c fixed in the text */
    double seconds;
    double write_seconds; /* of which the writer spent in Xapian (the serial part) */
    double compact_seconds; /* and compacting a first build (writer_compact_fresh) */
} kstats;

/* Per-file failures and warnings are reported through `record` (on stderr
 * as "path: stage: reason"), which already holds the walk's, and counted
 * in stats; the record goes into the index with the run's last commit.
 * The return value is non-zero only when the run could not go on (the
 * index cannot be opened, locked, of another schema, a write failed);
 * the index then keeps the record of the run before. */
int pipeline_run(const kindex_options *opt, const kfiles *files, krun_record *record,
                 kstats *stats, kerr *err);

#endif
