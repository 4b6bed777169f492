#include "synonyms.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "paths.h"
#include "words.h"

#define FILE_MAX (16u << 20) /* a synonyms file larger than this is a mistake */
/* Lower-casing grows a code point by at most half (2 bytes to 3), so no
 * alternative's words, from a line of KSYNONYMS_LINE_MAX bytes, outgrow this. */
#define KEY_MAX (KSYNONYMS_LINE_MAX * 2)

typedef struct alternative {
    char *text;    /* lower-cased, single spaces, hyphens as written: given to callers */
    char *key;     /* its words only, single spaces: what lookups compare */
    size_t words;
} alternative;

typedef struct entry { /* one alternative, in key order */
    const char *key;
    size_t group, alt; /* alt: index into alts */
} entry;

typedef struct group {
    size_t first, n; /* alts[first, first + n) */
} group;

struct ksynonyms {
    alternative *alts;
    size_t n_alts, cap_alts;
    group *groups;
    size_t n_groups, cap_groups;
    entry *index; /* n_alts entries, sorted by key, then group */
    size_t max_words;
};

/* ---- text ---------------------------------------------------------------- */

static bool is_space_cp(int32_t cp)
{
    if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
        return true;
    return cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS; /* no-break space */
}

static bool is_space_byte(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The first byte of s[0, n) that starts no valid UTF-8 sequence, or n. */
static size_t invalid_utf8_at(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return i;
        i += (size_t)k;
    }
    return n;
}

/* s[0, n) with white space trimmed at both ends. */
static void trim(const char **s, size_t *n)
{
    size_t step;
    while (*n && is_space_cp(words_next_cp(*s, *n, &step))) {
        *s += step;
        *n -= step;
    }
    /* back over trailing white space: ASCII, or U+00A0 (C2 A0) and friends */
    while (*n) {
        size_t start = *n - 1;
        while (start && ((unsigned char)(*s)[start] & 0xC0) == 0x80)
            start--;
        if (!is_space_cp(words_next_cp(*s + start, *n - start, &step)))
            break;
        *n = start;
    }
}

/* The letter a lookup compares for cp: its base without accents ("é" is
 * "e"), so "Comité" and "Comite" are one word.  å is a letter of its own
 * in Norwegian ("råd" is not "rad"), as are æ and ø, which Unicode never
 * decomposes; a base that would take more bytes than cp is not taken, so
 * folding never lengthens a key. */
static int32_t unaccented(int32_t cp, size_t cp_bytes)
{
    if (cp < 0x80 || cp == 0xE5 || cp == 0xC5) /* å Å */
        return cp;
    utf8proc_int32_t parts[4];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, parts, 4, UTF8PROC_DECOMPOSE, &last);
    if (n < 2 || n > 4)
        return cp;
    for (utf8proc_ssize_t i = 1; i < n; i++)
        if (utf8proc_category(parts[i]) != UTF8PROC_CATEGORY_MN)
            return cp;
    utf8proc_uint8_t enc[4];
    return (size_t)utf8proc_encode_char(parts[0], enc) <= cp_bytes ? parts[0] : cp;
}

/* s[0, len) with its accents taken off in place (unaccented); the new
 * length. */
static size_t fold_accents(char *s, size_t len)
{
    size_t o = 0, step;
    for (size_t i = 0; i < len; i += step) {
        int32_t cp = words_next_cp(s + i, len - i, &step);
        int32_t base = cp < 0 ? cp : unaccented(cp, step);
        if (base == cp) {
            memmove(s + o, s + i, step);
            o += step;
        } else {
            o += (size_t)utf8proc_encode_char(base, (utf8proc_uint8_t *)s + o);
        }
    }
    s[o] = '\0';
    return o;
}

/* The words of s[0, n), lower-cased, accents taken off (unaccented) and
 * joined by single spaces, into out
 * (cap bytes).  Returns its length, or SIZE_MAX when it does not fit. */
static size_t make_key(const char *s, size_t n, char *out, size_t cap, size_t *n_words)
{
    size_t pos = 0, start, end, o = 0, words = 0;
    out[0] = '\0';
    while (words_next(s, n, &pos, &start, &end)) {
        if (o) {
            if (o + 2 > cap)
                return SIZE_MAX;
            out[o++] = ' ';
        }
        size_t k = words_lower(out + o, cap - o, s + start, end - start);
        if (k == 0)
            return SIZE_MAX;
        o += fold_accents(out + o, k);
        words++;
    }
    out[o] = '\0';
    if (n_words)
        *n_words = words;
    return o;
}

/* s[0, n) (trimmed, valid UTF-8) lower-cased with runs of white space made
 * one space, malloc'd; NULL when memory runs out. */
