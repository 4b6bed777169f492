#include "clean.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "marks.h"

/* How many non-blank lines at each edge of a page can be furniture. */
#define EDGE_LINES 3
/* A line at the same edge of this share of pages is a running header. */
#define RUNNING_SHARE 0.4
#define KEY_LEN 96

typedef struct line {
    const char *s;
    size_t len;
    bool drop;
} line;

typedef struct page_lines {
    line *items;
    size_t n;
} page_lines;

static bool is_blank(const line *l)
{
    for (size_t i = 0; i < l->len; i++)
        if (!isspace((unsigned char)l->s[i]))
            return false;
    return true;
}

static int split_lines(const char *text, page_lines *out)
{
    size_t cap = 16;
    out->n = 0;
    out->items = malloc(cap * sizeof *out->items);
    if (!out->items)
        return -1;
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        if (out->n == cap) {
            line *grown = realloc(out->items, (cap *= 2) * sizeof *grown);
            if (!grown)
                return -1;
            out->items = grown;
        }
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len && p[len - 1] == '\r')
            len--;
        out->items[out->n++] = (line){p, len, false};
        if (!nl)
            return 0;
        p = nl + 1;
    }
}

/* Digits become '#' and white space is folded, so "Side 3 av 7" and
 * "Side 4 av 7" share a key. */
static void furniture_key(const line *l, char key[KEY_LEN])
{
    size_t k = 0;
    bool space = true;
    for (size_t i = 0; i < l->len && k < KEY_LEN - 1; i++) {
        unsigned char c = (unsigned char)l->s[i];
        if (isspace(c)) {
            if (!space)
                key[k++] = ' ';
            space = true;
            continue;
        }
        space = false;
        if (isdigit(c)) {
            if (k == 0 || key[k - 1] != '#')
                key[k++] = '#';
        } else
            key[k++] = (char)c;
    }
    while (k && key[k - 1] == ' ')
        k--;
    key[k] = '\0';
}

/* Indexes of the first and last EDGE_LINES non-blank lines of a page. */
static size_t edge_lines(const page_lines *pl, size_t idx[2 * EDGE_LINES])
{
    size_t n = 0;
    for (size_t i = 0, seen = 0; i < pl->n && seen < EDGE_LINES; i++)
        if (!is_blank(&pl->items[i]))
            idx[n++] = i, seen++;
    for (size_t i = pl->n, seen = 0; i-- > 0 && seen < EDGE_LINES;) {
        if (is_blank(&pl->items[i]))
            continue;
        seen++;
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup |= idx[k] == i;
        if (!dup)
            idx[n++] = i;
    }
    return n;
}

typedef struct key_count {
    char key[KEY_LEN];
    size_t pages;
} key_count;

static size_t count_of(const key_count *counts, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(counts[i].key, key) == 0)
            return counts[i].pages;
    return 0;
}

/* Edge lines repeated on many pages, and page numbers, are furniture. */
static void mark_furniture(page_lines *pages, size_t npages, const kpatterns *pat,
                           kclean_stats *stats)
{
    key_count *counts = calloc(npages * 2 * EDGE_LINES + 1, sizeof *counts);
    size_t ncounts = 0;
    if (!counts)
        return;
    for (size_t p = 0; p < npages; p++) {
        size_t idx[2 * EDGE_LINES], n = edge_lines(&pages[p], idx);
        for (size_t k = 0; k < n; k++) {
            char key[KEY_LEN];
            furniture_key(&pages[p].items[idx[k]], key);
            size_t c = 0;
            while (c < ncounts && strcmp(counts[c].key, key) != 0)
                c++;
            if (c == ncounts)
                memcpy(counts[ncounts++].key, key, KEY_LEN);
            counts[c].pages++; /* a key twice on one page is rare enough to ignore */
        }
    }
    size_t need = (size_t)(npages * RUNNING_SHARE + 0.999);
    if (need < 2)
        need = 2;
    for (size_t p = 0; p < npages; p++) {
        size_t idx[2 * EDGE_LINES], n = edge_lines(&pages[p], idx);
        for (size_t k = 0; k < n; k++) {
            line *l = &pages[p].items[idx[k]];
            char key[KEY_LEN];
            furniture_key(l, key);
            if (count_of(counts, ncounts, key) >= need ||
                patterns_match(pat, PAT_PAGENUMBER, l->s, l->len)) {
                l->drop = true;
                stats->furniture_lines++;
            }
        }
    }
    free(counts);
}

/* A run of URL-only lines is a link list when it holds two or more links
 * or ends the page; a lone URL inside running text stays. */
static void mark_links(page_lines *pl, const kpatterns *pat, kclean_stats *stats)
{
    size_t i = 0;
    while (i < pl->n) {
        if (pl->items[i].drop || !patterns_match(pat, PAT_LINK, pl->items[i].s, pl->items[i].len)) {
            i++;
            continue;
        }
        size_t start = i, links = 0, end = i;
        while (i < pl->n && (is_blank(&pl->items[i]) || pl->items[i].drop ||
                             patterns_match(pat, PAT_LINK, pl->items[i].s, pl->items[i].len))) {
            if (!is_blank(&pl->items[i]) && !pl->items[i].drop)
                links++, end = i;
            i++;
        }
        if (links >= 2 || i == pl->n) {
            for (size_t k = start; k <= end; k++)
                if (!is_blank(&pl->items[k]) && !pl->items[k].drop) {
                    pl->items[k].drop = true;
                    stats->link_lines++;
                }
        }
    }
}

