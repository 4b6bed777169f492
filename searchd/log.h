/*
 * Logging to stderr, one line per call, written with a single write(2) so
 * lines from worker threads never interleave.  No state: whether a request
 * is logged is the caller's decision (sd_config.debug).
 */
#ifndef KILDE_SD_LOG_H
#define KILDE_SD_LOG_H

void sd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
