/* lib/buf.c: appends, the cap (failure first), cutting at a character,
 * take and reuse. */
#include "buf.h"
#include "kerr.h"
#include "testhelp.h"

#include <stdlib.h>

TEST(append_past_the_cap_fails_and_sticks)
{
    kbuf b;
    kbuf_init(&b, 8);
    CHECK_INT(kbuf_append(&b, "abcde", 5), 0);
    CHECK_INT(kbuf_append(&b, "fghi", 4), -1); /* 9 > 8: nothing of it is added */
    CHECK_INT(b.status, KERR_TOOLARGE);
    CHECK_INT(b.len, 5);
    CHECK_STR(b.data, "abcde");
    CHECK_INT(kbuf_append(&b, "f", 1), -1); /* would fit, but the failure sticks */
    CHECK_INT(kbuf_putc(&b, 'f'), -1);
    CHECK_INT(b.len, 5);
    CHECK(kbuf_take(&b) == NULL);
    CHECK_INT(b.status, KERR_TOOLARGE); /* still there to say why */
    CHECK(b.data == NULL && b.len == 0);
    kbuf_free(&b);
    CHECK_INT(b.status, 0);
}

TEST(append_up_to_the_cap_exactly)
{
    kbuf b;
    kbuf_init(&b, 6);
    CHECK_INT(kbuf_append(&b, "abc", 3), 0);
    CHECK_INT(kbuf_append(&b, "def", 3), 0);
    CHECK_INT(kbuf_append(&b, "", 0), 0); /* nothing more is not too much */
    CHECK_INT(b.status, 0);
    CHECK_INT(kbuf_putc(&b, 'g'), -1);
    CHECK_INT(b.status, KERR_TOOLARGE);
    kbuf_free(&b);

    kbuf_init(&b, 0);
    CHECK_INT(kbuf_append(&b, "", 0), 0);
    CHECK_STR(b.data, "");
    CHECK_INT(kbuf_putc(&b, 'x'), -1);
    kbuf_free(&b);
}

TEST(appends_grow_and_stay_terminated)
{
    kbuf b;
    kbuf_init(&b, KBUF_NO_CAP);
    CHECK(b.data == NULL);
    for (int i = 0; i < 10000; i++)
        kbuf_putc(&b, (char)('a' + i % 26));
    CHECK_INT(b.status, 0);
    CHECK_INT(b.len, 10000);
    CHECK_INT(strlen(b.data), 10000);
    CHECK(strncmp(b.data, "abcdefghijklmnopqrstuvwxyzabc", 29) == 0);
    CHECK_INT(kbuf_append(&b, "x\0y", 3), 0); /* bytes, NUL included */
    CHECK_INT(b.len, 10003);
    CHECK_INT(b.data[10001], 0);
    CHECK_INT(b.data[10002], 'y');
    CHECK_INT(b.data[10003], 0);
    kbuf_free(&b);
    CHECK(b.data == NULL && b.len == 0);
    kbuf_free(NULL);
}

TEST(cut_appends_whole_characters_only)
{
    kbuf b;
    kbuf_init(&b, 5);
    CHECK_INT(kbuf_append_cut(&b, "ab", 2), 2);
    CHECK_INT(kbuf_append_cut(&b, "bl\xC3\xA5", 4), 2); /* "blå" would need 4: "bl" */
    CHECK_STR(b.data, "abbl");
    CHECK_INT(b.status, 0); /* reaching the cap this way is no failure */
    CHECK_INT(kbuf_append_cut(&b, "\xC3\xA6", 2), 0); /* "æ" does not fit in 1 byte */
    CHECK_INT(kbuf_append_cut(&b, "x", 1), 1);
    CHECK_STR(b.data, "abblx");
    CHECK_INT(kbuf_append_cut(&b, "y", 1), 0);
    CHECK_INT(b.status, 0);
    char *t = kbuf_take(&b);
    CHECK_STR(t, "abblx");
    free(t);

    kbuf_init(&b, 3);
    CHECK_INT(kbuf_append_cut(&b, "\xE2\x80\xA2 x", 5), 3); /* "•" is exactly 3 bytes */
    CHECK_STR(b.data, "\xE2\x80\xA2");
    kbuf_free(&b);
}

TEST(setlen_shortens)
{
    kbuf b;
    kbuf_init(&b, 100);
    kbuf_setlen(&b, 0); /* nothing yet: nothing to do */
    CHECK(b.data == NULL);
    kbuf_append(&b, "text  ", 6);
    kbuf_setlen(&b, 4);
    CHECK_STR(b.data, "text");
    kbuf_setlen(&b, 50); /* cannot lengthen */
    CHECK_INT(b.len, 4);
    kbuf_append(&b, "!", 1);
    CHECK_STR(b.data, "text!");
    kbuf_free(&b);
}

TEST(take_hands_over_and_resets)
{
    kbuf b;
    kbuf_init(&b, 16);
    char *empty = kbuf_take(&b);
    CHECK_STR(empty, ""); /* never NULL for an empty buffer */
    free(empty);
    kbuf_append(&b, "first", 5);
    char *first = kbuf_take(&b);
    CHECK_STR(first, "first");
    CHECK(b.data == NULL && b.len == 0 && b.cap == 16);
    kbuf_append(&b, "second", 6); /* reusable, with the same cap */
    kbuf_append(&b, "-and-more", 9);
    CHECK_INT(kbuf_append(&b, "!!", 2), -1);
    CHECK_INT(b.status, KERR_TOOLARGE);
    CHECK_STR(first, "first"); /* the taken text is the caller's */
    CHECK(kbuf_take(&b) == NULL);
    free(first);
    kbuf_free(&b);
}

int main(void)
{
    RUN(append_past_the_cap_fails_and_sticks);
    RUN(append_up_to_the_cap_exactly);
    RUN(appends_grow_and_stay_terminated);
    RUN(cut_appends_whole_characters_only);
    RUN(setlen_shortens);
    RUN(take_hands_over_and_resets);
    return TEST_REPORT();
}
