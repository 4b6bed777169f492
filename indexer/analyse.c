#include "analyse.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "citation.h"
#include "norwegian.h"
#include "utf8.h"

/* Leaves room between fields so a phrase never spans two of them. */
#define FIELD_GAP 100

struct kanalyser {
    const kschema *schema;
    kx_stem *stem;
    kx_termgen *tg;
    knorwegian *norwegian; /* numbers and compound parts */
    kx_doc *doc;           /* the document being built */
};

static int kx_fail(kerr *err, const kx_error *xerr)
{
    return kerr_set(err, KERR_FAIL, "xapian: %s", xerr->message);
}

int analyser_new(kanalyser **out, const kschema *schema, kerr *err)
{
    *out = NULL;
    kanalyser *a = calloc(1, sizeof *a);
    if (!a)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    a->schema = schema;
    kx_error xerr;
    if (kx_stem_new(&a->stem, kschema_stemmer(schema), &xerr) != KX_OK ||
        kx_termgen_new(&a->tg, a->stem, &xerr) != KX_OK) {
        analyser_free(a);
        return kerr_set(err, KERR_SCHEMA, "stemmer '%s': %s", kschema_stemmer(schema),
                        xerr.message);
    }
    a->norwegian = norwegian_new(klexicon_norwegian(), a->stem);
    if (!a->norwegian) {
        analyser_free(a);
        return kerr_set(err, KERR_NOMEM, "out of memory");
    }
    *out = a;
    return 0;
}

void analyser_free(kanalyser *a)
{
    if (!a)
        return;
    norwegian_free(a->norwegian);
    kx_termgen_free(a->tg);
    kx_stem_free(a->stem);
    free(a);
}

/* Indexes text under the field's prefix and, weighted, without one. */
static int index_field(kanalyser *a, const char *field, const char *text, kerr *err)
{
    const kfield *f = kschema_field(a->schema, field);
    if (!f || !text || !*text)
        return 0;
    kx_error xerr;
    size_t len = strlen(text);
    if (kx_termgen_index_text(a->tg, text, len, f->weight, "", &xerr) != KX_OK)
        return kx_fail(err, &xerr);
    if (norwegian_add_terms(a->norwegian, a->doc, text, f->weight, "", err))
        return -1;
    if (*f->prefix) {
        kx_termgen_increase_termpos(a->tg, FIELD_GAP);
        if (kx_termgen_index_text(a->tg, text, len, 1, f->prefix, &xerr) != KX_OK)
            return kx_fail(err, &xerr);
        if (norwegian_add_terms(a->norwegian, a->doc, text, 1, f->prefix, err))
            return -1;
    }
    kx_termgen_increase_termpos(a->tg, FIELD_GAP);
    return 0;
}

static int add_boolean(kanalyser *a, kx_doc *xdoc, const char *field, const char *value,
                       kerr *err)
{
    const kfield *f = kschema_field(a->schema, field);
    if (!value || !*value || !f || !f->boolean_prefix)
        return 0;
    char term[256];
    char *lower = utf8_casefold(value);
    /* Xapian caps terms at 245 bytes; a longer value is cut, not refused */
    snprintf(term, sizeof term < 240 ? sizeof term : 240, "%s%s", f->boolean_prefix,
             lower ? lower : value);
    free(lower);
    kx_error xerr;
    if (kx_doc_add_boolean_term(xdoc, term, &xerr) != KX_OK)
        return kx_fail(err, &xerr);
    return 0;
}

static int set_value(kx_doc *xdoc, int slot, const char *v, size_t len, kerr *err)
{
    kx_error xerr;
    if (slot >= 0 && kx_doc_set_value(xdoc, (unsigned)slot, v, len, &xerr) != KX_OK)
        return kx_fail(err, &xerr);
    return 0;
}

static int set_number(kx_doc *xdoc, int slot, double v, kerr *err)
{
    char buf[18];
    size_t n = kx_sortable_serialise(v, buf);
    return set_value(xdoc, slot, buf, n, err);
}

static char *join_authors(const kdoc *doc)
{
    size_t total = 1;
    for (size_t i = 0; i < doc->nauthors; i++)
        total += strlen(doc->authors[i].name ? doc->authors[i].name : "") + 2;
    char *out = calloc(1, total);
    for (size_t i = 0; out && i < doc->nauthors; i++) {
        if (i)
            strcat(out, "\n");
        strcat(out, doc->authors[i].name ? doc->authors[i].name : "");
    }
    return out;
}