/* A caption runs to the next blank line, but never swallows a numbered
 * heading that the layout placed right under it ("10.2 Legeforeningens …"). */
static bool starts_numbered_heading(const line *l)
{
    size_t i = 0;
    while (i < l->len && isspace((unsigned char)l->s[i]))
        i++;
    size_t d = i;
    while (i < l->len && isdigit((unsigned char)l->s[i]))
        i++;
    if (i == d || i - d > 2)
        return false;
    bool dotted = false;
    while (i + 1 < l->len && l->s[i] == '.' && isdigit((unsigned char)l->s[i + 1])) {
        dotted = true;
        i++;
        while (i < l->len && isdigit((unsigned char)l->s[i]))
            i++;
    }
    return dotted && (i == l->len || isspace((unsigned char)l->s[i]));
}

/* A line the layout marked as a heading or footnote, or a numbered
 * heading: never part of a caption. */
static bool stands_alone(const line *l)
{
    return kmark_len(l->s, l->len) > 0 || starts_numbered_heading(l);
}

/* Short paragraphs only can be captions. */
#define CAPTION_MAX_LINES 8

/* Where the paragraph starting at line i ends (exclusive). */
static size_t paragraph_end(const page_lines *pl, size_t i)
{
    size_t first = i;
    while (i < pl->n && !is_blank(&pl->items[i]) && (i == first || !stands_alone(&pl->items[i])))
        i++;
    return i;
}

/* A paragraph opened by a caption label ("STAND: …") or closed by a photo
 * credit ("… Foto: Legeforeningen") is a caption. */
static bool is_caption_paragraph(const page_lines *pl, size_t i, size_t end,
                                 const kpatterns *pat)
{
    const line *first = &pl->items[i];
    if (stands_alone(first))
        return false;
    if (patterns_match(pat, PAT_CAPTION, first->s, first->len))
        return true;
    size_t last = end;
    while (last > i && pl->items[last - 1].drop)
        last--;
    if (last == i || end - i > CAPTION_MAX_LINES)
        return false;
    return patterns_match(pat, PAT_CAPTION_END, pl->items[last - 1].s, pl->items[last - 1].len);
}

/* Rebuilds the page text; a caption paragraph becomes one marked line. */
static char *rebuild(const page_lines *pl, const kpatterns *pat, kclean_stats *stats)
{
    /* A line comes back at most as itself and a line end, or a caption mark
     * and a space: what it held bounds the page. */
    size_t most = 1;
    for (size_t i = 0; i < pl->n; i++)
        most += pl->items[i].len + 2;
    kbuf out;
    kbuf_init(&out, most);
    bool para_start = true;
    for (size_t i = 0; i < pl->n; i++) {
        const line *l = &pl->items[i];
        if (l->drop)
            continue;
        if (is_blank(l)) {
            kbuf_putc(&out, '\n');
            para_start = true;
            continue;
        }
        size_t end = para_start ? paragraph_end(pl, i) : i;
        if (para_start && is_caption_paragraph(pl, i, end, pat)) {
            kbuf_putc(&out, KMARK_CAPTION);
            for (; i < end; i++) {
                if (pl->items[i].drop)
                    continue;
                const char *s = pl->items[i].s;
                size_t len = pl->items[i].len;
                while (len && isspace((unsigned char)s[len - 1]))
                    len--;
                kbuf_append(&out, s, len);
                /* "Kenz Al-" "Shather": a caption's line-end hyphen joins */
                if (!(len >= 2 && s[len - 1] == '-' && !isspace((unsigned char)s[len - 2])))
                    kbuf_putc(&out, ' ');
            }
            if (!out.status)
                out.data[out.len - 1] = '\n'; /* the last space, or the mark alone */
            stats->captions++;
            i--; /* the blank line that ended the caption is kept */
            para_start = true;
            continue;
        }
        kbuf_append(&out, l->s, l->len);
        kbuf_putc(&out, '\n');
        /* a heading ends its own paragraph: a caption may stand right under it */
        para_start = para_start && stands_alone(l);
    }
    if (out.len > 0 && out.data[out.len - 1] == '\n')
        kbuf_setlen(&out, out.len - 1);
    return kbuf_take(&out);
}

int clean_document(kdoc *doc, const kpatterns *patterns, kclean_stats *stats)
{
    page_lines *pages = calloc(doc->npages ? doc->npages : 1, sizeof *pages);
    if (!pages)
        return -1;
    int rc = 0;
    for (size_t p = 0; p < doc->npages && rc == 0; p++)
        rc = split_lines(doc->pages[p].text, &pages[p]);
    /* a PDF's extractor saw where lines stand and removed furniture itself */
    stats->furniture_lines += doc->furniture_lines;
    if (rc == 0 && doc->paged && doc->npages >= 2 && !doc->furniture_removed)
        mark_furniture(pages, doc->npages, patterns, stats);
    for (size_t p = 0; p < doc->npages && rc == 0; p++) {
        mark_links(&pages[p], patterns, stats);
        char *text = rebuild(&pages[p], patterns, stats);
        if (!text) {
            rc = -1;
            break;
        }
        free(doc->pages[p].text);
        doc->pages[p].text = text;
    }
    for (size_t p = 0; p < doc->npages; p++)
        free(pages[p].items);
    free(pages);
    return rc;
}
