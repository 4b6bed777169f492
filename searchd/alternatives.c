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

/* The other forms of a word or run of words, each added once: to a word
 * leaf of the tree (`node`), or handed to `add` (a phrase's word). */
typedef struct group {
    sdq_node *node;
    void (*add)(const char *form, void *arg);
    void *arg;
    size_t n;  /* alternatives added */
    char added[VARIANTS_MAX * 2][PHRASE_MAX]; /* copies: each is added once */
    size_t nadded;
    sd_marks *marks;
    const kx_stem *stem;
    int failed;
} group;

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
    if (g->node)
        g->failed |= sdq_node_add_form(g->node, phrase ? SDQ_FORM_PHRASE : SDQ_FORM_WORD, alt);
    else if (!phrase)
        g->add(alt, g->arg);
    g->n++;
    /* a phrase's words are no match alone ("lege" of "lege i
     * spesialisering"): only one-word alternatives are marked */
    char word[SD_MARK_BYTES];
    if (g->marks && !phrase && words_lower(word, sizeof word, alt, strlen(alt)))
        sd_marks_add(g->marks, word, false, g->stem);
    return 0;
}

/* The words of the word leaves for tokens [i, i + k) (corrected where
 * spelling corrected them) lower-cased, joined by single spaces, into out;
 * false when one is no unsigned plain word or they do not fit. */
