/*
 * A set of known words: the Norwegian full-form lists for compound splitting
 * and any other question of the kind "is this a word?".
 *
 * Words are stored lower-cased (code point by code point, as words_lower)
 * in one arena; an open-addressing table holds their offsets, so a list of
 * 1.5 million words costs no malloc per word.  Lookups lower-case too, so
 * both sides may be in any case.  Words of more than KLEXICON_MAX_WORD
 * bytes (after lower-casing) are not stored and never found: no Norwegian
 * word comes near.
 *
 * Threads: a lexicon being built belongs to one thread; once built, any
 * number of threads may call klexicon_has and klexicon_size on it.
 */
#ifndef KILDE_LEXICON_H
#define KILDE_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

#include "kerr.h"

#define KLEXICON_MAX_WORD 255

typedef struct klexicon klexicon;

/* An empty lexicon.  NULL when memory runs out. */
klexicon *klexicon_new(void);

/* Adds a word (UTF-8, any case: stored lower-cased).  An empty or too long
 * word is ignored.  0, or -1 out of memory (the lexicon stays usable). */
int klexicon_add(klexicon *lx, const char *word, size_t len);

/* Adds every line of a word-list file: one word per line; UTF-8, or
 * ISO-8859-1 when the file is not valid UTF-8 (Debian's /usr/share/dict/
 * bokmaal and nynorsk are ISO-8859-1).  In a line, what follows '/' or a tab
 * is dropped (hunspell .dic flags and fields); a first line that is only a
 * number (hunspell's word count), empty lines and lines starting with '#'
 * (comments) are skipped.  0, or KERR_IO / KERR_NOMEM with err (may be NULL)
 * naming the file and the reason; on error some words may have been added. */
int klexicon_add_file(klexicon *lx, const char *path, kerr *err);

/* Whether the word (UTF-8, any case) is known. */
bool klexicon_has(const klexicon *lx, const char *word, size_t len);

/* The number of distinct words. */
size_t klexicon_size(const klexicon *lx);

/* Frees the lexicon (NULL is fine). */
void klexicon_free(klexicon *lx);

/* The process-wide Norwegian lexicon, loaded once on first use
 * (thread-safe, pthread_once): /usr/share/dict/bokmaal and
 * /usr/share/dict/nynorsk (Debian package wnorwegian), plus the project's
 * own schemas/words.txt found as kilde_schema_file finds schema files.
 * $KILDE_WORDLISTS (colon-separated paths), when set, replaces the two
 * Debian lists; an empty value means none.  A missing list is not fatal:
 * it is skipped with one warning on stderr naming it.  Never NULL (at worst
 * empty).  Lives until exit; never free it. */
const klexicon *klexicon_norwegian(void);

/* Loads the lexicon if not yet loaded; returns KERR_NOMEM (err says which
 * list) when a list was left out because memory ran out, which would
 * make the analysis differ from a run with memory enough, else 0. */
int klexicon_norwegian_check(kerr *err);

#endif
