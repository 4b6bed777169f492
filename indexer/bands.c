#include "bands.h"

#include <glib.h>

_Static_assert(sizeof(gsize) >= sizeof(uint64_t), "a band and a holder fit in a pointer");

struct kbands {
    GHashTable *single; /* band → its one holder */
    GHashTable *shared; /* band → GArray of its holders (two or more) */
};

#define KEY(band) GSIZE_TO_POINTER((gsize)(band))

static void free_array(gpointer a)
{
    g_array_free(a, TRUE);
}

kbands *bands_new(void)
{
    kbands *b = g_new0(kbands, 1);
    b->single = g_hash_table_new(g_direct_hash, g_direct_equal);
    b->shared = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free_array);
    return b;
}

void bands_free(kbands *b)
{
    if (!b)
        return;
    g_hash_table_destroy(b->single);
    g_hash_table_destroy(b->shared);
    g_free(b);
}

static GArray *holders_array(uint64_t first)
{
    GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(uint64_t), 2);
    g_array_append_val(a, first);
    return a;
}

void bands_hold(kbands *b, uint64_t band, uint64_t doc)
{
    GArray *many = g_hash_table_lookup(b->shared, KEY(band));
    gpointer one;
    if (many) {
        for (guint i = 0; i < many->len; i++)
            if (g_array_index(many, uint64_t, i) == doc)
                return;
        g_array_append_val(many, doc);
    } else if (g_hash_table_lookup_extended(b->single, KEY(band), NULL, &one)) {
        if ((uint64_t)GPOINTER_TO_SIZE(one) == doc)
            return;
        many = holders_array((uint64_t)GPOINTER_TO_SIZE(one));
        g_array_append_val(many, doc);
        g_hash_table_remove(b->single, KEY(band));
        g_hash_table_insert(b->shared, KEY(band), many);
    } else {
        g_hash_table_insert(b->single, KEY(band), GSIZE_TO_POINTER((gsize)doc));
    }
}

void bands_release(kbands *b, uint64_t band, uint64_t doc)
{
    GArray *many = g_hash_table_lookup(b->shared, KEY(band));
    gpointer one;
    if (!many) {
        if (g_hash_table_lookup_extended(b->single, KEY(band), NULL, &one) &&
            (uint64_t)GPOINTER_TO_SIZE(one) == doc)
            g_hash_table_remove(b->single, KEY(band));
        return;
    }
    for (guint i = 0; i < many->len; i++)
        if (g_array_index(many, uint64_t, i) == doc) {
            g_array_remove_index(many, i);
            break;
        }
    if (many->len == 1) {
        uint64_t last = g_array_index(many, uint64_t, 0);
        g_hash_table_remove(b->shared, KEY(band));
        g_hash_table_insert(b->single, KEY(band), GSIZE_TO_POINTER((gsize)last));
    }
}

size_t bands_holders(const kbands *b, uint64_t band, uint64_t *out, size_t cap)
{
    GArray *many = g_hash_table_lookup(b->shared, KEY(band));
    gpointer one;
    if (many) {
        for (guint i = 0; i < many->len && i < cap; i++)
            out[i] = g_array_index(many, uint64_t, i);
        return many->len;
    }
    if (!g_hash_table_lookup_extended(b->single, KEY(band), NULL, &one))
        return 0;
    if (cap)
        out[0] = (uint64_t)GPOINTER_TO_SIZE(one);
    return 1;
}
