#include "snippet.h"

#include <stdbool.h>
#include <string.h>

static const char spaces[] = " \t\r\n";

/* The length of the marker at s (within n bytes), or 0; *opens says which. */
static size_t marker_at(const char *s, size_t n, bool *opens)
{
    static const size_t open_len = sizeof SNIPPET_MARK_OPEN - 1;
    static const size_t close_len = sizeof SNIPPET_MARK_CLOSE - 1;
    if (n >= open_len && memcmp(s, SNIPPET_MARK_OPEN, open_len) == 0) {
        *opens = true;
        return open_len;
    }
    if (n >= close_len && memcmp(s, SNIPPET_MARK_CLOSE, close_len) == 0) {
        *opens = false;
        return close_len;
    }
    return 0;
}

/* The HTML character reference at s (within n bytes): its bytes, with the
 * character it stands for in *text; 0 when there is none.  Xapian writes
 * only the first three; the others are read should searchd escape more. */
static size_t entity_at(const char *s, size_t n, const char **text)
{
    static const char *const refs[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
        {"&apos;", "'"},
    };
    if (!SNIPPET_IS_HTML || s[0] != '&')
        return 0;
    for (size_t k = 0; k < sizeof refs / sizeof refs[0]; k++) {
        size_t len = strlen(refs[k][0]);
        if (n >= len && memcmp(s, refs[k][0], len) == 0) {
            *text = refs[k][1];
            return len;
        }
    }
    return 0;
}

/* Columns the word takes: its code points, markers not counted and a
 * character reference as one.  Norwegian text is all single-width, so
 * code points are columns. */
static int word_width(const char *w, size_t n)
{
    int cols = 0;
    bool opens;
    const char *text;
    for (size_t i = 0; i < n;) {
        size_t m = marker_at(w + i, n - i, &opens);
        size_t e = m ? 0 : entity_at(w + i, n - i, &text);
        if (m || e) {
            cols += e > 0;
            i += m + e;
            continue;
        }
        cols += ((unsigned char)w[i] & 0xC0) != 0x80;
        i++;
    }
    return cols;
}

/* Writes the word, turning markers into the terminal's style (or nothing)
 * and character references into their characters. */
static void put_word(FILE *out, const char *w, size_t n, const kstyle *st, bool *in_mark)
{
    size_t start = 0;
    bool opens;
    const char *text;
    for (size_t i = 0; i < n;) {
        size_t m = marker_at(w + i, n - i, &opens);
        size_t e = m ? 0 : entity_at(w + i, n - i, &text);
        if (!m && !e) {
            i++;
            continue;
        }
        kstyle_put_text(out, w + start, i - start, false);
        if (e) {
            fputs(text, out);
        } else {
            fputs(opens ? kstyle_on(st, KSTYLE_MATCH) : kstyle_off(st), out);
            *in_mark = opens;
        }
        i += m + e;
        start = i;
    }
    kstyle_put_text(out, w + start, n - start, false);
}

/* Ends the line and starts the next at indent; the highlight is paused so
 * the indentation is not painted. */
static void break_line(FILE *out, const kstyle *st, int indent, bool in_mark)
{
    if (in_mark)
        fputs(kstyle_off(st), out);
    fprintf(out, "\n%*s", indent, "");
    if (in_mark)
        fputs(kstyle_on(st, KSTYLE_MATCH), out);
}

void snippet_print(FILE *out, const char *snippet, const kstyle *st, int indent)
{
    int col = indent;
    bool in_mark = false, first = true;
    fprintf(out, "%*s", indent, "");
    for (const char *p = snippet + strspn(snippet, spaces); *p; p += strspn(p, spaces)) {
        size_t n = strcspn(p, spaces);
        int w = word_width(p, n);
        if (!first && col + 1 + w > st->width) {
            break_line(out, st, indent, in_mark);
            col = indent;
        } else if (!first) {
            putc(' ', out);
            col++;
        }
        put_word(out, p, n, st, &in_mark);
        col += w;
        first = false;
        p += n;
    }
    if (in_mark)
        fputs(kstyle_off(st), out);
    putc('\n', out);
}
