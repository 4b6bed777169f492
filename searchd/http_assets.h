/*
 * The page's own files (web/: index.html, app.js, style.css, icon.svg),
 * embedded in the binary at build time by tools/embed.c, so searchd needs
 * no folder of them at run time and serves exactly what it was built with.
 */
#ifndef KILDE_SD_HTTP_ASSETS_H
#define KILDE_SD_HTTP_ASSETS_H

#include <stddef.h>

typedef struct sd_asset {
    const char *name;           /* its base name: "app.js" */
    const unsigned char *data;
    size_t len;
    const char *hash;           /* 16 hex digits of its bytes' hash, for the ETag */
} sd_asset;

/* Made by the build (build/…/generated/web_assets.c); ends with a NULL name. */
extern const sd_asset sd_assets[];

/* The file called `name`, or NULL. */
const sd_asset *sd_asset_find(const char *name);

/* Its Content-Type, by the name's extension (application/octet-stream when
 * unknown). */
const char *sd_asset_type(const char *name);

#endif
