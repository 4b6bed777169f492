/*
 * What a person reads of stats: the daemon's figures, then the sections
 * per document type and the indexer's last run with each failure, in
 * Norwegian as the rest of the client's output.
 */
#ifndef KILDE_RENDER_STATS_H
#define KILDE_RENDER_STATS_H

#include <jansson.h>
#include <stdio.h>

/* The figures one "name: value" per line (nested objects as dotted names),
 * in the order searchd sent them; then a line per document type with its
 * sections (and documents); then the last run (each shard's, when searchd names several):
 * when, how long, over which paths, its counts, and each failure and
 * warning as "path: stage: reason". */
void render_stats(FILE *out, json_t *reply);

#endif
