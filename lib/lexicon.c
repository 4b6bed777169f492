#include "lexicon.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "words.h"

/*
 * The words live in one arena as records (a length byte, then the bytes;
 * no NUL).  The table is linear probing over two parallel arrays: the
 * record's offset, and a tag byte, 0 for an empty slot, else 0x80 | seven
 * bits of the hash.  Probes compare tags first and read the arena only on a
 * match, so looking up an unknown word (most of what the compound splitter
 * asks) seldom leaves the table: 5 bytes a slot instead of 8 for stored
 * hashes.
 */
struct klexicon {
    char *arena;
    size_t used, cap;
    uint32_t *off;
    uint8_t *tag;
    size_t nslots; /* a power of two, or 0 while empty */
    size_t count;
};

/* At most 3/4 full, so that probes stay short. */
static size_t slots_for(size_t count)
{
    size_t n = 1024;
    while (n / 4 * 3 < count)
        n *= 2;
    return n;
}

/* Eight bytes at a time (byte-wise FNV took a fifth of the load time),
 * then MurmurHash3's 64-bit finaliser so that the low bits, which pick the
 * slot, depend on every byte. */
static uint64_t hash_word(const char *s, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15u;
    uint64_t h = n * k, v;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&v, s, 8);
        h = (h ^ v) * k;
        h ^= h >> 29;
    }
    v = 0;
    memcpy(&v, s, n);
    h = (h ^ v) * k;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}

static uint8_t tag_of(uint64_t h)
{
    return (uint8_t)(0x80 | (h >> 57));
}

/* The slot holding w, or the empty slot where it belongs (*found false). */
static size_t probe(const klexicon *lx, const char *w, size_t n, uint64_t h, bool *found)
{
    size_t mask = lx->nslots - 1, i = (size_t)h & mask;
    uint8_t t = tag_of(h);
    for (;; i = (i + 1) & mask) {
        if (!lx->tag[i]) {
            *found = false;
            return i;
        }
        if (lx->tag[i] != t)
            continue;
        const unsigned char *r = (const unsigned char *)lx->arena + lx->off[i];
        if (r[0] == n && memcmp(r + 1, w, n) == 0) {
            *found = true;
            return i;
        }
    }
}

/* Makes room for `count` words in the table, rehashing what is stored. */
static int reserve_slots(klexicon *lx, size_t count)
{
    if (count <= lx->nslots / 4 * 3)
        return 0;
    size_t n = slots_for(count);
    uint8_t *tag = calloc(n, 1);
    uint32_t *off = malloc(n * sizeof *off);
    if (!tag || !off) {
        free(tag);
        free(off);
        return -1;
    }
    for (size_t i = 0; i < lx->nslots; i++) {
        if (!lx->tag[i])
            continue;
        const char *r = lx->arena + lx->off[i];
        size_t j = (size_t)hash_word(r + 1, (unsigned char)r[0]) & (n - 1);
        while (tag[j])
            j = (j + 1) & (n - 1);
        tag[j] = lx->tag[i];
        off[j] = lx->off[i];
    }
    free(lx->tag);
    free(lx->off);
    lx->tag = tag;
    lx->off = off;
    lx->nslots = n;
    return 0;
}

/* Makes room for `extra` more arena bytes.  Offsets are 32-bit: 4 GB of
 * words is far beyond any word list. */
static int reserve_arena(klexicon *lx, size_t extra)
{
    if (lx->used + extra <= lx->cap)
        return 0;
    if (lx->used + extra > UINT32_MAX)
        return -1;
    size_t cap = lx->cap ? lx->cap * 2 : 4096;
    if (cap < lx->used + extra)
        cap = lx->used + extra;
    char *a = realloc(lx->arena, cap);
    if (!a)
        return -1;
    lx->arena = a;
    lx->cap = cap;
    return 0;
}

klexicon *klexicon_new(void)
{
    return calloc(1, sizeof(klexicon));
}

/* Lower-cases ASCII and the Latin-1 letters (U+00C0..U+00FF, as two UTF-8
 * bytes) into out, which is all Norwegian word lists hold; utf8proc for
 * each character would double the time to load them.  0 when w has other
 * characters (the caller falls back to words_lower). */
static size_t lower_latin(char *out, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)w[i];
        if (b < 0x80) {
            out[i] = (char)(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
            continue;
        }
        unsigned char c = i + 1 < n ? (unsigned char)w[i + 1] : 0;
        if (b != 0xC3 || c < 0x80 || c > 0xBF)
            return 0;
        out[i] = (char)b;
        out[++i] = (char)(c <= 0x9E && c != 0x97 ? c + 0x20 : c); /* À..Þ but × */
    }
    return n;
}

