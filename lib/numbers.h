/*
 * Numbers written in groups of three, as Norwegian texts and journalists
 * write them: "5 204", "5.204" and "41 276 000" are the numbers 5204 and
 * 41276000.  Xapian's term generator makes "5", "204" of the first, so
 * the indexer adds the joined figures as a term and the query side
 * searches them too; both read the groups here, so they always agree.
 * No allocation; thread-safe.
 */
#ifndef KILDE_NUMBERS_H
#define KILDE_NUMBERS_H

#include <stdbool.h>
#include <stddef.h>

/* At s (the caller sees to it that no digit or decimal comma stands just
 * before): 1 to 3 digits, then one or more groups of a separator (a space
 * or a full stop) and three digits, the last not followed by a digit.
 * The digits alone go into out (cap bytes, NUL terminated): "41 276 000"
 * gives "41276000".  Returns the bytes read, 0 when s starts no grouped
 * number ("2024", "5 20", "12345 678") or out is too small. */
size_t knumber_grouped(const char *s, char *out, size_t cap);

/* Whether the whole of s is one grouped number, its digits into out: for a
 * query's words joined by single spaces ("41 276 000", "5.204"). */
bool knumber_grouped_whole(const char *s, char *out, size_t cap);

/* Whether a per cent sign at `pct` follows a number (spaces between
 * allowed), `text` being where the text starts: "12 %" is also the word
 * "prosent". */
bool knumber_percent_after(const char *text, const char *pct);

#endif
