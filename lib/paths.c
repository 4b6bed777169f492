#include "paths.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char schema_dir[PATH_MAX] = "schemas";
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void find_schema_dir(void)
{
    const char *env = getenv("KILDE_SCHEMA_DIR");
    if (env && *env) {
        snprintf(schema_dir, sizeof schema_dir, "%s", env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    /* bin/indexer or build/san/tests/lib/test_kx: walk up until schemas/ appears. */
    char candidate[PATH_MAX + 32];
    for (int up = 0; up < 5; up++) {
        snprintf(candidate, sizeof candidate, "%s/schemas", exe);
        if (is_dir(candidate) && strlen(candidate) < sizeof schema_dir) {
            memcpy(schema_dir, candidate, strlen(candidate) + 1);
            return;
        }
        snprintf(candidate, sizeof candidate, "%s/share/kilde/schemas", exe);
        if (is_dir(candidate) && strlen(candidate) < sizeof schema_dir) {
            memcpy(schema_dir, candidate, strlen(candidate) + 1);
            return;
        }
        char *up_slash = strrchr(exe, '/');
        if (!up_slash || up_slash == exe)
            return;
        *up_slash = '\0';
    }
}

const char *kilde_schema_dir(void)
{
    pthread_once(&schema_once, find_schema_dir);
    return schema_dir;
}

char *kilde_schema_file(char *buf, unsigned long n, const char *name)
{
    snprintf(buf, n, "%s/%s", kilde_schema_dir(), name);
    return buf;
}
