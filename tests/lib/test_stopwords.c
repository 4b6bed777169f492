/*
 * Unit tests for lib/stopwords.c: the one list of Norwegian function
 * words, both standards, looked up by binary search (so it must be sorted).
 */
#include "stopwords.h"
#include "testhelp.h"

TEST(function_words_of_both_standards)
{
    const char *const words[] = {"i", "og", "hvor", "kva", "ikkje", "ikke", "være", "å", "bør"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        CHECK(kstopword_is(words[i]));
}

TEST(content_words_are_none)
{
    CHECK(!kstopword_is("høringer"));
    CHECK(!kstopword_is("sykehus"));
    CHECK(!kstopword_is(""));
    CHECK(!kstopword_is("Og")); /* lower-cased words only */
}

int main(void)
{
    RUN(function_words_of_both_standards);
    RUN(content_words_are_none);
    return TEST_REPORT();
}
