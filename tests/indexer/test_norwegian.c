/*
 * Unit tests for indexer/norwegian.c: the terms added beside Xapian's own
 * for numbers, per cent, dates, hyphenated words and compounds, on
 * sentences from the corpus, with the real Norwegian lexicon.
 */
#include <stdio.h>
#include <stdlib.h>

#include "norwegian.h"
#include "testhelp.h"

static kx_stem *stem;
static knorwegian *nw;

static int collect(const char *term, unsigned wdf, void *arg)
{
    char *all = arg;
    char line[300];
    snprintf(line, sizeof line, "%s:%u ", term, wdf);
    if (strlen(all) + strlen(line) < 4000)
        strcat(all, line);
    return 0;
}

/* The extra terms of text, as "term:wdf " in Xapian's (sorted) order. */
static char *terms(const char *text, const char *prefix)
{
    static char all[4096];
    kx_doc *doc = NULL;
    kx_error x;
    kerr err;
    all[0] = '\0';
    kx_doc_new(&doc, &x);
    CHECK_INT(norwegian_add_terms(nw, doc, text, 2, prefix, &err), 0);
    kx_doc_terms(doc, collect, all, &x);
    kx_doc_free(doc);
    return all;
}

TEST(numbers_as_journalists_type_them)
{
    CHECK_STR(terms("Ett år senere er tallet 5 204.", ""), "5204:2 ");
    CHECK_STR(terms("hadde vi 41 276 medlemmer", ""), "41276:2 ");
    CHECK_STR(terms("budsjett på 41 276 000 kroner", ""), "41276000:2 ");
    CHECK_STR(terms("totalt 1.234.567 kroner", ""), "1234567:2 ");
    /* not thousands: a decimal, a year and a count, a page range */
    CHECK_STR(terms("43,7 prosent; i 2024 300 leger; side 12 og 1234", ""), "");
    CHECK_STR(terms("43,7 % av legene", ""), "Zprosent:2 prosent:2 ");
}

TEST(dates_in_figures_give_year_and_month)
{
    CHECK_STR(terms("Per 31.12.2024 hadde", ""), "2024:2 Zdesemb:2 desember:2 ");
    CHECK_STR(terms("møtet 1.2.24", ""), "2024:2 Zfebru:2 februar:2 ");
    CHECK_STR(terms("versjon 3.14.15 og 31.13.2024", ""), "");
}

TEST(hyphenated_words_also_joined)
{
    char *t = terms("antall fagfelle-vurderere i 2024", "");
    CHECK_CONTAINS(t, "fagfellevurderere:2");
    /* codes and numbers are no words to join */
    CHECK(strstr(terms("LIS1-stillinger og 2023-2024", ""), "lis1stillinger") == NULL);
}

TEST(compound_parts_with_their_stems)
{
    char *t = terms("bedre sykehusøkonomi", "");
    CHECK_CONTAINS(t, "sykehus:2");
    CHECK_CONTAINS(t, "økonomi:2");
    CHECK_CONTAINS(t, "Zøkonomi:2");
    /* a field's prefix goes before the word and after Z */
    t = terms("Sykehusøkonomi", "XH");
    CHECK_CONTAINS(t, "XHøkonomi:2");
    CHECK_CONTAINS(t, "ZXHøkonomi:2");
    /* simple words are left alone */
    CHECK_STR(terms("ansatte betale", ""), "");
}

int main(void)
{
    kx_error x;
    if (kx_stem_new(&stem, "norwegian", &x) != KX_OK)
        return 1;
    nw = norwegian_new(klexicon_norwegian(), stem);
    RUN(numbers_as_journalists_type_them);
    RUN(dates_in_figures_give_year_and_month);
    RUN(hyphenated_words_also_joined);
    RUN(compound_parts_with_their_stems);
    norwegian_free(nw);
    kx_stem_free(stem);
    return TEST_REPORT();
}
