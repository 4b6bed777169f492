#include "repair.h"

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compound.h"
#include "utf8.h"
#include "words.h"

#define FFFD 0xFFFD
#define WORD_MAX 128      /* bytes of a word considered for repair */
#define DAMAGE_MAX 2      /* U+FFFD in one word tried (10^2 candidates) */
/* Damaged words one document may have repaired: each costs up to a few
 * hundred lexicon lookups, and a text of nothing but U+FFFD must not
 * take minutes. */
#define DAMAGED_WORDS_MAX 20000

/* What a lost ligature stood for, the most frequent in Norwegian first. */
static const char *const ligatures[] = {"ti", "tt", "tf", "ft", "fi", "fl", "ff", "ffi", "ffl",
                                        "tti"};
#define NLIGATURES (sizeof ligatures / sizeof ligatures[0])

typedef struct repair {
    const klexicon *lexicon;
    GHashTable *vocabulary; /* lower-cased intact word → uses in the document */
    krepair_stats *stats;
    kdoc *doc;              /* records each repair; NULL for repair_text */
} repair;

static void record(const repair *r, const char *from, size_t n, const char *to, size_t m)
{
    if (r->doc)
        kdoc_add_repair(r->doc, from, n, to, m); /* out of memory: only the record is lost */
}

/* ---- characters ---------------------------------------------------------- */

/* The replacement for a code point: NULL to keep it, "" to drop it. */
static const char *replacement(int32_t cp)
{
    switch (cp) {
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return ""; /* soft hyphen, zero-width characters */
    case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004:
    case 0x2005: case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A:
    case 0x202F: case 0x205F: case 0x3000:
        return " ";
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
        return "\"";
    case 0x2010: case 0x2011: case 0x2212:
        return "-";
    default:
        return NULL;
    }
}

static char *normalise_characters(const char *s, krepair_stats *stats)
{
    kbuf b;
    kbuf_init(&b, KBUF_NO_CAP); /* never longer than s */
    size_t n = strlen(s), from = 0, step;
    for (size_t i = 0; i < n; i += step) {
        const char *r = replacement(words_next_cp(s + i, n - i, &step));
        if (!r)
            continue;
        kbuf_append(&b, s + from, i - from);
        kbuf_append(&b, r, strlen(r));
        from = i + step;
        stats->characters++;
    }
    kbuf_append(&b, s + from, n - from);
    char *flat = kbuf_take(&b);
    char *nfc = flat ? utf8_nfc(flat) : NULL;
    free(flat);
    return nfc;
}

/* ---- words ---------------------------------------------------------------- */

static bool is_token_cp(int32_t cp)
{
    return cp == FFFD || words_is_word_cp(cp);
}

/* The next run of word characters and U+FFFD in s[*pos, n): [*start, *end);
 * *damaged tells whether it holds a U+FFFD. */
static bool next_token(const char *s, size_t n, size_t *pos, size_t *start, size_t *end,
                       bool *damaged)
{
    size_t i = *pos, step;
    while (i < n && !is_token_cp(words_next_cp(s + i, n - i, &step)))
        i += step;
    *start = i;
    *damaged = false;
    for (int32_t cp; i < n && is_token_cp(cp = words_next_cp(s + i, n - i, &step)); i += step)
        *damaged |= cp == FFFD;
    *end = *pos = i;
    return i > *start;
}

/* The start of the word that ends at `end`, not before `floor`. */
static size_t word_start_before(const char *text, size_t floor, size_t end)
{
    size_t i = end, step;
    while (i > floor) {
        size_t k = i - 1;
        while (k > floor && ((unsigned char)text[k] & 0xC0) == 0x80)
            k--;
        if (!is_token_cp(words_next_cp(text + k, i - k, &step)))
            break;
        i = k;
    }
    return i;
}

static unsigned uses(const repair *r, const char *lower)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(r->vocabulary, lower));
}

/* 2 for a word of the lexicon, 1 for a compound of its words, else 0. */
static unsigned lexicon_score(const repair *r, const char *lower)
{
    size_t len = strlen(lower);
    if (klexicon_has(r->lexicon, lower, len))
        return 2;
    kcompound parts;
    return kcompound_split(r->lexicon, kcompound_never_split(), lower, len, &parts) == 0 &&
           parts.n > 1;
}

