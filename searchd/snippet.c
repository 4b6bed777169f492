#include "snippet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compound.h"
#include "words.h"

#define CONTEXT_BEFORE 40   /* bytes shown before the first marked word */
#define SENTENCE_LOOKBACK 100 /* how far back a sentence start is looked for */
#define WORDS_MAX 20000     /* words of a text considered (a unit has ~1,000) */

void sd_marks_add(sd_marks *marks, const char *word, bool prefix, const kx_stem *stem)
{
    size_t len = strlen(word);
    if (len == 0 || len >= SD_MARK_BYTES || marks->n == SD_MARKS_MAX)
        return;
    for (size_t i = 0; i < marks->n; i++)
        if (strcmp(marks->m[i].word, word) == 0 && marks->m[i].prefix == prefix)
            return;
    sd_mark *m = &marks->m[marks->n++];
    memcpy(m->word, word, len + 1);
    m->prefix = prefix;
    m->stem[0] = '\0';
    char *s = NULL;
    kx_error x;
    if (!prefix && stem && kx_stem_word(stem, &s, word, &x) == KX_OK && strlen(s) < SD_MARK_BYTES)
        strcpy(m->stem, s);
    free(s);
}

typedef struct span {
    size_t start, end; /* bytes of a word in the text */
    int mark;          /* the mark it matches, or -1 */
} span;

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The mark one of the compound's parts matches, or -1: "sykehusøkonomi" is
 * marked whole for "økonomi".  Only words holding a mark's stem are split,
 * so the splitter runs on few words. */
static int compound_match(const sd_marks *marks, const kx_stem *stem, const char *low)
{
    bool holds = false;
    for (size_t i = 0; !holds && i < marks->n; i++)
        holds = !marks->m[i].prefix && strstr(low, *marks->m[i].stem ? marks->m[i].stem
                                                                     : marks->m[i].word);
    kcompound c;
    size_t len = strlen(low);
    if (!holds || len < KCOMPOUND_MIN_WORD ||
        kcompound_split(klexicon_norwegian(), kcompound_never_split(), low, len, &c) || c.n < 2)
        return -1;
    for (size_t k = 0; k < c.n; k++) {
        char part[SD_MARK_BYTES * 2];
        if (c.part[k].len >= sizeof part)
            continue;
        memcpy(part, low + c.part[k].start, c.part[k].len);
        part[c.part[k].len] = '\0';
        char *s = NULL;
        kx_error x;
        if (stem && kx_stem_word(stem, &s, part, &x) != KX_OK)
            s = NULL;
        for (size_t i = 0; i < marks->n; i++) {
            const sd_mark *m = &marks->m[i];
            if (!m->prefix && (strcmp(part, m->word) == 0 || (s && *m->stem && strcmp(s, m->stem) == 0))) {
                free(s);
                return (int)i;
            }
        }
        free(s);
    }
    return -1;
}

/* The mark matching the word, or -1: the word itself, a prefix* word, or a
 * word with the mark's stem (only a word starting with the stem can have
 * it, so the stemmer runs on few words). */
static int match(const sd_marks *marks, const kx_stem *stem, const char *text, const span *w)
{
    char low[SD_MARK_BYTES * 2];
    if (!words_lower(low, sizeof low, text + w->start, w->end - w->start))
        return -1;
    char *stemmed = NULL;
    int found = -1;
    for (size_t i = 0; found < 0 && i < marks->n; i++) {
        const sd_mark *m = &marks->m[i];
        if (m->prefix ? starts_with(low, m->word) : strcmp(low, m->word) == 0)
            found = (int)i;
        else if (*m->stem && stem && starts_with(low, m->stem)) {
            kx_error x;
            if (!stemmed && kx_stem_word(stem, &stemmed, low, &x) != KX_OK)
                stemmed = NULL;
            if (stemmed && strcmp(stemmed, m->stem) == 0)
                found = (int)i;
        }
    }
    free(stemmed);
    return found >= 0 ? found : compound_match(marks, stem, low);
}

/* Every word of the text with the mark it matches; n words into *out. */
static span *scan(const sd_marks *marks, const kx_stem *stem, const char *text, size_t len,
                  size_t *n)
{
    size_t cap = 256, pos = 0, start, end;
    span *w = malloc(cap * sizeof *w);
    *n = 0;
    while (w && *n < WORDS_MAX && words_next(text, len, &pos, &start, &end)) {
        if (*n == cap) {
            span *bigger = realloc(w, (cap *= 2) * sizeof *w);
            if (!bigger) {
                free(w);
                return NULL;
            }
            w = bigger;
        }
        w[*n] = (span){start, end, -1};
        w[*n].mark = match(marks, stem, text, &w[*n]);
        (*n)++;
    }
    return w;
}

