#include "http_render.h"

#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SD_OFFSET_LAST 10000 /* searchd.h's SD_OFFSET_MAX: the deepest page */
#define PAGES_AROUND 4       /* page links either side of the current one */

/* ---- text ---------------------------------------------------------------- */

void sd_html_text(struct evbuffer *out, const char *s)
{
    char *escaped = s ? evhttp_htmlescape(s) : NULL;
    if (escaped)
        evbuffer_add(out, escaped, strlen(escaped));
    free(escaped);
}

void sd_html_marked(struct evbuffer *out, const char *fragment)
{
    /* the protocol escaped & < > already: its only tags are <b> and </b> */
    for (const char *p = fragment ? fragment : ""; *p;) {
        if (strncmp(p, "<b>", 3) == 0) {
            evbuffer_add(out, "<mark>", 6);
            p += 3;
        } else if (strncmp(p, "</b>", 4) == 0) {
            evbuffer_add(out, "</mark>", 7);
            p += 4;
        } else {
            size_t n = strcspn(p + 1, "<") + 1;
            evbuffer_add(out, p, n);
            p += n;
        }
    }
}

static const char *str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static long num(const json_t *obj, const char *key)
{
    return (long)json_integer_value(json_object_get(obj, key));
}

/* ---- links --------------------------------------------------------------- */

static void param(struct evbuffer *out, bool *first, const char *key, const char *value)
{
    char *encoded = evhttp_uriencode(value, -1, 0); /* all but A-Z a-z 0-9 - . _ ~ */
    evbuffer_add_printf(out, "%s%s=%s", *first ? "?" : "&amp;", key, encoded ? encoded : "");
    free(encoded);
    *first = false;
}

void sd_page_url(struct evbuffer *out, const char *path, const sd_page_query *pq)
{
    bool first = true;
    sd_html_text(out, path);
    if (pq->q && *pq->q)
        param(out, &first, "q", pq->q);
    for (size_t i = 0; i < pq->ntypes; i++)
        param(out, &first, "type", pq->types[i]);
    if (pq->year)
        param(out, &first, "year", pq->year);
    for (size_t i = 0; i < pq->nstances; i++)
        param(out, &first, "stance", pq->stances[i]);
    if (pq->sort && strcmp(pq->sort, "relevance") != 0)
        param(out, &first, "sort", pq->sort);
    if (pq->side > 1) {
        char side[24];
        snprintf(side, sizeof side, "%ld", pq->side);
        param(out, &first, "side", side);
    }
    if (pq->exact)
        param(out, &first, "exact", "1");
}

/* /enhet/ID, with ?q= when there is a query to mark. */
static void unit_url(struct evbuffer *out, const char *id, const char *q)
{
    evbuffer_add_printf(out, "/enhet/");
    sd_html_text(out, id);
    if (q && *q) {
        bool first = true;
        param(out, &first, "q", q);
    }
}

/* ---- a unit's parts, shared by a hit and a unit's page ------------------- */

static const char *type_word(const char *type)
{
    static const struct { const char *type, *word; } words[] = {
        {"arsmelding", "årsmelding"}, {"horingsinnspill", "høringsinnspill"},
        {"artikkel", "artikkel"},     {"annet", "annet"}};
    for (size_t i = 0; type && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(type, words[i].type) == 0)
            return words[i].word;
    return type ? type : "annet";
}

/* "4.2 Legeforeningens arbeid med høringer"; the document's title when the
 * unit has none. */
static void unit_title(struct evbuffer *out, const json_t *u)
{
    const char *number = str(json_object_get(u, "section"), "number");
    const char *title = str(u, "title");
    if (!title || !*title)
        title = str(u, "doc_title");
    if (number && *number) {
        sd_html_text(out, number);
        evbuffer_add(out, " ", 1);
    }
    sd_html_text(out, title ? title : str(u, "id"));
}

