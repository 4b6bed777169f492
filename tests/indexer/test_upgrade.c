/* An index written by an older indexer (its file records name an older
 * ANALYSIS_VERSION) is brought up to date: the next run indexes unchanged
 * files again, once, so repairs and new terms reach them. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "kx.h"
#include "testhelp.h"
#include "writer.h"

static char dir[] = "/tmp/kilde-upgrade.XXXXXX";

static int run_indexer(char *out, size_t n)
{
    const char *bin = getenv("KILDE_BIN");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s/indexer --db %s/db tests/data/text 2>/dev/null",
             bin ? bin : "bin", dir);
    FILE *p = popen(cmd, "r");
    size_t got = p ? fread(out, 1, n - 1, p) : 0;
    out[got] = '\0';
    int status = p ? pclose(p) : -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

typedef struct aging {
    kx_db *db;
    int changed;
} aging;

/* Rewrites one file record as the first indexer wrote it: no "analysis". */
static int age_record(const char *key, void *arg)
{
    aging *a = arg;
    char *value = NULL;
    kx_error x;
    if (kx_db_get_metadata(a->db, &value, key, &x) != KX_OK)
        return 1;
    json_t *j = json_loads(value, 0, NULL);
    free(value);
    if (j && json_object_del(j, "analysis") == 0) {
        char *old = json_dumps(j, JSON_COMPACT);
        a->changed += kx_db_set_metadata(a->db, key, old, &x) == KX_OK;
        free(old);
    }
    json_decref(j);
    return 0;
}

TEST(older_records_are_indexed_again_once)
{
    char out[4096], db[128];
    snprintf(db, sizeof db, "%s/db", dir);
    CHECK_INT(run_indexer(out, sizeof out), 0);
    CHECK_INT(run_indexer(out, sizeof out), 0);
    CHECK_CONTAINS(out, " 0 indexed");

    aging a = {NULL, 0};
    kx_error x;
    CHECK_INT(kx_db_open(&a.db, db, KX_DB_CREATE_OR_OPEN, &x), KX_OK);
    kx_db_metadata_keys(a.db, "kilde:file:", age_record, &a, &x);
    kx_db_commit(a.db, &x);
    kx_db_close(a.db);
    CHECK(a.changed > 0);

    char expect[64];
    snprintf(expect, sizeof expect, " %d indexed, 0 unchanged", a.changed);
    CHECK_INT(run_indexer(out, sizeof out), 0);
    CHECK_CONTAINS(out, expect);
    CHECK_INT(run_indexer(out, sizeof out), 0);
    CHECK_CONTAINS(out, " 0 indexed");
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    RUN(older_records_are_indexed_again_once);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return TEST_REPORT();
}
