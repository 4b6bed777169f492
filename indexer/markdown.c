/*
 * Markdown to text: the markup goes, every word stays, and the headings
 * (ATX "## …" and setext underlines) become sections.  This file reads
 * the blocks (headings, lists, quotes, fences, tables, comments, YAML front
 * matter); markdown_inline.c reads what is inside a line.  One pass over
 * the text, so time and memory grow in proportion to it.
 */
#include "markdown.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "headings.h"
#include "markdown_inline.h"

typedef struct md {
    kdoc *doc;
    kbuf out;
    md_inline in;          /* a line's inline markup; writes to out */
    kheadings heads;       /* start: the heading line; body: the text under it */
    bool failed;
    /* block state */
    bool in_fence, in_comment;
    char fence_ch;
    size_t fence_len;
    bool prev_para;        /* the previous line was paragraph text */
    size_t prev_line_start;
    bool blank_pending;    /* a blank line is owed before the next text */
} md;

/* ---- blocks ------------------------------------------------------------------ */

static size_t indent_of(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* "---", "***", "_ _ _": a thematic break when *count >= 3; a line of '-'
 * alone (*underline) may instead underline a setext heading. */
static bool is_rule(const char *s, size_t n, size_t *count, bool *underline)
{
    size_t i = indent_of(s, n), spaces = 0;
    if (i > 3 || i >= n || (s[i] != '-' && s[i] != '*' && s[i] != '_'))
        return false;
    char ch = s[i];
    *count = 0;
    for (; i < n; i++) {
        if (s[i] == ch)
            (*count)++;
        else if (s[i] == ' ' || s[i] == '\t')
            spaces++;
        else
            return false;
    }
    *underline = ch == '-' && spaces == 0;
    return true;
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* A line of '=' (setext level 1). */
static bool is_equals(const char *s, size_t n)
{
    size_t i = indent_of(s, n);
    if (i > 3 || i >= n || s[i] != '=')
        return false;
    while (i < n && s[i] == '=')
        i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == n;
}

/* "[label]: https://…" — a link reference definition, not text.  Footnotes
 * ("[^1]: …") are text and stay. */
static bool is_reference(const char *s, size_t n)
{
    size_t i = indent_of(s, n);
    if (i > 3 || i + 1 >= n || s[i] != '[' || s[i + 1] == '^')
        return false;
    const char *close = memchr(s + i, ']', n - i);
    if (!close || (size_t)(close - s) + 1 >= n || close[1] != ':')
        return false;
    size_t j = (size_t)(close - s) + 2;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    size_t u = j;
    while (j < n && !md_is_space(s[j]))
        j++;
    if (j == u)
        return false;
    bool urlish = s[u] == '<' || s[u] == '#' || s[u] == '/' || memchr(s + u, ':', j - u) ||
                  memchr(s + u, '.', j - u);
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    return urlish && (j == n || s[j] == '"' || s[j] == '\'' || s[j] == '(');
}

/* "|---|:--:|" */
static bool is_table_rule(const char *s, size_t n)
{
    bool dash = false, pipe = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            dash = true;
        else if (s[i] == '|')
            pipe = true;
        else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t')
            return false;
    }
    return dash && pipe;
}

/* Starts an output line, with the blank line owed before it. */
static void line_begin(md *m)
{
    if (m->blank_pending && m->out.len > 0)
        kbuf_putc(&m->out, '\n');
    m->blank_pending = false;
}

static void add_heading(md *m, const char *title, size_t tlen, int level, size_t line_start)
{
    while (tlen > 0 && md_is_space((unsigned char)title[tlen - 1]))
        tlen--;
    if (headings_add(&m->heads, title, tlen, level, line_start, m->out.len) < 0)
        m->failed = true;
}

/* "## Title ##" → the title line; returns false when not an ATX heading. */
static bool atx_heading(md *m, const char *s, size_t n)
{
    size_t i = indent_of(s, n), level = 0;
    if (i > 3)
        return false;
    while (i < n && s[i] == '#')
        i++, level++;
    if (level < 1 || level > 6 || (i < n && s[i] != ' ' && s[i] != '\t'))
        return false;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    size_t e = n;
    while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    size_t h = e;
    while (h > i && s[h - 1] == '#')
        h--;
    if (h == i || s[h - 1] == ' ' || s[h - 1] == '\t')
        e = h; /* a closing "##" run */
    while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    m->prev_para = false;
    if (e == i)
        return true; /* an empty heading: nothing to keep */
    m->blank_pending = true;
    line_begin(m);
    size_t start = m->out.len;
    md_inline_emit(&m->in, s + i, e - i);
    size_t end = m->out.len;
    kbuf_putc(&m->out, '\n');
    if (!m->out.status)
        add_heading(m, m->out.data + start, end - start, (int)level, start);
    m->blank_pending = true;
    return true;
}

/* The previous paragraph line was a setext heading's text. */
static void setext(md *m, int level)
{
    size_t start = m->prev_line_start, end = m->out.len;
    while (end > start && m->out.data[end - 1] == '\n')
        end--;
    add_heading(m, m->out.data + start, end - start, level, start);
    m->blank_pending = true;
    m->prev_para = false;
}

/* Strips list and quote markers, then emits the line's text. */
static void text_line(md *m, const char *s, size_t n)
{
    size_t i = indent_of(s, n);
    line_begin(m);
    m->prev_line_start = m->out.len;
    kbuf_append(&m->out, s, i);
    bool bullet = i + 1 < n && (s[i] == '-' || s[i] == '*' || s[i] == '+');
    if (bullet && (s[i + 1] == ' ' || s[i + 1] == '\t')) {
        kbuf_append(&m->out, "\xE2\x80\xA2 ", 4); /* "• ", as lists print */
        i += 2;
    } else if (i < n && s[i] == '|') { /* a table row: the outer bars go */
        i++;
        while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n > i && s[n - 1] == '|')
            n--;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
    }
    md_inline_emit(&m->in, s + i, n - i);
    kbuf_putc(&m->out, '\n');
    m->prev_para = true;
}