/* The word where the best passage begins: the start of the first run of
 * words within `width` bytes that holds the most different marks (an
 * early passage holding them all is usually the one that answers).  0 when
 * nothing is marked. */
static size_t best_run(const span *w, size_t n, size_t width)
{
    size_t best = 0;
    int best_score = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i].mark < 0)
            continue;
        uint32_t seen = 0;
        for (size_t j = i; j < n && w[j].end - w[i].start <= width; j++)
            if (w[j].mark >= 0)
                seen |= 1u << w[j].mark;
        int score = __builtin_popcount(seen);
        if (score > best_score) {
            best_score = score;
            best = i;
        }
    }
    return best;
}

static bool sentence_end(const char *text, size_t i)
{
    return text[i] == '\n' ||
           ((text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == ':') &&
            (text[i + 1] == ' ' || text[i + 1] == '\n'));
}

/* The word to start the snippet at, for a passage whose first marked word
 * is `first`: the sentence's start when it is near, else a few words of
 * context before it. */
static size_t passage_start(const char *text, const span *w, size_t first)
{
    size_t at = w[first].start;
    for (size_t i = at; i > 0 && at - i < SENTENCE_LOOKBACK; i--)
        if (sentence_end(text, i - 1)) {
            while (first > 0 && w[first - 1].start >= i)
                first--;
            return first;
        }
    while (first > 0 && at - w[first - 1].start <= CONTEXT_BEFORE)
        first--;
    return first;
}

static void append_escaped(kbuf *b, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *ref = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" : NULL;
        if (!ref)
            continue;
        kbuf_append(b, s + from, i - from);
        kbuf_append(b, ref, strlen(ref));
        from = i + 1;
    }
    kbuf_append(b, s + from, n - from);
}

/* Writes words [first, last] and what lies between them, from `at`;
 * returns where the last word ends. */
static size_t render_words(kbuf *b, const char *text, const span *w, size_t first,
                           size_t last, size_t at)
{
    for (size_t i = first; i <= last; i++) {
        append_escaped(b, text + at, w[i].start - at);
        if (w[i].mark >= 0)
            kbuf_append(b, "<b>", 3);
        append_escaped(b, text + w[i].start, w[i].end - w[i].start);
        if (w[i].mark >= 0)
            kbuf_append(b, "</b>", 4);
        at = w[i].end;
    }
    return at;
}

/* Writes words [first, last] with "…" where the text goes on. */
static void render(kbuf *b, const char *text, size_t len, const span *w, size_t first,
                   size_t last)
{
    /* from the text's first word, what stands before it (a quote) too */
    size_t at = first == 0 ? 0 : w[first].start;
    if (at > 0)
        kbuf_append(b, "…", strlen("…"));
    at = render_words(b, text, w, first, last, at);
    /* the sentence's full stop or closing bracket belongs to it */
    if (at < len && text[at] && strchr(".,;:!?)\"", text[at]))
        append_escaped(b, text + at++, 1);
    while (at < len && (text[at] == ' ' || text[at] == '\n' || text[at] == '\t'))
        at++;
    if (at < len)
        kbuf_append(b, "…", strlen("…"));
}

char *sd_snippet(const sd_marks *marks, const kx_stem *stem, const char *text, size_t len,
                 size_t max_bytes)
{
    kbuf b;
    kbuf_init(&b, KBUF_NO_CAP); /* bounded by max_bytes and its markers */
    size_t n = 0;
    span *w = scan(marks, stem, text, len, &n);
    if (!w)
        return NULL;
    if (n > 0) {
        size_t first = passage_start(text, w, best_run(w, n, max_bytes * 3 / 4));
        size_t last = first;
        while (last + 1 < n && w[last + 1].end - w[first].start <= max_bytes)
            last++;
        render(&b, text, len, w, first, last);
    }
    free(w);
    return kbuf_take(&b);
}

char *sd_mark_text(const sd_marks *marks, const kx_stem *stem, const char *text, size_t len)
{
    kbuf b;
    kbuf_init(&b, KBUF_NO_CAP); /* bounded by the text and its markers */
    size_t n = 0, at = 0;
    span *w = scan(marks, stem, text, len, &n);
    if (!w)
        return NULL;
    if (n > 0)
        at = render_words(&b, text, w, 0, n - 1, 0);
    append_escaped(&b, text + at, len - at);
    free(w);
    return kbuf_take(&b);
}
