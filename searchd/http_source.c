/*
 * /kilde/ID/pdf: the original file a unit came from, PDF or not (the name
 * says what readers click).  The file is found through the index by the
 * unit's id (the internal source operation: its XF term and the indexer's
 * record of the file), never from a path in the request, so nothing but
 * an indexed file can be reached.  It is streamed as it is on disk
 * (evbuffer_add_file), shown inline; an HTML or XML original is sandboxed
 * (Content-Security-Policy: sandbox), so its scripts never run as ours.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_internal.h"
#include "protocol.h"
#include "sderror.h"

#define MSG_MAX 400

static const char *type_of(const char *format)
{
    static const struct { const char *format, *type; } types[] = {
        {"pdf", "application/pdf"},
        {"html", "text/html; charset=utf-8"},
        {"xml", "application/xml"},
        {"text", "text/plain; charset=utf-8"},
        {"markdown", "text/plain; charset=utf-8"},
    };
    for (size_t i = 0; format && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(format, types[i].format) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* The record's path: "path", or the bytes of "path_hex" for a name that
 * is not UTF-8; malloc'd, NULL when there is none. */
static char *path_of(const json_t *reply)
{
    const char *path = json_string_value(json_object_get(reply, "path"));
    const char *hex = json_string_value(json_object_get(reply, "path_hex"));
    if (path)
        return strdup(path);
    size_t n = hex ? strlen(hex) / 2 : 0;
    char *out = hex ? malloc(n + 1) : NULL;
    for (size_t i = 0; out && i < n; i++) {
        unsigned byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1 || byte == 0) {
            free(out);
            return NULL;
        }
        out[i] = (char)byte;
    }
    if (out)
        out[n] = '\0';
    return out;
}

/* inline, with the file's own name (ASCII for old clients, UTF-8 in
 * filename*). */
static void disposition(http_exchange *ex, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char ascii[200];
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < sizeof ascii; p++)
        ascii[n++] = (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\') ? '_' : *p;
    ascii[n] = '\0';
    char *encoded = evhttp_uriencode(name, -1, 0);
    char value[900];
    snprintf(value, sizeof value, "inline; filename=\"%s\"%s%.600s", ascii,
             encoded ? "; filename*=UTF-8''" : "", encoded ? encoded : "");
    free(encoded);
    http_header(ex, "Content-Disposition", value);
}

/* Opens the file as a regular file, never following a link put in its
 * place nor blocking on a FIFO; -1 with errno, EISDIR-like for others. */
static int open_regular(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    return fd;
}

static void gone(http_exchange *ex, const char *unit, const char *path, int err)
{
    const char *slash = strrchr(path, '/');
    char msg[MSG_MAX];
    snprintf(msg, sizeof msg, "the file unit '%s' came from (%.120s) %s since it was indexed; "
             "run the indexer again to bring the index up to date", unit, slash ? slash + 1 : path,
             err == ENOENT ? "is gone: moved or deleted"
             : err == EINVAL || err == ELOOP ? "is no longer a regular file"
                                             : "can no longer be read");
    if (err == ENOENT || err == EINVAL || err == ELOOP)
        http_page_error(ex, 410, msg);
    else
        http_fail(ex, SD_INTERNAL, msg);
}

static void send_file(http_exchange *ex, const char *format, int fd, const struct stat *st)
{
    char tag[64];
    snprintf(tag, sizeof tag, "%llx-%llx-%llx", (unsigned long long)st->st_ino,
             (unsigned long long)st->st_size, (unsigned long long)st->st_mtime);
    http_header(ex, "Cache-Control", "no-cache");
    if (strcmp(format ? format : "", "pdf") != 0)
        http_header(ex, "Content-Security-Policy", "sandbox");
    if (http_tag_not_modified(ex, tag)) {
        close(fd);
        return;
    }
    struct evbuffer *body = evbuffer_new();
    /* the buffer takes the descriptor and closes it once written */
    if (!body || (st->st_size > 0 && evbuffer_add_file(body, fd, 0, st->st_size) != 0)) {
        if (body)
            evbuffer_free(body);
        close(fd);
        http_fail(ex, SD_BUSY, SD_NOMEM_MSG);
        return;
    }
    if (st->st_size == 0)
        close(fd);
    http_send(ex, 200, type_of(format), body);
    evbuffer_free(body);
}

static void on_source(http_exchange *ex, const sd_job *job)
{
    if (job->code != SD_OK) {
        http_fail_reply(ex, job);
        return;
    }
    json_t *reply = http_reply_json(job);
    const char *unit = json_string_value(json_object_get(reply, "unit"));
    const char *format = json_string_value(json_object_get(reply, "format"));
    char *path = reply ? path_of(reply) : NULL;
    struct stat st;
    int fd = path ? open_regular(path, &st) : -1;
    if (!path)
        http_fail(ex, SD_INTERNAL, "the index's record of the file names no path");
    else if (fd < 0)
        gone(ex, unit ? unit : "?", path, errno);
    else {
        disposition(ex, path);
        send_file(ex, format, fd, &st);
    }
    free(path);
    json_decref(reply);
}

void http_source(http_exchange *ex, const char *id)
{
    if (!http_valid_unit_id(id)) {
        char msg[MSG_MAX];
        snprintf(msg, sizeof msg, "'%.120s' is not a unit id (as b37db0b35496c229/4.2): an "
                 "original is found by the unit it holds, never by a path", id);
        http_fail(ex, SD_NOT_FOUND, msg);
        return;
    }
    json_t *req = json_pack("{s:s, s:s}", "op", "source", "unit", id);
    if (!req) {
        http_fail(ex, SD_BUSY, SD_NOMEM_MSG);
        return;
    }
    http_ask(ex, req, true, on_source);
    json_decref(req);
}
