/*
 * Abbreviations and synonyms applied at query time (schemas/synonyms.conf):
 * groups of alternatives, each one or more words, that mean the same thing
 * ("LIS1 = lege i spesialisering del 1", "Nmf = Norsk medisinstudentforening").
 *
 * The file, one group per line:
 *   - alternatives separated by "=" (written " = "); each is trimmed, and
 *     may be a phrase of several words, hyphens kept as written
 *     ("LIS1-stilling", "Helse- og omsorgsdepartementet");
 *   - "#" at the start of a line, or after white space, starts a comment;
 *     blank lines are skipped; a UTF-8 byte-order mark is ignored;
 *   - errors name the file and line: a group with fewer than two different
 *     alternatives, an empty alternative, one without letters or digits, a
 *     line over KSYNONYMS_LINE_MAX bytes, bytes that are not UTF-8.
 *
 * Matching: alternatives are lower-cased code point by code point
 * (words_lower: "NMF" and "Nmf" are "nmf", "Ø" is "ø"), stripped of
 * accents ("Comité" matches "Comite" and back; å, æ and ø stay letters of
 * their own: "råd" is not "rad") and compared as their sequence of words (words_next), so case, runs of white space and
 * punctuation between words do not matter: "lis1 stilling" finds
 * "LIS1-stilling".  A word or phrase may sit in several groups; a lookup
 * gives the alternatives of all of them, each once.
 *
 * A loaded ksynonyms is read-only: lookups from many threads at once are
 * safe, and allocate nothing.
 */
#ifndef KILDE_SYNONYMS_H
#define KILDE_SYNONYMS_H

#include <stddef.h>

#include "kerr.h"

#define KSYNONYMS_LINE_MAX 1000 /* bytes, not counting the line end */

typedef struct ksynonyms ksynonyms;

/* Parses a synonyms file (path NULL: schemas/synonyms.conf, paths.h).
 * Errors name the file and line: KERR_SCHEMA "schemas/synonyms.conf:12: a
 * group needs at least two alternatives"; KERR_IO when the file cannot be
 * read; KERR_NOMEM.  *out is NULL on error. */
int ksynonyms_load(ksynonyms **out, const char *path, kerr *err);

/* The same from a string (for tests); `name` is used in messages. */
int ksynonyms_parse(ksynonyms **out, const char *text, const char *name, kerr *err);

void ksynonyms_free(ksynonyms *s);

/* The alternatives of `phrase` (lower-cased words separated by single
 * spaces, e.g. "lis1" or "elektronisk pasientjournal"; any case, spacing
 * and punctuation between words is accepted too): calls fn(alt, arg) for
 * each OTHER alternative of every group holding it, lower-cased, with
 * single spaces and hyphens as written, in the order of the file; an
 * alternative in several of those groups is given once.  fn returns
 * non-zero to stop; fn NULL only counts.  Returns the number of
 * alternatives given (counting the one that stopped).  s NULL gives 0. */
size_t ksynonyms_each(const ksynonyms *s, const char *phrase,
                      int (*fn)(const char *alt, void *arg), void *arg);

/* The most words of any alternative ("lege i spesialisering del 1": 5), so
 * a caller knows how many query words to try as one phrase; 0 when empty. */
size_t ksynonyms_max_words(const ksynonyms *s);

/* The number of groups read. */
size_t ksynonyms_groups(const ksynonyms *s);

#endif
