#include "pdf_roles.h"

#include <ctype.h>
#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_numbers.h"
#include "regex.h"

/* The share of a page's height at its top and at its bottom where running
 * headers and footers stand, and how many lines deep they go. */
#define BAND 0.14
#define BAND_LINES 3
/* Furniture stands apart from the text: the step from its top to the next
 * line's is clearly more than the body's usual line step. */
#define APART 1.3
/* Type this much larger than the body's never is furniture; a line this much
 * larger, or bold, or in another face or colour than the body, is set as a
 * heading (Word sets its third-level headings only 1 pt larger, in another
 * face and colour). */
#define HEADING_SIZE 1.12
#define HEADING_LARGER 1.08
#define HEADING_BOLD 0.75
/* Footnotes are set at most this large, relative to the body. */
#define NOTE_SIZE 0.92
/* Where repeated furniture may move between pages, in points. */
#define SAME_PLACE 6.0

typedef enum { TOP, BOTTOM } band;

typedef struct ctx {
    pdf_page *pages;
    size_t n;
    double body;                    /* the body's type: size, face, colour, weight */
    unsigned body_face, body_color;
    bool body_bold;
    double frame_top, frame_bottom; /* what body text fills on any page */
    double step;                    /* the body's usual step from line to line */
    size_t **by_y;                  /* per page: line indexes, top to bottom */
    size_t *ntop, *nbottom;         /* lines in each page's top and bottom band */
    GHashTable *repeats;            /* "band|place|key" → pages */
} ctx;

/* ---- the body's type ------------------------------------------------------- */

double pdf_roles_body_size(const pdf_page *pages, size_t n)
{
    GHashTable *weights = g_hash_table_new(g_direct_hash, g_direct_equal);
    int best = 0;
    size_t best_weight = 0;
    for (size_t p = 0; p < n; p++)
        for (size_t i = 0; i < pages[p].nlines; i++) {
            const pdf_line *l = &pages[p].lines[i];
            int key = (int)lround(l->size * 10);
            if (key <= 0)
                continue;
            size_t w = GPOINTER_TO_SIZE(g_hash_table_lookup(weights, GINT_TO_POINTER(key)));
            w += strlen(l->text);
            g_hash_table_insert(weights, GINT_TO_POINTER(key), GSIZE_TO_POINTER(w));
            if (w > best_weight)
                best_weight = w, best = key;
        }
    g_hash_table_destroy(weights);
    return best / 10.0;
}

/* The face, colour and weight of the body: those of the most text set in
 * the body's size. */
static void find_body_style(ctx *c)
{
    c->body = pdf_roles_body_size(c->pages, c->n);
    GHashTable *weights = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    size_t best = 0, bold = 0, all = 0;
    for (size_t p = 0; p < c->n; p++)
        for (size_t i = 0; i < c->pages[p].nlines; i++) {
            const pdf_line *l = &c->pages[p].lines[i];
            if (fabs(l->size - c->body) > 0.05)
                continue;
            size_t len = strlen(l->text);
            all += len;
            bold += l->bold >= HEADING_BOLD ? len : 0;
            char *key = g_strdup_printf("%u|%u", l->face, l->color);
            size_t w = GPOINTER_TO_SIZE(g_hash_table_lookup(weights, key)) + len;
            if (w > best)
                best = w, c->body_face = l->face, c->body_color = l->color;
            g_hash_table_replace(weights, key, GSIZE_TO_POINTER(w));
        }
    c->body_bold = bold * 2 > all;
    g_hash_table_destroy(weights);
}

/* ---- geometry --------------------------------------------------------------- */

/* qsort has no context argument; extraction runs on several threads */
static _Thread_local const pdf_page *sort_page;

static int by_top(const void *a, const void *b)
{
    const pdf_line *x = &sort_page->lines[*(const size_t *)a];
    const pdf_line *y = &sort_page->lines[*(const size_t *)b];
    return (x->y1 > y->y1) - (x->y1 < y->y1);
}

