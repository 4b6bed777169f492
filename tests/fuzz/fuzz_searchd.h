/*
 * What the protocol and HTTP-request targets share: one worker's context
 * over the index of fuzz_index.h; requests run as a worker runs them,
 * sd_handle on one line (fuzz_daemon.h runs the whole daemon instead).
 */
#ifndef KILDE_FUZZ_SEARCHD_H
#define KILDE_FUZZ_SEARCHD_H

#include "fuzz_index.h"
#include "ops.h"
#include "protocol.h"

static sd_ctx fuzz_ctx;
static atomic_uint fuzz_generation;

static void fuzz_searchd_close(void)
{
    sd_ctx_close(&fuzz_ctx);
    sd_stats_free(fuzz_ctx.stats);
    fuzz_index_close();
}

/* The index and one worker's context over it; exits when either fails. */
static void fuzz_searchd_open(void)
{
    kx_error x;
    fuzz_index_open();
    atomic_init(&fuzz_generation, 0);
    fuzz_ctx = (sd_ctx){.cfg = &fuzz_cfg, .schema = fuzz_schema, .synonyms = fuzz_synonyms,
                        .stats = sd_stats_new(), .generation = &fuzz_generation};
    if (sd_ctx_open(&fuzz_ctx, &x)) {
        fprintf(stderr, "fuzz: cannot open the index: %s\n", x.message);
        exit(1);
    }
    atexit(fuzz_searchd_close);
}

/* One request line through the protocol, as a worker answers it; with
 * FUZZ_VERBOSE set, the reply is printed (to see what a seed reaches). */
static void fuzz_handle(const char *line, size_t len, bool internal)
{
    size_t reply_len = 0;
    sd_outcome out;
    char *reply = sd_handle(&fuzz_ctx, line, len, internal, &reply_len, &out);
    if (reply && getenv("FUZZ_VERBOSE"))
        printf("%.300s%s", reply, reply_len > 300 ? "…\n" : "");
    free(reply);
}

#endif
