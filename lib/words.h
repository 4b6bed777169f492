/*
 * Words in UTF-8 text as Xapian's term generator sees them: runs of
 * letters, digits and combining marks.  Shared by the query reader, the
 * snippet maker and the Norwegian analysis, so all agree on where a word
 * starts and ends.  No allocation; thread-safe.
 */
#ifndef KILDE_WORDS_H
#define KILDE_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The code point at s (n bytes left), its length in *step (1 for a byte
 * that starts no valid sequence, which gives -1). */
int32_t words_next_cp(const char *s, size_t n, size_t *step);

/* Letters (any case), digits and combining marks. */
bool words_is_word_cp(int32_t cp);

/* Finds the next word in s[*pos, n): its bytes [*start, *end), and moves
 * *pos past it.  false when no word is left. */
bool words_next(const char *s, size_t n, size_t *pos, size_t *start, size_t *end);

/* s[0, n) lower-cased code point by code point into out (cap bytes, NUL
 * terminated); returns its length, or 0 (out empty) when it does not fit.
 * "HØRINGER" gives "høringer". */
size_t words_lower(char *out, size_t cap, const char *s, size_t n);

/* What Norwegian and neighbouring keyboards add, folded to ASCII in a
 * lower-cased word: "høringsinnspill" gives "horingsinnspill", "årsmelding"
 * "arsmelding" (ø, ö → o; å, ä → a; æ → ae), as the document types are
 * named; into out (cap bytes, NUL terminated), cut short when it does not
 * fit.  Used by the indexer's --type and the query's type: alike. */
void words_fold_nordic(char *out, size_t cap, const char *lower);

#endif