static size_t *lines_by_top(const pdf_page *p)
{
    size_t *v = malloc((p->nlines + 1) * sizeof *v);
    for (size_t i = 0; v && i < p->nlines; i++)
        v[i] = i;
    if (v) {
        sort_page = p;
        qsort(v, p->nlines, sizeof *v, by_top);
    }
    return v;
}

static const pdf_line *nth(const ctx *c, size_t p, size_t k)
{
    return &c->pages[p].lines[c->by_y[p][k]];
}

/* Furniture stands apart from the text by white space, or by its type
 * where a browser's footer stands right under the last line. */
static bool apart(const ctx *c, const pdf_line *edge, const pdf_line *next)
{
    double resized = fabs(edge->size - next->size) > 0.15 * fmax(edge->size, next->size);
    return fabs(next->y1 - edge->y1) >= APART * c->step || resized;
}

/* How many lines at the top stand in the band, apart from what follows. */
static size_t top_band(const ctx *c, size_t p)
{
    const pdf_page *pg = &c->pages[p];
    size_t found = 0;
    for (size_t k = 1; k <= BAND_LINES && k <= pg->nlines; k++) {
        const pdf_line *l = nth(c, p, k - 1);
        if (l->y2 > pg->height * BAND)
            break;
        if (k == pg->nlines || apart(c, l, nth(c, p, k)))
            found = k;
    }
    return found;
}

static size_t bottom_band(const ctx *c, size_t p)
{
    const pdf_page *pg = &c->pages[p];
    size_t found = 0, n = pg->nlines;
    for (size_t k = 1; k <= BAND_LINES && k <= n; k++) {
        const pdf_line *l = nth(c, p, n - k);
        if (l->y1 < pg->height * (1 - BAND))
            break;
        if (k == n || apart(c, l, nth(c, p, n - k - 1)))
            found = k;
    }
    return found;
}

static bool body_sized(const ctx *c, const pdf_line *l)
{
    return fabs(l->size - c->body) <= 0.1 * c->body;
}

static bool close_below(const pdf_line *a, const pdf_line *b)
{
    double step = b->y1 - a->y1;
    return step > 0 && step <= 1.6 * fmax(a->size, b->size);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median step between consecutive lines of body type. */
static void find_step(ctx *c)
{
    size_t total = 0, n = 0;
    for (size_t p = 0; p < c->n; p++)
        total += c->pages[p].nlines;
    double *steps = malloc((total + 1) * sizeof *steps);
    for (size_t p = 0; steps && p < c->n; p++)
        for (size_t k = 1; k < c->pages[p].nlines; k++) {
            const pdf_line *a = nth(c, p, k - 1), *b = nth(c, p, k);
            double step = b->y1 - a->y1;
            if (body_sized(c, a) && body_sized(c, b) && step > 0 && step < 3 * c->body)
                steps[n++] = step;
        }
    c->step = 1.2 * c->body;
    if (n) {
        qsort(steps, n, sizeof *steps, by_value);
        c->step = steps[n / 2];
    }
    free(steps);
}

/* The frame of the body text: from the highest line that continues into the
 * next at the usual spacing to the lowest that follows one (a lone line
 * with space around it may be furniture; running text is not). */
static void find_frame(ctx *c)
{
    c->frame_top = 1e9;
    c->frame_bottom = -1e9;
    for (size_t p = 0; p < c->n; p++) {
        size_t n = c->pages[p].nlines;
        for (size_t k = 0; k + 1 < n; k++)
            if (body_sized(c, nth(c, p, k)) && close_below(nth(c, p, k), nth(c, p, k + 1))) {
                c->frame_top = fmin(c->frame_top, nth(c, p, k)->y1);
                break;
            }
        for (size_t k = n; k-- > 1;)
            if (body_sized(c, nth(c, p, k)) && close_below(nth(c, p, k - 1), nth(c, p, k))) {
                c->frame_bottom = fmax(c->frame_bottom, nth(c, p, k)->y2);
                break;
            }
    }
}

/* ---- furniture -------------------------------------------------------------- */

/* Digits become '#', so "Side 3 av 7" and "Side 4 av 7" repeat. */
static char *furniture_key(band b, double y, const char *text)
{
    GString *k = g_string_new(NULL);
    g_string_append_printf(k, "%d|%ld|", (int)b, lround(y / SAME_PLACE));
    bool space = false;
    for (const char *s = text; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isspace(ch)) {
            space = true;
            continue;
        }
        if (space)
            g_string_append_c(k, ' ');
        space = false;
        if (isdigit(ch)) {
            if (k->str[k->len - 1] != '#')
                g_string_append_c(k, '#');
        } else
            g_string_append_c(k, (char)tolower(ch));
    }
    return g_string_free(k, FALSE);
}