static int add_values(kanalyser *a, kx_doc *xdoc, const kdoc *doc, const char *doc_id,
                      const kunit *u, kerr *err)
{
    const kschema *s = a->schema;
    int rc = 0;
    if (doc->date) {
        char ymd[9] = {0};
        snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", doc->date, doc->date + 5, doc->date + 8);
        rc = set_value(xdoc, kschema_slot(s, "date"), ymd, 8, err);
    }
    /* the year it speaks for, not the year it was printed (period.h) */
    if (rc == 0 && doc->year)
        rc = set_number(xdoc, kschema_slot(s, "year"), doc->year, err);
    if (rc == 0)
        rc = set_value(xdoc, kschema_slot(s, "doc"), doc_id, strlen(doc_id), err);
    if (rc == 0)
        rc = set_value(xdoc, kschema_slot(s, "type"), doc->type, strlen(doc->type), err);
    if (rc == 0)
        rc = set_value(xdoc, kschema_slot(s, "kind"), u->kind, strlen(u->kind), err);
    if (rc == 0 && u->page_first >= 0)
        rc = set_number(xdoc, kschema_slot(s, "page"), u->page_first + 1, err);
    return rc;
}

static int add_terms(kanalyser *a, kx_doc *xdoc, const kdoc *doc, const char *doc_id,
                     const char *file_term, const char *unit_id, const kunit *u, kerr *err)
{
    char year[8] = "";
    if (doc->year)
        snprintf(year, sizeof year, "%d", doc->year);
    int rc = add_boolean(a, xdoc, "id", unit_id, err);
    if (rc == 0)
        rc = add_boolean(a, xdoc, "doc", doc_id, err);
    if (rc == 0)
        rc = add_boolean(a, xdoc, "kind", u->kind, err);
    if (rc == 0)
        rc = add_boolean(a, xdoc, "type", doc->type, err);
    if (rc == 0)
        rc = add_boolean(a, xdoc, "year", year, err);
    if (rc == 0)
        rc = add_boolean(a, xdoc, "lang", doc->lang, err);
    if (rc == 0 && u->position.stance)
        rc = add_boolean(a, xdoc, "stance", u->position.stance, err);
    for (size_t i = 0; rc == 0 && i < doc->nauthors; i++)
        rc = add_boolean(a, xdoc, "author", doc->authors[i].name, err);
    kx_error xerr;
    if (rc == 0 && kx_doc_add_boolean_term(xdoc, file_term, &xerr) != KX_OK)
        rc = kx_fail(err, &xerr);
    return rc;
}

static int index_text_fields(kanalyser *a, const kdoc *doc, const kunit *u, kerr *err)
{
    char *authors = join_authors(doc);
    kx_termgen_set_termpos(a->tg, 0);
    /* a unit without a heading of its own (an article, a document's
     * opening) is headed by the document's title, as hits show it */
    const char *heading = u->heading && *u->heading ? u->heading : doc->title;
    int rc = index_field(a, "heading", heading, err);
    if (rc == 0)
        rc = index_field(a, "title", doc->title, err);
    if (rc == 0)
        rc = index_field(a, "author", authors, err);
    if (rc == 0)
        rc = index_field(a, "body", u->text, err);
    if (rc == 0)
        rc = index_field(a, "captions", u->captions, err);
    if (rc == 0)
        rc = index_field(a, "footnotes", u->footnotes, err);
    free(authors);
    return rc;
}

