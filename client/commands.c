#include "commands.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "ask.h"
#include "buf.h"
#include "query_args.h"
#include "render.h"
#include "render_stats.h"
#include "request.h"
#include "style.h"

int cmd_query(const kclient *cl, int argc, char **argv, const char *op, unsigned takes,
              bool needs_words, json_t *(*found)(json_t *reply), cmd_render_fn render)
{
    query_args a;
    query_args_init(&a);
    kerr err = {0};
    json_t *req = NULL;
    int rc = query_args_parse(&a, argc, argv, takes, needs_words, &err);
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

static void show_search(FILE *out, const kstyle *st, json_t *reply)
{
    render_search(out, st, reply, 1);
}

int cmd_search(const kclient *cl, int argc, char **argv)
{
    return cmd_query(cl, argc, argv, "search", QA_TYPE | QA_DATES | QA_SORT | QA_LIMIT, true,
                     reply_hits, show_search);
}

/* What the commands other than search take besides --json. */
typedef enum arg_kind {
    NO_ARG,  /* stats, ping */
    ONE_ARG, /* get ID */
    WORDS    /* suggest PREFIX: words joined, for "legeforeningens arb" */
} arg_kind;

static int add_arg(kbuf *arg, arg_kind want, const char *v, kerr *err)
{
    if (want == NO_ARG || (want == ONE_ARG && arg->data))
        return kerr_set(err, KERR_INVALID, "takes %s, not '%s'",
                        want == NO_ARG ? "no arguments" : "one argument", v);
    if (arg->len)
        kbuf_putc(arg, ' ');
    kbuf_append(arg, v, strlen(v));
    return 0;
}

/* Returns 0 or KERR_INVALID; *help when --help was given. */
static int parse_simple(int argc, char **argv, arg_kind want, kbuf *arg, bool *json,
                        bool *help, kerr *err)
{
    enum { P_JSON, P_HELP, P_H };
    static const kopt opts[] = {
        [P_JSON] = {"--json", false}, [P_HELP] = {"--help", false}, [P_H] = {"-h", false}};
    bool after_dashes = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int k = args_next(argc, argv, &i, opts, sizeof opts / sizeof opts[0], false,
                          &after_dashes, &v, err);
        if (k == ARGS_ERROR || (k == ARGS_WORD && v && add_arg(arg, want, v, err)))
            return KERR_INVALID;
        *json |= k == P_JSON;
        *help |= k == P_HELP || k == P_H;
    }
    if (want != NO_ARG && !*help && (!arg->data || !*arg->data))
        return kerr_set(err, KERR_INVALID, "needs %s", want == ONE_ARG ? "an ID" : "a PREFIX");
    return arg->status ? kerr_set(err, KERR_NOMEM, "out of memory") : 0;
}

/* Decides the exit status of an ok:true reply and, when render, prints it
 * for a person (with --json the line is already out). */
typedef int (*show_fn)(const kclient *cl, const kreply *r, bool render);

/* The shape all but search share: {"op":op, key:argument}, ask, show. */
static int run_simple(const kclient *cl, int argc, char **argv, const char *op, arg_kind want,
                      const char *key, show_fn show)
{
    kbuf arg;
    kbuf_init(&arg, KBUF_NO_CAP); /* bounded by the command line */
    bool json = false, help = false;
    kerr err = {0};
    json_t *req = NULL;
    int rc = parse_simple(argc, argv, want, &arg, &json, &help, &err);
    json_t *v = NULL;
    if (rc == 0 && !help && (!key || (v = cmd_text(arg.data, argv[0], &err)))) {
        req = json_pack("{s:s}", "op", op);
        if (key)
            json_object_set_new(req, key, v);
    }
    kbuf_free(&arg);
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
    status = show(cl, &r, !json);
    kreply_free(&r);
    return cmd_finish(status);
}

static int show_unit(const kclient *cl, const kreply *r, bool render)
{
    (void)cl;
    if (render) {
        kstyle st;
        kstyle_detect(&st, fileno(stdout));
        render_unit(stdout, &st, r->json);
    }
    return KILDE_EXIT_FOUND;
}

static int show_suggestions(const kclient *cl, const kreply *r, bool render)
{
    (void)cl;
    if (render)
        render_suggestions(stdout, r->json);
    return reply_suggestion_count(r->json) ? KILDE_EXIT_FOUND : KILDE_EXIT_NONE;
}

static int show_stats(const kclient *cl, const kreply *r, bool render)
{
    (void)cl;
    if (render)
        render_stats(stdout, r->json);
    return KILDE_EXIT_FOUND;
}

static int show_ping(const kclient *cl, const kreply *r, bool render)
{
    if (render)
        render_ping(stdout, r->json, cl->ep.name, r->round_ms);
    return KILDE_EXIT_FOUND;
}

int cmd_get(const kclient *cl, int argc, char **argv)
{
    return run_simple(cl, argc, argv, "get", ONE_ARG, "unit", show_unit);
}

int cmd_suggest(const kclient *cl, int argc, char **argv)
{
    return run_simple(cl, argc, argv, "suggest", WORDS, "prefix", show_suggestions);
}

int cmd_stats(const kclient *cl, int argc, char **argv)
{
    return run_simple(cl, argc, argv, "stats", NO_ARG, NULL, show_stats);
}

int cmd_ping(const kclient *cl, int argc, char **argv)
{
    return run_simple(cl, argc, argv, "ping", NO_ARG, NULL, show_ping);
}
