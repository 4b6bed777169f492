/*
 * The manifest: an optional catalogue (schemas/manifest.rng) that supplies
 * or overrides metadata per file, for what extraction cannot know or gets
 * wrong:
 *
 *   <manifest xmlns="urn:kilde:manifest:1">
 *     <file path="horinger/meld-st-19.pdf" type="horingsinnspill"
 *           title="…" date="2024-05-03" url="https://…" id="…" lang="nb"/>
 *   </manifest>
 *
 * A loaded manifest is read-only, so threads may share it.
 */
#ifndef KILDE_MANIFEST_H
#define KILDE_MANIFEST_H

#include "document.h"
#include "kerr.h"

typedef struct kmanifest kmanifest;

/* Reads and validates the manifest at path into *out (free it with
 * manifest_free).  Entry paths are relative to the manifest's directory.
 * Errors name the file and, where there is one, the line:
 *   KERR_IO       "m.xml: No such file or directory" (or the schema is missing)
 *   KERR_FORMAT   "m.xml:3: Opening and ending tag mismatch: …"
 *   KERR_INVALID  "m.xml:7: Element file failed to validate attributes",
 *                 "m.xml:9: a.pdf is listed twice"
 *   KERR_TOOLARGE over 64 MiB. */
int manifest_load(kmanifest **out, const char *path, kerr *err);

/* Applies the entry for doc->path (matched by real path, so "./a.pdf" and
 * "dir/../a.pdf" find the same entry) over what extraction found: type
 * (and sets type_fixed), title, date (date_source KDATE_MANIFEST), url,
 * record_id and lang; attributes the entry lacks leave doc alone.  Returns
 * 1 when an entry matched, 0 when none did. */
int manifest_apply(const kmanifest *m, kdoc *doc);

/* The number of entries. */
size_t manifest_size(const kmanifest *m);

/* Accepts NULL. */
void manifest_free(kmanifest *m);

#endif
