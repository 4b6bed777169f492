/*
 * Every allocation of a request failing in turn (sd_nomem_fail_after, the
 * seam of searchd/nomem.c): the reply is then either the very reply made
 * with memory to spare or `busy` saying memory ran out — never another
 * error, a reply cut short, or a crash; the sanitizer build checks that
 * no path leaks.  Over the two-document index of tests/fuzz/fuzz_index.h.
 * Xapian's own allocations are not reached here (they fail as bad_alloc,
 * KX_ENOMEM); tests/searchd/test_memory.py meets them under RLIMIT_AS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_searchd.h"
#include "sderror.h"
#include "testhelp.h"

#define WALK_MAX 20000 /* allocations a request may make before the walk gives up */

static char *handle(const char *line)
{
    size_t len = 0;
    sd_outcome out;
    return sd_handle(&fuzz_ctx, line, strlen(line), false, &len, &out);
}

/* Whether two replies say the same, took_ms aside. */
static bool same_reply(const char *a, const char *b)
{
    json_t *ja = json_loads(a, 0, NULL), *jb = json_loads(b, 0, NULL);
    json_object_del(ja, "took_ms");
    json_object_del(jb, "took_ms");
    bool same = ja && jb && json_equal(ja, jb);
    json_decref(ja);
    json_decref(jb);
    return same;
}

/* Fails the 1st, 2nd, … allocation of `line` until one run makes no
 * allocation fail; returns how many runs answered busy. */
static int walk(const char *line)
{
    char *whole = handle(line);
    CHECK(whole && strstr(whole, "\"ok\":true"));
    int busy = 0, n;
    for (n = 0; n < WALK_MAX; n++) {
        sd_nomem_fail_after(n);
        char *reply = handle(line);
        sd_nomem_fail_after(-1);
        if (reply && same_reply(reply, whole)) {
            free(reply);
            break; /* the nth allocation was past the request's last */
        }
        busy++;
        /* NULL: even the error reply could not be made (conn.c's static line) */
        if (reply) {
            CHECK_CONTAINS(reply, "\"code\":\"busy\"");
            CHECK_CONTAINS(reply, "out of memory");
        }
        free(reply);
    }
    CHECK(n < WALK_MAX);
    free(whole);
    return busy;
}

TEST(search_with_facets)
{
    int busy = walk("{\"op\":\"search\",\"q\":\"leg* medlemsmøter fremtidens\",\"limit\":20,"
                    "\"facets\":[\"type\",\"year\"],\"collapse\":true,\"id\":1}");
    printf("search: %d allocations failed in turn, each answered busy\n", busy);
    CHECK(busy > 10);
}

TEST(misspelled_search)
{
    CHECK(walk("{\"op\":\"search\",\"q\":\"utenforlande norgee\",\"id\":2}") > 5);
}

TEST(suggest_and_stats)
{
    CHECK(walk("{\"op\":\"suggest\",\"prefix\":\"le\",\"id\":3}") > 0);
    CHECK(walk("{\"op\":\"timeline\",\"q\":\"leger\",\"id\":4}") > 0);
}

TEST(after_the_walk)
{
    char *reply = handle("{\"op\":\"ping\",\"id\":5}");
    CHECK_CONTAINS(reply, "\"ok\":true");
    free(reply);
}

int main(void)
{
    (void)fuzz_handle; /* the fuzz targets' helper; this test keeps the replies */
    sd_nomem_init();
    fuzz_searchd_open();
    RUN(search_with_facets);
    RUN(misspelled_search);
    RUN(suggest_and_stats);
    RUN(after_the_walk);
    return TEST_REPORT();
}
