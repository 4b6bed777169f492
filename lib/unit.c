#include "unit.h"

#include <stdlib.h>
#include <string.h>

const char *const kunit_stances[] = {"ber", "krever", "går_imot", "støtter", "anbefaler",
                                     "mener", NULL};

bool kunit_is_stance(const char *name)
{
    for (const char *const *s = kunit_stances; name && *s; s++)
        if (strcmp(*s, name) == 0)
            return true;
    return false;
}

kunit *kunits_add(kunits *list)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        kunit *items = realloc(list->items, cap * sizeof *items);
        if (!items)
            return NULL;
        list->items = items;
        list->cap = cap;
    }
    kunit *u = &list->items[list->n++];
    memset(u, 0, sizeof *u);
    u->kind = KUNIT_KIND_SECTION;
    u->page_first = u->page_last = -1;
    return u;
}

void kunits_free(kunits *list)
{
    for (size_t i = 0; i < list->n; i++) {
        kunit *u = &list->items[i];
        for (size_t k = 0; k < u->npath; k++)
            free(u->path[k]);
        free(u->path);
        free(u->key), free(u->number), free(u->heading);
        free(u->page_first_label), free(u->page_last_label);
        free(u->text), free(u->captions), free(u->footnotes), free(u->page_at);
        kposition *ps = &u->position;
        free(ps->stance), free(ps->speaker), free(ps->addressee), free(ps->matter), free(ps->of);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}
