/*
 * Unit tests for lib/words.c: where words start and end in Norwegian text
 * (letters with æ, ø, å, digits, not hyphens or quotes) and lower-casing
 * into a bounded buffer, and æøå folded as the document types are spelt.
 */
#include "testhelp.h"
#include "words.h"

static void check_words(const char *text, const char *expected)
{
    char got[512] = "";
    size_t pos = 0, start, end, n = strlen(text);
    while (words_next(text, n, &pos, &start, &end)) {
        if (*got)
            strcat(got, "|");
        strncat(got, text + start, end - start);
    }
    CHECK_STR(got, expected);
}

TEST(finds_norwegian_words)
{
    check_words("Årsmelding 2024: «Høringer» og LIS1-stillinger.",
                "Årsmelding|2024|Høringer|og|LIS1|stillinger");
    check_words("  ", "");
    check_words("", "");
    check_words("ÆØÅ æøå", "ÆØÅ|æøå");
    /* a byte that starts no character ends a word, and is none */
    check_words("sykehus\xff" "økonomi", "sykehus|økonomi");
}

TEST(lowers_into_a_bounded_buffer)
{
    char out[16];
    CHECK_INT((int)words_lower(out, sizeof out, "HØRINGER", strlen("HØRINGER")), 9);
    CHECK_STR(out, "høringer");
    CHECK_INT((int)words_lower(out, sizeof out, "Stortingsmeldingene", 19), 0);
    CHECK_STR(out, "");
    CHECK_INT((int)words_lower(out, 10, "ÆÆÆÆÆ", strlen("ÆÆÆÆÆ")), 0); /* 10 bytes + NUL */
    CHECK_INT((int)words_lower(out, 11, "ÆÆÆÆÆ", strlen("ÆÆÆÆÆ")), 10);
    CHECK_STR(out, "æææææ");
}

TEST(folds_nordic_letters_as_type_names_are_spelt)
{
    char out[32];
    words_fold_nordic(out, sizeof out, "høringsinnspill");
    CHECK_STR(out, "horingsinnspill");
    words_fold_nordic(out, sizeof out, "årsmelding");
    CHECK_STR(out, "arsmelding");
    words_fold_nordic(out, sizeof out, "særavtale göra älv");
    CHECK_STR(out, "saeravtale gora alv");
    words_fold_nordic(out, 8, "høringsinnspill"); /* cut short, still a string */
    CHECK_STR(out, "horin");
}

int main(void)
{
    RUN(finds_norwegian_words);
    RUN(lowers_into_a_bounded_buffer);
    RUN(folds_nordic_letters_as_type_names_are_spelt);
    return TEST_REPORT();
}
