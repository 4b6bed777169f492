/*
 * What a person reads: searchd's replies as text (Norwegian labels).  Each
 * function takes an ok:true reply; fields it does not find are left out,
 * never guessed.  Exit codes are the commands' business, not these.
 */
#ifndef KILDE_RENDER_H
#define KILDE_RENDER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "style.h"

/* A search: a numbered list of hits (title, document, type, date, pages,
 * section path, snippet, id and source), then the total and the time
 * searchd took; with no hits, says so and offers the reply's spelling
 * suggestion.  first_rank numbers the first hit (1 unless paging). */
void render_search(FILE *out, const kstyle *st, json_t *reply, long first_rank);

/* A unit from get: its metadata, one field per line, then its full text. */
void render_unit(FILE *out, const kstyle *st, json_t *reply);

/* suggest's completions, one per line, then the titles and headings that
 * start with the text typed, each with its unit's id. */
void render_suggestions(FILE *out, json_t *reply);

/* A ping: the daemon's name and protocol version, where it answered and
 * the round trip. */
void render_ping(FILE *out, json_t *reply, const char *endpoint, double round_ms);

/* The array of hits of a search reply (NULL when absent). */
json_t *reply_hits(json_t *reply);

/* How many completions and titles a suggest reply offers. */
size_t reply_suggestion_count(json_t *reply);

/* ---- shared with render_history.c ---- */

/* A scalar as text (a string, or a number written into buf), or NULL for
 * anything else: page "45" and page 45 are the same page. */
const char *render_scalar(json_t *v, char *buf, size_t n);

/* A string member, or NULL when it is absent, null, not a string or empty. */
const char *render_str(json_t *obj, const char *key);

/* The document types of schemas/index.json spelt as people read them
 * ("høringsinnspill"); a type not listed is shown as searchd names it. */
const char *render_type_label(const char *type);

/* The unit's citation on a line of its own after indent spaces, for pasting
 * into a reply.  False when the unit has none (an index from before
 * citations); nothing is printed then. */
bool render_citation(FILE *out, json_t *unit, int indent);

/* A time: under 10 ms with a decimal ("2.3 ms"), the rest whole. */
void render_ms(FILE *out, double ms);

/* "Viser 1–10 av 47 treff · søket tok 2.3 ms" (`one` and `many` name what
 * is counted: "standpunkt", "standpunkter"), then render_suggestion. */
void render_summary(FILE *out, json_t *reply, long first_rank, size_t shown, const char *one,
                    const char *many);

/* The end of a summary line: " · søket tok 2.3 ms", the newline, then
 * render_suggestion. */
void render_summary_end(FILE *out, json_t *reply);

/* The query searchd searched instead of words the index does not know,
 * on a line of its own; nothing when there was none. */
void render_suggestion(FILE *out, json_t *reply);

#endif