static char *make_text(const char *s, size_t n)
{
    size_t cap = 2 * n + 4;
    char *low = malloc(cap), *out = malloc(cap);
    if (!low || !out) {
        free(low);
        free(out);
        return NULL;
    }
    size_t len = words_lower(low, cap, s, n), o = 0, step;
    bool space = false;
    for (size_t i = 0; i < len; i += step) {
        int32_t cp = words_next_cp(low + i, len - i, &step);
        if (is_space_cp(cp)) {
            space = true;
            continue;
        }
        if (space && o)
            out[o++] = ' ';
        space = false;
        memcpy(out + o, low + i, step);
        o += step;
    }
    out[o] = '\0';
    free(low);
    return out;
}

/* ---- building ------------------------------------------------------------ */

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

typedef struct parser {
    ksynonyms *s;
    const char *name;
    int lineno;
    kerr *err;
} parser;

static int nomem(parser *p)
{
    return kerr_set(p->err, KERR_NOMEM, "%s:%d: out of memory", p->name, p->lineno);
}

/* Adds s[0, n) (trimmed) to the group that starts at alts[first]; a
 * repeat of an alternative already in the group (same words) is dropped. */
static int add_alternative(parser *p, size_t first, const char *s, size_t n)
{
    ksynonyms *syn = p->s;
    if (n == 0)
        return kerr_set(p->err, KERR_SCHEMA,
                        "%s:%d: an empty alternative (\"= =\", or \"=\" at an end)", p->name,
                        p->lineno);
    char key[KEY_MAX + 1];
    size_t words = 0, klen = make_key(s, n, key, sizeof key, &words);
    if (klen == SIZE_MAX)
        return kerr_set(p->err, KERR_SCHEMA, "%s:%d: an alternative too long", p->name, p->lineno);
    if (words == 0)
        return kerr_set(p->err, KERR_SCHEMA,
                        "%s:%d: the alternative '%.*s' has no letters or digits", p->name,
                        p->lineno, (int)(n > 60 ? 60 : n), s);
    for (size_t i = first; i < syn->n_alts; i++)
        if (strcmp(syn->alts[i].key, key) == 0)
            return 0;
    if (grow((void **)&syn->alts, &syn->cap_alts, syn->n_alts + 1, sizeof *syn->alts))
        return nomem(p);
    alternative *a = &syn->alts[syn->n_alts];
    a->text = make_text(s, n);
    a->key = strdup(key);
    a->words = words;
    if (!a->text || !a->key) {
        free(a->text);
        free(a->key);
        return nomem(p);
    }
    syn->n_alts++;
    return 0;
}

/* One line, without its line end. */
static int parse_line(parser *p, const char *line, size_t len)
{
    if (len > KSYNONYMS_LINE_MAX)
        return kerr_set(p->err, KERR_SCHEMA, "%s:%d: a line over %d bytes", p->name, p->lineno,
                        KSYNONYMS_LINE_MAX);
    size_t bad = invalid_utf8_at(line, len);
    if (bad < len)
        return kerr_set(p->err, KERR_SCHEMA, "%s:%d: not UTF-8 (byte %zu); save the file as UTF-8",
                        p->name, p->lineno, bad + 1);
    /* a comment: "#" first on the line or after white space ("C#" is a word) */
    for (size_t i = 0; i < len; i++)
        if (line[i] == '#' && (i == 0 || is_space_byte(line[i - 1]))) {
            len = i;
            break;
        }
    const char *s = line;
    trim(&s, &len);
    if (len == 0)
        return 0;

    ksynonyms *syn = p->s;
    size_t first = syn->n_alts, pieces = 0;
    const char *end = s + len;
    for (const char *a = s;; pieces++) {
        const char *eq = memchr(a, '=', (size_t)(end - a));
        const char *stop = eq ? eq : end;
        const char *t = a;
        size_t n = (size_t)(stop - a);
        trim(&t, &n);
        int rc = add_alternative(p, first, t, n);
        if (rc)
            return rc;
        if (!eq)
            break;
        a = eq + 1;
    }
    pieces++;
    size_t distinct = syn->n_alts - first;
    if (distinct < 2)
        return kerr_set(p->err, KERR_SCHEMA,
                        pieces < 2 ? "%s:%d: a group needs at least two alternatives"
                                   : "%s:%d: a group needs at least two different alternatives",
                        p->name, p->lineno);
    if (grow((void **)&syn->groups, &syn->cap_groups, syn->n_groups + 1, sizeof *syn->groups))
        return nomem(p);
    syn->groups[syn->n_groups++] = (group){first, distinct};
    for (size_t i = first; i < syn->n_alts; i++)
        if (syn->alts[i].words > syn->max_words)
            syn->max_words = syn->alts[i].words;
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->group < y->group ? -1 : x->group > y->group;
}

static int build_index(ksynonyms *s)
{
    if (s->n_alts == 0)
        return 0;
    s->index = malloc(s->n_alts * sizeof *s->index);
    if (!s->index)
        return -1;
    size_t k = 0;
    for (size_t g = 0; g < s->n_groups; g++)
        for (size_t i = s->groups[g].first; i < s->groups[g].first + s->groups[g].n; i++)
            s->index[k++] = (entry){s->alts[i].key, g, i};
    qsort(s->index, k, sizeof *s->index, cmp_entry);
    return 0;
}

