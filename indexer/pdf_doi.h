#ifndef KILDE_PDF_DOI_H
#define KILDE_PDF_DOI_H

#include <poppler.h>

#include "document.h"

/* Sets doc->doi from the PDF's XMP metadata or Subject when they declare one. */
void pdf_read_declared_doi(kdoc *doc, PopplerDocument *pdf);

#endif
