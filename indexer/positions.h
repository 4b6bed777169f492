/*
 * Positions: the sentences and list items in which Legeforeningen (or one of
 * its bodies) takes a stance — "Legeforeningen ber Stortinget: • Anmode
 * regjeringen om å …" (each item with its lead-in), "Legeforeningen mener
 * …", "I høringssvaret pekte Legeforeningen på …", and a heading that is
 * itself a demand ("Antall LIS1-stillinger må økes").  Each becomes a unit
 * of kind "position" beside the section it stands in, with its stance,
 * speaker, addressee and the matter it answers.  The rules are data, in
 * schemas/positions.conf, compiled once and shared by every thread.
 */
#ifndef KILDE_POSITIONS_H
#define KILDE_POSITIONS_H

#include "document.h"
#include "kerr.h"
#include "unit.h"

typedef struct kposrules kposrules;

/* path NULL means schemas/positions.conf. */
int positions_load(kposrules **out, const char *path, kerr *err);
void positions_free(kposrules *r);

/* Appends to units a position unit for each stance found in doc's section
 * units (after text repair).  Returns 0, or -1 when memory runs out. */
int positions_find(const kposrules *r, const kdoc *doc, kunits *units);

#endif
