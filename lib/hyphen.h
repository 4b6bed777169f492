/*
 * Hyphenated words joined, as a person types them: "IA-avtale" is also
 * "iaavtale", "fagfelle-vurderere" (a line-end hyphen the text kept) also
 * "fagfellevurderere".  The indexer adds the joined word as a term and
 * the query side searches it for a hyphenated word, both from here.
 * Letters on both sides only: "LIS1-stillinger" and "2023-2024" stay
 * apart.  No allocation; thread-safe.
 */
#ifndef KILDE_HYPHEN_H
#define KILDE_HYPHEN_H

#include <stddef.h>

#define KHYPHEN_WORD_MAX 256 /* bytes of a joined word, lower-cased */

/* Calls fn(joined, arg) for each two words of text[0, n) (words.h) with one
 * hyphen between them and only letters in both, lower-cased and joined
 * ("Nord-Sør-dialog" gives "nordsør" and "sørdialog").  A non-zero return
 * of fn stops the walk and is returned; else 0. */
int khyphen_each_join(const char *text, size_t n, int (*fn)(const char *joined, void *arg),
                      void *arg);

#endif
