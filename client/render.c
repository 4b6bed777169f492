#include "render.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "snippet.h"

const char *render_type_label(const char *type)
{
    static const char *const labels[][2] = {
        {"artikkel", "artikkel"},
        {"horingsinnspill", "høringsinnspill"},
        {"arsmelding", "årsmelding"},
        {"annet", "annet"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(type, labels[i][0]) == 0)
            return labels[i][1];
    return type;
}

const char *render_str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s && *s ? s : NULL;
}

const char *render_scalar(json_t *v, char *buf, size_t n)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, n, "%g", json_real_value(v));
    else
        return NULL;
    return buf;
}

/* "45" or "45–46" from {"first","last"}; "" when the unit has no pages. */
static const char *page_range(json_t *pages, char *buf, size_t n)
{
    char a[32], b[32];
    const char *first = render_scalar(json_object_get(pages, "first"), a, sizeof a);
    const char *last = render_scalar(json_object_get(pages, "last"), b, sizeof b);
    if (!first)
        first = last;
    if (!first)
        snprintf(buf, n, "%s", "");
    else if (!last || strcmp(first, last) == 0)
        snprintf(buf, n, "%s", first);
    else
        snprintf(buf, n, "%s–%s", first, last);
    return buf;
}

void render_ms(FILE *out, double ms)
{
    fprintf(out, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
}

/* The heading path, "4 HELSEPOLITIKK › 4.2 Legeforeningens …".  Returns
 * how many headings it printed. */
static size_t put_path(FILE *out, json_t *path)
{
    size_t i, printed = 0;
    json_t *h;
    json_array_foreach(path, i, h) {
        if (!json_is_string(h))
            continue;
        fputs(printed++ ? " › " : "", out);
        kstyle_puts(out, json_string_value(h));
    }
    return printed;
}

/* The unit's title, else its section's, else its document's, else its id. */
static const char *unit_title(json_t *unit)
{
    const char *title = render_str(unit, "title");
    if (!title)
        title = render_str(json_object_get(unit, "section"), "title");
    if (!title)
        title = render_str(unit, "doc_title");
    return title ? title : render_str(unit, "id");
}

/* "4.2 Legeforeningens arbeid med høringer": the section's number before
 * the unit's title, unless the title already starts with it. */
static void put_title(FILE *out, json_t *unit)
{
    const char *number = render_str(json_object_get(unit, "section"), "number");
    const char *title = unit_title(unit);
    if (number && !(title && strncmp(title, number, strlen(number)) == 0)) {
        kstyle_puts(out, number);
        fputs(title ? " " : "", out);
    }
    kstyle_puts(out, title ? title : "(uten tittel)");
}

/* Starts a part of a " · "-separated line. */
static void separate(FILE *out, bool *first)
{
    fputs(*first ? "" : " · ", out);
    *first = false;
}

/* Are the pages' numbers printed on them?  An index from before the
 * field existed says nothing: its labels were printed or PDF labels. */
static bool pages_printed(json_t *pages)
{
    json_t *printed = json_object_get(pages, "printed");
    return !json_is_boolean(printed) || json_is_true(printed);
}

/* "Årsmelding 2024 · årsmelding · 2025-03-14 · s. 45–46"; a page that
 * prints no number is cited by its place in the file: "PDF-s. 3". */
static void put_hit_facts(FILE *out, json_t *hit)
{
    bool first = true;
    const char *doc = render_str(hit, "doc_title"), *title = unit_title(hit);
    if (doc && !(title && strcmp(doc, title) == 0)) {
        separate(out, &first);
        kstyle_puts(out, doc);
    }
    const char *type = render_str(hit, "type");
    if (type) {
        separate(out, &first);
        kstyle_puts(out, render_type_label(type));
    }
    const char *date = render_str(hit, "date");
    separate(out, &first);
    kstyle_puts(out, date ? date : "udatert");
    char range[80];
    if (*page_range(json_object_get(hit, "pages"), range, sizeof range)) {
        separate(out, &first);
        fputs(pages_printed(json_object_get(hit, "pages")) ? "s. " : "PDF-s. ", out);
        kstyle_puts(out, range);
    }
    putc('\n', out);
}

bool render_citation(FILE *out, json_t *unit, int indent)
{
    const char *citation = render_str(unit, "citation");
    if (!citation)
        return false;
    fprintf(out, "%*s", indent, "");
    kstyle_puts(out, citation);
    putc('\n', out);
    return true;
}

/* Ranks are right-aligned in at least two columns, as numbered lists are. */
static int rank_columns(long n)
{
    int d = 2;
    n /= 10;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

static void render_hit(FILE *out, const kstyle *st, json_t *hit, long rank, int rank_width)
{
    int indent = rank_width + 2;
    fprintf(out, "%*ld. %s", rank_width, rank, kstyle_on(st, KSTYLE_TITLE));
    put_title(out, hit);
    fprintf(out, "%s\n%*s", kstyle_off(st), indent, "");
    put_hit_facts(out, hit);
    /* A path of one heading is the title again; show it only when it places the unit. */
    json_t *path = json_object_get(json_object_get(hit, "section"), "path");
    if (json_array_size(path) > 1) {
        fprintf(out, "%*s", indent, "");
        put_path(out, path);
        putc('\n', out);
    }
    const char *snippet = render_str(hit, "snippet");
    if (snippet)
        snippet_print(out, snippet, st, indent);
    render_citation(out, hit, indent);
    const char *id = render_str(hit, "id");
    const char *where = render_str(hit, "url");
    if (!where)
        where = render_str(hit, "source");
    fprintf(out, "%*s%s", indent, "", kstyle_on(st, KSTYLE_DIM));
    kstyle_puts(out, id ? id : "");
    fputs(id && where ? " · " : "", out);
    kstyle_puts(out, where ? where : "");
    fprintf(out, "%s\n\n", kstyle_off(st));
}

json_t *reply_hits(json_t *reply)
{
    json_t *hits = json_object_get(reply, "hits");
    return json_is_array(hits) ? hits : NULL;
}

void render_summary(FILE *out, json_t *reply, long first_rank, size_t shown, const char *one,
                    const char *many)
{
    json_t *total_j = json_object_get(reply, "total");
    long total = json_is_integer(total_j) ? (long)json_integer_value(total_j) : (long)shown;
    if (shown == 0)
        fprintf(out, "Ingen %s", many);
    else if (first_rank == 1 && (long)shown == total)
        fprintf(out, "%ld %s", total, total == 1 ? one : many);
    else
        fprintf(out, "Viser %ld–%ld av %ld %s", first_rank, first_rank + (long)shown - 1, total,
                many);
    render_summary_end(out, reply);
}

void render_summary_end(FILE *out, json_t *reply)
{
    json_t *took = json_object_get(reply, "took_ms");
    if (json_is_number(took)) {
        fputs(" · søket tok ", out);
        render_ms(out, json_number_value(took));
    }
    putc('\n', out);
    render_suggestion(out, reply);
}

void render_suggestion(FILE *out, json_t *reply)
{
    const char *suggestion = render_str(reply, "suggestion");
    if (suggestion) { /* searchd searched the corrected words (docs/QUERY.md) */
        fputs("Søkte etter «", out);
        kstyle_puts(out, suggestion);
        fputs("» (ord indeksen ikke kjenner, rettet)\n", out);
    }
}

void render_search(FILE *out, const kstyle *st, json_t *reply, long first_rank)
{
    json_t *hits = reply_hits(reply);
    size_t n = json_array_size(hits);
    int rank_width = rank_columns(first_rank + (long)n - 1);
    for (size_t i = 0; i < n; i++)
        render_hit(out, st, json_array_get(hits, i), first_rank + (long)i, rank_width);
    render_summary(out, reply, first_rank, n, "treff", "treff");
}

/* One "Label:     value" line of get's output; nothing when value is NULL. */
static void put_field(FILE *out, const char *label, const char *value, const char *note)
{
    if (!value)
        return;
    fprintf(out, "%-12s ", label);
    kstyle_puts(out, value);
    if (note)
        fprintf(out, " (%s)", note);
    putc('\n', out);
}

/* Dates that are only the file's creation date must not be cited as
 * publication dates (docs/SCHEMA.md, date_source). */
static const char *date_note(json_t *unit)
{
    const char *source = render_str(unit, "date_source");
    return source && strcmp(source, "pdf-creation-date") == 0
               ? "PDF-ens opprettelsesdato, ikke publiseringsdato"
               : NULL;
}

static void put_authors(FILE *out, json_t *authors)
{
    size_t i, printed = 0;
    json_t *a;
    json_array_foreach(authors, i, a) {
        const char *name = json_is_string(a) ? json_string_value(a) : render_str(a, "name");
        if (!name)
            continue;
        if (printed++)
            fputs(", ", out);
        else
            fprintf(out, "%-12s ", "Forfattere:");
        kstyle_puts(out, name);
    }
    if (printed)
        putc('\n', out);
}

static void put_unit_fields(FILE *out, json_t *unit)
{
    char range[80], part[32];
    const char *type = render_str(unit, "type");
    json_t *section = json_object_get(unit, "section");
    put_field(out, "Dokument:", render_str(unit, "doc_title"), NULL);
    put_field(out, "Henvisning:", render_str(unit, "citation"), NULL);
    put_field(out, "Type:", type ? render_type_label(type) : NULL, NULL);
    put_field(out, "Dato:", render_str(unit, "date") ? render_str(unit, "date") : "ukjent",
              date_note(unit));
    const char *pages = page_range(json_object_get(unit, "pages"), range, sizeof range);
    put_field(out, "Sider:", *pages ? pages : NULL,
              pages_printed(json_object_get(unit, "pages")) ? NULL
                                                            : "sider i PDF-fila; intet sidetall trykt");
    if (json_array_size(json_object_get(section, "path"))) {
        fprintf(out, "%-12s ", "Seksjon:");
        put_path(out, json_object_get(section, "path"));
        putc('\n', out);
    }
    put_field(out, "Del:", render_scalar(json_object_get(unit, "part"), part, sizeof part), NULL);
    put_authors(out, json_object_get(unit, "authors"));
    put_field(out, "DOI:", render_str(unit, "doi"), NULL);
    put_field(out, "URL:", render_str(unit, "url"), NULL);
    put_field(out, "Kilde:", render_str(unit, "source"), render_str(unit, "format"));
    put_field(out, "Id:", render_str(unit, "id"), NULL);
}

/* A list field under its heading: "Bildetekster:", "Fotnoter:". */
static void put_list(FILE *out, const char *heading, json_t *items)
{
    size_t i;
    json_t *c;
    if (!json_array_size(items))
        return;
    fprintf(out, "\n%s\n", heading);
    json_array_foreach(items, i, c) {
        if (!json_is_string(c))
            continue;
        fputs("  – ", out);
        kstyle_puts(out, json_string_value(c));
        putc('\n', out);
    }
}

void render_unit(FILE *out, const kstyle *st, json_t *reply)
{
    /* The unit may come whole under "unit" or as the reply's own fields. */
    json_t *unit = json_object_get(reply, "unit");
    if (!json_is_object(unit))
        unit = reply;
    fputs(kstyle_on(st, KSTYLE_TITLE), out);
    put_title(out, unit);
    fprintf(out, "%s\n", kstyle_off(st));
    put_unit_fields(out, unit);
    const char *text = render_str(unit, "text");
    if (text) {
        size_t n = strlen(text);
        putc('\n', out);
        kstyle_put_text(out, text, n, true);
        if (text[n - 1] != '\n')
            putc('\n', out);
    }
    put_list(out, "Bildetekster:", json_object_get(unit, "captions"));
    put_list(out, "Fotnoter:", json_object_get(unit, "footnotes"));
}

size_t reply_suggestion_count(json_t *reply)
{
    return json_array_size(json_object_get(reply, "completions")) +
           json_array_size(json_object_get(reply, "titles"));
}

/* "Legeforeningens arbeid med høringer — Årsmelding 2024  (b37d…/4.2)" */
static void put_title_match(FILE *out, json_t *t)
{
    const char *title = render_str(t, "title"), *doc = render_str(t, "doc_title");
    const char *id = render_str(t, "id");
    fputs("  ", out);
    kstyle_puts(out, title ? title : doc ? doc : "(uten tittel)");
    if (title && doc && strcmp(title, doc) != 0) {
        fputs(" — ", out);
        kstyle_puts(out, doc);
    }
    if (id) {
        fputs("  (", out);
        kstyle_puts(out, id);
        putc(')', out);
    }
    putc('\n', out);
}

void render_suggestions(FILE *out, json_t *reply)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(reply, "completions"), i, c) {
        const char *text = json_is_string(c) ? json_string_value(c) : render_str(c, "text");
        if (!text)
            continue;
        kstyle_puts(out, text);
        putc('\n', out);
    }
    json_t *titles = json_object_get(reply, "titles");
    if (!json_array_size(titles))
        return;
    fputs("Titler:\n", out);
    json_array_foreach(titles, i, c)
        put_title_match(out, c);
}

void render_ping(FILE *out, json_t *reply, const char *endpoint, double round_ms)
{
    char buf[64];
    const char *server = render_str(reply, "server");
    const char *version = render_scalar(json_object_get(reply, "version"), buf, sizeof buf);
    kstyle_puts(out, server ? server : "searchd");
    if (version) {
        fputs(" (protokoll ", out);
        kstyle_puts(out, version);
        putc(')', out);
    }
    fputs(" svarer på ", out);
    kstyle_puts(out, endpoint);
    fputs(" (", out);
    render_ms(out, round_ms);
    fputs(")\n", out);
}
