/*
 * Near-duplicate detection across formats: the same article as HTML and as
 * text, or the same report twice, is indexed once.  A MinHash signature of
 * the text's five-word shingles estimates how much two texts share; banding
 * the signature gives keys under which a possible twin can be looked up.
 */
#ifndef KILDE_FINGERPRINT_H
#define KILDE_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FP_HASHES 64
#define FP_BANDS 16
/* Texts sharing at least this share of shingles are the same document. */
#define FP_SAME 0.75

typedef struct kfingerprint {
    uint64_t min[FP_HASHES];
    size_t shingles; /* too few (a stub page) and no comparison is made */
} kfingerprint;

void fingerprint_text(kfingerprint *fp, const char *text, size_t len);
bool fingerprint_usable(const kfingerprint *fp);
/* The estimated share of shingles two texts have in common, 0..1. */
double fingerprint_similarity(const kfingerprint *a, const kfingerprint *b);
/* Band i's key as 16 hex digits (17 bytes with the NUL). */
void fingerprint_band_key(const kfingerprint *fp, int band, char out[17]);
/* Hex encoding of the whole signature and back (FP_HASHES * 16 chars). */
void fingerprint_to_hex(const kfingerprint *fp, char *out);
bool fingerprint_from_hex(kfingerprint *fp, const char *hex);

#endif
