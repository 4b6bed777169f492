#include "commands.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "buf.h"
#include "render.h"
#include "request.h"
#include "style.h"

/* searchd's most hits per page (SD_LIMIT_MAX, docs/PROTOCOL.md): checked
 * here too so the mistake is named before anything is sent. */
#define MAX_LIMIT 100

static int usage_error(const char *command, const kerr *err)
{
    fprintf(stderr, "kilde %s: %s\n(kilde --help lists the commands and their options)\n",
            command, err->msg);
    return KILDE_EXIT_ERROR;
}

/* The exit status, unless stdout could not be written (a full disk): then 2. */
static int finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "kilde: writing the output: %s\n", strerror(errno));
        return KILDE_EXIT_ERROR;
    }
    return status;
}

/* A JSON string of s; jansson refuses text that is not UTF-8, so say which. */
static json_t *text_value(const char *s, const char *what, kerr *err)
{
    json_t *v = json_string(s);
    if (!v)
        kerr_set(err, KERR_INVALID, "%s is not valid UTF-8: '%s'", what, s);
    return v;
}

/* Asks searchd.  Returns true with an ok:true reply in *r for the caller to
 * show (and free).  Otherwise says why on stderr, sets *status and returns
 * false: 1 for not_found, 2 for everything else.  With json, the reply
 * line is printed exactly as it came, whatever it says. */
static bool ask(const kclient *cl, json_t *req, bool json, kreply *r, int *status)
{
    kerr err = {0};
    int rc = request_exchange(&cl->ep, req, cl->timeout, r, &err);
    json_decref(req);
    if (rc) {
        fprintf(stderr, "kilde: %s\n", err.msg);
        *status = KILDE_EXIT_ERROR;
        return false;
    }
    if (json) {
        fwrite(r->line, 1, r->len, stdout);
        putchar('\n');
    }
    const char *message, *code = reply_error(r, &message);
    if (!code)
        return true;
    fprintf(stderr, "kilde: searchd at %s: %s (%s)\n", cl->ep.name,
            *message ? message : "request refused", *code ? code : "no error code");
    *status = strcmp(code, "not_found") == 0 ? KILDE_EXIT_NONE : KILDE_EXIT_ERROR;
    kreply_free(r);
    return false;
}

/* What `search` was asked for. */
typedef struct search_args {
    kbuf q;         /* the words, space-separated */
    json_t *types;  /* filter.type, or NULL */
    char from[11], to[11];
    const char *sort;
    long limit;     /* 0: searchd's default */
    bool json, help;
} search_args;

enum { S_TYPE, S_FROM, S_TO, S_SORT, S_LIMIT, S_JSON, S_HELP };
static const kopt search_opts[] = {
    [S_TYPE] = {"--type", true},  [S_FROM] = {"--from", true}, [S_TO] = {"--to", true},
    [S_SORT] = {"--sort", true},  [S_LIMIT] = {"-n", true},    [S_JSON] = {"--json", false},
    [S_HELP] = {"--help", false},
};

/* --type T, repeated or comma-separated: artikkel,arsmelding. */
static int add_types(search_args *a, const char *arg, kerr *err)
{
    if (!a->types)
        a->types = json_array();
    for (const char *p = arg;; p++) {
        size_t n = strcspn(p, ",");
        char name[64];
        if (n == 0 || n >= sizeof name)
            return kerr_set(err, KERR_INVALID, "--type takes type names separated by commas, "
                            "not '%s'", arg);
        memcpy(name, p, n);
        name[n] = '\0';
        json_t *v = text_value(name, "--type", err);
        if (!v)
            return KERR_INVALID;
        json_array_append_new(a->types, v);
        p += n;
        if (!*p)
            return 0;
    }
}

static int set_sort(search_args *a, const char *arg, kerr *err)
{
    if (strcmp(arg, "relevance") && strcmp(arg, "newest") && strcmp(arg, "oldest"))
        return kerr_set(err, KERR_INVALID, "--sort takes relevance, newest or oldest, not '%s'",
                        arg);
    a->sort = arg;
    return 0;
}

/* The words join with spaces: the shell split them, the query parser reads them again. */
static void add_word(search_args *a, const char *word)
{
    if (a->q.len)
        kbuf_putc(&a->q, ' ');
    kbuf_append(&a->q, word, strlen(word));
}

