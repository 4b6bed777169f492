/*
 * HTML pages through libxml2's forgiving HTML parser.  The bytes are made
 * UTF-8 here (a page that declares nothing and is not UTF-8 is read as
 * windows-1252, as browsers do, with a warning), the head's citation_*,
 * Open Graph and Dublin Core tags give the metadata, and the main content
 * (the <article>, else <main>, else the element holding most paragraph
 * text) gives the text.  Left out of the text: the site's header, menus,
 * cookie banners, related links and footer; photo captions (set aside as
 * captions); and the article's own header matter that is metadata here
 * (the <h1> that is the title, the author block, the category), so the
 * text starts with the lead.  The article's footer ("Publisert: …", DOI)
 * stays: later stages read it.
 *
 * Every walk over the tree is a loop, never recursion; libxml2 itself stops
 * at 256 levels of nesting (we do not pass HTML_PARSE_HUGE).  All state
 * lives in the call, so extractors may run in parallel threads.
 */
#include "document.h"

#include <errno.h>
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

/* ---- a growable string, optionally bounded ------------------------------------ */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    size_t limit;  /* 0: none; else the most bytes kept (cut at a character) */
    bool failed;   /* out of memory; checked once at the end */
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->limit && b->len + n > b->limit) {
        n = b->len < b->limit ? b->limit - b->len : 0;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* do not split a character */
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* ---- encoding ------------------------------------------------------------------ */

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
static char *page_utf8(kdoc *doc, const unsigned char *d, size_t len)
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

/* ---- the tree --------------------------------------------------------------------- */

static bool is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool is_heading(xmlNodePtr n, int *level)
{
    const char *s = (const char *)n->name;
    if (n->type != XML_ELEMENT_NODE || s[0] != 'h' || s[1] < '1' || s[1] > '6' || s[2])
        return false;
    *level = s[1] - '0';
    return true;
}

/* An attribute's value ("" when it has none), or NULL when absent. */
static const char *attr(xmlNodePtr n, const char *name)
{
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (strcasecmp((const char *)a->name, name) == 0)
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

/* Whether the class attribute contains sub, in any case ("article-authors"
 * contains "author"). */
static bool class_has(xmlNodePtr n, const char *sub)
{
    const char *c = attr(n, "class");
    return c && strcasestr(c, sub);
}

/* Whether the class or id, cut into words at anything but ASCII letters,
 * has one of words ("cookie-banner" has "cookie" and "banner", but
 * "navn" has no "nav"). */
static bool has_word(xmlNodePtr n, const char *const *words)
{
    static const char *const attrs[] = {"class", "id"};
    for (size_t a = 0; a < 2; a++) {
        const char *s = attr(n, attrs[a]);
        while (s && *s) {
            size_t k = 0;
            while (s[k] && ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z'))
                k++;
            for (size_t w = 0; k && words[w]; w++)
                if (strlen(words[w]) == k && strncasecmp(s, words[w], k) == 0)
                    return true;
            s += k ? k : 1;
        }
    }
    return false;
}

/* Depth-first over root's subtree without recursion.  enter() returns
 * whether to go into the node's children; leave() follows for such nodes,
 * after their children. */
typedef bool (*enter_fn)(void *ctx, xmlNodePtr n);
typedef void (*leave_fn)(void *ctx, xmlNodePtr n);

static void walk(xmlNodePtr root, enter_fn enter, leave_fn leave, void *ctx)
{
    xmlNodePtr n = root;
    for (;;) {
        bool in = enter(ctx, n);
        if (in && n->children) {
            n = n->children;
            continue;
        }
        if (in && leave)
            leave(ctx, n);
        while (n != root && !n->next) {
            n = n->parent;
            if (leave)
                leave(ctx, n);
        }
        if (n == root)
            return;
        n = n->next;
    }
}

/* Elements that are never text.  <head> itself is not one: libxml2's HTML 4
 * parser leaves HTML5 elements (<article>, <main>) in the head when a page
 * omits <body>, as HTML5 allows. */
static bool is_hidden(xmlNodePtr n)
{
    static const char *const never[] = {"script", "style", "noscript", "template", "title",
                                        "meta", "link", "base", "svg",
                                        "iframe", "object", "embed", "canvas", "audio", "video",
                                        "select", "textarea", "button", "form", "dialog", "nav",
                                        "aside", "img", "input", "map", NULL};
    if (n->type != XML_ELEMENT_NODE)
        return false;
    for (size_t i = 0; never[i]; i++)
        if (strcmp((const char *)n->name, never[i]) == 0)
            return true;
    const char *aria = attr(n, "aria-hidden");
    const char *style = attr(n, "style");
    return attr(n, "hidden") || (aria && strcmp(aria, "true") == 0) ||
           (style && (strcasestr(style, "display:none") || strcasestr(style, "display: none")));
}

/* Elements that start a new paragraph; the rest run on in a line. */
static bool is_block(xmlNodePtr n)
{
    static const char *const blocks[] = {
        "p", "div", "li", "blockquote", "br", "tr", "section", "article", "main", "header",
        "footer", "figure", "ul", "ol", "dl", "dt", "dd", "table", "pre", "address", "hr",
        "fieldset", "details", "summary", "caption", "center", "h1", "h2", "h3", "h4", "h5",
        "h6", "body", "html", NULL};
    for (size_t i = 0; blocks[i]; i++)
        if (strcmp((const char *)n->name, blocks[i]) == 0)
            return true;
    return false;
}

/* ---- element text ------------------------------------------------------------------ */

/* Appends text with runs of white space as one space (*pending carries a
 * space owed across calls); no-break spaces count as spaces and soft
 * hyphens, mere hints, go. */
static void add_collapsed(sbuf *b, bool *pending, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            *pending = true;
            i++;
        } else if (c == 0xC2 && i + 1 < n && (s[i + 1] == (char)0xA0 || s[i + 1] == (char)0xAD)) {
            *pending |= s[i + 1] == (char)0xA0;
            i += 2;
        } else {
            size_t k = i + 1;
            while (k < n && !strchr(" \t\n\r\f\xC2", s[k]))
                k++;
            if (*pending && b->len > 0)
                sb_add(b, " ", 1);
            *pending = false;
            sb_add(b, s + i, k - i);
            i = k;
        }
    }
}

typedef struct textctx {
    sbuf *b;
    bool pending;
    size_t budget; /* nodes left to look at */
} textctx;

static bool text_enter(void *ctx, xmlNodePtr n)
{
    textctx *t = ctx;
    if (t->budget == 0 || (t->b->limit && t->b->len >= t->b->limit))
        return false;
    t->budget--;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *s = (const char *)n->content;
        if (s)
            add_collapsed(t->b, &t->pending, s, strlen(s));
        return false;
    }
    if (n->type != XML_ELEMENT_NODE || is_hidden(n))
        return false;
    t->pending |= is_block(n);
    return true;
}

