/* auth on a connection that may already talk: the Unix socket, TCP without
 * --token-file, or TCP after a first auth (conn.c answers that one).  A
 * token given is still checked, so a client learns when it holds a wrong
 * one before it needs it elsewhere. */
#include "auth.h"
#include "ops.h"

int op_auth(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    static const char *const fields[] = {"token", NULL};
    if (sd_check_fields(req, fields, "auth", err))
        return -1;
    const json_t *given = json_object_get(req, "token");
    if (given && !json_is_string(given))
        return sd_fail(err, SD_BAD_REQUEST, "'token' must be a string");
    const char *token = ctx->cfg->token;
    if (token && given &&
        !sd_token_equal(token, json_string_value(given), json_string_length(given)))
        return sd_fail(err, SD_UNAUTHORIZED, "wrong token (searchd --token-file)");
    json_object_set_new(reply, "token_required", json_boolean(token != NULL));
    return 0;
}
