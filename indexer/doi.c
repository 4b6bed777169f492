#include "doi.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "months.h"
#include "regex.h"

/* A citation line stands among the first or last lines of a page. */
#define EDGE_LINES 8
/* Longer than this and a line is running text, not a citation line. */
#define LINE_MAX_BYTES 240
#define DOI_MAX 256

#define DOI_BODY "(10\\.\\d{4,9}/[^\\s\"<>]+)"
#define DOI_LABEL "(?:\\bdoi\\s*:?\\s*|\\binfo:doi/|https?://(?:dx\\.)?doi\\.org/)"

static pcre2_code *re_labelled, *re_list, *re_reference, *re_xmp_element, *re_xmp_attr,
    *re_dc_identifier, *re_bare;
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
    re_labelled = regex_compile("(?i)" DOI_LABEL DOI_BODY);
    /* "1. …", "[2] …", "(3) …", "4Noe …" (a footnote), "• …", "- …" */
    re_list = regex_compile("^\\s*(?:\\[\\d+\\]|\\(\\d+\\)|\\d{1,3}(?:[.)]\\s*|\\s+|(?=\\p{Lu}))|[-–•*·▪]\\s)");
    /* "Rime AK." "Smith J, " "et al": authors, so a reference to a work */
    re_reference = regex_compile("\\b\\p{Lu}[\\p{Ll}'’-]+,?\\s\\p{Lu}{1,3}[,.]|\\bet al\\b");
    re_xmp_element = regex_compile("(?i)<(?:prism|pdfx|crossmark):doi\\b[^>]*>\\s*([^<]+?)\\s*<");
    re_xmp_attr = regex_compile("(?i)\\b(?:prism|pdfx|crossmark):doi\\s*=\\s*[\"']([^\"']+)[\"']");
    re_dc_identifier = regex_compile("(?is)<dc:identifier\\b[^>]*>(.*?)</dc:identifier>");
    re_bare = regex_compile("(?i)^\\s*" DOI_LABEL "?" DOI_BODY);
}

/* Runs re on s[0..len) from start; true with the ovector of the match. */
static bool match(pcre2_code *re, const char *s, size_t len, size_t start,
                  pcre2_match_data *md)
{
    return re && md && pcre2_match(re, (PCRE2_SPTR)s, len, start, 0, md, NULL) > 0;
}

/* Copies a DOI of len bytes without trailing sentence punctuation. */
static bool copy_doi(const char *s, size_t len, char *out, size_t n)
{
    while (len > 0 && strchr(".,;:)]»'\"", s[len - 1]))
        len--;
    if (len < 9 || len >= n)
        return false;
    memcpy(out, s, len);
    out[len] = '\0';
    return true;
}

bool doi_bare(const char *s, char *out, size_t n)
{
    pthread_once(&compile_once, compile_all);
    if (!s)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re_bare, NULL);
    bool found = false;
    if (match(re_bare, s, strlen(s), 0, md)) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        const char *rest = s + ov[3];
        while (*rest && strchr(".,;:)]» \t\r\n", *rest))
            rest++;
        found = *rest == '\0' && copy_doi(s + ov[2], ov[3] - ov[2], out, n);
    }
    pcre2_match_data_free(md);
    return found;
}

/* ---- citation lines ---------------------------------------------------- */

static bool is_month(const char *w, size_t len)
{
    for (int m = 0; m < 12; m++)
        if (strlen(kilde_months[m]) == len && strncasecmp(w, kilde_months[m], len) == 0)
            return true;
    return false;
}

/* A word of running text: lower-case, three letters or more, and no month
 * ("Publisert: 20. april 2026") or bibliographic abbreviation. */
static bool sentence_word(const char *w, size_t len)
{
    static const char *const allowed[] = {"doi", "nr", "vol", "suppl", "årg", "side", NULL};
    if (len < 3 || !islower((unsigned char)w[0]) || is_month(w, len))
        return false;
    for (const char *const *a = allowed; *a; a++)
        if (strlen(*a) == len && strncmp(w, *a, len) == 0)
            return false;
    return true;
}

/* Whether the text before a DOI's label reads as a sentence: it has words
 * of running text, or an opening bracket the DOI stands inside. */
