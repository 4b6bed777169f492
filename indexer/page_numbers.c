#include "page_numbers.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"

/* How far away a neighbour may stand and still vouch for a number. */
#define NEIGHBOURHOOD 3

#define NUM "(\\d{1,4}|[ivxlc]{1,7}|[IVXLC]{1,7})"
#define DASH "[-\\x{2013}\\x{2014}]"
#define OF "(?:[Aa][Vv]|[Oo][Ff]|/)"

/* Lines that are nothing but a page number, and lines that carry one at an
 * end beside other words ("Årsmelding 2024 | 12", "12 Den norske
 * legeforening"); the number is group 1, a total ("av 65") group 2. */
static const char *const strong_res[] = {
    "^\\s*(?:" DASH "\\s*)?" NUM "(?:\\s*" DASH ")?\\s*$",
    "^\\s*(?i:side|sida|page|s\\.|p\\.|pg\\.?)\\s*" NUM "(?:\\s*" OF "\\s*(\\d{1,4}))?\\s*$",
    "^\\s*(\\d{1,4})\\s*" OF "\\s*(\\d{1,4})\\s*$",
};
static const char *const weak_res[] = {
    "[\\s|\\x{2022}\\x{00B7}\\x{2013}\\x{2014}](?:(?i:side|page|s\\.)\\s*)?(\\d{1,4}|[ivxlc]{1,7})"
    "(?:\\s*" OF "\\s*(\\d{1,4}))?\\s*$",
    "^\\s*(?:(?i:side|page|s\\.)\\s*)?(\\d{1,4}|[ivxlc]{1,7})(?:\\s*" OF "\\s*(\\d{1,4}))?"
    "\\s*[|\\x{2022}\\x{00B7}\\x{2013}\\x{2014}]?\\s+\\S",
};
#define NSTRONG (sizeof strong_res / sizeof *strong_res)
#define NWEAK (sizeof weak_res / sizeof *weak_res)

static pcre2_code *strong[NSTRONG], *weak[NWEAK];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
    for (size_t i = 0; i < NSTRONG; i++)
        strong[i] = regex_compile(strong_res[i]);
    for (size_t i = 0; i < NWEAK; i++)
        weak[i] = regex_compile(weak_res[i]);
}

