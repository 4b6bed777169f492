#include "metadata.h"

#include <ctype.h>
#include <strings.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "months.h"
#include "period.h"
#include "utf8.h"
#include "regex.h"


/* A date counts as the publication date only behind a label that says so. */
#define DATE_LABEL "(?:Publisert|Publisert dato|Dato|Vår dato|Oslo|Bergen|Trondheim|Tromsø)\\s*[:,]?\\s*"
#define DATE_WORDS "(\\d{1,2})\\.\\s*(\\p{L}+)\\.?\\s+(\\d{4})"
#define DATE_DIGITS "(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})"

static pcre2_code *re_labelled_words, *re_labelled_digits;
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
    re_labelled_words = regex_compile(DATE_LABEL DATE_WORDS);
    re_labelled_digits = regex_compile(DATE_LABEL DATE_DIGITS);
}

static int month_number(const char *word, size_t len)
{
    for (int m = 0; m < 12; m++) {
        size_t ml = strlen(kilde_months[m]);
        /* full name, or an abbreviation of at least three letters ("okt", "des") */
        if ((len == ml || (len >= 3 && len < ml)) && strncasecmp(word, kilde_months[m], len) == 0)
            return m + 1;
    }
    return 0;
}

static bool valid_date(int y, int m, int d)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] &&
           !(m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

static bool format_iso(char iso[11], int y, int m, int d)
{
    if (!valid_date(y, m, d))
        return false;
    snprintf(iso, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100); /* bounds checked above */
    return true;
}

/* Matches re at the first place it fits and converts groups 1–3 to a date. */
static bool match_date(pcre2_code *re, const char *text, size_t len, bool month_words,
                       char iso[11])
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    bool found = false;
    PCRE2_SIZE start = 0;
    while (!found && md && start < len &&
           pcre2_match(re, (PCRE2_SPTR)text, len, start, 0, md, NULL) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        int d = atoi(text + ov[2]);
        int y = atoi(text + ov[6]);
        int m = month_words ? month_number(text + ov[4], ov[5] - ov[4]) : atoi(text + ov[4]);
        found = format_iso(iso, y, m, d);
        start = ov[1];
    }
    pcre2_match_data_free(md);
    return found;
}

bool metadata_find_date(const char *text, size_t len, char iso[11])
{
    pthread_once(&compile_once, compile_all);
    return match_date(re_labelled_words, text, len, true, iso) ||
           match_date(re_labelled_digits, text, len, false, iso);
}

bool metadata_parse_date(const char *s, char iso[11])
{
    int y, m, d, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10)
        return format_iso(iso, y, m, d);
    if (sscanf(s, "%2d.%2d.%4d", &d, &m, &y) == 3)
        return format_iso(iso, y, m, d);
    char word[32];
    if (sscanf(s, "%2d. %31[^ .] %4d", &d, word, &y) == 3)
        return format_iso(iso, y, month_number(word, strlen(word)), d);
    return false;
}

/* Function words that differ between the two written standards. */
static const char *const nynorsk_words[] = {"ikkje", "eg", "dei", "frå", "berre", "kva",
    "korleis", "kvifor", "vert", "vart", "òg", "mykje", "heile", "noko", "nokon", "eit", "ein",
    "sjølv", "difor", "medan", "saman", "korkje", "ikkje", "desse", "vore", NULL};
static const char *const bokmal_words[] = {"ikke", "jeg", "de", "fra", "bare", "hva", "hvordan",
    "hvorfor", "blir", "ble", "også", "mye", "hele", "noe", "noen", "et", "en", "selv", "derfor",
    "mens", "sammen", "hvis", "disse", "vært", NULL};

static bool in_list(const char *const *list, const char *w)
{
    for (; *list; list++)
        if (strcmp(*list, w) == 0)
            return true;
    return false;
}

