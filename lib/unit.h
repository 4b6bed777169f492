/*
 * A unit is what the index holds and a search returns: a citable piece of a
 * document ("document, section, page").  Its kind says what it is — a
 * section today; a consultation position later — so new kinds fit the same
 * index and protocol.
 */
#ifndef KILDE_UNIT_H
#define KILDE_UNIT_H

#include <stdbool.h>
#include <stddef.h>

#define KUNIT_KIND_SECTION "section"
#define KUNIT_KIND_POSITION "position"

/* The closed list of stances a position takes (docs/PROTOCOL.md), NULL-ended:
 * ber, krever, går_imot, støtter, anbefaler, mener. */
extern const char *const kunit_stances[];
bool kunit_is_stance(const char *name);

/* What a position unit says beside its quote (the unit's text). */
typedef struct kposition {
    char *stance;    /* one of the closed list in schemas/positions.conf */
    char *speaker;   /* "Legeforeningen", "Sentralstyret", … */
    char *addressee; /* "Stortinget", or NULL when none is named */
    char *matter;    /* "Meld. St. 19 (2023–2024)", or NULL */
    char *of;        /* the key of the section it stands in */
} kposition;

typedef struct kunit {
    const char *kind;     /* KUNIT_KIND_* (static) */
    char *key;            /* the section's key within its document: "4.2", "s3", "4.2~2" */
    char *number;         /* "4.2", or NULL for an unnumbered section */
    char *heading;        /* the section's title, or NULL */
    char **path;          /* headings from the top down to this one ("2 ARBEIDSVILKÅR …") */
    size_t npath;
    int part;             /* 0 for a whole section, else 1, 2, … for a long one cut up */
    int page_first;       /* physical page index (0-based), or -1 when not paged */
    int page_last;
    char *page_first_label; /* as printed, or NULL */
    char *page_last_label;
    bool pages_printed;   /* the labels are numbers printed on the pages, not
                           * just their places in the file */
    char *text;           /* cleaned text, heading included */
    char *captions;       /* captions within the unit, one per line, or NULL */
    char *footnotes;      /* footnotes at the foot of its pages, one per line, or NULL */
    int *page_at;         /* the physical page of each byte range of text: pairs of
                           * (offset, page), npage_at of them, or NULL */
    size_t npage_at;
    kposition position;   /* a position's stance and the rest; zero for a section */
} kunit;

typedef struct kunits {
    kunit *items;
    size_t n, cap;
} kunits;

/* Appends a zeroed unit (page_first/page_last -1) and returns it, or NULL. */
kunit *kunits_add(kunits *list);
void kunits_free(kunits *list);

#endif