static void count_key(GHashTable *t, char *key)
{
    gpointer old = g_hash_table_lookup(t, key);
    g_hash_table_replace(t, key, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(old) + 1));
}

static size_t key_pages(GHashTable *t, band b, double y, const char *text)
{
    size_t total = 0;
    for (int d = -1; d <= 1; d++) {
        char *key = furniture_key(b, y + d * SAME_PLACE, text);
        total += GPOINTER_TO_SIZE(g_hash_table_lookup(t, key));
        g_free(key);
    }
    return total;
}

static double band_y(const pdf_line *l, band b)
{
    return b == TOP ? l->y1 : l->y2;
}

static void count_repeats(ctx *c)
{
    c->repeats = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t p = 0; p < c->n; p++) {
        size_t n = c->pages[p].nlines;
        for (size_t k = 0; k < c->ntop[p]; k++)
            count_key(c->repeats, furniture_key(TOP, band_y(nth(c, p, k), TOP), nth(c, p, k)->text));
        for (size_t k = n - c->nbottom[p]; k < n; k++)
            count_key(c->repeats,
                      furniture_key(BOTTOM, band_y(nth(c, p, k), BOTTOM), nth(c, p, k)->text));
    }
}

static bool is_page_number(const char *text)
{
    pn_page pn = {.n = 0};
    page_numbers_parse(text, &pn);
    for (int i = 0; i < pn.n; i++)
        if (pn.c[i].strong)
            return true;
    return false;
}

/* Evidence that holds whatever else stands near: a page number, or the
 * same line at the same place on another page. */
static bool surely_furniture(const ctx *c, const pdf_line *l, band b)
{
    if (l->size >= HEADING_SIZE * c->body)
        return false;
    return is_page_number(l->text) || key_pages(c->repeats, b, band_y(l, b), l->text) >= 2;
}

/* Evidence from place and type alone, for lines that are no footnote: in
 * the top band, set smaller than the body or standing above the frame the
 * body text fills on every page; in the bottom band, both smaller and below
 * that frame (a heading left at a page's foot is neither). */
static bool placed_as_furniture(const ctx *c, const pdf_line *l, band b)
{
    if (l->size >= HEADING_SIZE * c->body || l->role != PDF_BODY)
        return false;
    bool smaller = l->size > 0 && l->size <= 0.95 * c->body;
    if (b == TOP)
        return smaller || (l->bold < HEADING_BOLD && l->y2 <= c->frame_top - 0.25 * c->body);
    return smaller && l->y1 >= c->frame_bottom + 0.25 * c->body;
}

/* Place alone is evidence only against a frame that body text fills and
 * on a page with text outside its bands. */
static bool place_tells(const ctx *c, size_t p)
{
    return c->frame_top < c->frame_bottom && c->ntop[p] + c->nbottom[p] < c->pages[p].nlines;
}