static int build_unit(kanalyser *a, kx_doc **out, char **idterm, const kdoc *doc,
                      const char *doc_id, const char *file_term, const kunit *u, kerr *err)
{
    char unit_id[128];
    snprintf(unit_id, sizeof unit_id, "%s/%s", doc_id, u->key);
    kx_doc *xdoc = NULL;
    kx_error xerr;
    if (kx_doc_new(&xdoc, &xerr) != KX_OK)
        return kx_fail(err, &xerr);
    kx_termgen_set_document(a->tg, xdoc);
    a->doc = xdoc;
    int rc = index_text_fields(a, doc, u, err);
    if (rc == 0)
        rc = add_terms(a, xdoc, doc, doc_id, file_term, unit_id, u, err);
    if (rc == 0)
        rc = add_values(a, xdoc, doc, doc_id, u, err);
    char *data = rc == 0 ? analyser_unit_json(doc, doc_id, u) : NULL;
    if (rc == 0 && !data)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    if (rc == 0 && kx_doc_set_data(xdoc, data, strlen(data), &xerr) != KX_OK)
        rc = kx_fail(err, &xerr);
    kx_termgen_set_document(a->tg, NULL);
    free(data);
    size_t n = strlen(unit_id) + 16;
    if (rc == 0 && (*idterm = malloc(n)))
        snprintf(*idterm, n, "%s%s", kschema_field(a->schema, "id")->boolean_prefix, unit_id);
    else if (rc == 0)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    if (rc) {
        kx_doc_free(xdoc);
        return rc;
    }
    *out = xdoc;
    return 0;
}

int analyser_build(kanalyser *a, kanalysed *out, const kdoc *doc, const char *doc_id,
                   const char *file_term, const kunits *units, kerr *err)
{
    memset(out, 0, sizeof *out);
    out->docs = calloc(units->n + 1, sizeof *out->docs);
    out->idterms = calloc(units->n + 1, sizeof *out->idterms);
    if (!out->docs || !out->idterms)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    for (size_t i = 0; i < units->n; i++) {
        int rc = build_unit(a, &out->docs[i], &out->idterms[i], doc, doc_id, file_term,
                            &units->items[i], err);
        if (rc)
            return rc;
        out->n++;
    }
    return 0;
}

void analysed_free(kanalysed *an)
{
    for (size_t i = 0; i < an->n; i++) {
        kx_doc_free(an->docs[i]);
        free(an->idterms[i]);
    }
    free(an->docs);
    free(an->idterms);
    memset(an, 0, sizeof *an);
}

static int set_family(kx_doc *xdoc, int slot, const char *family, const char *version_of,
                      kerr *err)
{
    size_t len = 0;
    const char *data = kx_doc_data(xdoc, &len);
    json_t *j = data ? json_loadb(data, len, 0, NULL) : NULL;
    if (!j)
        return kerr_set(err, KERR_FAIL, "a unit's stored JSON cannot be read back");
    json_object_set_new(j, "family", json_string(family));
    json_object_set_new(j, "version_of", json_string(version_of));
    char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    kx_error xerr;
    int rc = 0;
    if (!text)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    else if (kx_doc_set_data(xdoc, text, strlen(text), &xerr) != KX_OK)
        rc = kx_fail(err, &xerr);
    free(text);
    return rc ? rc : set_value(xdoc, slot, family, strlen(family), err);
}

int analysed_set_family(kanalysed *an, const kschema *schema, const char *family,
                        const char *version_of, kerr *err)
{
    int slot = kschema_slot(schema, "doc");
    for (size_t i = 0; i < an->n; i++)
        if (set_family(an->docs[i], slot, family, version_of, err))
            return -1;
    return 0;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static const char *date_source_name(kdate_source s)
{
    static const char *const names[] = {NULL, "text", "metadata", "manifest", "pdf-creation-date"};
    return names[s];
}

static json_t *authors_json(const kdoc *doc)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < doc->nauthors; i++) {
        const kauthor *au = &doc->authors[i];
        json_array_append_new(arr, json_pack("{s:o, s:o, s:o}", "name", str_or_null(au->name),
                                             "role", str_or_null(au->role), "email",
                                             str_or_null(au->email)));
    }
    return arr;
}

static json_t *section_json(const kunit *u)
{
    if (!u->heading && !u->number)
        return json_null();
    json_t *path = json_array();
    for (size_t i = 0; i < u->npath; i++)
        json_array_append_new(path, json_string(u->path[i]));
    return json_pack("{s:o, s:o, s:o}", "number", str_or_null(u->number), "title",
                     str_or_null(u->heading), "path", path);
}

static json_t *pages_json(const kunit *u)
{
    if (!u->page_first_label)
        return json_null();
    json_t *p = json_pack("{s:s, s:s, s:b}", "first", u->page_first_label, "last",
                          u->page_last_label ? u->page_last_label : u->page_first_label,
                          "printed", u->pages_printed);
    if (u->page_first >= 0) {
        json_object_set_new(p, "first_index", json_integer(u->page_first + 1));
        json_object_set_new(p, "last_index", json_integer(u->page_last + 1));
    }
    return p;
}

