#include "querybuild.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "searchd.h"
#include "words.h"

#define WORDS_MAX 64     /* of one phrase or word */
#define TERM_MAX 240     /* Xapian refuses terms past 245 bytes */
#define FORMS_MAX 24     /* of one word of a phrase */
#define SUBS_MAX SDQ_MAX_TOKENS /* operands of one operator */

typedef struct builder {
    const sdq_build_ctx *ctx;
    sd_error *err;
    bool failed;
} builder;

static kx_query *fail(builder *b, const char *what, const kx_error *x)
{
    if (!b->failed)
        sd_fail(b->err, SD_INTERNAL, "building the query: %s: %s", what, x ? x->message : "");
    b->failed = true;
    return NULL;
}

/* ---- Xapian queries ------------------------------------------------------- */

static kx_query *term(builder *b, const char *text)
{
    kx_query *q = NULL;
    kx_error x;
    if (strlen(text) > TERM_MAX)
        return NULL; /* no such term can be in the index */
    return kx_query_term(&q, text, 1, 0, &x) == KX_OK ? q : fail(b, "a term", &x);
}

static kx_query *prefixed(builder *b, const char *prefix, const char *word)
{
    char t[TERM_MAX + 16];
    snprintf(t, sizeof t, "%s%s", prefix, word);
    return term(b, t);
}

/* Whether Xapian stems the word: only one starting with a letter
 * ("31.12.2024" and "2024" are indexed as written only). */
static bool stems(const char *word)
{
    size_t step;
    int32_t cp = words_next_cp(word, strlen(word), &step);
    utf8proc_category_t c = cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
           c == UTF8PROC_CATEGORY_LO;
}

/* "Z" + prefix + stem, as the indexer writes a stemmed word; a word Xapian
 * does not stem as written. */
static kx_query *stemmed(builder *b, const char *prefix, const char *word)
{
    char *st = NULL;
    kx_error x;
    if (!stems(word))
        return prefixed(b, prefix, word);
    if (kx_stem_word(b->ctx->stem, &st, word, &x) != KX_OK)
        return fail(b, "stemming", &x);
    char t[TERM_MAX + 16];
    snprintf(t, sizeof t, "Z%s%s", prefix, st);
    free(st);
    return term(b, t);
}

/* subs[0, n) joined by op, then freed; NULL subqueries are left out.  One
 * left is itself (a one-word phrase is its word); none gives NULL. */
static kx_query *combine(builder *b, int op, kx_query **subs, size_t n, unsigned window)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (subs[i])
            subs[k++] = subs[i];
    if (k <= 1 && op != KX_OP_AND_NOT && op != KX_OP_FILTER)
        return k ? subs[0] : NULL;
    kx_query *q = NULL;
    kx_error x;
    int rc = kx_query_combine(&q, op, subs, k, window, &x);
    for (size_t i = 0; i < k; i++)
        kx_query_free(subs[i]);
    return rc == KX_OK ? q : fail(b, "combining", &x);
}

/* l op r; a NULL side is nothing: "x AND_NOT nothing" is x, "nothing OR
 * x" is x, "nothing AND_NOT x" is nothing. */
static kx_query *pair(builder *b, int op, kx_query *l, kx_query *r)
{
    if (!r)
        return l;
    if (!l) {
        if (op == KX_OP_OR)
            return r;
        kx_query_free(r);
        return NULL;
    }
    kx_query *subs[2] = {l, r};
    return combine(b, op, subs, 2, 0);
}

/* Every unit: the empty term, which every document has (as Xapian's
 * parser reads "NOT x"; the global MatchAll is not safe across threads). */
static kx_query *everything(builder *b)
{
    return term(b, "");
}

static kx_query *weightless(builder *b, kx_query *q)
{
    kx_query *out = NULL;
    kx_error x;
    if (!q)
        return NULL;
    int rc = kx_query_scale(&out, q, 0, &x);
    kx_query_free(q);
    return rc == KX_OK ? out : fail(b, "scaling", &x);
}

/* ---- words ---------------------------------------------------------------- */

typedef struct word_list {
    char w[WORDS_MAX][TERM_MAX + 1];
    size_t n;
} word_list;

static int add_word(const char *word, void *arg)
{
    word_list *l = arg;
    if (l->n == WORDS_MAX)
        return 1;
    if (strlen(word) <= TERM_MAX)
        strcpy(l->w[l->n++], word);
    return 0;
}

