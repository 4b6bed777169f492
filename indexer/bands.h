/*
 * The band index of near-duplicate detection (fingerprint.h): which
 * documents hold a fingerprint band.  Kept in memory by the writer and
 * built from the file records, so the index itself stores no band.  Most
 * bands have one holder; only texts alike share one, and a band then
 * names all of them, so a document looking for its kin never finds only
 * itself.
 */
#ifndef KILDE_BANDS_H
#define KILDE_BANDS_H

#include <stddef.h>
#include <stdint.h>

typedef struct kbands kbands;

kbands *bands_new(void); /* NULL when out of memory */
void bands_free(kbands *b);

/* Document doc (a 16-hex id as a number) holds band (fingerprint_band). */
void bands_hold(kbands *b, uint64_t band, uint64_t doc);
/* doc holds band no longer. */
void bands_release(kbands *b, uint64_t band, uint64_t doc);
/* The holders of band, at most cap into out; returns how many there are. */
size_t bands_holders(const kbands *b, uint64_t band, uint64_t *out, size_t cap);

#endif
