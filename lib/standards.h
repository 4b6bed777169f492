/*
 * Bokmål and nynorsk, the two written standards of Norwegian: a word's
 * forms in the other standard ("hele" ↔ "heile", "vanlig" ↔ "vanleg",
 * "hva" ↔ "kva", "pasienter" ↔ "pasientar", "ordningen" ↔ "ordninga",
 * "gikk" ↔ "gjekk").  The forms are candidates, not words: the query side
 * searches the ones the index holds, so a text in either standard is
 * found by a query in the other.  The index adds none of them, as every
 * word would bring several forms no text has.
 * No allocation; thread-safe.
 */
#ifndef KILDE_STANDARDS_H
#define KILDE_STANDARDS_H

#include <stdbool.h>

#define KSTANDARD_FORM_MAX 512 /* bytes of a form handed to a callback */

/* fn gets each form; it returns false to stop the walk. */
typedef bool (*kstandard_fn)(const char *form, void *arg);

/* The word's counterparts that follow no pattern (lower case: "ikke" ↔
 * "ikkje", "jeg" ↔ "eg", "gikk" ↔ "gjekk", "ble" ↔ "vart"). */
void kstandard_irregular(const char *word, kstandard_fn fn, void *arg);

/* Whether the regular correspondences apply to the word: not to short
 * words and codes, where they would mostly make accidental words. */
bool kstandard_regular_applies(const char *word);

/* Each form of the word one regular change away, either direction
 * (lower case): a spelling inside the word ("syk" ↔ "sjuk", "e" ↔ "ei",
 * "lig" ↔ "leg", "hv" ↔ "kv") or an ending (plurals "-er" ↔ "-ar",
 * definite forms "-en" ↔ "-a", "-ene" ↔ "-ane", "-ene" ↔ "-a", the past
 * "-et" ↔ "-a").  Two changes away are this called on its forms. */
void kstandard_one_change(const char *word, kstandard_fn fn, void *arg);

#endif
