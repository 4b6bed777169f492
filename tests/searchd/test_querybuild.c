/*
 * Unit tests for searchd's query tree (querytree.c) and the Xapian query
 * built from it (querybuild.c): each part of the query language checked by
 * Xapian's own description of the query built, so precedence, signs,
 * fields, ranges, NEAR windows and phrases are seen as Xapian will match
 * them.  No index needed: phrase words get their forms from a stand-in.
 */
#include <stdlib.h>

#include "querybuild.h"
#include "testhelp.h"

static kx_stem *stem;
static const sdq_field_prefixes fields = {
    {{"S", "XH"}, {"XH", NULL}, {"A", NULL}, {"XT", NULL}, {"Y", NULL}}, 1};

/* "hele" is also "heile", as alternatives.c would say when the index holds it */
static void stand_in_forms(void *arg, const char *word, void (*add)(const char *, void *),
                           void *add_arg)
{
    (void)arg;
    if (strcmp(word, "hele") == 0)
        add("heile", add_arg);
}

/* Xapian's description of the query q builds to, or the error. */
static char *built(const char *q, int op, bool drop_stopwords)
{
    static sdq_lexed lx;
    static sdq_tree tree;
    sd_error err = {0};
    kx_error x;
    kx_query *query = NULL;
    char *desc = NULL;
    sdq_build_ctx ctx = {stem, &fields, op, drop_stopwords, 100, stand_in_forms, NULL};
    if (sdq_lex(&lx, q, &err) || sdq_tree_read(&tree, &lx, &err) ||
        sdq_build(&query, &tree, &ctx, &err))
        return strdup(err.msg);
    if (!query)
        return strdup("(nothing)");
    kx_query_describe(query, &desc, &x);
    kx_query_free(query);
    sdq_tree_clear(&tree);
    return desc;
}

static void check_built(const char *q, const char *expected)
{
    char *got = built(q, KX_OP_OR, false);
    CHECK_STR(got, expected);
    free(got);
}

TEST(words_by_their_stems_numbers_as_written)
{
    check_built("Høringer", "Query(Zhøring)");
    check_built("a b", "Query((Za OR Zb))");
    /* Xapian stems only words that start with a letter, and so does the index */
    check_built("2024 31.12.2024", "Query((2024 OR 31.12.2024))");
    /* split as the term generator splits: one word, or a phrase of them */
    check_built("5.204", "Query(5.204)");
    check_built("IA-avtale", "Query((ia PHRASE 2 avtale))");
    check_built("hør*", "Query(WILDCARD SYNONYM hør)");
    check_built("%", "(nothing)");
}

TEST(signs_and_the_default_operator)
{
    check_built("+a b -c", "Query(((Za AND_MAYBE Zb) AND_NOT Zc))");
    check_built("-c", "Query((<alldocuments> AND_NOT Zc))");
    check_built("-(a b) c", "Query((Zc AND_NOT (Za OR Zb)))");
    check_built("a OR -b", "Query((Za OR (<alldocuments> AND_NOT Zb)))");
    char *all = built("+a b -c", KX_OP_AND, false);
    CHECK_STR(all, "Query(((Za AND Zb) AND_NOT Zc))");
    free(all);
    /* stop words left out when asked, unless signed */
    char *core = built("hvor mange høringer +i", KX_OP_OR, true);
    CHECK_STR(core, "Query((Zi AND_MAYBE Zhøring))");
    free(core);
}

TEST(operators_with_xapians_precedence)
{
    check_built("a b AND c d", "Query(((Za OR Zb) AND (Zc OR Zd)))");
    check_built("a XOR b OR c", "Query(((Za XOR Zb) OR Zc))");
    check_built("(a OR b) NOT c", "Query(((Za OR Zb) AND_NOT Zc))");
    check_built("a AND NOT b", "Query((Za AND_NOT Zb))");
    check_built("a NOT b NOT c", "Query((Za AND_NOT (Zb OR Zc)))");
    check_built("NOT type:annet", "Query((<alldocuments> AND_NOT XTannet))");
    /* NEAR/n and ADJ/n: n words between at most, words as written */
    check_built("a NEAR/3 b", "Query((a NEAR 4 b))");
    check_built("a NEAR b NEAR c", "Query((a NEAR 12 b NEAR 12 c))");
    check_built("a ADJ/2 b", "Query((a PHRASE 3 b))");
    check_built("a ADJ b NEAR c", "'NEAR' at character 9 follows 'ADJ': one chain of words "
                                  "takes one operator; put the rest in brackets");
    check_built("a NEAR \"b c\"", "'NEAR' at character 3 joins single words, as in høringer "
                                  "NEAR/3 legeforeningen; what stands at character 8 is not one");
}