static void text_leave(void *ctx, xmlNodePtr n)
{
    ((textctx *)ctx)->pending |= is_block(n); /* "<p>a</p><p>b</p>" reads "a b" */
}

/* An element's text on one line, at most limit bytes (and a bounded number
 * of nodes, so that looking at many elements stays cheap).  Caller frees. */
static char *node_text(xmlNodePtr n, size_t limit)
{
    sbuf b = {.limit = limit};
    textctx t = {&b, false, 4096};
    sb_add(&b, "", 0);
    walk(n, text_enter, text_leave, &t);
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* A copy of s with white space collapsed and trimmed; NULL for NULL or "". */
static char *clean(const char *s)
{
    if (!s)
        return NULL;
    sbuf b = {0};
    bool pending = false;
    add_collapsed(&b, &pending, s, strlen(s));
    if (b.len == 0 || b.failed) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* ---- metadata ------------------------------------------------------------------------ */

enum {
    M_CITATION_TITLE, M_OG_TITLE, M_DC_TITLE,
    M_CITATION_DATE, M_CITATION_DATE2, M_DC_DATE, M_PUBLISHED,
    M_DOI, M_DC_ID, M_OG_URL, M_CANONICAL, M_LANG, M_OG_LOCALE,
    M_COUNT
};

#define MAX_NAMES 64

typedef struct nameset {
    const char *v[MAX_NAMES];
    size_t n;
} nameset;

typedef struct meta {
    const char *v[M_COUNT];   /* first value seen; points into the tree */
    nameset citation_authors, dc_creators, meta_authors;
    xmlNodePtr title_elem;
} meta;

static const struct {
    const char *name;
    int slot;
} meta_keys[] = {
    {"citation_title", M_CITATION_TITLE}, {"og:title", M_OG_TITLE}, {"dc.title", M_DC_TITLE},
    {"dcterms.title", M_DC_TITLE}, {"citation_publication_date", M_CITATION_DATE},
    {"citation_date", M_CITATION_DATE2}, {"dc.date", M_DC_DATE}, {"dcterms.date", M_DC_DATE},
    {"dcterms.issued", M_DC_DATE}, {"dc.date.issued", M_DC_DATE},
    {"article:published_time", M_PUBLISHED}, {"citation_doi", M_DOI},
    {"dc.identifier", M_DC_ID}, {"og:url", M_OG_URL}, {"citation_language", M_LANG},
    {"dc.language", M_LANG}, {"dcterms.language", M_LANG}, {"og:locale", M_OG_LOCALE},
};

static void add_name(nameset *s, const char *v)
{
    if (v && *v && s->n < MAX_NAMES)
        s->v[s->n++] = v;
}

static void meta_tag(meta *m, xmlNodePtr n)
{
    const char *key = attr(n, "name");
    if (!key)
        key = attr(n, "property");
    const char *content = attr(n, "content");
    if (!key || !content)
        return;
    if (strcasecmp(key, "citation_author") == 0)
        add_name(&m->citation_authors, content);
    else if (strcasecmp(key, "dc.creator") == 0 || strcasecmp(key, "dcterms.creator") == 0)
        add_name(&m->dc_creators, content);
    else if (strcasecmp(key, "author") == 0)
        add_name(&m->meta_authors, content);
    for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++)
        if (strcasecmp(key, meta_keys[i].name) == 0 && !m->v[meta_keys[i].slot] && *content)
            m->v[meta_keys[i].slot] = content;
}

static bool meta_enter(void *ctx, xmlNodePtr n)
{
    meta *m = ctx;
    if (n->type != XML_ELEMENT_NODE)
        return false;
    if (is(n, "meta")) {
        meta_tag(m, n);
    } else if (is(n, "link")) {
        const char *rel = attr(n, "rel"), *href = attr(n, "href");
        if (rel && href && strcasecmp(rel, "canonical") == 0 && !m->v[M_CANONICAL])
            m->v[M_CANONICAL] = href;
    } else if (is(n, "title") && !m->title_elem) {
        m->title_elem = n;
    } else if (is(n, "script") || is(n, "style") || is(n, "svg")) {
        return false;
    }
    return true;
}

/* "2026/04/20", "2026-04-20", "2026-04-20T10:00:00Z", "20.04.2026" give
 * "2026-04-20".  A bare year, or a day that does not exist, gives false:
 * the date is never invented. */
static bool iso_date(const char *s, char out[11])
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, mo, d;
    char sep1, sep2, tail = '\0';
    int n = 0;
    while (*s == ' ')
        s++;
    if (sscanf(s, "%4u%c%2u%c%2u%n", &y, &sep1, &mo, &sep2, &d, &n) == 5 && sep1 == sep2 &&
        (sep1 == '-' || sep1 == '/') && y >= 1000) {
        tail = s[n];
    } else if (sscanf(s, "%2u.%2u.%4u%n", &d, &mo, &y, &n) == 3 && y >= 1000) {
        tail = s[n];
    } else {
        return false;
    }
    if (!(tail == '\0' || tail == 'T' || tail == ' ') || mo < 1 || mo > 12 || d < 1 ||
        d > (unsigned)days[mo - 1])
        return false;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    snprintf(out, 11, "%04u-%02u-%02u", y % 10000, mo % 100, d % 100);
    return true;
}