static bool fence_open(const char *s, size_t n, char *ch, size_t *len)
{
    size_t i = indent_of(s, n), k = 0;
    if (i > 3 || i >= n || (s[i] != '`' && s[i] != '~'))
        return false;
    while (i + k < n && s[i + k] == s[i])
        k++;
    if (k < 3)
        return false;
    *ch = s[i];
    *len = k;
    return true;
}

/* An HTML comment from "<!--" at the start of a line to the line holding
 * "-->"; the lines go. */
static bool comment_line(md *m, const char *s, size_t n)
{
    size_t i = indent_of(s, n);
    if (!m->in_comment && !(n - i >= 4 && memcmp(s + i, "<!--", 4) == 0))
        return false;
    bool closed = false;
    for (size_t j = i; j + 2 < n && !closed; j++)
        closed = memcmp(s + j, "-->", 3) == 0;
    m->in_comment = !closed;
    return true;
}

static void md_line(md *m, const char *s, size_t n)
{
    char ch;
    size_t k;
    bool underline;
    if (m->in_fence) {
        if (fence_open(s, n, &ch, &k) && ch == m->fence_ch && k >= m->fence_len) {
            m->in_fence = false;
            return;
        }
        line_begin(m);
        kbuf_append(&m->out, s, n); /* code is kept as written */
        kbuf_putc(&m->out, '\n');
        return;
    }
    if (comment_line(m, s, n))
        return;
    for (size_t q = indent_of(s, n); q <= 3 && q < n && s[q] == '>'; q = indent_of(s, n)) {
        q++; /* block quotes: the marker goes */
        if (q < n && s[q] == ' ')
            q++;
        s += q;
        n -= q;
    }
    if (is_blank(s, n)) {
        m->blank_pending = m->out.len > 0;
        m->prev_para = false;
    } else if (fence_open(s, n, &ch, &k)) {
        m->in_fence = true;
        m->fence_ch = ch;
        m->fence_len = k;
        m->blank_pending = m->out.len > 0;
        m->prev_para = false;
    } else if (m->prev_para && is_equals(s, n)) {
        setext(m, 1);
    } else if (is_rule(s, n, &k, &underline) && ((m->prev_para && underline) || k >= 3)) {
        if (m->prev_para && underline) {
            setext(m, 2);
        } else {
            m->blank_pending = m->out.len > 0; /* a thematic break goes */
            m->prev_para = false;
        }
    } else if (atx_heading(m, s, n)) {
        /* done */
    } else if (is_reference(s, n) || is_table_rule(s, n)) {
        m->prev_para = false;
    } else {
        text_line(m, s, n);
    }
}


/* ---- front matter, and the whole ------------------------------------------ */

