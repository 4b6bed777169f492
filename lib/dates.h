/*
 * Dates written in figures ("31.12.2024", "1.2.24", "23.04") and in words
 * ("23. april"), read alike by the indexer and the query side: a text's
 * "31.12.2024" is also found by "2024" and "desember", and a query's
 * "23.04.2024" also searches "23. april".  Month names from months.h.
 * No allocation; thread-safe.
 */
#ifndef KILDE_DATES_H
#define KILDE_DATES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kdate {
    int day, month; /* 1–31, 1–12 */
    int year;       /* four digits ("24" is 2024), 0 when none was written */
} kdate;

/* At s (the caller sees to it that no digit or full stop stands just
 * before): day and month of one or two digits, each followed by a full
 * stop, then a year of two or four digits; or day and month alone.  The
 * full stop after a month with no year is not read.  Returns the bytes
 * read, 0 when s starts no date ("1.2.3", "32.01.2024", "12.345"). */
size_t kdate_figures(const char *s, kdate *out);

/* The lower-case month name of a month 1–12, NULL for any other. */
const char *kdate_month_name(int month);

/* The date as texts write it in words, without the full stop after the
 * day ("23 april": a query phrase, the stop being no word), into out. */
bool kdate_in_words(const kdate *d, char *out, size_t cap);

/* "utgangen av 2024" (the words lower-cased, single spaces) is the date
 * reports write as "31.12.2024" ("per 31.12.2024 hadde …"), "starten av
 * 2024" is "1.1.2024": that date in figures into out. */
bool kdate_year_edge(const char *phrase, char *out, size_t cap);

#endif
