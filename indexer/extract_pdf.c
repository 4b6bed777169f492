/*
 * PDF extraction through poppler-glib, in process: the text of each page with
 * its printed label, and the document info (title, author, creation date).
 */
#include <glib.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "document.h"
#include "pdf_doi.h"

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
    pdf_read_declared_doi(doc, pdf);
}

typedef struct line_pos {
    size_t start, end; /* byte range of the line in the page text */
    double top, bottom;
} line_pos;

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Byte ranges and vertical extent of each line, from the per-character
 * rectangles poppler gives in the order of the text's code points. */
static size_t measure_lines(const char *text, const PopplerRectangle *rects, guint nrects,
                            line_pos *lines, size_t max)
{
    size_t n = 0, cp = 0, i = 0, len = strlen(text);
    while (i <= len && n < max) {
        line_pos *l = &lines[n];
        l->start = i;
        l->top = 1e9;
        l->bottom = -1e9;
        while (i < len && text[i] != '\n') {
            if (cp < nrects) {
                const PopplerRectangle *r = &rects[cp];
                l->top = r->y1 < l->top ? r->y1 : l->top;
                l->bottom = r->y2 > l->bottom ? r->y2 : l->bottom;
            }
            i += (size_t)(g_utf8_next_char(text + i) - (text + i));
            cp++;
        }
        l->end = i;
        n++;
        i++;
        cp++; /* the newline has a rectangle too */
    }
    return n;
}

/* poppler's text has no blank lines; paragraphs show only as larger gaps
 * between lines.  Put a blank line wherever the gap is clearly larger than
 * the page's usual line spacing, so later stages see paragraphs. */
static gchar *mark_paragraphs(PopplerPage *page, gchar *text)
{
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    size_t nl = 1;
    for (const char *p = text; *p; p++)
        nl += *p == '\n';
    if (!poppler_page_get_text_layout(page, &rects, &nrects) || nl < 3) {
        g_free(rects);
        return text;
    }
    line_pos *lines = g_new(line_pos, nl);
    double *steps = g_new(double, nl);
    size_t n = measure_lines(text, rects, nrects, lines, nl), nsteps = 0;
    for (size_t k = 1; k < n; k++)
        if (lines[k].top < 1e8 && lines[k - 1].top < 1e8 && lines[k].top > lines[k - 1].top)
            steps[nsteps++] = lines[k].top - lines[k - 1].top;
    GString *out = g_string_sized_new(strlen(text) + n);
    if (nsteps >= 2) {
        qsort(steps, nsteps, sizeof *steps, by_double);
        double usual = steps[nsteps / 2];
        for (size_t k = 0; k < n; k++) {
            if (k > 0 && lines[k].top < 1e8 && lines[k - 1].top < 1e8 &&
                lines[k].top - lines[k - 1].top > usual * 1.45)
                g_string_append_c(out, '\n');
            g_string_append_len(out, text + lines[k].start, (gssize)(lines[k].end - lines[k].start));
            if (k + 1 < n)
                g_string_append_c(out, '\n');
        }
    } else
        g_string_append(out, text);
    g_free(lines);
    g_free(steps);
    g_free(rects);
    g_free(text);
    return g_string_free(out, FALSE);
}

static int read_page(kdoc *doc, PopplerPage *page, int index)
{
    gchar *label = NULL;
    g_object_get(page, "label", &label, NULL);
    gchar *text = poppler_page_get_text(page);
    if (text)
        text = mark_paragraphs(page, text);
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