/* "doi:10.4045/x", "https://doi.org/10.4045/x" → "10.4045/x"; NULL when it
 * is no DOI. */
static char *bare_doi(const char *s)
{
    static const char *const prefixes[] = {"https://doi.org/", "http://doi.org/",
                                           "https://dx.doi.org/", "http://dx.doi.org/", "doi:"};
    char *c = clean(s), *p = c;
    if (!c)
        return NULL;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t k = strlen(prefixes[i]);
        if (strncasecmp(p, prefixes[i], k) == 0) {
            p += k;
            break;
        }
    }
    while (*p == ' ')
        p++;
    if (strncmp(p, "10.", 3) != 0 || !strchr(p, '/')) {
        free(c);
        return NULL;
    }
    memmove(c, p, strlen(p) + 1);
    return c;
}

/* "nb", "no", "nb-NO", "nob", "nb_NO" → "nb"; "nn", "nn-NO", "nno" → "nn". */
static const char *norwegian(const char *tag)
{
    if (!tag)
        return NULL;
    size_t k = strcspn(tag, "-_ ");
    if ((k == 2 || k == 3) && (strncasecmp(tag, "nb", 2) == 0 || strncasecmp(tag, "no", 2) == 0) &&
        (k == 2 || strncasecmp(tag, "nob", 3) == 0 || strncasecmp(tag, "nor", 3) == 0))
        return "nb";
    if ((k == 2 && strncasecmp(tag, "nn", 2) == 0) || (k == 3 && strncasecmp(tag, "nno", 3) == 0))
        return "nn";
    return NULL;
}

