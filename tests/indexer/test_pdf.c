/* PDF extraction, clean-up and sectioning on the corpus's real PDFs and on
 * broken ones. */
#include "stage_helpers.h"
#include "testhelp.h"

#define CONSULTATION "corpus/horingsinnspill-meld-st-19-2023-2024.pdf"
#define REPORT "corpus/arsmelding-2024.pdf"

static kpatterns *pat;

TEST(consultation_text_keeps_the_originals_damage)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(stage_extract(&doc, CONSULTATION, &err), 0);
    CHECK_INT(doc.npages, 3);
    CHECK_STR(doc.pages[0].label, "1");
    CHECK_STR(doc.creation_date, "2024-02-26");
    char *text = kdoc_text(&doc);
    /* the lost ligatures of the original survive as U+FFFD */
    CHECK_CONTAINS(text, "Stor\xEF\xBF\xBDnget");
    CHECK_CONTAINS(text, "LIS1-s\xEF\xBF\xBDllinger");
    /* and so does the line-end hyphenation */
    CHECK_CONTAINS(text, "ikke fikk \xEF\xBF\xBDlbud om LIS1-\ns\xEF\xBF\xBDlling");
    free(text);
    kdoc_free(&doc);
}

TEST(report_page_labels_are_what_the_reader_sees)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(stage_extract(&doc, REPORT, &err), 0);
    CHECK_INT(doc.npages, 83);
    CHECK_STR(doc.pages[0].label, "i");
    CHECK_STR(doc.pages[1].label, "ii");
    CHECK_STR(doc.pages[2].label, "1");
    CHECK_STR(doc.pages[46].label, "45");
    CHECK_STR(doc.title, "Årsmelding 2024");
    kdoc_free(&doc);
}

TEST(clean_removes_running_headers_footers_and_link_lists)
{
    kdoc doc;
    kunits units = {0};
    kclean_stats cs = {0};
    kerr err = {0};
    CHECK_INT(stage_all(&doc, &units, CONSULTATION, pat, &cs, &err), 0);
    char *text = kdoc_text(&doc);
    CHECK(strstr(text, "Side 1 av 3") == NULL);
    CHECK(strstr(text, "Den norske legeforening\n") == NULL);
    CHECK(strstr(text, "https://www.oecd.org/health/health-at-a-glance/") == NULL);
    CHECK_CONTAINS(text, "Legebestanden må speile befolkningen");
    CHECK_INT(cs.link_lines, 4);
    free(text);
    kunits_free(&units);
    kdoc_free(&doc);

    memset(&cs, 0, sizeof cs);
    CHECK_INT(stage_all(&doc, &units, REPORT, pat, &cs, &err), 0);
    text = kdoc_text(&doc);
    CHECK(strstr(text, "Den norske legeforening – Årsmelding 2024") == NULL);
    CHECK(cs.furniture_lines >= 2 * 83 - 2); /* a header and a page number per page */
    CHECK(cs.captions >= 20);
    free(text);
    kunits_free(&units);
    kdoc_free(&doc);
}

TEST(report_is_split_at_its_numbered_headings)
{
    kdoc doc;
    kunits units = {0};
    kclean_stats cs = {0};
    kerr err = {0};
    CHECK_INT(stage_all(&doc, &units, REPORT, pat, &cs, &err), 0);
    CHECK_STR(doc.type, "arsmelding");
    CHECK(units.n >= 130 && units.n <= 150); /* 137 today: chapters without text of their own are no units */
    const kunit *u = unit_by_key(&units, "4.2");
    CHECK(u != NULL);
    if (u) {
        CHECK_STR(u->heading, "Legeforeningens arbeid med høringer");
        CHECK_STR(u->page_first_label, "45");
        CHECK_STR(u->page_last_label, "46");
        CHECK_INT(u->npath, 2);
        CHECK_STR(u->path[0], "4 HELSEPOLITIKK");
        CHECK_STR(u->path[1], "4.2 Legeforeningens arbeid med høringer");
        CHECK_CONTAINS(u->text, "behandlet Legeforeningen totalt 92 høringer");
        CHECK(strstr(u->text, "4.3 Politisk påvirkning") == NULL);
    }
    u = unit_by_key(&units, "2.1.5");
    CHECK(u && strstr(u->heading, "IA-avtalen") == u->heading);
    CHECK(u && u->npath == 3 && strcmp(u->path[0], "2 ARBEIDSVILKÅR OG RAMMEBETINGELSER") == 0);
    /* a heading split from its number by wide spacing is still found */
    u = unit_by_key(&units, "7.4");
    CHECK(u && strcmp(u->heading, "Tidsskriftet.no") == 0);
    /* numbered goals inside 1.1 are a list, not sections */
    CHECK(unit_by_key(&units, "2.2") == NULL || strstr(unit_by_key(&units, "2.2")->heading, "Opplæring"));
    u = unit_by_key(&units, "1.1");
    CHECK(u && strstr(u->text, "1.2 Foreslå nye politiske løsninger"));
    /* the foreword before the outline is a unit of its own, on roman pages */
    CHECK_STR(units.items[0].heading, "Fra presidenten");
    CHECK_STR(units.items[0].page_first_label, "i");
    /* captions are set aside, not in the body */
    u = unit_by_key(&units, "4.4");
    for (size_t i = 0; i < units.n; i++)
        CHECK(strstr(units.items[i].text, "Foto: Legeforeningen") == NULL);
    kunits_free(&units);
    kdoc_free(&doc);
}

