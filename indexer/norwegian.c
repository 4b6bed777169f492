#include "norwegian.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compound.h"
#include "dates.h"
#include "hyphen.h"
#include "numbers.h"
#include "words.h"

#define WORD_MAX 128        /* bytes of a word considered */
#define TERM_MAX 240

struct knorwegian {
    const klexicon *lexicon;
    const kx_stem *stem;
    GHashTable *splits; /* lower-cased word → its parts joined by ' ', "" for none */
};

knorwegian *norwegian_new(const klexicon *lexicon, const kx_stem *stem)
{
    knorwegian *nw = calloc(1, sizeof *nw);
    if (!nw)
        return NULL;
    nw->lexicon = lexicon;
    nw->stem = stem;
    nw->splits = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return nw;
}

void norwegian_free(knorwegian *nw)
{
    if (!nw)
        return;
    g_hash_table_destroy(nw->splits);
    free(nw);
}

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Adds the term a + b + word. */
static int add_term(kx_doc *doc, const char *a, const char *b, const char *word, unsigned wdf,
                    kerr *err)
{
    char term[TERM_MAX + 16];
    if (snprintf(term, sizeof term, "%s%s%s", a, b, word) >= TERM_MAX)
        return 0; /* Xapian refuses longer terms; such a word is noise anyway */
    kx_error x;
    if (kx_doc_add_term(doc, term, wdf, &x) != KX_OK)
        return kerr_set(err, KERR_FAIL, "xapian: %s", x.message);
    return 0;
}

/* The word and its stem, named as the term generator names them: prefix +
 * word, and "Z" + prefix + stem. */
static int add_word(knorwegian *nw, kx_doc *doc, const char *word, unsigned wdf,
                    const char *prefix, kerr *err)
{
    char *stem = NULL;
    kx_error x;
    int rc = add_term(doc, prefix, "", word, wdf, err);
    if (rc == 0 && kx_stem_word(nw->stem, &stem, word, &x) == KX_OK)
        rc = add_term(doc, "Z", prefix, stem, wdf, err);
    free(stem);
    return rc;
}

/* ---- numbers, dates and hyphen joins (read in lib/, as the query reads them) */

static int add_numbers(knorwegian *nw, kx_doc *doc, const char *text, unsigned wdf,
                       const char *prefix, kerr *err)
{
    int rc = 0;
    for (size_t i = 0; text[i] && rc == 0; i++) {
        if (!digit(text[i]) || (i > 0 && (digit(text[i - 1]) || text[i - 1] == ',')))
            continue;
        char number[64];
        size_t len = knumber_grouped(text + i, number, sizeof number);
        if (len) {
            rc = add_term(doc, prefix, "", number, wdf, err);
            i += len - 1;
        }
    }
    for (const char *p = strchr(text, '%'); p && rc == 0; p = strchr(p + 1, '%'))
        if (knumber_percent_after(text, p))
            rc = add_word(nw, doc, "prosent", wdf, prefix, err);
    return rc;
}

/* A date written in figures also says its year and month in words, so
 * "Per 31.12.2024" is found by "2024" and "desember" (Xapian keeps the
 * figures as one term).  Day and month alone ("23.04") may be a section
 * or a version number: only dates with a year count. */
static int add_dates(knorwegian *nw, kx_doc *doc, const char *text, unsigned wdf,
                     const char *prefix, kerr *err)
{
    int rc = 0;
    for (size_t i = 0; text[i] && rc == 0; i++) {
        if (!digit(text[i]) || (i > 0 && (digit(text[i - 1]) || text[i - 1] == '.')))
            continue;
        kdate date;
        size_t len = kdate_figures(text + i, &date);
        if (!len || !date.year)
            continue;
        char year[8];
        snprintf(year, sizeof year, "%04d", date.year);
        rc = add_term(doc, prefix, "", year, wdf, err);
        if (rc == 0)
            rc = add_word(nw, doc, kdate_month_name(date.month), wdf, prefix, err);
        i += len - 1;
    }
    return rc;
}

typedef struct join_target {
    knorwegian *nw;
    kx_doc *doc;
    unsigned wdf;
    const char *prefix;
    kerr *err;
} join_target;

static int add_join(const char *joined, void *arg)
{
    join_target *t = arg;
    return add_word(t->nw, t->doc, joined, t->wdf, t->prefix, t->err);
}

