/*
 * The document as it travels through the indexer's stages:
 *   extract_* fills pages and whatever metadata the format carries,
 *   clean strips page furniture and sets captions aside,
 *   metadata fills what is still unknown from the text,
 *   split turns it into units.
 * Every string is malloc'd UTF-8 owned by the document; NULL means unknown.
 */
#ifndef KILDE_DOCUMENT_H
#define KILDE_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "kerr.h"

typedef struct kpage {
    char *label;    /* the page number as printed ("iv", "12"); never NULL */
    bool printed;   /* false: no number is printed on the page and the document
                     * defines none, so label is only the page's place (1, 2, …) */
    char *text;     /* the page's text, lines separated by '\n'; lines may start
                     * with a mark (marks.h) */
} kpage;

typedef struct kauthor {
    char *name;
    char *role;     /* "President", "Kommunikasjonsavdelingen", … */
    char *email;
} kauthor;

/* A section the source itself declares (XML records, HTML headings). */
typedef struct ksection {
    char *number;   /* "4.2", or NULL */
    char *title;    /* heading text, or NULL for untitled body text */
    int level;      /* 1 = top; 0 when unknown */
    char *page_first; /* printed page labels, or NULL when the source gives none */
    char *page_last;
    char *text;
} ksection;

typedef enum {
    KDATE_NONE = 0,
    KDATE_TEXT,        /* stated in the document ("Publisert: 20. april 2026") */
    KDATE_META,        /* from the format's metadata (citation_publication_date, XML record) */
    KDATE_MANIFEST,    /* supplied by the manifest */
    KDATE_CREATION     /* the PDF's creation date: a fallback, flagged as such */
} kdate_source;

typedef struct kdoc {
    char *path;            /* as given on the command line, as UTF-8: each byte of a
                            * name that is not shown as U+FFFD (kdoc_init) */
    const char *format;    /* "pdf", "html", "text", "markdown", "xml" (static) */

    kpage *pages;          /* PDF: one per page; other formats: one page "1" */
    size_t npages;
    bool paged;            /* page numbers mean something (PDF, XML with pages) */

    ksection *sections;    /* set when the format itself gives structure */
    size_t nsections;

    char **captions;       /* photo captions set aside from the body */
    size_t ncaptions;

    kauthor *authors;
    size_t nauthors;

    char *title;
    char *date;            /* ISO 8601 YYYY-MM-DD */
    kdate_source date_source;
    int year;              /* the year it speaks for (period.h), 0 when unknown */
    const char *year_source; /* "title", "text", "session", "date" (static) */
    int period_from, period_to; /* the period it covers, 0 when none is named */
    char *doi;
    char *url;
    char *type;            /* "artikkel", "horingsinnspill", "arsmelding", "annet" */
    bool type_fixed;       /* set by the manifest or record: detection must not override */
    char *lang;            /* "nb" or "nn" */
    char *record_id;       /* identity given by an XML record or the manifest */
    char *lead;            /* an article's standfirst, when the format marks it */

    char *first_page_title; /* the title the first page shows (PDF layout): the
                             * title when the metadata gives none */
    bool furniture_removed; /* the extractor saw the layout and took out running
                             * headers, footers and page numbers itself */
    size_t furniture_lines; /* how many it took out */

    char *creation_date;   /* the PDF's own creation date, ISO; kept apart from date */
    char *pdf_author;      /* the PDF's Author entry */

    char **warnings;       /* things the user should hear about, not fatal */
    size_t nwarnings;

    /* words repair.c changed, as extracted and as indexed (each pair once),
     * so the original text stays known */
    char **repaired_from, **repaired_to;
    size_t nrepaired;      /* at most KDOC_REPAIRS_MAX kept */
} kdoc;

void kdoc_init(kdoc *doc, const char *path, const char *format);
void kdoc_free(kdoc *doc);

/* Appends a page; takes copies of label and text (text of len bytes). */
int kdoc_add_page(kdoc *doc, const char *label, const char *text, size_t len);
int kdoc_add_caption(kdoc *doc, const char *caption);
int kdoc_add_author(kdoc *doc, const char *name, const char *role, const char *email);
int kdoc_add_section(kdoc *doc, const char *number, const char *title, int level,
                     const char *page_first, const char *page_last, const char *text);
void kdoc_warn(kdoc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Records that `from` (n bytes) became `to` (m bytes), once per pair and
 * for the first KDOC_REPAIRS_MAX pairs (a wholly garbled text must not
 * make every unit's record long); -1 out of memory. */
#define KDOC_REPAIRS_MAX 500
int kdoc_add_repair(kdoc *doc, const char *from, size_t n, const char *to, size_t m);

/* Replaces *field with a copy of value (NULL allowed). */
void kdoc_set(char **field, const char *value);

/* Replaces *field with value itself, which the document then owns, when
 * value is not NULL; NULL (not found, or out of memory) leaves *field be. */
void kdoc_take(char **field, char *value);

/* The whole text, pages joined by "\n\f\n", without line marks; malloc'd. */
char *kdoc_text(const kdoc *doc);

/* Every extractor has this shape: read `len` bytes of `data` that came from
 * doc->path and fill `doc`.  On failure return a negative KERR_* and a reason
 * in err; the caller reports it as "path: extract: reason". */
typedef int (*extract_fn)(kdoc *doc, const unsigned char *data, size_t len, kerr *err);

int extract_pdf(kdoc *doc, const unsigned char *data, size_t len, kerr *err);
int extract_html(kdoc *doc, const unsigned char *data, size_t len, kerr *err);
int extract_text(kdoc *doc, const unsigned char *data, size_t len, kerr *err);
int extract_xml(kdoc *doc, const unsigned char *data, size_t len, kerr *err);

#endif
