/*
 * Unit tests for lib/hyphen.c: hyphenated words joined and lower-cased, as
 * the indexer adds them and the query side searches them.
 */
#include "hyphen.h"
#include "testhelp.h"

static int collect(const char *joined, void *arg)
{
    char *got = arg;
    if (*got)
        strcat(got, "|");
    strcat(got, joined);
    return 0;
}

static void check_joins(const char *text, const char *expected)
{
    char got[512] = "";
    CHECK_INT(khyphen_each_join(text, strlen(text), collect, got), 0);
    CHECK_STR(got, expected);
}

static int stop_at_first(const char *joined, void *arg)
{
    (void)joined;
    (*(int *)arg)++;
    return 7;
}

TEST(joins_letters_on_both_sides)
{
    check_joins("en ny IA-avtale i år", "iaavtale");
    check_joins("fagfelle-vurderere og Nord-Sør-dialog", "fagfellevurderere|nordsør|sørdialog");
    check_joins("ØKONOMI-STYRING", "økonomistyring");
}

TEST(leaves_digits_and_spaced_dashes)
{
    check_joins("LIS1-stillinger i 2023-2024", "");
    check_joins("covid-19", "");
    check_joins("lege - pasient", "");
    check_joins("lege--pasient", "");
    check_joins("", "");
}

TEST(the_callback_stops_the_walk)
{
    int calls = 0;
    const char *text = "IA-avtale og Nord-Sør";
    CHECK_INT(khyphen_each_join(text, strlen(text), stop_at_first, &calls), 7);
    CHECK_INT(calls, 1);
}

int main(void)
{
    RUN(joins_letters_on_both_sides);
    RUN(leaves_digits_and_spaced_dashes);
    RUN(the_callback_stops_the_walk);
    return TEST_REPORT();
}