/* "Haslegaard, Andreas" → "Andreas Haslegaard"; white space tidied. */
static char *person_name(const char *s)
{
    char *c = clean(s);
    char *comma = c ? strchr(c, ',') : NULL;
    if (!comma || strchr(comma + 1, ','))
        return c;
    char *first = comma + 1;
    while (*first == ' ')
        first++;
    *comma = '\0';
    if (!*first || !*c) {
        *comma = ',';
        return c;
    }
    size_t n = strlen(c) + strlen(first) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s %s", first, c);
    free(c);
    return out;
}

/* <title> text without the " | Site name" the site adds. */
static char *title_tag(xmlNodePtr title)
{
    xmlChar *raw = xmlNodeGetContent(title);
    char *t = clean((const char *)raw);
    xmlFree(raw);
    char *bar = t ? strstr(t, " | ") : NULL;
    if (bar) {
        char *last;
        while ((last = strstr(bar + 3, " | ")))
            bar = last;
        *bar = '\0';
    }
    return t;
}

static void set_owned(char **field, char *value)
{
    if (value) {
        free(*field);
        *field = value;
    }
}

static void apply_meta(kdoc *doc, const meta *m, xmlNodePtr html)
{
    for (int s = M_CITATION_TITLE; s <= M_DC_TITLE && !doc->title; s++)
        set_owned(&doc->title, clean(m->v[s]));
    char date[11];
    for (int s = M_CITATION_DATE; s <= M_PUBLISHED && !doc->date; s++)
        if (m->v[s] && iso_date(m->v[s], date)) {
            kdoc_set(&doc->date, date);
            doc->date_source = KDATE_META;
        }
    set_owned(&doc->doi, bare_doi(m->v[M_DOI]));
    if (!doc->doi)
        set_owned(&doc->doi, bare_doi(m->v[M_DC_ID]));
    const char *urls[] = {m->v[M_CANONICAL], m->v[M_OG_URL]};
    for (size_t i = 0; i < 2 && !doc->url; i++)
        if (urls[i] && (!strncmp(urls[i], "https://", 8) || !strncmp(urls[i], "http://", 7)))
            set_owned(&doc->url, clean(urls[i])); /* a relative one names no page */
    const char *lang = norwegian(attr(html, "lang"));
    if (!lang)
        lang = norwegian(attr(html, "xml:lang"));
    if (!lang)
        lang = norwegian(m->v[M_LANG]);
    if (!lang)
        lang = norwegian(m->v[M_OG_LOCALE]);
    if (lang)
        kdoc_set(&doc->lang, lang);
    const nameset *names = m->citation_authors.n ? &m->citation_authors
                           : m->dc_creators.n    ? &m->dc_creators
                                                 : &m->meta_authors;
    for (size_t i = 0; i < names->n; i++) {
        char *name = person_name(names->v[i]);
        if (name)
            kdoc_add_author(doc, name, NULL, NULL);
        free(name);
    }
}

/* ---- choosing the main content ------------------------------------------------------ */

/* How much text each element holds (its own subtree, hidden parts not
 * counted) and how much of it is in <p> children: kept in node->_private
 * for this call's tree only. */
typedef struct score {
    size_t text, ptext;
} score;

typedef struct scoring {
    score *s;
    size_t n, cap;
} scoring;

static bool count_enter(void *ctx, xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE || is_hidden(n))
        return false;
    (*(size_t *)ctx)++;
    return true;
}

static bool score_enter(void *ctx, xmlNodePtr n)
{
    scoring *sc = ctx;
    if (n->type == XML_TEXT_NODE && n->parent && n->parent->_private && n->content)
        ((score *)n->parent->_private)->text += strlen((const char *)n->content);
    if (n->type != XML_ELEMENT_NODE || is_hidden(n) || sc->n == sc->cap)
        return false;
    n->_private = &sc->s[sc->n++];
    return true;
}

static void score_leave(void *ctx, xmlNodePtr n)
{
    (void)ctx;
    score *me = n->_private, *up = n->parent ? n->parent->_private : NULL;
    if (!me || !up || n->parent->type != XML_ELEMENT_NODE)
        return;
    up->text += me->text;
    if (is(n, "p"))
        up->ptext += me->text;
}

static size_t text_of(xmlNodePtr n)
{
    return n && n->_private ? ((score *)n->_private)->text : 0;
}

