/* Turning the command line's paths into the sorted list of files to index. */
#ifndef KILDE_WALK_H
#define KILDE_WALK_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kfile {
    char *path;      /* as the user would recognise it: the argument, or dir/name below it */
    char *real_path; /* canonical, the key of the file's record in the index */
    bool explicit;   /* named on the command line (not found by walking a folder) */
} kfile;

typedef struct kfiles {
    kfile *items;
    size_t n, cap;
    char **roots;    /* canonical forms of the arguments, for finding removed files */
    size_t nroots;
} kfiles;

/* Lists regular files under each path (folders recursively, hidden entries
 * skipped), sorted by real path so every run sees the same order.  Paths
 * that do not exist are reported through report(path, reason) and skipped.
 * Returns 0, or -1 when memory ran out. */
int walk_paths(kfiles *out, char *const *paths, size_t n,
               void (*report)(const char *path, const char *reason));
void walk_free(kfiles *files);

/* Is real_path one of the roots or below one of them? */
bool walk_covers(const kfiles *files, const char *real_path);

#endif
