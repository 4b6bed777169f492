#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "detect.h"

static int push(kfiles *out, const char *path, const char *real, bool explicit)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 64;
        kfile *items = realloc(out->items, cap * sizeof *items);
        if (!items)
            return -1;
        out->items = items;
        out->cap = cap;
    }
    kfile *f = &out->items[out->n];
    f->path = strdup(path);
    f->real_path = strdup(real);
    f->explicit = explicit;
    if (!f->path || !f->real_path)
        return -1;
    out->n++;
    return 0;
}

static int add_root(kfiles *out, const char *real)
{
    char **roots = realloc(out->roots, (out->nroots + 1) * sizeof *roots);
    if (!roots)
        return -1;
    out->roots = roots;
    return (out->roots[out->nroots++] = strdup(real)) ? 0 : -1;
}

static int walk_dir(kfiles *out, const char *dir, int depth)
{
    if (depth > 64)
        return 0; /* a loop of bind mounts; nothing real is this deep */
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[PATH_MAX], real[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
            continue;
        struct stat st;
        if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
            continue; /* links are followed only when named on the command line */
        if (S_ISDIR(st.st_mode))
            rc = walk_dir(out, path, depth + 1);
        else if (S_ISREG(st.st_mode) && detect_by_name(path) && realpath(path, real))
            rc = push(out, path, real, false);
    }
    closedir(d);
    return rc;
}

static int by_real_path(const void *a, const void *b)
{
    return strcmp(((const kfile *)a)->real_path, ((const kfile *)b)->real_path);
}

/* The same file named twice (corpus/ and corpus/x.pdf) is indexed once. */
static void drop_repeats(kfiles *out)
{
    size_t w = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (w > 0 && strcmp(out->items[w - 1].real_path, out->items[i].real_path) == 0) {
            out->items[w - 1].explicit |= out->items[i].explicit;
            free(out->items[i].path);
            free(out->items[i].real_path);
            continue;
        }
        out->items[w++] = out->items[i];
    }
    out->n = w;
}

int walk_paths(kfiles *out, char *const *paths, size_t n,
               void (*report)(const char *path, const char *reason))
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        char real[PATH_MAX];
        struct stat st;
        if (stat(paths[i], &st) != 0 || !realpath(paths[i], real)) {
            report(paths[i], strerror(errno));
            continue;
        }
        char trimmed[PATH_MAX];
        snprintf(trimmed, sizeof trimmed, "%s", paths[i]);
        size_t tl = strlen(trimmed);
        while (tl > 1 && trimmed[tl - 1] == '/')
            trimmed[--tl] = '\0';
        int rc = add_root(out, real);
        if (rc == 0 && S_ISDIR(st.st_mode))
            rc = walk_dir(out, trimmed, 0);
        else if (rc == 0 && S_ISREG(st.st_mode))
            rc = push(out, trimmed, real, true);
        else if (rc == 0)
            report(paths[i], "not a regular file or folder");
        if (rc)
            return -1;
    }
    if (out->n)
        qsort(out->items, out->n, sizeof *out->items, by_real_path);
    drop_repeats(out);
    return 0;
}

void walk_free(kfiles *files)
{
    for (size_t i = 0; i < files->n; i++) {
        free(files->items[i].path);
        free(files->items[i].real_path);
    }
    free(files->items);
    for (size_t i = 0; i < files->nroots; i++)
        free(files->roots[i]);
    free(files->roots);
    memset(files, 0, sizeof *files);
}

bool walk_covers(const kfiles *files, const char *real_path)
{
    for (size_t i = 0; i < files->nroots; i++) {
        size_t n = strlen(files->roots[i]);
        if (strncmp(real_path, files->roots[i], n) == 0 &&
            (real_path[n] == '\0' || real_path[n] == '/' || strcmp(files->roots[i], "/") == 0))
            return true;
    }
    return false;
}
