#include "compound.h"

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "paths.h"

/* Minimum letters of a part.  3 lets in "lege|liv" and "rus|feltet".
 * Where two parts join directly (or by an e, which is often just the end
 * of the first word), the split is less sure and short words more often an
 * accident: then one of the two must have MIN_DIRECT letters, and in a word
 * the lexicon lists (a word already, so mostly a simple one) both must:
 * "bre|lin", "syke|hus" and "kommen|tar" stay whole, "arbeid-s-tid"
 * splits.  Measured on tests/data/compounds.tsv. */
#ifndef MIN_PART
#define MIN_PART 3
#endif
#ifndef MIN_DIRECT
#define MIN_DIRECT 4
#endif

/* One split in progress: the word, and which byte ranges are parts. */
typedef struct split {
    const klexicon *lx, *never;
    const char *w;
    size_t len;
    bool listed; /* the word is in the lexicon */
    size_t chars[KCOMPOUND_MAX_WORD + 1]; /* letters before each byte offset */
    uint8_t memo[(KCOMPOUND_MAX_WORD + 1) * (KCOMPOUND_MAX_WORD + 1)]; /* 0 unknown, 1 yes, 2 no */
} split;

static size_t letters(const split *s, size_t i, size_t j)
{
    return s->chars[j] - s->chars[i];
}

static bool is_char_start(const split *s, size_t i)
{
    return i == s->len || ((unsigned char)s->w[i] & 0xC0) != 0x80;
}

/* Whether the never-split list refuses w[i, j) as the head (an entry
 * "-ende": spenn|ende is "spennende") or as a part before another
 * ("opp-": opp|gave is "oppgave"); "-som-" refuses it anywhere. */
static bool refused(const split *s, size_t i, size_t j)
{
    char key[KCOMPOUND_MAX_WORD + 3];
    size_t n = j - i;
    if (!s->never)
        return false;
    key[0] = '-';
    memcpy(key + 1, s->w + i, n);
    key[n + 1] = '-';
    if (klexicon_has(s->never, key, n + 2))
        return true;
    return j == s->len ? klexicon_has(s->never, key, n + 1) : klexicon_has(s->never, key + 1, n + 1);
}

/* Whether w[i, j) is a word and a linking letter, "arbeids" beside
 * "arbeid" or "barne" beside "barn", rather than a word of its own ("kurs",
 * which has "kurset", beside "kur"; "helse", which has "helsen"): such a
 * part is better found as its word and the linking letter, the word being
 * what a person searches for.  A word of its own shows by its forms. */
static bool is_linked_form(const split *s, size_t i, size_t j)
{
    static const char *const s_forms[] = {"en", "er", NULL};
    static const char *const e_forms[] = {"n", "r", NULL};
    char c = s->w[j - 1];
    size_t n = j - i;
    if (n < 2 || (c != 's' && c != 'e') || letters(s, i, j - 1) < MIN_PART ||
        !klexicon_has(s->lx, s->w + i, n - 1) || refused(s, i, j - 1))
        return false;
    char buf[KCOMPOUND_MAX_WORD + 3];
    memcpy(buf, s->w + i, n);
    for (const char *const *f = c == 's' ? s_forms : e_forms; *f; f++) {
        size_t m = strlen(*f);
        memcpy(buf + n, *f, m);
        if (klexicon_has(s->lx, buf, n + m))
            return false;
    }
    return true;
}

/* Whether w[i, j) may be a part (the head when j is the end). */
static bool part_ok_uncached(const split *s, size_t i, size_t j)
{
    if (letters(s, i, j) < MIN_PART || !klexicon_has(s->lx, s->w + i, j - i))
        return false;
    if (refused(s, i, j))
        return false;
    return j == s->len || !is_linked_form(s, i, j);
}

static bool part_ok(split *s, size_t i, size_t j)
{
    uint8_t *m = &s->memo[i * (s->len + 1) + j];
    if (!*m)
        *m = part_ok_uncached(s, i, j) ? 1 : 2;
    return *m == 1;
}

