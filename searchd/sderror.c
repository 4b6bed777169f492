#include "sderror.h"

#include <stdarg.h>
#include <stdio.h>

#include "utf8.h"

const char *sd_code_name(int code)
{
    static const char *const names[] = {"ok", "bad_request", "bad_query", "not_found",
                                        "too_large", "timeout", "busy", "internal",
                                        "unauthorized", "internal"};
    return code >= 0 && code <= SD_RETRY ? names[code] : "internal";
}

int sd_fail(sd_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    utf8_drop_broken(err->msg); /* a quoted value cut inside a character */
    return -1;
}

int sd_fail_nomem(sd_error *err)
{
    sd_nomem_note();
    return sd_fail(err, SD_BUSY, "%s", SD_NOMEM_MSG);
}
