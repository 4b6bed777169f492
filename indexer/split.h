/*
 * Splitting a cleaned document into units that keep their section number,
 * title, heading path and page range.  Numbered outlines ("4.2 Legeforeningens
 * arbeid med høringer") are found as the longest consistent chain of numbered
 * lines, so a numbered list inside a section does not become a heading.
 */
#ifndef KILDE_SPLIT_H
#define KILDE_SPLIT_H

#include <stddef.h>

#include "document.h"
#include "unit.h"

/* Units longer than max_chars are cut into parts at paragraph ends.  Gaps
 * in a numbered outline are warnings on doc. */
int split_document(kdoc *doc, size_t max_chars, kunits *out);

/* Exposed for tests: is b a plausible next heading number after a
 * ("2.6.2" → "2.7.1" yes, "1.2" → "1.2" no)?  NULL a means the first. */
int split_number_follows(const char *a, const char *b);

#endif
