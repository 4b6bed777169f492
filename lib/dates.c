#include "dates.h"

#include <stdio.h>
#include <string.h>

#include "months.h"

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Up to `max` digits at s + *i as a number; false when there are none. */
static bool read_digits(const char *s, size_t *i, size_t max, int *value, size_t *count)
{
    size_t start = *i;
    *value = 0;
    while (digit(s[*i]) && *i - start < max)
        *value = *value * 10 + (s[(*i)++] - '0');
    *count = *i - start;
    return *count > 0;
}

size_t kdate_figures(const char *s, kdate *out)
{
    size_t i = 0, n;
    int day, month, year;
    if (!read_digits(s, &i, 2, &day, &n) || s[i] != '.' || !digit(s[i + 1]))
        return 0;
    i++;
    if (!read_digits(s, &i, 2, &month, &n) || digit(s[i]) || day < 1 || day > 31 ||
        month < 1 || month > 12)
        return 0;
    out->day = day;
    out->month = month;
    out->year = 0;
    if (s[i] != '.' || !digit(s[i + 1]))
        return i;
    size_t at = i + 1;
    i = at;
    if (!read_digits(s, &i, 4, &year, &n) || digit(s[i]) || (n != 2 && n != 4))
        return 0;
    out->year = n == 2 ? 2000 + year : year;
    return i;
}

const char *kdate_month_name(int month)
{
    return month >= 1 && month <= 12 ? kilde_months[month - 1] : NULL;
}

bool kdate_in_words(const kdate *d, char *out, size_t cap)
{
    const char *name = kdate_month_name(d->month);
    return name && (size_t)snprintf(out, cap, "%d %s", d->day, name) < cap;
}

bool kdate_year_edge(const char *phrase, char *out, size_t cap)
{
    static const char *const edges[][2] = {
        {"utgangen av ", "31.12."}, {"slutten av ", "31.12."}, {"utløpet av ", "31.12."},
        {"starten av ", "1.1."}, {"begynnelsen av ", "1.1."}, {"inngangen til ", "1.1."},
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        size_t n = strlen(edges[i][0]);
        const char *year = phrase + n;
        if (strncmp(phrase, edges[i][0], n) == 0 && strspn(year, "0123456789") == 4 &&
            year[4] == '\0')
            return (size_t)snprintf(out, cap, "%s%s", edges[i][1], year) < cap;
    }
    return false;
}