typedef struct best {
    xmlNodePtr article, main, paragraphs;
    size_t article_text, main_text, ptext;
} best;

static bool best_enter(void *ctx, xmlNodePtr n)
{
    best *b = ctx;
    if (n->type != XML_ELEMENT_NODE || !n->_private)
        return false;
    const score *s = n->_private;
    const char *role = attr(n, "role");
    if (is(n, "article") && s->text > b->article_text) {
        b->article = n;
        b->article_text = s->text;
    } else if ((is(n, "main") || (role && !strcasecmp(role, "main"))) && s->text > b->main_text) {
        b->main = n;
        b->main_text = s->text;
    }
    if (s->ptext > b->ptext) {
        b->paragraphs = n;
        b->ptext = s->ptext;
    }
    return true;
}

/* The <article> with most text, else <main>, else the element with most
 * paragraph text, else <body>; an <article> or <main> holding under a
 * quarter of the page's text is a teaser, not the content. */
static xmlNodePtr main_content(xmlNodePtr body)
{
    best b = {0};
    walk(body, best_enter, NULL, &b);
    size_t all = text_of(body);
    if (b.article && b.article_text * 4 >= all)
        return b.article;
    if (b.main && b.main_text * 4 >= all)
        return b.main;
    return b.paragraphs ? b.paragraphs : body;
}

/* ---- authors from the page ------------------------------------------------------------ */

typedef struct byline {
    kdoc *doc;
    bool had_names; /* the head named the authors */
} byline;

/* The first element below `in` whose class contains cls (or, for cls NULL,
 * the first mailto: link), within a few hundred nodes. */
typedef struct finder {
    const char *cls;
    xmlNodePtr found;
    size_t budget;
} finder;

static bool find_enter(void *ctx, xmlNodePtr n)
{
    finder *f = ctx;
    if (f->found || f->budget == 0 || n->type != XML_ELEMENT_NODE)
        return false;
    f->budget--;
    const char *href = attr(n, "href");
    if (f->cls ? class_has(n, f->cls) : (href && strncasecmp(href, "mailto:", 7) == 0)) {
        f->found = n;
        return false;
    }
    return true;
}

static xmlNodePtr find_in(xmlNodePtr in, const char *cls)
{
    finder f = {cls, NULL, 500};
    for (xmlNodePtr c = in->children; c && !f.found; c = c->next)
        walk(c, find_enter, NULL, &f);
    return f.found;
}

static bool same_name(const char *a, const char *b)
{
    char *x = utf8_casefold(a), *y = utf8_casefold(b);
    bool same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

/* One author: the name from name_el, role and e-mail address from within
 * block; matched by name to the authors the head gave, or added when the
 * head gave none. */
static void byline_author(byline *bl, xmlNodePtr block, xmlNodePtr name_el)
{
    char *name = node_text(name_el, 256);
    if (name && name_el == block) { /* "Av Kari Nordmann" */
        static const char *const by[] = {"Av ", "av ", "By ", "Tekst: "};
        for (size_t k = 0; k < sizeof by / sizeof *by; k++)
            if (strncmp(name, by[k], strlen(by[k])) == 0)
                memmove(name, name + strlen(by[k]), strlen(name + strlen(by[k])) + 1);
    }
    xmlNodePtr role_el = find_in(block, "role"), mail_el = find_in(block, NULL);
    char *role = role_el ? node_text(role_el, 256) : NULL;
    const char *href = mail_el ? attr(mail_el, "href") : NULL;
    char *mail = href && strlen(href) > 7 ? clean(href + 7) : NULL; /* after "mailto:" */
    if (mail)
        mail[strcspn(mail, "?")] = '\0';
    kdoc *doc = bl->doc;
    size_t i = 0;
    while (i < doc->nauthors && !(name && same_name(doc->authors[i].name, name)))
        i++;
    if (i == doc->nauthors && name && *name && !bl->had_names)
        kdoc_add_author(doc, name, NULL, NULL);
    if (i < doc->nauthors) {
        if (role && *role && !doc->authors[i].role)
            kdoc_set(&doc->authors[i].role, role);
        if (mail && *mail && !doc->authors[i].email)
            kdoc_set(&doc->authors[i].email, mail);
    }
    free(name);
    free(role);
    free(mail);
}

/* Author blocks: an element whose class says "author" holding one whose
 * class says "name" (and perhaps "role" and a mailto: link), or, simpler,
 * an "author" element that is just the name. */
static bool byline_enter(void *ctx, xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE || is_hidden(n))
        return false;
    if (class_has(n, "name") && !class_has(n, "role")) {
        xmlNodePtr block = n->parent;
        for (int up = 0; block && up < 8 && !class_has(block, "author"); up++)
            block = block->parent;
        if (block && block->type == XML_ELEMENT_NODE && class_has(block, "author"))
            byline_author(ctx, block, n);
        return false;
    }
    if (class_has(n, "author") && !class_has(n, "role") && !class_has(n, "mail") &&
        !find_in(n, "name") && text_of(n) < 100) {
        byline_author(ctx, n, n);
        return false;
    }
    return true;
}

