/*
 * An HTML page's metadata: the head's citation_* (Google Scholar), Open
 * Graph and Dublin Core tags, <link rel="canonical">, <html lang>, and the
 * <title>; and the authors' roles and e-mail addresses from the byline
 * blocks in the page.  What the head says comes first; the page fills in.
 */
#include "html_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the head ---------------------------------------------------------------------- */

enum {
    M_CITATION_TITLE, M_OG_TITLE, M_DC_TITLE,
    M_CITATION_DATE, M_CITATION_DATE2, M_DC_DATE, M_PUBLISHED,
    M_DOI, M_DC_ID, M_OG_URL, M_CANONICAL, M_LANG, M_OG_LOCALE,
    M_COUNT
};

#define MAX_NAMES 64

typedef struct nameset {
    const char *v[MAX_NAMES];
    size_t n;
} nameset;

typedef struct meta {
    const char *v[M_COUNT];   /* first value seen; points into the tree */
    nameset citation_authors, dc_creators, meta_authors;
    xmlNodePtr title_elem;
} meta;

static const struct {
    const char *name;
    int slot;
} meta_keys[] = {
    {"citation_title", M_CITATION_TITLE}, {"og:title", M_OG_TITLE}, {"dc.title", M_DC_TITLE},
    {"dcterms.title", M_DC_TITLE}, {"citation_publication_date", M_CITATION_DATE},
    {"citation_date", M_CITATION_DATE2}, {"dc.date", M_DC_DATE}, {"dcterms.date", M_DC_DATE},
    {"dcterms.issued", M_DC_DATE}, {"dc.date.issued", M_DC_DATE},
    {"article:published_time", M_PUBLISHED}, {"citation_doi", M_DOI},
    {"dc.identifier", M_DC_ID}, {"og:url", M_OG_URL}, {"citation_language", M_LANG},
    {"dc.language", M_LANG}, {"dcterms.language", M_LANG}, {"og:locale", M_OG_LOCALE},
};

static void add_name(nameset *s, const char *v)
{
    if (v && *v && s->n < MAX_NAMES)
        s->v[s->n++] = v;
}

static void meta_tag(meta *m, xmlNodePtr n)
{
    const char *key = html_attr(n, "name");
    if (!key)
        key = html_attr(n, "property");
    const char *content = html_attr(n, "content");
    if (!key || !content)
        return;
    if (strcasecmp(key, "citation_author") == 0)
        add_name(&m->citation_authors, content);
    else if (strcasecmp(key, "dc.creator") == 0 || strcasecmp(key, "dcterms.creator") == 0)
        add_name(&m->dc_creators, content);
    else if (strcasecmp(key, "author") == 0)
        add_name(&m->meta_authors, content);
    for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++)
        if (strcasecmp(key, meta_keys[i].name) == 0 && !m->v[meta_keys[i].slot] && *content)
            m->v[meta_keys[i].slot] = content;
}

static bool meta_enter(void *ctx, xmlNodePtr n)
{
    meta *m = ctx;
    if (n->type != XML_ELEMENT_NODE)
        return false;
    if (html_is(n, "meta")) {
        meta_tag(m, n);
    } else if (html_is(n, "link")) {
        const char *rel = html_attr(n, "rel"), *href = html_attr(n, "href");
        if (rel && href && strcasecmp(rel, "canonical") == 0 && !m->v[M_CANONICAL])
            m->v[M_CANONICAL] = href;
    } else if (html_is(n, "title") && !m->title_elem) {
        m->title_elem = n;
    } else if (html_is(n, "script") || html_is(n, "style") || html_is(n, "svg")) {
        return false;
    }
    return true;
}

/* "2026/04/20", "2026-04-20", "2026-04-20T10:00:00Z", "20.04.2026" give
 * "2026-04-20".  A bare year, or a day that does not exist, gives false:
 * the date is never invented. */
static bool iso_date(const char *s, char out[11])
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, mo, d;
    char sep1, sep2, tail = '\0';
    int n = 0;
    while (*s == ' ')
        s++;
    if (sscanf(s, "%4u%c%2u%c%2u%n", &y, &sep1, &mo, &sep2, &d, &n) == 5 && sep1 == sep2 &&
        (sep1 == '-' || sep1 == '/') && y >= 1000) {
        tail = s[n];
    } else if (sscanf(s, "%2u.%2u.%4u%n", &d, &mo, &y, &n) == 3 && y >= 1000) {
        tail = s[n];
    } else {
        return false;
    }
    if (!(tail == '\0' || tail == 'T' || tail == ' ') || mo < 1 || mo > 12 || d < 1 ||
        d > (unsigned)days[mo - 1])
        return false;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    snprintf(out, 11, "%04u-%02u-%02u", y % 10000, mo % 100, d % 100);
    return true;
}

