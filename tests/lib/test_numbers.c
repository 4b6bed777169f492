/*
 * Unit tests for lib/numbers.c: numbers in groups of three as texts write
 * them ("5 204", "5.204", "41 276 000"), read the same way by the indexer
 * (within a text) and the query side (a query's words, whole).
 */
#include "numbers.h"
#include "testhelp.h"

static void check_grouped(const char *s, size_t len, const char *digits)
{
    char out[32];
    CHECK_INT((int)knumber_grouped(s, out, sizeof out), (int)len);
    CHECK_STR(out, digits);
}

TEST(reads_groups_of_three)
{
    check_grouped("5 204 medlemmer", 5, "5204");
    check_grouped("5.204 medlemmer", 5, "5204");
    check_grouped("41 276 000 kroner", 10, "41276000");
    check_grouped("1.041.276.000", 13, "1041276000");
    /* a last group followed by a fourth digit is a new number: only the first two groups */
    check_grouped("12 345 6789", 6, "12345");
}

TEST(leaves_what_is_no_grouped_number)
{
    check_grouped("2024", 0, "");
    check_grouped("2023 2024", 0, "");     /* four digits first: two years */
    check_grouped("5 20 kroner", 0, "");   /* a group of two */
    check_grouped("5 2040", 0, "");        /* a group of four */
    check_grouped("kr 5 204", 0, "");      /* not at a digit */
    char small[4];
    CHECK_INT((int)knumber_grouped("41 276 000", small, sizeof small), 0);
}

TEST(a_query_phrase_is_a_number_only_whole)
{
    char out[32];
    CHECK(knumber_grouped_whole("41 276 000", out, sizeof out));
    CHECK_STR(out, "41276000");
    CHECK(knumber_grouped_whole("5.204", out, sizeof out));
    CHECK_STR(out, "5204");
    CHECK(!knumber_grouped_whole("5 204 medlemmer", out, sizeof out));
    CHECK_STR(out, "");
    CHECK(!knumber_grouped_whole("i 2023 2024", out, sizeof out));
}

TEST(per_cent_after_a_number)
{
    const char *text = "økte med 12 % fra 9%; % alene";
    CHECK(knumber_percent_after(text, strchr(text, '%')));
    CHECK(knumber_percent_after(text, strstr(text, "9%") + 1));
    CHECK(!knumber_percent_after(text, strstr(text, "; %") + 2));
    CHECK(!knumber_percent_after("%", "%"));
}

int main(void)
{
    RUN(reads_groups_of_three);
    RUN(leaves_what_is_no_grouped_number);
    RUN(a_query_phrase_is_a_number_only_whole);
    RUN(per_cent_after_a_number);
    return TEST_REPORT();
}