/* ---- the text ------------------------------------------------------------------------ */

typedef struct heading {
    char *title;
    int level;
    size_t start, body; /* the heading's text and the text under it, in out */
} heading;

typedef struct body {
    kdoc *doc;
    xmlNodePtr root, lead, title_h1;
    size_t root_text;
    sbuf out;
    int pending;        /* 0 nothing, 1 a space, 2 a paragraph break owed */
    size_t head_mark;   /* where the open heading's text starts, SIZE_MAX: not yet */
    size_t lead_mark;   /* likewise for the lead */
    bool want_head, want_lead;
    const char *prefix; /* "• " owed before a list item's text */
    int in_pre, in_article;
    xmlNodePtr open_heading;
    int open_level;
    heading *heads;
    size_t nheads, capheads;
    bool failed;
} body;

static void put(body *b, const char *s, size_t n)
{
    if (b->out.len > 0 && b->pending)
        sb_add(&b->out, b->pending == 2 ? "\n\n" : " ", (size_t)b->pending);
    b->pending = 0;
    if (b->want_head) {
        b->head_mark = b->out.len;
        b->want_head = false;
    }
    if (b->want_lead) {
        b->lead_mark = b->out.len;
        b->want_lead = false;
    }
    if (b->prefix) {
        sb_add(&b->out, b->prefix, strlen(b->prefix));
        b->prefix = NULL;
    }
    sb_add(&b->out, s, n);
}

/* Text as a browser shows it: runs of white space (no-break spaces too)
 * are one space, except in <pre>; soft hyphens, mere hints, go. */
static void put_text(body *b, const char *s, size_t n)
{
    if (b->in_pre) {
        if (n)
            put(b, s, n);
        return;
    }
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        bool nbsp = c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
            b->pending = b->pending ? b->pending : 1;
            i += nbsp ? 2 : 1;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAD) {
            i += 2;
        } else {
            size_t k = i + 1;
            while (k < n && !strchr(" \t\n\r\f\xC2", s[k]))
                k++;
            put(b, s + i, k - i);
            i = k;
        }
    }
}

static void paragraph_break(body *b)
{
    b->pending = 2;
}

/* Site furniture by class or id; the check is skipped for an element
 * holding most of the content, so a wrapper named "page menu-open" does not
 * take the article with it. */
static bool is_furniture(body *b, xmlNodePtr n)
{
    static const char *const words[] = {
        "cookie", "cookies", "consent", "banner", "menu", "nav", "navbar", "navigation", "share",
        "sharing", "social", "some", "related", "advert", "advertisement", "ad", "ads", "promo",
        "breadcrumb", "breadcrumbs", "newsletter", "sidebar", "toolbar", "popup", "modal",
        "category", "kicker", "skip", NULL};
    if (!has_word(n, words) && !class_has(n, "author"))
        return false;
    return text_of(n) * 2 < b->root_text;
}

static bool holds_publisert(xmlNodePtr n)
{
    char *t = node_text(n, 4096);
    bool yes = t && strstr(t, "Publisert");
    free(t);
    return yes;
}

static bool skip_element(body *b, xmlNodePtr n)
{
    if (is_hidden(n))
        return true;
    /* The site's header and footer go; an article's own stay, and so does a
     * footer with the "Publisert: …" line later stages read. */
    if ((is(n, "header") || is(n, "footer")) && b->in_article == 0 && !holds_publisert(n))
        return true;
    if (n == b->title_h1)
        return true; /* the title is doc->title, not text */
    return n != b->lead && is_furniture(b, n);
}

static bool caption_element(body *b, xmlNodePtr n)
{
    if (!is(n, "figcaption") && !class_has(n, "caption"))
        return false;
    char *c = node_text(n, 8192);
    if (c && *c && kdoc_add_caption(b->doc, c) < 0)
        b->failed = true;
    free(c);
    return true;
}

