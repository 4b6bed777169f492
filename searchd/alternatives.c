#include "alternatives.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compound.h"
#include "dates.h"
#include "hyphen.h"
#include "numbers.h"
#include "standards.h"
#include "words.h"

#define GROUP_MAX 4096  /* bytes of one "(… OR …)" group */
#define PHRASE_MAX KSTANDARD_FORM_MAX
#define VARIANTS_MAX 8
#define COMMON_MIN 50        /* units: below, no word counts as common */

typedef struct group {
    kbuf text; /* "(words OR alternative OR \"two words\")" */
    size_t n;  /* alternatives added */
    char added[VARIANTS_MAX * 2][PHRASE_MAX]; /* copies: each is added once */
    size_t nadded;
    sd_marks *marks;
    const kx_stem *stem;
} group;

static void group_open(group *g, const char *typed, bool phrase)
{
    kbuf_init(&g->text, GROUP_MAX);
    kbuf_append(&g->text, phrase ? "(\"" : "(", phrase ? 2 : 1);
    kbuf_append(&g->text, typed, strlen(typed));
    if (phrase)
        kbuf_putc(&g->text, '"');
}

/* Adds one alternative (a phrase when it holds a space) and marks its words
 * for snippets; returns 0 for ksynonyms_each. */
static int add_alternative(const char *alt, void *arg)
{
    group *g = arg;
    if (strpbrk(alt, "\"()"))
        return 0; /* would change the query's structure: the file's mistake */
    bool phrase = strchr(alt, ' ') != NULL;
    for (size_t i = 0; i < g->nadded; i++)
        if (strcmp(g->added[i], alt) == 0)
            return 0;
    if (g->nadded < sizeof g->added / sizeof g->added[0] && strlen(alt) < PHRASE_MAX)
        strcpy(g->added[g->nadded++], alt);
    kbuf_append(&g->text, " OR ", 4);
    if (phrase)
        kbuf_putc(&g->text, '"');
    kbuf_append(&g->text, alt, strlen(alt));
    if (phrase)
        kbuf_putc(&g->text, '"');
    g->n++;
    /* a phrase's words are no match alone ("lege" of "lege i
     * spesialisering"): only one-word alternatives are marked */
    char word[SD_MARK_BYTES];
    if (g->marks && !phrase && words_lower(word, sizeof word, alt, strlen(alt)))
        sd_marks_add(g->marks, word, false, g->stem);
    return 0;
}

/* The group's text, or NULL when nothing was added. */
static char *group_close(group *g)
{
    kbuf_putc(&g->text, ')');
    if (g->n == 0 || g->text.status) {
        kbuf_free(&g->text);
        return NULL;
    }
    return kbuf_take(&g->text);
}

/* The words of tokens [i, i + k) lower-cased, joined by single spaces, into
 * out; false when one is no unsigned plain word or they do not fit. */
static bool run_of_words(const sdq_lexed *lx, size_t i, size_t k, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t t = i; t < i + k; t++) {
        const sdq_token *tok = t < lx->n ? &lx->tok[t] : NULL;
        if (!tok || tok->kind != SDQ_WORD || tok->sign || tok->len * 2 + o + 2 > cap)
            return false;
        if (o)
            out[o++] = ' ';
        o += words_lower(out + o, cap - o, tok->text, tok->len);
    }
    out[o] = '\0';
    return o > 0;
}

static bool in_index(const sd_alt_ctx *ctx, const char *term)
{
    unsigned freq = 0;
    kx_error x;
    return kx_db_termfreq(ctx->db, term, &freq, &x) == KX_OK && freq > 0;
}

/* ---- numbers and dates (read in lib/, as the indexer reads them) --------- */

/* "23.04.2024" or "23.04" → "23 april" (texts write "23. april"). */
static bool written_date(const char *word, char *out, size_t cap)
{
    kdate date;
    size_t len = kdate_figures(word, &date);
    return len && word[len] == '\0' && kdate_in_words(&date, out, cap);
}

/* ---- bokmål and nynorsk (the forms from lib/standards.h) ----------------- */

typedef struct standard {
    const sd_alt_ctx *ctx;
    group *g;
    const char *typed;
    bool second; /* looking one more change away */
} standard;

/* A form the index holds becomes an alternative; one it lacks may be one
 * change short ("sjukefråvær" → "sykefråvær" → "sykefravær"). */
static bool try_form(const char *v, void *arg)
{
    standard *st = arg;
    if (st->g->n >= VARIANTS_MAX)
        return false;
    if (strcmp(v, st->typed) != 0 && in_index(st->ctx, v)) {
        add_alternative(v, st->g);
        return true;
    }
    if (!st->second) {
        standard deeper = *st;
        deeper.second = true;
        kstandard_one_change(v, try_form, &deeper);
    }
    return true;
}

static bool add_if_indexed(const char *form, void *arg)
{
    standard *st = arg;
    if (in_index(st->ctx, form))
        add_alternative(form, st->g);
    return true;
}

