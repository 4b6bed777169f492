#include "fingerprint.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define SHINGLE_WORDS 5
#define MIN_SHINGLES 20

_Static_assert(FP_BANDS * FP_BAND_ROWS <= FP_HASHES, "bands use the signature's hashes");

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
        same += a->min[k] == b->min[k];
    return (double)same / FP_HASHES;
}

void fingerprint_band_key(const kfingerprint *fp, int band, char out[17])
{
    uint64_t h = (uint64_t)band;
    for (int r = 0; r < FP_BAND_ROWS; r++)
        h = mix(h ^ fp->min[band * FP_BAND_ROWS + r]);
    snprintf(out, 17, "%016" PRIx64, h);
}

void fingerprint_to_hex(const kfingerprint *fp, char *out)
{
    for (int k = 0; k < FP_HASHES; k++)
        snprintf(out + 16 * k, 17, "%016" PRIx64, fp->min[k]);
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
