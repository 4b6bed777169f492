/*
 * The DOI a PDF declares in its metadata: the XMP packet (prism:doi,
 * dc:identifier) first, then the info dictionary's Subject, where many
 * publishers write "Journal 2024; 144. doi:10.…".  Its own file, so the
 * PDF extractor only calls it (see doi.h for why a DOI in the text is not
 * enough).
 */
#include <glib.h>
#include <poppler.h>
#include <string.h>

#include "doi.h"
#include "pdf_doi.h"

void pdf_read_declared_doi(kdoc *doc, PopplerDocument *pdf)
{
    char doi[256];
    gchar *xmp = poppler_document_get_metadata(pdf);
    bool found = doi_from_xmp(xmp, doi, sizeof doi);
    g_free(xmp);
    if (!found) {
        gchar *subject = poppler_document_get_subject(pdf);
        found = subject && doi_citation_line(subject, strlen(subject), doi, sizeof doi);
        g_free(subject);
    }
    if (found)
        kdoc_set(&doc->doi, doi);
}
