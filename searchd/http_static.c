/*
 * /static/NAME: the page's own files, from the binary (http_assets.h).
 * Each carries an ETag from its bytes' hash; browsers keep them
 * STATIC_MAX_AGE seconds, then ask again and get 304 while unchanged, so
 * a new build reaches them within that time.  The page shell (index.html)
 * is not among them: it is served filled in, on the page's routes.
 */
#include <stdio.h>
#include <string.h>

#include "http_assets.h"
#include "http_internal.h"
#include "protocol.h"
#include "sderror.h"

#define STATIC_MAX_AGE "max-age=300"

const sd_asset *sd_asset_find(const char *name)
{
    for (const sd_asset *a = sd_assets; a->name; a++)
        if (strcmp(a->name, name) == 0)
            return a;
    return NULL;
}

const char *sd_asset_type(const char *name)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

void http_static(http_exchange *ex, const char *name)
{
    const sd_asset *a = sd_asset_find(name);
    const char *dot = strrchr(name, '.');
    if (!a || (dot && strcmp(dot, ".html") == 0)) {
        char msg[200];
        snprintf(msg, sizeof msg, "no file '%.60s' among the page's own (/static/app.js, "
                 "style.css, icon.svg)", name);
        http_send_json_error(ex, SD_NOT_FOUND, msg);
        return;
    }
    http_header(ex, "Cache-Control", STATIC_MAX_AGE);
    if (http_tag_not_modified(ex, a->hash))
        return;
    struct evbuffer *body = evbuffer_new();
    if (body)
        evbuffer_add_reference(body, a->data, a->len, NULL, NULL); /* no copy: it is static */
    http_send(ex, 200, sd_asset_type(name), body);
    if (body)
        evbuffer_free(body);
}
