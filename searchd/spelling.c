#include "spelling.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TERM_MAX 240 /* Xapian refuses terms past 245 bytes */

typedef struct spelling {
    kx_db *db;
    const kx_stem *stem;
    const klexicon *lexicon; /* may be NULL */
    const sdq_lexed *lx;
    char **replace;   /* per token */
    size_t *pieces;   /* per token: words seen */
    bool changed;
} spelling;

/* Units holding the word or its stem (0 when neither is in the index). */
static unsigned frequency(kx_db *db, const kx_stem *stem, const char *word)
{
    unsigned freq = 0, stemmed = 0;
    kx_error x;
    char *st = NULL, term[TERM_MAX + 8];
    if (kx_db_termfreq(db, word, &freq, &x) != KX_OK)
        return 1; /* on error, suggest nothing rather than something wrong */
    if (kx_stem_word(stem, &st, word, &x) == KX_OK) {
        snprintf(term, sizeof term, "Z%s", st);
        if (kx_db_termfreq(db, term, &stemmed, &x) != KX_OK)
            stemmed = 1;
    }
    free(st);
    return freq > stemmed ? freq : stemmed;
}

static bool known(kx_db *db, const kx_stem *stem, const char *word)
{
    return frequency(db, stem, word) > 0;
}

/* Replaces every `from` in v (malloc'd) by the no longer `to`. */
static void replace_all(char *v, const char *from, const char *to)
{
    size_t f = strlen(from), t = strlen(to);
    for (char *at; (at = strstr(v, from));) {
        memcpy(at, to, t);
        memmove(at + t, at + f, strlen(at + f) + 1);
    }
}

/* The digraphs of a keyboard without æ, ø and å ("aa", "ae", "oe", and the
 * Swedish/German "ä", "ö"), every one replaced; NULL when none or unknown. */
static char *digraph_variant(kx_db *db, const kx_stem *stem, const char *word)
{
    static const char *const map[][2] = {
        {"aa", "å"}, {"ae", "æ"}, {"oe", "ø"}, {"ä", "æ"}, {"ö", "ø"},
    };
    char *v = strdup(word);
    for (size_t k = 0; v && k < sizeof map / sizeof map[0]; k++)
        replace_all(v, map[k][0], map[k][1]);
    if (v && strcmp(v, word) != 0 && known(db, stem, v))
        return v;
    free(v);
    return NULL;
}

typedef struct best {
    char word[TERM_MAX + 8];
    unsigned freq;
} best;

/* Tries every way of reading up to `left` more of the plain a and o from
 * byte `from` on as å, æ or ø, keeping the variant the index holds most. */
static void try_letters(kx_db *db, const kx_stem *stem, char *w, size_t from, int left, best *b)
{
    static const char *const as[] = {"å", "æ"}, *const os[] = {"ø"};
    for (size_t i = from; w[i] && left > 0; i++) {
        const char *const *to = w[i] == 'a' ? as : w[i] == 'o' ? os : NULL;
        size_t n = w[i] == 'a' ? 2 : 1;
        for (size_t k = 0; to && k < n && strlen(w) + 2 < sizeof b->word; k++) {
            char v[TERM_MAX + 8];
            memcpy(v, w, i);
            strcpy(v + i, to[k]);
            strcat(v, w + i + 1);
            unsigned f = frequency(db, stem, v);
            if (f > b->freq) {
                b->freq = f;
                strcpy(b->word, v);
            }
            try_letters(db, stem, v, i + strlen(to[k]), left - 1, b);
        }
    }
}

/* The æøå form of a word typed without them, the one the index holds most:
 * digraphs first ("hoeringer"), then a and o read as å, æ, ø — two at
 * most ("sykehusokonomi", "Radet", "arsmelding"); NULL when none. */
static char *folded_variant(kx_db *db, const kx_stem *stem, const char *word)
{
    char *v = digraph_variant(db, stem, word);
    if (v || strlen(word) >= TERM_MAX)
        return v;
    best b = {.freq = 0};
    char w[TERM_MAX + 8];
    strcpy(w, word);
    try_letters(db, stem, w, 0, 2, &b);
    return b.freq ? strdup(b.word) : NULL;
}

