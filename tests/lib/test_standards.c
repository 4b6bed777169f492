/*
 * Unit tests for lib/standards.c: a word's candidate forms in the other
 * written standard (bokmål ↔ nynorsk), irregular and regular.
 */
#include "standards.h"
#include "testhelp.h"

typedef struct forms {
    char text[2048];
    int stop_after; /* 0: never */
    int calls;
} forms;

static bool collect(const char *form, void *arg)
{
    forms *f = arg;
    if (*f->text)
        strcat(f->text, "|");
    strcat(f->text, form);
    return !(f->stop_after && ++f->calls >= f->stop_after);
}

static const char *irregular(const char *word)
{
    static forms f;
    memset(&f, 0, sizeof f);
    kstandard_irregular(word, collect, &f);
    return f.text;
}

/* Whether `form` is one of the word's forms one regular change away. */
static bool one_change_gives(const char *word, const char *form)
{
    forms f = {.text = "|"};
    kstandard_one_change(word, collect, &f);
    strcat(f.text, "|");
    char needle[256];
    snprintf(needle, sizeof needle, "|%s|", form);
    return strstr(f.text, needle) != NULL;
}

TEST(irregular_words_both_ways)
{
    CHECK_STR(irregular("ikke"), "ikkje");
    CHECK_STR(irregular("ikkje"), "ikke");
    CHECK_STR(irregular("korleis"), "hvordan");
    CHECK_STR(irregular("eg"), "jeg");
    CHECK_STR(irregular("gjekk"), "gikk");
    CHECK_STR(irregular("ble"), "vart|blei");
    CHECK_STR(irregular("vart"), "ble");
    CHECK_STR(irregular("sykehus"), "");
}

TEST(regular_spellings_both_ways)
{
    CHECK(one_change_gives("hele", "heile"));
    CHECK(one_change_gives("heile", "hele"));
    CHECK(!one_change_gives("heile", "heiile"));
    CHECK(one_change_gives("vanlig", "vanleg"));
    CHECK(one_change_gives("vanleg", "vanlig"));
    CHECK(one_change_gives("sykehus", "sjukehus"));
    CHECK(one_change_gives("hvit", "kvit"));
    CHECK(one_change_gives("høst", "haust"));
}

TEST(regular_endings_both_ways)
{
    CHECK(one_change_gives("pasienter", "pasientar"));
    CHECK(one_change_gives("pasientar", "pasienter"));
    CHECK(one_change_gives("ordningen", "ordninga"));
    CHECK(one_change_gives("ordninga", "ordningen"));
    CHECK(one_change_gives("vennene", "vennane"));
    CHECK(one_change_gives("tilbudene", "tilbuda"));
    CHECK(one_change_gives("jobbet", "jobba"));
    /* an ending needs three letters before it: "svar" is not "sver" */
    CHECK(!one_change_gives("svar", "sver"));
}

TEST(applies_to_words_not_codes)
{
    CHECK(kstandard_regular_applies("hele"));
    CHECK(!kstandard_regular_applies("hva"));
    CHECK(!kstandard_regular_applies("lis1"));
}

TEST(the_callback_stops_the_walk)
{
    forms f = {.stop_after = 1};
    kstandard_one_change("vanlige", collect, &f);
    CHECK_INT(f.calls, 1);
    CHECK(strchr(f.text, '|') == NULL);
    forms g = {.stop_after = 1};
    kstandard_irregular("ble", collect, &g);
    CHECK_STR(g.text, "vart");
}

int main(void)
{
    RUN(irregular_words_both_ways);
    RUN(regular_spellings_both_ways);
    RUN(regular_endings_both_ways);
    RUN(applies_to_words_not_codes);
    RUN(the_callback_stops_the_walk);
    return TEST_REPORT();
}
