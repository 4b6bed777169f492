/*
 * What the protocol and HTTP targets share: one worker's context over a
 * real index of two corpus/ documents, built once per run with the
 * build's own indexer ($KILDE_BIN/indexer, as the socket tests build
 * theirs; bin/ when unset) into a temporary folder removed at exit.
 * Requests then run as a worker runs them: sd_handle on one line.
 */
#ifndef KILDE_FUZZ_SEARCHD_H
#define KILDE_FUZZ_SEARCHD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "protocol.h"
#include "tmpdir.h"

static const char *const fuzz_documents[] = {
    "corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html",
    "corpus/tidsskriftet-2020-utenforlandet-norge.html",
};

static sd_ctx fuzz_ctx;
static sd_config fuzz_cfg;
static kschema *fuzz_schema;
static ksynonyms *fuzz_synonyms;
static atomic_uint fuzz_generation;
static const char *fuzz_dbs[1];

static void fuzz_searchd_close(void)
{
    sd_ctx_close(&fuzz_ctx);
    sd_stats_free(fuzz_ctx.stats);
    ksynonyms_free(fuzz_synonyms);
    kschema_free(fuzz_schema);
    tmpdir_remove();
}

static void fuzz_build_index(const char *db)
{
    const char *bin = getenv("KILDE_BIN") ? getenv("KILDE_BIN") : "bin";
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s/indexer' --db '%s' %s %s >/dev/null 2>&1", bin, db,
             fuzz_documents[0], fuzz_documents[1]);
    if (system(cmd) != 0) {
        fprintf(stderr, "fuzz: cannot build the index (%s)\n", cmd);
        exit(1);
    }
}

/* Builds the index and opens the context; exits when either fails. */
static void fuzz_searchd_open(void)
{
    kerr err;
    kx_error x;
    if (tmpdir_make("/tmp/kilde-fuzz.XXXXXX") < 0)
        exit(1);
    fuzz_dbs[0] = strdup(at("db"));
    fuzz_build_index(fuzz_dbs[0]);
    if (kschema_load(&fuzz_schema, NULL, &err) ||
        ksynonyms_load(&fuzz_synonyms, "schemas/synonyms.conf", &err)) {
        fprintf(stderr, "fuzz: %s\n", err.msg);
        exit(1);
    }
    fuzz_cfg = (sd_config){.dbs = fuzz_dbs, .ndbs = 1, .workers = 1, .query_timeout = 5.0};
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