static void mark_bands(ctx *c, bool (*test)(const ctx *, const pdf_line *, band))
{
    for (size_t p = 0; p < c->n; p++) {
        pdf_page *pg = &c->pages[p];
        if (test == placed_as_furniture && !place_tells(c, p))
            continue;
        for (size_t k = 0; k < c->ntop[p]; k++)
            if (test(c, nth(c, p, k), TOP))
                pg->lines[c->by_y[p][k]].role = PDF_FURNITURE;
        for (size_t k = pg->nlines - c->nbottom[p]; k < pg->nlines; k++)
            if (test(c, nth(c, p, k), BOTTOM))
                pg->lines[c->by_y[p][k]].role = PDF_FURNITURE;
    }
}

/* ---- footnotes -------------------------------------------------------------- */

/* "1 Legeforeningens …", "4Noe bedre …", "* Gjelder …", or a raised number. */
static bool opens_note(const pdf_line *l)
{
    const unsigned char *s = (const unsigned char *)l->text;
    if (l->marker_start || *s == '*' || strncmp((const char *)s, "\xE2\x80\xA0", 3) == 0)
        return true;
    size_t d = 0;
    while (isdigit(s[d]))
        d++;
    return d >= 1 && d <= 3 && (s[d] == ' ' || isalpha(s[d]) || s[d] >= 0xC3);
}

static bool small_type(const ctx *c, const pdf_line *l)
{
    return l->size > 0 && l->size <= NOTE_SIZE * c->body;
}

/* Footnotes from the end of a column (the reading order's `end`, exclusive)
 * back over lines in small type, from the first that opens a note. */
static void mark_notes_before(ctx *c, pdf_page *pg, size_t end)
{
    size_t k = end, first_note = SIZE_MAX;
    while (k-- > 0) {
        pdf_line *l = &pg->lines[k];
        if (l->role == PDF_FURNITURE)
            continue;
        if (!small_type(c, l) || l->y1 < pg->height / 3)
            break;
        if (opens_note(l))
            first_note = k;
    }
    for (k = first_note; k < end; k++)
        if (pg->lines[k].role != PDF_FURNITURE)
            pg->lines[k].role = PDF_FOOTNOTE;
}

/* A column ends where the reading order goes back up the page (into the
 * next column) or the page ends; footnotes stand at a column's foot. */
static void mark_footnotes(ctx *c, size_t p)
{
    pdf_page *pg = &c->pages[p];
    for (size_t i = 1; i <= pg->nlines; i++) {
        bool column_end = i == pg->nlines ||
                          pg->lines[i].y1 < pg->lines[i - 1].y1 - 2 * c->body;
        if (column_end)
            mark_notes_before(c, pg, i);
    }
}

/* ---- headings --------------------------------------------------------------- */

static bool looks_like_link(const char *text)
{
    return strstr(text, "://") || strstr(text, "www.");
}

/* Italic alone is emphasis or a caption, not a heading; a face or colour of
 * its own counts on a short line only (a long one is a quotation or link). */
static bool styled_as_heading(const ctx *c, const pdf_line *l)
{
    if (l->role != PDF_BODY || l->size <= 0 || l->size < 0.95 * c->body)
        return false;
    bool larger = l->size >= HEADING_LARGER * c->body;
    bool bolder = l->bold >= HEADING_BOLD && !c->body_bold;
    bool short_line = strlen(l->text) <= 120 && !looks_like_link(l->text);
    bool own_face = short_line && l->italic < HEADING_BOLD && l->face != c->body_face;
    bool own_color = short_line && l->color != c->body_color;
    return larger || bolder || own_face || own_color;
}

typedef struct style {
    long size;      /* tenths of a point */
    bool bold;
    unsigned face, color;
} style;

static style style_of(const pdf_line *l)
{
    return (style){lround(l->size * 10), l->bold >= HEADING_BOLD, l->face, l->color};
}

static bool same_style(const style *a, const style *b)
{
    return a->size == b->size && a->bold == b->bold && a->face == b->face && a->color == b->color;
}

/* Larger type first, bold before plain; face and colour only keep the
 * order the same from run to run. */
