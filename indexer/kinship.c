#include "kinship.h"

#include <stdio.h>
#include <strings.h>

#include "fingerprint.h"

static bool known(const char *s)
{
    return s && *s;
}

/* Both known and different: two documents, however alike their texts. */
static bool differ(const char *a, const char *b)
{
    return known(a) && known(b) && strcasecmp(a, b) != 0;
}

kkin_kind kinship_judge(const kkin_facts *mine, const kkin_facts *other, double similarity)
{
    if (similarity < FP_VERSION)
        return KIN_NONE;
    /* a new DOI or a new date says "another edition" more surely than a
     * few changed words can */
    if (differ(mine->doi, other->doi) || differ(mine->date, other->date))
        return KIN_VERSION;
    return similarity >= FP_SAME ? KIN_SAME_TEXT : KIN_VERSION;
}

static int rank(kkin_kind k)
{
    return k == KIN_NONE ? 0 : k == KIN_VERSION ? 1 : 2;
}

bool kinship_better(const kkinship *a, const kkinship *b)
{
    if (rank(a->kind) != rank(b->kind))
        return rank(a->kind) > rank(b->kind);
    return a->similarity > b->similarity;
}

void kinship_note(const kkinship *k, const kdoc *doc, char *out, size_t n)
{
    switch (k->kind) {
    case KIN_SAME_DOI:
        snprintf(out, n, "the same DOI %s as %s; indexed once", doc->doi ? doc->doi : "?",
                 k->path);
        break;
    case KIN_SAME_ID:
        snprintf(out, n, "the same record id %s as %s; indexed once",
                 doc->record_id ? doc->record_id : "?", k->path);
        break;
    case KIN_SAME_TEXT:
        snprintf(out, n, "the same text as %s%s (similarity %.2f); indexed once", k->path,
                 k->other_format ? " in another format" : "", k->similarity);
        break;
    case KIN_VERSION:
        snprintf(out, n, "a version of %s (similarity %.2f): both indexed", k->path,
                 k->similarity);
        break;
    case KIN_NONE:
        snprintf(out, n, "no other file");
        break;
    }
}

const char *kinship_stated_date(const kdoc *doc)
{
    bool stated = doc->date_source == KDATE_TEXT || doc->date_source == KDATE_META ||
                  doc->date_source == KDATE_MANIFEST;
    return stated ? doc->date : NULL;
}
