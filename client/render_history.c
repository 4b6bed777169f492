#include "render_history.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "render.h"
#include "snippet.h"

#define BAR_WIDTH 24 /* columns of the biggest year's bar */
#define GLYPHS 4

/* The bar of each type, the one with most sections first; types past
 * the fourth share the last. */
static const char *const glyph[GLYPHS] = {"█", "▓", "▒", "░"};

json_t *reply_positions(json_t *reply)
{
    json_t *p = json_object_get(reply, "positions");
    return json_is_array(p) ? p : NULL;
}

json_t *reply_years(json_t *reply)
{
    json_t *y = json_object_get(reply, "years");
    return json_is_array(y) ? y : NULL;
}

/* ---- positions ------------------------------------------------------------ */

/* "går_imot" as people write it: "går imot". */
static void put_stance(FILE *out, const char *stance)
{
    for (const char *p = stance; *p; p++) {
        size_t n = strcspn(p, "_");
        kstyle_put_text(out, p, n, false);
        p += n;
        if (!*p)
            break;
        putc(' ', out);
    }
}

/* Starts a part of a " · "-separated line. */
static void separate(FILE *out, bool *first)
{
    fputs(*first ? "" : " · ", out);
    *first = false;
}

/* "ber · Legeforeningen → Stortinget · Meld. St. 19 (2023-2024)" */
static void put_stance_line(FILE *out, json_t *p, int indent)
{
    bool first = true;
    const char *stance = render_str(p, "stance"), *speaker = render_str(p, "speaker");
    const char *addressee = render_str(p, "addressee"), *matter = render_str(p, "matter");
    fprintf(out, "%*s", indent, "");
    if (stance) {
        separate(out, &first);
        put_stance(out, stance);
    }
    if (speaker || addressee) {
        separate(out, &first);
        kstyle_puts(out, speaker ? speaker : "?");
        if (addressee) {
            fputs(" → ", out);
            kstyle_puts(out, addressee);
        }
    }
    if (matter) {
        separate(out, &first);
        kstyle_puts(out, matter);
    }
    putc('\n', out);
}

static void render_position(FILE *out, const kstyle *st, json_t *p)
{
    const int indent = 2;
    const char *quote = render_str(p, "quote");
    kbuf b;
    kbuf_init(&b, KBUF_NO_CAP); /* bounded by the reply */
    kbuf_append(&b, "«", strlen("«"));
    if (quote)
        kbuf_append(&b, quote, strlen(quote));
    kbuf_append(&b, "»", strlen("»"));
    char *text = kbuf_take(&b);
    if (text)
        snippet_print(out, text, st, 0);
    free(text);
    put_stance_line(out, p, indent);
    /* an index from before citations: the document at least */
    if (!render_citation(out, p, indent) && render_str(p, "doc_title")) {
        fprintf(out, "%*s", indent, "");
        kstyle_puts(out, render_str(p, "doc_title"));
        putc('\n', out);
    }
    const char *id = render_str(p, "id");
    fprintf(out, "%*s%s", indent, "", kstyle_on(st, KSTYLE_DIM));
    kstyle_puts(out, id ? id : "");
    fprintf(out, "%s\n\n", kstyle_off(st));
}

void render_positions(FILE *out, const kstyle *st, json_t *reply, long first_rank)
{
    json_t *list = reply_positions(reply);
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p)
        render_position(out, st, p);
    render_summary(out, reply, first_rank, json_array_size(list), "standpunkt", "standpunkter");
}

/* ---- timeline ------------------------------------------------------------- */

typedef struct legend {
    const char *type[GLYPHS * 4]; /* most sections first; point into the reply */
    long count[GLYPHS * 4];
    size_t n;
} legend;

/* The glyph index of a type (types past the legend's room share the last). */
static size_t glyph_of(const legend *l, const char *type)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->type[i], type) == 0)
            return i < GLYPHS ? i : GLYPHS - 1;
    return GLYPHS - 1;
}