static int by_prominence(const void *a, const void *b)
{
    const style *x = a, *y = b;
    if (x->size != y->size)
        return (x->size < y->size) - (x->size > y->size);
    if (x->bold != y->bold)
        return (int)y->bold - (int)x->bold;
    if (x->face != y->face)
        return (x->face > y->face) - (x->face < y->face);
    return (x->color > y->color) - (x->color < y->color);
}

#define MAX_STYLES 32

/* The style's place among those seen, adding it when new. */
static size_t style_index(style *styles, size_t *n, const style *st)
{
    size_t s = 0;
    while (s < *n && !same_style(&styles[s], st))
        s++;
    if (s == *n && *n < MAX_STYLES)
        styles[(*n)++] = *st;
    return s;
}

static void mark_headings(ctx *c)
{
    style styles[MAX_STYLES];
    size_t nstyles = 0;
    for (int pass = 0; pass < 2; pass++) { /* the styles, then their ranks */
        if (pass == 1)
            qsort(styles, nstyles, sizeof *styles, by_prominence);
        for (size_t p = 0; p < c->n; p++)
            for (size_t i = 0; i < c->pages[p].nlines; i++) {
                pdf_line *l = &c->pages[p].lines[i];
                if (!styled_as_heading(c, l))
                    continue;
                style st = style_of(l);
                size_t s = style_index(styles, &nstyles, &st);
                if (pass == 1) {
                    l->role = PDF_HEADING;
                    l->rank = s < 9 ? (int)s + 1 : 9;
                }
            }
    }
}

/* ---- the outline ------------------------------------------------------------ */

