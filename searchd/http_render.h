/*
 * The HTML the daemon renders for the page's routes, from the protocol's
 * replies, in the markup docs/WEB.md fixes (the page's script builds the
 * same for later searches).  Every text goes through sd_html_text, which
 * escapes & < > " ' (libevent's evhttp_htmlescape); fragments the protocol
 * escaped and marked itself (snippets, quotes, a unit's marked text) go
 * through sd_html_marked, their <b> turned into <mark>.
 * Pure functions of their input: no request, no socket.
 */
#ifndef KILDE_SD_HTTP_RENDER_H
#define KILDE_SD_HTTP_RENDER_H

#include <event2/buffer.h>
#include <jansson.h>
#include <stdbool.h>

#define SD_PAGE_SIZE 10     /* hits per results page */
#define SD_PAGE_LIST_MAX 8  /* types or stances a page's URL may name */

/* A page's own query parameters (docs/WEB.md); the strings are borrowed. */
typedef struct sd_page_query {
    const char *q;                              /* "" when none */
    const char *types[SD_PAGE_LIST_MAX];
    size_t ntypes;
    const char *year;                           /* "2024", "2019..2024" or NULL */
    const char *sort;                           /* NULL: the route's default */
    const char *stances[SD_PAGE_LIST_MAX];
    size_t nstances;
    long side;                                  /* the results page, from 1 */
    bool exact;                                 /* no spelling correction */
} sd_page_query;

/* Text, escaped for element content and attribute values alike. */
void sd_html_text(struct evbuffer *out, const char *s);
/* A protocol fragment (escaped, its words in <b>), <b> as <mark>. */
void sd_html_marked(struct evbuffer *out, const char *fragment);
/* A link to `path` with pq's parameters, escaped for an href. */
void sd_page_url(struct evbuffer *out, const char *path, const sd_page_query *pq);

/* The inside of <main> for each route, from its reply. */
void sd_render_results(struct evbuffer *out, const json_t *reply, const sd_page_query *pq);
void sd_render_unit(struct evbuffer *out, const json_t *unit, const sd_page_query *pq);
void sd_render_positions(struct evbuffer *out, const json_t *reply, const sd_page_query *pq);
void sd_render_timeline(struct evbuffer *out, const json_t *reply, const sd_page_query *pq);
void sd_render_status(struct evbuffer *out, const json_t *reply);
void sd_render_error(struct evbuffer *out, int status, const char *msg);

#endif
