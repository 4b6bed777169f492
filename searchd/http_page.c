/*
 * The page's routes (docs/WEB.md): /, /enhet/ID, /standpunkter, /historikk
 * and /status all answer the one page shell (web/index.html, embedded),
 * its three placeholders filled in: {{title}}, {{q}} (the search box) and
 * {{main}} (what the daemon rendered for the route, http_render.c), so a
 * plain search works without JavaScript.  A route with something to show
 * asks the workers first, as /api does, then renders their reply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_assets.h"
#include "http_internal.h"
#include "http_render.h"
#include "protocol.h"
#include "sderror.h"
#include "searchd.h"

#define MSG_MAX 240
#define SITE "kilde"
#define HTML_TYPE "text/html; charset=utf-8"
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

typedef enum route { R_SEARCH, R_UNIT, R_POSITIONS, R_TIMELINE, R_STATUS } route;

/* A page request while its reply is out: the parameters own the strings
 * sd_page_query borrows. */
typedef struct page {
    route route;
    struct evkeyvalq params;
    sd_page_query pq;
    char unit[128];
} page;

static void page_free(void *data)
{
    page *p = data;
    evhttp_clear_headers(&p->params);
    free(p);
}

/* ---- the shell ----------------------------------------------------------- */

/* The shell with its placeholders filled; other braces stay as written. */
static void fill_shell(struct evbuffer *out, const char *title, const char *q,
                       struct evbuffer *main)
{
    const sd_asset *shell = sd_asset_find("index.html");
    const char *s = shell ? (const char *)shell->data : "{{main}}";
    const char *end = s + (shell ? shell->len : strlen(s));
    while (s < end) {
        const char *open = memmem(s, (size_t)(end - s), "{{", 2);
        if (!open) {
            evbuffer_add(out, s, (size_t)(end - s));
            break;
        }
        evbuffer_add(out, s, (size_t)(open - s));
        if ((size_t)(end - open) >= 9 && memcmp(open, "{{title}}", 9) == 0) {
            sd_html_text(out, title);
            s = open + 9;
        } else if ((size_t)(end - open) >= 5 && memcmp(open, "{{q}}", 5) == 0) {
            sd_html_text(out, q);
            s = open + 5;
        } else if ((size_t)(end - open) >= 8 && memcmp(open, "{{main}}", 8) == 0) {
            if (main)
                evbuffer_add_buffer(out, main);
            s = open + 8;
        } else {
            evbuffer_add(out, open, 2); /* not ours: kept as written */
            s = open + 2;
        }
    }
}

static void send_page(http_exchange *ex, int status, const char *title, const char *q,
                      struct evbuffer *main)
{
    struct evbuffer *body = evbuffer_new();
    if (!body) {
        evhttp_send_error(ex->req, 500, "Out of memory");
        return;
    }
    fill_shell(body, title, q, main);
    http_header(ex, "Content-Security-Policy", CSP);
    http_header(ex, "Cache-Control", "no-cache");
    http_send(ex, status, HTML_TYPE, body);
    evbuffer_free(body);
}

void http_page_error(http_exchange *ex, int status, const char *msg)
{
    struct evbuffer *main = evbuffer_new();
    if (!main) {
        evhttp_send_error(ex->req, 500, "Out of memory");
        return;
    }
    sd_render_error(main, status, msg);
    page *p = ex->html ? ex->data : NULL; /* the search box keeps its query */
    send_page(ex, status, "Feil – " SITE, p ? p->pq.q : "", main);
    evbuffer_free(main);
}

/* ---- the reply ----------------------------------------------------------- */

/* "hvor mange høringer – kilde" */
static void title_of(char *out, size_t size, const char *first, const char *second)
{
    if (first && *first)
        snprintf(out, size, "%.200s – %s", first, second);
    else
        snprintf(out, size, "%s", second);
}

static void render(page *p, const json_t *reply, struct evbuffer *main, char *title,
                   size_t size)
{
    const json_t *u = json_object_get(reply, "unit");
    switch (p->route) {
    case R_SEARCH:
        sd_render_results(main, reply, &p->pq);
        title_of(title, size, p->pq.q, SITE);
        break;
    case R_UNIT:
        sd_render_unit(main, u, &p->pq);
        title_of(title, size, json_string_value(json_object_get(u, "title")), SITE);
        break;
    case R_POSITIONS:
        sd_render_positions(main, reply, &p->pq);
        title_of(title, size, p->pq.q, "Standpunkter – " SITE);
        break;
    case R_TIMELINE:
        sd_render_timeline(main, reply, &p->pq);
        title_of(title, size, p->pq.q, "Historikk – " SITE);
        break;
    case R_STATUS:
        sd_render_status(main, reply);
        title_of(title, size, "Status", SITE);
        break;
    }
}