static bool prefix_is_prose(const char *s, size_t len)
{
    int open = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] == '(' || s[i] == '[')
            open++;
        else if ((s[i] == ')' || s[i] == ']') && open > 0)
            open--;
        if (!isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80))
            i++;
        if (sentence_word(s + start, i - start))
            return true;
    }
    return open > 0;
}

bool doi_citation_line(const char *line, size_t len, char *out, size_t n)
{
    pthread_once(&compile_once, compile_all);
    if (len == 0 || len > LINE_MAX_BYTES)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re_labelled, NULL);
    bool found = false;
    if (match(re_labelled, line, len, 0, md)) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t label = ov[0], doi = ov[2], end = ov[3];
        char doi_text[DOI_MAX];
        bool last = copy_doi(line + doi, end - doi, doi_text, sizeof doi_text);
        /* nothing but punctuation may follow: a DOI mid-line is in a sentence */
        for (size_t i = end; last && i < len; i++)
            last = strchr(" \t\r.,;", line[i]) != NULL;
        found = last && !prefix_is_prose(line, label) &&
                !match(re_list, line, len, 0, md) && !match(re_reference, line, label, 0, md) &&
                strlen(doi_text) < n;
        if (found)
            snprintf(out, n, "%s", doi_text);
    }
    pcre2_match_data_free(md);
    return found;
}

typedef struct span {
    const char *s;
    size_t len;
} span;

/* The non-blank lines of a page, at most max of them from each edge. */
static size_t edge_lines(const char *page, span *lines, size_t max)
{
    size_t total = 0;
    for (const char *p = page; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        size_t lead = 0;
        while (lead < len && isspace((unsigned char)p[lead]))
            lead++;
        if (lead < len) {
            span l = {p + lead, len - lead};
            /* keep the first max lines, then a ring of the last max */
            lines[total < max ? total : max + (total - max) % max] = l;
            total++;
        }
        p = nl ? nl + 1 : p + len;
    }
    return total < 2 * max ? total : 2 * max;
}

bool doi_declared_in_page(const char *page, char *out, size_t n)
{
    span lines[2 * EDGE_LINES];
    size_t count = edge_lines(page, lines, EDGE_LINES);
    char first[DOI_MAX] = "", doi[DOI_MAX];
    for (size_t i = 0; i < count; i++) {
        if (!doi_citation_line(lines[i].s, lines[i].len, doi, sizeof doi))
            continue;
        if (*first && strcasecmp(first, doi) != 0)
            return false; /* lines naming different DOIs: a list, not an identity */
        if (!*first)
            snprintf(first, sizeof first, "%s", doi);
    }
    if (!*first || strlen(first) >= n)
        return false;
    snprintf(out, n, "%s", first);
    return true;
}

void doi_fill_declared(kdoc *doc)
{
    char doi[DOI_MAX];
    if (!doc->doi && doc->npages > 0 && doi_declared_in_page(doc->pages[0].text, doi, sizeof doi))
        kdoc_set(&doc->doi, doi);
}

/* ---- XMP --------------------------------------------------------------- */

static bool first_group(pcre2_code *re, const char *s, size_t len, char *out, size_t n)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    bool found = false;
    for (size_t start = 0; !found && match(re, s, len, start, md);) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        char *group = strndup(s + ov[2], ov[3] - ov[2]);
        found = group && doi_bare(group, out, n);
        free(group);
        start = ov[1] > start ? ov[1] : start + 1;
    }
    pcre2_match_data_free(md);
    return found;
}

/* A DOI inside a dc:identifier, which may also hold an ISBN or a URL. */
static bool dc_identifier_doi(const char *xmp, size_t len, char *out, size_t n)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re_dc_identifier, NULL);
    bool found = false;
    for (size_t start = 0; !found && match(re_dc_identifier, xmp, len, start, md);) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        found = first_group(re_labelled, xmp + ov[2], ov[3] - ov[2], out, n);
        start = ov[1];
    }
    pcre2_match_data_free(md);
    return found;
}

bool doi_from_xmp(const char *xmp, char *out, size_t n)
{
    pthread_once(&compile_once, compile_all);
    if (!xmp)
        return false;
    size_t len = strlen(xmp);
    return first_group(re_xmp_element, xmp, len, out, n) ||
           first_group(re_xmp_attr, xmp, len, out, n) || dc_identifier_doi(xmp, len, out, n);
}
