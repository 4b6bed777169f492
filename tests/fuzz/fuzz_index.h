/*
 * What the searchd targets share: a real index of two corpus/ documents,
 * built once per run with the build's own indexer ($KILDE_BIN/indexer, as
 * the socket tests build theirs; bin/ when unset) into a temporary folder
 * removed at exit, with the schema and synonyms, and the configuration of
 * a daemon with one worker over it.
 */
#ifndef KILDE_FUZZ_INDEX_H
#define KILDE_FUZZ_INDEX_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "schema.h"
#include "searchd.h"
#include "synonyms.h"
#include "tmpdir.h"

static const char *const fuzz_documents[] = {
    "corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html",
    "corpus/tidsskriftet-2020-utenforlandet-norge.html",
};

static sd_config fuzz_cfg;
static kschema *fuzz_schema;
static ksynonyms *fuzz_synonyms;
static const char *fuzz_dbs[1];

static inline void fuzz_index_close(void)
{
    ksynonyms_free(fuzz_synonyms);
    kschema_free(fuzz_schema);
    free((char *)fuzz_dbs[0]);
    tmpdir_remove();
}

static inline void fuzz_build_index(const char *db)
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

/* Builds the index, loads the schema and synonyms and sets fuzz_cfg for
 * one worker; exits when any of it fails.  The caller frees it all with
 * fuzz_index_close. */
static inline void fuzz_index_open(void)
{
    kerr err;
    if (tmpdir_make("/tmp/kilde-fuzz.XXXXXX") < 0)
        exit(1);
    fuzz_dbs[0] = strdup(at("db"));
    fuzz_build_index(fuzz_dbs[0]);
    /* the word lists, loaded now as searchd loads them at start (seconds
     * under the sanitizers), not by the first input, which would time out */
    if (klexicon_norwegian_check(&err) || kschema_load(&fuzz_schema, NULL, &err) ||
        ksynonyms_load(&fuzz_synonyms, "schemas/synonyms.conf", &err)) {
        fprintf(stderr, "fuzz: %s\n", err.msg);
        exit(1);
    }
    fuzz_cfg = (sd_config){.dbs = fuzz_dbs, .ndbs = 1, .workers = 1, .max_connections = 16,
                           .query_timeout = 5.0, .idle_timeout = 60};
}

#endif
