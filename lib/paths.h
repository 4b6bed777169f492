/* Where kilde finds its data files at run time. */
#ifndef KILDE_PATHS_H
#define KILDE_PATHS_H

/* The schemas/ directory: $KILDE_SCHEMA_DIR, else ../schemas beside the
 * running executable (a build tree), else ../share/kilde/schemas (make
 * install).  Returns a static string; never NULL (falls back to "schemas"). */
const char *kilde_schema_dir(void);

/* Writes "<schema dir>/<name>" into buf (size n); returns buf. */
char *kilde_schema_file(char *buf, unsigned long n, const char *name);

#endif
