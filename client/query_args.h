/*
 * The arguments of the commands that send a query: search, positions and
 * timeline.  Each takes the options it names (QA_*) besides --json and
 * --help; everything else is a word of the query, so a word may start
 * with '-' ("-kielce" leaves it out) and options may follow the words.
 */
#ifndef KILDE_QUERY_ARGS_H
#define KILDE_QUERY_ARGS_H

#include <jansson.h>
#include <stdbool.h>

#include "buf.h"
#include "kerr.h"

/* The options a command takes. */
enum {
    QA_TYPE = 1 << 0,   /* --type T: filter.type (repeat, or T1,T2) */
    QA_DATES = 1 << 1,  /* --from, --to: filter.from, filter.to */
    QA_SORT = 1 << 2,   /* --sort relevance|newest|oldest */
    QA_LIMIT = 1 << 3,  /* -n N: limit */
    QA_STANCE = 1 << 4, /* --stance S: filter.stance (repeat, or S1,S2) */
    QA_OLDEST = 1 << 5  /* --oldest: sort oldest */
};

typedef struct query_args {
    kbuf q;          /* the words, space-separated */
    json_t *types;   /* filter.type, or NULL */
    json_t *stances; /* filter.stance, or NULL */
    char from[11], to[11];
    const char *sort; /* NULL: searchd's default */
    long limit;       /* 0: searchd's default */
    bool json, help;
} query_args;

void query_args_init(query_args *a);
void query_args_free(query_args *a);

/* Reads argv[1..] (argv[0] is the command) taking the options in `takes`;
 * with need_words, no words is a mistake.  KERR_INVALID or KERR_NOMEM
 * with err saying why. */
int query_args_parse(query_args *a, int argc, char **argv, unsigned takes, bool need_words,
                     kerr *err);

/* {"op": op, "q": the words, "limit", "filter", "sort"} (the last three
 * only when given), or NULL with err set. */
json_t *query_args_request(const query_args *a, const char *op, kerr *err);

#endif