/* "doi:10.4045/x", "https://doi.org/10.4045/x" → "10.4045/x"; NULL when it
 * is no DOI. */
static char *bare_doi(const char *s)
{
    static const char *const prefixes[] = {"https://doi.org/", "http://doi.org/",
                                           "https://dx.doi.org/", "http://dx.doi.org/", "doi:"};
    char *c = html_clean(s), *p = c;
    if (!c)
        return NULL;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t k = strlen(prefixes[i]);
        if (strncasecmp(p, prefixes[i], k) == 0) {
            p += k;
            break;
        }
    }
    while (*p == ' ')
        p++;
    if (strncmp(p, "10.", 3) != 0 || !strchr(p, '/')) {
        free(c);
        return NULL;
    }
    memmove(c, p, strlen(p) + 1);
    return c;
}

/* "nb", "no", "nb-NO", "nob", "nb_NO" → "nb"; "nn", "nn-NO", "nno" → "nn". */
static const char *norwegian(const char *tag)
{
    if (!tag)
        return NULL;
    size_t k = strcspn(tag, "-_ ");
    if ((k == 2 || k == 3) && (strncasecmp(tag, "nb", 2) == 0 || strncasecmp(tag, "no", 2) == 0) &&
        (k == 2 || strncasecmp(tag, "nob", 3) == 0 || strncasecmp(tag, "nor", 3) == 0))
        return "nb";
    if ((k == 2 && strncasecmp(tag, "nn", 2) == 0) || (k == 3 && strncasecmp(tag, "nno", 3) == 0))
        return "nn";
    return NULL;
}

/* "Haslegaard, Andreas" → "Andreas Haslegaard"; white space tidied. */
static char *person_name(const char *s)
{
    char *c = html_clean(s);
    char *comma = c ? strchr(c, ',') : NULL;
    if (!comma || strchr(comma + 1, ','))
        return c;
    char *first = comma + 1;
    while (*first == ' ')
        first++;
    *comma = '\0';
    if (!*first || !*c) {
        *comma = ',';
        return c;
    }
    size_t n = strlen(c) + strlen(first) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s %s", first, c);
    free(c);
    return out;
}

/* <title> text without the " | Site name" the site adds. */
char *html_title_tag(xmlNodePtr title)
{
    xmlChar *raw = xmlNodeGetContent(title);
    char *t = html_clean((const char *)raw);
    xmlFree(raw);
    char *bar = t ? strstr(t, " | ") : NULL;
    if (bar) {
        char *last;
        while ((last = strstr(bar + 3, " | ")))
            bar = last;
        *bar = '\0';
    }
    return t;
}

static void apply_meta(kdoc *doc, const meta *m, xmlNodePtr html)
{
    for (int s = M_CITATION_TITLE; s <= M_DC_TITLE && !doc->title; s++)
        kdoc_take(&doc->title, html_clean(m->v[s]));
    char date[11];
    for (int s = M_CITATION_DATE; s <= M_PUBLISHED && !doc->date; s++)
        if (m->v[s] && iso_date(m->v[s], date)) {
            kdoc_set(&doc->date, date);
            doc->date_source = KDATE_META;
        }
    kdoc_take(&doc->doi, bare_doi(m->v[M_DOI]));
    if (!doc->doi)
        kdoc_take(&doc->doi, bare_doi(m->v[M_DC_ID]));
    const char *urls[] = {m->v[M_CANONICAL], m->v[M_OG_URL]};
    for (size_t i = 0; i < 2 && !doc->url; i++)
        if (urls[i] && (!strncmp(urls[i], "https://", 8) || !strncmp(urls[i], "http://", 7)))
            kdoc_take(&doc->url, html_clean(urls[i])); /* a relative one names no page */
    const char *lang = norwegian(html_attr(html, "lang"));
    if (!lang)
        lang = norwegian(html_attr(html, "xml:lang"));
    if (!lang)
        lang = norwegian(m->v[M_LANG]);
    if (!lang)
        lang = norwegian(m->v[M_OG_LOCALE]);
    if (lang)
        kdoc_set(&doc->lang, lang);
    const nameset *names = m->citation_authors.n ? &m->citation_authors
                           : m->dc_creators.n    ? &m->dc_creators
                                                 : &m->meta_authors;
    for (size_t i = 0; i < names->n; i++) {
        char *name = person_name(names->v[i]);
        if (name)
            kdoc_add_author(doc, name, NULL, NULL);
        free(name);
    }
}

