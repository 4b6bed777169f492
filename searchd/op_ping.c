/* ping: is the daemon there, and which protocol does it speak. */
#include "ops.h"

int op_ping(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    (void)ctx;
    static const char *const none[] = {NULL};
    if (sd_check_fields(req, none, "ping", err))
        return -1;
    json_object_set_new(reply, "version", json_integer(SD_PROTOCOL_VERSION));
    json_object_set_new(reply, "server", json_string("kilde-searchd"));
    return 0;
}