/* "s. 45–46" when printed, else "PDF-s. 3"; false when there are none. */
static bool pages_text(struct evbuffer *out, const json_t *pages)
{
    if (!json_is_object(pages))
        return false;
    if (json_is_true(json_object_get(pages, "printed")) && str(pages, "first")) {
        const char *first = str(pages, "first"), *last = str(pages, "last");
        evbuffer_add_printf(out, "s. ");
        sd_html_text(out, first);
        if (last && strcmp(last, first) != 0) {
            evbuffer_add_printf(out, "–");
            sd_html_text(out, last);
        }
        return true;
    }
    long first = num(pages, "first_index"), last = num(pages, "last_index");
    if (first <= 0)
        return false;
    evbuffer_add_printf(out, "PDF-s. %ld", first);
    if (last > first)
        evbuffer_add_printf(out, "–%ld", last);
    return true;
}

/* Document title (left out when it is the unit's) · type · date · pages. */
static void meta_line(struct evbuffer *out, const json_t *u)
{
    const char *doc = str(u, "doc_title"), *title = str(u, "title"), *date = str(u, "date");
    if (doc && *doc && !(title && strcmp(doc, title) == 0)) {
        sd_html_text(out, doc);
        evbuffer_add_printf(out, " · ");
    }
    sd_html_text(out, type_word(str(u, "type")));
    evbuffer_add_printf(out, " · ");
    sd_html_text(out, date && *date ? date : "udatert");
    struct evbuffer *pages = evbuffer_new();
    if (pages && pages_text(pages, json_object_get(u, "pages"))) {
        evbuffer_add_printf(out, " · ");
        evbuffer_add_buffer(out, pages);
    }
    if (pages)
        evbuffer_free(pages);
}

/* The heading path, when it has more than one step. */
static void path_line(struct evbuffer *out, const char *indent, const char *cls, const json_t *u)
{
    const json_t *path = json_object_get(json_object_get(u, "section"), "path");
    if (json_array_size(path) < 2)
        return;
    evbuffer_add_printf(out, "%s<p class=\"%s\">", indent, cls);
    for (size_t i = 0; i < json_array_size(path); i++) {
        if (i)
            evbuffer_add_printf(out, " › ");
        sd_html_text(out, json_string_value(json_array_get(path, i)));
    }
    evbuffer_add_printf(out, "</p>\n");
}

/* The link to the original: at its page for a PDF with pages. */
static void source_link(struct evbuffer *out, const json_t *u)
{
    const json_t *pages = json_object_get(u, "pages");
    const char *format = str(u, "format");
    long index = num(pages, "first_index");
    evbuffer_add_printf(out, "<a class=\"source\" href=\"/kilde/");
    sd_html_text(out, str(u, "id"));
    if (format && strcmp(format, "pdf") == 0 && json_is_object(pages) && index > 0) {
        const char *printed = json_is_true(json_object_get(pages, "printed")) ? str(pages, "first")
                                                                            : NULL;
        evbuffer_add_printf(out, "/pdf#page=%ld\">Åpne PDF på side ", index);
        if (printed)
            sd_html_text(out, printed);
        else
            evbuffer_add_printf(out, "%ld", index);
        evbuffer_add_printf(out, "</a>");
        return;
    }
    evbuffer_add_printf(out, "/pdf\">Åpne originalen</a>");
}

/* <p class="hit-cite"><cite>…</cite> Kopier, the original. */
static void cite_block(struct evbuffer *out, const char *cls, const char *indent, const json_t *u)
{
    evbuffer_add_printf(out, "%s<p class=\"%s\"><cite>", indent, cls);
    sd_html_text(out, str(u, "citation"));
    evbuffer_add_printf(out, "</cite>\n%s  <button type=\"button\" class=\"copy\">Kopier</button>"
                        "\n%s  ", indent, indent);
    source_link(out, u);
    evbuffer_add_printf(out, "</p>\n");
}

/* ---- search results ------------------------------------------------------ */

static void render_hit(struct evbuffer *out, const json_t *hit, const char *q)
{
    evbuffer_add_printf(out, "  <li class=\"hit\">\n    <h2 class=\"hit-title\"><a href=\"");
    unit_url(out, str(hit, "id"), q);
    evbuffer_add_printf(out, "\">");
    unit_title(out, hit);
    evbuffer_add_printf(out, "</a></h2>\n    <p class=\"hit-meta\">");
    meta_line(out, hit);
    evbuffer_add_printf(out, "</p>\n");
    path_line(out, "    ", "hit-path", hit);
    if (str(hit, "snippet")) {
        evbuffer_add_printf(out, "    <p class=\"hit-snippet\">");
        sd_html_marked(out, str(hit, "snippet"));
        evbuffer_add_printf(out, "</p>\n");
    }
    cite_block(out, "hit-cite", "    ", hit);
    evbuffer_add_printf(out, "  </li>\n");
}

