#include "headings.h"

#include <stdlib.h>
#include <string.h>

int headings_add(kheadings *h, const char *title, size_t tlen, int level, size_t start,
                 size_t body)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        kheading *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return -1;
        h->v = v;
        h->cap = cap;
    }
    kheading *e = &h->v[h->n];
    if (!(e->title = strndup(title, tlen)))
        return -1;
    e->level = level;
    e->start = start;
    e->body = body;
    h->n++;
    return 0;
}

static bool trimmed(const char *trim, char c)
{
    return c != '\0' && strchr(trim, c);
}

static int add_trimmed_section(kdoc *doc, const char *title, int level, const char *s, size_t n,
                               const char *trim)
{
    while (n > 0 && trimmed(trim, *s))
        s++, n--;
    while (n > 0 && trimmed(trim, s[n - 1]))
        n--;
    if (!title && n == 0)
        return 0;
    char *text = strndup(s, n);
    int rc = text ? kdoc_add_section(doc, NULL, title, level, NULL, NULL, text) : -1;
    free(text);
    return rc;
}

int headings_to_sections(const kheadings *h, kdoc *doc, const char *text, size_t len,
                         const char *trim)
{
    if (h->n == 0)
        return 0;
    if (add_trimmed_section(doc, NULL, 0, text, h->v[0].start, trim) < 0)
        return -1;
    for (size_t i = 0; i < h->n; i++) {
        size_t end = i + 1 < h->n ? h->v[i + 1].start : len;
        /* Text trimmed off the end may leave the last heading's body past it. */
        size_t body = h->v[i].body < end ? h->v[i].body : end;
        if (add_trimmed_section(doc, h->v[i].title, h->v[i].level, text + body, end - body,
                                trim) < 0)
            return -1;
    }
    return 0;
}

void headings_free(kheadings *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i].title);
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}
