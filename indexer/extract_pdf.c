/*
 * PDF extraction through poppler-glib, in process: the text of each page with
 * its printed label, and the document info (title, author, creation date).
 */
#include <glib.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "document.h"

/* One page's text is capped so a hostile file cannot exhaust memory. */
#define PDF_PAGE_TEXT_MAX (4u << 20)

static int pdf_open_error(GError *gerr, kerr *err)
{
    int code = KERR_FORMAT;
    if (gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED)
        code = KERR_ENCRYPTED;
    const char *why = code == KERR_ENCRYPTED ? "PDF is encrypted (needs a password)"
                                             : "not a readable PDF";
    kerr_set(err, code, "%s: %s", why, gerr->message ? gerr->message : "unknown error");
    g_error_free(gerr);
    return code;
}

static void read_info(kdoc *doc, PopplerDocument *pdf)
{
    gchar *title = poppler_document_get_title(pdf);
    if (title && *title)
        kdoc_set(&doc->title, title);
    g_free(title);

    gchar *author = poppler_document_get_author(pdf);
    if (author && *author)
        kdoc_set(&doc->pdf_author, author);
    g_free(author);

    GDateTime *created = poppler_document_get_creation_date_time(pdf);
    if (created) {
        gchar *iso = g_date_time_format(created, "%Y-%m-%d");
        kdoc_set(&doc->creation_date, iso);
        g_free(iso);
        g_date_time_unref(created);
    }
}

static int read_page(kdoc *doc, PopplerPage *page, int index)
{
    gchar *label = NULL;
    g_object_get(page, "label", &label, NULL);
    gchar *text = poppler_page_get_text(page);
    size_t len = text ? strlen(text) : 0;
    if (len > PDF_PAGE_TEXT_MAX) {
        kdoc_warn(doc, "page %d: text cut at %u bytes", index + 1, PDF_PAGE_TEXT_MAX);
        len = PDF_PAGE_TEXT_MAX;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--; /* never cut inside a UTF-8 sequence */
    }
    int rc = kdoc_add_page(doc, label, text ? text : "", len);
    g_free(label);
    g_free(text);
    return rc;
}

int extract_pdf(kdoc *doc, const unsigned char *data, size_t len, kerr *err)
{
    if (len < 5 || memcmp(data, "%PDF-", 5) != 0)
        return kerr_set(err, KERR_FORMAT, "not a PDF (no %%PDF- header)");

    GBytes *bytes = g_bytes_new_static(data, len);
    GError *gerr = NULL;
    PopplerDocument *pdf = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    if (!pdf) {
        g_bytes_unref(bytes);
        return pdf_open_error(gerr, err);
    }

    read_info(doc, pdf);
    int n = poppler_document_get_n_pages(pdf);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        PopplerPage *page = poppler_document_get_page(pdf, i);
        if (!page) {
            rc = kerr_set(err, KERR_FORMAT, "page %d of %d cannot be read", i + 1, n);
            break;
        }
        if (read_page(doc, page, i) < 0)
            rc = kerr_set(err, KERR_NOMEM, "out of memory on page %d", i + 1);
        g_object_unref(page);
    }
    g_object_unref(pdf);
    g_bytes_unref(bytes);
    if (rc == 0 && n == 0)
        rc = kerr_set(err, KERR_FORMAT, "PDF has no pages");
    doc->paged = true;
    return rc;
}
