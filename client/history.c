/*
 * The history commands: positions (the stances Legeforeningen took, as
 * quotable text) and timeline (a matter through the years).  Both send
 * their words and options as search does (query_args.c); neither needs
 * words: without them they cover the whole index.
 */
#include <stdio.h>

#include "commands.h"
#include "query_args.h"
#include "render_history.h"
#include "style.h"

static void show_positions(FILE *out, const kstyle *st, json_t *reply)
{
    render_positions(out, st, reply, 1);
}

int cmd_positions(const kclient *cl, int argc, char **argv)
{
    return cmd_query(cl, argc, argv, "positions",
                     QA_STANCE | QA_TYPE | QA_DATES | QA_OLDEST | QA_LIMIT, false, reply_positions,
                     show_positions);
}

int cmd_timeline(const kclient *cl, int argc, char **argv)
{
    return cmd_query(cl, argc, argv, "timeline", QA_TYPE | QA_DATES, false, reply_years,
                     render_timeline);
}