static void summary(struct evbuffer *out, const json_t *reply, const char *list, long offset,
                    const char *noun)
{
    long total = num(reply, "total");
    size_t shown = json_array_size(json_object_get(reply, list));
    evbuffer_add_printf(out, "<p class=\"summary\">");
    if (shown && total)
        evbuffer_add_printf(out, "Viser %ld–%ld av %ld %s", offset + 1, offset + (long)shown,
                            total, noun);
    else /* as the page's script says it: past the last page too */
        evbuffer_add_printf(out, "Ingen %s", noun);
    evbuffer_add_printf(out, "</p>\n");
}

/* "Søkte etter «høringer». Søk i stedet etter «horinger»" (searched as typed). */
static void suggestion(struct evbuffer *out, const json_t *reply, const sd_page_query *pq,
                       const char *path)
{
    const char *better = str(reply, "suggestion");
    if (!better || !*better)
        return;
    sd_page_query typed = *pq;
    typed.exact = true;
    typed.side = 1;
    evbuffer_add_printf(out, "<p class=\"suggestion\">Søkte etter «");
    sd_html_text(out, better);
    evbuffer_add_printf(out, "». <a href=\"");
    sd_page_url(out, path, &typed);
    evbuffer_add_printf(out, "\">Søk i stedet etter «");
    sd_html_text(out, pq->q);
    evbuffer_add_printf(out, "»</a></p>\n");
}

static bool has_type(const sd_page_query *pq, const char *type)
{
    for (size_t i = 0; i < pq->ntypes; i++)
        if (strcmp(pq->types[i], type) == 0)
            return true;
    return false;
}

/* The query with `type` added, or taken away when it is there. */
static sd_page_query toggle_type(const sd_page_query *pq, const char *type)
{
    sd_page_query t = *pq;
    t.side = 1;
    t.ntypes = 0;
    for (size_t i = 0; i < pq->ntypes; i++)
        if (strcmp(pq->types[i], type) != 0)
            t.types[t.ntypes++] = pq->types[i];
    if (!has_type(pq, type) && t.ntypes < SD_PAGE_LIST_MAX)
        t.types[t.ntypes++] = type;
    return t;
}

static void facet_link(struct evbuffer *out, const sd_page_query *link, bool active,
                       const char *label, long count)
{
    evbuffer_add_printf(out, "    <li><a class=\"facet\" href=\"");
    sd_page_url(out, "/", link);
    evbuffer_add_printf(out, "\"%s>", active ? " aria-current=\"true\"" : "");
    sd_html_text(out, label);
    evbuffer_add_printf(out, " <span class=\"count\">%ld</span></a></li>\n", count);
}

static void facets(struct evbuffer *out, const json_t *reply, const sd_page_query *pq)
{
    const json_t *f = json_object_get(reply, "facets");
    const json_t *types = json_object_get(f, "type"), *years = json_object_get(f, "year");
    if (!json_array_size(types) && !json_array_size(years))
        return;
    evbuffer_add_printf(out, "<nav class=\"facets\" aria-label=\"Filtre\">\n"
                             "  <ul class=\"facet-list\" data-facet=\"type\">\n");
    for (size_t i = 0; i < json_array_size(types); i++) {
        const json_t *v = json_array_get(types, i);
        const char *type = str(v, "value");
        if (!type)
            continue;
        sd_page_query link = toggle_type(pq, type);
        facet_link(out, &link, has_type(pq, type), type_word(type), num(v, "count"));
    }
    evbuffer_add_printf(out, "  </ul>\n  <ul class=\"facet-list\" data-facet=\"year\">\n");
    for (size_t i = 0; i < json_array_size(years); i++) {
        const json_t *v = json_array_get(years, i);
        char year[24];
        snprintf(year, sizeof year, "%ld", num(v, "value"));
        bool active = pq->year && strcmp(pq->year, year) == 0;
        sd_page_query link = *pq;
        link.side = 1;
        link.year = active ? NULL : year;
        facet_link(out, &link, active, year, num(v, "count"));
    }
    evbuffer_add_printf(out, "  </ul>\n</nav>\n");
}

