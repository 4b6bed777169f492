/* lib/utf8.c: decoding bytes that should be UTF-8, windows-1252 and UTF-16,
 * NFC, lower-casing and counting. */
#include "testhelp.h"
#include "utf8.h"

#include <stdlib.h>

/* Decodes a literal (which may hold NUL, hence the length). */
static char *decode(const char *bytes, size_t len, size_t *bad)
{
    return utf8_decode_bytes((const unsigned char *)bytes, len, bad);
}

TEST(valid_utf8_passes_through_byte_for_byte)
{
    const char *s = "Legeforeningen støtter – «sitat» \xEF\xBF\xBD og 😀";
    size_t bad = 99;
    char *out = decode(s, strlen(s), &bad);
    CHECK_STR(out, s);
    CHECK_INT(bad, 0); /* U+FFFD already there is not an error */
    free(out);
}

TEST(a_latin1_byte_is_read_as_windows_1252)
{
    size_t bad = 0;
    char *out = decode("Legeforeningen st\xF8tter", 22, &bad);
    CHECK_STR(out, "Legeforeningen støtter");
    CHECK_INT(bad, 1);
    free(out);
    /* æøå written as windows-1252 next to each other */
    out = decode("bl\xE5" "b\xE6r og \xE6\xF8\xE5", 13, &bad);
    CHECK_STR(out, "blåbær og æøå");
    CHECK_INT(bad, 5);
    free(out);
}

TEST(the_whole_0x80_to_0x9f_range)
{
    static const char want[] = "€\xEF\xBF\xBD‚ƒ„…†‡ˆ‰Š‹Œ\xEF\xBF\xBDŽ\xEF\xBF\xBD"
                               "\xEF\xBF\xBD‘’“”•–—˜™š›œ\xEF\xBF\xBDžŸ";
    unsigned char in[32];
    for (int i = 0; i < 32; i++)
        in[i] = (unsigned char)(0x80 + i);
    size_t bad = 0;
    char *out = utf8_decode_bytes(in, 32, &bad);
    CHECK_STR(out, want);
    CHECK_INT(bad, 32);
    free(out);
    out = utf8_from_cp1252(in, 32);
    CHECK_STR(out, want);
    free(out);
}

TEST(broken_sequences_are_decoded_byte_by_byte)
{
    size_t bad = 0;
    char *out = decode("a\xC3", 2, &bad); /* cut short at the end */
    CHECK_STR(out, "aÃ");
    CHECK_INT(bad, 1);
    free(out);
    out = decode("\xC0\xAF", 2, &bad); /* overlong */
    CHECK_STR(out, "À¯");
    CHECK_INT(bad, 2);
    free(out);
    out = decode("\xED\xA0\x80", 3, &bad); /* a surrogate */
    CHECK_STR(out, "í\xC2\xA0€");
    CHECK_INT(bad, 3);
    free(out);
    out = decode("\xE2\x82", 2, &bad); /* half a euro sign */
    CHECK_STR(out, "â‚");
    CHECK_INT(bad, 2);
    free(out);
}

TEST(nul_becomes_replacement_and_counts)
{
    size_t bad = 0;
    char *out = decode("a\0b", 3, &bad);
    CHECK_STR(out, "a\xEF\xBF\xBD" "b");
    CHECK_INT(bad, 1);
    free(out);
    out = decode("", 0, NULL); /* n_invalid may be NULL */
    CHECK_STR(out, "");
    free(out);
}

TEST(cp1252_reads_every_byte)
{
    char *out = utf8_from_cp1252((const unsigned char *)"\xE6\xF8\xE5 \x80 \x96 \x81 \xC3\xA5", 12);
    CHECK_STR(out, "æøå € – \xEF\xBF\xBD Ã¥");
    free(out);
}

TEST(utf16_with_pairs_and_damage)
{
    size_t bad = 9;
    char *out = utf8_from_utf16((const unsigned char *)"h\0\xE5\0=\xD8\0\xDE", 8, 0, &bad);
    CHECK_STR(out, "hå😀");
    CHECK_INT(bad, 0);
    free(out);
    out = utf8_from_utf16((const unsigned char *)"\0h\0\xE5", 4, 1, &bad);
    CHECK_STR(out, "hå");
    free(out);
    out = utf8_from_utf16((const unsigned char *)"\x3D\xD8h\0x", 5, 0, &bad);
    CHECK_STR(out, "\xEF\xBF\xBDh\xEF\xBF\xBD"); /* a lone surrogate, an odd byte */
    CHECK_INT(bad, 2);
    free(out);
}

