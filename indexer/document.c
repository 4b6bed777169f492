#include "document.h"

#include <glib.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marks.h"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Grows an array of `size`-byte items so index n fits. */
static int grow(void **items, size_t n, size_t size)
{
    if ((n & (n - 1)) != 0 && n > 4)
        return 0; /* capacity is the next power of two above 4 */
    size_t cap = n < 4 ? 4 : n * 2;
    void *p = realloc(*items, cap * size);
    if (!p)
        return -1;
    *items = p;
    return 0;
}

void kdoc_init(kdoc *doc, const char *path, const char *format)
{
    memset(doc, 0, sizeof *doc);
    doc->format = format;
    if (!path || g_utf8_validate(path, -1, NULL)) {
        doc->path = dup_or_null(path);
        return;
    }
    /* a name is bytes; what people read (and JSON holds) is UTF-8 */
    gchar *shown = g_utf8_make_valid(path, -1);
    doc->path = dup_or_null(shown);
    g_free(shown);
}

void kdoc_set(char **field, const char *value)
{
    char *copy = dup_or_null(value);
    free(*field);
    *field = copy;
}

void kdoc_take(char **field, char *value)
{
    if (value) {
        free(*field);
        *field = value;
    }
}

int kdoc_add_page(kdoc *doc, const char *label, const char *text, size_t len)
{
    if (grow((void **)&doc->pages, doc->npages, sizeof *doc->pages) < 0)
        return -1;
    kpage *p = &doc->pages[doc->npages];
    char num[24];
    snprintf(num, sizeof num, "%zu", doc->npages + 1);
    p->label = strdup(label && *label ? label : num);
    p->text = malloc(len + 1);
    if (!p->label || !p->text) {
        free(p->label);
        free(p->text);
        return -1;
    }
    memcpy(p->text, text, len);
    p->text[len] = '\0';
    p->printed = true;
    doc->npages++;
    return 0;
}

int kdoc_add_caption(kdoc *doc, const char *caption)
{
    if (grow((void **)&doc->captions, doc->ncaptions, sizeof *doc->captions) < 0)
        return -1;
    if (!(doc->captions[doc->ncaptions] = strdup(caption)))
        return -1;
    doc->ncaptions++;
    return 0;
}

int kdoc_add_author(kdoc *doc, const char *name, const char *role, const char *email)
{
    if (grow((void **)&doc->authors, doc->nauthors, sizeof *doc->authors) < 0)
        return -1;
    kauthor *a = &doc->authors[doc->nauthors++];
    a->name = dup_or_null(name);
    a->role = dup_or_null(role);
    a->email = dup_or_null(email);
    return 0;
}

int kdoc_add_section(kdoc *doc, const char *number, const char *title, int level,
                     const char *page_first, const char *page_last, const char *text)
{
    if (grow((void **)&doc->sections, doc->nsections, sizeof *doc->sections) < 0)
        return -1;
    ksection *s = &doc->sections[doc->nsections++];
    s->number = dup_or_null(number);
    s->title = dup_or_null(title);
    s->level = level;
    s->page_first = dup_or_null(page_first);
    s->page_last = dup_or_null(page_last);
    s->text = strdup(text ? text : "");
    return s->text ? 0 : -1;
}

void kdoc_warn(kdoc *doc, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (grow((void **)&doc->warnings, doc->nwarnings, sizeof *doc->warnings) < 0)
        return;
    if ((doc->warnings[doc->nwarnings] = strdup(buf)))
        doc->nwarnings++;
}

/* n bytes of s and a NUL; s need not end in one (a word in a buffer). */
static char *dup_bytes(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

int kdoc_add_repair(kdoc *doc, const char *from, size_t n, const char *to, size_t m)
{
    if (doc->nrepaired >= KDOC_REPAIRS_MAX)
        return 0;
    for (size_t i = 0; i < doc->nrepaired; i++)
        if (strlen(doc->repaired_from[i]) == n && memcmp(doc->repaired_from[i], from, n) == 0 &&
            strlen(doc->repaired_to[i]) == m && memcmp(doc->repaired_to[i], to, m) == 0)
            return 0;
    if (grow((void **)&doc->repaired_from, doc->nrepaired, sizeof *doc->repaired_from) < 0 ||
        grow((void **)&doc->repaired_to, doc->nrepaired, sizeof *doc->repaired_to) < 0)
        return -1;
    char *f = dup_bytes(from, n), *t = dup_bytes(to, m);
    if (!f || !t) {
        free(f);
        free(t);
        return -1;
    }
    doc->repaired_from[doc->nrepaired] = f;
    doc->repaired_to[doc->nrepaired++] = t;
    return 0;
}

/* Appends a page's text without the line marks (marks.h). */
static char *put_unmarked(char *w, const char *text)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        size_t mark = kmark_len(p, len);
        memcpy(w, p + mark, len - mark);
        w += len - mark;
        p += len;
    }
    return w;
}

char *kdoc_text(const kdoc *doc)
{
    size_t total = 1;
    for (size_t i = 0; i < doc->npages; i++)
        total += strlen(doc->pages[i].text) + 3;
    char *out = malloc(total), *w = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < doc->npages; i++) {
        if (i) {
            memcpy(w, "\n\f\n", 3);
            w += 3;
        }
        w = put_unmarked(w, doc->pages[i].text);
    }
    *w = '\0';
    return out;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void kdoc_free(kdoc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->npages; i++) {
        free(doc->pages[i].label);
        free(doc->pages[i].text);
    }
    free(doc->pages);
    for (size_t i = 0; i < doc->nsections; i++) {
        free(doc->sections[i].number);
        free(doc->sections[i].title);
        free(doc->sections[i].text);
        free(doc->sections[i].page_first);
        free(doc->sections[i].page_last);
    }
    free(doc->sections);
    for (size_t i = 0; i < doc->nauthors; i++) {
        free(doc->authors[i].name);
        free(doc->authors[i].role);
        free(doc->authors[i].email);
    }
    free(doc->authors);
    free_strings(doc->captions, doc->ncaptions);
    free_strings(doc->warnings, doc->nwarnings);
    free_strings(doc->repaired_from, doc->nrepaired);
    free_strings(doc->repaired_to, doc->nrepaired);
    char **fields[] = {&doc->path, &doc->title, &doc->date, &doc->doi, &doc->url, &doc->type,
                       &doc->lang, &doc->record_id, &doc->lead, &doc->creation_date,
                       &doc->pdf_author, &doc->first_page_title};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        free(*fields[i]);
    memset(doc, 0, sizeof *doc);
}
