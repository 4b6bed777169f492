/*
 * Fuzz target: the HTTP API's reading of a call (searchd/http_request.c):
 * GET's URL query or POST's body into the protocol's request, which then
 * runs through sd_handle over a real index as the workers run it.  The
 * input reads as a call: "GET op?query" or "POST op?query", then a newline
 * and, for POST, the body (the rest of the input, bytes as sent).
 */
#include <stdint.h>

#include "fuzz_input.h"
#include "fuzz_searchd.h"
#include "http_request.h"

static const char *const api_ops[] = {"search", "get", "suggest", "stats", "positions",
                                      "timeline", NULL};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_searchd_open();
    return 0;
}

/* The operation the call names, or NULL: the API serves only these. */
static const char *api_op(const char *name, size_t len)
{
    for (size_t i = 0; api_ops[i]; i++)
        if (strlen(api_ops[i]) == len && memcmp(name, api_ops[i], len) == 0)
            return api_ops[i];
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    const char *nl = memchr(in, '\n', size);
    size_t head_len = nl ? (size_t)(nl - in) : size;
    char *head = fuzz_cstring(in, head_len); /* the URL's part stops at a NUL, as libevent's does */
    if (!head)
        return 0;
    bool post = strncmp(head, "POST ", 5) == 0;
    const char *target = post ? head + 5 : strncmp(head, "GET ", 4) == 0 ? head + 4 : NULL;
    const char *op = target ? api_op(target, strcspn(target, "?")) : NULL;
    if (op) {
        const char *mark = strchr(target, '?');
        const char *body = nl ? nl + 1 : "";
        size_t body_len = nl ? size - head_len - 1 : 0;
        json_t *req = NULL;
        char msg[HTTP_REQUEST_MSG_MAX];
        if (http_request_read(op, post, mark ? mark + 1 : NULL, body, body_len, &req, msg) == 0) {
            char *line = json_dumps(req, JSON_COMPACT | JSON_SORT_KEYS);
            if (line)
                fuzz_handle(line, strlen(line), false);
            free(line);
            json_decref(req);
        }
    }
    free(head);
    return 0;
}
