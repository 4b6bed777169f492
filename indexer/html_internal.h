/*
 * What the parts of the HTML extractor share; private to extract_html.c,
 * html_charset.c, html_meta.c and html_tree.c.  Strings returned as char *
 * are malloc'd UTF-8 the caller frees, NULL when there is nothing (or
 * memory ran out).  Nothing here keeps state between calls, so pages may
 * be read in parallel threads, each with its own tree.
 */
#ifndef KILDE_HTML_INTERNAL_H
#define KILDE_HTML_INTERNAL_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "document.h"

/* ---- html_charset.c: bytes to UTF-8 ---------------------------------------------- */

/* The page as UTF-8 for libxml2, which is then told to ignore what the
 * page declares: by byte-order mark, else the declared charset (windows-
 * 1252 for ISO-8859-1 and ASCII, as browsers read them; others through
 * iconv), else UTF-8 with a page that is not read as windows-1252.  What
 * had to be guessed or replaced is a warning on doc. */
char *html_page_utf8(kdoc *doc, const unsigned char *d, size_t len);

/* ---- html_tree.c: the tree ---------------------------------------------------------- */

/* Whether n is the element `name` (lower case, as libxml2 gives it). */
bool html_is(xmlNodePtr n, const char *name);

/* An attribute's value, any case of its name ("" when it has none), or
 * NULL when absent; points into the tree. */
const char *html_attr(xmlNodePtr n, const char *name);

/* Whether the class attribute contains sub, in any case. */
bool html_class_has(xmlNodePtr n, const char *sub);

/* Whether the class or id, cut into words at anything but ASCII letters,
 * has one of the NULL-terminated words. */
bool html_has_word(xmlNodePtr n, const char *const *words);

/* Depth-first over root's subtree without recursion.  enter() returns
 * whether to go into the node's children; leave() (may be NULL) follows
 * for such nodes, after their children. */
typedef bool (*html_enter_fn)(void *ctx, xmlNodePtr n);
typedef void (*html_leave_fn)(void *ctx, xmlNodePtr n);
void html_walk(xmlNodePtr root, html_enter_fn enter, html_leave_fn leave, void *ctx);

/* Elements that are never text: scripts, forms, <nav>, <aside>, hidden
 * ones (hidden, aria-hidden, display:none). */
bool html_is_hidden(xmlNodePtr n);

/* Elements that start a new paragraph; the rest run on in a line. */
bool html_is_block(xmlNodePtr n);

/* An element's text on one line, white space collapsed, at most limit
 * bytes (cut at a character) from a bounded number of nodes; "" when it
 * has none. */
char *html_node_text(xmlNodePtr n, size_t limit);

/* A copy of s with white space collapsed and trimmed; NULL for NULL or "". */
char *html_clean(const char *s);

/* Whether two names are the same but for case. */
bool html_same_name(const char *a, const char *b);

/* ---- extract_html.c: how much text each element holds --------------------------- */

/* Counted once per page into node->_private (hidden parts not counted):
 * all the text below the element, and the part of it in <p> children. */
typedef struct html_score {
    size_t text, ptext;
} html_score;

static inline size_t html_text_of(xmlNodePtr n)
{
    return n && n->_private ? ((const html_score *)n->_private)->text : 0;
}

/* ---- html_meta.c: metadata ----------------------------------------------------------- */

/* Fills doc's title, date, DOI, URL, language and authors from what the
 * page's <meta>, <link rel="canonical"> and <html lang> say, where the tags
 * give them.  Returns the page's <title> element (the last resort for the
 * title; see html_title_tag), or NULL. */
xmlNodePtr html_head_meta(kdoc *doc, xmlNodePtr html);

/* <title> text without the " | Site name" the site adds. */
char *html_title_tag(xmlNodePtr title);

/* Reads the author blocks below root: the head's authors get their role
 * and e-mail address; when the head named none, the blocks' names become
 * the authors.  Needs the text counts (html_text_of). */
void html_bylines(kdoc *doc, xmlNodePtr root);

#endif