#define COMPOUND_PART_MIN 4 /* letters */

static size_t letters(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* A compound of words of 4 letters or more: a slip in a compound often
 * leaves a short word behind ("legforeningen" splits as leg|foreningen),
 * which must still be corrected. */
static bool compound_of_words(const klexicon *lexicon, const char *word, size_t len)
{
    kcompound c;
    if (len < KCOMPOUND_MIN_WORD ||
        kcompound_split(lexicon, kcompound_never_split(), word, len, &c) || c.n < 2)
        return false;
    for (size_t k = 0; k < c.n; k++)
        if (letters(word + c.part[k].start, c.part[k].len) < COMPOUND_PART_MIN)
            return false;
    return true;
}

/* A word of the language, though the index lacks it: bokmål or nynorsk
 * ("gjekk", "foreslo", "nettsted"), or a compound of such words. */
static bool in_dictionary(const klexicon *lexicon, const char *word)
{
    size_t len = strlen(word);
    return lexicon && (klexicon_has(lexicon, word, len) || compound_of_words(lexicon, word, len));
}

/* Words the index lacks only ("for" stays "for", never "før"): their
 * æøå-folded form; else, unless the dictionary knows the word, the
 * index's closest spelling (Xapian's, within two edits: "Helseplatformen"
 * → "helseplattformen"). */
static int check_word(const char *word, size_t tok, bool wild, void *arg)
{
    spelling *sp = arg;
    if (++sp->pieces[tok] > 1) { /* "covid-19": left alone, too easy to get wrong */
        free(sp->replace[tok]);
        sp->replace[tok] = NULL;
        return 0;
    }
    if (wild || strlen(word) > TERM_MAX || strpbrk(word, "0123456789") || known(sp->db, sp->stem, word))
        return 0; /* a number or code is meant as typed: "2025" is not "2024" */
    char *better = folded_variant(sp->db, sp->stem, word);
    if (better) {
        sp->replace[tok] = better;
        return 0;
    }
    if (in_dictionary(sp->lexicon, word))
        return 0; /* a right word, searched as typed: "gjekk" is not "sjekk" */
    kx_error x;
    if (kx_db_spelling_suggestion(sp->db, &better, word, 2, &x) == KX_OK && better &&
        *better && strcmp(better, word) != 0) {
        sp->replace[tok] = better;
        return 0;
    }
    free(better);
    return 0;
}

/* The word leaf of token tok, or NULL. */
static sdq_node *leaf_of(sdq_tree *t, size_t tok)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->node[i].kind == SDQ_N_WORD && t->node[i].tok == &t->lx->tok[tok])
            return &t->node[i];
    return NULL;
}

char *sd_spelling_correct(kx_db *db, const kx_stem *stem, const klexicon *lexicon, sdq_tree *t)
{
    const sdq_lexed *lx = t->lx;
    spelling sp = {.db = db, .stem = stem, .lexicon = lexicon, .lx = lx};
    char *out = NULL;
    sp.replace = calloc(lx->n + 1, sizeof *sp.replace);
    sp.pieces = calloc(lx->n + 1, sizeof *sp.pieces);
    if (sp.replace && sp.pieces) {
        sdq_words(lx, check_word, &sp);
        for (size_t i = 0; i < lx->n; i++) {
            sdq_node *leaf = sp.replace[i] ? leaf_of(t, i) : NULL;
            if (!leaf) {
                free(sp.replace[i]);
                sp.replace[i] = NULL;
                continue;
            }
            leaf->word = sp.replace[i]; /* the leaf's now */
            sp.replace[i] = NULL;
            sp.changed = true;
        }
        for (size_t i = 0; sp.changed && i < lx->n; i++) /* for the reply, as rendered */
            sp.replace[i] = leaf_of(t, i) ? leaf_of(t, i)->word : NULL;
        if (sp.changed)
            out = sdq_render(lx, false, sp.replace);
    }
    free(sp.replace); /* its words are the leaves' */
    free(sp.pieces);
    return out;
}
