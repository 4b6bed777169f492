/*
 * Unit tests for searchd/alternatives.c: what a plain query's words are
 * also searched as — synonyms from a synonyms file, numbers and dates as
 * texts write them, the other written standard's form when the index holds
 * it, and the parts of compounds — on a small index of corpus sentences.
 */
#include <stdlib.h>

#include "alternatives.h"
#include "testhelp.h"
#include "tmpdir.h"

static kx_db *db;
static kx_stem *stem;
static ksynonyms *synonyms;

/* The query as the parser will read it, alternatives in place. */
static char *rendered(const char *q, sd_marks *marks)
{
    static sdq_lexed lx;
    static sdq_tree tree;
    sd_error err;
    if (sdq_lex(&lx, q, &err) || sdq_tree_read(&tree, &lx, &err))
        return strdup(err.msg);
    sd_alt_ctx ctx = {db, stem, synonyms, klexicon_norwegian()};
    char *out = sd_alternatives(&ctx, &tree, marks) ? strdup("out of memory")
                                                    : sd_alternatives_rendered(&tree);
    sdq_tree_clear(&tree);
    return out;
}

static void check_rendered(const char *q, const char *expected)
{
    char *got = rendered(q, NULL);
    CHECK_STR(got, expected);
    free(got);
}

TEST(synonyms_both_ways_longest_first)
{
    check_rendered("Nmf medlemmer", "(nmf OR \"norsk medisinstudentforening\") medlemmer");
    check_rendered("norsk medisinstudentforening i 2024",
                   "(\"norsk medisinstudentforening\" OR nmf) i 2024");
    /* operators: the query is left as typed */
    check_rendered("Nmf OR Ylf", "nmf OR ylf");
    check_rendered("-Nmf medlemmer", "-nmf medlemmer");
}

TEST(numbers_and_dates_as_texts_write_them)
{
    check_rendered("medlemmer 5 204", "medlemmer (\"5 204\" OR 5204)");
    check_rendered("medlemmer 5.204", "medlemmer (5.204 OR 5204)");
    check_rendered("møte 23.04.2024", "møte (23.04.2024 OR \"23 april\")");
    check_rendered("i 2023 2024", "i 2023 2024");
    /* three groups, as the indexer joins them (lib/numbers.h) */
    check_rendered("41 276 000 kroner", "(\"41 276 000\" OR 41276000) kroner");
    check_rendered("1 041 276 000", "(\"1 041 276 000\" OR 1041276000)");
    check_rendered("medlemmer ved utgangen av 2024",
                   "medlemmer ved (\"utgangen av 2024\" OR 31.12.2024)");
    check_rendered("starten av 2025", "(\"starten av 2025\" OR 1.1.2025)");
}

TEST(the_other_written_standard_when_the_index_has_it)
{
    /* the index holds "heile" and "utdanningar" (seed 002's nynorsk title) */
    check_rendered("hele landet", "(hele OR heile) landet");
    check_rendered("heile landet", "(heile OR hele) landet");
    /* no form the index lacks */
    check_rendered("leder", "leder");
    /* two changes away, and the irregular pairs */
    check_rendered("sjukefråvær", "(sjukefråvær OR sykefravær OR (sjuke AND fråvær))");
    check_rendered("tal tilsette", "(tal OR antall) (tilsette OR ansatte)");
    /* endings: plurals and definite forms */
    check_rendered("pasientar", "(pasientar OR pasienter)");
    check_rendered("ordninga", "(ordninga OR ordningen)");
    check_rendered("gjekk", "(gjekk OR gikk)");
}

TEST(compounds_also_as_all_their_parts)
{
    sd_marks marks = {.n = 0};
    char *got = rendered("sykehusøkonomi", &marks);
    CHECK_STR(got, "(sykehusøkonomi OR (sykehus AND økonomi))");
    free(got);
    CHECK_INT((int)marks.n, 2);
    check_rendered("ansatte", "ansatte");
    /* a hyphenated word also joined, as the indexer joins it */
    check_rendered("IA-avtale", "(ia-avtale OR iaavtale)");
    check_rendered("LIS1-stillinger 2023-2024", "lis1-stillinger 2023-2024");
    check_rendered("Nord-Sør-dialog", "(nord-sør-dialog OR nordsør OR sørdialog)");
}

static void add_text(kx_termgen *tg, const char *text)
{
    kx_doc *doc = NULL;
    kx_error x;
    kx_doc_new(&doc, &x);
    kx_termgen_set_document(tg, doc);
    kx_termgen_index_text(tg, text, strlen(text), 1, "", &x);
    kx_db_add_document(db, NULL, doc, &x);
    kx_doc_free(doc);
}

int main(void)
{
    kx_error x;
    kerr err;
    kx_termgen *tg = NULL;
    if (tmpdir_make("/tmp/kilde-alt.XXXXXX") < 0 || kx_stem_new(&stem, "norwegian", &x) ||
        kx_db_open(&db, at("db"), KX_DB_CREATE_OR_OPEN, &x) || kx_termgen_new(&tg, stem, &x))
        return 1;
    add_text(tg, "Profesjonsnære utdanningar over heile landet");
    add_text(tg, "Legeforeningen mener at hele landet trenger leger; ny leder valgt");
    add_text(tg, "Sykefravær i sekretariatet; antall ansatte var 170");
    add_text(tg, "Pasienter gikk ut av ordningen");
    kx_db_commit(db, &x);
    kx_termgen_free(tg);
    if (ksynonyms_parse(&synonyms, "Nmf = Norsk medisinstudentforening\nYlf = Yngre legers forening\n",
                        "test", &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(synonyms_both_ways_longest_first);
    RUN(numbers_and_dates_as_texts_write_them);
    RUN(the_other_written_standard_when_the_index_has_it);
    RUN(compounds_also_as_all_their_parts);
    ksynonyms_free(synonyms);
    kx_db_close(db);
    kx_stem_free(stem);
    tmpdir_remove();
    return TEST_REPORT();
}