/* text[0, len), which holds no NUL byte. */
static int parse_text(ksynonyms **out, const char *text, size_t len, const char *name, kerr *err)
{
    *out = NULL;
    ksynonyms *s = calloc(1, sizeof *s);
    if (!s)
        return kerr_set(err, KERR_NOMEM, "%s: out of memory", name);
    parser p = {s, name, 0, err};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* a byte-order mark */
        text += 3;
        len -= 3;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len, n = end - i;
        if (n && text[i + n - 1] == '\r')
            n--;
        p.lineno++;
        rc = parse_line(&p, text + i, n);
        i = end + 1;
    }
    if (rc == 0 && build_index(s))
        rc = kerr_set(err, KERR_NOMEM, "%s: out of memory", name);
    if (rc) {
        ksynonyms_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

int ksynonyms_parse(ksynonyms **out, const char *text, const char *name, kerr *err)
{
    return parse_text(out, text ? text : "", text ? strlen(text) : 0, name ? name : "(string)",
                      err);
}

int ksynonyms_load(ksynonyms **out, const char *path, kerr *err)
{
    char fallback[PATH_MAX];
    if (!path)
        path = kilde_schema_file(fallback, sizeof fallback, "synonyms.conf");
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return kerr_set(err, KERR_IO, "%s: cannot open synonyms file: %s", path, strerror(errno));
    size_t cap = 0, len = 0;
    char *text = NULL;
    int rc = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 16384;
            char *t = realloc(text, ncap);
            if (!t) {
                rc = kerr_set(err, KERR_NOMEM, "%s: out of memory", path);
                break;
            }
            text = t;
            cap = ncap;
        }
        size_t got = fread(text + len, 1, cap - len - 1, f);
        len += got;
        if (len > FILE_MAX) {
            rc = kerr_set(err, KERR_TOOLARGE, "%s: larger than %u MiB", path, FILE_MAX >> 20);
            break;
        }
        if (got == 0) {
            if (ferror(f))
                rc = kerr_set(err, KERR_IO, "%s: cannot read: %s", path, strerror(errno));
            break;
        }
    }
    fclose(f);
    if (rc == 0) {
        const char *nul = memchr(text, '\0', len);
        if (nul) {
            int line = 1;
            for (const char *c = text; c < nul; c++)
                line += *c == '\n';
            rc = kerr_set(err, KERR_SCHEMA, "%s:%d: a NUL byte; save the file as UTF-8 text", path,
                          line);
        }
    }
    if (rc == 0)
        rc = parse_text(out, text ? text : "", len, path, err);
    free(text);
    return rc;
}

void ksynonyms_free(ksynonyms *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_alts; i++) {
        free(s->alts[i].text);
        free(s->alts[i].key);
    }
    free(s->alts);
    free(s->groups);
    free(s->index);
    free(s);
}

/* ---- lookups ------------------------------------------------------------- */

/* Does group g hold an alternative with this key? */
static bool group_has(const ksynonyms *s, size_t g, const char *key)
{
    for (size_t i = s->groups[g].first; i < s->groups[g].first + s->groups[g].n; i++)
        if (strcmp(s->alts[i].key, key) == 0)
            return true;
    return false;
}

size_t ksynonyms_each(const ksynonyms *s, const char *phrase,
                      int (*fn)(const char *alt, void *arg), void *arg)
{
    if (!s || !phrase || s->n_alts == 0)
        return 0;
    char key[KEY_MAX + 1];
    size_t klen = make_key(phrase, strlen(phrase), key, sizeof key, NULL);
    if (klen == 0 || klen == SIZE_MAX)
        return 0; /* no words, or longer than any alternative */
    size_t lo = 0, hi = s->n_alts;
    while (lo < hi) { /* the first entry not below key */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->index[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t given = 0;
    for (size_t e = lo; e < s->n_alts && strcmp(s->index[e].key, key) == 0; e++) {
        const group *g = &s->groups[s->index[e].group];
        for (size_t i = g->first; i < g->first + g->n; i++) {
            if (i == s->index[e].alt)
                continue; /* the phrase itself */
            bool seen = false; /* given already through an earlier group? */
            for (size_t d = lo; d < e && !seen; d++)
                seen = group_has(s, s->index[d].group, s->alts[i].key);
            if (seen)
                continue;
            given++;
            if (fn && fn(s->alts[i].text, arg))
                return given;
        }
    }
    return given;
}

size_t ksynonyms_max_words(const ksynonyms *s)
{
    return s ? s->max_words : 0;
}

size_t ksynonyms_groups(const ksynonyms *s)
{
    return s ? s->n_groups : 0;
}
