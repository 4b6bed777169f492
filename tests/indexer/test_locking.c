/* Two writers on one index: the second indexer gets a clear "locked" error
 * and exit status 2, and the index is unharmed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kx.h"
#include "schema.h"
#include "testhelp.h"
#include "writer.h"

static char dir[] = "/tmp/kilde-lock.XXXXXX";

static int run_indexer(char *out, size_t n)
{
    const char *bin = getenv("KILDE_BIN");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s/indexer --db %s/db tests/data/text 2>&1", bin ? bin : "bin", dir);
    FILE *p = popen(cmd, "r");
    size_t got = p ? fread(out, 1, n - 1, p) : 0;
    out[got] = '\0';
    int status = p ? pclose(p) : -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(second_indexer_is_told_the_index_is_locked)
{
    char db[128];
    snprintf(db, sizeof db, "%s/db", dir);
    kschema *schema = NULL;
    kerr err = {0};
    CHECK_INT(kschema_load(&schema, "schemas/index.json", &err), 0);
    kwriter *w = NULL;
    CHECK_INT(writer_open(&w, db, schema, &err), 0);

    char out[4096];
    CHECK_INT(run_indexer(out, sizeof out), 2);
    CHECK_CONTAINS(out, "is locked: another indexer is writing to it");
    CHECK_CONTAINS(out, db);

    /* a second writer in this process is refused the same way */
    kwriter *w2 = NULL;
    CHECK_INT(writer_open(&w2, db, schema, &err), KERR_LOCKED);
    CHECK_CONTAINS(err.msg, "locked");
    writer_close(w);

    /* once the first writer is gone the index is usable */
    CHECK_INT(run_indexer(out, sizeof out), 0);
    kschema_free(schema);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    RUN(second_indexer_is_told_the_index_is_locked);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return TEST_REPORT();
}