/* Whether w[0, end) ends in a suffix that takes a linking s before
 * another part: forskning-s-institutt, pensjon-s-alder, sikkerhet-s-,
 * sykdom-s-, kunnskap-s-, ledelse-s-, kvalitet-s-.  So "beslutningstakere"
 * is beslutning-s-takere, not beslutning|stakere. */
static bool needs_link_s(const split *s, size_t end)
{
    static const char *const suffixes[] = {"ing", "sjon", "het", "dom", "skap", "else", "tet", "nad", "leik"};
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t m = strlen(suffixes[k]);
        if (s->chars[end] >= m + 3 && memcmp(s->w + end - m, suffixes[k], m) == 0)
            return true;
    }
    return false;
}

static bool split_into(split *s, size_t end, size_t k, kcompound *out);

/* Whether parts of a and b letters may join without a linking letter. */
static bool direct_ok(const split *s, size_t a, size_t b)
{
    return s->listed ? a >= MIN_DIRECT && b >= MIN_DIRECT : a >= MIN_DIRECT || b >= MIN_DIRECT;
}

/* Tries w[h, end) as the last part, after k - 1 parts joined to it
 * directly or by a linking s or e.  An s that could begin the last part
 * belongs to it (sentral|styret, not sentral-s-tyret) unless the part
 * before needs a linking s.  A linking s is a sure sign of a joint, so
 * its parts need only MIN_PART letters (arbeid-s-tid, tid-s-rommet). */
static bool split_at(split *s, size_t h, size_t end, size_t k, kcompound *out)
{
    char c = h > 1 ? s->w[h - 1] : '\0';
    bool s_needed = c == 's' && needs_link_s(s, h - 1);
    if (s_needed && split_into(s, h - 1, k - 1, out))
        return true;
    if (!needs_link_s(s, h) && split_into(s, h, k - 1, out) &&
        direct_ok(s, letters(s, out->part[k - 2].start, h), letters(s, h, end)))
        return true;
    if (c == 'e') /* a weak sign of a joint: as strict as none */
        return split_into(s, h - 1, k - 1, out) &&
               direct_ok(s, letters(s, out->part[k - 2].start, h - 1), letters(s, h, end));
    return c == 's' && !s_needed && !part_ok(s, h - 1, end) && split_into(s, h - 1, k - 1, out);
}

/* The start of the character before byte i. */
static size_t prev_char(const split *s, size_t i)
{
    do
        i--;
    while (i > 0 && !is_char_start(s, i));
    return i;
}

/* Whether w[0, h) is a word and an inflection's letter (folke-t, helse-n,
 * lege-r), which may have been taken from the part after it. */
static bool took_letter(const split *s, size_t h)
{
    return h >= 2 && strchr("tnr", s->w[h - 1]) && klexicon_has(s->lx, s->w, h - 1);
}

/* Splits w[0, end) into exactly k parts into out->part[0..k), preferring
 * the shortest last part: the longest first parts are the largest words a
 * person would search for ("fastlege|kontorer", not fast|legekontorer),
 * more often right in tests/data/compounds.tsv than the longest head.  But
 * a last part one letter longer wins when it also splits and the part
 * before would be an inflected form: that has mostly taken the first
 * letter ("folke|trygd", not folket|rygd; "helse|tilbud", not
 * helset|ilbud). */
static bool split_into(split *s, size_t end, size_t k, kcompound *out)
{
    if (k == 1) {
        out->part[0].start = 0;
        out->part[0].len = end;
        return part_ok(s, 0, end);
    }
    for (size_t h = end; h-- > 1;) {
        if (!is_char_start(s, h) || !part_ok(s, h, end))
            continue;
        size_t p = prev_char(s, h);
        if (p >= 1 && took_letter(s, h) && part_ok(s, p, end) && split_at(s, p, end, k, out))
            h = p;
        else if (!split_at(s, h, end, k, out))
            continue;
        out->part[k - 1].start = h;
        out->part[k - 1].len = end - h;
        return true;
    }
    return false;
}

