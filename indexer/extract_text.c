/*
 * Plain text and Markdown.  Bytes become UTF-8 (invalid ones read as
 * windows-1252, with a warning), line ends become '\n', and the result is
 * one page.  Markdown loses its markup but keeps every word, and its
 * headings become sections.  Everything here is one pass over the text, so
 * a 50 MB file with a single line costs time and memory in proportion.
 */
#include "document.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "utf8.h"

/* ---- a growable string ---------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool failed; /* out of memory; checked once at the end */
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
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

static void sb_addc(sbuf *b, char c)
{
    sb_add(b, &c, 1);
}

/* ---- bytes to text ---------------------------------------------------------- */

/* CRLF and a lone CR (old Mac files) become LF, in place; returns the length. */
static size_t unify_newlines(char *s, size_t len)
{
    size_t w = 0;
    for (size_t r = 0; r < len; r++) {
        if (s[r] == '\r') {
            s[w++] = '\n';
            if (r + 1 < len && s[r + 1] == '\n')
                r++;
        } else {
            s[w++] = s[r];
        }
    }
    s[w] = '\0';
    return w;
}

/* The file's bytes as NFC UTF-8 with '\n' line ends; warns about bytes that
 * had to be guessed.  Returns a negative KERR_* on failure. */
static int decode_text(kdoc *doc, const unsigned char *data, size_t len, char **out, kerr *err)
{
    size_t bad = 0;
    char *text;
    bool le = len >= 2 && data[0] == 0xFF && data[1] == 0xFE;
    bool be = len >= 2 && data[0] == 0xFE && data[1] == 0xFF;
    if (le || be) {
        /* UTF-16 with a byte-order mark: what Windows calls "Unicode" text */
        text = utf8_from_utf16(data + 2, len - 2, be, &bad);
        if (text && bad)
            kdoc_warn(doc, "%zu invalid UTF-16 units replaced by U+FFFD", bad);
    } else {
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
            data += 3;
            len -= 3;
        }
        text = utf8_decode_bytes(data, len, &bad);
        /* Past a quarter of the bytes this is no longer text with a few
         * stray Latin-1 letters but something else (binary, UTF-16 without
         * a mark): say so rather than index mojibake. */
        if (text && bad > 16 && bad > len / 4) {
            free(text);
            return kerr_set(err, KERR_FORMAT, "not text: %zu of %zu bytes are not UTF-8", bad, len);
        }
        if (text && bad)
            kdoc_warn(doc, "%zu invalid UTF-8 bytes decoded as windows-1252", bad);
    }
    if (!text)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    unify_newlines(text, strlen(text));
    char *nfc = utf8_nfc(text);
    free(text);
    if (!nfc)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    *out = nfc;
    return 0;
}

/* ---- Markdown: inline markup ------------------------------------------------ */

/* A run of '*' or '_' that may open or close emphasis (CommonMark's
 * delimiter runs, simplified: no rule of three). */
typedef struct run {
    size_t pos;        /* in the line's output */
    uint32_t len;
    uint32_t lo, hi;   /* the part not yet matched: [pos+lo, pos+hi) */
    char ch;
    bool can_open, can_close;
} run;

/* Emphasis is matched within groups of this many runs, which bounds the
 * memory a long line with many '*' can take; no real emphasis spans more. */
#define RUN_GROUP 4096

typedef struct heading {
    char *title;
    int level;
    size_t line_start; /* where the heading line starts in the output */
    size_t body_start; /* where the text under it starts */
} heading;

typedef struct md {
    kdoc *doc;
    sbuf out;
    sbuf line;         /* one line's inline output, before emphasis removal */
    run *runs;
    size_t nruns, capruns;
    heading *heads;
    size_t nheads, capheads;
    bool failed;
    /* block state */
    bool in_fence, in_comment;
    char fence_ch;
    size_t fence_len;
    bool prev_para;        /* the previous line was paragraph text */
    size_t prev_line_start;
    bool blank_pending;    /* a blank line is owed before the next text */
    /* per-line search caches that keep the inline scan linear */
    size_t next_close;     /* position of the next ']' (or line end) */
    size_t link_close;     /* the ']' whose link was last parsed, and the result */
    size_t link_end, link_ulen;
    const char *link_url;
    size_t code_fail[9];   /* no backtick run of length k from here on */
} md;

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

static bool is_punct(int c)
{
    return c < 0x80 && c > ' ' && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
           !(c >= 'A' && c <= 'Z');
}

static void flush_line(md *m);

