#include "words.h"

#include <string.h>
#include <utf8proc.h>

int32_t words_next_cp(const char *s, size_t n, size_t *step)
{
    if ((unsigned char)s[0] < 0x80) { /* most of Norwegian text */
        *step = 1;
        return (unsigned char)s[0];
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    *step = k > 0 ? (size_t)k : 1;
    return k > 0 ? cp : -1;
}

bool words_is_word_cp(int32_t cp)
{
    if (cp < 0)
        return false;
    if (cp < 0x80) /* the common case, without a table lookup */
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

bool words_next(const char *s, size_t n, size_t *pos, size_t *start, size_t *end)
{
    size_t i = *pos, step;
    while (i < n && !words_is_word_cp(words_next_cp(s + i, n - i, &step)))
        i += step;
    *start = i;
    while (i < n && words_is_word_cp(words_next_cp(s + i, n - i, &step)))
        i += step;
    *end = *pos = i;
    return i > *start;
}

size_t words_lower(char *out, size_t cap, const char *s, size_t n)
{
    size_t o = 0, step;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < n; i += step) {
        int32_t cp = words_next_cp(s + i, n - i, &step);
        if (cp < 0x80 && cp >= 0 && o + 2 <= cap) {
            out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
            continue;
        }
        if (cp < 0)
            cp = 0xFFFD;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        if (o + (size_t)k + 1 > cap) {
            out[0] = '\0';
            return 0;
        }
        memcpy(out + o, enc, (size_t)k);
        o += (size_t)k;
    }
    out[o] = '\0';
    return o;
}

void words_fold_nordic(char *out, size_t cap, const char *lower)
{
    static const struct {
        const char *from, *to;
    } map[] = {{"\xc3\xb8", "o"}, {"\xc3\xa5", "a"}, {"\xc3\xa6", "ae"}, {"\xc3\xb6", "o"},
               {"\xc3\xa4", "a"}};
    size_t o = 0;
    if (cap == 0)
        return;
    while (*lower && o + 3 < cap) {
        size_t i = 0;
        while (i < sizeof map / sizeof map[0] && strncmp(lower, map[i].from, 2) != 0)
            i++;
        if (i < sizeof map / sizeof map[0]) {
            for (const char *t = map[i].to; *t; t++)
                out[o++] = *t;
            lower += 2;
        } else {
            out[o++] = *lower++;
        }
    }
    out[o] = '\0';
}