xmlNodePtr html_head_meta(kdoc *doc, xmlNodePtr html)
{
    meta m = {0};
    html_walk(html, meta_enter, NULL, &m);
    apply_meta(doc, &m, html);
    return m.title_elem;
}

/* ---- authors from the page ------------------------------------------------------------ */

typedef struct byline {
    kdoc *doc;
    bool had_names; /* the head named the authors */
} byline;

/* The first element below `in` whose class contains cls (or, for cls NULL,
 * the first mailto: link), within a few hundred nodes. */
typedef struct finder {
    const char *cls;
    xmlNodePtr found;
    size_t budget;
} finder;

static bool find_enter(void *ctx, xmlNodePtr n)
{
    finder *f = ctx;
    if (f->found || f->budget == 0 || n->type != XML_ELEMENT_NODE)
        return false;
    f->budget--;
    const char *href = html_attr(n, "href");
    if (f->cls ? html_class_has(n, f->cls) : (href && strncasecmp(href, "mailto:", 7) == 0)) {
        f->found = n;
        return false;
    }
    return true;
}

static xmlNodePtr find_in(xmlNodePtr in, const char *cls)
{
    finder f = {cls, NULL, 500};
    for (xmlNodePtr c = in->children; c && !f.found; c = c->next)
        html_walk(c, find_enter, NULL, &f);
    return f.found;
}

/* One author: the name from name_el, role and e-mail address from within
 * block; matched by name to the authors the head gave, or added when the
 * head gave none. */
static void byline_author(byline *bl, xmlNodePtr block, xmlNodePtr name_el)
{
    char *name = html_node_text(name_el, 256);
    if (name && name_el == block) { /* "Av Kari Nordmann" */
        static const char *const by[] = {"Av ", "av ", "By ", "Tekst: "};
        for (size_t k = 0; k < sizeof by / sizeof *by; k++)
            if (strncmp(name, by[k], strlen(by[k])) == 0)
                memmove(name, name + strlen(by[k]), strlen(name + strlen(by[k])) + 1);
    }
    xmlNodePtr role_el = find_in(block, "role"), mail_el = find_in(block, NULL);
    char *role = role_el ? html_node_text(role_el, 256) : NULL;
    const char *href = mail_el ? html_attr(mail_el, "href") : NULL;
    char *mail = href && strlen(href) > 7 ? html_clean(href + 7) : NULL; /* after "mailto:" */
    if (mail)
        mail[strcspn(mail, "?")] = '\0';
    kdoc *doc = bl->doc;
    size_t i = 0;
    while (i < doc->nauthors && !(name && html_same_name(doc->authors[i].name, name)))
        i++;
    if (i == doc->nauthors && name && *name && !bl->had_names)
        kdoc_add_author(doc, name, NULL, NULL);
    if (i < doc->nauthors) {
        if (role && *role && !doc->authors[i].role)
            kdoc_set(&doc->authors[i].role, role);
        if (mail && *mail && !doc->authors[i].email)
            kdoc_set(&doc->authors[i].email, mail);
    }
    free(name);
    free(role);
    free(mail);
}

/* Author blocks: an element whose class says "author" holding one whose
 * class says "name" (and perhaps "role" and a mailto: link), or, simpler,
 * an "author" element that is just the name. */
static bool byline_enter(void *ctx, xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE || html_is_hidden(n))
        return false;
    if (html_class_has(n, "name") && !html_class_has(n, "role")) {
        xmlNodePtr block = n->parent;
        for (int up = 0; block && up < 8 && !html_class_has(block, "author"); up++)
            block = block->parent;
        if (block && block->type == XML_ELEMENT_NODE && html_class_has(block, "author"))
            byline_author(ctx, block, n);
        return false;
    }
    if (html_class_has(n, "author") && !html_class_has(n, "role") && !html_class_has(n, "mail") &&
        !find_in(n, "name") && html_text_of(n) < 100) {
        byline_author(ctx, n, n);
        return false;
    }
    return true;
}

void html_bylines(kdoc *doc, xmlNodePtr root)
{
    byline bl = {doc, doc->nauthors > 0};
    html_walk(root, byline_enter, NULL, &bl);
}