static void push_run(md *m, size_t pos, size_t len, char ch, int prev, int next)
{
    if (len > UINT32_MAX / 2)
        return; /* four thousand million stars are text */
    if (m->nruns == RUN_GROUP) {
        flush_line(m);
        pos = 0;
    }
    if (m->nruns == m->capruns) {
        size_t cap = m->capruns ? m->capruns * 2 : 16;
        run *r = realloc(m->runs, cap * sizeof *r);
        if (!r) {
            m->failed = true;
            return;
        }
        m->runs = r;
        m->capruns = cap;
    }
    /* Flanking, as CommonMark defines it; non-ASCII counts as a letter. */
    bool left = !is_space(next) && (!is_punct(next) || is_space(prev) || is_punct(prev));
    bool right = !is_space(prev) && (!is_punct(prev) || is_space(next) || is_punct(next));
    run *r = &m->runs[m->nruns++];
    *r = (run){pos, (uint32_t)len, 0, (uint32_t)len, ch, left, right};
    if (ch == '_') { /* snake_case stays as it is */
        r->can_open = left && (!right || is_punct(prev));
        r->can_close = right && (!left || is_punct(next));
    }
}

/* Marks n bytes of the line for removal (the text never holds NUL). */
static void erase(md *m, size_t pos, size_t n)
{
    memset(m->line.p + pos, 0, n);
}

/* Matches closers with openers and erases the matched delimiters; what is
 * left of a double run ("**" across a line break) goes too. */