TEST(fields_filters_and_ranges)
{
    check_built("tittel:Medlemsmøter", "Query((ZSmedlemsmøt OR ZXHmedlemsmøt))");
    check_built("tittel:\"et godt legeliv\"",
                "Query(((Set PHRASE 3 Sgodt PHRASE 3 Slegeliv) OR "
                "(XHet PHRASE 3 XHgodt PHRASE 3 XHlegeliv)))");
    check_built("forfatter:hermansen", "Query(ZAhermans)");
    check_built("tittel:hør*", "Query((WILDCARD SYNONYM Shør OR WILDCARD SYNONYM XHhør))");
    check_built("år:2024", "Query(0 * Y2024)");
    check_built("type:artikkel type:annet", "Query(0 * (XTartikkel OR XTannet))");
    check_built("legeforeningen type:artikkel år:2024",
                "Query((Zlegeforening FILTER (XTartikkel AND Y2024)))");
    check_built("x type:artikkel år:2019..2024",
                "Query((Zx FILTER (XTartikkel AND VALUE_RANGE 1 \\xcf\\xe3 \\xcf\\xe8)))");
    check_built("år:2025..", "Query(VALUE_GE 1 \\xcf\\xe9)");
    check_built("år:..2020", "Query(VALUE_LE 1 \\xcf\\xe4)");
    check_built("x -type:artikkel", "Query((Zx AND_NOT XTartikkel))");
}

TEST(phrases_keep_order_each_word_in_its_forms)
{
    check_built("\"over hele landet\"", "Query((over PHRASE 3 (hele OR heile) PHRASE 3 landet))");
    check_built("\"a\"", "Query(a)");
}

TEST(a_words_forms_are_one_synonym)
{
    static sdq_lexed lx;
    static sdq_tree tree;
    sd_error err;
    kx_error x;
    CHECK_INT(sdq_lex(&lx, "hele landet", &err), 0);
    CHECK_INT(sdq_tree_read(&tree, &lx, &err), 0);
    sdq_node *hele = tree.root->kid;
    CHECK_INT(sdq_node_add_form(hele, SDQ_FORM_WORD, "heile"), 0);
    CHECK_INT(sdq_node_add_form(hele, SDQ_FORM_ALL, "he le"), 0);
    CHECK_INT(sdq_node_add_form(hele, SDQ_FORM_PHRASE, "hel e"), 0);
    sdq_build_ctx ctx = {stem, &fields, KX_OP_OR, false, 100, NULL, NULL};
    kx_query *q = NULL;
    char *d = NULL;
    CHECK_INT(sdq_build(&q, &tree, &ctx, &err), 0);
    kx_query_describe(q, &d, &x);
    /* the one-word forms share a posting list; the others weigh on their own */
    CHECK_STR(d, "Query((((Zhe AND Zle) OR (hel PHRASE 2 e) OR (Zhel SYNONYM Zheil)) OR Zland))");
    free(d);
    kx_query_free(q);
    sdq_tree_clear(&tree);
}

int main(int argc, char **argv)
{
    kx_error x;
    if (kx_stem_new(&stem, "norwegian", &x))
        return 1;
    for (int i = 1; i < argc; i++) { /* a query's description, for writing tests */
        char *d = built(argv[i], KX_OP_OR, false);
        printf("%s => %s\n", argv[i], d);
        free(d);
    }
    if (argc > 1)
        return 0;
    RUN(words_by_their_stems_numbers_as_written);
    RUN(signs_and_the_default_operator);
    RUN(operators_with_xapians_precedence);
    RUN(fields_filters_and_ranges);
    RUN(phrases_keep_order_each_word_in_its_forms);
    RUN(a_words_forms_are_one_synonym);
    kx_stem_free(stem);
    return TEST_REPORT();
}
