/*
 * An HTML page's bytes made UTF-8, as browsers read them: a byte-order
 * mark first, else the charset the page declares in its first 8 KiB (an XML
 * declaration, <meta charset>, <meta http-equiv="Content-Type">), else
 * UTF-8, and a page that declares nothing and is not UTF-8 read as
 * windows-1252 (with a warning).  Thread-safe: no state between calls.
 */
#include "html_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

/* Case-insensitive search in the first n bytes of s. */
static const unsigned char *find_ci(const unsigned char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp((const char *)s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* One attribute of a tag: name and value (quotes removed).  Returns the
 * position after it, or NULL at the tag's end. */
static const unsigned char *next_attr(const unsigned char *p, const unsigned char *end, char *name,
                                      size_t nsz, char *value, size_t vsz)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '/'))
        p++;
    if (p >= end || *p == '>')
        return NULL;
    const unsigned char *start = p;
    size_t k = 0;
    while (p < end && *p && !strchr(" \t\r\n=>/", *p)) {
        if (k + 1 < nsz)
            name[k++] = (char)*p;
        p++;
    }
    name[k] = '\0';
    if (p == start && *p != '=')
        return NULL; /* a NUL byte: no attribute, and no progress to make */
    value[0] = '\0';
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    if (p >= end || *p != '=')
        return p;
    p++;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    unsigned char quote = p < end && (*p == '"' || *p == '\'') ? *p++ : 0;
    k = 0;
    while (p < end && (quote ? *p != quote : *p && !strchr(" \t\r\n>", *p))) {
        if (k + 1 < vsz)
            value[k++] = (char)*p;
        p++;
    }
    value[k] = '\0';
    return quote && p < end ? p + 1 : p;
}

/* "text/html; charset=iso-8859-1" → "iso-8859-1" */
static bool charset_param(const char *content, char *out, size_t outsz)
{
    const unsigned char *c = find_ci((const unsigned char *)content, strlen(content), "charset");
    if (!c)
        return false;
    const char *p = (const char *)c + 7;
    while (*p == ' ')
        p++;
    if (*p++ != '=')
        return false;
    while (*p == ' ' || *p == '"' || *p == '\'')
        p++;
    size_t k = 0;
    while (*p && !strchr(" ;\"'", *p) && k + 1 < outsz)
        out[k++] = *p++;
    out[k] = '\0';
    return k > 0;
}

/* The charset a page declares in its first bytes, as browsers look for it:
 * an XML declaration's encoding, <meta charset>, or <meta http-equiv=
 * "Content-Type" content="…; charset=…">.  Comments are skipped. */
static bool declared_charset(const unsigned char *d, size_t len, char *out, size_t outsz)
{
    size_t n = len < 8192 ? len : 8192;
    const unsigned char *end = d + n, *p = d;
    char name[32], value[256];
    if (n > 5 && memcmp(d, "<?xml", 5) == 0) {
        const unsigned char *q = find_ci(d, n, "?>");
        const unsigned char *e = find_ci(d, q ? (size_t)(q - d) : n, "encoding");
        if (e && next_attr(e, q ? q : end, name, sizeof name, value, sizeof value) && value[0]) {
            snprintf(out, outsz, "%s", value);
            return true;
        }
    }
    while (p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
        if ((size_t)(end - p) >= 4 && memcmp(p, "<!--", 4) == 0) {
            const unsigned char *c = find_ci(p + 4, (size_t)(end - p - 4), "-->");
            p = c ? c + 3 : end;
            continue;
        }
        if ((size_t)(end - p) < 6 || strncasecmp((const char *)p, "<meta", 5) != 0 ||
            !strchr(" \t\r\n/", p[5])) {
            p++;
            continue;
        }
        bool http_equiv = false;
        char content[256] = "";
        const unsigned char *a = p + 5;
        while ((a = next_attr(a, end, name, sizeof name, value, sizeof value))) {
            if (strcasecmp(name, "charset") == 0 && value[0]) {
                snprintf(out, outsz, "%s", value);
                return true;
            }
            if (strcasecmp(name, "http-equiv") == 0)
                http_equiv = strcasecmp(value, "content-type") == 0;
            else if (strcasecmp(name, "content") == 0)
                snprintf(content, sizeof content, "%s", value);
        }
        if (http_equiv && charset_param(content, out, outsz))
            return true;
        p += 5;
    }
    return false;
}

/* Labels that mean windows-1252 (the WHATWG encoding standard reads
 * ISO-8859-1 and ASCII as windows-1252 too, since pages that say Latin-1
 * routinely hold its curly quotes and dashes). */
