/*
 * A fresh directory for one test binary's files, removed at the end:
 *
 *   if (tmpdir_make("/tmp/kilde-x.XXXXXX") < 0) return 1;
 *   ... at("db") is "<that directory>/db" ...
 *   tmpdir_remove();
 */
#ifndef KILDE_TMPDIR_H
#define KILDE_TMPDIR_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The directory, once tmpdir_make has made it. */
static char root[64];

/* Makes the directory from a mkdtemp() pattern (ending in XXXXXX).
 * Returns 0, or -1 with the reason on stderr. */
static inline int tmpdir_make(const char *pattern)
{
    snprintf(root, sizeof root, "%s", pattern);
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return -1;
    }
    return 0;
}

/* The directory's path joined with name, in a static rotating buffer so
 * several can be alive at once (four). */
static inline const char *at(const char *name)
{
    static char bufs[4][256];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s/%s", root, name);
    return b;
}

static inline int tmpdir_rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(p);
}

/* Removes the directory and all it holds. */
static inline void tmpdir_remove(void)
{
    nftw(root, tmpdir_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
