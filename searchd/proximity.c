#include "proximity.h"

#include <stdio.h>
#include <stdlib.h>

#define POSITIONS_MAX 1024 /* per word: a unit has ~1,000 words */

typedef struct occurrence {
    unsigned pos;
    unsigned word;
} occurrence;

static int by_position(const void *a, const void *b)
{
    unsigned x = ((const occurrence *)a)->pos, y = ((const occurrence *)b)->pos;
    return (x > y) - (x < y);
}

/* The shortest stretch of positions holding every one of n words (a
 * sliding window over the occurrences in text order); 0 when none does. */
static unsigned shortest_span(const occurrence *occ, size_t total, size_t n)
{
    unsigned count[SD_NEAR_MAX] = {0}, best = 0;
    size_t have = 0, left = 0;
    for (size_t right = 0; right < total; right++) {
        if (count[occ[right].word]++ == 0)
            have++;
        while (have == n) {
            unsigned span = occ[right].pos - occ[left].pos;
            if (best == 0 || span < best)
                best = span;
            if (--count[occ[left].word] == 0)
                have--;
            left++;
        }
    }
    return best;
}

double sd_proximity(const kx_db *db, unsigned docid, const sd_query_words *w)
{
    if (w->n_near < 2)
        return 0;
    occurrence *occ = malloc(sizeof *occ * POSITIONS_MAX * w->n_near);
    unsigned *pos = malloc(sizeof *pos * POSITIONS_MAX);
    size_t total = 0;
    bool all = occ && pos;
    for (size_t i = 0; all && i < w->n_near; i++) {
        size_t n = 0;
        kx_error x;
        all = kx_db_positions(db, docid, w->near[i], pos, POSITIONS_MAX, &n, &x) == KX_OK &&
              n > 0;
        for (size_t k = 0; all && k < n; k++)
            occ[total++] = (occurrence){pos[k], (unsigned)i};
    }
    double closeness = 0;
    if (all) {
        qsort(occ, total, sizeof *occ, by_position);
        unsigned span = shortest_span(occ, total, w->n_near);
        closeness = span ? (double)(w->n_near - 1) / span : 0;
    }
    free(occ);
    free(pos);
    return closeness > 1 ? 1 : closeness;
}

static int by_score(const void *a, const void *b, void *arg)
{
    const double *score = arg;
    unsigned i = *(const unsigned *)a, j = *(const unsigned *)b;
    if (score[i] != score[j])
        return score[i] < score[j] ? 1 : -1;
    return (i > j) - (i < j); /* ties keep Xapian's order */
}

void sd_heading_shares(const kx_db *db, const unsigned *docids, size_t n,
                       const sd_query_words *w, const char *heading_prefix, double *share)
{
    int has[SD_PROXIMITY_DEPTH];
    size_t held[SD_PROXIMITY_DEPTH] = {0};
    for (size_t i = 0; i < w->n_near && n <= SD_PROXIMITY_DEPTH; i++) {
        char term[SD_MARK_BYTES * 2 + 16];
        kx_error x;
        if (!*w->near_stem[i])
            continue;
        snprintf(term, sizeof term, "Z%s%s", heading_prefix, w->near_stem[i]);
        if (kx_db_term_in_docs(db, term, docids, n, has, &x) != KX_OK)
            continue; /* as a word the headings lack */
        for (size_t k = 0; k < n; k++)
            held[k] += has[k] != 0;
    }
    for (size_t k = 0; k < n; k++)
        share[k] = w->n_near ? (double)held[k] / w->n_near : 0;
}

void sd_proximity_rank(const kx_db *db, const kx_mset *mset, const sd_query_words *w,
                       const char *heading_prefix, unsigned *order, double *score)
{
    unsigned n = kx_mset_size(mset), depth = n < SD_PROXIMITY_DEPTH ? n : SD_PROXIMITY_DEPTH;
    unsigned docids[SD_PROXIMITY_DEPTH];
    double heading[SD_PROXIMITY_DEPTH] = {0};
    for (unsigned i = 0; i < n; i++) {
        order[i] = i;
        score[i] = kx_mset_weight(mset, i);
        if (i < depth)
            docids[i] = kx_mset_docid(mset, i);
    }
    if (!w)
        return;
    if (heading_prefix && *heading_prefix)
        sd_heading_shares(db, docids, depth, w, heading_prefix, heading);
    for (unsigned i = 0; i < depth; i++)
        score[i] *= 1 + SD_PROXIMITY_WEIGHT * sd_proximity(db, docids[i], w) +
                    SD_HEADING_WEIGHT * heading[i];
    qsort_r(order, depth, sizeof *order, by_score, score);
}