/* "fagfelle-vurderere" (a line-end hyphen kept) is also "fagfellevurderere",
 * as a person types it. */
static int add_hyphen_joins(knorwegian *nw, kx_doc *doc, const char *text, unsigned wdf,
                            const char *prefix, kerr *err)
{
    join_target t = {nw, doc, wdf, prefix, err};
    return khyphen_each_join(text, strlen(text), add_join, &t);
}

/* ---- compounds ------------------------------------------------------------ */

/* Appends the parts of word to out, each followed by ' ', and their own
 * parts down to `depth` levels ("allmennlegetjenesten": "allmennlege",
 * "tjenesten", then "allmenn", "lege"). */
static void append_parts(knorwegian *nw, const char *word, size_t len, char *out, size_t *o,
                         int depth)
{
    kcompound c;
    if (depth == 0 || kcompound_split(nw->lexicon, kcompound_never_split(), word, len, &c) ||
        c.n < 2)
        return;
    for (size_t k = 0; k < c.n; k++) {
        size_t at = *o;
        if (at + c.part[k].len + 1 >= WORD_MAX * 4)
            return;
        memcpy(out + at, word + c.part[k].start, c.part[k].len);
        *o += c.part[k].len;
        out[(*o)++] = ' ';
        if (c.part[k].len >= KCOMPOUND_MIN_WORD)
            append_parts(nw, out + at, c.part[k].len, out, o, depth - 1);
    }
}

/* The parts of a lower-cased word with their stems, "part\tstem " each
 * ("" when none), from the cache or the splitter: a word recurs through a
 * document, and its split and stems are worked out once. */
static const char *parts_of(knorwegian *nw, const char *low, size_t len)
{
    const char *hit = g_hash_table_lookup(nw->splits, low);
    if (hit)
        return hit;
    char joined[WORD_MAX * 4] = "";
    size_t o = 0;
    append_parts(nw, low, len, joined, &o, 2);
    joined[o] = '\0';
    GString *value = g_string_new(NULL);
    for (char *save = NULL, *p = strtok_r(joined, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
        char *stem = NULL;
        kx_error x;
        if (kx_stem_word(nw->stem, &stem, p, &x) == KX_OK)
            g_string_append_printf(value, "%s\t%s ", p, stem);
        free(stem);
    }
    if (g_hash_table_size(nw->splits) >= NORWEGIAN_CACHE_MAX)
        g_hash_table_remove_all(nw->splits); /* bounded: start over */
    char *parts = g_string_free(value, FALSE);
    g_hash_table_insert(nw->splits, g_strdup(low), parts);
    return parts;
}

static int add_compound_parts(knorwegian *nw, kx_doc *doc, const char *text, unsigned wdf,
                              const char *prefix, kerr *err)
{
    size_t n = strlen(text), pos = 0, start, end;
    int rc = 0;
    while (rc == 0 && words_next(text, n, &pos, &start, &end)) {
        char low[WORD_MAX * 2];
        size_t len = end - start;
        if (len < KCOMPOUND_MIN_WORD || len >= WORD_MAX ||
            !words_lower(low, sizeof low, text + start, len))
            continue;
        const char *parts = parts_of(nw, low, strlen(low));
        char part[WORD_MAX * 2], stem[WORD_MAX * 2];
        for (const char *p = parts; rc == 0 && *p; p += strcspn(p, " ") + 1) {
            size_t k = strcspn(p, "\t"), e = strcspn(p, " ");
            if (k >= e || k >= sizeof part || e - k > sizeof stem)
                continue;
            memcpy(part, p, k);
            part[k] = '\0';
            memcpy(stem, p + k + 1, e - k - 1);
            stem[e - k - 1] = '\0';
            rc = add_term(doc, prefix, "", part, wdf, err);
            if (rc == 0)
                rc = add_term(doc, "Z", prefix, stem, wdf, err);
        }
    }
    return rc;
}

int norwegian_add_terms(knorwegian *nw, kx_doc *doc, const char *text, unsigned wdf,
                        const char *prefix, kerr *err)
{
    if (!text || !*text)
        return 0;
    int rc = add_numbers(nw, doc, text, wdf, prefix, err);
    if (rc == 0)
        rc = add_dates(nw, doc, text, wdf, prefix, err);
    if (rc == 0)
        rc = add_hyphen_joins(nw, doc, text, wdf, prefix, err);
    return rc ? rc : add_compound_parts(nw, doc, text, wdf, prefix, err);
}