/* The word lower-cased into buf (cap bytes); 0 when empty or too long. */
static size_t lower(const char *w, size_t n, char *buf, size_t cap)
{
    if (n > KLEXICON_MAX_WORD * 2)
        return 0;
    size_t k = lower_latin(buf, w, n);
    if (k == 0)
        k = words_lower(buf, cap, w, n);
    return k <= KLEXICON_MAX_WORD ? k : 0;
}

/* Adds a word already lower-cased, whose hash is h. */
static int add_hashed(klexicon *lx, const char *w, size_t n, uint64_t h)
{
    if (n == 0)
        return 0;
    if (reserve_slots(lx, lx->count + 1) < 0 || reserve_arena(lx, n + 1) < 0)
        return -1;
    bool found;
    size_t i = probe(lx, w, n, h, &found);
    if (found)
        return 0;
    lx->arena[lx->used] = (char)n;
    memcpy(lx->arena + lx->used + 1, w, n);
    lx->off[i] = (uint32_t)lx->used;
    lx->tag[i] = tag_of(h);
    lx->used += n + 1;
    lx->count++;
    return 0;
}

int klexicon_add(klexicon *lx, const char *word, size_t len)
{
    char buf[4 * KLEXICON_MAX_WORD + 1];
    size_t n = lower(word, len, buf, sizeof buf);
    return add_hashed(lx, buf, n, hash_word(buf, n));
}

bool klexicon_has(const klexicon *lx, const char *word, size_t len)
{
    char buf[4 * KLEXICON_MAX_WORD + 1];
    size_t n = lower(word, len, buf, sizeof buf);
    if (n == 0 || lx->count == 0)
        return false;
    bool found;
    probe(lx, buf, n, hash_word(buf, n), &found);
    return found;
}

size_t klexicon_size(const klexicon *lx)
{
    return lx->count;
}

void klexicon_free(klexicon *lx)
{
    if (!lx)
        return;
    free(lx->arena);
    free(lx->off);
    free(lx->tag);
    free(lx);
}

/* Maps the file read-only: no heap copy, so loading leaves no freed
 * megabytes behind in the allocator (a list truncated while being read
 * would fault, but word lists are replaced, not rewritten in place).
 * *data is NULL for an empty file. */
static int map_file(const char *path, const char **data, size_t *len, kerr *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kerr_set(err, KERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    const char *why = fstat(fd, &st) < 0 ? strerror(errno)
                      : !S_ISREG(st.st_mode) ? "not a regular file" : NULL;
    int code = KERR_IO;
    *data = NULL;
    *len = why ? 0 : (size_t)st.st_size;
    if (!why && *len > 0) {
        void *p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            code = errno == ENOMEM ? KERR_NOMEM : KERR_IO;
            why = strerror(errno);
        } else {
            *data = p;
        }
    }
    close(fd);
    return why ? kerr_set(err, code, "%s: %s", path, why) : 0;
}

/* The word in a line: up to '/' or a tab (hunspell's flags and fields),
 * without surrounding blanks or a CR.  Sets *n and returns its start. */
static const char *line_word(const char *s, size_t len, size_t *n)
{
    size_t end = 0;
    while (end < len && s[end] != '/' && s[end] != '\t')
        end++;
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\r'))
        end--;
    size_t start = 0;
    while (start < end && s[start] == ' ')
        start++;
    *n = end - start;
    return s + start;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static size_t count_lines(const char *text, size_t len)
{
    size_t lines = 1;
    for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
        lines++;
    return lines;
}

/* ISO-8859-1 s as lower-cased UTF-8 in out (2 * n bytes). */
static size_t latin1_lower(char *out, const char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if ((b >= 'A' && b <= 'Z') || (b >= 0xC0 && b <= 0xDE && b != 0xD7))
            b += 0x20;
        if (b < 0x80) {
            out[o++] = (char)b;
        } else {
            out[o++] = (char)(0xC0 | b >> 6);
            out[o++] = (char)(0x80 | (b & 0x3F));
        }
    }
    return o;
}

/* Words parsed but not yet added.  Loading is bound by cache misses on
 * the table (one per word, at random); a word's slot is prefetched when it
 * is parsed and filled PIPELINE words later, so the misses overlap: a
 * third less time for the Debian lists. */
#define PIPELINE 16

typedef struct pending {
    size_t n;
    uint64_t h;
    char w[4 * KLEXICON_MAX_WORD + 1];
} pending;

