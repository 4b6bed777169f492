#include "hyphen.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "words.h"

/* Letters only: digits and combining marks are word characters too. */
static bool letters(const char *s, size_t n)
{
    size_t step;
    for (size_t i = 0; i < n; i += step) {
        int32_t cp = words_next_cp(s + i, n - i, &step);
        if (!words_is_word_cp(cp) || (cp >= '0' && cp <= '9'))
            return false;
    }
    return n > 0;
}

int khyphen_each_join(const char *text, size_t n, int (*fn)(const char *joined, void *arg),
                      void *arg)
{
    size_t pos = 0, a0, a1, b0, b1;
    if (!words_next(text, n, &pos, &a0, &a1))
        return 0;
    for (; words_next(text, n, &pos, &b0, &b1); a0 = b0, a1 = b1) {
        char joined[KHYPHEN_WORD_MAX], low[KHYPHEN_WORD_MAX];
        size_t alen = a1 - a0, blen = b1 - b0;
        if (b0 != a1 + 1 || text[a1] != '-' || alen + blen >= sizeof joined / 2 ||
            !letters(text + a0, alen) || !letters(text + b0, blen))
            continue;
        memcpy(joined, text + a0, alen);
        memcpy(joined + alen, text + b0, blen);
        if (!words_lower(low, sizeof low, joined, alen + blen))
            continue;
        int rc = fn(low, arg);
        if (rc)
            return rc;
    }
    return 0;
}
