/*
 * What the HTML extractor's parts ask of libxml2's tree: element tests,
 * attributes, class words, a walk without recursion, and an element's text
 * as a browser would show it on one line.  Nothing here keeps state.
 */
#include "html_internal.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "utf8.h"

bool html_is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An attribute's value ("" when it has none), or NULL when absent. */
const char *html_attr(xmlNodePtr n, const char *name)
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
bool html_class_has(xmlNodePtr n, const char *sub)
{
    const char *c = html_attr(n, "class");
    return c && strcasestr(c, sub);
}

/* Whether the class or id, cut into words at anything but ASCII letters,
 * has one of words ("cookie-banner" has "cookie" and "banner", but
 * "navn" has no "nav"). */
bool html_has_word(xmlNodePtr n, const char *const *words)
{
    static const char *const attrs[] = {"class", "id"};
    for (size_t a = 0; a < 2; a++) {
        const char *s = html_attr(n, attrs[a]);
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
void html_walk(xmlNodePtr root, html_enter_fn enter, html_leave_fn leave, void *ctx)
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
bool html_is_hidden(xmlNodePtr n)
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
    const char *aria = html_attr(n, "aria-hidden");
    const char *style = html_attr(n, "style");
    return html_attr(n, "hidden") || (aria && strcmp(aria, "true") == 0) ||
           (style && (strcasestr(style, "display:none") || strcasestr(style, "display: none")));
}

/* Elements that start a new paragraph; the rest run on in a line. */
bool html_is_block(xmlNodePtr n)
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

/* ---- element text ---------------------------------------------------------------- */

/* Appends text with runs of white space as one space (*pending carries a
 * space owed across calls); no-break spaces count as spaces and soft
 * hyphens, mere hints, go.  What passes b's cap is cut off at a character. */
static void add_collapsed(kbuf *b, bool *pending, const char *s, size_t n)
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
                kbuf_append_cut(b, " ", 1);
            *pending = false;
            kbuf_append_cut(b, s + i, k - i);
            i = k;
        }
    }
}

typedef struct textctx {
    kbuf *b;
    bool pending;
    size_t budget; /* nodes left to look at */
} textctx;

static bool text_enter(void *ctx, xmlNodePtr n)
{
    textctx *t = ctx;
    if (t->budget == 0 || t->b->len >= t->b->cap)
        return false;
    t->budget--;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *s = (const char *)n->content;
        if (s)
            add_collapsed(t->b, &t->pending, s, strlen(s));
        return false;
    }
    if (n->type != XML_ELEMENT_NODE || html_is_hidden(n))
        return false;
    t->pending |= html_is_block(n);
    return true;
}

static void text_leave(void *ctx, xmlNodePtr n)
{
    ((textctx *)ctx)->pending |= html_is_block(n); /* "<p>a</p><p>b</p>" reads "a b" */
}

/* An element's text on one line, at most limit bytes (and a bounded number
 * of nodes, so that looking at many elements stays cheap).  Caller frees. */
char *html_node_text(xmlNodePtr n, size_t limit)
{
    kbuf b;
    kbuf_init(&b, limit); /* text past it is cut off, not an error */
    textctx t = {&b, false, 4096};
    html_walk(n, text_enter, text_leave, &t);
    return kbuf_take(&b);
}

/* A copy of s with white space collapsed and trimmed; NULL for NULL or "". */
char *html_clean(const char *s)
{
    if (!s)
        return NULL;
    kbuf b;
    kbuf_init(&b, KBUF_NO_CAP); /* never longer than s */
    bool pending = false;
    add_collapsed(&b, &pending, s, strlen(s));
    if (b.len == 0) {
        kbuf_free(&b);
        return NULL;
    }
    return kbuf_take(&b);
}

bool html_same_name(const char *a, const char *b)
{
    char *x = utf8_casefold(a), *y = utf8_casefold(b);
    bool same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}