static long count_of(json_t *v)
{
    return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

/* The year's sections, all types together. */
static long year_total(json_t *year)
{
    const char *type;
    json_t *n;
    long total = 0;
    json_object_foreach(json_object_get(year, "units"), type, n)
        total += count_of(n);
    return total;
}

/* Columns for n of the biggest year's `most`: at least one for any. */
static int cells(long n, long most)
{
    if (n <= 0 || most <= 0)
        return 0;
    long c = (n * BAR_WIDTH + most / 2) / most;
    return c < 1 ? 1 : (int)c;
}

static int bar_width(json_t *year, long most)
{
    const char *type;
    json_t *n;
    int w = 0;
    json_object_foreach(json_object_get(year, "units"), type, n)
        w += cells(count_of(n), most);
    return w;
}

/* The bar, padded to `width` columns. */
static void put_bar(FILE *out, json_t *year, const legend *l, long most, int width)
{
    const char *type;
    json_t *n;
    int w = 0;
    json_object_foreach(json_object_get(year, "units"), type, n) {
        const char *g = glyph[glyph_of(l, type)];
        for (int c = cells(count_of(n), most); c > 0; c--, w++)
            fputs(g, out);
    }
    fprintf(out, "%*s", width - w, "");
}

/* "139 årsmelding, 6 høringsinnspill" */
static void put_counts(FILE *out, json_t *year)
{
    const char *type;
    json_t *n;
    bool first = true;
    json_object_foreach(json_object_get(year, "units"), type, n) {
        fprintf(out, "%s%ld ", first ? "" : ", ", count_of(n));
        kstyle_puts(out, render_type_label(type));
        first = false;
    }
    if (first)
        fputs("ingen seksjoner", out);
}

static void put_count(FILE *out, long n, const char *one, const char *many)
{
    fprintf(out, "%ld %s", n, n == 1 ? one : many);
}

/* "Fra presidenten (Årsmelding 2024)" */
static void put_best(FILE *out, json_t *best)
{
    const char *title = render_str(best, "title"), *doc = render_str(best, "doc_title");
    if (!title && !doc)
        return;
    fputs(" · ", out);
    kstyle_puts(out, title ? title : doc);
    if (title && doc && strcmp(title, doc) != 0) {
        fputs(" (", out);
        kstyle_puts(out, doc);
        putc(')', out);
    }
}

static void put_year(FILE *out, const kstyle *st, json_t *year, const legend *l, long most,
                     int width)
{
    json_t *y = json_object_get(year, "year");
    fputs(kstyle_on(st, KSTYLE_TITLE), out);
    if (json_is_integer(y))
        fprintf(out, "%4" JSON_INTEGER_FORMAT, json_integer_value(y));
    else
        fputs("   ?", out);
    fprintf(out, "%s ", kstyle_off(st));
    put_bar(out, year, l, most, width);
    fputs("  ", out);
    put_counts(out, year);
    fputs(" · ", out);
    put_count(out, count_of(json_object_get(year, "positions")), "standpunkt", "standpunkter");
    put_best(out, json_object_get(year, "best"));
    putc('\n', out);
}

static void tally_type(legend *l, const char *type, long n)
{
    size_t i = 0;
    while (i < l->n && strcmp(l->type[i], type) != 0)
        i++;
    if (i == l->n) {
        if (l->n == sizeof l->type / sizeof l->type[0])
            return;
        l->type[l->n] = type;
        l->count[l->n++] = 0;
    }
    l->count[i] += n;
    for (; i > 0 && l->count[i] > l->count[i - 1]; i--) { /* keep it sorted */
        const char *t = l->type[i];
        long c = l->count[i];
        l->type[i] = l->type[i - 1], l->count[i] = l->count[i - 1];
        l->type[i - 1] = t, l->count[i - 1] = c;
    }
}

/* "█ årsmelding  ▓ høringsinnspill": the type with most sections over all
 * the years gets the full block. */
static void put_legend(FILE *out, json_t *years, legend *l)
{
    size_t i;
    json_t *year;
    json_array_foreach(years, i, year) {
        const char *type;
        json_t *n;
        json_object_foreach(json_object_get(year, "units"), type, n)
            tally_type(l, type, count_of(n));
    }
    if (l->n == 0)
        return;
    fputs("     ", out);
    for (size_t k = 0; k < l->n; k++) {
        fprintf(out, "%s%s ", k ? "  " : "", glyph[k < GLYPHS ? k : GLYPHS - 1]);
        kstyle_puts(out, render_type_label(l->type[k]));
    }
    putc('\n', out);
}

static void put_totals(FILE *out, json_t *reply, size_t nyears)
{
    if (nyears == 0)
        fputs("Ingen treff", out);
    else {
        put_count(out, count_of(json_object_get(reply, "total")), "treff", "treff");
        fprintf(out, " i %zu år · ", nyears);
        put_count(out, count_of(json_object_get(reply, "positions")), "standpunkt",
                  "standpunkter");
    }
    render_summary_end(out, reply);
}

void render_timeline(FILE *out, const kstyle *st, json_t *reply)
{
    json_t *years = reply_years(reply), *year;
    size_t i;
    long most = 0;
    int width = 0;
    json_array_foreach(years, i, year) {
        long t = year_total(year);
        most = t > most ? t : most;
    }
    json_array_foreach(years, i, year) {
        int w = bar_width(year, most);
        width = w > width ? w : width;
    }
    legend l = {.n = 0};
    put_legend(out, years, &l);
    json_array_foreach(years, i, year)
        put_year(out, st, year, &l, most, width);
    put_totals(out, reply, json_array_size(years));
}