static char *normalised(const char *s)
{
    char *fold = g_utf8_casefold(s, -1);
    GString *out = g_string_new(NULL);
    bool space = false;
    for (const char *p = fold; *p; p++) {
        if (isspace((unsigned char)*p)) {
            space = out->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(out, ' ');
        space = false;
        g_string_append_c(out, *p);
    }
    g_free(fold);
    return g_string_free(out, FALSE);
}

/* Marks the lines from `first` on that together read as `title`. */
static bool mark_title_lines(pdf_page *pg, size_t first, const char *title, int level)
{
    GString *seen = g_string_new(NULL);
    bool done = false;
    size_t i = first;
    for (; i < pg->nlines && i < first + 3 && !done; i++) {
        char *line = normalised(pg->lines[i].text);
        if (seen->len)
            g_string_append_c(seen, ' ');
        g_string_append(seen, line);
        g_free(line);
        done = strcmp(seen->str, title) == 0;
        if (!done && strncmp(title, seen->str, seen->len) != 0)
            break;
    }
    g_string_free(seen, TRUE);
    for (size_t k = first; done && k < i; k++) {
        pdf_line *l = &pg->lines[k];
        if (l->role == PDF_BODY || l->role == PDF_HEADING) {
            if (l->role != PDF_HEADING)
                l->rank = level < 1 ? 1 : level > 9 ? 9 : level;
            l->role = PDF_HEADING;
        }
    }
    return done;
}

static void mark_outline(ctx *c, const pdf_outline *o)
{
    for (size_t e = 0; o && e < o->n; e++) {
        const pdf_outline_entry *en = &o->v[e];
        if (en->page < 0 || (size_t)en->page >= c->n)
            continue;
        char *title = normalised(en->title);
        bool found = false;
        for (size_t p = (size_t)en->page; !found && p < c->n && p <= (size_t)en->page + 1; p++)
            for (size_t i = 0; !found && i < c->pages[p].nlines; i++)
                found = mark_title_lines(&c->pages[p], i, title, en->level);
        g_free(title);
    }
}

/* ---- headings over several lines -------------------------------------------- */

/* Did line a end where it did because b's first word did not fit? */
static bool wrapped_into(const pdf_line *a, const pdf_line *b)
{
    size_t len = strlen(b->text), word = strcspn(b->text, " ");
    double first_word = len ? (b->x2 - b->x1) * (double)word / (double)len : 0;
    return a->x2 + 0.5 * a->size + first_word >= a->right - 1;
}

/* Heading lines in one style, one under the other at the usual spacing,
 * where the first ran to the margin, are one heading: "6.2 The World
 * Medical Association" / "(WMA)". */
static bool same_heading(const pdf_line *a, const pdf_line *b)
{
    if (a->role != PDF_HEADING || b->role != PDF_HEADING || a->rank != b->rank)
        return false;
    double step = b->y1 - a->y1;
    return step > 0 && step <= 1.6 * a->size && fabs(b->x1 - a->x1) <= 3 * a->size &&
           wrapped_into(a, b);
}

/* Appends b's text to a's: straight on after a broken word's hyphen
 * ("Virke-" "området"), else after a space ("medlems-" "og …" keeps it). */
static void join_lines(pdf_line *a, const pdf_line *b)
{
    size_t n = strlen(a->text);
    bool straight = n >= 2 && a->text[n - 1] == '-' && a->text[n - 2] != ' ' &&
                    strncmp(b->text, "og ", 3) != 0 && strncmp(b->text, "eller ", 6) != 0;
    char *joined = g_strconcat(a->text, straight ? "" : " ", b->text, NULL);
    free(a->text);
    a->text = strdup(joined);
    g_free(joined);
    a->x2 = fmax(a->x2, b->x2);
    a->y2 = fmax(a->y2, b->y2);
}

static void join_wrapped_headings(pdf_page *pg)
{
    size_t w = 0;
    for (size_t i = 0; i < pg->nlines; i++) {
        if (w > 0 && pg->lines[w - 1].text && same_heading(&pg->lines[w - 1], &pg->lines[i])) {
            join_lines(&pg->lines[w - 1], &pg->lines[i]);
            free(pg->lines[i].text);
            continue;
        }
        pg->lines[w++] = pg->lines[i];
    }
    pg->nlines = w;
}

/* ---- the whole document ----------------------------------------------------- */

static bool ctx_init(ctx *c, pdf_page *pages, size_t n)
{
    memset(c, 0, sizeof *c);
    c->pages = pages;
    c->n = n;
    find_body_style(c);
    c->by_y = calloc(n + 1, sizeof *c->by_y);
    c->ntop = calloc(n + 1, sizeof *c->ntop);
    c->nbottom = calloc(n + 1, sizeof *c->nbottom);
    if (!c->by_y || !c->ntop || !c->nbottom)
        return false;
    for (size_t p = 0; p < n; p++)
        if (!(c->by_y[p] = lines_by_top(&pages[p])))
            return false;
    return true;
}

static void ctx_free(ctx *c)
{
    for (size_t p = 0; c->by_y && p < c->n; p++)
        free(c->by_y[p]);
    free(c->by_y);
    free(c->ntop);
    free(c->nbottom);
    if (c->repeats)
        g_hash_table_destroy(c->repeats);
}

void pdf_roles_assign(pdf_page *pages, size_t n, const pdf_outline *outline)
{
    ctx c;
    if (!ctx_init(&c, pages, n) || c.body <= 0) {
        ctx_free(&c);
        return; /* no sizes: poppler's plain text, read as it is */
    }
    find_step(&c);
    for (size_t p = 0; p < n; p++) {
        size_t top = top_band(&c, p), bottom = bottom_band(&c, p);
        c.ntop[p] = top;
        c.nbottom[p] = top + bottom <= pages[p].nlines ? bottom : pages[p].nlines - top;
    }
    find_frame(&c);
    count_repeats(&c);
    mark_bands(&c, surely_furniture);
    for (size_t p = 0; p < n; p++)
        mark_footnotes(&c, p);
    mark_bands(&c, placed_as_furniture);
    mark_headings(&c);
    mark_outline(&c, outline);
    ctx_free(&c);
    for (size_t p = 0; p < n; p++)
        join_wrapped_headings(&pages[p]);
}

/* ---- page numbers ------------------------------------------------------------ */

size_t pdf_roles_page_numbers(const pdf_page *pages, size_t n, char **labels, bool *own)
{
    pn_page *pn = calloc(n + 1, sizeof *pn);
    if (!pn) {
        for (size_t p = 0; p < n; p++)
            labels[p] = NULL;
        return 0;
    }
    for (size_t p = 0; p < n; p++)
        for (size_t i = 0; i < pages[p].nlines; i++)
            if (pages[p].lines[i].role == PDF_FURNITURE)
                page_numbers_parse(pages[p].lines[i].text, &pn[p]);
    size_t found = page_numbers_infer(pn, n, labels, own);
    free(pn);
    return found;
}

/* ---- the title ---------------------------------------------------------------- */

static pcre2_code *re_report;
static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static void compile_report(void)
{
    re_report =
        regex_compile("(?i)\\b(?:årsmelding|årsrapport|årsberetning)\\s+(?:for\\s+)?(?:19|20)\\d\\d\\b");
}

/* "Årsmelding 2024" as the line writes it. */
static char *report_name(const char *text)
{
    pthread_once(&re_once, compile_report);
    pcre2_match_data *md = re_report ? pcre2_match_data_create_from_pattern(re_report, NULL) : NULL;
    char *out = NULL;
    if (md && pcre2_match(re_report, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        out = strndup(text + ov[0], ov[1] - ov[0]);
    }
    pcre2_match_data_free(md);
    return out;
}

static char *named_report(const pdf_page *pages, size_t n)
{
    for (size_t p = 0; p < n && p < 3; p++)
        for (size_t i = 0; i < pages[p].nlines; i++) {
            const pdf_line *l = &pages[p].lines[i];
            char *name = p == 0 || l->role == PDF_FURNITURE ? report_name(l->text) : NULL;
            if (name)
                return name;
        }
    return NULL;
}

/* The largest type on the first page with text, when clearly larger than
 * the body: its lines in reading order. */
static char *largest_type(const pdf_page *pages, size_t n, double body)
{
    size_t p = 0;
    while (p < n && pages[p].nlines == 0)
        p++;
    if (p == n)
        return NULL;
    double top = 0;
    for (size_t i = 0; i < pages[p].nlines; i++)
        if (pages[p].lines[i].role != PDF_FURNITURE)
            top = fmax(top, pages[p].lines[i].size);
    if (body <= 0 || top < 1.25 * body)
        return NULL;
    GString *t = g_string_new(NULL);
    for (size_t i = 0; i < pages[p].nlines && t->len < 200; i++) {
        const pdf_line *l = &pages[p].lines[i];
        if (l->role == PDF_FURNITURE)
            continue;
        if (fabs(l->size - top) > 0.05 * top) {
            if (t->len)
                break; /* the first run of lines in that type only */
            continue;
        }
        if (t->len)
            g_string_append_c(t, ' ');
        g_string_append(t, l->text);
    }
    return g_string_free(t, FALSE);
}

/* The first heading in the upper half of the first page with text (a
 * letter's subject under its address block), with the lines of its run. */
static char *first_heading(const pdf_page *pages, size_t n)
{
    size_t p = 0;
    while (p < n && pages[p].nlines == 0)
        p++;
    GString *t = g_string_new(NULL);
    int rank = 0;
    for (size_t i = 0; p < n && i < pages[p].nlines && t->len < 200; i++) {
        const pdf_line *l = &pages[p].lines[i];
        if (rank && (l->role != PDF_HEADING || l->rank != rank))
            break;
        if (l->role != PDF_HEADING || l->y1 > pages[p].height / 2)
            continue;
        if (t->len)
            g_string_append_c(t, ' ');
        g_string_append(t, l->text);
        rank = l->rank;
    }
    if (t->len)
        return g_string_free(t, FALSE);
    g_string_free(t, TRUE);
    return NULL;
}

char *pdf_roles_title(const pdf_page *pages, size_t n)
{
    char *t = named_report(pages, n);
    if (!t)
        t = largest_type(pages, n, pdf_roles_body_size(pages, n));
    return t ? t : first_heading(pages, n);
}
