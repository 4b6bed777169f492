#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT 0xFFFD

/* windows-1252 0x80..0x9F; the rest of the code page is Latin-1.  The five
 * holes are U+FFFD rather than C1 controls: they are never meant as text. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static utf8proc_int32_t cp1252_char(unsigned char b)
{
    if (b == 0)
        return REPLACEMENT;
    if (b >= 0x80 && b < 0xA0)
        return cp1252_high[b - 0x80];
    return b;
}

/* Writes code point c at out (when out is not NULL); returns its length. */
static size_t put_char(unsigned char *out, utf8proc_int32_t c)
{
    unsigned char tmp[4];
    return (size_t)utf8proc_encode_char(c, out ? out : tmp);
}

/* One pass of utf8_decode_bytes: with out NULL it only measures, so the
 * caller can allocate exactly once. */
static size_t decode_pass(const unsigned char *data, size_t len, unsigned char *out,
                          size_t *n_invalid)
{
    size_t i = 0, o = 0, bad = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && data[i] != 0 && data[i] < 0x80)
            i++; /* ASCII: the common case, no call per byte */
        while (i < len && data[i] >= 0x80) {
            utf8proc_int32_t c;
            utf8proc_ssize_t n = utf8proc_iterate(data + i, (utf8proc_ssize_t)(len - i), &c);
            if (n <= 0)
                break;
            i += (size_t)n;
        }
        if (out)
            memcpy(out + o, data + start, i - start);
        o += i - start;
        if (i < len && (data[i] == 0 || data[i] >= 0x80)) {
            /* A NUL, or a byte that starts no valid sequence. */
            o += put_char(out ? out + o : NULL, cp1252_char(data[i]));
            bad++;
            i++;
        }
    }
    if (n_invalid)
        *n_invalid = bad;
    return o;
}

char *utf8_decode_bytes(const unsigned char *data, size_t len, size_t *n_invalid)
{
    size_t bad;
    size_t size = decode_pass(data, len, NULL, &bad);
    unsigned char *out = malloc(size + 1);
    if (!out)
        return NULL;
    if (bad == 0)
        memcpy(out, data, len);
    else
        decode_pass(data, len, out, NULL);
    out[size] = '\0';
    if (n_invalid)
        *n_invalid = bad;
    return (char *)out;
}

char *utf8_from_cp1252(const unsigned char *data, size_t len)
{
    size_t size = 0;
    for (size_t i = 0; i < len; i++)
        size += put_char(NULL, cp1252_char(data[i]));
    unsigned char *out = malloc(size + 1), *w = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++)
        w += put_char(w, cp1252_char(data[i]));
    *w = '\0';
    return (char *)out;
}

/* The code unit at data[i]. */
static uint32_t unit16(const unsigned char *data, size_t i, int big_endian)
{
    return big_endian ? (uint32_t)data[i] << 8 | data[i + 1] : (uint32_t)data[i + 1] << 8 | data[i];
}

char *utf8_from_utf16(const unsigned char *data, size_t len, int big_endian, size_t *n_invalid)
{
    /* Each unit gives at most 3 bytes (a pair: 4 bytes for 2 units). */
    unsigned char *out = malloc(len / 2 * 3 + 4), *w = out;
    size_t bad = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i + 1 < len; i += 2) {
        uint32_t c = unit16(data, i, big_endian);
        if (c >= 0xD800 && c < 0xDC00 && i + 3 < len) {
            uint32_t d = unit16(data, i + 2, big_endian);
            if (d >= 0xDC00 && d < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
                i += 2;
            }
        }
        if (c == 0 || (c >= 0xD800 && c < 0xE000)) {
            c = REPLACEMENT;
            bad++;
        }
        w += put_char(w, (utf8proc_int32_t)c);
    }
    if (len % 2) {
        w += put_char(w, REPLACEMENT);
        bad++;
    }
    *w = '\0';
    if (n_invalid)
        *n_invalid = bad;
    return (char *)out;
}

/* Appends utf8proc_map(s[0..len), options) to *out (capacity *cap, used *used). */
static int map_append(const char *s, size_t len, utf8proc_option_t options, char **out,
                      size_t *used, size_t *cap)
{
    utf8proc_uint8_t *piece;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                      &piece, options);
    if (n < 0)
        return -1;
    if (*used + (size_t)n + 1 > *cap) {
        size_t ncap = (*used + (size_t)n + 1) * 2;
        char *p = realloc(*out, ncap);
        if (!p) {
            free(piece);
            return -1;
        }
        *out = p;
        *cap = ncap;
    }
    memcpy(*out + *used, piece, (size_t)n);
    *used += (size_t)n;
    (*out)[*used] = '\0';
    free(piece);
    return 0;
}

/* Code points that NFC leaves alone wherever they stand: everything below
 * the combining diacritics (Latin letters, æ ø å é included), and the
 * dashes, quotes, bullets and currency signs of ordinary prose. */
static int nfc_inert(utf8proc_int32_t c)
{
    return c < 0x300 || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
           (c >= 0x20A0 && c <= 0x20C0) || c == 0xFFFD;
}

static int all_inert(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (n <= 0 || !nfc_inert(c))
            return 0;
        i += (size_t)n;
    }
    return 1;
}

/* utf8proc_map is thorough but slow (32-bit code points, four times the
 * input), so it sees only the pieces of about CHUNK bytes that hold
 * something it might change; the rest is copied.  A piece may end only
 * before an ASCII byte: ASCII never combines with what precedes it, so the
 * pieces normalise exactly as the whole would. */
#define CHUNK 4096

char *utf8_nfc(const char *s)
{
    size_t len = strlen(s);
    size_t used = 0, cap = len + 1;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    for (size_t start = 0; start < len;) {
        size_t end = start + CHUNK < len ? start + CHUNK : len;
        while (end < len && (unsigned char)s[end] >= 0x80)
            end++;
        if (all_inert(s + start, end - start)) {
            if (used + end - start + 1 > cap) { /* only after an earlier piece grew */
                char *p = realloc(out, cap = (used + end - start + 1) * 2);
                if (!p) {
                    free(out);
                    return NULL;
                }
                out = p;
            }
            memcpy(out + used, s + start, end - start);
            used += end - start;
            out[used] = '\0';
        } else if (map_append(s + start, end - start, opts, &out, &used, &cap) < 0) {
            free(out);
            return NULL;
        }
        start = end;
    }
    return out;
}

static utf8proc_int32_t lower(utf8proc_int32_t c, void *data)
{
    (void)data;
    return utf8proc_tolower(c);
}

char *utf8_casefold(const char *s)
{
    utf8proc_uint8_t *out;
    utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, 0, &out,
                                             UTF8PROC_NULLTERM, lower, NULL);
    return n < 0 ? NULL : (char *)out;
}

size_t utf8_strlen(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80; /* count every byte but continuation bytes */
    return n;
}

size_t utf8_drop_broken(char *s)
{
    size_t in = 0, out = 0, len = strlen(s);
    while (in < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + in, (utf8proc_ssize_t)(len - in), &cp);
        if (n <= 0) { /* not the start of a whole character: dropped */
            in++;
            continue;
        }
        memmove(s + out, s + in, (size_t)n);
        in += (size_t)n;
        out += (size_t)n;
    }
    s[out] = '\0';
    return out;
}