/* How good a repaired word is: used intact in the document (the more, the
 * better) beats a word of the lexicon beats a compound of its words
 * ("utfordring", not "uti|ordring") beats nothing (0). */
static unsigned score(const repair *r, const char *word, size_t len)
{
    char lower[WORD_MAX * 2];
    if (!words_lower(lower, sizeof lower, word, len))
        return 0;
    unsigned n = uses(r, lower);
    return n ? n + 2 : lexicon_score(r, lower);
}

static void count_word(GHashTable *v, const char *w, size_t len)
{
    char lower[WORD_MAX * 2];
    if (len >= WORD_MAX || !words_lower(lower, sizeof lower, w, len))
        return;
    gpointer old = g_hash_table_lookup(v, lower);
    g_hash_table_insert(v, g_strdup(lower), GUINT_TO_POINTER(GPOINTER_TO_UINT(old) + 1));
}

/* Counts each intact word, and each pair of words joined by a hyphen
 * ("facebook-brukere"), which tells a line-end hyphen it belongs there. */
static void count_vocabulary(GHashTable *v, const char *text)
{
    size_t n = strlen(text), pos = 0, start, end, prev_start = 0, prev_end = 0;
    bool damaged, prev_intact = false;
    while (next_token(text, n, &pos, &start, &end, &damaged)) {
        if (damaged) {
            prev_intact = false;
            continue;
        }
        count_word(v, text + start, end - start);
        if (prev_intact && start == prev_end + 1 && text[prev_end] == '-')
            count_word(v, text + prev_start, end - prev_start);
        prev_intact = true;
        prev_start = start;
        prev_end = end;
    }
}

/* ---- lost double letters -------------------------------------------------- */

static bool doublable(const char *w, size_t len, size_t i)
{
    char c = w[i];
    bool letter = c == 't' || c == 'f' || c == 'T' || c == 'F';
    return letter && (i == 0 || w[i - 1] != c) && (i + 1 == len || w[i + 1] != c);
}

/* w with its letter at i written twice, into cand (len + 2 bytes). */
static void double_at(const char *w, size_t len, size_t i, char *cand)
{
    memcpy(cand, w, i + 1);
    memcpy(cand + i + 1, w + i, len - i);
    cand[len + 1] = '\0';
}

/* The word with one t or f doubled that is known best, and better than
 * `floor`, into out; depth allows a second doubling. */
static bool redouble(const repair *r, const char *w, size_t len, char *out, int depth,
                     unsigned floor)
{
    char cand[WORD_MAX + 4];
    unsigned best = floor;
    for (size_t i = 1; i < len && len + 1 < WORD_MAX; i++) {
        if (!doublable(w, len, i))
            continue;
        double_at(w, len, i, cand);
        unsigned s = score(r, cand, len + 1);
        if (s > best) {
            best = s;
            strcpy(out, cand);
        }
    }
    if (best > floor || depth <= 1)
        return best > floor;
    for (size_t i = 1; i < len && len + 1 < WORD_MAX; i++) {
        if (!doublable(w, len, i))
            continue;
        double_at(w, len, i, cand);
        if (redouble(r, cand, len + 1, out, depth - 1, floor))
            return true;
    }
    return false;
}

/* ---- lost ligatures ------------------------------------------------------- */

static bool all_upper(const char *w, size_t len)
{
    bool any = false;
    for (size_t i = 0; i < len; i++) {
        if (w[i] >= 'a' && w[i] <= 'z')
            return false;
        any |= w[i] >= 'A' && w[i] <= 'Z';
    }
    return any;
}

/* The word with its U+FFFD replaced by the expansions numbered by `combo`
 * (a number in base NLIGATURES, one digit per U+FFFD). */
static size_t expand(const char *w, size_t len, unsigned combo, bool upper, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (i + 3 <= len && memcmp(w + i, "\xEF\xBF\xBD", 3) == 0) {
            const char *e = ligatures[combo % NLIGATURES];
            combo /= NLIGATURES;
            for (size_t k = 0; e[k]; k++)
                out[o++] = upper ? (char)(e[k] - 'a' + 'A') : e[k];
            i += 3;
        } else {
            out[o++] = w[i++];
        }
    }
    out[o] = '\0';
    return o;
}

/* The best repair of a damaged word into out: the expansion known best,
 * else an expansion that a doubled letter makes known; false when none
 * scores above `floor` (0: any known word; 1: no mere compound). */