/* The words of text as the indexer splits them. */
static bool split(builder *b, const char *text, size_t len, word_list *l)
{
    kx_error x;
    l->n = 0;
    if (kx_text_words(text, len, add_word, l, &x) != KX_OK) {
        fail(b, "splitting words", &x);
        return false;
    }
    return true;
}

/* The words in a row, as written, on prefix. */
static kx_query *exact_phrase(builder *b, const char *prefix, const word_list *l)
{
    kx_query *subs[WORDS_MAX];
    for (size_t i = 0; i < l->n; i++)
        subs[i] = prefixed(b, prefix, l->w[i]);
    return combine(b, KX_OP_PHRASE, subs, l->n, (unsigned)l->n);
}

/* A word by its stem; words joined by punctuation a phrase of them. */
static kx_query *text_query(builder *b, const char *prefix, const char *text, bool stem)
{
    word_list *l = malloc(sizeof *l);
    kx_query *q = NULL;
    if (!l)
        return fail(b, "out of memory", NULL);
    if (split(b, text, strlen(text), l))
        q = l->n == 1 && stem ? stemmed(b, prefix, l->w[0]) : exact_phrase(b, prefix, l);
    free(l);
    return q;
}

/* "hør*": the terms starting so, the most frequent max_expansion. */
static kx_query *wildcard(builder *b, const char *prefix, const char *text, size_t len)
{
    char low[TERM_MAX + 1], pattern[TERM_MAX + 16];
    if (!words_lower(low, sizeof low, text, len))
        return NULL;
    snprintf(pattern, sizeof pattern, "%s%s", prefix, low);
    kx_query *q = NULL;
    kx_error x;
    if (kx_query_wildcard(&q, pattern, b->ctx->max_expansion, &x) != KX_OK)
        return fail(b, "a wildcard", &x);
    return q;
}

static kx_query *form_query(builder *b, const sdq_form *f)
{
    if (f->kind == SDQ_FORM_WORD)
        return text_query(b, "", f->text, true);
    word_list *l = malloc(sizeof *l);
    kx_query *q = NULL;
    if (!l)
        return fail(b, "out of memory", NULL);
    if (split(b, f->text, strlen(f->text), l)) {
        if (f->kind == SDQ_FORM_PHRASE) {
            q = exact_phrase(b, "", l);
        } else { /* every part somewhere: a compound's parts apart */
            kx_query *subs[WORDS_MAX];
            for (size_t i = 0; i < l->n; i++)
                subs[i] = stemmed(b, "", l->w[i]);
            q = combine(b, KX_OP_AND, subs, l->n, 0);
        }
    }
    free(l);
    return q;
}

static bool is_wild(const sdq_node *n)
{
    return !n->word && n->ntok == 1 && n->tok->len > 1 && n->tok->text[n->tok->len - 1] == '*';
}

/* A word, or a run of words a synonym took in, with its forms: the word
 * and its one-word forms one OP_SYNONYM (one posting list, one weight: a
 * word written three ways counts as one word); forms of several words
 * (a synonym's phrase, a compound's parts apart) beside it, each weighed
 * on its own as before, since Xapian can only guess how often a phrase
 * occurs, and a guess inside a synonym drags the word's weight down. */
static kx_query *word_query(builder *b, const sdq_node *n)
{
    if (is_wild(n))
        return wildcard(b, "", n->tok->text, n->tok->len - 1);
    char text[4 * TERM_MAX];
    if (!sdq_node_text(n, text, sizeof text))
        return NULL;
    kx_query *one[FORMS_MAX + 1], *more[FORMS_MAX + 2];
    size_t n_one = 0, n_more = 0;
    kx_query *typed = n->ntok > 1 ? form_query(b, &(sdq_form){SDQ_FORM_PHRASE, text})
                                  : text_query(b, "", text, true);
    if (n->ntok > 1 || strchr(text, '-') || !typed)
        more[n_more++] = typed;
    else
        one[n_one++] = typed;
    for (size_t i = 0; i < n->n_forms && i < FORMS_MAX; i++) {
        bool single = n->forms[i].kind == SDQ_FORM_WORD && !strchr(n->forms[i].text, ' ');
        kx_query *f = form_query(b, &n->forms[i]);
        if (single && f)
            one[n_one++] = f;
        else
            more[n_more++] = f;
    }
    more[n_more++] = combine(b, KX_OP_SYNONYM, one, n_one, 0);
    return combine(b, KX_OP_OR, more, n_more, 0);
}

