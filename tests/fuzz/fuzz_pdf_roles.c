/*
 * Fuzz target: the PDF's page-furniture, footnote and heading logic
 * (indexer/pdf_roles.c) fed with a laid-out document as pdf_layout.c makes
 * it from poppler's characters, without poppler: so the fuzzer moves
 * lines, sizes and weights directly rather than through a PDF's bytes.
 * The input is text, a record a line:
 *   P WIDTH HEIGHT COLUMNS          a new page
 *   L X1 Y1 X2 Y2 SIZE BOLD FLAGS TEXT
 *                                   a line of the page; FLAGS: m = starts
 *                                   with a note marker, p = paragraph before
 *   O LEVEL PAGE TITLE              an outline entry
 * Numbers a layout never holds (not finite, huge) are clamped, so what is
 * found is ours, not an impossible page.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "pdf_roles.h"

#define MAX_PAGES 64
#define MAX_LINES 400
#define COORD_MAX 20000.0

typedef struct layout {
    pdf_page pages[MAX_PAGES];
    size_t n;
    pdf_outline outline;
} layout;

static double clamped(double v)
{
    if (!isfinite(v))
        return 0;
    return v < -COORD_MAX ? -COORD_MAX : v > COORD_MAX ? COORD_MAX : v;
}

static void add_page(layout *d, const char *rec)
{
    double w = 595, h = 842;
    int columns = 1;
    if (d->n == MAX_PAGES)
        return;
    sscanf(rec, "%lf %lf %d", &w, &h, &columns);
    pdf_page *p = &d->pages[d->n++];
    *p = (pdf_page){clamped(w), clamped(h), NULL, 0, columns < 1 ? 1 : columns > 4 ? 4 : columns};
}

static void add_line(layout *d, const char *rec)
{
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0, size = 0, bold = 0;
    char flags[8] = "";
    int text_at = -1;
    if (d->n == 0 || sscanf(rec, "%lf %lf %lf %lf %lf %lf %7s %n", &x1, &y1, &x2, &y2, &size,
                            &bold, flags, &text_at) < 7 || text_at < 0)
        return;
    pdf_page *p = &d->pages[d->n - 1];
    if (p->nlines == MAX_LINES)
        return;
    pdf_line *grown = realloc(p->lines, (p->nlines + 1) * sizeof *grown);
    if (!grown)
        return;
    p->lines = grown;
    pdf_line *l = &p->lines[p->nlines++];
    *l = (pdf_line){.text = strdup(rec + text_at), .x1 = clamped(x1), .y1 = clamped(y1),
                    .x2 = clamped(x2), .y2 = clamped(y2), .right = clamped(x2),
                    .size = fabs(clamped(size)), .face = 1,
                    .bold = (float)(bold < 0 ? 0 : bold > 1 ? 1 : bold),
                    .marker_start = strchr(flags, 'm') != NULL,
                    .para_before = strchr(flags, 'p') != NULL};
    if (!l->text)
        p->nlines--;
}

static void add_outline(layout *d, const char *rec)
{
    int level = 1, page = -1, text_at = -1;
    if (sscanf(rec, "%d %d %n", &level, &page, &text_at) < 2 || text_at < 0)
        return;
    pdf_outline_add(&d->outline, rec + text_at, page < -1 ? -1 : page, level < 1 ? 1 : level);
}

static void read_layout(layout *d, char *text)
{
    for (char *rec = strtok(text, "\n"); rec; rec = strtok(NULL, "\n")) {
        if (rec[0] == 'P' && rec[1] == ' ')
            add_page(d, rec + 2);
        else if (rec[0] == 'L' && rec[1] == ' ')
            add_line(d, rec + 2);
        else if (rec[0] == 'O' && rec[1] == ' ')
            add_outline(d, rec + 2);
    }
}

/* With FUZZ_VERBOSE set: each line's role (B, H1…, F footnote, - furniture). */
static void show_roles(const layout *d)
{
    for (size_t i = 0; i < d->n; i++)
        for (size_t k = 0; k < d->pages[i].nlines; k++) {
            const pdf_line *l = &d->pages[i].lines[k];
            static const char *const roles[] = {"B", "H", "F", "-"};
            printf("%zu %s%d %.60s\n", i + 1, roles[l->role], l->rank, l->text);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static layout d;
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    memset(&d, 0, sizeof d);
    read_layout(&d, text);
    pdf_roles_assign(d.pages, d.n, &d.outline);
    if (getenv("FUZZ_VERBOSE"))
        show_roles(&d);
    free(pdf_roles_title(d.pages, d.n));
    pdf_roles_body_size(d.pages, d.n);
    char *labels[MAX_PAGES] = {0};
    bool own[MAX_PAGES] = {0};
    pdf_roles_page_numbers(d.pages, d.n, labels, own);
    for (size_t i = 0; i < d.n; i++) {
        free(labels[i]);
        pdf_page_free(&d.pages[i]);
    }
    pdf_outline_free(&d.outline);
    free(text);
    return 0;
}