/* Lower-cases a line's word into p and prefetches its slot. */
static void parse_word(const klexicon *lx, pending *p, const char *w, size_t n, bool latin1)
{
    if (latin1)
        p->n = n <= KLEXICON_MAX_WORD ? latin1_lower(p->w, w, n) : 0;
    else
        p->n = lower(w, n, p->w, sizeof p->w);
    if (p->n > KLEXICON_MAX_WORD)
        p->n = 0;
    p->h = hash_word(p->w, p->n);
    size_t i = (size_t)p->h & (lx->nslots - 1);
    __builtin_prefetch(&lx->tag[i]);
    __builtin_prefetch(&lx->off[i]);
}

/* Adds the words of text, one per line.  Reserves for every line first:
 * one rehash and one arena growth per file rather than one per doubling
 * (reserve never touched costs address space, not memory). */
static int add_lines(klexicon *lx, const char *text, size_t len, bool latin1)
{
    size_t bytes = latin1 ? 2 * len : len;
    if (reserve_slots(lx, lx->count + count_lines(text, len)) < 0 || reserve_arena(lx, bytes + 1) < 0)
        return -1;
    if (!latin1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* a BOM */
        text += 3, len -= 3;
    pending ring[PIPELINE];
    size_t parsed = 0, pos = 0;
    for (bool first = true; pos < len; first = false) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - (text + pos)) : len - pos;
        size_t n;
        const char *w = line_word(text + pos, line_len, &n);
        pos += line_len + 1;
        if (n == 0 || w[0] == '#' || (first && all_digits(w, n)))
            continue;
        pending *p = &ring[parsed++ % PIPELINE];
        if (parsed > PIPELINE && add_hashed(lx, p->w, p->n, p->h) < 0)
            return -1;
        parse_word(lx, p, w, n, latin1);
    }
    for (size_t k = parsed > PIPELINE ? parsed - PIPELINE : 0; k < parsed; k++) {
        pending *p = &ring[k % PIPELINE];
        if (add_hashed(lx, p->w, p->n, p->h) < 0)
            return -1;
    }
    return 0;
}

int klexicon_add_file(klexicon *lx, const char *path, kerr *err)
{
    const char *text = NULL;
    size_t len = 0;
    int rc = map_file(path, &text, &len, err);
    if (rc < 0 || len == 0)
        return rc;
    /* Not UTF-8: ISO-8859-1, as Debian's lists are. */
    bool latin1 = !g_utf8_validate(text, (gssize)len, NULL);
    rc = add_lines(lx, text, len, latin1);
    munmap((void *)text, len);
    if (rc < 0)
        return kerr_set(err, KERR_NOMEM, "%s: out of memory", path);
    return 0;
}

static klexicon *norwegian;
static klexicon empty_lexicon; /* when even an empty lexicon cannot be had */
static pthread_once_t norwegian_once = PTHREAD_ONCE_INIT;
/* A list left out for lack of memory: unlike a list not installed, the
 * same machine would analyse text differently on its next run. */
static kerr norwegian_nomem;

static void add_or_warn(klexicon *lx, const char *path)
{
    kerr err;
    if (klexicon_add_file(lx, path, &err) >= 0)
        return;
    if (err.code == KERR_NOMEM && !norwegian_nomem.code)
        norwegian_nomem = err;
    fprintf(stderr, "kilde: word list skipped: %s\n", err.msg);
}

/* $KILDE_WORDLISTS's paths, or the Debian lists when it is unset. */
static void add_general_lists(klexicon *lx)
{
    const char *env = getenv("KILDE_WORDLISTS");
    if (!env) {
        add_or_warn(lx, "/usr/share/dict/bokmaal");
        add_or_warn(lx, "/usr/share/dict/nynorsk");
        return;
    }
    char path[PATH_MAX];
    for (const char *p = env; *p;) {
        size_t n = strcspn(p, ":");
        if (n >= sizeof path) {
            fprintf(stderr, "kilde: word list skipped: %.40s...: path too long\n", p);
        } else if (n > 0) {
            memcpy(path, p, n);
            path[n] = '\0';
            add_or_warn(lx, path);
        }
        p += n + (p[n] == ':');
    }
}

static void load_norwegian(void)
{
    norwegian = klexicon_new();
    if (!norwegian) {
        kerr_set(&norwegian_nomem, KERR_NOMEM, "the Norwegian word lists: out of memory");
        return;
    }
    add_general_lists(norwegian);
    char path[PATH_MAX];
    add_or_warn(norwegian, kilde_schema_file(path, sizeof path, "words.txt"));
}

const klexicon *klexicon_norwegian(void)
{
    pthread_once(&norwegian_once, load_norwegian);
    return norwegian ? norwegian : &empty_lexicon;
}

int klexicon_norwegian_check(kerr *err)
{
    pthread_once(&norwegian_once, load_norwegian);
    if (!norwegian_nomem.code)
        return 0;
    if (err)
        *err = norwegian_nomem;
    return norwegian_nomem.code;
}
