/*
 * "Did you mean": the known name nearest to a mistyped one (a request's
 * field, a query's type), by edit distance in code points.
 */
#ifndef KILDE_SD_CLOSEST_H
#define KILDE_SD_CLOSEST_H

#include <stddef.h>

/* Edit distance in code points (Levenshtein), for "did you mean". */
size_t sd_edit_distance(const char *a, const char *b);
/* The name in names[] (NULL-terminated) closest to `name`, when close
 * enough to be a slip of the finger; else NULL. */
const char *sd_closest(const char *name, const char *const *names);

#endif