TEST(nfc_composes)
{
    char *out = utf8_nfc("bla\xCC\x8A" "b\xC3\xA6r A\xCC\x8A \xE2\x84\xAB");
    CHECK_STR(out, "blåbær Å Å"); /* a + ring, and the Ångström sign */
    free(out);
    out = utf8_nfc("allerede «NFC» – æøå");
    CHECK_STR(out, "allerede «NFC» – æøå");
    free(out);
    CHECK(utf8_nfc("\xFF") == NULL);
}

TEST(nfc_over_piece_boundaries)
{
    /* A combining ring right where the 4096-byte pieces meet. */
    size_t n = 10000;
    char *in = malloc(n * 3 + 1), *want = malloc(n * 3 + 1);
    size_t w = 0, e = 0;
    for (size_t i = 0; i < n; i++) {
        if (i % 1365 == 0) {
            memcpy(in + w, "a\xCC\x8A", 3), w += 3;
            memcpy(want + e, "\xC3\xA5", 2), e += 2;
        } else {
            in[w++] = (char)('a' + i % 26);
            want[e++] = (char)('a' + i % 26);
        }
    }
    in[w] = want[e] = '\0';
    char *out = utf8_nfc(in);
    CHECK(out && strcmp(out, want) == 0);
    free(out);
    free(in);
    free(want);
}

TEST(casefold_lowers_code_points)
{
    char *out = utf8_casefold("ANDREAS HASLEGAARD, ÆRE og ØL på Å");
    CHECK_STR(out, "andreas haslegaard, ære og øl på å");
    free(out);
    out = utf8_casefold("Straße");
    CHECK_STR(out, "straße"); /* lower-casing, not full folding */
    free(out);
    CHECK(utf8_casefold("\xC3") == NULL);
}

TEST(strlen_counts_code_points)
{
    CHECK_INT(utf8_strlen(""), 0);
    CHECK_INT(utf8_strlen("blåbær"), 6);
    CHECK_INT(utf8_strlen("€😀"), 2);
}

/* Every cut of a string of one- to four-byte characters, as "%.*s" makes
 * it, keeps the whole characters before the cut and nothing else. */
TEST(drop_broken_mends_every_cut)
{
    const char *whole = "aøæ€😀Comité";
    size_t len = strlen(whole);
    for (size_t cut = 0; cut <= len; cut++) {
        char buf[64];
        snprintf(buf, sizeof buf, "'%.*s'", (int)cut, whole);
        size_t kept = utf8_drop_broken(buf);
        CHECK_INT(kept, strlen(buf));
        char *nfc = utf8_nfc(buf); /* NULL unless valid UTF-8 */
        CHECK(nfc != NULL);
        free(nfc);
        size_t body = kept - 2; /* the quotes stay */
        CHECK(strncmp(buf + 1, whole, body) == 0);
        CHECK(body <= cut && cut - body < 4);
        CHECK(buf[kept - 1] == '\'');
    }
    char mixed[] = "a\xC3" "b\xE2\x82" "c\xF0\x9F\x98";
    CHECK_INT(utf8_drop_broken(mixed), 3);
    CHECK_STR(mixed, "abc");
    char valid[] = "blåbær";
    CHECK_INT(utf8_drop_broken(valid), strlen("blåbær"));
    CHECK_STR(valid, "blåbær");
}

int main(void)
{
    RUN(valid_utf8_passes_through_byte_for_byte);
    RUN(a_latin1_byte_is_read_as_windows_1252);
    RUN(the_whole_0x80_to_0x9f_range);
    RUN(broken_sequences_are_decoded_byte_by_byte);
    RUN(nul_becomes_replacement_and_counts);
    RUN(cp1252_reads_every_byte);
    RUN(utf16_with_pairs_and_damage);
    RUN(nfc_composes);
    RUN(nfc_over_piece_boundaries);
    RUN(casefold_lowers_code_points);
    RUN(strlen_counts_code_points);
    RUN(drop_broken_mends_every_cut);
    return TEST_REPORT();
}