static void on_reply(http_exchange *ex, const sd_job *job)
{
    if (job->code != SD_OK) {
        http_fail_reply(ex, job);
        return;
    }
    page *p = ex->data;
    json_t *reply = http_reply_json(job);
    struct evbuffer *main = reply ? evbuffer_new() : NULL;
    char title[300];
    if (!main) {
        json_decref(reply);
        http_fail(ex, SD_BUSY, SD_NOMEM_MSG);
        return;
    }
    render(p, reply, main, title, sizeof title);
    send_page(ex, 200, title, p->pq.q, main);
    evbuffer_free(main);
    json_decref(reply);
}

/* ---- the request --------------------------------------------------------- */

/* "2024" or "2019..2024" (either end may be left open, as år:). */
static bool valid_year(const char *y)
{
    size_t a = strspn(y, "0123456789");
    if (a == strlen(y))
        return a == 4;
    if (strncmp(y + a, "..", 2) != 0 || (a != 0 && a != 4))
        return false;
    size_t b = strspn(y + a + 2, "0123456789");
    return (b == 0 || b == 4) && y[a + 2 + b] == '\0' && a + b > 0;
}

static int read_list(const struct evkeyvalq *params, const char *key, const char **list,
                     size_t *n, char *msg)
{
    const struct evkeyval *kv;
    for (kv = params->tqh_first; kv; kv = kv->next.tqe_next) {
        if (strcmp(kv->key, key) != 0 || !*kv->value)
            continue;
        if (*n == SD_PAGE_LIST_MAX) {
            snprintf(msg, MSG_MAX, "at most %d %s= in one address", SD_PAGE_LIST_MAX, key);
            return -1;
        }
        list[(*n)++] = kv->value;
    }
    return 0;
}

static int read_query(page *p, char *msg)
{
    sd_page_query *pq = &p->pq;
    const struct evkeyvalq *params = &p->params;
    const char *q = http_param(params, "q", NULL), *side = http_param(params, "side", NULL);
    const char *year = http_param(params, "year", NULL), *exact = http_param(params, "exact", NULL);
    const char *sort = http_param(params, "sort", NULL);
    *pq = (sd_page_query){.q = q ? q : "", .side = 1, .sort = sort && *sort ? sort : NULL,
                          .year = year && *year ? year : NULL,
                          .exact = exact && strcmp(exact, "1") == 0};
    if (read_list(params, "type", pq->types, &pq->ntypes, msg) ||
        read_list(params, "stance", pq->stances, &pq->nstances, msg))
        return -1;
    if (pq->year && !valid_year(pq->year)) {
        snprintf(msg, MSG_MAX, "year=%.40s: give a year (2024) or a range (2019..2024)",
                 pq->year);
        return -1;
    }
    if (side && *side) {
        char *end;
        long n = strtol(side, &end, 10);
        long last = SD_OFFSET_MAX / SD_PAGE_SIZE + 1;
        if (*end || n < 1 || n > last) {
            snprintf(msg, MSG_MAX, "side=%.40s: the results pages go from 1 to %ld", side, last);
            return -1;
        }
        pq->side = n;
    }
    return 0;
}

static json_t *strings(const char *const *list, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(list[i]));
    return a;
}

/* The filter the page's parameters name: a year range goes into the
 * query as år: (filter.year holds one year). */
static int add_filter(json_t *req, const sd_page_query *pq, bool stances)
{
    json_t *filter = json_object();
    if (!filter)
        return -1;
    if (pq->ntypes)
        json_object_set_new(filter, "type", strings(pq->types, pq->ntypes));
    if (stances && pq->nstances)
        json_object_set_new(filter, "stance", strings(pq->stances, pq->nstances));
    if (pq->year && !strstr(pq->year, ".."))
        json_object_set_new(filter, "year", json_integer(atol(pq->year)));
    if (pq->year && strstr(pq->year, "..")) {
        const char *q = json_string_value(json_object_get(req, "q"));
        char *both = NULL;
        if (asprintf(&both, "%s%sår:%s", q ? q : "", q && *q ? " " : "", pq->year) < 0) {
            json_decref(filter);
            return -1;
        }
        json_object_set_new(req, "q", json_string(both));
        free(both);
    }
    if (json_object_size(filter))
        return json_object_set_new(req, "filter", filter);
    json_decref(filter);
    return 0;
}

