#include "query_args.h"

#include <string.h>

#include "args.h"
#include "ask.h"

/* searchd's most hits per page (SD_LIMIT_MAX, docs/PROTOCOL.md): checked
 * here too so the mistake is named before anything is sent. */
#define MAX_LIMIT 100
#define NAME_MAX 64

enum { O_TYPE, O_FROM, O_TO, O_SORT, O_LIMIT, O_STANCE, O_OLDEST, O_JSON, O_HELP, O_COUNT };

static const struct {
    kopt opt;
    unsigned needs; /* the QA_* that brings it; 0: every command */
} options[O_COUNT] = {
    [O_TYPE] = {{"--type", true}, QA_TYPE},     [O_FROM] = {{"--from", true}, QA_DATES},
    [O_TO] = {{"--to", true}, QA_DATES},        [O_SORT] = {{"--sort", true}, QA_SORT},
    [O_LIMIT] = {{"-n", true}, QA_LIMIT},       [O_STANCE] = {{"--stance", true}, QA_STANCE},
    [O_OLDEST] = {{"--oldest", false}, QA_OLDEST}, [O_JSON] = {{"--json", false}, 0},
    [O_HELP] = {{"--help", false}, 0},
};

void query_args_init(query_args *a)
{
    memset(a, 0, sizeof *a);
    kbuf_init(&a->q, KBUF_NO_CAP); /* bounded by the command line */
}

void query_args_free(query_args *a)
{
    kbuf_free(&a->q);
    json_decref(a->types);
    json_decref(a->stances);
    a->types = a->stances = NULL;
}

/* "--type T" repeated or comma-separated: artikkel,arsmelding.  `what`
 * names the values in a message: "type names". */
static int add_names(json_t **list, const char *option, const char *what, const char *arg,
                     kerr *err)
{
    if (!*list)
        *list = json_array();
    for (const char *p = arg;; p++) {
        size_t n = strcspn(p, ",");
        char name[NAME_MAX];
        if (n == 0 || n >= sizeof name)
            return kerr_set(err, KERR_INVALID, "%s takes %s separated by commas, not '%s'",
                            option, what, arg);
        memcpy(name, p, n);
        name[n] = '\0';
        json_t *v = cmd_text(name, option, err);
        if (!v)
            return KERR_INVALID;
        json_array_append_new(*list, v);
        p += n;
        if (!*p)
            return 0;
    }
}

static int set_sort(query_args *a, const char *arg, kerr *err)
{
    if (strcmp(arg, "relevance") && strcmp(arg, "newest") && strcmp(arg, "oldest"))
        return kerr_set(err, KERR_INVALID, "--sort takes relevance, newest or oldest, not '%s'",
                        arg);
    a->sort = arg;
    return 0;
}

/* The words join with spaces: the shell split them, the query parser reads them again. */
static void add_word(query_args *a, const char *word)
{
    if (a->q.len)
        kbuf_putc(&a->q, ' ');
    kbuf_append(&a->q, word, strlen(word));
}

static int take(query_args *a, int o, const char *v, kerr *err)
{
    switch (o) {
    case ARGS_WORD:
        if (v) /* NULL: the "--" itself */
            add_word(a, v);
        return 0;
    case O_TYPE: return add_names(&a->types, "--type", "type names", v, err);
    case O_FROM: return args_date("--from", v, false, a->from, err);
    case O_TO: return args_date("--to", v, true, a->to, err);
    case O_SORT: return set_sort(a, v, err);
    case O_LIMIT: return args_count("-n", v, MAX_LIMIT, &a->limit, err);
    case O_STANCE: return add_names(&a->stances, "--stance", "stances", v, err);
    case O_OLDEST: a->sort = "oldest"; return 0;
    case O_JSON: a->json = true; return 0;
    case O_HELP: a->help = true; return 0;
    default: return KERR_INVALID; /* ARGS_ERROR: err says why */
    }
}

int query_args_parse(query_args *a, int argc, char **argv, unsigned takes, bool need_words,
                     kerr *err)
{
    kopt opts[O_COUNT];
    int which[O_COUNT]; /* opts[k] is options[which[k]] */
    size_t n = 0;
    for (int o = 0; o < O_COUNT; o++)
        if (!options[o].needs || (options[o].needs & takes)) {
            which[n] = o;
            opts[n++] = options[o].opt;
        }
    bool after_dashes = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int k = args_next(argc, argv, &i, opts, n, true, &after_dashes, &v, err);
        int rc = take(a, k >= 0 ? which[k] : k, v, err);
        if (rc)
            return rc;
    }
    if (a->help)
        return 0;
    if (a->q.status)
        return kerr_set(err, KERR_NOMEM, "out of memory for the words");
    if (need_words && a->q.len == 0)
        return kerr_set(err, KERR_INVALID, "no WORDS to search for");
    if (a->from[0] && a->to[0] && strcmp(a->from, a->to) > 0)
        return kerr_set(err, KERR_INVALID, "--from %s is after --to %s", a->from, a->to);
    return 0;
}

static json_t *filter_of(const query_args *a)
{
    json_t *filter = json_object();
    if (a->types)
        json_object_set(filter, "type", a->types);
    if (a->stances)
        json_object_set(filter, "stance", a->stances);
    if (a->from[0])
        json_object_set_new(filter, "from", json_string(a->from));
    if (a->to[0])
        json_object_set_new(filter, "to", json_string(a->to));
    return filter;
}

json_t *query_args_request(const query_args *a, const char *op, kerr *err)
{
    json_t *q = cmd_text(a->q.len ? a->q.data : "", "the search words", err);
    if (!q)
        return NULL;
    json_t *req = json_pack("{s:s, s:o}", "op", op, "q", q);
    if (a->limit)
        json_object_set_new(req, "limit", json_integer(a->limit));
    json_t *filter = filter_of(a);
    if (json_object_size(filter))
        json_object_set(req, "filter", filter);
    json_decref(filter);
    if (a->sort)
        json_object_set_new(req, "sort", json_string(a->sort));
    return req;
}
