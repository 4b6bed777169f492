/*
 * The history commands: positions (the stances Legeforeningen took, as
 * quotable text) and timeline (a matter through the years).  Both send
 * their words and options as search does (query_args.c); neither needs
 * words: without them they cover the whole index.
 */
#include <stdio.h>

#include "ask.h"
#include "commands.h"
#include "query_args.h"
#include "render_history.h"
#include "style.h"

typedef void (*render_fn)(FILE *out, const kstyle *st, json_t *reply);

/* Parses, asks `op`, and shows the reply; the exit status is 0 when
 * `found` (the array the reply lists its results in) is not empty. */
static int run(const kclient *cl, int argc, char **argv, const char *op, unsigned takes,
               json_t *(*found)(json_t *reply), render_fn render)
{
    query_args a;
    query_args_init(&a);
    kerr err = {0};
    json_t *req = NULL;
    int rc = query_args_parse(&a, argc, argv, takes, false, &err);
    if (rc == 0 && !a.help)
        req = query_args_request(&a, op, &err);
    bool json = a.json, help = a.help;
    query_args_free(&a);
    if (help) {
        fputs(kilde_usage, stdout);
        return cmd_finish(KILDE_EXIT_FOUND);
    }
    if (!req)
        return cmd_usage_error(argv[0], &err);
    kreply r;
    int status;
    if (!cmd_ask(cl, req, json, &r, &status))
        return cmd_finish(status);
    status = json_array_size(found(r.json)) ? KILDE_EXIT_FOUND : KILDE_EXIT_NONE;
    if (!json) {
        kstyle st;
        kstyle_detect(&st, fileno(stdout));
        render(stdout, &st, r.json);
    }
    kreply_free(&r);
    return cmd_finish(status);
}

static void show_positions(FILE *out, const kstyle *st, json_t *reply)
{
    render_positions(out, st, reply, 1);
}

int cmd_positions(const kclient *cl, int argc, char **argv)
{
    return run(cl, argc, argv, "positions", QA_STANCE | QA_TYPE | QA_DATES | QA_OLDEST | QA_LIMIT,
               reply_positions, show_positions);
}

int cmd_timeline(const kclient *cl, int argc, char **argv)
{
    return run(cl, argc, argv, "timeline", QA_TYPE | QA_DATES, reply_years, render_timeline);
}