/* Lines of a field (captions, footnotes) as a JSON array. */
static json_t *lines_json(const char *lines)
{
    json_t *arr = json_array();
    for (const char *p = lines; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        json_array_append_new(arr, json_stringn(p, n));
        p = nl ? nl + 1 : p + n;
    }
    return arr;
}

/* The repairs (repair.c) whose result stands in the unit's text, as
 * [{"from": as extracted, "to": as indexed}]; NULL when there are none,
 * so undamaged units carry nothing. */
static json_t *repairs_json(const kdoc *doc, const kunit *u)
{
    json_t *arr = NULL;
    for (size_t i = 0; u->text && i < doc->nrepaired; i++) {
        if (!strstr(u->text, doc->repaired_to[i]))
            continue;
        if (!arr)
            arr = json_array();
        json_array_append_new(arr, json_pack("{s:s, s:s}", "from", doc->repaired_from[i], "to",
                                             doc->repaired_to[i]));
    }
    return arr;
}

/* {"from": 2023, "to": 2024, "source": "session"}, or null. */
static json_t *period_json(const kdoc *doc)
{
    if (!doc->year)
        return json_null();
    int from = doc->period_from ? doc->period_from : doc->year;
    int to = doc->period_to ? doc->period_to : doc->year;
    return json_pack("{s:i, s:i, s:s}", "from", from, "to", to, "source",
                     doc->year_source ? doc->year_source : "date");
}

/* A position's stance and the rest; null for a section. */
static json_t *position_json(const char *doc_id, const kunit *u)
{
    const kposition *p = &u->position;
    if (!p->stance)
        return json_null();
    char of[160];
    snprintf(of, sizeof of, "%s/%s", doc_id, p->of ? p->of : "");
    return json_pack("{s:s, s:o, s:o, s:o, s:s}", "stance", p->stance, "speaker",
                     str_or_null(p->speaker), "addressee", str_or_null(p->addressee), "matter",
                     str_or_null(p->matter), "of", of);
}

char *analyser_unit_json(const kdoc *doc, const char *doc_id, const kunit *u)
{
    char unit_id[128];
    snprintf(unit_id, sizeof unit_id, "%s/%s", doc_id, u->key);
    char *citation = citation_of(doc, u);
    json_t *j = json_object();
    json_object_set_new(j, "id", json_string(unit_id));
    json_object_set_new(j, "kind", json_string(u->kind));
    json_object_set_new(j, "doc_id", json_string(doc_id));
    /* a document alone is its own family; a version gets its family's id
     * and the id it is a version of in the writer (analysed_set_family) */
    json_object_set_new(j, "family", json_string(doc_id));
    json_object_set_new(j, "version_of", json_null());
    json_object_set_new(j, "title", str_or_null(u->heading ? u->heading : doc->title));
    json_object_set_new(j, "doc_title", str_or_null(doc->title));
    json_object_set_new(j, "type", str_or_null(doc->type));
    json_object_set_new(j, "date", str_or_null(doc->date));
    json_object_set_new(j, "date_source", str_or_null(date_source_name(doc->date_source)));
    json_object_set_new(j, "year", doc->year ? json_integer(doc->year) : json_null());
    json_object_set_new(j, "period", period_json(doc));
    json_object_set_new(j, "lang", str_or_null(doc->lang));
    json_object_set_new(j, "authors", authors_json(doc));
    json_object_set_new(j, "doi", str_or_null(doc->doi));
    json_object_set_new(j, "url", str_or_null(doc->url));
    json_object_set_new(j, "source", str_or_null(doc->path));
    json_object_set_new(j, "format", str_or_null(doc->format));
    json_object_set_new(j, "section", section_json(u));
    json_object_set_new(j, "part", u->part ? json_integer(u->part) : json_null());
    json_object_set_new(j, "pages", pages_json(u));
    json_object_set_new(j, "citation", str_or_null(citation));
    json_object_set_new(j, "position", position_json(doc_id, u));
    json_object_set_new(j, "text", json_string(u->text ? u->text : ""));
    json_object_set_new(j, "captions", lines_json(u->captions));
    json_object_set_new(j, "footnotes", lines_json(u->footnotes));
    json_t *repairs = repairs_json(doc, u);
    if (repairs)
        json_object_set_new(j, "repairs", repairs);
    char *out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    free(citation);
    return out;
}