/* ---- phrases -------------------------------------------------------------- */

typedef struct forms {
    builder *b;
    kx_query *subs[FORMS_MAX];
    char seen[FORMS_MAX][TERM_MAX + 1];
    size_t n;
} forms;

static void add_form(const char *form, void *arg)
{
    forms *f = arg;
    if (f->n == FORMS_MAX || strlen(form) > TERM_MAX || strchr(form, ' '))
        return; /* a phrase's word stands for one word */
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->seen[i], form) == 0)
            return;
    strcpy(f->seen[f->n], form);
    f->subs[f->n++] = term(f->b, form);
}

/* A phrase's word as written or as any of its forms. */
static kx_query *phrase_word(builder *b, const char *word)
{
    forms *f = calloc(1, sizeof *f);
    if (!f)
        return fail(b, "out of memory", NULL);
    f->b = b;
    add_form(word, f);
    if (b->ctx->phrase_forms)
        b->ctx->phrase_forms(b->ctx->phrase_forms_arg, word, add_form, f);
    kx_query *q = combine(b, KX_OP_OR, f->subs, f->n, 0);
    free(f);
    return q;
}

/* "utdanninger over hele landet" also as "utdanningar over heile landet":
 * order and adjacency kept, each word any of its forms. */
static kx_query *phrase_query(builder *b, const char *text, size_t len)
{
    word_list *l = malloc(sizeof *l);
    kx_query *q = NULL;
    if (!l)
        return fail(b, "out of memory", NULL);
    if (split(b, text, len, l)) {
        kx_query *subs[WORDS_MAX];
        for (size_t i = 0; i < l->n; i++)
            subs[i] = phrase_word(b, l->w[i]);
        q = combine(b, KX_OP_PHRASE, subs, l->n, (unsigned)l->n);
    }
    free(l);
    return q;
}

/* ---- fields --------------------------------------------------------------- */

static bool is_boolean_field(const sdq_node *n)
{
    return n->kind == SDQ_N_FIELD && (n->tok->field == SDQ_F_TYPE || n->tok->field == SDQ_F_YEAR);
}

/* år:2019..2024, år:2019.., år:..2024 over the year's slot. */
static kx_query *year_range(builder *b, const char *value, size_t len, const char *dots)
{
    char lo[18], hi[18], num[8];
    size_t lo_len = 0, hi_len = 0, before = (size_t)(dots - value), after = len - before - 2;
    int slot = b->ctx->fields->year_slot;
    if (slot < 0)
        return NULL;
    if (before && before < sizeof num) {
        memcpy(num, value, before);
        num[before] = '\0';
        lo_len = kx_sortable_serialise(atof(num), lo);
    }
    if (after && after < sizeof num) {
        memcpy(num, dots + 2, after);
        num[after] = '\0';
        hi_len = kx_sortable_serialise(atof(num), hi);
    }
    lo[lo_len] = hi[hi_len] = '\0'; /* the encoding of a year has no NUL byte */
    kx_query *q = NULL;
    kx_error x;
    int rc = lo_len && hi_len ? kx_query_value_range(&q, (unsigned)slot, lo, hi, &x)
             : lo_len         ? kx_query_value_ge(&q, (unsigned)slot, lo, &x)
                              : kx_query_value_le(&q, (unsigned)slot, hi, &x);
    return rc == KX_OK ? q : fail(b, "a range", &x);
}

/* type:x and år:x: the filter's term or range, weightless. */
static kx_query *filter_query(builder *b, const sdq_token *tok)
{
    const char *prefix = b->ctx->fields->prefix[tok->field][0];
    if (tok->field == SDQ_F_YEAR) {
        const char *dots = memmem(tok->text, tok->len, "..", 2);
        if (dots)
            return year_range(b, tok->text, tok->len, dots);
    }
    if (!prefix)
        return NULL;
    char t[TERM_MAX + 16];
    if (tok->field == SDQ_F_TYPE)
        snprintf(t, sizeof t, "%s%s", prefix, tok->type);
    else
        snprintf(t, sizeof t, "%s%.*s", prefix, (int)(tok->len > TERM_MAX ? TERM_MAX : tok->len),
                 tok->text);
    return term(b, t);
}