static bool is_cp1252(const char *cs)
{
    static const char *const labels[] = {"windows-1252", "cp1252", "x-cp1252", "iso-8859-1",
                                         "iso8859-1", "iso_8859-1", "latin1", "l1", "us-ascii",
                                         "ascii", "iso-ir-100", "cp819", "ibm819"};
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (strcasecmp(cs, labels[i]) == 0)
            return true;
    return false;
}

static bool is_utf8_label(const char *cs)
{
    /* A meta tag saying UTF-16 was read as ASCII, so it is wrong: UTF-8. */
    return strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0 ||
           strncasecmp(cs, "utf-16", 6) == 0 || strncasecmp(cs, "unicode", 7) == 0;
}

static size_t count_nul(const unsigned char *d, size_t len)
{
    size_t n = 0;
    for (const unsigned char *p = d; (p = memchr(p, 0, len - (size_t)(p - d))); p++)
        n++;
    return n;
}

/* UTF-8 that should be and may not be: invalid bytes are windows-1252 when
 * the page says UTF-8; when it says nothing, the whole page is. */
static char *decode_utf8ish(kdoc *doc, const unsigned char *d, size_t len, bool declared)
{
    size_t bad;
    char *text = utf8_decode_bytes(d, len, &bad);
    if (!text || bad == 0)
        return text;
    size_t nul = count_nul(d, len);
    if (declared || bad == nul) {
        if (bad > nul)
            kdoc_warn(doc, "%zu invalid UTF-8 bytes decoded as windows-1252", bad - nul);
        if (nul)
            kdoc_warn(doc, "%zu NUL bytes replaced by U+FFFD", nul);
        return text;
    }
    free(text);
    kdoc_warn(doc, "no charset declared and not valid UTF-8: decoded as windows-1252");
    return utf8_from_cp1252(d, len);
}

/* Bytes in another declared charset, through iconv (glibc's is
 * thread-safe per descriptor).  Bytes that are not in the charset become
 * U+FFFD, counted in *bad, rather than end the text where they stand.
 * NULL with errno EINVAL when iconv does not know the charset. */
static char *from_charset(const char *cs, const unsigned char *d, size_t len, size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 4 + 16;
    char *out = malloc(cap), *in = (char *)d, *o = out;
    size_t inleft = len, oleft = cap - 1;
    *bad = 0;
    while (out && inleft > 0 && iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
        if (errno == E2BIG || oleft < 4) { /* cannot happen with 4 bytes per byte; be safe */
            size_t used = (size_t)(o - out);
            char *p = realloc(out, cap *= 2);
            if (!p) {
                free(out);
                out = NULL;
                break;
            }
            out = p;
            o = out + used;
            oleft = cap - 1 - used;
            continue;
        }
        if (errno != EILSEQ && errno != EINVAL)
            break;
        memcpy(o, "\xEF\xBF\xBD", 3);
        o += 3;
        oleft -= 3;
        in++;
        inleft--;
        (*bad)++;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    if (out)
        *o = '\0';
    iconv_close(cd);
    /* The converted text may hold NUL; utf8_decode_bytes makes it U+FFFD. */
    char *text = out ? utf8_decode_bytes((unsigned char *)out, (size_t)(o - out), NULL) : NULL;
    free(out);
    return text;
}

/* The page as UTF-8 for libxml2, which is then told to ignore what the
 * page declares. */
char *html_page_utf8(kdoc *doc, const unsigned char *d, size_t len)
{
    char cs[256];
    size_t bad = 0;
    char *text;
    if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) {
        text = utf8_from_utf16(d + 2, len - 2, d[0] == 0xFE, &bad);
        if (text && bad)
            kdoc_warn(doc, "%zu invalid UTF-16 units replaced by U+FFFD", bad);
        return text;
    }
    if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        return decode_utf8ish(doc, d + 3, len - 3, true);
    if (!declared_charset(d, len, cs, sizeof cs))
        return decode_utf8ish(doc, d, len, false);
    if (is_cp1252(cs))
        return utf8_from_cp1252(d, len);
    if (is_utf8_label(cs))
        return decode_utf8ish(doc, d, len, true);
    errno = 0;
    if ((text = from_charset(cs, d, len, &bad))) {
        if (bad)
            kdoc_warn(doc, "%zu bytes not in the declared charset %s replaced by U+FFFD", bad, cs);
        return text;
    }
    if (errno != EINVAL)
        return NULL;
    kdoc_warn(doc, "unknown charset \"%s\": read as UTF-8", cs);
    return decode_utf8ish(doc, d, len, false);
}
