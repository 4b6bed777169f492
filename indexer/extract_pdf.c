/*
 * PDF extraction through poppler-glib, in process: each page laid out as a
 * reader reads it (pdf_layout.c), each line's role decided over the whole
 * document (pdf_roles.c), the number printed on each page (page_numbers.c),
 * and the document info (title, author, creation date).
 *
 * A page's text comes out in reading order with paragraph gaps as blank
 * lines; running headers, footers and page numbers are left out; headings
 * and footnotes carry their marks (marks.h).  A page poppler cannot read
 * costs only itself: it stays in the document, empty, with a warning.
 */
#include <glib.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "document.h"
#include "marks.h"
#include "pdf_doi.h"
#include "pdf_layout.h"
#include "pdf_roles.h"

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

/* ---- pages ------------------------------------------------------------------ */

typedef struct pdf_pages {
    pdf_page *pages;
    char **labels;  /* poppler's page labels */
    size_t n;
    int unreadable;
} pdf_pages;

static void pages_free(pdf_pages *pp)
{
    for (size_t i = 0; i < pp->n; i++) {
        pdf_page_free(&pp->pages[i]);
        g_free(pp->labels[i]);
    }
    g_free(pp->pages);
    g_free(pp->labels);
}

/* Lays out every page; a page poppler cannot give stays empty, with a
 * warning.  Returns 0, or -1 when memory runs out. */
static int read_pages(kdoc *doc, PopplerDocument *pdf, pdf_pages *pp)
{
    int n = poppler_document_get_n_pages(pdf);
    pp->n = n > 0 ? (size_t)n : 0;
    pp->pages = g_new0(pdf_page, pp->n + 1);
    pp->labels = g_new0(char *, pp->n + 1);
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(pdf, i);
        if (!page) {
            kdoc_warn(doc, "page %d of %d cannot be read; the others are indexed", i + 1, n);
            pp->unreadable++;
            continue;
        }
        g_object_get(page, "label", &pp->labels[i], NULL);
        int rc = pdf_layout_page(page, &pp->pages[i]);
        g_object_unref(page);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Does the document define its page labels?  poppler gives "1", "2", …
 * for a document that defines none. */
static bool labels_defined(const pdf_pages *pp, const unsigned char *data, size_t len)
{
    for (size_t i = 0; i < pp->n; i++) {
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        if (pp->labels[i] && *pp->labels[i] && strcmp(pp->labels[i], num) != 0)
            return true;
    }
    return g_strstr_len((const char *)data, (gssize)len, "/PageLabels") != NULL;
}

/* ---- text ------------------------------------------------------------------- */

/* A footnote's paragraph gap is not kept: the notes are set aside, and a
 * sentence running over the page must not look broken where they stood. */
static void put_line(kbuf *out, const pdf_line *l)
{
    if (l->para_before && out->len && l->role != PDF_FOOTNOTE)
        kbuf_putc(out, '\n');
    if (l->role == PDF_HEADING) {
        kbuf_putc(out, KMARK_HEADING);
        kbuf_putc(out, (char)('0' + (l->rank >= 1 && l->rank <= 9 ? l->rank : 9)));
    } else if (l->role == PDF_FOOTNOTE)
        kbuf_putc(out, KMARK_FOOTNOTE);
    kbuf_append(out, l->text, strlen(l->text));
    kbuf_putc(out, '\n');
}

static int add_page(kdoc *doc, const pdf_page *pg, const char *label, bool printed, size_t index)
{
    kbuf out;
    kbuf_init(&out, KBUF_NO_CAP);
    for (size_t i = 0; i < pg->nlines; i++) {
        if (pg->lines[i].role == PDF_FURNITURE)
            doc->furniture_lines++;
        else
            put_line(&out, &pg->lines[i]);
    }
    if (out.status)
        return kbuf_free(&out), -1;
    size_t len = out.len;
    while (len && out.data[len - 1] == '\n')
        len--;
    if (len > PDF_PAGE_TEXT_MAX) {
        kdoc_warn(doc, "page %zu: text cut at %u bytes", index + 1, PDF_PAGE_TEXT_MAX);
        len = PDF_PAGE_TEXT_MAX;
        while (len > 0 && ((unsigned char)out.data[len] & 0xC0) == 0x80)
            len--; /* never cut inside a UTF-8 sequence */
    }
    int rc = kdoc_add_page(doc, label, out.data ? out.data : "", len);
    if (rc == 0)
        doc->pages[doc->npages - 1].printed = printed;
    kbuf_free(&out);
    return rc;
}

/* The number a reader sees on page i: the one the page prints itself (a
 * damaged page tree can shift the PDF's labels; the print cannot be), else
 * the PDF's own label where the document defines labels, else its place in
 * a run of printed numbers; NULL when nothing tells. */
static const char *printed_label(const pdf_pages *pp, bool defined, char **read, const bool *own,
                                 size_t i)
{
    if (read[i] && own[i])
        return read[i];
    if (defined && pp->labels[i] && *pp->labels[i])
        return pp->labels[i];
    return read[i];
}

static int write_pages(kdoc *doc, pdf_pages *pp, const unsigned char *data, size_t len)
{
    bool defined = labels_defined(pp, data, len);
    char **read = g_new0(char *, pp->n + 1);
    bool *own = g_new0(bool, pp->n + 1);
    pdf_roles_page_numbers(pp->pages, pp->n, read, own);
    int rc = 0;
    for (size_t i = 0; i < pp->n && rc == 0; i++) {
        const char *label = printed_label(pp, defined, read, own, i);
        rc = add_page(doc, &pp->pages[i], label, label != NULL, i);
    }
    for (size_t i = 0; i < pp->n; i++)
        free(read[i]);
    g_free(read);
    g_free(own);
    return rc;
}

static bool has_sizes(const pdf_pages *pp)
{
    for (size_t i = 0; i < pp->n; i++)
        for (size_t k = 0; k < pp->pages[i].nlines; k++)
            if (pp->pages[i].lines[k].size > 0)
                return true;
    return false;
}

static int extract_layout(kdoc *doc, PopplerDocument *pdf, const unsigned char *data, size_t len,
                          kerr *err)
{
    pdf_pages pp = {0};
    int rc = read_pages(doc, pdf, &pp);
    if (rc == 0 && pp.n > 0 && pp.unreadable == (int)pp.n)
        rc = kerr_set(err, KERR_FORMAT, "none of its %zu pages can be read", pp.n);
    else if (rc < 0)
        rc = kerr_set(err, KERR_NOMEM, "out of memory laying out its pages");
    if (rc == 0) {
        pdf_outline outline;
        pdf_outline_read(pdf, &outline);
        pdf_roles_assign(pp.pages, pp.n, &outline);
        pdf_outline_free(&outline);
        doc->furniture_removed = has_sizes(&pp);
        kdoc_take(&doc->first_page_title, pdf_roles_title(pp.pages, pp.n));
        if (write_pages(doc, &pp, data, len) < 0)
            rc = kerr_set(err, KERR_NOMEM, "out of memory");
    }
    pages_free(&pp);
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
    int rc = poppler_document_get_n_pages(pdf) > 0
                 ? extract_layout(doc, pdf, data, len, err)
                 : kerr_set(err, KERR_FORMAT, "PDF has no pages");
    g_object_unref(pdf);
    g_bytes_unref(bytes);
    doc->paged = true;
    return rc;
}
