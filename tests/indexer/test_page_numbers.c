/* Printed page numbers read off headers and footers: the forms a line may
 * print, and the runs that decide which number a page carries. */
#include <stdlib.h>
#include <string.h>

#include "page_numbers.h"
#include "testhelp.h"

/* The first candidate of a line as "value style strong", or "" for none. */
static const char *parsed(const char *line)
{
    static char buf[64];
    pn_page p = {.n = 0};
    page_numbers_parse(line, &p);
    if (p.n == 0)
        return "";
    snprintf(buf, sizeof buf, "%d %s %s", p.c[0].value,
             p.c[0].style == PN_ARABIC ? "a" : p.c[0].style == PN_ROMAN_LOWER ? "i" : "I",
             p.c[0].strong ? "strong" : "weak");
    return buf;
}

TEST(the_forms_a_page_number_takes)
{
    CHECK_STR(parsed("12"), "12 a strong");
    CHECK_STR(parsed("  - 40 -  "), "40 a strong");
    CHECK_STR(parsed("\xE2\x80\x93 7 \xE2\x80\x93"), "7 a strong"); /* – 7 – */
    CHECK_STR(parsed("Side 4 av 7"), "4 a strong");
    CHECK_STR(parsed("side 4"), "4 a strong");
    CHECK_STR(parsed("Page 9 of 12"), "9 a strong");
    CHECK_STR(parsed("40 av 65"), "40 a strong");
    CHECK_STR(parsed("3/5"), "3 a strong");
    CHECK_STR(parsed("xiv"), "14 i strong");
    CHECK_STR(parsed("IV"), "4 I strong");
    CHECK_STR(parsed("Den norske legeforening \xE2\x80\x93 \xC3\x85rsmelding 2024 | 12"),
              "12 a weak");
    CHECK_STR(parsed("12 Den norske legeforening"), "12 a weak");
    CHECK_STR(parsed("file:///tmp/rapport.html 3/5"), "3 a weak");
    /* not page numbers */
    CHECK_STR(parsed("Den norske legeforening"), "");
    CHECK_STR(parsed("12/3/26, 6:41 PM"), "");
    CHECK_STR(parsed("7 av 3"), ""); /* no page 7 of 3 */
    CHECK_STR(parsed("iiii"), "");
    CHECK_STR(parsed("I dag"), "");
}

TEST(roman_numerals_are_spelt_canonically)
{
    CHECK_INT(page_numbers_roman("i", 1), 1);
    CHECK_INT(page_numbers_roman("xlii", 4), 42);
    CHECK_INT(page_numbers_roman("XIX", 3), 19);
    CHECK_INT(page_numbers_roman("ic", 2), 0);
    CHECK_INT(page_numbers_roman("vv", 2), 0);
    CHECK_INT(page_numbers_roman("civil", 5), 0);
}

/* Runs the inference over one footer line per page ("" for none) and
 * returns the labels joined by spaces, "-" for a page without one. */
static const char *inferred(const char *const *footers, size_t n)
{
    static char out[512];
    pn_page *pages = calloc(n, sizeof *pages);
    char **labels = calloc(n, sizeof *labels);
    for (size_t i = 0; i < n; i++)
        page_numbers_parse(footers[i], &pages[i]);
    page_numbers_infer(pages, n, labels, NULL);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(out, i ? " " : "");
        strcat(out, labels[i] ? labels[i] : "-");
        free(labels[i]);
    }
    free(labels);
    free(pages);
    return out;
}

#define INFER(...) inferred((const char *const[]){__VA_ARGS__}, \
                            sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))

TEST(numbers_count_when_their_neighbours_agree)
{
    /* a foreword in roman numerals, then the report from 1 */
    CHECK_STR(INFER("i", "ii", "1", "2", "3"), "i ii 1 2 3");
    /* a chapter's first page prints no number: it takes its place */
    CHECK_STR(INFER("1", "2", "", "4", "5"), "1 2 3 4 5");
    /* a cover without a number before page 2 */
    CHECK_STR(INFER("", "2", "3", "4"), "1 2 3 4");
    /* numbering that starts at 40 */
    CHECK_STR(INFER("40 av 65", "41 av 65", "42 av 65"), "40 41 42");
    /* a header's year is on every page but runs nowhere */
    CHECK_STR(INFER("\xC3\x85rsmelding 2024", "\xC3\x85rsmelding 2024", "\xC3\x85rsmelding 2024"),
              "- - -");
    /* a letter that numbers its second page only */
    CHECK_STR(INFER("", "Side 2 av 2"), "1 2");
    /* the year beside the number: the number runs, the year does not */
    CHECK_STR(INFER("2024 | 7", "2024 | 8", "2024 | 9"), "7 8 9");
    /* front matter without numbers before a run from 1: nothing to claim */
    CHECK_STR(INFER("", "", "1", "2"), "- - 1 2");
    /* nothing printed at all */
    CHECK_STR(INFER("", "", ""), "- - -");
}

int main(void)
{
    RUN(the_forms_a_page_number_takes);
    RUN(roman_numerals_are_spelt_canonically);
    RUN(numbers_count_when_their_neighbours_agree);
    return TEST_REPORT();
}
