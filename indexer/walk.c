#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "detect.h"

/* Folders nested deeper are not walked: links inside folders are not
 * followed, so only a loop of bind mounts goes this deep. */
#define DEPTH_MAX 64

typedef struct walker {
    kfiles *out;
    kwalk_report report;
} walker;

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

static int push_str(char ***list, size_t *n, const char *s)
{
    char **grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    *list = grown;
    char *copy = strdup(s);
    if (!copy)
        return -1;
    grown[(*n)++] = copy;
    return 0;
}

/* dir/name into buf; false when it does not fit. */
static bool join(char *buf, size_t n, const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    const char *sep = dl && dir[dl - 1] == '/' ? "" : "/";
    return snprintf(buf, n, "%s%s%s", dir, sep, name) < (int)n;
}

/* What cannot be read is a failure, and a place whose recorded files must
 * stay as they are: nothing says they are gone. */
static int unreadable(walker *w, const char *path, const char *real, const char *what)
{
    w->report(path, what, false);
    return push_str(&w->out->unread, &w->out->nunread, real);
}

static int unreadable_errno(walker *w, const char *path, const char *real, const char *what,
                            int errnum)
{
    char reason[256];
    snprintf(reason, sizeof reason, "%s: %s", what, strerror(errnum));
    return unreadable(w, path, real, reason);
}

static const char *kind_of(mode_t mode)
{
    if (S_ISLNK(mode))
        return "symbolic link (links inside folders are not followed)";
    if (S_ISFIFO(mode))
        return "a FIFO, not a regular file";
    if (S_ISSOCK(mode))
        return "a socket, not a regular file";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device, not a regular file";
    return "neither a regular file nor a folder";
}

static int walk_dir(walker *w, const char *dir, const char *real, int depth);

/* One entry of a folder, looked at with lstat only: a link is not
 * followed (it may loop) and a FIFO never opened (that would block). */
static int walk_entry(walker *w, const char *path, const char *real, int depth)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return unreadable_errno(w, path, real, "cannot stat", errno);
    if (S_ISDIR(st.st_mode))
        return walk_dir(w, path, real, depth + 1);
    if (S_ISREG(st.st_mode))
        return detect_by_name(path) ? push(w->out, path, real, false) : 0;
    char reason[128];
    snprintf(reason, sizeof reason, "skipped: %s", kind_of(st.st_mode));
    w->report(path, reason, true);
    return 0;
}

/* real is dir's canonical path: below a root nothing is a link, so a
 * child's real path is real/name without asking realpath(). */
static int walk_dir(walker *w, const char *dir, const char *real, int depth)
{
    if (depth > DEPTH_MAX)
        return unreadable(w, dir, real, "not walked: folders nested over 64 deep");
    DIR *d = opendir(dir);
    if (!d)
        return unreadable_errno(w, dir, real, "cannot read folder", errno);
    int rc = 0;
    while (rc == 0) {
        errno = 0; /* readdir() tells an error from the end only by errno */
        struct dirent *e = readdir(d);
        if (!e) {
            if (errno)
                rc = unreadable_errno(w, dir, real, "cannot read folder", errno);
            break;
        }
        if (e->d_name[0] == '.')
            continue;
        char path[PATH_MAX], child[PATH_MAX];
        if (join(path, sizeof path, dir, e->d_name) && join(child, sizeof child, real, e->d_name))
            rc = walk_entry(w, path, child, depth);
        else
            rc = unreadable(w, dir, real, "a name in this folder makes a path too long to open");
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

int walk_paths(kfiles *out, char *const *paths, size_t n, kwalk_report report)
{
    memset(out, 0, sizeof *out);
    walker w = {out, report};
    for (size_t i = 0; i < n; i++) {
        char real[PATH_MAX];
        struct stat st;
        if (stat(paths[i], &st) != 0 || !realpath(paths[i], real)) {
            report(paths[i], strerror(errno), false);
            continue;
        }
        char trimmed[PATH_MAX];
        snprintf(trimmed, sizeof trimmed, "%s", paths[i]);
        size_t tl = strlen(trimmed);
        while (tl > 1 && trimmed[tl - 1] == '/')
            trimmed[--tl] = '\0';
        int rc = push_str(&out->roots, &out->nroots, real);
        if (rc == 0 && S_ISDIR(st.st_mode))
            rc = walk_dir(&w, trimmed, real, 0);
        else if (rc == 0 && S_ISREG(st.st_mode))
            rc = push(out, trimmed, real, true);
        else if (rc == 0)
            report(paths[i], "not a regular file or folder", false);
        if (rc)
            return -1;
    }
    if (out->n)
        qsort(out->items, out->n, sizeof *out->items, by_real_path);
    drop_repeats(out);
    return 0;
}

static void free_strs(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

void walk_free(kfiles *files)
{
    for (size_t i = 0; i < files->n; i++) {
        free(files->items[i].path);
        free(files->items[i].real_path);
    }
    free(files->items);
    free_strs(files->roots, files->nroots);
    free_strs(files->unread, files->nunread);
    memset(files, 0, sizeof *files);
}

/* Is real_path prefix itself or below it? */
static bool below(const char *real_path, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(real_path, prefix, n) == 0 &&
           (real_path[n] == '\0' || real_path[n] == '/' || strcmp(prefix, "/") == 0);
}

bool walk_covers(const kfiles *files, const char *real_path)
{
    for (size_t i = 0; i < files->nunread; i++)
        if (below(real_path, files->unread[i]))
            return false;
    for (size_t i = 0; i < files->nroots; i++)
        if (below(real_path, files->roots[i]))
            return true;
    return false;
}
