/*
 * Norwegian compounds split into known words: "sykehusøkonomi" gives
 * "sykehus" + "økonomi", "forskningsinstitutt" gives "forskning" +
 * "institutt" (the linking -s- belongs to neither part), so the indexer can
 * index the parts and a search for "økonomi" finds the compound.
 *
 * The split chosen has the fewest parts, then the longest first parts:
 * "allmennlegetjenesten" gives "allmennlege" + "tjenesten",
 * "fastlegekontorer" "fastlege" + "kontorer" -- the largest words a person
 * would type on their own.  A part that is a compound itself splits when
 * called again on it ("allmennlege" gives "allmenn" + "lege").
 *
 * Parts are words of the lexicon of 3 letters or more (letters, not bytes),
 * joined directly or by a linking s or e.  Short words in the lexicon make
 * accidental splits of simple words, so:
 *  - parts joined directly (or by an e) need 4 letters on one side, and on
 *    both sides in a word the lexicon itself lists ("betale" is not
 *    bet|ale, "sykehus" not syke|hus); a linking s is a sure joint and
 *    needs 3 (arbeid-s-tid);
 *  - an inflected form splits as its word does ("pasienten" as "pasient":
 *    not at all, not pasi|enten);
 *  - the never-split list refuses whole words ("søksmål"), last parts
 *    ("-het": not sikker|het), parts before another ("opp-": not opp|gave)
 *    and parts anywhere ("-som-"); see schemas/never-split.txt.
 * Measured on tests/data/compounds.tsv: 96 % of judged words right.
 *
 * No allocation; thread-safe given lexicons that are no longer changing.
 */
#ifndef KILDE_COMPOUND_H
#define KILDE_COMPOUND_H

#include <stddef.h>

#include "lexicon.h"

#define KCOMPOUND_MAX_PARTS 4
/* Words shorter than this (in bytes) are seldom compounds: callers that
 * split every word of a text skip them rather than ask. */
#define KCOMPOUND_MIN_WORD 7
/* Longer words (in bytes) are not split. */
#define KCOMPOUND_MAX_WORD 128

typedef struct kcompound {
    size_t n;
    struct {
        size_t start, len;
    } part[KCOMPOUND_MAX_PARTS];
} kcompound;

/* Splits a lower-cased word into known parts (byte offsets into word; a
 * linking -s- or -e- between parts belongs to neither part).  out->n == 0
 * when the word is no compound of known words, is on the never-split list
 * `never` (may be NULL) or is longer than KCOMPOUND_MAX_WORD; else 2 to
 * KCOMPOUND_MAX_PARTS.  Returns 0, or -1 when lx, word or out is NULL
 * (then out->n == 0 too, out permitting).  About 3 µs a word. */
int kcompound_split(const klexicon *lx, const klexicon *never, const char *word, size_t len, kcompound *out);

/* The never-split list schemas/never-split.txt (found as kilde_schema_file
 * finds schema files), loaded once like klexicon_norwegian (thread-safe,
 * lives until exit).  A missing file gives an empty list and one warning on
 * stderr.  NULL only when memory ran out on the first call, which
 * kcompound_split takes as an empty list. */
const klexicon *kcompound_never_split(void);

#endif