static void sort_links(struct evbuffer *out, const sd_page_query *pq)
{
    static const struct { const char *sort, *label; } sorts[] = {
        {NULL, "Relevans"}, {"newest", "Nyeste først"}, {"oldest", "Eldste først"}};
    const char *now = pq->sort && strcmp(pq->sort, "relevance") != 0 ? pq->sort : NULL;
    evbuffer_add_printf(out, "<nav class=\"sort\" aria-label=\"Sortering\">");
    for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++) {
        sd_page_query link = *pq;
        link.side = 1;
        link.sort = sorts[i].sort;
        bool active = now ? sorts[i].sort && strcmp(now, sorts[i].sort) == 0 : !sorts[i].sort;
        evbuffer_add_printf(out, "%s<a href=\"", i ? " " : "");
        sd_page_url(out, "/", &link);
        evbuffer_add_printf(out, "\"%s>%s</a>", active ? " aria-current=\"true\"" : "",
                            sorts[i].label);
    }
    evbuffer_add_printf(out, "</nav>\n");
}

static void page_link(struct evbuffer *out, const char *path, const sd_page_query *pq, long side,
                      const char *rel, const char *label)
{
    sd_page_query link = *pq;
    link.side = side;
    evbuffer_add_printf(out, " <a%s%s%s href=\"", rel ? " rel=\"" : "", rel ? rel : "",
                        rel ? "\"" : "");
    sd_page_url(out, path, &link);
    evbuffer_add_printf(out, "\"%s>", !rel && side == pq->side ? " aria-current=\"page\"" : "");
    if (label)
        evbuffer_add_printf(out, "%s", label);
    else
        evbuffer_add_printf(out, "%ld", side);
    evbuffer_add_printf(out, "</a>");
}

/* Forrige 1 2 [3] 4 5 Neste, as far as the protocol pages (offset 10,000). */
static void page_links(struct evbuffer *out, const char *path, const sd_page_query *pq,
                       long total)
{
    long last = (total + SD_PAGE_SIZE - 1) / SD_PAGE_SIZE;
    long deepest = SD_OFFSET_LAST / SD_PAGE_SIZE + 1;
    if (last > deepest)
        last = deepest;
    if (last <= 1)
        return;
    long from = pq->side - PAGES_AROUND > 1 ? pq->side - PAGES_AROUND : 1;
    long to = pq->side + PAGES_AROUND < last ? pq->side + PAGES_AROUND : last;
    evbuffer_add_printf(out, "<nav class=\"pages\" aria-label=\"Sider\">");
    if (pq->side > 1)
        page_link(out, path, pq, pq->side - 1, "prev", "Forrige");
    for (long side = from; side <= to; side++)
        page_link(out, path, pq, side, NULL, NULL);
    if (pq->side < last)
        page_link(out, path, pq, pq->side + 1, "next", "Neste");
    evbuffer_add_printf(out, "</nav>\n");
}

void sd_render_results(struct evbuffer *out, const json_t *reply, const sd_page_query *pq)
{
    long offset = (pq->side - 1) * SD_PAGE_SIZE;
    const json_t *hits = json_object_get(reply, "hits");
    facets(out, reply, pq);
    sort_links(out, pq);
    evbuffer_add_printf(out, "<section class=\"results\" data-q=\"");
    sd_html_text(out, pq->q);
    evbuffer_add_printf(out, "\" data-rendered=\"server\">\n");
    summary(out, reply, "hits", offset, "treff");
    suggestion(out, reply, pq, "/");
    if (json_array_size(hits)) {
        evbuffer_add_printf(out, "<ol class=\"hits\" start=\"%ld\">\n", offset + 1);
        for (size_t i = 0; i < json_array_size(hits); i++)
            render_hit(out, json_array_get(hits, i), pq->q);
        evbuffer_add_printf(out, "</ol>\n");
    }
    evbuffer_add_printf(out, "</section>\n");
    page_links(out, "/", pq, num(reply, "total"));
}

/* ---- a unit -------------------------------------------------------------- */

static const char *stance_word(const char *stance)
{
    return stance && strcmp(stance, "går_imot") == 0 ? "går imot" : stance ? stance : "";
}