static bool unligature(const repair *r, const char *w, size_t len, char *out, unsigned floor)
{
    size_t damage = 0;
    for (size_t i = 0; i + 3 <= len; i++)
        damage += memcmp(w + i, "\xEF\xBF\xBD", 3) == 0;
    /* as many letters as losses at least: "\uFFFDl" is "til", "\uFFFD\uFFFD"
     * is anything */
    if (damage == 0 || damage > DAMAGE_MAX || len - damage * 3 < damage ||
        len + damage * 3 >= WORD_MAX)
        return false;
    unsigned combos = 1, best = 0;
    for (size_t k = 0; k < damage; k++)
        combos *= NLIGATURES;
    bool upper = all_upper(w, len);
    char cand[WORD_MAX + 16];
    for (unsigned c = 0; c < combos; c++) {
        size_t n = expand(w, len, c, upper, cand);
        unsigned s = score(r, cand, n);
        if (s > best) {
            best = s;
            strcpy(out, cand);
        }
    }
    if (best > floor)
        return true;
    /* a lost double letter beside a lost ligature; one damage only, as
     * every candidate costs a pass over the word */
    for (unsigned c = 0; damage == 1 && c < combos; c++) {
        size_t n = expand(w, len, c, upper, cand);
        if (redouble(r, cand, n, out, 2, floor))
            return true;
    }
    return false;
}

/* ---- passes over a text --------------------------------------------------- */

/* A fixer gives the replacement of the token text[*start, end) in out; it
 * may move *start back, not before `floor`, to take in text before it. */
typedef bool fixer(const repair *r, const char *text, size_t floor, size_t *start, size_t end,
                   char *out);

/* Rewrites every token for which fix() gives a replacement. */
static char *rewrite(const repair *r, const char *text, bool damaged_only, fixer *fix,
                     size_t *count)
{
    kbuf b;
    kbuf_init(&b, KBUF_NO_CAP); /* bounded by the text and its repairs */
    size_t n = strlen(text), pos = 0, from = 0, start, end;
    bool damaged;
    char out[WORD_MAX + 16];
    while (next_token(text, n, &pos, &start, &end, &damaged)) {
        if ((damaged_only && !damaged) || end - start >= WORD_MAX ||
            !fix(r, text, from, &start, end, out))
            continue;
        kbuf_append(&b, text + from, start - from);
        kbuf_append(&b, out, strlen(out));
        record(r, text + start, end - start, out, strlen(out));
        from = end;
        (*count)++;
    }
    kbuf_append(&b, text + from, n - from);
    return kbuf_take(&b);
}

static bool damaged_bytes(const char *w, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++)
        if (memcmp(w + i, "\xEF\xBF\xBD", 3) == 0)
            return true;
    return false;
}

/* Words that stand alone far more often than they begin a longer one, so
 * a space after them is a real space ("over \uFFFDd" is "over tid", not
 * "overtid"). */
static bool stands_alone(const char *w, size_t len)
{
    static const char *const words[] = {
        "i", "av", "og", "er", "en", "et", "ei", "de", "den", "det", "som", "at", "å", "for",
        "før", "fra", "med", "mot", "om", "over", "under", "etter", "ved", "til", "på", "ut",
        "inn", "opp", "så", "men", "eller", "kan", "vil", "skal", "må", "har", "var", "ble",
        "blir", "bli", NULL};
    char lower[WORD_MAX * 2];
    if (!words_lower(lower, sizeof lower, w, len))
        return false;
    for (size_t i = 0; words[i]; i++)
        if (strcmp(lower, words[i]) == 0)
            return true;
    return false;
}

/* "vik \uFFFDg": a lost ligature right after a space, which a PDF may put
 * where the lost glyph was.  The word joined over the space ("viktig") is
 * tried first; only a word of the lexicon or of the document counts, as
 * two words side by side are often a compound of known words ("fikk
 * \uFFFDlbud" is not "fikktilbud").  On success *start moves back to the
 * word before the space. */