static bool valid_date(const char *s)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int i = 0; i < 10; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
            return false;
    int y = atoi(s), mo = atoi(s + 5), d = atoi(s + 8);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1] && (mo != 2 || d <= 28 || leap);
}

/* Applies one "key: value" line of YAML front matter that kilde knows. */
static void front_matter_field(kdoc *doc, const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    size_t klen = (size_t)(colon - s);
    const char *v = colon + 1, *e = s + n;
    while (v < e && (*v == ' ' || *v == '\t'))
        v++;
    while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if (e - v >= 2 && (*v == '"' || *v == '\'') && e[-1] == *v)
        v++, e--;
    char *value = strndup(v, (size_t)(e - v));
    if (!value || !*value) {
        free(value);
        return;
    }
    if (klen == 5 && strncasecmp(s, "title", 5) == 0 && !doc->title)
        kdoc_set(&doc->title, value);
    else if (klen == 4 && strncasecmp(s, "date", 4) == 0 && strlen(value) >= 10) {
        value[10] = '\0';
        if (valid_date(value)) {
            kdoc_set(&doc->date, value);
            doc->date_source = KDATE_META;
        }
    } else if ((klen == 4 && strncasecmp(s, "lang", 4) == 0) ||
               (klen == 8 && strncasecmp(s, "language", 8) == 0)) {
        if (strncasecmp(value, "nn", 2) == 0)
            kdoc_set(&doc->lang, "nn");
        else if (strncasecmp(value, "nb", 2) == 0 || strncasecmp(value, "no", 2) == 0)
            kdoc_set(&doc->lang, "nb");
    }
    free(value);
}

static bool is_key_line(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return false;
    while (i < n && s[i] != ':' && (s[i] == '_' || s[i] == '-' || (s[i] >= 'a' && s[i] <= 'z') ||
                                    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
        i++;
    return i < n && s[i] == ':';
}

/* YAML front matter ("---" on the first line, "key: value" lines, "---"):
 * reads title, date and lang and returns where the Markdown starts.  Only a
 * block made wholly of such lines counts, so a document that merely opens
 * with a thematic break is left alone. */
static size_t front_matter(kdoc *doc, const char *t, size_t len)
{
    if (len < 4 || memcmp(t, "---\n", 4) != 0)
        return 0;
    size_t pos = 4;
    for (int lines = 0; pos < len && lines < 200; lines++) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (t + pos)) : len - pos;
        const char *s = t + pos;
        if ((n == 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0)) && lines > 0) {
            for (size_t p = 4; p < pos;) {
                const char *e = memchr(t + p, '\n', pos - p);
                if (is_key_line(t + p, (size_t)(e - (t + p))))
                    front_matter_field(doc, t + p, (size_t)(e - (t + p)));
                p = (size_t)(e - t) + 1;
            }
            return nl ? pos + n + 1 : len;
        }
        if (!(n == 0 || s[0] == '#' || s[0] == ' ' || s[0] == '-' || is_key_line(s, n)))
            return 0;
        if (!nl)
            return 0;
        pos += n + 1;
    }
    return 0;
}

static void md_free(md *m)
{
    headings_free(&m->heads);
    md_inline_free(&m->in);
    kbuf_free(&m->out);
}

int markdown_read(kdoc *doc, const char *text, kerr *err)
{
    md m = {.doc = doc};
    /* The text never outgrows its source by more than a few bytes a line
     * (a "- " item becomes "• "): the source bounds it. */
    kbuf_init(&m.out, KBUF_NO_CAP);
    md_inline_init(&m.in, doc, &m.out);
    size_t len = strlen(text);
    size_t pos = front_matter(doc, text, len);
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        md_line(&m, text + pos, n);
        pos += n + 1;
    }
    size_t end = m.out.len;
    while (end > 0 && m.out.data[end - 1] == '\n')
        end--;
    kbuf_setlen(&m.out, end);
    int rc = 0;
    if (m.failed || m.in.failed || m.out.status)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    else if (m.out.len == 0)
        rc = kerr_set(err, KERR_FORMAT, "no text found");
    else if (headings_to_sections(&m.heads, doc, m.out.data, m.out.len, " \t\n") < 0 ||
             kdoc_add_page(doc, "1", m.out.data, m.out.len) < 0)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    if (rc == 0 && !doc->title && m.heads.n > 0)
        kdoc_set(&doc->title, m.heads.v[0].title);
    md_free(&m);
    return rc;
}
