#include "closest.h"

#include <string.h>
#include <utf8proc.h>

#define CP_MAX 64

/* Code points of s into cp (at most CP_MAX); -1 when longer or not UTF-8. */
static int decode(const char *s, utf8proc_int32_t *cp)
{
    int n = 0;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
    for (utf8proc_ssize_t i = 0; i < len; n++) {
        if (n == CP_MAX)
            return -1;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, len - i, &cp[n]);
        if (k <= 0)
            return -1;
        i += k;
    }
    return n;
}

size_t sd_edit_distance(const char *a, const char *b)
{
    utf8proc_int32_t ca[CP_MAX], cb[CP_MAX];
    int na = decode(a, ca), nb = decode(b, cb);
    if (na < 0 || nb < 0)
        return (size_t)-1;
    size_t row[CP_MAX + 1];
    for (int j = 0; j <= nb; j++)
        row[j] = (size_t)j;
    for (int i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = (size_t)i;
        for (int j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (ca[i - 1] != cb[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

const char *sd_closest(const char *name, const char *const *names)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; names[i]; i++) {
        size_t d = sd_edit_distance(name, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    /* two slips at most, and never more than half the word: "x" is no "q" */
    size_t len = 0;
    for (const char *p = name; *p; p++)
        len += ((unsigned char)*p & 0xC0) != 0x80;
    return best && best_d <= 2 && best_d * 2 <= len ? best : NULL;
}
