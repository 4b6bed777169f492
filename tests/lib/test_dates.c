/*
 * Unit tests for lib/dates.c: dates in figures as texts and queries write
 * them, in words ("23 april"), and the year's edges ("utgangen av 2024").
 */
#include "dates.h"
#include "testhelp.h"

static void check_date(const char *s, size_t len, int day, int month, int year)
{
    kdate d = {0, 0, 0};
    CHECK_INT((int)kdate_figures(s, &d), (int)len);
    if (len) {
        CHECK_INT(d.day, day);
        CHECK_INT(d.month, month);
        CHECK_INT(d.year, year);
    }
}

TEST(reads_dates_in_figures)
{
    check_date("31.12.2024 hadde", 10, 31, 12, 2024);
    check_date("1.2.24", 6, 1, 2, 2024);
    check_date("23.04", 5, 23, 4, 0);
    check_date("23.04. var", 5, 23, 4, 0); /* the stop after the month is no year */
}

TEST(leaves_what_is_no_date)
{
    check_date("32.01.2024", 0, 0, 0, 0);
    check_date("12.13.2024", 0, 0, 0, 0);
    check_date("1.2.3", 0, 0, 0, 0);
    check_date("12.345", 0, 0, 0, 0);
    check_date("1.2.20245", 0, 0, 0, 0);
    check_date("april", 0, 0, 0, 0);
}

TEST(writes_dates_in_words)
{
    char out[32];
    kdate d = {23, 4, 2024};
    CHECK(kdate_in_words(&d, out, sizeof out));
    CHECK_STR(out, "23 april");
    CHECK_STR(kdate_month_name(12), "desember");
    CHECK(kdate_month_name(0) == NULL);
    CHECK(kdate_month_name(13) == NULL);
    d.month = 13;
    CHECK(!kdate_in_words(&d, out, sizeof out));
    d.month = 9;
    CHECK(!kdate_in_words(&d, out, 6)); /* "23 september" does not fit */
}

TEST(the_edges_of_a_year)
{
    char out[32];
    CHECK(kdate_year_edge("utgangen av 2024", out, sizeof out));
    CHECK_STR(out, "31.12.2024");
    CHECK(kdate_year_edge("starten av 2025", out, sizeof out));
    CHECK_STR(out, "1.1.2025");
    CHECK(!kdate_year_edge("utgangen av 202", out, sizeof out));
    CHECK(!kdate_year_edge("utgangen av 2024 og", out, sizeof out));
    CHECK(!kdate_year_edge("midten av 2024", out, sizeof out));
}

int main(void)
{
    RUN(reads_dates_in_figures);
    RUN(leaves_what_is_no_date);
    RUN(writes_dates_in_words);
    RUN(the_edges_of_a_year);
    return TEST_REPORT();
}
