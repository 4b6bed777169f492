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
    char **unread;   /* canonical paths below the roots that could not be read: what */
    size_t nunread;  /* they hold is unknown, so none of it may be taken for removed */
} kfiles;

/* How the walk names what it could not list or chose to leave out.  A
 * failure (a path that does not exist, a folder or entry that cannot be
 * read) is the run's failure too; a warning (a link, FIFO, socket or device
 * inside a folder) only says what was skipped.  The reason reads after
 * "path: walk: ". */
typedef void (*kwalk_report)(const char *path, const char *reason, bool warning);

/* Lists regular files under each path (folders recursively, hidden entries
 * skipped, links inside folders not followed, nothing but regular files and
 * folders ever opened), sorted by real path so every run sees the same
 * order.  Everything left out is reported, except hidden entries and files
 * of formats not indexed.  Returns 0, or -1 when memory ran out. */
int walk_paths(kfiles *out, char *const *paths, size_t n, kwalk_report report);
void walk_free(kfiles *files);

/* Did this walk see real_path's place: is it one of the roots or below one
 * of them, and not below anything that could not be read? */
bool walk_covers(const kfiles *files, const char *real_path);

#endif