static void resolve_emphasis(md *m)
{
    size_t stack[64], depth = 0;
    for (size_t i = 0; i < m->nruns; i++) {
        run *c = &m->runs[i];
        while (c->can_close && c->lo < c->hi) {
            size_t k = depth;
            while (k > 0 && m->runs[stack[k - 1]].ch != c->ch)
                k--;
            if (k == 0)
                break;
            run *o = &m->runs[stack[k - 1]];
            size_t use = o->hi - o->lo < c->hi - c->lo ? o->hi - o->lo : c->hi - c->lo;
            erase(m, o->pos + o->hi - use, use);
            erase(m, c->pos + c->lo, use);
            o->hi -= use;
            c->lo += use;
            depth = o->lo < o->hi ? k : k - 1;
        }
        if (c->can_open && c->lo < c->hi && depth < 64)
            stack[depth++] = i;
    }
    for (size_t i = 0; i < m->nruns; i++) {
        run *r = &m->runs[i];
        if (r->hi - r->lo >= 2 && (r->can_open || r->can_close))
            erase(m, r->pos + r->lo, r->hi - r->lo);
    }
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* "&amp;", "&#229;", "&#xE5;" and a few more: Markdown allows HTML entities.
 * Returns the bytes consumed, 0 when this '&' is text. */
static size_t entity(const char *s, size_t n, sbuf *out)
{
    static const struct { const char *name, *text; } named[] = {
        {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"apos;", "'"},
        {"nbsp;", "\xC2\xA0"}, {"shy;", ""}, {"ndash;", "\xE2\x80\x93"}, {"mdash;", "\xE2\x80\x94"},
    };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        size_t k = strlen(named[i].name);
        if (n > k && memcmp(s + 1, named[i].name, k) == 0) {
            sb_add(out, named[i].text, strlen(named[i].text));
            return k + 1;
        }
    }
    if (n < 4 || s[1] != '#')
        return 0;
    int base = (s[2] == 'x' || s[2] == 'X') ? 16 : 10;
    size_t i = base == 16 ? 3 : 2, first = i;
    long c = 0;
    for (; i < n && i < first + 7; i++) {
        int d = hex_digit(s[i]);
        if (d < 0 || d >= base)
            break;
        c = c * base + d;
    }
    if (i == first || i >= n || s[i] != ';' || c <= 0 || c > 0x10FFFF)
        return 0;
    if (c >= 0xD800 && c < 0xE000)
        return 0; /* a surrogate is no character */
    unsigned char buf[4];
    sb_add(out, (char *)buf, (size_t)utf8proc_encode_char((utf8proc_int32_t)c, buf));
    return i + 1;
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "<https://…>", "<a@b.no>" keep their text; "<br>" is a line break;
 * "</span>", "<!-- … -->" on one line go.  Returns the bytes consumed, 0
 * when this '<' is text. */
static size_t angle(const char *s, size_t n, sbuf *out)
{
    size_t lim = n < 2048 ? n : 2048;
    const char *gt = lim > 1 ? memchr(s + 1, '>', lim - 1) : NULL;
    if (!gt || gt == s + 1 || memchr(s + 1, '<', (size_t)(gt - s) - 1))
        return 0;
    const char *in = s + 1;
    size_t k = (size_t)(gt - in);
    if (is_alpha((unsigned char)in[0]) && !memchr(in, ' ', k) &&
        (memchr(in, ':', k) || memchr(in, '@', k))) {
        if (k > 7 && strncasecmp(in, "mailto:", 7) == 0)
            in += 7, k -= 7;
        sb_add(out, in, k); /* an autolink */
        return k + (size_t)(in - s) + 1;
    }
    size_t i = in[0] == '/' ? 1 : 0;
    if (in[0] == '!')
        return k + 2;
    if (i >= k || !is_alpha((unsigned char)in[i]))
        return 0;
    while (i < k && (is_alpha((unsigned char)in[i]) || (in[i] >= '0' && in[i] <= '9')))
        i++;
    if (!(i == k || in[i] == ' ' || in[i] == '/'))
        return 0;
    if (i == 2 && strncasecmp(in, "br", 2) == 0)
        sb_add(out, "\n", 1); /* a line break written as HTML */
    return k + 2;
}

/* What follows the ']' at s[c]: "(url "title")" or "[ref]".  Returns the
 * index just past it, 0 when neither follows. */
static size_t link_tail(const char *s, size_t n, size_t c, const char **url, size_t *ulen)
{
    *url = NULL;
    *ulen = 0;
    if (s[c + 1] == '(') {
        size_t u = c + 2, depth = 0, e = u;
        /* Every scan here stops at the next '[', so the scans of different
         * links never overlap and the whole line costs linear time. */
        while (e < n && e - u < 2048 && !is_space((unsigned char)s[e]) && s[e] != '[' &&
               (s[e] != ')' || depth > 0)) {
            depth += s[e] == '(';
            depth -= s[e] == ')' && depth > 0;
            e++;
        }
        size_t after = e;
        while (after < n && after - e < 512 && s[after] != ')' && s[after] != '[')
            after++; /* an optional "title" */
        if (after >= n || s[after] != ')')
            return 0;
        *url = s + u;
        *ulen = e - u;
        return after + 1;
    }
    if (s[c + 1] == '[') {
        size_t e = c + 2;
        while (e < n && e - c < 512 && s[e] != ']' && s[e] != '[')
            e++;
        return e < n && s[e] == ']' ? e + 1 : 0;
    }
    return 0;
}

/* For "[text](url)" starting at s[i] == '[': sets *close to the ']' and
 * returns the index just past the link, or 0 when it is not one.  *url and
 * *ulen give the destination. */
static size_t link_at(md *m, const char *s, size_t n, size_t i, size_t *close, const char **url,
                      size_t *ulen)
{
    if (m->next_close <= i) {
        size_t j = i + 1;
        while (j < n && s[j] != ']')
            j++;
        m->next_close = j; /* every '[' before j finds this same ']' */
    }
    size_t c = m->next_close;
    if (c + 1 >= n)
        return 0;
    *close = c;
    if (m->link_close != c) { /* many '[' may share one ']': parse once */
        m->link_close = c;
        m->link_end = link_tail(s, n, c, &m->link_url, &m->link_ulen);
    }
    *url = m->link_url;
    *ulen = m->link_ulen;
    return m->link_end;
}

/* A backtick run of length k at s[i]: finds the closing run and appends the
 * code's text; returns the bytes consumed, 0 when unmatched. */
static size_t code_span(md *m, const char *s, size_t n, size_t i, size_t k)
{
    if (k >= sizeof m->code_fail / sizeof *m->code_fail || m->code_fail[k] > i)
        return 0;
    for (size_t j = i + k; j < n;) {
        if (s[j] != '`') {
            j++;
            continue;
        }
        size_t e = j;
        while (e < n && s[e] == '`')
            e++;
        if (e - j == k) {
            size_t a = i + k, b = j;
            if (b - a >= 2 && s[a] == ' ' && s[b - 1] == ' ')
                a++, b--;
            sb_add(&m->line, s + a, b - a);
            return e - i;
        }
        j = e;
    }
    m->code_fail[k] = n; /* no closer from here to the line's end */
    return 0;
}

/* Appends the words of one line of Markdown inline markup to m->line and
 * records its emphasis runs. */
static void inline_scan(md *m, const char *s, size_t n)
{
    size_t link_close = SIZE_MAX, link_end = 0;
    const char *mail = NULL, *text_start = NULL;
    size_t mail_len = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (i >= link_close) { /* end of a link's text: drop the destination */
            size_t tlen = (size_t)(s + i - text_start);
            if (mail && !(mail_len == tlen && strncasecmp(mail, text_start, tlen) == 0)) {
                sb_add(&m->line, " (", 2);
                sb_add(&m->line, mail, mail_len);
                sb_addc(&m->line, ')');
            }
            i = i > link_end ? i : link_end;
            link_close = SIZE_MAX;
            continue;
        }
        if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
            sb_addc(&m->line, s[i + 1]);
            i += 2;
        } else if (c == '`') {
            size_t k = 1;
            while (i + k < n && s[i + k] == '`')
                k++;
            size_t used = code_span(m, s, n, i, k);
            if (!used)
                sb_add(&m->line, s + i, k);
            i += used ? used : k;
        } else if ((c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '[')) &&
                   link_close == SIZE_MAX) {
            size_t open = c == '!' ? i + 1 : i, close, end;
            const char *url;
            size_t ulen;
            if (!(end = link_at(m, s, n, open, &close, &url, &ulen))) {
                sb_addc(&m->line, c);
                i++;
            } else if (c == '!') { /* an image: its alt text is a caption */
                if (close > open + 1) {
                    char *alt = strndup(s + open + 1, close - open - 1);
                    if (!alt || kdoc_add_caption(m->doc, alt) < 0)
                        m->failed = true;
                    free(alt);
                }
                i = end;
            } else {
                link_close = close;
                link_end = end;
                text_start = s + open + 1;
                mail = NULL;
                if (url && ulen > 7 && strncasecmp(url, "mailto:", 7) == 0) {
                    mail = url + 7;
                    const char *q = memchr(mail, '?', ulen - 7);
                    mail_len = q ? (size_t)(q - mail) : ulen - 7;
                }
                i = open + 1;
            }
        } else if (c == '<') {
            size_t used = angle(s + i, n - i, &m->line);
            if (!used)
                sb_addc(&m->line, c);
            i += used ? used : 1;
        } else if (c == '&') {
            size_t used = entity(s + i, n - i, &m->line);
            if (!used)
                sb_addc(&m->line, c);
            i += used ? used : 1;
        } else if (c == '*' || c == '_') {
            size_t k = 1;
            while (i + k < n && s[i + k] == c)
                k++;
            int prev = i > 0 ? (unsigned char)s[i - 1] : ' ';
            int next = i + k < n ? (unsigned char)s[i + k] : ' ';
            push_run(m, m->line.len, k, c, prev, next);
            sb_add(&m->line, s + i, k);
            i += k;
        } else {
            sb_addc(&m->line, c);
            i++;
        }
    }
}

