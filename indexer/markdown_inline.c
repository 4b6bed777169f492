/*
 * Markdown's inline markup: one line in, its words out.  Emphasis follows
 * CommonMark's delimiter runs (simplified: no rule of three); code spans
 * keep their text as written; a link keeps its text (and a mailto: link its
 * address, when the text does not say it); an image's alt text becomes a
 * caption; entities and a few HTML tags are read.  Every scan is linear in
 * the line, however many '[', '*' or '`' it holds.
 */
#include "markdown_inline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* A run of '*' or '_' that may open or close emphasis (CommonMark's
 * delimiter runs, simplified: no rule of three). */
typedef struct md_run {
    size_t pos;        /* in the line's output */
    uint32_t len;
    uint32_t lo, hi;   /* the part not yet matched: [pos+lo, pos+hi) */
    char ch;
    bool can_open, can_close;
} run;

/* Emphasis is matched within groups of this many runs, which bounds the
 * memory a long line with many '*' can take; no real emphasis spans more. */
#define RUN_GROUP 4096

static bool is_punct(int c)
{
    return c < 0x80 && c > ' ' && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
           !(c >= 'A' && c <= 'Z');
}

static void flush_line(md_inline *m);

static void push_run(md_inline *m, size_t pos, size_t len, char ch, int prev, int next)
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
    bool left = !md_is_space(next) && (!is_punct(next) || md_is_space(prev) || is_punct(prev));
    bool right = !md_is_space(prev) && (!is_punct(prev) || md_is_space(next) || is_punct(next));
    run *r = &m->runs[m->nruns++];
    *r = (run){pos, (uint32_t)len, 0, (uint32_t)len, ch, left, right};
    if (ch == '_') { /* snake_case stays as it is */
        r->can_open = left && (!right || is_punct(prev));
        r->can_close = right && (!left || is_punct(next));
    }
}

/* Marks n bytes of the line for removal (the text never holds NUL). */
static void erase(md_inline *m, size_t pos, size_t n)
{
    memset(m->line.data + pos, 0, n);
}

/* Matches closers with openers and erases the matched delimiters; what is
 * left of a double run ("**" across a line break) goes too. */
static void resolve_emphasis(md_inline *m)
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
static size_t entity(const char *s, size_t n, kbuf *out)
{
    static const struct { const char *name, *text; } named[] = {
        {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"apos;", "'"},
        {"nbsp;", "\xC2\xA0"}, {"shy;", ""}, {"ndash;", "\xE2\x80\x93"}, {"mdash;", "\xE2\x80\x94"},
    };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        size_t k = strlen(named[i].name);
        if (n > k && memcmp(s + 1, named[i].name, k) == 0) {
            kbuf_append(out, named[i].text, strlen(named[i].text));
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
    kbuf_append(out, (char *)buf, (size_t)utf8proc_encode_char((utf8proc_int32_t)c, buf));
    return i + 1;
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "<https://…>", "<a@b.no>" keep their text; "<br>" is a line break;
 * "</span>", "<!-- … -->" on one line go.  Returns the bytes consumed, 0
 * when this '<' is text. */
static size_t angle(const char *s, size_t n, kbuf *out)
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
        kbuf_append(out, in, k); /* an autolink */
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
        kbuf_append(out, "\n", 1); /* a line break written as HTML */
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
        while (e < n && e - u < 2048 && !md_is_space((unsigned char)s[e]) && s[e] != '[' &&
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
static size_t link_at(md_inline *m, const char *s, size_t n, size_t i, size_t *close, const char **url,
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
static size_t code_span(md_inline *m, const char *s, size_t n, size_t i, size_t k)
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
            kbuf_append(&m->line, s + a, b - a);
            return e - i;
        }
        j = e;
    }
    m->code_fail[k] = n; /* no closer from here to the line's end */
    return 0;
}

/* Appends the words of one line of Markdown inline markup to m->line and
 * records its emphasis runs. */
static void inline_scan(md_inline *m, const char *s, size_t n)
{
    size_t link_close = SIZE_MAX, link_end = 0;
    const char *mail = NULL, *text_start = NULL;
    size_t mail_len = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (i >= link_close) { /* end of a link's text: drop the destination */
            size_t tlen = (size_t)(s + i - text_start);
            if (mail && !(mail_len == tlen && strncasecmp(mail, text_start, tlen) == 0)) {
                kbuf_append(&m->line, " (", 2);
                kbuf_append(&m->line, mail, mail_len);
                kbuf_putc(&m->line, ')');
            }
            i = i > link_end ? i : link_end;
            link_close = SIZE_MAX;
            continue;
        }
        if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
            kbuf_putc(&m->line, s[i + 1]);
            i += 2;
        } else if (c == '`') {
            size_t k = 1;
            while (i + k < n && s[i + k] == '`')
                k++;
            size_t used = code_span(m, s, n, i, k);
            if (!used)
                kbuf_append(&m->line, s + i, k);
            i += used ? used : k;
        } else if ((c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '[')) &&
                   link_close == SIZE_MAX) {
            size_t open = c == '!' ? i + 1 : i, close, end;
            const char *url;
            size_t ulen;
            if (!(end = link_at(m, s, n, open, &close, &url, &ulen))) {
                kbuf_putc(&m->line, c);
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
                kbuf_putc(&m->line, c);
            i += used ? used : 1;
        } else if (c == '&') {
            size_t used = entity(s + i, n - i, &m->line);
            if (!used)
                kbuf_putc(&m->line, c);
            i += used ? used : 1;
        } else if (c == '*' || c == '_') {
            size_t k = 1;
            while (i + k < n && s[i + k] == c)
                k++;
            int prev = i > 0 ? (unsigned char)s[i - 1] : ' ';
            int next = i + k < n ? (unsigned char)s[i + k] : ' ';
            push_run(m, m->line.len, k, c, prev, next);
            kbuf_append(&m->line, s + i, k);
            i += k;
        } else {
            kbuf_putc(&m->line, c);
            i++;
        }
    }
}

/* Resolves the emphasis of what m->line holds and moves it to the output. */
static void flush_line(md_inline *m)
{
    if (m->line.status) {
        m->failed = true;
        return;
    }
    resolve_emphasis(m);
    for (size_t i = 0; i < m->line.len;) {
        size_t k = strnlen(m->line.data + i, m->line.len - i);
        kbuf_append(m->out, m->line.data + i, k);
        i += k;
        while (i < m->line.len && m->line.data[i] == '\0')
            i++;
    }
    kbuf_setlen(&m->line, 0);
    m->nruns = 0;
}

void md_inline_init(md_inline *m, kdoc *doc, kbuf *out)
{
    memset(m, 0, sizeof *m);
    m->doc = doc;
    m->out = out;
    /* One line's output is never longer than the line. */
    kbuf_init(&m->line, KBUF_NO_CAP);
}

void md_inline_emit(md_inline *m, const char *s, size_t n)
{
    kbuf_setlen(&m->line, 0);
    m->nruns = 0;
    m->next_close = 0;
    m->link_close = SIZE_MAX;
    memset(m->code_fail, 0, sizeof m->code_fail);
    inline_scan(m, s, n);
    flush_line(m);
}

void md_inline_free(md_inline *m)
{
    free(m->runs);
    kbuf_free(&m->line);
}
