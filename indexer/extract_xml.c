/*
 * XML records (schemas/record.rng): documents other systems hand us with
 * their metadata and sections already known.  Each record is validated
 * against the schema before anything is read from it, so the code below
 * trusts the shape.  The compiled schema is shared read-only by all threads
 * (loaded once, xml_validate.c); each call has its own parser and
 * validation context, and libxml2's messages are captured, never printed.
 */
#include "document.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xml_validate.h"

/* ---- reading the record ------------------------------------------------------- */

static bool named(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An attribute as a malloc'd string (NFC, as all text kilde keeps), or NULL. */
static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s = v ? utf8_nfc((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* s with white space runs made one space and the ends trimmed, in place. */
static char *one_line(char *s)
{
    if (!s)
        return NULL;
    size_t w = 0;
    bool space = false;
    for (const char *r = s; *r; r++) {
        if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
            space = w > 0;
            continue;
        }
        if (space)
            s[w++] = ' ';
        space = false;
        s[w++] = *r;
    }
    s[w] = '\0';
    return s;
}

/* Text as written, each line trimmed (XML is indented) and runs of blank
 * lines made one, in place. */
static char *tidy_lines(char *s)
{
    size_t w = 0;
    int blanks = 0;
    for (char *line = s; line;) {
        char *nl = strchr(line, '\n');
        char *end = nl ? nl : line + strlen(line);
        while (line < end && (*line == ' ' || *line == '\t'))
            line++;
        while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
            end--;
        if (end == line) {
            blanks += w > 0;
        } else {
            if (w > 0) {
                memcpy(s + w, blanks ? "\n\n" : "\n", blanks ? 2 : 1);
                w += blanks ? 2 : 1;
            }
            memmove(s + w, line, (size_t)(end - line));
            w += (size_t)(end - line);
            blanks = 0;
        }
        line = nl ? nl + 1 : NULL;
    }
    s[w] = '\0';
    return s;
}

static char *element_text(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = v ? utf8_nfc((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static void read_authors(kdoc *doc, xmlNodePtr authors)
{
    for (xmlNodePtr a = authors->children; a; a = a->next) {
        if (!named(a, "author"))
            continue;
        char *name = one_line(element_text(a)), *role = one_line(prop(a, "role"));
        char *email = one_line(prop(a, "email"));
        kdoc_add_author(doc, name, role, email);
        free(name);
        free(role);
        free(email);
    }
}

/* The record's own attributes and the elements before its sections. */
static void read_head(kdoc *doc, xmlNodePtr rec)
{
    kdoc_take(&doc->record_id, one_line(prop(rec, "id")));
    kdoc_take(&doc->type, prop(rec, "type"));
    doc->type_fixed = true;
    kdoc_take(&doc->lang, prop(rec, "lang"));
    char *date = prop(rec, "date");
    if (date) {
        kdoc_take(&doc->date, date);
        doc->date_source = KDATE_META;
    }
    for (xmlNodePtr n = rec->children; n; n = n->next) {
        if (named(n, "title"))
            kdoc_take(&doc->title, one_line(element_text(n)));
        else if (named(n, "url"))
            kdoc_take(&doc->url, one_line(element_text(n)));
        else if (named(n, "doi"))
            kdoc_take(&doc->doi, one_line(element_text(n)));
        else if (named(n, "authors"))
            read_authors(doc, n);
    }
}

/* ---- sections and pages ---------------------------------------------------------- */

typedef struct page_acc {
    char *label;
    kbuf text; /* the record's own text: its bytes bound it */
} page_acc;

typedef struct pages {
    page_acc *v;
    size_t n;
    bool failed;
} pages;

/* Appends a section's heading and text to the page with that label, made
 * when first seen: the pages come out in the order they first appear. */
static void add_to_page(pages *p, const char *label, const char *heading, const char *text)
{
    size_t i = 0;
    while (i < p->n && strcmp(p->v[i].label, label) != 0)
        i++;
    if (i == p->n) {
        page_acc *v = realloc(p->v, (p->n + 1) * sizeof *v);
        if (!v || !(v[p->n].label = strdup(label))) {
            p->v = v ? v : p->v;
            p->failed = true;
            return;
        }
        p->v = v;
        kbuf_init(&v[p->n].text, KBUF_NO_CAP);
        p->n++;
    }
    kbuf *t = &p->v[i].text;
    if (t->len)
        kbuf_append(t, "\n\n", 2);
    kbuf_append(t, heading, strlen(heading));
    if (*heading)
        kbuf_putc(t, '\n');
    kbuf_append(t, text, strlen(text));
    if (t->status)
        p->failed = true;
}

/* "4.2 Title", "Title", "4.2" or "". */
static char *heading_of(const char *number, const char *title)
{
    size_t n = (number ? strlen(number) : 0) + (title ? strlen(title) : 0) + 2;
    char *h = malloc(n);
    if (h)
        snprintf(h, n, "%s%s%s", number ? number : "", number && title ? " " : "",
                 title ? title : "");
    return h;
}

/* The first page label any section gives: where untitled text before it
 * belongs. */
static char *first_label(xmlNodePtr rec)
{
    for (xmlNodePtr n = rec->children; n; n = n->next)
        if (named(n, "section")) {
            char *p = prop(n, "page");
            if (p)
                return p;
        }
    return NULL;
}

static int read_sections(kdoc *doc, xmlNodePtr rec)
{
    pages pg = {0};
    char *current = first_label(rec); /* the page the text has reached */
    doc->paged = current != NULL;
    for (xmlNodePtr n = rec->children; n && !pg.failed; n = n->next) {
        if (!named(n, "section"))
            continue;
        char *number = one_line(prop(n, "number")), *title = one_line(prop(n, "title"));
        char *first = prop(n, "page"), *last = prop(n, "page-end"), *level = prop(n, "level");
        char *text = element_text(n), *heading = heading_of(number, title);
        if (!text || !heading) {
            pg.failed = true;
        } else {
            tidy_lines(text);
            if (first) { /* a section without a page goes on on the page before */
                free(current);
                current = strdup(last ? last : first);
            }
            const char *start = first ? first : current;
            if (kdoc_add_section(doc, number, title, level ? atoi(level) : 0, start,
                                 first ? last : NULL, text) < 0)
                pg.failed = true;
            add_to_page(&pg, doc->paged ? start : "1", heading, text);
        }
        free(number), free(title), free(first), free(last), free(level), free(text), free(heading);
    }
    for (size_t i = 0; i < pg.n; i++) {
        if (!pg.failed && kdoc_add_page(doc, pg.v[i].label, pg.v[i].text.data,
                                        pg.v[i].text.len) < 0)
            pg.failed = true;
        free(pg.v[i].label);
        kbuf_free(&pg.v[i].text);
    }
    free(pg.v);
    free(current);
    return pg.failed ? -1 : 0;
}

/* ---- the extractor ---------------------------------------------------------------- */

static int check_and_read(kdoc *doc, xmlDocPtr x, kerr *err)
{
    if (x->intSubset || x->extSubset)
        return kerr_set(err, KERR_INVALID, "a record may not have a DOCTYPE");
    xmlNodePtr root = xmlDocGetRootElement(x);
    if (root && root->ns && xmlStrEqual(root->ns->href, (const xmlChar *)"urn:kilde:manifest:1"))
        return kerr_set(err, KERR_FORMAT, "a kilde manifest, not a record");
    xv_error e;
    int rc = xv_validate(x, "record.rng", &e, err);
    if (rc == KERR_INVALID)
        return kerr_set(err, KERR_INVALID, "line %d: %s", e.line,
                        e.seen ? e.msg : "does not match record.rng");
    if (rc)
        return rc;
    read_head(doc, root);
    if (read_sections(doc, root) < 0)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    return 0;
}

int extract_xml(kdoc *doc, const unsigned char *data, size_t len, kerr *err)
{
    int rc = xv_schema_load("record.rng", err);
    if (rc)
        return rc;
    if (len > INT_MAX)
        return kerr_set(err, KERR_TOOLARGE, "XML record over %d bytes", INT_MAX);
    xmlDocPtr x;
    xv_error e;
    rc = xv_parse(&x, (const char *)data, len, XML_PARSE_BIG_LINES, &e);
    if (rc == KERR_FORMAT)
        return kerr_set(err, KERR_FORMAT, "line %d: %s", e.line,
                        e.seen ? e.msg : "not well-formed XML");
    if (rc)
        return kerr_set(err, rc, "out of memory");
    rc = check_and_read(doc, x, err);
    xmlFreeDoc(x);
    return rc;
}