/* tittel:, overskrift:, forfatter: the words on each of the field's
 * prefixes, any of them. */
static kx_query *text_field(builder *b, const sdq_token *tok)
{
    kx_query *subs[SDQ_PREFIXES];
    size_t n = 0;
    char low[4 * TERM_MAX];
    bool wild = !tok->quoted && tok->len > 1 && tok->text[tok->len - 1] == '*';
    if (!words_lower(low, sizeof low, tok->text, tok->len))
        return NULL;
    for (size_t i = 0; i < SDQ_PREFIXES && b->ctx->fields->prefix[tok->field][i]; i++) {
        const char *prefix = b->ctx->fields->prefix[tok->field][i];
        subs[n++] = wild ? wildcard(b, prefix, tok->text, tok->len - 1)
                         : text_query(b, prefix, low, !tok->quoted);
    }
    return combine(b, KX_OP_OR, subs, n, 0);
}

/* ---- the tree ------------------------------------------------------------- */

static kx_query *node_query(builder *b, const sdq_node *n);
static kx_query *bare_query(builder *b, const sdq_node *n);

static bool is_stopword_leaf(const sdq_node *n)
{
    char low[64];
    if (n->kind != SDQ_N_WORD || n->sign || n->ntok != 1 || n->word)
        return false;
    return words_lower(low, sizeof low, n->tok->text, n->tok->len) && sdq_is_stopword(low);
}

/* Filters of several fields all apply, of one field any: "type:a type:b
 * år:2024" is (a OR b) AND 2024. */
static kx_query *filters_query(builder *b, const sdq_node *const *f, size_t n)
{
    kx_query *fields[SDQ_F_YEAR + 1] = {NULL};
    for (size_t i = 0; i < n; i++) {
        int id = f[i]->tok->field;
        fields[id] = pair(b, KX_OP_OR, fields[id], filter_query(b, f[i]->tok));
    }
    return combine(b, KX_OP_AND, fields, SDQ_F_YEAR + 1, 0);
}

/* Operands side by side: the default operator between the unsigned ones,
 * +required AND, -excluded AND_NOT, type: and år: filters. */
static kx_query *seq_query(builder *b, const sdq_node *first, bool alone)
{
    size_t kids = 0;
    for (const sdq_node *k = first; k && (!alone || k == first); k = k->next)
        kids++;
    /* on the heap: brackets nest a sequence in a sequence 128 deep */
    kx_query **subs = calloc(3 * kids, sizeof *subs);
    const sdq_node **filters = calloc(kids, sizeof *filters);
    if (!subs || !filters) {
        free(subs);
        free(filters);
        return fail(b, "out of memory", NULL);
    }
    kx_query **plain = subs, **loved = subs + kids, **hated = subs + 2 * kids;
    size_t np = 0, nl = 0, nh = 0, nf = 0;
    for (const sdq_node *k = first; k && kids-- && !b->failed; k = k->next) {
        if (is_boolean_field(k) && k->sign != '-')
            filters[nf++] = k;
        else if (k->sign == '-')
            hated[nh++] = is_boolean_field(k) ? filter_query(b, k->tok) : bare_query(b, k);
        else if (k->sign == '+')
            loved[nl++] = bare_query(b, k);
        else if (!(b->ctx->drop_stopwords && is_stopword_leaf(k)))
            plain[np++] = bare_query(b, k);
    }
    kx_query *q;
    if (b->ctx->default_op == KX_OP_AND) {
        kx_query *required = combine(b, KX_OP_AND, loved, nl, 0);
        kx_query *all = combine(b, KX_OP_AND, plain, np, 0);
        q = required && all ? pair(b, KX_OP_AND, required, all) : required ? required : all;
    } else {
        q = combine(b, KX_OP_AND, loved, nl, 0);
        kx_query *maybe = combine(b, KX_OP_OR, plain, np, 0);
        q = q ? pair(b, KX_OP_AND_MAYBE, q, maybe) : maybe;
    }
    if (nh) {
        kx_query *out = combine(b, KX_OP_OR, hated, nh, 0);
        q = pair(b, KX_OP_AND_NOT, q ? q : everything(b), out);
    }
    if (nf) {
        kx_query *filter = filters_query(b, filters, nf);
        q = q ? pair(b, KX_OP_FILTER, q, filter) : weightless(b, filter);
    }
    free(subs);
    free(filters);
    return q;
}