/* Inflectional endings, longest first: nouns (-en, -ene, -ens), verbs
 * and participles (-er, -te, -ende), adjectives (-e, -t, -ere). */
static const char *const inflections[] = {
    "enes", "ende", "este", "ene", "ens", "ere", "ers", "est", "ets", "de", "en",
    "er", "es", "et", "ne", "ns", "rs", "te", "a", "e", "n", "r", "s", "t",
};

/* The length of the word without its longest inflectional ending, when
 * what remains is a known word of 3 letters or more; else 0.  A doubled
 * consonant before the ending is the definite form's ("programmet",
 * "rommene"): the word is "program", "rom". */
static size_t inflection_stem(const klexicon *lx, const char *word, size_t len)
{
    for (size_t k = 0; k < sizeof inflections / sizeof inflections[0]; k++) {
        size_t m = strlen(inflections[k]);
        if (len < m + 3 || memcmp(word + len - m, inflections[k], m) != 0)
            continue;
        size_t stem = len - m;
        if (klexicon_has(lx, word, stem))
            return stem;
        if (stem >= 4 && word[stem - 1] == word[stem - 2] && klexicon_has(lx, word, stem - 1))
            return stem - 1;
    }
    return 0;
}

/* Splits the word as a whole (not through its stem). */
static void split_whole(const klexicon *lx, const klexicon *never, const char *word, size_t len, kcompound *out)
{
    split s;
    s.lx = lx;
    s.never = never;
    s.w = word;
    s.len = len;
    s.listed = klexicon_has(lx, word, len);
    s.chars[0] = 0;
    for (size_t i = 0; i < len; i++)
        s.chars[i + 1] = s.chars[i] + is_char_start(&s, i);
    memset(s.memo, 0, (len + 1) * (len + 1));
    for (size_t k = 2; k <= KCOMPOUND_MAX_PARTS; k++) {
        if (split_into(&s, len, k, out)) {
            out->n = k;
            return;
        }
    }
}

/* An inflected form of a known word splits as that word does, its head
 * taking the ending back ("pasienten" splits as "pasient", that is not at
 * all, not as pasi|enten; "legeforeningen" as lege|forening + "en").  So
 * the many accidental splits of inflected simple words cannot happen, and
 * a never-split entry covers every form of its word. */
int kcompound_split(const klexicon *lx, const klexicon *never, const char *word, size_t len, kcompound *out)
{
    if (!out)
        return -1;
    out->n = 0;
    if (!lx || !word)
        return -1;
    if (len < 2 * MIN_PART || len > KCOMPOUND_MAX_WORD || (never && klexicon_has(never, word, len)))
        return 0;
    size_t stem = inflection_stem(lx, word, len);
    if (!stem) {
        split_whole(lx, never, word, len, out);
        return 0;
    }
    kcompound_split(lx, never, word, stem, out);
    if (out->n == 0)
        return 0;
    size_t head = out->part[out->n - 1].start;
    if (!klexicon_has(lx, word + head, len - head))
        out->n = 0;
    else
        out->part[out->n - 1].len = len - head;
    return 0;
}

static klexicon *never_split;
static pthread_once_t never_once = PTHREAD_ONCE_INIT;

static void load_never_split(void)
{
    never_split = klexicon_new();
    if (!never_split)
        return;
    char path[PATH_MAX];
    kerr err;
    if (klexicon_add_file(never_split, kilde_schema_file(path, sizeof path, "never-split.txt"), &err) < 0)
        fprintf(stderr, "kilde: never-split list skipped: %s\n", err.msg);
}

const klexicon *kcompound_never_split(void)
{
    pthread_once(&never_once, load_never_split);
    return never_split;
}