static void add_heading(body *b, size_t start, int level)
{
    if (b->nheads == b->capheads) {
        size_t cap = b->capheads ? b->capheads * 2 : 8;
        heading *h = realloc(b->heads, cap * sizeof *h);
        if (!h) {
            b->failed = true;
            return;
        }
        b->heads = h;
        b->capheads = cap;
    }
    heading *h = &b->heads[b->nheads];
    if (!(h->title = strndup(b->out.p + start, b->out.len - start))) {
        b->failed = true;
        return;
    }
    h->level = level;
    h->start = start;
    h->body = b->out.len;
    b->nheads++;
}

static bool body_enter(void *ctx, xmlNodePtr n)
{
    body *b = ctx;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            put_text(b, (const char *)n->content, strlen((const char *)n->content));
        return false;
    }
    if (n->type != XML_ELEMENT_NODE || skip_element(b, n) || caption_element(b, n))
        return false;
    int level;
    if (is_block(n))
        paragraph_break(b);
    else if (is(n, "td") || is(n, "th"))
        b->pending = b->pending ? b->pending : 1;
    if (is(n, "li"))
        b->prefix = "\xE2\x80\xA2 "; /* "• " */
    b->in_pre += is(n, "pre");
    b->in_article += is(n, "article");
    if (n == b->lead) {
        b->want_lead = true;
        b->lead_mark = SIZE_MAX;
    } else if (!b->open_heading && is_heading(n, &level) && (level == 2 || level == 3)) {
        b->want_head = true;
        b->head_mark = SIZE_MAX;
        b->open_heading = n;
        b->open_level = level;
    }
    return true;
}

static void body_leave(void *ctx, xmlNodePtr n)
{
    body *b = ctx;
    if (n->type != XML_ELEMENT_NODE)
        return;
    b->in_pre -= is(n, "pre");
    b->in_article -= is(n, "article");
    if (is(n, "li"))
        b->prefix = NULL;
    if (n == b->open_heading) {
        if (b->head_mark != SIZE_MAX && !b->out.failed)
            add_heading(b, b->head_mark, b->open_level);
        b->open_heading = NULL;
        b->want_head = false;
    }
    if (n == b->lead) {
        if (b->lead_mark != SIZE_MAX && !b->out.failed)
            set_owned(&b->doc->lead, strndup(b->out.p + b->lead_mark, b->out.len - b->lead_mark));
        b->want_lead = false;
    }
    if (is_block(n))
        paragraph_break(b);
}

static int add_trimmed_section(kdoc *doc, const char *title, int level, const char *s, size_t n)
{
    while (n > 0 && strchr(" \n", *s))
        s++, n--;
    while (n > 0 && strchr(" \n", s[n - 1]))
        n--;
    if (!title && n == 0)
        return 0;
    char *text = strndup(s, n);
    int rc = text ? kdoc_add_section(doc, NULL, title, level, NULL, NULL, text) : -1;
    free(text);
    return rc;
}

/* h2 and h3 become sections holding the text up to the next one; text
 * before the first is a section without a title. */
static int body_sections(body *b)
{
    if (b->nheads == 0)
        return 0;
    if (add_trimmed_section(b->doc, NULL, 0, b->out.p, b->heads[0].start) < 0)
        return -1;
    for (size_t i = 0; i < b->nheads; i++) {
        size_t end = i + 1 < b->nheads ? b->heads[i + 1].start : b->out.len;
        if (add_trimmed_section(b->doc, b->heads[i].title, b->heads[i].level,
                                b->out.p + b->heads[i].body, end - b->heads[i].body) < 0)
            return -1;
    }
    return 0;
}

/* ---- finding the lead, the title heading ------------------------------------------------ */

typedef struct seek {
    const char *const *words; /* class words to find, or NULL for <h1> */
    xmlNodePtr found;
} seek;

static bool seek_enter(void *ctx, xmlNodePtr n)
{
    seek *s = ctx;
    if (s->found || n->type != XML_ELEMENT_NODE || is_hidden(n))
        return false;
    if (s->words ? has_word(n, s->words) && text_of(n) > 0 : is(n, "h1")) {
        s->found = n;
        return false;
    }
    return true;
}

static xmlNodePtr seek_in(xmlNodePtr root, const char *const *words)
{
    seek s = {words, NULL};
    walk(root, seek_enter, NULL, &s);
    return s.found;
}

static bool inside(xmlNodePtr n, xmlNodePtr root)
{
    for (; n; n = n->parent)
        if (n == root)
            return true;
    return false;
}

static bool same_text(xmlNodePtr n, const char *title)
{
    char *t = node_text(n, 1024);
    bool same = t && title && same_name(t, title);
    free(t);
    return same;
}

