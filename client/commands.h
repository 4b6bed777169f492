/*
 * The client's commands: search, get, suggest, stats, ping (commands.c),
 * positions and timeline (history.c).  Each reads its own arguments
 * (argv[0] is the command's name), asks searchd once, prints the answer on
 * stdout (problems on stderr) and returns the exit status.
 */
#ifndef KILDE_COMMANDS_H
#define KILDE_COMMANDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "connect.h"
#include "style.h"

enum {
    KILDE_EXIT_FOUND = 0, /* found, or the daemon answered */
    KILDE_EXIT_NONE = 1,  /* no hits, unknown id, no completions */
    KILDE_EXIT_ERROR = 2  /* bad arguments, no daemon, an error reply */
};

typedef struct kclient {
    kendpoint ep;   /* where searchd listens */
    double timeout; /* seconds for connecting, sending and the whole reply */
} kclient;

/* The usage text, printed by --help and after a usage error (main.c). */
extern const char kilde_usage[];

int cmd_search(const kclient *cl, int argc, char **argv);
int cmd_get(const kclient *cl, int argc, char **argv);
int cmd_suggest(const kclient *cl, int argc, char **argv);
int cmd_stats(const kclient *cl, int argc, char **argv);
int cmd_ping(const kclient *cl, int argc, char **argv);
int cmd_positions(const kclient *cl, int argc, char **argv);
int cmd_timeline(const kclient *cl, int argc, char **argv);

typedef void (*cmd_render_fn)(FILE *out, const kstyle *st, json_t *reply);

/* A command that sends a query (search, positions, timeline): reads the
 * options `takes` names (query_args.h) and the words (required when
 * needs_words), asks `op`, shows the reply with `render` (or prints it as it
 * came under --json).  The exit status is 0 when `found`, the array the
 * reply lists its results in, is not empty. */
int cmd_query(const kclient *cl, int argc, char **argv, const char *op, unsigned takes,
              bool needs_words, json_t *(*found)(json_t *reply), cmd_render_fn render);

#endif