static bool run_of_words(sdq_node *const *leaf, size_t n, size_t i, size_t k, char *out,
                         size_t cap)
{
    size_t o = 0;
    char word[PHRASE_MAX];
    for (size_t t = i; t < i + k; t++) {
        const sdq_node *node = t < n ? leaf[t] : NULL;
        if (!node || node->kind != SDQ_N_WORD || node->sign || node->ntok != 1 ||
            !sdq_node_text(node, word, sizeof word) || strlen(word) + o + 2 > cap)
            return false;
        if (o)
            out[o++] = ' ';
        strcpy(out + o, word);
        o += strlen(word);
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
    char parts[PHRASE_MAX];
    size_t o = 0;
    for (size_t k = 0; k < c.n; k++) {
        if (o + c.part[k].len + 2 > sizeof parts || !g->node)
            return;
        if (o)
            parts[o++] = ' ';
        memcpy(parts + o, word + c.part[k].start, c.part[k].len);
        o += c.part[k].len;
        char part[SD_MARK_BYTES];
        if (g->marks && c.part[k].len < sizeof part) {
            memcpy(part, word + c.part[k].start, c.part[k].len);
            part[c.part[k].len] = '\0';
            sd_marks_add(g->marks, part, false, g->stem);
        }
    }
    parts[o] = '\0';
    g->failed |= sdq_node_add_form(g->node, SDQ_FORM_ALL, parts);
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

/* Adds the other forms of the leaves for tokens [i, i + k) to the first of
 * them; the number of forms added (-1 out of memory). */
static int group_for(const sd_alt_ctx *ctx, sdq_node *const *leaf, size_t n, size_t i, size_t k,
                     sd_marks *marks)
{
    char phrase[PHRASE_MAX], form[PHRASE_MAX];
    if (!run_of_words(leaf, n, i, k, phrase, sizeof phrase))
        return 0;
    group g = {.node = leaf[i], .marks = marks, .stem = ctx->stem};
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
    if (g.n && k > 1) { /* the run is one leaf now, searched as its phrase */
        char *run = strdup(phrase);
        if (!run)
            return -1;
        free(leaf[i]->word);
        leaf[i]->word = run;
        leaf[i]->ntok = k;
    }
    return g.failed ? -1 : (int)g.n;
}

/* The leaves of a plain query, one per token: the root's operands, or the
 * root alone. */
static size_t leaves_of(sdq_tree *t, sdq_node **leaf)
{
    size_t n = 0;
    if (t->root->kind != SDQ_N_SEQ) {
        leaf[n++] = t->root;
        return n;
    }
    for (sdq_node *k = t->root->kid; k; k = k->next)
        leaf[n++] = k;
    return n;
}

/* Takes the leaves after a run's first out of the root's operands. */
static void unlink_run(sdq_node *first)
{
    sdq_node *after = first->next;
    for (size_t i = 1; i < first->ntok && after; i++)
        after = after->next;
    first->next = after;
}

int sd_alternatives(const sd_alt_ctx *ctx, sdq_tree *t, sd_marks *marks)
{
    const sdq_lexed *lx = t->lx;
    if (!lx->plain || !t->root)
        return 0;
    sdq_node **leaf = calloc(lx->n + 1, sizeof *leaf);
    if (!leaf)
        return -1;
    size_t n = leaves_of(t, leaf);
    size_t longest = ctx->synonyms ? ksynonyms_max_words(ctx->synonyms) : 1;
    if (longest < 4)
        longest = 4; /* "1 041 276 000", "utgangen av 2024" */
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        for (size_t k = longest < n - i ? longest : n - i; k >= 1; k--) {
            int added = group_for(ctx, leaf, n, i, k, marks);
            if (added < 0)
                rc = -1;
            if (added <= 0)
                continue;
            unlink_run(leaf[i]);
            i += k - 1;
            break;
        }
    }
    free(leaf);
    return rc;
}

/* ---- a phrase's words ----------------------------------------------------- */

typedef struct siblings {
    const sd_alt_ctx *ctx;
    const char *stem;
    group *g;
    size_t scanned;
} siblings;

#define SIBLINGS_SCAN 2000 /* terms looked at for one stem */

static int add_sibling(const char *term, unsigned freq, void *arg)
{
    siblings *sb = arg;
    char *st = NULL;
    kx_error x;
    if (++sb->scanned > SIBLINGS_SCAN || sb->g->n >= VARIANTS_MAX)
        return 1;
    if (freq && kx_stem_word(sb->ctx->stem, &st, term, &x) == KX_OK && strcmp(st, sb->stem) == 0)
        add_alternative(term, sb->g);
    free(st);
    return 0;
}

/* The words the index holds that share word's stem ("utdanninger":
 * "utdanning", "utdanningen", "utdanningar"); positions are kept for words
 * as written only, so a phrase reaches its stem through them. */
static void same_stem(const sd_alt_ctx *ctx, const char *word, group *g)
{
    char *st = NULL;
    kx_error x;
    if (kx_stem_word(ctx->stem, &st, word, &x) == KX_OK && strlen(st) >= 3) {
        siblings sb = {ctx, st, g, 0};
        kx_db_allterms(ctx->db, st, add_sibling, &sb, &x);
    }
    free(st);
}

void sd_phrase_word_forms(void *arg, const char *word, void (*add)(const char *form, void *),
                          void *add_arg)
{
    const sd_alt_ctx *ctx = arg;
    group g = {.add = add, .arg = add_arg, .stem = ctx->stem};
    add_alternative(word, &g); /* itself: never added again below */
    other_standard(ctx, word, &g);
    size_t own = g.nadded;
    char forms[VARIANTS_MAX * 2][PHRASE_MAX];
    memcpy(forms, g.added, own * sizeof forms[0]);
    for (size_t i = 0; i < own; i++)
        same_stem(ctx, forms[i], &g);
}

/* ---- for tests: the forms as a query's text -------------------------------- */

static void render_form(kbuf *b, const sdq_form *f)
{
    bool phrase = f->kind == SDQ_FORM_PHRASE, all = f->kind == SDQ_FORM_ALL;
    kbuf_append(b, all ? " OR (" : phrase ? " OR \"" : " OR ", phrase ? 5 : 4 + all);
    for (const char *p = f->text; *p; p++)
        if (all && *p == ' ')
            kbuf_append(b, " AND ", 5);
        else
            kbuf_putc(b, *p);
    if (phrase || all)
        kbuf_putc(b, all ? ')' : '"');
}

char *sd_alternatives_rendered(const sdq_tree *t)
{
    const sdq_lexed *lx = t->lx;
    char **replace = calloc(lx->n + 1, sizeof *replace);
    if (!replace)
        return NULL;
    for (size_t i = 0; i < t->n; i++) {
        const sdq_node *n = &t->node[i];
        if (n->kind != SDQ_N_WORD || !n->n_forms)
            continue;
        size_t at = (size_t)(n->tok - lx->tok);
        char text[PHRASE_MAX];
        kbuf b;
        kbuf_init(&b, GROUP_MAX);
        sdq_node_text(n, text, sizeof text);
        kbuf_append(&b, n->ntok > 1 ? "(\"" : "(", n->ntok > 1 ? 2 : 1);
        kbuf_append(&b, text, strlen(text));
        if (n->ntok > 1)
            kbuf_putc(&b, '"');
        for (size_t k = 0; k < n->n_forms; k++)
            render_form(&b, &n->forms[k]);
        kbuf_putc(&b, ')');
        replace[at] = kbuf_take(&b);
        for (size_t k = 1; k < n->ntok; k++)
            replace[at + k] = strdup("");
    }
    char *out = sdq_render(lx, false, replace);
    for (size_t i = 0; i < lx->n; i++)
        free(replace[i]);
    free(replace);
    return out;
}