/* The protocol request a route asks, or NULL when it shows nothing yet. */
static json_t *request_of(const page *p, bool *nothing)
{
    const sd_page_query *pq = &p->pq;
    json_t *req = json_object();
    static const char *const ops[] = {"search", "get", "positions", "timeline", "stats"};
    *nothing = false;
    if (!req)
        return NULL;
    json_object_set_new(req, "op", json_string(ops[p->route]));
    if (p->route == R_UNIT) {
        json_object_set_new(req, "unit", json_string(p->unit));
        if (*pq->q)
            json_object_set_new(req, "q", json_string(pq->q));
        return req;
    }
    if (p->route == R_STATUS)
        return req;
    bool anything = *pq->q || pq->ntypes || pq->year || pq->nstances;
    if (p->route == R_SEARCH && !anything) {
        *nothing = true;
        json_decref(req);
        return NULL;
    }
    json_object_set_new(req, "q", json_string(pq->q));
    if (p->route != R_TIMELINE) {
        json_object_set_new(req, "limit", json_integer(SD_PAGE_SIZE));
        json_object_set_new(req, "offset", json_integer((pq->side - 1) * SD_PAGE_SIZE));
        if (pq->sort)
            json_object_set_new(req, "sort", json_string(pq->sort));
    }
    if (p->route == R_SEARCH)
        json_object_set_new(req, "facets", json_pack("[ss]", "type", "year"));
    if (pq->exact)
        json_object_set_new(req, "spelling", json_false());
    if (add_filter(req, pq, p->route == R_POSITIONS)) {
        json_decref(req);
        return NULL;
    }
    return req;
}

/* Which route a path is; false for none. */
static bool route_of(const char *path, page *p)
{
    static const struct { const char *path; route route; } routes[] = {
        {"/", R_SEARCH}, {"/standpunkter", R_POSITIONS}, {"/historikk", R_TIMELINE},
        {"/status", R_STATUS}};
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(path, routes[i].path) == 0) {
            p->route = routes[i].route;
            return true;
        }
    if (strncmp(path, "/enhet/", 7) != 0)
        return false;
    p->route = R_UNIT;
    snprintf(p->unit, sizeof p->unit, "%s", path + 7);
    return true;
}

static void not_found(http_exchange *ex, const char *path)
{
    char msg[MSG_MAX];
    snprintf(msg, sizeof msg, "no page at %.120s (the pages: /, /enhet/ID, /standpunkter, "
             "/historikk, /status)", path);
    http_page_error(ex, 404, msg);
}

void http_page(http_exchange *ex, const char *path)
{
    page *p = calloc(1, sizeof *p);
    char msg[MSG_MAX];
    if (!p) {
        http_fail(ex, SD_BUSY, SD_NOMEM_MSG);
        return;
    }
    TAILQ_INIT(&p->params);
    if (!route_of(path, p)) {
        free(p);
        not_found(ex, path);
        return;
    }
    if (http_params(ex, &p->params)) {
        evhttp_clear_headers(&p->params);
        free(p);
        return;
    }
    ex->data = p;
    ex->free_data = page_free;
    if (read_query(p, msg)) {
        http_page_error(ex, 400, msg);
        return;
    }
    if (p->route == R_UNIT && !http_valid_unit_id(p->unit)) {
        snprintf(msg, sizeof msg, "'%.120s' is not a unit id (as b37db0b35496c229/4.2)", p->unit);
        http_page_error(ex, 404, msg);
        return;
    }
    bool nothing;
    json_t *req = request_of(p, &nothing);
    if (nothing) {
        struct evbuffer *main = evbuffer_new();
        send_page(ex, 200, SITE, p->pq.q, main);
        if (main)
            evbuffer_free(main);
        return;
    }
    if (!req) {
        http_fail(ex, SD_BUSY, SD_NOMEM_MSG);
        return;
    }
    http_ask(ex, req, false, on_reply);
    json_decref(req);
}