/* Resolves the emphasis of what m->line holds and moves it to the output. */
static void flush_line(md *m)
{
    if (m->line.failed) {
        m->failed = true;
        return;
    }
    resolve_emphasis(m);
    for (size_t i = 0; i < m->line.len;) {
        size_t k = strnlen(m->line.p + i, m->line.len - i);
        sb_add(&m->out, m->line.p + i, k);
        i += k;
        while (i < m->line.len && m->line.p[i] == '\0')
            i++;
    }
    m->line.len = 0;
    m->nruns = 0;
}

/* Appends the line's text without its markup to the output. */
static void emit_inline(md *m, const char *s, size_t n)
{
    m->line.len = 0;
    m->nruns = 0;
    m->next_close = 0;
    m->link_close = SIZE_MAX;
    memset(m->code_fail, 0, sizeof m->code_fail);
    inline_scan(m, s, n);
    flush_line(m);
}

/* ---- Markdown: blocks ---------------------------------------------------------- */

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
    while (j < n && !is_space(s[j]))
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
        sb_addc(&m->out, '\n');
    m->blank_pending = false;
}

static void add_heading(md *m, const char *title, size_t tlen, int level, size_t line_start)
{
    if (m->nheads == m->capheads) {
        size_t cap = m->capheads ? m->capheads * 2 : 8;
        heading *h = realloc(m->heads, cap * sizeof *h);
        if (!h) {
            m->failed = true;
            return;
        }
        m->heads = h;
        m->capheads = cap;
    }
    while (tlen > 0 && is_space((unsigned char)title[tlen - 1]))
        tlen--;
    heading *h = &m->heads[m->nheads];
    if (!(h->title = strndup(title, tlen))) {
        m->failed = true;
        return;
    }
    h->level = level;
    h->line_start = line_start;
    h->body_start = m->out.len;
    m->nheads++;
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
    emit_inline(m, s + i, e - i);
    size_t end = m->out.len;
    sb_addc(&m->out, '\n');
    if (!m->out.failed)
        add_heading(m, m->out.p + start, end - start, (int)level, start);
    m->blank_pending = true;
    return true;
}