/* "ber · Legeforeningen → Stortinget · Meld. St. 19 (2023-2024)" */
static void position_line(struct evbuffer *out, const json_t *p)
{
    const char *addressee = str(p, "addressee"), *matter = str(p, "matter");
    sd_html_text(out, stance_word(str(p, "stance")));
    evbuffer_add_printf(out, " · ");
    sd_html_text(out, str(p, "speaker"));
    if (addressee) {
        evbuffer_add_printf(out, " → ");
        sd_html_text(out, addressee);
    }
    if (matter) {
        evbuffer_add_printf(out, " · ");
        sd_html_text(out, matter);
    }
}

/* Whether the line (escaped, marked) reads as `heading` (escaped). */
static bool line_is(const char *line, size_t n, const char *heading)
{
    size_t h = 0;
    for (size_t i = 0; i < n;) {
        if (strncmp(line + i, "<mark>", 6) == 0)
            i += 6;
        else if (strncmp(line + i, "</mark>", 7) == 0)
            i += 7;
        else if (heading[h] == line[i])
            h++, i++;
        else
            return false;
    }
    return heading[h] == '\0';
}

/* The text as paragraphs: a blank line parts them, a PDF's line breaks
 * within one are spaces (as the page's script shows a unit).  The heading
 * the text opens with is the page's title already: left out when more
 * follows. */
static void paragraphs(struct evbuffer *out, const char *html, const char *heading)
{
    size_t first = strcspn(html, "\n");
    if (heading && *heading && line_is(html, first, heading) &&
        strspn(html + first, " \n") < strlen(html + first)) /* unless it is all there is */
        html += first;
    while (*html == '\n')
        html++;
    for (const char *p = html; *p;) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (strspn(p, " \n") < n) {
            evbuffer_add_printf(out, "    <p>");
            for (size_t i = 0; i < n; i++)
                evbuffer_add(out, p[i] == '\n' ? " " : &p[i], 1);
            evbuffer_add_printf(out, "</p>\n");
        }
        p += n;
        while (*p == '\n')
            p++;
    }
}

static void unit_text(struct evbuffer *out, const json_t *u)
{
    struct evbuffer *html = evbuffer_new();
    if (!html)
        return;
    if (str(u, "marked"))
        sd_html_marked(html, str(u, "marked"));
    else
        sd_html_text(html, str(u, "text"));
    evbuffer_add(html, "", 1);
    struct evbuffer *heading = evbuffer_new();
    if (heading) {
        unit_title(heading, u);
        evbuffer_add(heading, "", 1);
    }
    evbuffer_add_printf(out, "  <div class=\"unit-text\">\n");
    paragraphs(out, (const char *)evbuffer_pullup(html, -1),
               heading ? (const char *)evbuffer_pullup(heading, -1) : NULL);
    evbuffer_add_printf(out, "  </div>\n");
    if (heading)
        evbuffer_free(heading);
    evbuffer_free(html);
}

/* Back to the results the reader came from. */
static void back_link(struct evbuffer *out, const sd_page_query *pq)
{
    if (!*pq->q)
        return;
    sd_page_query search = {.q = pq->q, .side = 1};
    evbuffer_add_printf(out, "  <p class=\"back\"><a href=\"");
    sd_page_url(out, "/", &search);
    evbuffer_add_printf(out, "\">← Treff for «");
    sd_html_text(out, pq->q);
    evbuffer_add_printf(out, "»</a></p>\n");
}

/* Where the unit stands in its document, step by step. */
static void unit_path(struct evbuffer *out, const json_t *u)
{
    const json_t *path = json_object_get(json_object_get(u, "section"), "path");
    if (json_array_size(path) < 2)
        return;
    evbuffer_add_printf(out, "  <nav class=\"unit-path\" aria-label=\"Plassering i dokumentet\"><ol>");
    for (size_t i = 0; i < json_array_size(path); i++) {
        evbuffer_add_printf(out, "<li>");
        sd_html_text(out, json_string_value(json_array_get(path, i)));
        evbuffer_add_printf(out, "</li>");
    }
    evbuffer_add_printf(out, "</ol></nav>\n");
}

