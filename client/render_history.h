/*
 * What a person reads of the history operations (positions, timeline),
 * in Norwegian as the rest of the client's output.  Each function takes an
 * ok:true reply; fields it does not find are left out, never guessed.
 */
#ifndef KILDE_RENDER_HISTORY_H
#define KILDE_RENDER_HISTORY_H

#include <jansson.h>
#include <stdio.h>

#include "style.h"

/* Each position as quotable text: the quote in «», wrapped, its matched
 * words highlighted; a line "ber · Legeforeningen → Stortinget · Meld. St.
 * 19 (2023-2024)"; the citation; the unit's id (dim); then the count and
 * searchd's time.  first_rank is the first position's place (1 unless
 * paging). */
void render_positions(FILE *out, const kstyle *st, json_t *reply, long first_rank);

/* A timeline: which bar stands for which type, then a line per year: the
 * year, a bar of its sections per type (█ ▓ ▒ ░, scaled to the biggest
 * year), the counts per type, the positions and the year's best section;
 * then the totals and searchd's time. */
void render_timeline(FILE *out, const kstyle *st, json_t *reply);

/* The positions of a positions reply, the years of a timeline reply (NULL
 * when absent). */
json_t *reply_positions(json_t *reply);
json_t *reply_years(json_t *reply);

#endif
