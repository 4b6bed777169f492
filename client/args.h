/*
 * Reading a command's own arguments.  Not getopt: a search's words may
 * start with '-' (the query language's "-word" excludes a word), and its
 * options may come after the words ("kilde search lis1 -n 5"), so a
 * command lists its options and everything else is a word.
 */
#ifndef KILDE_ARGS_H
#define KILDE_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "kerr.h"

typedef struct kopt {
    const char *name; /* "--type", or a short "-n" */
    bool has_value;   /* "--type T", "--type=T"; "-n N", "-nN" */
} kopt;

enum {
    ARGS_WORD = -1,  /* argv[*i] is a word, not an option */
    ARGS_ERROR = -2  /* message in err */
};

/* Looks at argv[*i], the next argument not yet read.  Returns the index in
 * opts of the option it is (*value gets its value, or NULL; *i moves past
 * a value given as the next argument), or ARGS_WORD.  After "--" every
 * argument is a word (*after_dashes remembers it; "--" itself returns
 * ARGS_WORD with *value NULL, to be skipped).  An unknown "--name" is an
 * error; an unknown "-x" is a word when dash_words, else an error. */
int args_next(int argc, char **argv, int *i, const kopt *opts, size_t nopts, bool dash_words,
              bool *after_dashes, const char **value, kerr *err);

/* A whole number from 1 to max for option `name`.  KERR_INVALID otherwise. */
int args_count(const char *name, const char *arg, long max, long *out, kerr *err);

/* A date as YYYY, YYYY-MM or YYYY-MM-DD, written to out as YYYY-MM-DD: the
 * first day of a year or month, or its last when end_of_period ("--to 2024"
 * means up to 2024-12-31).  KERR_INVALID for anything else. */
int args_date(const char *name, const char *arg, bool end_of_period, char out[11], kerr *err);

#endif
