/*
 * HTML pages through libxml2's forgiving HTML parser.  The bytes are made
 * UTF-8 first (html_charset.c: a page that declares nothing and is not
 * UTF-8 is read as windows-1252, as browsers do, with a warning), the
 * head's citation_*, Open Graph and Dublin Core tags give the metadata
 * (html_meta.c), and the main content (the <article>, else <main>, else the
 * element holding most paragraph text) gives the text.  Left out of the
 * text: the site's header, menus, cookie banners, related links and footer;
 * photo captions (set aside as captions); and the article's own header
 * matter that is metadata here (the <h1> that is the title, the author
 * block, the category), so the text starts with the lead.  The article's
 * footer ("Publisert: …", DOI) stays: later stages read it.
 *
 * Every walk over the tree is a loop, never recursion; libxml2 itself stops
 * at 256 levels of nesting (we do not pass HTML_PARSE_HUGE).  All state
 * lives in the call, so extractors may run in parallel threads.
 */
#include "document.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "headings.h"
#include "html_internal.h"
#include "utf8.h"

/* ---- choosing the main content ------------------------------------------------------ */

/* How much text each element holds (html_score, read by html_text_of) is
 * counted once per page, kept in node->_private for this call's tree only. */
typedef struct scoring {
    html_score *s;
    size_t n, cap;
} scoring;

static bool count_enter(void *ctx, xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE || html_is_hidden(n))
        return false;
    (*(size_t *)ctx)++;
    return true;
}

static bool score_enter(void *ctx, xmlNodePtr n)
{
    scoring *sc = ctx;
    if (n->type == XML_TEXT_NODE && n->parent && n->parent->_private && n->content)
        ((html_score *)n->parent->_private)->text += strlen((const char *)n->content);
    if (n->type != XML_ELEMENT_NODE || html_is_hidden(n) || sc->n == sc->cap)
        return false;
    n->_private = &sc->s[sc->n++];
    return true;
}

static void score_leave(void *ctx, xmlNodePtr n)
{
    (void)ctx;
    html_score *me = n->_private, *up = n->parent ? n->parent->_private : NULL;
    if (!me || !up || n->parent->type != XML_ELEMENT_NODE)
        return;
    up->text += me->text;
    if (html_is(n, "p"))
        up->ptext += me->text;
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
    const html_score *s = n->_private;
    const char *role = html_attr(n, "role");
    if (html_is(n, "article") && s->text > b->article_text) {
        b->article = n;
        b->article_text = s->text;
    } else if ((html_is(n, "main") || (role && !strcasecmp(role, "main"))) && s->text > b->main_text) {
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
    html_walk(body, best_enter, NULL, &b);
    size_t all = html_text_of(body);
    if (b.article && b.article_text * 4 >= all)
        return b.article;
    if (b.main && b.main_text * 4 >= all)
        return b.main;
    return b.paragraphs ? b.paragraphs : body;
}

/* ---- the text ------------------------------------------------------------------------ */

typedef struct body {
    kdoc *doc;
    xmlNodePtr root, lead, title_h1;
    size_t root_text;
    kbuf out;
    int pending;        /* 0 nothing, 1 a space, 2 a paragraph break owed */
    size_t head_mark;   /* where the open heading's text starts, SIZE_MAX: not yet */
    size_t lead_mark;   /* likewise for the lead */
    bool want_head, want_lead;
    const char *prefix; /* "• " owed before a list item's text */
    int in_pre, in_article;
    xmlNodePtr open_heading;
    int open_level;
    kheadings heads;    /* start: the heading's text; body: the text under it */
    bool failed;
} body;

static void put(body *b, const char *s, size_t n)
{
    if (b->out.len > 0 && b->pending)
        kbuf_append(&b->out, b->pending == 2 ? "\n\n" : " ", (size_t)b->pending);
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
        kbuf_append(&b->out, b->prefix, strlen(b->prefix));
        b->prefix = NULL;
    }
    kbuf_append(&b->out, s, n);
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
    if (!html_has_word(n, words) && !html_class_has(n, "author"))
        return false;
    return html_text_of(n) * 2 < b->root_text;
}

static bool holds_publisert(xmlNodePtr n)
{
    char *t = html_node_text(n, 4096);
    bool yes = t && strstr(t, "Publisert");
    free(t);
    return yes;
}

static bool skip_element(body *b, xmlNodePtr n)
{
    if (html_is_hidden(n))
        return true;
    /* The site's header and footer go; an article's own stay, and so does a
     * footer with the "Publisert: …" line later stages read. */
    if ((html_is(n, "header") || html_is(n, "footer")) && b->in_article == 0 && !holds_publisert(n))
        return true;
    if (n == b->title_h1)
        return true; /* the title is doc->title, not text */
    return n != b->lead && is_furniture(b, n);
}

static bool caption_element(body *b, xmlNodePtr n)
{
    if (!html_is(n, "figcaption") && !html_class_has(n, "caption"))
        return false;
    char *c = html_node_text(n, 8192);
    if (c && *c && kdoc_add_caption(b->doc, c) < 0)
        b->failed = true;
    free(c);
    return true;
}

static void add_heading(body *b, size_t start, int level)
{
    if (headings_add(&b->heads, b->out.data + start, b->out.len - start, level, start,
                     b->out.len) < 0)
        b->failed = true;
}

