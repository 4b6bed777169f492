/*
 * A time limit on each file, and crashes that cost only the file that
 * caused them.
 *
 * poppler and libxml2 run inside the indexer, on its threads; a hostile
 * file can make them loop for hours or crash, and a thread cannot be
 * stopped from outside.  So the run is made by a child process (this same
 * program, executed again), whose extraction threads note in shared memory
 * which file each is reading and since when.  The parent, the watcher,
 * kills a child that has read one file for longer than the limit, or finds
 * the file a crashed child was reading, and starts the run again with that
 * file left out.  The index is crash-safe (a killed run loses only what it
 * had not committed), so each new child resumes after its predecessor's last
 * commit; the files left out are reported by the run as failures.
 * (omindex's worker processes answer the same problem the same way.)
 */
#ifndef KILDE_WATCH_H
#define KILDE_WATCH_H

#include <stdbool.h>

typedef struct kwatch kwatch;

/* The default limit on reading one file, in seconds (--file-timeout). */
#define WATCH_DEFAULT_SECONDS 300

/* In the parent: runs the indexer's argv in watched children until one
 * ends of itself, and returns its exit status, or ends this process by the
 * signal that ended it.  Returns -1 when no child can be made (then the
 * caller runs unwatched, having said why on stderr). */
int watch_run(char **argv, unsigned limit_seconds);

/* In a watched child: the watch its parent made, or NULL when unwatched. */
kwatch *watch_attach(void);
void watch_detach(kwatch *w);

/* Whether the parent asks for one file at a time (to find which of several
 * files being read made the run crash). */
bool watch_one_at_a_time(const kwatch *w);

/* Extraction thread `slot` (0 .. WATCH_SLOTS-1) starts or ends reading
 * path.  Both do nothing on a NULL watch. */
#define WATCH_SLOTS 256
void watch_begin(kwatch *w, int slot, const char *path);
void watch_end(kwatch *w, int slot);

/* Why the watcher left path out of this run, or NULL when it did not. */
const char *watch_verdict(const kwatch *w, const char *path);

#endif