/* The previous paragraph line was a setext heading's text. */
static void setext(md *m, int level)
{
    size_t start = m->prev_line_start, end = m->out.len;
    while (end > start && m->out.p[end - 1] == '\n')
        end--;
    add_heading(m, m->out.p + start, end - start, level, start);
    m->blank_pending = true;
    m->prev_para = false;
}

/* Strips list and quote markers, then emits the line's text. */
static void text_line(md *m, const char *s, size_t n)
{
    size_t i = indent_of(s, n);
    line_begin(m);
    m->prev_line_start = m->out.len;
    sb_add(&m->out, s, i);
    bool bullet = i + 1 < n && (s[i] == '-' || s[i] == '*' || s[i] == '+');
    if (bullet && (s[i + 1] == ' ' || s[i + 1] == '\t')) {
        sb_add(&m->out, "\xE2\x80\xA2 ", 4); /* "• ", as lists print */
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
    emit_inline(m, s + i, n - i);
    sb_addc(&m->out, '\n');
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
        sb_add(&m->out, s, n); /* code is kept as written */
        sb_addc(&m->out, '\n');
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

/* ---- Markdown: front matter and sections -------------------------------------- */

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

static int add_trimmed_section(kdoc *doc, const char *title, int level, const char *s, size_t n)
{
    while (n > 0 && is_space((unsigned char)*s))
        s++, n--;
    while (n > 0 && is_space((unsigned char)s[n - 1]))
        n--;
    if (!title && n == 0)
        return 0;
    char *text = strndup(s, n);
    int rc = text ? kdoc_add_section(doc, NULL, title, level, NULL, NULL, text) : -1;
    free(text);
    return rc;
}

/* Each heading becomes a section holding the text up to the next one; text
 * before the first heading is a section without a title. */
static int md_sections(md *m)
{
    if (m->nheads == 0)
        return 0;
    const char *t = m->out.p;
    if (add_trimmed_section(m->doc, NULL, 0, t, m->heads[0].line_start) < 0)
        return -1;
    for (size_t i = 0; i < m->nheads; i++) {
        size_t end = i + 1 < m->nheads ? m->heads[i + 1].line_start : m->out.len;
        size_t start = m->heads[i].body_start < end ? m->heads[i].body_start : end;
        if (add_trimmed_section(m->doc, m->heads[i].title, m->heads[i].level, t + start,
                                end - start) < 0)
            return -1;
    }
    return 0;
}

static void md_free(md *m)
{
    for (size_t i = 0; i < m->nheads; i++)
        free(m->heads[i].title);
    free(m->heads);
    free(m->runs);
    free(m->line.p);
    free(m->out.p);
}

static int markdown(kdoc *doc, const char *text, kerr *err)
{
    md m = {.doc = doc};
    size_t len = strlen(text);
    size_t pos = front_matter(doc, text, len);
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        md_line(&m, text + pos, n);
        pos += n + 1;
    }
    while (m.out.len > 0 && m.out.p[m.out.len - 1] == '\n')
        m.out.len--;
    sb_add(&m.out, "", 0);
    int rc = 0;
    if (m.failed || m.out.failed)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    else if (m.out.len == 0)
        rc = kerr_set(err, KERR_FORMAT, "no text found");
    else if (md_sections(&m) < 0 || kdoc_add_page(doc, "1", m.out.p, m.out.len) < 0)
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    if (rc == 0 && !doc->title && m.nheads > 0)
        kdoc_set(&doc->title, m.heads[0].title);
    md_free(&m);
    return rc;
}

/* ---- the extractor --------------------------------------------------------------- */

int extract_text(kdoc *doc, const unsigned char *data, size_t len, kerr *err)
{
    char *text = NULL;
    int rc = decode_text(doc, data, len, &text, err);
    if (rc < 0)
        return rc;
    doc->paged = false;
    if (doc->format && strcmp(doc->format, "markdown") == 0) {
        rc = markdown(doc, text, err);
    } else if (text[strspn(text, " \t\n\f\v")] == '\0') {
        rc = kerr_set(err, KERR_FORMAT, "no text found");
    } else if (kdoc_add_page(doc, "1", text, strlen(text)) < 0) {
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    }
    free(text);
    return rc;
}
