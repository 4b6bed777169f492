/*
 * Whether a file is the same document as one already indexed, a version
 * of it, or neither.  The same document is indexed once: the same declared
 * identity (DOI, record id), or the same text in another format.  Two
 * versions (a consultation response and its revision a year later) are
 * both indexed and recorded as one family, because a policy history needs
 * both; when in doubt a file is a version, never a copy, since a copy
 * taken for a version costs some units while a version taken for a copy
 * is lost.
 */
#ifndef KILDE_KINSHIP_H
#define KILDE_KINSHIP_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"

typedef enum {
    KIN_NONE,
    KIN_SAME_DOI,  /* declares the same DOI */
    KIN_SAME_ID,   /* a record or the manifest gives the same id */
    KIN_SAME_TEXT, /* the same text, in another format or copied */
    KIN_VERSION    /* much of the same text, but another version */
} kkin_kind;

/* What a document declares that tells copies from versions; "" or NULL
 * when unknown. */
typedef struct kkin_facts {
    const char *doi;
    const char *date;   /* a stated date only, never a PDF's creation date */
    const char *format;
} kkin_facts;

/* The indexed file a new one is kin to. */
typedef struct kkinship {
    kkin_kind kind;
    double similarity;  /* of the texts; 0 for a shared identity */
    bool other_format;
    char path[4096];    /* the other file's real path */
    char doc_id[17];    /* its document */
    char family[17];    /* its family: the collapse key both then share */
} kkinship;

/* Judges two documents of different identities by what they declare and
 * by their texts' estimated similarity (fingerprint.h). */
kkin_kind kinship_judge(const kkin_facts *mine, const kkin_facts *other, double similarity);

/* Whether candidate a is a better match than b: one document before a
 * version, then the more similar. */
bool kinship_better(const kkinship *a, const kkinship *b);

/* The note that reports the decision, naming the reason: "the same DOI
 * 10.4045/… as FILE; indexed once", "a version of FILE (similarity 0.72):
 * both indexed"; doc is the new document. */
void kinship_note(const kkinship *k, const kdoc *doc, char *out, size_t n);

/* The date of doc that may tell versions apart: one it states (text,
 * metadata, manifest), not the PDF's creation date; NULL when none. */
const char *kinship_stated_date(const kdoc *doc);

#endif