/* ---- the extractor ------------------------------------------------------------------------ */

static void free_body(body *b)
{
    for (size_t i = 0; i < b->nheads; i++)
        free(b->heads[i].title);
    free(b->heads);
    free(b->out.p);
}

/* Fills doc from the parsed page.  Returns 0 or a negative KERR_*. */
static int read_page(kdoc *doc, xmlDocPtr d, kerr *err)
{
    xmlNodePtr html = xmlDocGetRootElement(d); /* all of it, head too (see is_hidden) */
    if (!html)
        return kerr_set(err, KERR_FORMAT, "no text found");
    meta m = {0};
    walk(html, meta_enter, NULL, &m);
    apply_meta(doc, &m, html);

    size_t count = 0;
    walk(html, count_enter, NULL, &count);
    scoring sc = {.cap = count};
    if (!(sc.s = calloc(count ? count : 1, sizeof *sc.s)))
        return kerr_set(err, KERR_NOMEM, "out of memory");
    walk(html, score_enter, score_leave, &sc);

    static const char *const lead_words[] = {"lead", "ingress", "standfirst", "preamble", NULL};
    body b = {.doc = doc};
    b.root = main_content(html);
    b.root_text = text_of(b.root);
    if (!(b.lead = seek_in(b.root, lead_words)))
        b.lead = seek_in(html, lead_words);
    xmlNodePtr h1 = seek_in(b.root, NULL);
    if (!doc->title && h1)
        set_owned(&doc->title, node_text(h1, 1024));
    if (!doc->title && m.title_elem)
        set_owned(&doc->title, title_tag(m.title_elem));
    if (h1 && same_text(h1, doc->title))
        b.title_h1 = h1;

    byline bl = {doc, doc->nauthors > 0};
    walk(b.root, byline_enter, NULL, &bl);

    for (xmlNodePtr p = b.root->parent; p; p = p->parent)
        b.in_article += is(p, "article");
    if (b.lead && !inside(b.lead, b.root))
        walk(b.lead, body_enter, body_leave, &b); /* the lead comes first, wherever it is */
    walk(b.root, body_enter, body_leave, &b);
    free(sc.s);
    while (b.out.len > 0 && b.out.p[b.out.len - 1] == ' ')
        b.out.len--;
    int rc = 0;
    if (b.failed || b.out.failed)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    else if (b.out.len == 0)
        rc = kerr_set(err, KERR_FORMAT, "no text found");
    else if (body_sections(&b) < 0 || kdoc_add_page(doc, "1", b.out.p, b.out.len) < 0)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    free_body(&b);
    return rc;
}

int extract_html(kdoc *doc, const unsigned char *data, size_t len, kerr *err)
{
    char *utf8 = page_utf8(doc, data, len);
    char *bytes = utf8 ? utf8_nfc(utf8) : NULL; /* markup is ASCII: NFC leaves it be */
    free(utf8);
    if (!bytes)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        free(bytes);
        return kerr_set(err, KERR_NOMEM, "out of memory");
    }
    const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                     HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
    size_t blen = strlen(bytes);
    xmlDocPtr d = NULL;
    if (blen <= INT_MAX)
        d = htmlCtxtReadMemory(ctxt, bytes, (int)blen, NULL, "UTF-8", opts);
    int rc;
    /* libxml2 stops reading at 256 levels (xmlParserMaxDepth) and says so
     * only in its last error; what came before is still a page. */
    bool too_deep = ctxt->lastError.code == XML_ERR_INTERNAL_ERROR && ctxt->lastError.message &&
                    strstr(ctxt->lastError.message, "depth");
    int line = ctxt->lastError.line;
    if (blen > INT_MAX) {
        rc = kerr_set(err, KERR_TOOLARGE, "HTML page over %d bytes as UTF-8", INT_MAX);
    } else if (!d) {
        rc = kerr_set(err, KERR_FORMAT, "no text found");
    } else {
        rc = read_page(doc, d, err);
        if (too_deep && rc == KERR_FORMAT)
            rc = kerr_set(err, KERR_FORMAT, "HTML nested deeper than %u levels (line %d)",
                          xmlParserMaxDepth, line);
        else if (too_deep && rc == 0)
            kdoc_warn(doc, "HTML nested deeper than %u levels: text after line %d dropped",
                      xmlParserMaxDepth, line);
    }
    doc->paged = false;
    xmlFreeDoc(d);
    htmlFreeParserCtxt(ctxt);
    free(bytes);
    return rc;
}
