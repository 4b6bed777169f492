/*
 * bin/kilde — asks searchd, kilde's search daemon, and prints its answer
 * for a person (or, with --json, as it came, for a script).
 *
 * main.c picks where searchd listens and the command; the commands
 * (commands.c) read their own arguments, build a request, send it
 * (request.c over connect.c) and print the reply (render.c, snippet.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

#define DEFAULT_SOCKET "var/searchd.sock"
/* Long enough for a cold index on a slow disk; a person gives up sooner. */
#define DEFAULT_TIMEOUT 30.0
#define MAX_TIMEOUT 3600.0

const char kilde_usage[] =
    "usage: kilde [--socket PATH | --connect HOST:PORT] [--token-file FILE] COMMAND [ARGS]\n"
    "Searches kilde's index through searchd.\n"
    "  search [--type T] [--from DATE] [--to DATE] [--sort newest|oldest|relevance]\n"
    "         [-n N] [--json] WORDS...\n"
    "                  a numbered list of hits: title, type, date, section, pages and\n"
    "                  snippet; a word starting with - is left out of the hits\n"
    "  positions [--stance S] [--type T] [--from DATE] [--to DATE] [--oldest] [-n N]\n"
    "         [--json] [WORDS...]\n"
    "                  the stances Legeforeningen took, newest first, as quotable text:\n"
    "                  the quote, who asks whom about what, and the citation\n"
    "  timeline [--type T] [--from DATE] [--to DATE] [--json] [WORDS...]\n"
    "                  a line per year: matching sections per type as a bar, the\n"
    "                  positions taken and the year's best hit\n"
    "  get [--json] ID       a unit's metadata and full text (ID as search shows it)\n"
    "  suggest [--json] PREFIX   completions from the index's words and titles\n"
    "  stats [--json]        the daemon's figures\n"
    "  ping [--json]         whether searchd answers, and its version\n"
    "  --socket PATH   searchd's Unix socket (default $KILDE_SOCKET, else var/searchd.sock)\n"
    "  --connect HOST:PORT   searchd's TCP address instead\n"
    "  --token-file FILE     the token searchd asks for (its --token-file; default\n"
    "                  $KILDE_TOKEN_FILE), sent before each request\n"
    "  --type T        artikkel, horingsinnspill, arsmelding, annet (repeat, or T1,T2)\n"
    "  --stance S      ber, krever, går_imot, støtter, anbefaler, mener (repeat, or S1,S2)\n"
    "  --from, --to    dates as YYYY-MM-DD, YYYY-MM or YYYY\n"
    "  -n N            at most N hits or positions (default: searchd's, 10)\n"
    "  --json          print searchd's reply line as it came\n"
    "Gives up after 30 s ($KILDE_TIMEOUT seconds).\n"
    "Exit status: 0 found, 1 nothing found (no hits, positions or years; unknown ID),\n"
    "2 error.\n";

typedef int (*command_fn)(const kclient *cl, int argc, char **argv);

static const struct {
    const char *name;
    command_fn run;
} commands[] = {
    {"search", cmd_search}, {"get", cmd_get},   {"suggest", cmd_suggest},
    {"stats", cmd_stats},   {"ping", cmd_ping},   {"positions", cmd_positions},
    {"timeline", cmd_timeline},
};

static int usage_error(const char *fmt, const char *arg)
{
    fputs("kilde: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    fputs(kilde_usage, stderr);
    return KILDE_EXIT_ERROR;
}

/* $KILDE_TIMEOUT, for scripts that would rather fail fast (or wait longer). */
static int read_timeout(double *out)
{
    const char *env = getenv("KILDE_TIMEOUT");
    *out = DEFAULT_TIMEOUT;
    if (!env || !*env)
        return 0;
    char *end;
    double t = strtod(env, &end);
    if (*end || !(t > 0 && t <= MAX_TIMEOUT))
        return usage_error("KILDE_TIMEOUT takes seconds from 0 to 3600, not '%s'", env);
    *out = t;
    return 0;
}

/* --socket, --connect, else $KILDE_SOCKET, else var/searchd.sock. */
static int choose_endpoint(kclient *cl, const char *socket_path, const char *connect_to)
{
    kerr err = {0};
    int rc;
    if (socket_path && connect_to)
        return usage_error("%s", "give --socket or --connect, not both");
    if (connect_to)
        rc = kendpoint_tcp(&cl->ep, connect_to, &err);
    else {
        const char *env = getenv("KILDE_SOCKET");
        if (!socket_path)
            socket_path = env && *env ? env : DEFAULT_SOCKET;
        rc = kendpoint_unix(&cl->ep, socket_path, &err);
    }
    return rc ? usage_error("%s", err.msg) : 0;
}

static int parse_global(int argc, char **argv, kclient *cl)
{
    static const struct option longopts[] = {
        {"socket", required_argument, NULL, 's'},
        {"connect", required_argument, NULL, 'c'},
        {"token-file", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *socket_path = NULL, *connect_to = NULL, *token_file = getenv("KILDE_TOKEN_FILE");
    int c;
    /* "+": stop at the command, whose options are its own. */
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': socket_path = optarg; break;
        case 'c': connect_to = optarg; break;
        case 't': token_file = optarg; break;
        case 'h': fputs(kilde_usage, stdout); exit(0);
        default: fputs(kilde_usage, stderr); return KILDE_EXIT_ERROR;
        }
    }
    if (optind >= argc)
        return usage_error("%s", "no COMMAND given");
    int rc = choose_endpoint(cl, socket_path, connect_to);
    kerr err = {0};
    if (rc == 0 && token_file && *token_file && kendpoint_token_file(&cl->ep, token_file, &err))
        rc = usage_error("%s", err.msg);
    return rc ? rc : read_timeout(&cl->timeout);
}

int main(int argc, char **argv)
{
    kclient cl;
    int rc = parse_global(argc, argv, &cl);
    if (rc)
        return rc;
    const char *name = argv[optind];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(&cl, argc - optind, argv + optind);
    return usage_error("unknown command '%s' (search, positions, timeline, get, suggest, "
                       "stats, ping)", name);
}