int page_numbers_roman(const char *s, size_t len)
{
    static const char letters[] = "ivxlc";
    static const int values[] = {1, 5, 10, 50, 100};
    int total = 0, prev = 0;
    for (size_t i = len; i-- > 0;) {
        const char *p = strchr(letters, tolower((unsigned char)s[i]));
        if (!p || !*p)
            return 0;
        int v = values[p - letters];
        total += v < prev ? -v : v;
        if (v > prev)
            prev = v;
    }
    char check[16];
    /* only the canonical spelling: "iiii" or "ic" are words, not numbers */
    static const char *const ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    static const char *const tens[] = {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"};
    if (total <= 0 || total >= 100)
        return 0;
    snprintf(check, sizeof check, "%s%s", tens[total / 10], ones[total % 10]);
    if (strlen(check) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (check[i] != tolower((unsigned char)s[i]))
            return 0;
    return total;
}

static void add(pn_page *page, const char *s, size_t len, int total, bool strong_form)
{
    pn_candidate c = {0, PN_ARABIC, strong_form};
    if (isdigit((unsigned char)s[0]))
        c.value = atoi(s);
    else {
        c.value = page_numbers_roman(s, len);
        c.style = isupper((unsigned char)s[0]) ? PN_ROMAN_UPPER : PN_ROMAN_LOWER;
    }
    if (c.value <= 0 || (total > 0 && c.value > total))
        return; /* "12/3" of a date is no page 12 of 3 */
    for (int i = 0; i < page->n; i++)
        if (page->c[i].value == c.value && page->c[i].style == c.style) {
            page->c[i].strong |= strong_form;
            return;
        }
    if (page->n < PN_PER_PAGE)
        page->c[page->n++] = c;
}

static bool match_into(pcre2_code *re, const char *line, size_t len, pn_page *page,
                       bool strong_form)
{
    pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
    bool found = md && pcre2_match(re, (PCRE2_SPTR)line, len, 0, 0, md, NULL) > 0;
    if (found) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        int total = pcre2_get_ovector_count(md) > 2 && ov[4] != PCRE2_UNSET ? atoi(line + ov[4]) : 0;
        add(page, line + ov[2], ov[3] - ov[2], total, strong_form);
    }
    pcre2_match_data_free(md);
    return found;
}

void page_numbers_parse(const char *line, pn_page *page)
{
    pthread_once(&once, compile_all);
    size_t len = strlen(line);
    for (size_t i = 0; i < NSTRONG; i++)
        if (match_into(strong[i], line, len, page, true))
            return;
    for (size_t i = 0; i < NWEAK; i++)
        match_into(weak[i], line, len, page, false);
}

/* ---- runs ------------------------------------------------------------------ */

/* Numbers of one style whose value minus the page's index is the same lie
 * in one run. */
static bool same_run(const pn_candidate *a, size_t pa, const pn_candidate *b, size_t pb)
{
    bool roman_a = a->style != PN_ARABIC, roman_b = b->style != PN_ARABIC;
    return roman_a == roman_b && (long)a->value - (long)pa == (long)b->value - (long)pb;
}

static int support(const pn_page *pages, size_t n, size_t p, const pn_candidate *c)
{
    int s = 0;
    size_t from = p > NEIGHBOURHOOD ? p - NEIGHBOURHOOD : 0;
    for (size_t q = from; q < n && q <= p + NEIGHBOURHOOD; q++)
        for (int k = 0; q != p && k < pages[q].n; k++)
            if (same_run(&pages[q].c[k], q, c, p))
                s++;
    return s;
}

typedef struct chosen {
    bool known;
    long offset;       /* value - page index */
    pn_style style;
} chosen;

/* Each page's number: the one its neighbours vouch for most; a lone number
 * only when it is all its line says ("Side 2 av 2" on a letter's page 2). */
static void choose(const pn_page *pages, size_t n, chosen *out)
{
    for (size_t p = 0; p < n; p++) {
        int best = -1, best_support = 0;
        for (int k = 0; k < pages[p].n; k++) {
            const pn_candidate *c = &pages[p].c[k];
            int s = support(pages, n, p, c);
            if (s == 0 && !c->strong)
                continue;
            if (best < 0 || s > best_support ||
                (s == best_support && c->strong && !pages[p].c[best].strong))
                best = k, best_support = s;
        }
        out[p].known = best >= 0;
        if (best >= 0) {
            out[p].offset = pages[p].c[best].value - (long)p;
            out[p].style = pages[p].c[best].style;
        }
    }
}

static bool fits(const chosen *run, size_t p)
{
    return run->offset + (long)p >= 1;
}

/* Pages without a number take their place in a run: a gap inside a run is
 * filled; a gap between two runs goes to the later one when it reaches back
 * that far (a chapter's first page often shows no number), else to the
 * earlier; pages before the first run and after the last extend them. */
static void fill(chosen *c, size_t n)
{
    size_t p = 0;
    while (p < n) {
        if (c[p].known) {
            p++;
            continue;
        }
        size_t q = p;
        while (q < n && !c[q].known)
            q++;
        const chosen *before = p > 0 ? &c[p - 1] : NULL, *after = q < n ? &c[q] : NULL;
        for (size_t k = p; k < q; k++) {
            const chosen *run = after && fits(after, k) ? after : before;
            if (run && fits(run, k))
                c[k] = (chosen){true, run->offset, run->style};
        }
        p = q;
    }
}

static char *format_label(const chosen *c, size_t p)
{
    long v = c->offset + (long)p;
    char buf[32];
    if (c->style == PN_ARABIC || v >= 100) {
        snprintf(buf, sizeof buf, "%ld", v);
        return strdup(buf);
    }
    static const char *const ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    static const char *const tens[] = {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"};
    snprintf(buf, sizeof buf, "%s%s", tens[v / 10], ones[v % 10]);
    if (c->style == PN_ROMAN_UPPER)
        for (char *s = buf; *s; s++)
            *s = (char)toupper((unsigned char)*s);
    return strdup(buf);
}

size_t page_numbers_infer(const pn_page *pages, size_t n, char **labels, bool *own)
{
    chosen *c = calloc(n ? n : 1, sizeof *c);
    size_t found = 0;
    for (size_t p = 0; p < n; p++)
        labels[p] = NULL;
    if (!c)
        return 0;
    choose(pages, n, c);
    bool any = false;
    for (size_t p = 0; p < n; p++) {
        any |= c[p].known;
        if (own)
            own[p] = c[p].known;
    }
    if (any)
        fill(c, n);
    for (size_t p = 0; p < n; p++)
        if (c[p].known && fits(&c[p], p) && (labels[p] = format_label(&c[p], p)))
            found++;
    free(c);
    return found;
}