/* The word's forms in the other written standard that the index holds:
 * the irregular pairs, then forms one or two regular changes away. */
static void other_standard(const sd_alt_ctx *ctx, const char *word, group *g)
{
    standard st = {ctx, g, word, false};
    kstandard_irregular(word, add_if_indexed, &st);
    if (kstandard_regular_applies(word))
        kstandard_one_change(word, try_form, &st);
}

/* ---- compounds ------------------------------------------------------------ */

/* Whether a word stands in more than 1 % of the units, and in more than
 * COMMON_MIN: a compound that common is a name in its own right
 * ("legeforeningen"), and its parts apart would add mostly noise, at the
 * price of matching two common words. */
static bool common(const sd_alt_ctx *ctx, const char *word)
{
    unsigned freq = 0, units = 0;
    kx_error x;
    return kx_db_termfreq(ctx->db, word, &freq, &x) == KX_OK && freq > COMMON_MIN &&
           kx_db_doccount(ctx->db, &units, &x) == KX_OK && (double)freq > units * 0.01;
}

/* "sykehusøkonomi" is also "(sykehus AND økonomi)": a text that writes the
 * parts apart ("økonomien i sykehusene") says the same.  All the parts
 * are demanded, never one alone.  Split as the indexer splits (compound.h). */
static void compound_parts(const sd_alt_ctx *ctx, const char *word, group *g)
{
    kcompound c;
    size_t len = strlen(word);
    if (!ctx->lexicon || len < KCOMPOUND_MIN_WORD || common(ctx, word) ||
        kcompound_split(ctx->lexicon, kcompound_never_split(), word, len, &c) || c.n < 2)
        return;
    kbuf_append(&g->text, " OR (", 5);
    for (size_t k = 0; k < c.n; k++) {
        if (k)
            kbuf_append(&g->text, " AND ", 5);
        kbuf_append(&g->text, word + c.part[k].start, c.part[k].len);
        char part[SD_MARK_BYTES];
        if (g->marks && c.part[k].len < sizeof part) {
            memcpy(part, word + c.part[k].start, c.part[k].len);
            part[c.part[k].len] = '\0';
            sd_marks_add(g->marks, part, false, g->stem);
        }
    }
    kbuf_putc(&g->text, ')');
    g->n++;
}

static int add_join(const char *joined, void *arg)
{
    add_alternative(joined, arg);
    return 0;
}

/* "IA-avtale" is also "iaavtale", as the indexer joins hyphenated words
 * (lib/hyphen.h; so "IA-avtalen" in a text matches by its stem). */
static void hyphen_joined(const char *word, group *g)
{
    khyphen_each_join(word, strlen(word), add_join, g);
}

/* ---- all of them ---------------------------------------------------------- */

/* The group for tokens [i, i + k) when they have other forms, or NULL. */
static char *group_for(const sd_alt_ctx *ctx, const sdq_lexed *lx, size_t i, size_t k,
                       sd_marks *marks)
{
    char phrase[PHRASE_MAX], form[PHRASE_MAX];
    if (!run_of_words(lx, i, k, phrase, sizeof phrase))
        return NULL;
    group g = {.n = 0, .marks = marks, .stem = ctx->stem};
    group_open(&g, phrase, k > 1);
    if (ctx->synonyms)
        ksynonyms_each(ctx->synonyms, phrase, add_alternative, &g);
    if (knumber_grouped_whole(phrase, form, sizeof form))
        add_alternative(form, &g);
    if (k == 1 && written_date(phrase, form, sizeof form))
        add_alternative(form, &g);
    if (k == 3 && kdate_year_edge(phrase, form, sizeof form))
        add_alternative(form, &g);
    if (k == 1)
        other_standard(ctx, phrase, &g);
    if (k == 1)
        compound_parts(ctx, phrase, &g);
    if (k == 1)
        hyphen_joined(phrase, &g);
    return group_close(&g);
}

char **sd_alternatives(const sd_alt_ctx *ctx, const sdq_lexed *lx, sd_marks *marks)
{
    if (!lx->plain || lx->n == 0)
        return NULL;
    char **replace = calloc(lx->n + 1, sizeof *replace);
    size_t longest = ctx->synonyms ? ksynonyms_max_words(ctx->synonyms) : 1, found = 0;
    if (longest < 4)
        longest = 4; /* "1 041 276 000", "utgangen av 2024" */
    for (size_t i = 0; replace && i < lx->n; i++) {
        for (size_t k = longest < lx->n - i ? longest : lx->n - i; k >= 1; k--) {
            char *g = group_for(ctx, lx, i, k, marks);
            if (!g)
                continue;
            replace[i] = g;
            for (size_t t = i + 1; t < i + k; t++)
                replace[t] = strdup("");
            found++;
            i += k - 1;
            break;
        }
    }
    if (!found) {
        free(replace);
        return NULL;
    }
    return replace;
}

void sd_alternatives_free(char **replace, size_t n)
{
    for (size_t i = 0; replace && i < n; i++)
        free(replace[i]);
    free(replace);
}