static bool join_over_space(const repair *r, const char *text, size_t floor, size_t *start,
                            size_t end, char *out)
{
    size_t s = *start;
    if (s < floor + 2 || text[s - 1] != ' ' || memcmp(text + s, "\xEF\xBF\xBD", 3) != 0)
        return false;
    size_t ls = word_start_before(text, floor, s - 1), an = s - 1 - ls;
    if (an == 0 || an + (end - s) >= WORD_MAX || damaged_bytes(text + ls, an) ||
        stands_alone(text + ls, an))
        return false;
    char joined[WORD_MAX];
    memcpy(joined, text + ls, an);
    memcpy(joined + an, text + s, end - s);
    if (!unligature(r, joined, an + (end - s), out, 1))
        return false;
    *start = ls;
    return true;
}

/* One try per damaged word covers both its readings, joined and alone. */
static bool fix_ligature(const repair *r, const char *text, size_t floor, size_t *start,
                         size_t end, char *out)
{
    if (r->stats->ligature_tries >= DAMAGED_WORDS_MAX)
        return false;
    r->stats->ligature_tries++;
    return join_over_space(r, text, floor, start, end, out) ||
           unligature(r, text + *start, end - *start, out, 0);
}

/* A word of letters not in the lexicon that a doubled t or f makes better
 * known: "Dete" → "Dette"; "forutseter", a compound only by accident
 * (forut|seter), → "forutsetter". */
