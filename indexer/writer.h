/*
 * The one writer of an index: turns a document's units into Xapian
 * documents by the schema, keeps a record per source file (content hash,
 * units, fingerprint) in the index's metadata, and commits in batches.
 * A record and its units always land in the same commit, so a run killed at
 * any moment leaves an index that the next run completes.
 */
#ifndef KILDE_WRITER_H
#define KILDE_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "analyse.h"
#include "document.h"
#include "fingerprint.h"
#include "kerr.h"
#include "kinship.h"
#include "schema.h"
#include "unit.h"

typedef struct kwriter kwriter;

/* What the index remembers of one source file. */
typedef struct kfile_record {
    char path[4096];    /* the file's real path, byte for byte (perhaps not UTF-8) */
    char hash[65];      /* sha256 of its bytes */
    char doc_id[17];    /* the document it became (or duplicates) */
    char dup_of[4096];  /* the path of the file it duplicates, or "" */
    char format[16];    /* what kinship.c compares: format, */
    char doi[256];      /* declared DOI, */
    char date[11];      /* stated date ("" when unknown) */
    char family[17];    /* the collapse key: its own doc_id, or its family's */
    char version_of[17];/* the document it is a version of, or "" */
    unsigned units;
    unsigned pages;
    int analysis;       /* ANALYSIS_VERSION it was indexed with (0: before) */
} kfile_record;

/* What a file's units hold besides its bytes: raised whenever repair,
 * analysis or splitting change, so an upgraded indexer indexes unchanged
 * files again instead of keeping what the old one made of them.
 * 1: the first indexer; 2: repairs, compound parts, numbers, dates;
 * 3: PDF layout (columns, printed page numbers, footnotes, heading styles),
 *    line-end hyphens of names kept, lost ligatures joined over a space,
 *    only a declared DOI is an identity (a file dropped as the "duplicate"
 *    of an article it cited comes back), versions and families;
 * 4: positions (units of kind position, the XS stance term), the year a
 *    document speaks for (Y term, slot 1, period), a citation on every unit;
 * 5: the record keeps its fingerprint's low 16 bits a hash ("fp16") and
 *    no bands; kilde:lsh: metadata is gone (bands are held in memory). */
#define ANALYSIS_VERSION 5

/* Opens (creating) the index at db_path for writing.  Another writer gives
 * KERR_LOCKED; an index of another schema version KERR_SCHEMA. */
int writer_open(kwriter **out, const char *db_path, const kschema *schema, kerr *err);
void writer_close(kwriter *w);

/* The record for a real path; returns 1 when found, 0 when not. */
int writer_find_record(kwriter *w, const char *real_path, kfile_record *rec);

/* Calls fn for each recorded file (for removing those that are gone). */
int writer_each_record(kwriter *w, int (*fn)(const kfile_record *rec, void *arg), void *arg);

/* The indexed file that rec (its doc_id, format, doi, date filled) is kin
 * to: the same identity, the same text, or the closest version; returns 1
 * and fills out, or 0 when none is (out->kind KIN_NONE). */
int writer_find_kin(kwriter *w, const kfile_record *rec, const kfingerprint *fp, kkinship *out);

/* Replaces whatever the index held for this file with the document's
 * analysed units (or with a record saying it duplicates another file), and
 * adds their words to the spelling dictionary.  A file's changes join the
 * batch whole or not at all.  Returns 0; KERR_INVALID when this file
 * cannot be stored (a unit Xapian would refuse, no memory for the record):
 * nothing of it was written and the run may go on; any other code when
 * Xapian failed while writing: Xapian then keeps nothing uncommitted, so
 * the files written since the last commit are gone too and the run must
 * stop (the next run completes them). */
int writer_put_file(kwriter *w, const kfile_record *rec, const kanalysed *units,
                    const kfingerprint *fp, kerr *err);

/* Removes a file's units and record, whole or not at all; a failure is
 * Xapian's, as above. */
int writer_remove_file(kwriter *w, const char *real_path, kerr *err);

int writer_commit(kwriter *w, kerr *err);

/* When the index was empty at writer_open (a first, full build), replaces
 * it by a compacted copy (kx_db_compact: about half the size, same
 * documents and ids) in one atomic swap of folders; after it only
 * writer_close may be called.  Does nothing for an index that held
 * anything, whose updates keep Xapian's usual half-full blocks.  Call it
 * after the run's last commit. */
int writer_compact_fresh(kwriter *w, kerr *err);
/* Whether the index was empty at writer_open (and is not compacted yet). */
bool writer_fresh(const kwriter *w);

/* Records the run (run_record.h's JSON) under KSCHEMA_META_LAST_RUN,
 * replacing the last one; it reaches the disk with the next commit. */
int writer_set_last_run(kwriter *w, const char *json, kerr *err);

/* What the index holds now: documents (distinct document ids, so a
 * duplicate counts once) and units (Xapian documents). */
int writer_totals(kwriter *w, size_t *documents, size_t *units, kerr *err);

/* The document id for an identity string (DOI, record id or path). */
void writer_doc_id(const char *identity, char out[17]);

/* The boolean term that marks every unit from the file at real_path. */
void writer_file_term(const kschema *schema, const char *real_path, char *out, size_t n);

#endif