static int search_option(search_args *a, int k, const char *v, kerr *err)
{
    switch (k) {
    case ARGS_WORD:
        if (v)
            add_word(a, v);
        return 0;
    case S_TYPE: return add_types(a, v, err);
    case S_FROM: return args_date("--from", v, false, a->from, err);
    case S_TO: return args_date("--to", v, true, a->to, err);
    case S_SORT: return set_sort(a, v, err);
    case S_LIMIT: return args_count("-n", v, MAX_LIMIT, &a->limit, err);
    case S_JSON: a->json = true; return 0;
    case S_HELP: a->help = true; return 0;
    default: return KERR_INVALID; /* ARGS_ERROR: err says why */
    }
}

static int parse_search(search_args *a, int argc, char **argv, kerr *err)
{
    bool after_dashes = false;
    size_t nopts = sizeof search_opts / sizeof search_opts[0];
    for (int i = 1; i < argc; i++) {
        const char *v;
        int k = args_next(argc, argv, &i, search_opts, nopts, true, &after_dashes, &v, err);
        int rc = search_option(a, k, v, err);
        if (rc)
            return rc;
    }
    if (a->help)
        return 0;
    if (a->q.status)
        return kerr_set(err, KERR_NOMEM, "out of memory for the words");
    if (a->q.len == 0)
        return kerr_set(err, KERR_INVALID, "no WORDS to search for");
    if (a->from[0] && a->to[0] && strcmp(a->from, a->to) > 0)
        return kerr_set(err, KERR_INVALID, "--from %s is after --to %s", a->from, a->to);
    return 0;
}

/* {"op":"search","q":...,"limit":N,"filter":{"type":[...],"from":...,"to":...},"sort":...} */
static json_t *search_request(search_args *a, kerr *err)
{
    json_t *q = text_value(a->q.data, "the search words", err);
    if (!q)
        return NULL;
    json_t *req = json_pack("{s:s, s:o}", "op", "search", "q", q);
    if (a->limit)
        json_object_set_new(req, "limit", json_integer(a->limit));
    json_t *filter = json_object();
    if (a->types)
        json_object_set(filter, "type", a->types);
    if (a->from[0])
        json_object_set_new(filter, "from", json_string(a->from));
    if (a->to[0])
        json_object_set_new(filter, "to", json_string(a->to));
    if (json_object_size(filter))
        json_object_set(req, "filter", filter);
    json_decref(filter);
    if (a->sort)
        json_object_set_new(req, "sort", json_string(a->sort));
    return req;
}

int cmd_search(const kclient *cl, int argc, char **argv)
{
    search_args a = {.limit = 0};
    kbuf_init(&a.q, KBUF_NO_CAP); /* bounded by the command line */
    kerr err = {0};
    json_t *req = NULL;
    int rc = parse_search(&a, argc, argv, &err);
    if (rc == 0 && !a.help)
        req = search_request(&a, &err);
    bool json = a.json, help = a.help;
    kbuf_free(&a.q);
    json_decref(a.types);
    if (help) {
        fputs(kilde_usage, stdout);
        return finish(KILDE_EXIT_FOUND);
    }
    if (!req)
        return usage_error(argv[0], &err);

    kreply r;
    int status;
    if (!ask(cl, req, json, &r, &status))
        return finish(status);
    status = json_array_size(reply_hits(r.json)) ? KILDE_EXIT_FOUND : KILDE_EXIT_NONE;
    if (!json) {
        kstyle st;
        kstyle_detect(&st, fileno(stdout));
        render_search(stdout, &st, r.json, 1);
    }
    kreply_free(&r);
    return finish(status);
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
    if (rc == 0 && !help && (!key || (v = text_value(arg.data, argv[0], &err)))) {
        req = json_pack("{s:s}", "op", op);
        if (key)
            json_object_set_new(req, key, v);
    }
    kbuf_free(&arg);
    if (help) {
        fputs(kilde_usage, stdout);
        return finish(KILDE_EXIT_FOUND);
    }
    if (!req)
        return usage_error(argv[0], &err);
    kreply r;
    int status;
    if (!ask(cl, req, json, &r, &status))
        return finish(status);
    status = show(cl, &r, !json);
    kreply_free(&r);
    return finish(status);
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
