#include "numbers.h"

#include <string.h>

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

size_t knumber_grouped(const char *s, char *out, size_t cap)
{
    size_t i = 0, o = 0, groups = 0;
    if (cap < 4)
        return 0;
    while (digit(s[i]) && i < 3)
        out[o++] = s[i++];
    if (i == 0 || digit(s[i])) {
        out[0] = '\0';
        return 0;
    }
    while ((s[i] == ' ' || s[i] == '.') && digit(s[i + 1]) && digit(s[i + 2]) &&
           digit(s[i + 3]) && !digit(s[i + 4])) {
        if (o + 4 > cap) {
            out[0] = '\0';
            return 0;
        }
        memcpy(out + o, s + i + 1, 3);
        o += 3;
        i += 4;
        groups++;
    }
    out[groups ? o : 0] = '\0';
    return groups ? i : 0;
}

bool knumber_grouped_whole(const char *s, char *out, size_t cap)
{
    size_t len = knumber_grouped(s, out, cap);
    if (len && s[len] == '\0')
        return true;
    if (cap)
        out[0] = '\0';
    return false;
}

bool knumber_percent_after(const char *text, const char *pct)
{
    const char *q = pct;
    while (q > text && q[-1] == ' ')
        q--;
    return q > text && digit(q[-1]);
}
