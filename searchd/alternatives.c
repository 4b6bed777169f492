#include "alternatives.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compound.h"
#include "months.h"
#include "words.h"

#define GROUP_MAX 4096  /* bytes of one "(… OR …)" group */
#define PHRASE_MAX 512
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

/* ---- numbers and dates ---------------------------------------------------- */

static bool all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strspn(s, "0123456789");
    return s[n] == '\0' && n >= min && n <= max;
}

/* "5 204" (two words) or "5.204" (one): the digits alone into out. */
static bool grouped_number(const char *phrase, char *out, size_t cap)
{
    size_t o = 0, len = strlen(phrase);
    if (len >= cap)
        return false;
    for (size_t i = 0; i < len; i++)
        if (phrase[i] >= '0' && phrase[i] <= '9')
            out[o++] = phrase[i];
        else if (phrase[i] != ' ' && phrase[i] != '.')
            return false;
    out[o] = '\0';
    /* groups of three after the first: the text has only digits left out */
    const char *sep = strpbrk(phrase, " .");
    if (!sep || sep - phrase < 1 || sep - phrase > 3)
        return false;
    for (const char *p = sep; *p; p += 4)
        if ((*p != ' ' && *p != '.') || strspn(p + 1, "0123456789") < 3 ||
            (p[4] && p[4] != ' ' && p[4] != '.'))
            return false;
    return true;
}

/* "23.04.2024" or "23.04" → "23 april" (texts write "23. april"). */
static bool written_date(const char *word, char *out, size_t cap)
{
    int day, month, used = 0;
    if (sscanf(word, "%2d.%2d%n", &day, &month, &used) != 2 || day < 1 || day > 31 ||
        month < 1 || month > 12)
        return false;
    const char *rest = word + used;
    if (*rest && !(rest[0] == '.' && (all_digits(rest + 1, 2, 2) || all_digits(rest + 1, 4, 4))))
        return false;
    snprintf(out, cap, "%d %s", day, kilde_months[month - 1]);
    return true;
}

/* "ved utgangen av 2024" is the date reports write as "31.12.2024" ("per
 * 31.12.2024 hadde …"); "starten av 2024" is "1.1.2024". */
static bool year_edge(const char *phrase, char *out, size_t cap)
{
    static const char *const edges[][2] = {
        {"utgangen av ", "31.12."}, {"slutten av ", "31.12."}, {"utløpet av ", "31.12."},
        {"starten av ", "1.1."}, {"begynnelsen av ", "1.1."}, {"inngangen til ", "1.1."},
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        size_t n = strlen(edges[i][0]);
        if (strncmp(phrase, edges[i][0], n) == 0 && all_digits(phrase + n, 4, 4)) {
            snprintf(out, cap, "%s%s", edges[i][1], phrase + n);
            return true;
        }
    }
    return false;
}

/* ---- bokmål and nynorsk --------------------------------------------------- */

/* Words whose forms differ beyond the regular patterns (bokmål, nynorsk). */
static const char *const word_pairs[][2] = {
    {"ikke", "ikkje"}, {"hva", "kva"}, {"hvem", "kven"}, {"hvor", "kvar"},
    {"hvordan", "korleis"}, {"hvorfor", "kvifor"}, {"jeg", "eg"}, {"mye", "mykje"},
    {"bare", "berre"}, {"være", "vere"}, {"fra", "frå"}, {"noen", "nokon"}, {"noe", "noko"},
    {"uten", "utan"}, {"sammen", "saman"}, {"selv", "sjølv"}, {"hun", "ho"}, {"disse", "desse"},
    {"deres", "deira"}, {"annen", "annan"}, {"hennes", "hennar"}, {"ble", "vart"},
    {"også", "òg"}, {"antall", "tal"},
};

/* Regular spelling correspondences, bokmål form first: a word holding one
 * side gets the other (one change at a time). */