void sd_render_unit(struct evbuffer *out, const json_t *u, const sd_page_query *pq)
{
    const json_t *position = json_object_get(u, "position");
    evbuffer_add_printf(out, "<article class=\"unit\" data-id=\"");
    sd_html_text(out, str(u, "id"));
    evbuffer_add_printf(out, "\" data-rendered=\"server\">\n");
    back_link(out, pq);
    unit_path(out, u);
    evbuffer_add_printf(out, "  <h1 class=\"view-title unit-title\" tabindex=\"-1\">");
    unit_title(out, u);
    evbuffer_add_printf(out, "</h1>\n  <p class=\"hit-meta\">");
    meta_line(out, u);
    evbuffer_add_printf(out, "</p>\n");
    if (json_is_object(position)) {
        evbuffer_add_printf(out, "  <p class=\"position-who\">");
        position_line(out, position);
        evbuffer_add_printf(out, "</p>\n");
    }
    cite_block(out, "hit-cite", "  ", u);
    if (json_is_object(position) && str(position, "of")) {
        evbuffer_add_printf(out, "  <p class=\"unit-context\"><a href=\"");
        unit_url(out, str(position, "of"), pq->q);
        evbuffer_add_printf(out, "\">Les hele seksjonen</a></p>\n");
    }
    unit_text(out, u);
    evbuffer_add_printf(out, "</article>\n");
}

/* ---- positions ----------------------------------------------------------- */

static void render_position(struct evbuffer *out, const json_t *p, const char *q)
{
    evbuffer_add_printf(out, "  <li class=\"position\" data-stance=\"");
    sd_html_text(out, str(p, "stance"));
    evbuffer_add_printf(out, "\">\n    <blockquote class=\"position-quote\">");
    sd_html_marked(out, str(p, "quote"));
    evbuffer_add_printf(out, "</blockquote>\n    <p class=\"position-meta\">");
    position_line(out, p);
    evbuffer_add_printf(out, " · ");
    sd_html_text(out, str(p, "date") ? str(p, "date") : "udatert");
    /* a position's reply names no format: its link is to its section */
    evbuffer_add_printf(out, "</p>\n    <p class=\"hit-cite\"><cite>");
    sd_html_text(out, str(p, "citation"));
    evbuffer_add_printf(out, "</cite>\n      <button type=\"button\" class=\"copy\">Kopier</button>\n"
                             "      <a class=\"context\" href=\"");
    unit_url(out, str(p, "of"), q);
    evbuffer_add_printf(out, "\">Les i sammenheng</a></p>\n  </li>\n");
}

void sd_render_positions(struct evbuffer *out, const json_t *reply, const sd_page_query *pq)
{
    long offset = (pq->side - 1) * SD_PAGE_SIZE;
    const json_t *list = json_object_get(reply, "positions");
    evbuffer_add_printf(out, "<section class=\"positions\" data-q=\"");
    sd_html_text(out, pq->q);
    evbuffer_add_printf(out, "\" data-rendered=\"server\">\n");
    summary(out, reply, "positions", offset, "standpunkter");
    suggestion(out, reply, pq, "/standpunkter");
    if (json_array_size(list)) {
        evbuffer_add_printf(out, "<ol class=\"positions-list\" start=\"%ld\">\n", offset + 1);
        for (size_t i = 0; i < json_array_size(list); i++)
            render_position(out, json_array_get(list, i), pq->q);
        evbuffer_add_printf(out, "</ol>\n");
    }
    page_links(out, "/standpunkter", pq, num(reply, "total"));
    evbuffer_add_printf(out, "</section>\n");
}

/* ---- timeline ------------------------------------------------------------ */

static void timeline_row(struct evbuffer *out, const json_t *y, const char *q)
{
    const json_t *units = json_object_get(y, "units"), *best = json_object_get(y, "best");
    const char *type;
    const json_t *count;
    bool first = true;
    evbuffer_add_printf(out, "    <tr><th scope=\"row\">%ld</th><td>", num(y, "year"));
    json_object_foreach((json_t *)units, type, count) {
        evbuffer_add_printf(out, "%s", first ? "" : ", ");
        sd_html_text(out, type_word(type));
        evbuffer_add_printf(out, " %ld", (long)json_integer_value(count));
        first = false;
    }
    evbuffer_add_printf(out, "</td><td>%ld</td><td>", num(y, "positions"));
    if (json_is_object(best)) {
        evbuffer_add_printf(out, "<a href=\"");
        unit_url(out, str(best, "id"), q);
        evbuffer_add_printf(out, "\">");
        unit_title(out, best);
        evbuffer_add_printf(out, "</a>");
    }
    evbuffer_add_printf(out, "</td></tr>\n");
}

