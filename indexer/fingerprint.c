#include "fingerprint.h"

#include <ctype.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define SHINGLE_WORDS 5
#define MIN_SHINGLES 20
#define KEPT_MASK ((UINT64_C(1) << FP_KEPT_BITS) - 1)

_Static_assert(FP_BANDS * FP_BAND_ROWS <= FP_HASHES, "bands use the signature's hashes");
_Static_assert(FP_KEPT_BITS == 16, "the encoding stores two bytes a hash");

static uint64_t mix(uint64_t x)
{
    /* splitmix64's finaliser: cheap and well spread */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Hashes of words: letters and digits only, ASCII lower-cased, so line
 * breaks, punctuation and markup do not matter. */
static size_t next_word(const char *s, size_t len, size_t i, uint64_t *hash, bool *found)
{
    while (i < len && !isalnum((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
        i++;
    uint64_t h = 1469598103934665603ULL;
    size_t start = i;
    while (i < len && (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)) {
        h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 1099511628211ULL;
        i++;
    }
    *hash = h;
    *found = i > start;
    return i;
}

void fingerprint_text(kfingerprint *fp, const char *text, size_t len)
{
    for (int k = 0; k < FP_HASHES; k++)
        fp->min[k] = UINT64_MAX;
    fp->shingles = 0;
    uint64_t window[SHINGLE_WORDS] = {0};
    size_t words = 0, i = 0;
    while (i < len) {
        uint64_t h;
        bool found;
        i = next_word(text, len, i, &h, &found);
        if (!found)
            break;
        window[words++ % SHINGLE_WORDS] = h;
        if (words < SHINGLE_WORDS)
            continue;
        uint64_t sh = 0;
        for (size_t k = 0; k < SHINGLE_WORDS; k++)
            sh = mix(sh ^ window[(words + k) % SHINGLE_WORDS]);
        fp->shingles++;
        for (int k = 0; k < FP_HASHES; k++) {
            uint64_t v = mix(sh ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(k + 1)));
            if (v < fp->min[k])
                fp->min[k] = v;
        }
    }
}

bool fingerprint_usable(const kfingerprint *fp)
{
    return fp->shingles >= MIN_SHINGLES;
}

double fingerprint_similarity(const kfingerprint *a, const kfingerprint *b)
{
    int same = 0;
    for (int k = 0; k < FP_HASHES; k++)
        same += ((a->min[k] ^ b->min[k]) & KEPT_MASK) == 0;
    return (double)same / FP_HASHES;
}

uint64_t fingerprint_band(const kfingerprint *fp, int band)
{
    uint64_t h = (uint64_t)band;
    for (int r = 0; r < FP_BAND_ROWS; r++)
        h = mix(h ^ (fp->min[band * FP_BAND_ROWS + r] & KEPT_MASK));
    return h;
}

void fingerprint_encode(const kfingerprint *fp, char out[FP_ENCODED_LEN + 1])
{
    unsigned char bytes[FP_HASHES * 2];
    for (int k = 0; k < FP_HASHES; k++) {
        bytes[2 * k] = (unsigned char)(fp->min[k] >> 8);
        bytes[2 * k + 1] = (unsigned char)fp->min[k];
    }
    gchar *b64 = g_base64_encode(bytes, sizeof bytes);
    snprintf(out, FP_ENCODED_LEN + 1, "%s", b64 ? b64 : "");
    g_free(b64);
}

bool fingerprint_decode(kfingerprint *fp, const char *base64)
{
    if (!base64 || strlen(base64) != FP_ENCODED_LEN)
        return false;
    gsize n = 0;
    guchar *bytes = g_base64_decode(base64, &n);
    bool ok = bytes && n == FP_HASHES * 2;
    for (int k = 0; ok && k < FP_HASHES; k++)
        fp->min[k] = (uint64_t)bytes[2 * k] << 8 | bytes[2 * k + 1];
    g_free(bytes);
    fp->shingles = ok ? MIN_SHINGLES : 0;
    return ok;
}

bool fingerprint_from_hex(kfingerprint *fp, const char *hex)
{
    if (!hex || strlen(hex) != FP_HASHES * 16)
        return false;
    for (int k = 0; k < FP_HASHES; k++) {
        char part[17];
        memcpy(part, hex + 16 * k, 16);
        part[16] = '\0';
        if (sscanf(part, "%" SCNx64, &fp->min[k]) != 1)
            return false;
    }
    fp->shingles = MIN_SHINGLES;
    return true;
}
