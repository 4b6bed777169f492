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

/* 256 hashes estimate a similarity of 0.97 within ±0.011 (one standard
 * deviation), so the same text in two formats (measured 0.97–1.00) stays
 * clear of FP_SAME; 64 gave ±0.021.  The bands use the first 128 hashes:
 * 32 bands of 4 find a text sharing half its shingles with 87 % certainty,
 * 0.6 with 99 %, and cost 32 index entries per document. */
#define FP_HASHES 256
#define FP_BANDS 32
#define FP_BAND_ROWS 4
/* Texts sharing at least this share of shingles are the same text (in
 * another format, or a copy); measured: the seeds against their HTML and
 * PDF forms 0.972–1.000, a revised consultation response 0.715, the same
 * response with only a paragraph added 0.933, unrelated articles ≤ 0.01.
 * Set high because mistaking a version for a copy loses it, while
 * mistaking a copy for a version only indexes it twice under one family. */
#define FP_SAME 0.95
/* From this share up (and below FP_SAME) two texts are versions of one
 * document: both are indexed and the later is recorded as a version. */
#define FP_VERSION 0.50

typedef struct kfingerprint {
    uint64_t min[FP_HASHES];
    size_t shingles; /* too few (a stub page) and no comparison is made */
} kfingerprint;

void fingerprint_text(kfingerprint *fp, const char *text, size_t len);
bool fingerprint_usable(const kfingerprint *fp);
/* The estimated share of shingles two texts have in common, 0..1. */
double fingerprint_similarity(const kfingerprint *a, const kfingerprint *b);
/* The key of band i (its band number mixed in, so keys of two bands never
 * meet). */
uint64_t fingerprint_band(const kfingerprint *fp, int band);

/* Only the low FP_KEPT_BITS of each hash are compared, banded and stored
 * (b-bit MinHash): two unrelated hashes agree by chance once in 65,536,
 * which moves no estimate measurably, and the stored signature is 512
 * bytes instead of 2,048. */
#define FP_KEPT_BITS 16
/* The signature as base64 of its kept bits, FP_ENCODED_LEN chars + NUL,
 * and back. */
#define FP_ENCODED_LEN (((FP_HASHES * FP_KEPT_BITS / 8 + 2) / 3) * 4)
void fingerprint_encode(const kfingerprint *fp, char out[FP_ENCODED_LEN + 1]);
bool fingerprint_decode(kfingerprint *fp, const char *base64);
/* The hex form that records of indexers before version 5 hold
 * (FP_HASHES * 16 chars). */
bool fingerprint_from_hex(kfingerprint *fp, const char *hex);

#endif
