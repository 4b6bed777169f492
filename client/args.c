#include "args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does arg name opt, as "--name", "--name=VALUE" or, for a short option,
 * "-nVALUE"?  Sets *inline_value to the part after the name, or NULL. */
static bool names(const char *arg, const kopt *opt, const char **inline_value)
{
    size_t n = strlen(opt->name);
    *inline_value = NULL;
    if (strncmp(arg, opt->name, n) != 0)
        return false;
    if (arg[n] == '\0')
        return true;
    bool is_short = opt->name[1] != '-';
    if (!opt->has_value || (!is_short && arg[n] != '='))
        return false;
    *inline_value = arg + n + (is_short ? 0 : 1);
    return true;
}

int args_next(int argc, char **argv, int *i, const kopt *opts, size_t nopts, bool dash_words,
              bool *after_dashes, const char **value, kerr *err)
{
    const char *arg = argv[*i];
    *value = NULL;
    if (*after_dashes) {
        *value = arg;
        return ARGS_WORD;
    }
    if (strcmp(arg, "--") == 0) {
        *after_dashes = true;
        return ARGS_WORD;
    }
    for (size_t k = 0; k < nopts; k++) {
        if (!names(arg, &opts[k], value))
            continue;
        if (opts[k].has_value && !*value) {
            if (*i + 1 >= argc) {
                kerr_set(err, KERR_INVALID, "%s needs a value", opts[k].name);
                return ARGS_ERROR;
            }
            *value = argv[++*i];
        }
        return (int)k;
    }
    bool dashed = arg[0] == '-' && arg[1] != '\0';
    if (dashed && (arg[1] == '-' || !dash_words)) {
        kerr_set(err, KERR_INVALID, "unknown option %s", arg);
        return ARGS_ERROR;
    }
    *value = arg;
    return ARGS_WORD;
}

int args_count(const char *name, const char *arg, long max, long *out, kerr *err)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*end || end == arg || n < 1 || n > max)
        return kerr_set(err, KERR_INVALID, "%s takes a number from 1 to %ld, not '%s'", name,
                        max, arg);
    *out = n;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

int args_date(const char *name, const char *arg, bool end_of_period, char out[11], kerr *err)
{
    int y = 0, m = 0, d = 0, used = 0;
    size_t len = strlen(arg);
    int fields = 0;
    if (len == 4 || len == 7 || len == 10)
        fields = sscanf(arg, "%4d%n-%2d%n-%2d%n", &y, &used, &m, &used, &d, &used);
    /* sscanf takes signs and spaces; the length and digit checks keep only YYYY[-MM[-DD]]. */
    bool digits = strspn(arg, "0123456789-") == len && arg[0] != '-';
    bool ok = digits && fields >= 1 && (size_t)used == len && (fields == 1) == (len == 4) &&
              (fields == 2) == (len == 7);
    if (ok && fields < 2)
        m = end_of_period ? 12 : 1;
    ok = ok && m >= 1 && m <= 12;
    if (ok && fields < 3)
        d = end_of_period ? days_in_month(y, m) : 1;
    ok = ok && d >= 1 && d <= days_in_month(y, m);
    if (!ok)
        return kerr_set(err, KERR_INVALID, "%s takes a date as YYYY-MM-DD (or YYYY-MM, or "
                        "YYYY), not '%s'", name, arg);
    /* The ranges are checked; the modulos tell the compiler the output fits. */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return 0;
}
