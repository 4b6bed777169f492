#include "querylex.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "closest.h"
#include "searchd.h"
#include "stopwords.h"
#include "words.h"

/* Fields by every name a person may type; the first is the parser's. */
static const struct {
    int id;
    const char *names[4];
} fields[] = {
    {SDQ_F_TITLE, {"tittel", "title", NULL}},
    {SDQ_F_HEADING, {"overskrift", "heading", NULL}},
    {SDQ_F_AUTHOR, {"forfatter", "author", NULL}},
    {SDQ_F_TYPE, {"type", NULL}},
    {SDQ_F_YEAR, {"år", "aar", "year", NULL}},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* The suggestions offered for an unknown field: the Norwegian names. */
static const char *const field_names[] = {"tittel", "overskrift", "forfatter", "type", "år",
                                          NULL};

/* The document types of schemas/index.json ("type" field). */
static const char *const types[] = {"artikkel", "horingsinnspill", "arsmelding", "annet", NULL};

bool sdq_is_stopword(const char *lower)
{
    return kstopword_is(lower);
}

const char *sdq_field_name(int field)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (fields[i].id == field)
            return fields[i].names[0];
    return "";
}

/* ---- characters ---------------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Code points before byte offset `off`, plus one: where a person counts. */
static size_t char_pos(const char *s, size_t off)
{
    size_t n = 1;
    for (size_t i = 0; i < off; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static bool all_letters(const char *s, size_t n)
{
    for (size_t i = 0, step; i < n; i += step) {
        int32_t cp = words_next_cp(s + i, n - i, &step);
        if (cp < 0 || !utf8proc_category(cp) || utf8proc_category(cp) > UTF8PROC_CATEGORY_LO)
            return false;
    }
    return n > 0;
}

/* ---- field values -------------------------------------------------------- */

int sdq_canonical_type(char out[SDQ_TYPE_MAX], const char *value, size_t len,
                       const char *where, sd_error *err)
{
    char low[64], folded[SDQ_TYPE_MAX];
    words_lower(low, sizeof low, value, len);
    words_fold_nordic(folded, sizeof folded, low);
    for (size_t i = 0; types[i]; i++)
        if (strcmp(folded, types[i]) == 0) {
            strcpy(out, types[i]);
            return 0;
        }
    const char *near = sd_closest(folded, types);
    return sd_fail(err, SD_BAD_QUERY, "unknown type '%.*s'%s%s%s%s (types: artikkel, "
                   "horingsinnspill, arsmelding, annet)", (int)(len > 40 ? 40 : len), value,
                   where, near ? " — did you mean '" : "", near ? near : "", near ? "'?" : "");
}

static bool is_year(const char *s, size_t n)
{
    if (n != 4)
        return false;
    for (size_t i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* år:2024, år:2019..2024, år:2019.., år:..2024 */
static bool year_value_ok(const char *s, size_t n)
{
    const char *dots = memmem(s, n, "..", 2);
    if (!dots)
        return is_year(s, n);
    size_t lo = (size_t)(dots - s), hi = n - lo - 2;
    if (lo == 0 && hi == 0)
        return false;
    return (lo == 0 || is_year(s, lo)) && (hi == 0 || is_year(dots + 2, hi));
}

/* ---- the lexer ----------------------------------------------------------- */

typedef struct lexer {
    const char *s;
    size_t n, i;
    sdq_lexed *out;
    sd_error *err;
} lexer;

static int fail_at(lexer *lx, size_t off, const char *fmt, const char *what)
{
    return sd_fail(lx->err, SD_BAD_QUERY, fmt, what, char_pos(lx->s, off));
}

static sdq_token *push(lexer *lx, sdq_kind kind, size_t off, char sign)
{
    if (lx->out->n == SDQ_MAX_TOKENS) {
        sd_fail(lx->err, SD_BAD_QUERY, "the query has more than %d words and operators; "
                "shorten it", SDQ_MAX_TOKENS);
        return NULL;
    }
    sdq_token *t = &lx->out->tok[lx->out->n++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->sign = sign;
    t->pos = char_pos(lx->s, off);
    return t;
}

/* The quote at lx->i opens a phrase; returns the offset of its partner. */
static int find_close_quote(lexer *lx, size_t open, size_t *close)
{
    const char *q = memchr(lx->s + open + 1, '"', lx->n - open - 1);
    if (!q)
        return fail_at(lx, open, "unclosed quote: the %s at character %zu has no partner — "
                       "close the phrase or remove the quote", "'\"'");
    *close = (size_t)(q - lx->s);
    return 0;
}

static int lex_phrase(lexer *lx, char sign)
{
    size_t open = lx->i, close;
    if (find_close_quote(lx, open, &close))
        return -1;
    sdq_token *t = push(lx, SDQ_PHRASE, open, sign);
    if (!t)
        return -1;
    t->text = lx->s + open + 1;
    t->len = close - open - 1;
    lx->i = close + 1;
    return 0;
}

static int find_field(const char *name, size_t n)
{
    char low[64];
    words_lower(low, sizeof low, name, n);
    for (size_t f = 0; f < NFIELDS; f++)
        for (size_t k = 0; k < 4 && fields[f].names[k]; k++)
            if (strcmp(low, fields[f].names[k]) == 0)
                return fields[f].id;
    return -1;
}

/* Words that end in ':' and are not fields: URLs, DOIs, "NB:". */
static bool is_scheme(const char *name, size_t n)
{
    static const char *const schemes[] = {"http", "https", "ftp", "mailto", "doi", "urn",
                                          "isbn", "issn", "www", NULL};
    char low[16];
    words_lower(low, sizeof low, name, n);
    for (size_t i = 0; schemes[i]; i++)
        if (strcmp(low, schemes[i]) == 0)
            return true;
    return false;
}

static int unknown_field(lexer *lx, size_t off, const char *name, size_t n)
{
    char low[64];
    words_lower(low, sizeof low, name, n);
    const char *near = sd_closest(low, field_names);
    return sd_fail(lx->err, SD_BAD_QUERY, "unknown field '%.*s' at character %zu%s%s%s "
                   "(fields: tittel, overskrift, forfatter, type, år; to search for the "
                   "words, put a space after the colon)", (int)(n > 40 ? 40 : n), name,
                   char_pos(lx->s, off), near ? " — did you mean '" : "", near ? near : "",
                   near ? "'?" : "");
}

static int check_value(lexer *lx, sdq_token *t, size_t off)
{
    char where[64];
    snprintf(where, sizeof where, " at character %zu", char_pos(lx->s, off));
    if (t->field == SDQ_F_TYPE)
        return sdq_canonical_type(t->type, t->text, t->len, where, lx->err);
    if (t->field == SDQ_F_YEAR && (t->quoted || !year_value_ok(t->text, t->len)))
        return sd_fail(lx->err, SD_BAD_QUERY, "år:%s takes a year (år:2024) or a range of "
                       "years (år:2019..2024), not '%.*s'", where,
                       (int)(t->len > 40 ? 40 : t->len), t->text);
    return 0;
}

/* name:value, name:"a phrase"; the word scan stopped at `end`. */
static int lex_field(lexer *lx, size_t start, size_t colon, size_t end, char sign, int field)
{
    sdq_token *t = push(lx, SDQ_FIELD, start, sign);
    if (!t)
        return -1;
    t->field = field;
    if (end < lx->n && lx->s[end] == '"' && end == colon + 1) {
        size_t close;
        if (find_close_quote(lx, end, &close))
            return -1;
        t->quoted = true;
        t->text = lx->s + end + 1;
        t->len = close - end - 1;
        lx->i = close + 1;
    } else {
        t->text = lx->s + colon + 1;
        t->len = end - colon - 1;
        lx->i = end;
    }
    if (t->len == 0)
        return sd_fail(lx->err, SD_BAD_QUERY, "%.*s: at character %zu needs a value right "
                       "after the colon, as in %s:2024 or %s:\"to ord\"", (int)(colon - start),
                       lx->s + start, t->pos, sdq_field_name(field), sdq_field_name(field));
    return check_value(lx, t, start);
}

static int check_wildcard(lexer *lx, size_t start, size_t end)
{
    const char *star = memchr(lx->s + start, '*', end - start);
    if (!star)
        return 0;
    size_t off = (size_t)(star - lx->s);
    if (off + 1 != end)
        return fail_at(lx, off, "%s at character %zu: '*' works only at the end of a word, "
                       "as in hør*", "'*'");
    if (off == start)
        return fail_at(lx, off, "%s at character %zu needs letters before it, as in hør*",
                       "'*'");
    return 0;
}

/* NEAR/3, ADJ/5: the operator with a window of words. */
static bool is_window_operator(const char *s, size_t n)
{
    static const char *const ops[] = {"NEAR/", "ADJ/", NULL};
    for (size_t i = 0; ops[i]; i++) {
        size_t k = strlen(ops[i]), d = k;
        if (n <= k || memcmp(s, ops[i], k) != 0)
            continue;
        while (d < n && isdigit((unsigned char)s[d]))
            d++;
        return d == n;
    }
    return false;
}

static bool is_operator(const char *s, size_t n)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ", NULL};
    for (size_t i = 0; ops[i]; i++)
        if (strlen(ops[i]) == n && memcmp(s, ops[i], n) == 0)
            return true;
    return is_window_operator(s, n);
}

static int lex_word(lexer *lx, char sign)
{
    size_t start = lx->i, end = start, colon = 0;
    while (end < lx->n && !is_space(lx->s[end]) && lx->s[end] != '(' && lx->s[end] != ')' &&
           lx->s[end] != '"') {
        if (lx->s[end] == ':' && !colon)
            colon = end;
        end++;
    }
    if (colon > start && all_letters(lx->s + start, colon - start)) {
        int field = find_field(lx->s + start, colon - start);
        bool has_value = colon + 1 < end || (end < lx->n && lx->s[end] == '"' && end == colon + 1);
        if (field >= 0)
            return lex_field(lx, start, colon, end, sign, field);
        if (has_value && colon - start >= 2 && !is_scheme(lx->s + start, colon - start))
            return unknown_field(lx, start, lx->s + start, colon - start);
    }
    if (!sign && is_operator(lx->s + start, end - start)) {
        sdq_token *t = push(lx, SDQ_OP, start, 0);
        if (!t)
            return -1;
        t->text = lx->s + start;
        t->len = end - start;
        lx->out->plain = false;
        lx->i = end;
        return 0;
    }
    if (check_wildcard(lx, start, end))
        return -1;
    sdq_token *t = push(lx, SDQ_WORD, start, sign);
    if (!t)
        return -1;
    t->text = lx->s + start;
    t->len = end - start;
    lx->i = end;
    return 0;
}

static int lex_one(lexer *lx)
{
    char sign = 0;
    char c = lx->s[lx->i];
    if ((c == '-' || c == '+') && lx->i + 1 < lx->n && !is_space(lx->s[lx->i + 1])) {
        sign = c;
        c = lx->s[++lx->i];
    }
    if (c == '(' || c == ')') {
        if (!push(lx, c == '(' ? SDQ_OPEN : SDQ_CLOSE, lx->i, sign))
            return -1;
        lx->out->plain = false;
        lx->i++;
        return 0;
    }
    if (c == '"')
        return lex_phrase(lx, sign);
    if (c == '-' || c == '+') { /* a lone sign, as in "a - b": nothing to sign */
        lx->i++;
        return 0;
    }
    return lex_word(lx, sign);
}

/* ---- structure checks ---------------------------------------------------- */

static bool starts_operand(const sdq_token *t)
{
    return t->kind != SDQ_OP && t->kind != SDQ_CLOSE;
}

static bool ends_operand(const sdq_token *t)
{
    return t->kind != SDQ_OP && t->kind != SDQ_OPEN;
}

static int check_operator(const sdq_lexed *lx, size_t i, sd_error *err)
{
    const sdq_token *t = &lx->tok[i];
    const sdq_token *prev = i ? &lx->tok[i - 1] : NULL;
    const sdq_token *next = i + 1 < lx->n ? &lx->tok[i + 1] : NULL;
    bool is_not = t->len == 3 && memcmp(t->text, "NOT", 3) == 0;
    bool next_ok = next && (starts_operand(next) ||
                            (next->kind == SDQ_OP && next->len == 3 &&
                             memcmp(next->text, "NOT", 3) == 0 && !is_not));
    /* NOT may open a query or a group ("NOT type:annet"): pure negation */
    bool prev_ok = is_not ? (!prev || prev->kind != SDQ_OP || prev->len != 3 ||
                             memcmp(prev->text, "NOT", 3) != 0)
                          : prev && ends_operand(prev);
    if (next_ok && prev_ok)
        return 0;
    return sd_fail(err, SD_BAD_QUERY, "'%.*s' at character %zu needs a word on %s side — "
                   "add one or remove the operator (in lower case, '%.*s' is searched as a "
                   "word)", (int)t->len, t->text, t->pos,
                   !next_ok ? (is_not ? "its right" : "its right-hand") : "its left-hand",
                   (int)t->len, t->text);
}

static int check_structure(const sdq_lexed *lx, sd_error *err)
{
    size_t open[SDQ_MAX_TOKENS], depth = 0;
    for (size_t i = 0; i < lx->n; i++) {
        const sdq_token *t = &lx->tok[i];
        if (t->kind == SDQ_OP && check_operator(lx, i, err))
            return -1;
        if (t->kind == SDQ_OPEN)
            open[depth++] = t->pos;
        if (t->kind != SDQ_CLOSE)
            continue;
        if (depth == 0)
            return sd_fail(err, SD_BAD_QUERY, "the ')' at character %zu closes nothing — "
                           "remove it or add a '(' before it", t->pos);
        if (lx->tok[i - 1].kind == SDQ_OPEN)
            return sd_fail(err, SD_BAD_QUERY, "empty parentheses at character %zu — put "
                           "words between them or remove them", lx->tok[i - 1].pos);
        depth--;
    }
    if (depth)
        return sd_fail(err, SD_BAD_QUERY, "the '(' at character %zu is never closed — add "
                       "a ')' or remove it", open[depth - 1]);
    return 0;
}

int sdq_lex(sdq_lexed *out, const char *text, sd_error *err)
{
    lexer lx = {.s = text, .n = strlen(text), .out = out, .err = err};
    out->n = 0;
    out->plain = true;
    while (lx.i < lx.n) {
        if (is_space(text[lx.i])) {
            lx.i++;
            continue;
        }
        if (lex_one(&lx))
            return -1;
    }
    return check_structure(out, err);
}

/* ---- rendering ----------------------------------------------------------- */

static bool is_stop_token(const sdq_token *t)
{
    char low[64];
    if (t->kind != SDQ_WORD || t->sign)
        return false;
    words_lower(low, sizeof low, t->text, t->len);
    return *low && sdq_is_stopword(low);
}

/* Words go to the parser in lower case: with STEM_SOME, Xapian would not
 * stem a capitalised word ("Høringer" would miss "høring"), and a query's
 * first word is often capitalised.  Operators keep their case. */
static void append_lower(kbuf *b, const char *s, size_t n)
{
    char low[256];
    words_lower(low, sizeof low, s, n);
    if (*low)
        kbuf_append(b, low, strlen(low));
    else
        kbuf_append(b, s, n); /* too long to fold here: Xapian gets it as typed */
}

static void render_token(kbuf *b, const sdq_token *t, const char *replace)
{
    if (t->sign)
        kbuf_putc(b, t->sign);
    switch (t->kind) {
    case SDQ_WORD:
        if (replace)
            kbuf_append(b, replace, strlen(replace));
        else
            append_lower(b, t->text, t->len);
        break;
    case SDQ_OP:
        kbuf_append(b, t->text, t->len);
        break;
    case SDQ_PHRASE:
        kbuf_putc(b, '"');
        kbuf_append(b, t->text, t->len);
        kbuf_putc(b, '"');
        break;
    case SDQ_FIELD: {
        const char *name = sdq_field_name(t->field);
        kbuf_append(b, name, strlen(name));
        kbuf_putc(b, ':');
        if (t->field == SDQ_F_TYPE) {
            kbuf_append(b, t->type, strlen(t->type));
            break;
        }
        if (t->quoted)
            kbuf_putc(b, '"');
        append_lower(b, t->text, t->len);
        if (t->quoted)
            kbuf_putc(b, '"');
        break;
    }
    case SDQ_OPEN:
        kbuf_putc(b, '(');
        break;
    case SDQ_CLOSE:
        kbuf_putc(b, ')');
        break;
    }
}

char *sdq_render(const sdq_lexed *lx, bool drop_stopwords, char *const *replace)
{
    kbuf b;
    kbuf_init(&b, 4 * SD_LINE_MAX); /* a query's text, normalised, never grows much */
    kbuf_append(&b, "", 0);
    bool drop = drop_stopwords && lx->plain;
    for (size_t i = 0; i < lx->n; i++) {
        if ((drop && is_stop_token(&lx->tok[i])) || (replace && replace[i] && !*replace[i]))
            continue; /* a stop word left out, or a token a group took in */
        if (b.len)
            kbuf_putc(&b, ' ');
        render_token(&b, &lx->tok[i], replace ? replace[i] : NULL);
    }
    return kbuf_take(&b);
}

/* ---- plain words --------------------------------------------------------- */

/* Calls fn for each run of word characters in t. */
static int token_words(const sdq_token *t, size_t ti,
                       int (*fn)(const char *, size_t, bool, void *), void *arg)
{
    size_t i = 0;
    while (i < t->len) {
        size_t step, start;
        while (i < t->len && !words_is_word_cp(words_next_cp(t->text + i, t->len - i, &step)))
            i += step;
        for (start = i; i < t->len && words_is_word_cp(words_next_cp(t->text + i, t->len - i, &step));)
            i += step;
        if (i == start)
            continue;
        char low[256];
        words_lower(low, sizeof low, t->text + start, i - start);
        bool wild = i < t->len && t->text[i] == '*';
        if (*low && fn(low, ti, wild, arg))
            return 1;
    }
    return 0;
}

int sdq_words(const sdq_lexed *lx, int (*fn)(const char *word, size_t tok, bool wild,
                                            void *arg),
              void *arg)
{
    for (size_t i = 0; i < lx->n; i++) {
        const sdq_token *t = &lx->tok[i];
        if (t->kind != SDQ_WORD || t->sign == '-')
            continue;
        if (token_words(t, i, fn, arg))
            break;
    }
    return 0;
}

static bool searches_text(const sdq_token *t)
{
    if (t->sign == '-')
        return false;
    if (t->kind == SDQ_WORD || t->kind == SDQ_PHRASE)
        return true;
    return t->kind == SDQ_FIELD && (t->field == SDQ_F_TITLE || t->field == SDQ_F_HEADING);
}

void sdq_text_words(const sdq_lexed *lx, int (*fn)(const char *word, size_t tok, bool wild,
                                                  void *arg),
                    void *arg)
{
    for (size_t i = 0; i < lx->n; i++)
        if (searches_text(&lx->tok[i]) && token_words(&lx->tok[i], i, fn, arg))
            break;
}
