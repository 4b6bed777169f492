/* The progress line on a terminal: files, pages/s, ETA.  Nothing when piped. */
#ifndef KILDE_PROGRESS_H
#define KILDE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kprogress kprogress;

/* Returns NULL (and every call below does nothing) when !enabled. */
kprogress *progress_start(bool enabled, size_t total_files);
void progress_update(kprogress *pg, size_t files_done, size_t pages);
/* Clears the line and frees. */
void progress_finish(kprogress *pg);

#endif