static const char *const patterns[][2] = {
    {"syk", "sjuk"},    /* sykehus/sjukehus, sykdom/sjukdom */
    {"fravær", "fråvær"}, {"ansatt", "tilsett"}, {"hjem", "heim"}, {"høy", "høg"},
    {"vei", "veg"},     /* veien/vegen */
    {"e", "ei"},        /* hele/heile, mer/meir, egen/eigen, flere/fleire */
    {"lig", "leg"},     /* vanlig/vanleg, offentlig/offentleg */
    {"lige", "lege"},   /* vanlige/vanlege */
    {"het", "heit"},    /* sikkerhet/sikkerheit */
    {"ø", "au"},        /* høst/haust, løs/laus */
    {"hv", "kv"},       /* hvit/kvit */
    {"ene", "ane"},     /* vennene/vennane */
};

/* out gets word with its first `from` replaced by `to`. */
static bool replace_once(const char *word, const char *from, const char *to, char *out,
                         size_t cap)
{
    const char *at = strstr(word, from);
    size_t n = strlen(word), f = strlen(from), t = strlen(to);
    if (!at || n - f + t >= cap)
        return false;
    size_t pre = (size_t)(at - word);
    memcpy(out, word, pre);
    memcpy(out + pre, to, t);
    strcpy(out + pre + t, at + f);
    return true;
}

/* Calls add() for each form of word one pattern away; false to stop. */
static void one_change(const char *word, bool (*add)(const char *v, void *arg), void *arg)
{
    char v[PHRASE_MAX];
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
        for (int side = 0; side < 2; side++) {
            const char *from = patterns[i][side], *to = patterns[i][!side];
            /* "ei" must not count as the bokmål "e" of another change */
            if (side == 0 && strcmp(from, "e") == 0 && strstr(word, "ei"))
                continue;
            if (replace_once(word, from, to, v, sizeof v) && strcmp(v, word) != 0 &&
                !add(v, arg))
                return;
        }
}

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
        one_change(v, try_form, &deeper);
    }
    return true;
}

/* The word's forms in the other written standard that the index holds:
 * the irregular pairs, then forms one or two regular changes away. */
static void other_standard(const sd_alt_ctx *ctx, const char *word, group *g)
{
    for (size_t i = 0; i < sizeof word_pairs / sizeof word_pairs[0]; i++)
        for (int side = 0; side < 2; side++)
            if (strcmp(word, word_pairs[i][side]) == 0 && strcmp(word, word_pairs[i][!side]) &&
                in_index(ctx, word_pairs[i][!side]))
                add_alternative(word_pairs[i][!side], g);
    if (strlen(word) < 4 || strpbrk(word, "0123456789"))
        return; /* short words and codes: too many accidental matches */
    standard st = {ctx, g, word, false};
    one_change(word, try_form, &st);
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

/* "IA-avtale" is also "iaavtale", as the indexer joins hyphenated words
 * (so "IA-avtalen" in a text matches by its stem); letters on both sides
 * only: "LIS1-stillinger" and "2023-2024" are left as typed. */
static void hyphen_joined(const char *word, group *g)
{
    char joined[PHRASE_MAX];
    size_t o = 0;
    const char *dash = strchr(word, '-');
    if (!dash || dash == word || !dash[1] || strchr(dash + 1, '-') ||
        strpbrk(word, "0123456789") || strlen(word) >= sizeof joined)
        return;
    for (const char *p = word; *p; p++)
        if (*p != '-')
            joined[o++] = *p;
    joined[o] = '\0';
    add_alternative(joined, g);
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
    if (k <= 2 && grouped_number(phrase, form, sizeof form))
        add_alternative(form, &g);
    if (k == 1 && written_date(phrase, form, sizeof form))
        add_alternative(form, &g);
    if (k == 3 && year_edge(phrase, form, sizeof form))
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
    if (longest < 3)
        longest = 3; /* "5 204", "utgangen av 2024" */
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