static bool fix_double(const repair *r, const char *text, size_t floor, size_t *start,
                       size_t end, char *out)
{
    (void)floor;
    const char *w = text + *start;
    size_t len = end - *start;
    char lower[WORD_MAX * 2];
    unsigned now = len >= 3 && words_lower(lower, sizeof lower, w, len)
                       ? lexicon_score(r, lower) : 2;
    if (now >= 2 || r->stats->double_tries >= DAMAGED_WORDS_MAX)
        return false;
    r->stats->double_tries++;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)w[i] < 0x80 && !((w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z'))
            return false; /* digits, codes: not words that lost a letter */
    return redouble(r, w, len, out, 1, now);
}

static bool starts_lower(const char *s, size_t n)
{
    size_t step;
    int32_t cp = words_next_cp(s, n, &step);
    char low[8];
    return cp > 0 && words_is_word_cp(cp) && words_lower(low, sizeof low, s, step) &&
           memcmp(low, s, step) == 0 && !(cp >= '0' && cp <= '9');
}

/* "4.2 Legeforeningens …": a numbered heading, which a line before it does
 * not run into. */
static bool starts_numbering(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > 0 && i < n && s[i] == '.' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9';
}

/* Words after a hyphen that make it a coordination: "arbeidsgiver- og
 * arbeidstakersiden", not a broken word. */
static bool coordinates(const char *w, size_t len)
{
    static const char *const words[] = {"og", "eller", "samt", "enn", "til", NULL};
    for (size_t i = 0; words[i]; i++)
        if (len == strlen(words[i]) && memcmp(w, words[i], len) == 0)
            return true;
    return false;
}

/* Where the text after a hyphen at `i` continues on the next line: the
 * first byte after "\n" and its indentation; 0 when no line break follows. */
static size_t line_break_after(const char *text, size_t n, size_t i)
{
    while (i < n && (text[i] == ' ' || text[i] == '\t'))
        i++;
    if (i >= n || text[i] != '\n')
        return 0;
    for (i++; i < n && (text[i] == ' ' || text[i] == '\t'); i++)
        ;
    return i;
}

/* How well known "a" + "b" is as one word (as score). */
static unsigned joined_score(const repair *r, const char *a, size_t an, const char *b, size_t bn)
{
    char joined[WORD_MAX];
    if (an + bn >= WORD_MAX)
        return 0;
    memcpy(joined, a, an);
    memcpy(joined + an, b, bn);
    return score(r, joined, an + bn);
}

static bool starts_upper(const char *s, size_t n)
{
    size_t step;
    int32_t cp = words_next_cp(s, n, &step);
    char low[8];
    return cp > 0 && words_is_word_cp(cp) && words_lower(low, sizeof low, s, step) &&
           memcmp(low, s, step) != 0;
}

static bool has_digit(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (w[i] >= '0' && w[i] <= '9')
            return true;
    return false;
}

/* A word of the lexicon, or one with a linking s ("hørings" of "høring",
 * "totalberedskaps" of a compound): the first part of a compound. */
static bool first_part_known(const repair *r, const char *lower)
{
    size_t len = strlen(lower);
    if (klexicon_has(r->lexicon, lower, len))
        return true;
    if (len < 4 || lower[len - 1] != 's')
        return false;
    char stem[WORD_MAX * 2];
    memcpy(stem, lower, len - 1);
    stem[len - 1] = '\0';
    return lexicon_score(r, stem) > 0;
}

/* Whether the capitalised word at `ls` follows another in mid-sentence
 * ("i Helse Vest-"), which makes both one name. */
static bool after_capitalised_word(const char *text, size_t ls)
{
    size_t pe = ls;
    while (pe > 0 && text[pe - 1] == ' ')
        pe--;
    if (pe == ls || pe == 0)
        return false;
    size_t ps = word_start_before(text, 0, pe);
    if (pe - ps < 2 || !starts_upper(text + ps, pe - ps))
        return false;
    size_t k = ps; /* what comes before that word: not a sentence's end */
    while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\n'))
        k--;
    return k > 0 && !strchr(".!?:", text[k - 1]);
}

/* Whether the word before a line-end hyphen is a name or a code, which
 * keeps its hyphen before a word ("LIS1-stillinger", "WHO-rapporten",
 * "Facebook-brukere", "Helse Vest-regionen"): it holds a digit, is all
 * capitals, or is capitalised and either no word of the lexicon (nor the
 * first part of a compound) or the second word of a name. */
static bool is_name(const repair *r, const char *text, size_t ls, size_t dash)
{
    const char *w = text + ls;
    size_t len = dash - ls;
    if (has_digit(w, len))
        return true;
    if (!starts_upper(w, len))
        return false;
    char lower[WORD_MAX * 2];
    if (all_upper(w, len) || !words_lower(lower, sizeof lower, w, len))
        return true;
    return !first_part_known(r, lower) || after_capitalised_word(text, ls);
}

/* Whether the hyphen at the end of `ls` belongs to a web address
 * (".../av-norges-\ntotalberedskap"): then it is the address's own. */
static bool in_url(const char *text, size_t ls)
{
    size_t k = ls;
    while (k > 0 && ls - k < 512 && text[k - 1] != ' ' && text[k - 1] != '\n')
        k--;
    for (size_t i = k; i + 3 <= ls; i++)
        if (memcmp(text + i, "://", 3) == 0 || (i + 4 <= ls && memcmp(text + i, "www.", 4) == 0))
            return true;
    return false;
}

/* How well known "a-b" is as written (as score): used so in the document
 * (the more, the better), a word of the lexicon ("ikke-medlemmer"), or a
 * name or code before a known word ("Facebook-brukere"). */
static unsigned hyphenated_score(const repair *r, const char *text, size_t ls, size_t dash,
                                 size_t s, size_t e)
{
    char lower[WORD_MAX * 2];
    size_t an = dash + 1 - ls;
    if (an + (e - s) >= WORD_MAX || !words_lower(lower, sizeof lower, text + ls, an) ||
        !words_lower(lower + strlen(lower), sizeof lower - strlen(lower), text + s, e - s))
        return 0;
    unsigned n = uses(r, lower);
    if (n)
        return n + 2;
    if (klexicon_has(r->lexicon, lower, strlen(lower)))
        return 2;
    return is_name(r, text, ls, dash) && score(r, text + s, e - s) > 0 ? 2 : 0;
}

/* "a-\nb" is one word broken at the line end when the joined word is
 * known better than the hyphenated one; without the document's own use of
 * either, that is: the joined word is known and "a-b" is not.  A tie keeps
 * the hyphen, as written. */
static bool hyphen_joins(const repair *r, const char *text, size_t ls, size_t dash, size_t s,
                         size_t e)
{
    unsigned joined = joined_score(r, text + ls, dash - ls, text + s, e - s);
    return joined > 0 && !in_url(text, ls) &&
           joined > hyphenated_score(r, text, ls, dash, s, e);
}

/* Joins "represen-\ntanter" (hyphen_joins); keeps the hyphen of
 * "ikke-\nmedlemmer" and "Facebook-\nbrukere" without the line break, and of
 * "arbeidsgiver-\nog" with a space; before an upper-case word or a digit
 * keeps the hyphen too ("Anne-\nLise" → "Anne-Lise", "2025-\n2028"), but
 * not in front of a numbered heading ("4.2 …"), which stays on its line. */
static char *join_hyphens(const repair *r, const char *text, size_t *count)
{
    kbuf b;
    kbuf_init(&b, KBUF_NO_CAP); /* never longer than the text */
    size_t n = strlen(text), from = 0;
    for (const char *h = strchr(text, '-'); h; h = strchr(h, '-')) {
        size_t dash = (size_t)(h - text), rs = line_break_after(text, n, dash + 1);
        h++;
        if (!rs)
            continue;
        size_t ls = word_start_before(text, from, dash), pos = rs, s, e;
        bool damaged;
        if (dash - ls < 1 || !next_token(text, n, &pos, &s, &e, &damaged) || s != rs)
            continue;
        if (!starts_lower(text + s, e - s)) {
            /* "Anne-" "Lise", "2025-" "2028": the hyphen is real, the break not */
            if (!starts_numbering(text + s, n - s)) {
                kbuf_append(&b, text + from, dash + 1 - from);
                from = rs;
            }
            h = text + rs;
            continue;
        }
        if (dash - ls < 2) { /* "e-" "helse", "A-" "delen": a letter's hyphen is real */
            kbuf_append(&b, text + from, dash + 1 - from);
            from = rs;
            h = text + rs;
            continue;
        }
        bool coord = coordinates(text + s, e - s);
        bool join = !coord && hyphen_joins(r, text, ls, dash, s, e);
        kbuf_append(&b, text + from, (join ? dash : dash + 1) - from);
        if (coord)
            kbuf_putc(&b, ' ');
        if (join) {
            char joined[WORD_MAX];
            memcpy(joined, text + ls, dash - ls);
            memcpy(joined + (dash - ls), text + s, e - s);
            record(r, text + ls, e - ls, joined, dash - ls + e - s);
        }
        from = rs;
        *count += join;
        h = text + rs;
    }
    kbuf_append(&b, text + from, n - from);
    return kbuf_take(&b);
}

/* ---- the document --------------------------------------------------------- */

static bool has_damage(const kdoc *doc)
{
    for (size_t i = 0; i < doc->npages; i++)
        if (doc->pages[i].text && strstr(doc->pages[i].text, "\xEF\xBF\xBD"))
            return true;
    return false;
}

/* The passes on one page's text; NULL when memory runs out. */
static char *repair_page(const repair *r, const char *text, bool damaged_doc)
{
    char *t = strdup(text), *next;
    if (damaged_doc && t) {
        next = rewrite(r, t, true, fix_ligature, &r->stats->ligatures);
        free(t);
        t = next;
        next = t ? rewrite(r, t, false, fix_double, &r->stats->doubled) : NULL;
        free(t);
        t = next;
    }
    next = t ? join_hyphens(r, t, &r->stats->hyphens) : NULL;
    free(t);
    return next;
}

static GHashTable *new_vocabulary(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

int repair_document(kdoc *doc, const klexicon *lexicon, krepair_stats *stats)
{
    for (size_t i = 0; i < doc->npages; i++) {
        char *t = doc->pages[i].text ? normalise_characters(doc->pages[i].text, stats) : NULL;
        if (!t && doc->pages[i].text)
            return -1;
        free(doc->pages[i].text);
        doc->pages[i].text = t;
    }
    repair r = {lexicon, new_vocabulary(), stats, doc};
    for (size_t i = 0; i < doc->npages; i++)
        if (doc->pages[i].text)
            count_vocabulary(r.vocabulary, doc->pages[i].text);
    bool damaged = has_damage(doc);
    int rc = 0;
    for (size_t i = 0; i < doc->npages && rc == 0; i++) {
        if (!doc->pages[i].text)
            continue;
        char *t = repair_page(&r, doc->pages[i].text, damaged);
        if (!t)
            rc = -1;
        else {
            free(doc->pages[i].text);
            doc->pages[i].text = t;
        }
    }
    g_hash_table_destroy(r.vocabulary);
    return rc;
}

char *repair_text(const char *text, const klexicon *lexicon, krepair_stats *stats)
{
    char *t = normalise_characters(text, stats);
    if (!t)
        return NULL;
    repair r = {lexicon, new_vocabulary(), stats, NULL};
    count_vocabulary(r.vocabulary, t);
    char *out = repair_page(&r, t, strstr(t, "\xEF\xBF\xBD") != NULL);
    g_hash_table_destroy(r.vocabulary);
    free(t);
    return out;
}