TEST(consultation_is_split_at_its_headings)
{
    kdoc doc;
    kunits units = {0};
    kclean_stats cs = {0};
    kerr err = {0};
    CHECK_INT(stage_all(&doc, &units, CONSULTATION, pat, &cs, &err), 0);
    CHECK_STR(doc.type, "horingsinnspill");
    CHECK_STR(doc.date, "2024-02-26");
    CHECK_INT(doc.date_source, KDATE_CREATION);
    CHECK(units.n >= 4);
    bool found = false;
    for (size_t i = 0; i < units.n; i++) {
        const kunit *u = &units.items[i];
        if (u->heading && strcmp(u->heading, "Antall LIS1-stillinger må økes") == 0) {
            found = true;
            CHECK_STR(u->page_first_label, "1");
            CHECK_CONTAINS(u->text, "609 ferdigutdannede leger som ikke fikk");
        }
        CHECK(strlen(u->text) < 6000);
    }
    CHECK(found);
    kunits_free(&units);
    kdoc_free(&doc);
}

TEST(broken_pdfs_give_their_reason)
{
    static const struct {
        const char *path;
        int code;
        const char *words;
    } cases[] = {
        {"tests/data/bad/encrypted.pdf", KERR_ENCRYPTED, "encrypted"},
        {"tests/data/bad/truncated.pdf", KERR_FORMAT, "not a readable PDF"},
        {"tests/data/bad/noise.pdf", KERR_FORMAT, "not a PDF"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kdoc doc;
        kerr err = {0};
        CHECK_INT(stage_extract(&doc, cases[i].path, &err), cases[i].code);
        CHECK_CONTAINS(err.msg, cases[i].words);
        kdoc_free(&doc);
    }
}

/* One page poppler cannot read costs that page: the report is indexed, the
 * page is named in a warning, and the printed numbers after it stay right
 * (poppler shifts the pages after a broken one, and the PDF's labels with
 * them; the numbers printed on the pages do not move). */
TEST(a_damaged_page_costs_only_itself)
{
    kdoc doc;
    kunits units = {0};
    kclean_stats cs = {0};
    kerr err = {0};
    CHECK_INT(stage_all(&doc, &units, "tests/data/bad/damaged-page.pdf", pat, &cs, &err), 0);
    CHECK_INT(doc.npages, 83);
    bool warned = false;
    for (size_t i = 0; i < doc.nwarnings; i++)
        warned |= strstr(doc.warnings[i], "cannot be read") != NULL;
    CHECK(warned);
    CHECK(units.n >= 135);
    const kunit *u = unit_by_key(&units, "4.2");
    CHECK(u && strcmp(u->page_first_label, "45") == 0 && strcmp(u->page_last_label, "46") == 0);
    CHECK(u && strstr(u->text, "behandlet Legeforeningen totalt 92 høringer"));
    kunits_free(&units);
    kdoc_free(&doc);
}

/* A margin note turned a quarter reads as one line of its own. */
TEST(text_turned_a_quarter_is_a_line_of_its_own)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(stage_extract(&doc, "tests/data/layout/rotert-marg.pdf", &err), 0);
    char *text = kdoc_text(&doc);
    CHECK_CONTAINS(text, "\nDen norske legeforening – internt notat");
    CHECK_CONTAINS(text, "uten noe spesielt.\n");
    free(text);
    kdoc_free(&doc);
}

TEST(numbers_follow_as_an_outline)
{
    CHECK_INT(split_number_follows(NULL, "1"), 1);
    CHECK_INT(split_number_follows("1", "1.1"), 1);
    CHECK_INT(split_number_follows("1.1", "1.2"), 1);
    CHECK_INT(split_number_follows("2.6.2", "2.7.1"), 1);
    CHECK_INT(split_number_follows("2.6.2", "3"), 1);
    CHECK_INT(split_number_follows("3.1.2", "3.1.4"), 2);
    CHECK_INT(split_number_follows("1.2", "1.2"), 0);
    /* a chapter's first section lost ("8.1" under a caption) is a gap, not an end */
    CHECK_INT(split_number_follows("7.5", "8.2"), 2);
    CHECK_INT(split_number_follows("1", "1.2"), 2);
    CHECK_INT(split_number_follows("1.2", "2.3"), 0);
    CHECK_INT(split_number_follows("3.1.2", "3.1.5"), 0);
    CHECK_INT(split_number_follows("1.3", "1.1"), 0);
}

int main(void)
{
    kerr err = {0};
    if (patterns_load(&pat, "schemas/patterns.conf", &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(consultation_text_keeps_the_originals_damage);
    RUN(report_page_labels_are_what_the_reader_sees);
    RUN(clean_removes_running_headers_footers_and_link_lists);
    RUN(report_is_split_at_its_numbered_headings);
    RUN(consultation_is_split_at_its_headings);
    RUN(broken_pdfs_give_their_reason);
    RUN(a_damaged_page_costs_only_itself);
    RUN(text_turned_a_quarter_is_a_line_of_its_own);
    RUN(numbers_follow_as_an_outline);
    patterns_free(pat);
    return TEST_REPORT();
}