/* The operands of NEAR and ADJ: words as written, not stemmed. */
static kx_query *positional(builder *b, const sdq_node *n)
{
    if (n->kind == SDQ_N_WORD && !is_wild(n)) {
        char text[4 * TERM_MAX];
        return sdq_node_text(n, text, sizeof text) ? text_query(b, "", text, false) : NULL;
    }
    if (n->kind == SDQ_N_PHRASE)
        return phrase_query(b, n->tok->text, n->tok->len);
    return node_query(b, n);
}

static kx_query *operator_query(builder *b, const sdq_node *n)
{
    kx_query *subs[SUBS_MAX];
    size_t k = 0;
    for (const sdq_node *c = n->kid; c && k < SUBS_MAX; c = c->next)
        subs[k++] = n->kind == SDQ_N_NEAR || n->kind == SDQ_N_ADJ ? positional(b, c)
                                                                  : node_query(b, c);
    switch (n->kind) {
    case SDQ_N_AND:
        return combine(b, KX_OP_AND, subs, k, 0);
    case SDQ_N_OR:
        return combine(b, KX_OP_OR, subs, k, 0);
    case SDQ_N_XOR:
        return combine(b, KX_OP_XOR, subs, k, 0);
    case SDQ_N_NOT: {
        kx_query *keep = k == 1 ? everything(b) : subs[0];
        kx_query *drop = k == 1 ? subs[0] : combine(b, KX_OP_OR, subs + 1, k - 1, 0);
        return pair(b, KX_OP_AND_NOT, keep, drop);
    }
    case SDQ_N_NEAR:
    case SDQ_N_ADJ: /* Xapian's window: the words allowed between, plus the words */
        return combine(b, n->kind == SDQ_N_NEAR ? KX_OP_NEAR : KX_OP_PHRASE, subs, k,
                       n->window - 1 + (unsigned)k);
    default:
        return NULL;
    }
}

/* A node, its sign left to the caller. */
static kx_query *bare_query(builder *b, const sdq_node *n)
{
    if (b->failed)
        return NULL;
    switch (n->kind) {
    case SDQ_N_WORD:
        return word_query(b, n);
    case SDQ_N_PHRASE:
        return phrase_query(b, n->tok->text, n->tok->len);
    case SDQ_N_FIELD:
        return is_boolean_field(n) ? weightless(b, filter_query(b, n->tok)) : text_field(b, n->tok);
    case SDQ_N_SEQ:
        return seq_query(b, n->kid, false);
    default:
        return operator_query(b, n);
    }
}

/* A node, its sign read as in a sequence of one ("a OR -b"). */
static kx_query *node_query(builder *b, const sdq_node *n)
{
    return n->sign ? seq_query(b, n, true) : bare_query(b, n);
}

int sdq_build(kx_query **out, const sdq_tree *t, const sdq_build_ctx *ctx, sd_error *err)
{
    builder b = {ctx, err, false};
    *out = NULL;
    if (!t->root)
        return 0;
    kx_query *q = node_query(&b, t->root);
    if (b.failed) {
        kx_query_free(q);
        return -1;
    }
    *out = q;
    return 0;
}

void sdq_field_prefixes_init(sdq_field_prefixes *f, const kschema *schema)
{
    static const struct { int id; const char *schema_field; bool boolean; } map[] = {
        {SDQ_F_TITLE, "title", false},    {SDQ_F_TITLE, "heading", false},
        {SDQ_F_HEADING, "heading", false}, {SDQ_F_AUTHOR, "author", false},
        {SDQ_F_TYPE, "type", true},       {SDQ_F_YEAR, "year", true}};
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        const kfield *field = kschema_field(schema, map[i].schema_field);
        const char *prefix = !field ? NULL : map[i].boolean ? field->boolean_prefix : field->prefix;
        if (!prefix)
            continue;
        for (size_t k = 0; k < SDQ_PREFIXES; k++)
            if (!f->prefix[map[i].id][k]) {
                f->prefix[map[i].id][k] = prefix;
                break;
            }
    }
    f->year_slot = kschema_slot(schema, "year");
}
