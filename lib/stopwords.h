/*
 * Norwegian function words (bokmål and nynorsk): "i", "og", "hvor", "kva".
 * One list for every part that treats them apart: the query side leaves
 * them out of plain queries and snippet marks; the index keeps them (a
 * phrase needs them), so the index-equals-query test knows which words a
 * query may drop.  Thread-safe.
 */
#ifndef KILDE_STOPWORDS_H
#define KILDE_STOPWORDS_H

#include <stdbool.h>

/* Whether a lower-cased word is a function word. */
bool kstopword_is(const char *lower);

#endif