const char *metadata_detect_language(const char *text, size_t len)
{
    int nn = 0, nb = 0;
    char word[32];
    size_t i = 0;
    while (i < len) {
        while (i < len && !isalpha((unsigned char)text[i]) && (unsigned char)text[i] < 0x80)
            i++;
        size_t w = 0;
        while (i < len && (isalpha((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80)) {
            if (w < sizeof word - 1)
                word[w++] = (char)tolower((unsigned char)text[i]);
            i++;
        }
        word[w] = '\0';
        if (w == 0)
            continue;
        nn += in_list(nynorsk_words, word);
        nb += in_list(bokmal_words, word);
    }
    if (nn + nb < 5)
        return NULL;
    return nn * 2 > nb ? "nn" : "nb";
}

char *metadata_name_case(const char *upper)
{
    char *lower = utf8_casefold(upper);
    if (!lower)
        return NULL;
    /* Upper-case the first letter of each name part; ASCII and the
     * two-byte Latin-1 letters (æ ø å é …) cover Norwegian names. */
    bool start = true;
    for (unsigned char *p = (unsigned char *)lower; *p; p++) {
        if (*p == ' ' || *p == '-' || *p == '\'') {
            start = true;
            continue;
        }
        if (start) {
            if (*p < 0x80)
                *p = (unsigned char)toupper(*p);
            else if (*p == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBE && p[1] != 0xB7)
                p[1] = (unsigned char)(p[1] - 0x20);
        }
        start = false;
        if (*p >= 0xC0)
            while ((p[1] & 0xC0) == 0x80)
                p++;
    }
    return lower;
}

/* PDF producers often leave a file name or a program's name as the title. */
static bool title_is_junk(const char *t)
{
    size_t n = strlen(t);
    static const char *const suffixes[] = {".doc", ".docx", ".pdf", ".odt", ".fodt", ".rtf",
                                           ".indd", ".html", ".htm", ".txt", ".ms", NULL};
    for (const char *const *s = suffixes; *s; s++) {
        size_t sl = strlen(*s);
        if (n >= sl && strcasecmp(t + n - sl, *s) == 0)
            return true;
    }
    /* Word's "Dokument1", LibreOffice's "Uten navn 1": the name of a new file */
    static const char *const defaults[] = {"Microsoft Word", "untitled", "Dokument", "Document",
                                           "Uten navn", "Uten tittel", "Untitled", NULL};
    for (const char *const *d = defaults; *d; d++) {
        size_t dl = strlen(*d);
        if (strncasecmp(t, *d, dl) == 0 &&
            (!strcmp(*d, "Microsoft Word") || strspn(t + dl, " 0123456789") == n - dl))
            return true;
    }
    return n < 3;
}

/* The first paragraph, when it is short enough to be a heading. */
static char *title_from_text(const char *text)
{
    while (*text && isspace((unsigned char)*text))
        text++;
    const char *end = text;
    while (*end) {
        const char *nl = strchr(end, '\n');
        if (!nl) {
            end += strlen(end);
            break;
        }
        const char *next = nl + 1;
        while (*next == ' ' || *next == '\t' || *next == '\r')
            next++;
        if (*next == '\n' || *next == '\f' || *next == '\0') {
            end = nl;
            break;
        }
        end = nl + 1;
        if (end - text > 240)
            break;
    }
    size_t n = (size_t)(end - text);
    if (n == 0 || n > 240)
        return NULL;
    char *t = malloc(n + 1), *w = t;
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = text[i] == '\n' || text[i] == '\t' || text[i] == '\r' ? ' ' : text[i];
        if (!(c == ' ' && (w == t || w[-1] == ' ')))
            *w++ = c;
    }
    while (w > t && w[-1] == ' ')
        w--;
    *w = '\0';
    return t;
}

static bool all_caps_name(const char *line, size_t len)
{
    int letters = 0, words = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c >= 'a' && c <= 'z')
            return false;
        if (c == 0xC3 && i + 1 < len && line[i + 1] >= (char)0xA0)
            return false; /* lower-case æ ø å é */
        if (c == ' ')
            words++;
        else if (isalpha(c) || c >= 0x80)
            letters++;
        else if (c != '-' && c != '.' && c != '\'')
            return false;
    }
    return letters >= 4 && words >= 2 && words <= 5 && len < 60;
}

/* Tidsskriftet's by-line: "ANNE-KARIN RIME", an optional e-mail line, a role. */
static void authors_from_byline(kdoc *doc, const char *text)
{
    const char *p = text;
    for (int line = 0; *p && line < 20; line++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        if (len && all_caps_name(p, len) && strncmp(p, "AKTUELT", 7) != 0) {
            char *upper = strndup(p, len);
            char *name = metadata_name_case(upper);
            char *email = NULL, *role = NULL;
            const char *q = nl ? nl + 1 : p + len;
            for (int k = 0; k < 6 && *q && !role; k++) {
                const char *qn = strchr(q, '\n');
                size_t ql = qn ? (size_t)(qn - q) : strlen(q);
                while (ql && isspace((unsigned char)q[ql - 1]))
                    ql--;
                const char *at = memchr(q, '@', ql);
                if (at && !email) {
                    const char *s = at, *e = at;
                    while (s > q && !strchr(" [(<:", s[-1]))
                        s--;
                    while (e < q + ql && !strchr(" ])>", *e))
                        e++;
                    email = strndup(s, (size_t)(e - s));
                } else if (ql > 0 && ql < 60 && !at && !memchr(q, '.', ql))
                    role = strndup(q, ql);
                q = qn ? qn + 1 : q + ql;
            }
            kdoc_add_author(doc, name, role, email);
            free(upper), free(name), free(email), free(role);
            return;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
}

static void fill_dates(kdoc *doc, const char *text, size_t len)
{
    char iso[11];
    if (!doc->date && metadata_find_date(text, len, iso)) {
        kdoc_set(&doc->date, iso);
        doc->date_source = KDATE_TEXT;
    }
    if (!doc->date && doc->creation_date) {
        kdoc_set(&doc->date, doc->creation_date);
        doc->date_source = KDATE_CREATION;
    }
}

void metadata_fill(kdoc *doc, const kpatterns *patterns)
{
    char *text = kdoc_text(doc);
    if (!text)
        return;
    size_t len = strlen(text);
    fill_dates(doc, text, len);
    if (!doc->lang) {
        const char *lang = metadata_detect_language(text, len);
        kdoc_set(&doc->lang, lang ? lang : "nb");
    }
    if (doc->title && title_is_junk(doc->title))
        kdoc_set(&doc->title, NULL);
    if (!doc->title && doc->first_page_title)
        kdoc_set(&doc->title, doc->first_page_title);
    if (!doc->title) {
        char *t = title_from_text(text);
        kdoc_set(&doc->title, t ? t : doc->path);
        free(t);
    }
    if (!doc->type_fixed || !doc->type)
        kdoc_set(&doc->type, patterns_detect_type(patterns, text, len));
    if (doc->nauthors == 0 && strcmp(doc->type, "artikkel") == 0)
        authors_from_byline(doc, text);
    if (doc->nauthors == 0 && doc->pdf_author && *doc->pdf_author)
        kdoc_add_author(doc, doc->pdf_author, NULL, NULL);
    period_fill(doc, text);
    free(text);
}