void sd_render_timeline(struct evbuffer *out, const json_t *reply, const sd_page_query *pq)
{
    const json_t *years = json_object_get(reply, "years");
    evbuffer_add_printf(out, "<section class=\"timeline\" data-q=\"");
    sd_html_text(out, pq->q);
    evbuffer_add_printf(out, "\" data-rendered=\"server\">\n<p class=\"summary\">%ld seksjoner og "
                        "%ld standpunkter over %zu år</p>\n", num(reply, "total"),
                        num(reply, "positions"), json_array_size(years));
    suggestion(out, reply, pq, "/historikk");
    if (json_array_size(years)) {
        evbuffer_add_printf(out, "<table class=\"timeline-table\">\n  <thead><tr><th scope=\"col\">"
                            "År</th><th scope=\"col\">Seksjoner</th><th scope=\"col\">Standpunkter"
                            "</th><th scope=\"col\">Beste treff</th></tr></thead>\n  <tbody>\n");
        for (size_t i = 0; i < json_array_size(years); i++)
            timeline_row(out, json_array_get(years, i), pq->q);
        evbuffer_add_printf(out, "  </tbody>\n</table>\n");
    }
    evbuffer_add_printf(out, "</section>\n");
}

/* ---- status and errors --------------------------------------------------- */

/* Sections and documents per type, as stats counts them (types,
 * documents_by_type). */
static void status_types(struct evbuffer *out, const json_t *s)
{
    const json_t *types = json_object_get(s, "types");
    const json_t *docs = json_object_get(s, "documents_by_type");
    const char *type;
    const json_t *count;
    if (!json_object_size(types))
        return;
    evbuffer_add_printf(out, "<table class=\"status-table\">\n  <caption>Per dokumenttype"
                             "</caption>\n  <thead><tr><th scope=\"col\">Type</th><th scope="
                             "\"col\">Dokumenter</th><th scope=\"col\">Seksjoner</th></tr>"
                             "</thead>\n  <tbody>\n");
    json_object_foreach((json_t *)types, type, count) {
        evbuffer_add_printf(out, "    <tr><th scope=\"row\">");
        sd_html_text(out, type_word(type));
        evbuffer_add_printf(out, "</th><td>%ld</td><td>%ld</td></tr>\n", num(docs, type),
                            (long)json_integer_value(count));
    }
    evbuffer_add_printf(out, "  </tbody>\n</table>\n");
}

static void status_fact(struct evbuffer *out, const char *term, const char *value)
{
    evbuffer_add_printf(out, "  <dt>%s</dt><dd>", term);
    sd_html_text(out, value && *value ? value : "ukjent");
    evbuffer_add_printf(out, "</dd>\n");
}

/* Each failure as "path: stage: reason", first, because it is what needs
 * doing; then when the run was and what it counted. */