static bool is_heading(xmlNodePtr n, int *level)
{
    const char *s = (const char *)n->name;
    if (n->type != XML_ELEMENT_NODE || s[0] != 'h' || s[1] < '1' || s[1] > '6' || s[2])
        return false;
    *level = s[1] - '0';
    return true;
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
    if (html_is_block(n))
        paragraph_break(b);
    else if (html_is(n, "td") || html_is(n, "th"))
        b->pending = b->pending ? b->pending : 1;
    if (html_is(n, "li"))
        b->prefix = "\xE2\x80\xA2 "; /* "• " */
    b->in_pre += html_is(n, "pre");
    b->in_article += html_is(n, "article");
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
    b->in_pre -= html_is(n, "pre");
    b->in_article -= html_is(n, "article");
    if (html_is(n, "li"))
        b->prefix = NULL;
    if (n == b->open_heading) {
        if (b->head_mark != SIZE_MAX && !b->out.status)
            add_heading(b, b->head_mark, b->open_level);
        b->open_heading = NULL;
        b->want_head = false;
    }
    if (n == b->lead) {
        if (b->lead_mark != SIZE_MAX && !b->out.status)
            kdoc_take(&b->doc->lead, strndup(b->out.data + b->lead_mark, b->out.len - b->lead_mark));
        b->want_lead = false;
    }
    if (html_is_block(n))
        paragraph_break(b);
}

/* ---- finding the lead, the title heading ------------------------------------------------ */

typedef struct seek {
    const char *const *words; /* class words to find, or NULL for <h1> */
    xmlNodePtr found;
} seek;

static bool seek_enter(void *ctx, xmlNodePtr n)
{
    seek *s = ctx;
    if (s->found || n->type != XML_ELEMENT_NODE || html_is_hidden(n))
        return false;
    if (s->words ? html_has_word(n, s->words) && html_text_of(n) > 0 : html_is(n, "h1")) {
        s->found = n;
        return false;
    }
    return true;
}

static xmlNodePtr seek_in(xmlNodePtr root, const char *const *words)
{
    seek s = {words, NULL};
    html_walk(root, seek_enter, NULL, &s);
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
    char *t = html_node_text(n, 1024);
    bool same = t && title && html_same_name(t, title);
    free(t);
    return same;
}

/* ---- the extractor ------------------------------------------------------------------------ */

static void free_body(body *b)
{
    headings_free(&b->heads);
    kbuf_free(&b->out);
}

/* Fills doc from the parsed page.  Returns 0 or a negative KERR_*. */
static int read_page(kdoc *doc, xmlDocPtr d, kerr *err)
{
    xmlNodePtr html = xmlDocGetRootElement(d); /* all of it, head too (see html_is_hidden) */
    if (!html)
        return kerr_set(err, KERR_FORMAT, "no text found");
    xmlNodePtr title_elem = html_head_meta(doc, html);

    size_t count = 0;
    html_walk(html, count_enter, NULL, &count);
    scoring sc = {.cap = count};
    if (!(sc.s = calloc(count ? count : 1, sizeof *sc.s)))
        return kerr_set(err, KERR_NOMEM, "out of memory");
    html_walk(html, score_enter, score_leave, &sc);

    static const char *const lead_words[] = {"lead", "ingress", "standfirst", "preamble", NULL};
    body b = {.doc = doc};
    kbuf_init(&b.out, KBUF_NO_CAP); /* the page's text: its bytes bound it */
    b.root = main_content(html);
    b.root_text = html_text_of(b.root);
    if (!(b.lead = seek_in(b.root, lead_words)))
        b.lead = seek_in(html, lead_words);
    xmlNodePtr h1 = seek_in(b.root, NULL);
    if (!doc->title && h1)
        kdoc_take(&doc->title, html_node_text(h1, 1024));
    if (!doc->title && title_elem)
        kdoc_take(&doc->title, html_title_tag(title_elem));
    if (h1 && same_text(h1, doc->title))
        b.title_h1 = h1;

    html_bylines(doc, b.root);

    for (xmlNodePtr p = b.root->parent; p; p = p->parent)
        b.in_article += html_is(p, "article");
    if (b.lead && !inside(b.lead, b.root))
        html_walk(b.lead, body_enter, body_leave, &b); /* the lead comes first, wherever it is */
    html_walk(b.root, body_enter, body_leave, &b);
    free(sc.s);
    size_t end = b.out.len;
    while (end > 0 && b.out.data[end - 1] == ' ')
        end--;
    kbuf_setlen(&b.out, end);
    int rc = 0;
    if (b.failed || b.out.status)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    else if (b.out.len == 0)
        rc = kerr_set(err, KERR_FORMAT, "no text found");
    /* h2 and h3 become sections holding the text up to the next one */
    else if (headings_to_sections(&b.heads, doc, b.out.data, b.out.len, " \n") < 0 ||
             kdoc_add_page(doc, "1", b.out.data, b.out.len) < 0)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    free_body(&b);
    return rc;
}

int extract_html(kdoc *doc, const unsigned char *data, size_t len, kerr *err)
{
    char *utf8 = html_page_utf8(doc, data, len);
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
