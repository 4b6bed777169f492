/*
 * Fuzz target: the query language (docs/QUERY.md) — searchd's lexer, its
 * rendering back to text, the word lists for boosts and snippets, the tree
 * and the Xapian query built from it, with both default operators and with
 * stop words dropped.  The input is the query's text as a client types it.
 * No index: phrase words get their forms from a stand-in, as in
 * test_querybuild.c; the protocol target runs queries over an index.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "querybuild.h"

static kx_stem *stem;
static const sdq_field_prefixes fields = {
    {{"S", "XH"}, {"XH", NULL}, {"A", NULL}, {"XT", NULL}, {"Y", NULL}}, 1};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    kx_error x;
    if (kx_stem_new(&stem, "norwegian", &x))
        abort();
    return 0;
}

/* Every word gets a second form, so the phrase code always has two. */
static void doubled_forms(void *arg, const char *word, void (*add)(const char *, void *),
                          void *add_arg)
{
    (void)arg;
    char form[64];
    size_t n = strlen(word);
    if (n + 2 < sizeof form) {
        memcpy(form, word, n);
        memcpy(form + n, "er", 3);
        add(form, add_arg);
    }
}

static int count_word(const char *word, size_t tok, bool wild, void *arg)
{
    (void)tok, (void)wild;
    *(size_t *)arg += strlen(word);
    return 0;
}

static void build(const sdq_tree *tree, int op, bool drop_stopwords)
{
    sdq_build_ctx ctx = {stem, &fields, op, drop_stopwords, 100, doubled_forms, NULL};
    kx_query *query = NULL;
    sd_error err = {0};
    if (sdq_build(&query, tree, &ctx, &err) || !query)
        return;
    char *desc = NULL;
    kx_error x;
    if (kx_query_describe(query, &desc, &x) == KX_OK)
        free(desc);
    kx_query_free(query);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sdq_lexed lx;
    static sdq_tree tree;
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    sd_error err = {0};
    if (sdq_lex(&lx, text, &err) == 0) {
        free(sdq_render(&lx, false, NULL));
        free(sdq_render(&lx, true, NULL));
        size_t chars = 0;
        sdq_words(&lx, count_word, &chars);
        sdq_text_words(&lx, count_word, &chars);
        if (sdq_tree_read(&tree, &lx, &err) == 0) {
            build(&tree, KX_OP_OR, false);
            build(&tree, KX_OP_AND, true);
            sdq_tree_clear(&tree);
        }
    }
    free(text);
    return 0;
}