static void status_last_run(struct evbuffer *out, const json_t *s)
{
    const json_t *run = json_object_get(s, "last_run");
    const json_t *failures = json_object_get(run, "failures");
    evbuffer_add_printf(out, "<section class=\"status-block%s\">\n<h2>Siste indeksering</h2>\n",
                        num(run, "failed") ? " has-failures" : "");
    if (!json_is_object(run)) {
        evbuffer_add_printf(out, "<p>Tjenesten kjenner ikke til noen indeksering av denne "
                                 "indeksen.</p>\n</section>\n");
        return;
    }
    if (num(run, "failed")) {
        evbuffer_add_printf(out, "<div class=\"failures\" role=\"alert\">\n<p class=\"failures-"
                                 "title\">%ld %s ikke indekseres</p>\n<ul>\n", num(run, "failed"),
                            num(run, "failed") == 1 ? "fil kunne" : "filer kunne");
        for (size_t i = 0; i < json_array_size(failures); i++) {
            const json_t *f = json_array_get(failures, i);
            evbuffer_add_printf(out, "  <li><code class=\"path\">");
            sd_html_text(out, str(f, "path"));
            evbuffer_add_printf(out, "</code> <span class=\"stage\">");
            sd_html_text(out, str(f, "stage"));
            evbuffer_add_printf(out, "</span>: ");
            sd_html_text(out, str(f, "reason"));
            evbuffer_add_printf(out, "</li>\n");
        }
        evbuffer_add_printf(out, "</ul>\n</div>\n");
    } else {
        evbuffer_add_printf(out, "<p class=\"ok-note\">Alle filene ble lest.</p>\n");
    }
    evbuffer_add_printf(out, "<dl class=\"facts\">\n");
    status_fact(out, "Startet", str(run, "started"));
    status_fact(out, "Ferdig", str(run, "finished"));
    evbuffer_add_printf(out, "  <dt>Tid</dt><dd>%.1f s</dd>\n  <dt>Filer</dt><dd>%ld</dd>\n"
                             "  <dt>Indeksert</dt><dd>%ld</dd>\n  <dt>Uendret</dt><dd>%ld</dd>\n"
                             "  <dt>Fjernet</dt><dd>%ld</dd>\n  <dt>Feilet</dt><dd>%ld</dd>\n"
                             "  <dt>Advarsler</dt><dd>%ld</dd>\n</dl>\n</section>\n",
                        json_number_value(json_object_get(run, "seconds")), num(run, "files"),
                        num(run, "indexed"), num(run, "unchanged"), num(run, "removed"),
                        num(run, "failed"), num(run, "warnings"));
}

void sd_render_status(struct evbuffer *out, const json_t *s)
{
    const json_t *kinds = json_object_get(s, "kinds"), *lat = json_object_get(s, "latency_ms");
    const json_t *revision = json_object_get(s, "revision");
    evbuffer_add_printf(out, "<section class=\"status\" data-rendered=\"server\">\n"
                             "<h1>Status</h1>\n");
    status_last_run(out, s);
    evbuffer_add_printf(out, "<section class=\"status-block\">\n<h2>Indeksen</h2>\n"
                             "<dl class=\"status-list\">\n");
    evbuffer_add_printf(out, "  <dt>Dokumenter</dt><dd>%ld</dd>\n", num(s, "documents"));
    evbuffer_add_printf(out, "  <dt>Enheter</dt><dd>%ld (%ld seksjoner, %ld standpunkter)</dd>\n",
                        num(s, "units"), num(kinds, "section"), num(kinds, "position"));
    if (json_is_integer(revision))
        evbuffer_add_printf(out, "  <dt>Revisjon</dt><dd>%ld</dd>\n", num(s, "revision"));
    status_fact(out, "Sist skrevet", str(s, "index_time"));
    evbuffer_add_printf(out, "</dl>\n");
    status_types(out, s);
    evbuffer_add_printf(out, "</section>\n<section class=\"status-block\">\n<h2>Tjenesten</h2>\n"
                             "<dl class=\"status-list\">\n  <dt>Søk besvart</dt><dd>%ld</dd>\n",
                        num(s, "queries"));
    evbuffer_add_printf(out, "  <dt>Svartid</dt><dd>p50 %.2f ms, p90 %.2f ms, p99 %.2f ms</dd>\n",
                        json_number_value(json_object_get(lat, "p50")),
                        json_number_value(json_object_get(lat, "p90")),
                        json_number_value(json_object_get(lat, "p99")));
    evbuffer_add_printf(out, "</dl>\n</section>\n</section>\n");
}

static const char *error_heading(int status)
{
    switch (status) {
    case 400: return "Forespørselen kan ikke leses";
    case 404: return "Fant ikke siden";
    case 405: return "Feil metode";
    case 410: return "Originalen er borte";
    case 503: return "Søket er opptatt";
    case 504: return "Søket tok for lang tid";
    default: return "Noe gikk galt";
    }
}

void sd_render_error(struct evbuffer *out, int status, const char *msg)
{
    evbuffer_add_printf(out, "<section class=\"error\" data-status=\"%d\">\n<h1>%s</h1>\n"
                             "<p class=\"error-message\">", status, error_heading(status));
    sd_html_text(out, msg);
    evbuffer_add_printf(out, "</p>\n</section>\n");
}
