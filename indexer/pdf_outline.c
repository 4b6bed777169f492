#include "pdf_outline.h"

#include <stdlib.h>
#include <string.h>

static int dest_page(PopplerDocument *pdf, const PopplerDest *d)
{
    if (!d)
        return -1;
    if (d->type != POPPLER_DEST_NAMED)
        return d->page_num - 1;
    PopplerDest *named = poppler_document_find_dest(pdf, d->named_dest);
    int page = named ? named->page_num - 1 : -1;
    if (named)
        poppler_dest_free(named);
    return page;
}

void pdf_outline_add(pdf_outline *o, const char *title, int page, int level)
{
    if (!title || !*title || o->n >= PDF_OUTLINE_MAX)
        return;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 32;
        pdf_outline_entry *v = realloc(o->v, cap * sizeof *v);
        if (!v)
            return;
        o->v = v;
        o->cap = cap;
    }
    char *copy = strdup(title);
    if (copy)
        o->v[o->n++] = (pdf_outline_entry){copy, page, level};
}

static void walk(PopplerDocument *pdf, PopplerIndexIter *it, int level, pdf_outline *o)
{
    do {
        PopplerAction *a = poppler_index_iter_get_action(it);
        if (a && a->type == POPPLER_ACTION_GOTO_DEST)
            pdf_outline_add(o, a->any.title, dest_page(pdf, a->goto_dest.dest), level);
        if (a)
            poppler_action_free(a);
        PopplerIndexIter *child = level < PDF_OUTLINE_DEPTH ? poppler_index_iter_get_child(it) : NULL;
        if (child) {
            walk(pdf, child, level + 1, o);
            poppler_index_iter_free(child);
        }
    } while (o->n < PDF_OUTLINE_MAX && poppler_index_iter_next(it));
}

void pdf_outline_read(PopplerDocument *pdf, pdf_outline *out)
{
    memset(out, 0, sizeof *out);
    PopplerIndexIter *it = poppler_index_iter_new(pdf);
    if (!it)
        return;
    walk(pdf, it, 1, out);
    poppler_index_iter_free(it);
}

void pdf_outline_free(pdf_outline *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->v[i].title);
    free(o->v);
    memset(o, 0, sizeof *o);
}
