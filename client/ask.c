#include "ask.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cmd_usage_error(const char *command, const kerr *err)
{
    fprintf(stderr, "kilde %s: %s\n(kilde --help lists the commands and their options)\n",
            command, err->msg);
    return KILDE_EXIT_ERROR;
}

int cmd_finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "kilde: writing the output: %s\n", strerror(errno));
        return KILDE_EXIT_ERROR;
    }
    return status;
}

json_t *cmd_text(const char *s, const char *what, kerr *err)
{
    json_t *v = json_string(s);
    if (!v)
        kerr_set(err, KERR_INVALID, "%s is not valid UTF-8: '%s'", what, s);
    return v;
}

bool cmd_ask(const kclient *cl, json_t *req, bool json, kreply *r, int *status)
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
