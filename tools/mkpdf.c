/*
 * mkpdf — render a UTF-8 text file to a multi-page A4 PDF with pango + cairo,
 * keeping the input's own line breaks: one input line is one output line,
 * nothing is ever re-wrapped.  A form feed (\f) forces a page break.
 *
 * Used by tools/make-corpus.sh (the committed corpus/ PDFs) and by
 * tests/bench/gen-synthetic.sh (the benchmark corpus).
 *
 *   mkpdf [options] INPUT OUTPUT.pdf      (INPUT "-" reads stdin)
 *
 * Options:
 *   --title TEXT           PDF /Title
 *   --author TEXT          PDF /Author
 *   --subject TEXT         PDF /Subject
 *   --keywords TEXT        PDF /Keywords
 *   --creator TEXT         PDF /Creator (default "mkpdf")
 *   --created DATE         ISO 8601 creation date (YYYY-MM-DD[Thh:mm:ss[Z|+hh:mm]]);
 *                          default 2000-01-01T00:00:00Z so output is reproducible
 *   --modified DATE        modification date (default: the creation date)
 *   --header TEXT          running header at the top of every page
 *   --no-header-first[=LIST]
 *                          omit the header on these physical pages (comma
 *                          separated, 1-based; default "1")
 *   --footer FORMAT        running footer; %p = printed page label,
 *                          %n = total number of pages, %N = last arabic page
 *                          number, %% = a percent sign
 *   --lines-per-page N     automatic page break after N lines (default: as
 *                          many as fit)
 *   --roman-pages K        the first K pages are labelled i, ii, iii, … and
 *                          the rest 1, 2, 3, …; written as PDF page labels
 *   --page-labels          write PDF page labels even without --roman-pages
 *   --font FAMILY          font family (default "DejaVu Sans")
 *   --size PT              wanted body font size (default 9); shrunk for the
 *                          whole document if its longest line does not fit
 *   --min-size PT          fail instead of shrinking below this (default 5)
 *   --margin PT            page margins (default 45)
 *   --bold REGEX           body lines matching REGEX (GRegex) are set in bold
 *   --small REGEX          body lines matching REGEX are set smaller (footnotes,
 *                          link lists), at --small-scale × the body size
 *   --small-scale F        default 0.75
 *   --verbose              report font size, lines and pages on stderr
 *
 * (--no-header-first takes its list only as --no-header-first=1,3-4.)
 * Trailing blanks of a line are dropped; a \f alone on its line takes no
 * line of its own.  Invalid UTF-8 becomes U+FFFD (with a warning); U+FFFD is
 * drawn with DejaVu's own glyph and extracts back as U+FFFD.  Ligatures are
 * off, so the extracted text is the input text.  Only the default date is
 * fixed, nothing else varies: the same input and options give a
 * byte-identical PDF (cairo 1.16 writes no /ID and no other timestamp).
 */
#define _POSIX_C_SOURCE 200809L

#include <cairo-pdf.h>
#include <cairo.h>
#include <getopt.h>
#include <math.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276 /* A4 in points */
#define PAGE_H 841.890
#define DEFAULT_DATE "2000-01-01T00:00:00Z"

typedef struct {
    const char *text; /* points into the input buffer, NUL-terminated */
    gboolean bold, small;
} Line;

typedef struct {
    size_t first, count; /* range in the line array */
} Page;

typedef struct {
    const char *title, *author, *subject, *keywords, *creator;
    const char *created, *modified;
    const char *header, *no_header_list, *footer;
    const char *font, *bold_re, *small_re;
    int lines_per_page, roman_pages, page_labels, verbose;
    double size, min_size, margin, small_scale;
} Opts;

static void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("mkpdf: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void usage(FILE *f)
{
    fputs("usage: mkpdf [--title T] [--author A] [--subject S] [--keywords K]\n"
          "             [--creator C] [--created DATE] [--modified DATE]\n"
          "             [--header TEXT] [--no-header-first[=LIST]] [--footer FMT]\n"
          "             [--lines-per-page N] [--roman-pages K] [--page-labels]\n"
          "             [--font FAMILY] [--size PT] [--min-size PT] [--margin PT]\n"
          "             [--bold REGEX] [--small REGEX] [--small-scale F]\n"
          "             [--verbose] INPUT OUTPUT.pdf\n"
          "footer: %p page label, %n total pages, %N last arabic page, %% percent\n",
          f);
}

static double parse_double(const char *s, const char *what)
{
    char *end;
    double v = g_ascii_strtod(s, &end);
    if (end == s || *end || v <= 0)
        die("bad %s: %s", what, s);
    return v;
}

static int parse_int(const char *s, const char *what, int min)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < min || v > 1000000)
        die("bad %s: %s", what, s);
    return (int)v;
}

/* Accept YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]; cairo wants the long form. */
static char *normalise_date(const char *s)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || y < 1900 || mo < 1 ||
        mo > 12 || d < 1 || d > 31)
        die("bad date (want YYYY-MM-DD[Thh:mm[:ss]][Z|+hh:mm]): %s", s);
    const char *rest = s + n;
    if (*rest == 'T' || *rest == ' ') {
        int m = 0;
        if (sscanf(rest + 1, "%2d:%2d%n", &h, &mi, &m) != 2)
            die("bad time in date: %s", s);
        rest += 1 + m;
        if (*rest == ':') {
            if (sscanf(rest + 1, "%2d%n", &sec, &m) != 1)
                die("bad seconds in date: %s", s);
            rest += 1 + m;
        }
    }
    const char *tz = "Z";
    if (*rest) {
        int th, tm, m = 0;
        if (strcmp(rest, "Z") == 0)
            tz = "Z";
        else if ((rest[0] == '+' || rest[0] == '-') &&
                 sscanf(rest + 1, "%2d:%2d%n", &th, &tm, &m) == 2 && rest[1 + m] == '\0')
            tz = rest;
        else
            die("bad time zone in date: %s", s);
    }
    return g_strdup_printf("%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, h, mi, sec, tz);
}

static char *roman(int n)
{
    static const struct { int v; const char *s; } t[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
        {50, "l"},   {40, "xl"},  {10, "x"},  {9, "ix"},   {5, "v"},   {4, "iv"}, {1, "i"}};
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
        while (n >= t[i].v) {
            g_string_append(g, t[i].s);
            n -= t[i].v;
        }
    return g_string_free(g, FALSE);
}

static char *page_label(const Opts *o, int idx /* 0-based physical */)
{
    if (idx < o->roman_pages)
        return roman(idx + 1);
    return g_strdup_printf("%d", idx + 1 - o->roman_pages);
}

static char *expand_footer(const char *fmt, const char *label, int total, int last_arabic)
{
    GString *g = g_string_new(NULL);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || !p[1]) {
            g_string_append_c(g, *p);
            continue;
        }
        switch (*++p) {
        case 'p': g_string_append(g, label); break;
        case 'n': g_string_append_printf(g, "%d", total); break;
        case 'N': g_string_append_printf(g, "%d", last_arabic); break;
        case '%': g_string_append_c(g, '%'); break;
        default: g_string_append_c(g, '%'); g_string_append_c(g, *p); break;
        }
    }
    return g_string_free(g, FALSE);
}

static char *read_input(const char *path, size_t *len)
{
    GError *err = NULL;
    char *buf = NULL;
    gsize n = 0;
    if (strcmp(path, "-") == 0) {
        GString *g = g_string_new(NULL);
        char chunk[65536];
        size_t r;
        while ((r = fread(chunk, 1, sizeof chunk, stdin)) > 0)
            g_string_append_len(g, chunk, (gssize)r);
        if (ferror(stdin))
            die("cannot read stdin");
        n = g->len;
        buf = g_string_free(g, FALSE);
    } else if (!g_file_get_contents(path, &buf, &n, &err)) {
        die("%s", err->message);
    }
    if (!g_utf8_validate(buf, (gssize)n, NULL)) {
        fprintf(stderr, "mkpdf: %s: invalid UTF-8 replaced by U+FFFD\n", path);
        char *fixed = g_utf8_make_valid(buf, (gssize)n);
        g_free(buf);
        buf = fixed;
        n = strlen(buf);
    } else if (memchr(buf, '\0', n)) {
        die("%s: contains NUL bytes", path);
    }
    *len = n;
    return buf;
}

/* Split into lines and pages.  Lines are cut at \n (a preceding \r is
 * dropped, trailing blanks are dropped); \f ends the page: text before it on
 * the same line stays on the old page, text after it starts the new page, and
 * a \f alone on its line takes no line of its own.  Pages also end after
 * lines_per_page lines when that is set. */
static void paginate(char *buf, size_t len, int lines_per_page, GArray *lines, GArray *pages)
{
    Page cur = {0, 0};
    char *p = buf, *end = buf + len;
    gboolean line_has_ff = FALSE; /* the current input line already broke a page */

    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        char *ff = memchr(p, '\f', (size_t)(stop - p));
        char *seg_end = ff ? ff : stop;
        /* text of this segment */
        char *e = seg_end;
        while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            e--;
        gboolean emit = !(ff && e == p) && !(line_has_ff && !ff && e == p);
        /* A segment is emitted unless it is empty and sits next to a \f. */
        if (emit) {
            if (lines_per_page > 0 && cur.count == (size_t)lines_per_page) {
                g_array_append_val(pages, cur);
                cur.first = lines->len;
                cur.count = 0;
            }
            *e = '\0';
            Line l = {p, FALSE, FALSE};
            g_array_append_val(lines, l);
            cur.count++;
        }
        if (ff) {
            g_array_append_val(pages, cur); /* may be empty: \f\f is a blank page */
            cur.first = lines->len;
            cur.count = 0;
            line_has_ff = TRUE;
            p = ff + 1;
            continue;
        }
        line_has_ff = FALSE;
        p = nl ? nl + 1 : end;
    }
    if (cur.count > 0 || pages->len == 0)
        g_array_append_val(pages, cur);
}

static PangoContext *make_context(PangoFontMap *fm, cairo_t *cr)
{
    PangoContext *ctx = cr ? pango_cairo_create_context(cr)
                           : pango_font_map_create_context(fm);
    cairo_font_options_t *fo = cairo_font_options_create();
    /* Unhinted metrics: widths scale linearly with the size and do not
     * depend on the device, so measuring and drawing agree. */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, fo);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    cairo_font_options_destroy(fo);
    return ctx;
}

static PangoLayout *make_layout(PangoContext *ctx, const char *family, double size, gboolean bold)
{
    PangoLayout *lay = pango_layout_new(ctx);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(lay, -1); /* never wrap */
    pango_layout_set_single_paragraph_mode(lay, TRUE);
    /* One glyph per character: no fi/fl ligatures, so the text poppler
     * extracts is exactly the input text. */
    PangoAttrList *al = pango_attr_list_new();
    pango_attr_list_insert(al, pango_attr_font_features_new("liga=0, clig=0, dlig=0"));
    pango_layout_set_attributes(lay, al);
    pango_attr_list_unref(al);
    return lay;
}

static double line_width(PangoLayout *lay, const char *text)
{
    PangoRectangle ink, logical;
    pango_layout_set_text(lay, text, -1);
    pango_layout_get_extents(lay, &ink, &logical);
    double w = (double)logical.width / PANGO_SCALE;
    double iw = (double)(ink.x + ink.width) / PANGO_SCALE;
    return w > iw ? w : iw;
}

static gboolean in_list(const char *list, int page /* 1-based */)
{
    if (!list)
        return FALSE;
    char **parts = g_strsplit(list, ",", -1);
    gboolean hit = FALSE;
    for (char **q = parts; *q && !hit; q++) {
        int a, b, n = 0;
        char *s = g_strstrip(*q);
        if (sscanf(s, "%d-%d%n", &a, &b, &n) == 2 && s[n] == '\0')
            hit = page >= a && page <= b;
        else if (sscanf(s, "%d%n", &a, &n) == 1 && s[n] == '\0')
            hit = page == a;
        else
            die("bad page list: %s", list);
    }
    g_strfreev(parts);
    return hit;
}

static void show_at(cairo_t *cr, PangoLayout *lay, const char *text, double x, double baseline,
                    int align /* -1 left, 0 centre, 1 right */, double right)
{
    pango_layout_set_text(lay, text, -1);
    double bl = (double)pango_layout_get_baseline(lay) / PANGO_SCALE;
    if (align != -1) {
        PangoRectangle logical;
        pango_layout_get_extents(lay, NULL, &logical);
        double w = (double)logical.width / PANGO_SCALE;
        x = align == 0 ? x + (right - x - w) / 2 : right - w;
    }
    cairo_move_to(cr, x, baseline - bl);
    pango_cairo_show_layout(cr, lay);
}

int main(int argc, char **argv)
{
    Opts o = {.creator = "mkpdf", .font = "DejaVu Sans", .size = 9.0, .min_size = 5.0,
              .margin = 45.0, .small_scale = 0.75};
    enum { O_TITLE = 256, O_AUTHOR, O_SUBJECT, O_KEYWORDS, O_CREATOR, O_CREATED, O_MODIFIED,
           O_HEADER, O_NOHEAD, O_FOOTER, O_LPP, O_ROMAN, O_LABELS, O_FONT, O_SIZE, O_MINSIZE,
           O_MARGIN, O_BOLD, O_SMALL, O_SSCALE, O_VERBOSE, O_HELP };
    static const struct option longopts[] = {
        {"title", required_argument, NULL, O_TITLE},
        {"author", required_argument, NULL, O_AUTHOR},
        {"subject", required_argument, NULL, O_SUBJECT},
        {"keywords", required_argument, NULL, O_KEYWORDS},
        {"creator", required_argument, NULL, O_CREATOR},
        {"created", required_argument, NULL, O_CREATED},
        {"modified", required_argument, NULL, O_MODIFIED},
        {"header", required_argument, NULL, O_HEADER},
        {"no-header-first", optional_argument, NULL, O_NOHEAD},
        {"footer", required_argument, NULL, O_FOOTER},
        {"lines-per-page", required_argument, NULL, O_LPP},
        {"roman-pages", required_argument, NULL, O_ROMAN},
        {"page-labels", no_argument, NULL, O_LABELS},
        {"font", required_argument, NULL, O_FONT},
        {"size", required_argument, NULL, O_SIZE},
        {"min-size", required_argument, NULL, O_MINSIZE},
        {"margin", required_argument, NULL, O_MARGIN},
        {"bold", required_argument, NULL, O_BOLD},
        {"small", required_argument, NULL, O_SMALL},
        {"small-scale", required_argument, NULL, O_SSCALE},
        {"verbose", no_argument, NULL, O_VERBOSE},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
        switch (c) {
        case O_TITLE: o.title = optarg; break;
        case O_AUTHOR: o.author = optarg; break;
        case O_SUBJECT: o.subject = optarg; break;
        case O_KEYWORDS: o.keywords = optarg; break;
        case O_CREATOR: o.creator = optarg; break;
        case O_CREATED: o.created = optarg; break;
        case O_MODIFIED: o.modified = optarg; break;
        case O_HEADER: o.header = optarg; break;
        case O_NOHEAD: o.no_header_list = optarg ? optarg : "1"; break;
        case O_FOOTER: o.footer = optarg; break;
        case O_LPP: o.lines_per_page = parse_int(optarg, "--lines-per-page", 1); break;
        case O_ROMAN: o.roman_pages = parse_int(optarg, "--roman-pages", 0); break;
        case O_LABELS: o.page_labels = 1; break;
        case O_FONT: o.font = optarg; break;
        case O_SIZE: o.size = parse_double(optarg, "--size"); break;
        case O_MINSIZE: o.min_size = parse_double(optarg, "--min-size"); break;
        case O_MARGIN: o.margin = parse_double(optarg, "--margin"); break;
        case O_BOLD: o.bold_re = optarg; break;
        case O_SMALL: o.small_re = optarg; break;
        case O_SSCALE:
            o.small_scale = parse_double(optarg, "--small-scale");
            if (o.small_scale > 1)
                die("--small-scale must be at most 1");
            break;
        case 'v':
        case O_VERBOSE: o.verbose = 1; break;
        case O_HELP: usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return 2;
    }
    const char *in_path = argv[optind], *out_path = argv[optind + 1];
    if (o.margin * 2 + 20 > PAGE_W)
        die("margin too large");

    char *created = normalise_date(o.created ? o.created : DEFAULT_DATE);
    char *modified = o.modified ? normalise_date(o.modified) : g_strdup(created);

    size_t len;
    char *buf = read_input(in_path, &len);
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(Line));
    GArray *pages = g_array_new(FALSE, FALSE, sizeof(Page));
    paginate(buf, len, o.lines_per_page, lines, pages);

    for (int which = 0; which < 2; which++) {
        const char *pat = which ? o.small_re : o.bold_re;
        if (!pat)
            continue;
        GError *err = NULL;
        GRegex *re = g_regex_new(pat, G_REGEX_OPTIMIZE, 0, &err);
        if (!re)
            die("--%s: %s", which ? "small" : "bold", err->message);
        for (guint i = 0; i < lines->len; i++) {
            Line *l = &g_array_index(lines, Line, i);
            if (g_regex_match(re, l->text, 0, NULL)) {
                if (which)
                    l->small = TRUE;
                else
                    l->bold = TRUE;
            }
        }
        g_regex_unref(re);
    }

    /* Geometry. */
    const double text_w = PAGE_W - 2 * o.margin;
    const double body_top = o.margin, body_h = PAGE_H - 2 * o.margin;

    /* Font size: the wanted size unless the widest line does not fit. */
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    PangoContext *mctx = make_context(fm, NULL);
    const double ref = 10.0;
    PangoLayout *mreg = make_layout(mctx, o.font, ref, FALSE);
    PangoLayout *mbold = make_layout(mctx, o.font, ref, TRUE);
    double widest = 0;
    guint widest_line = 0;
    for (guint i = 0; i < lines->len; i++) {
        const Line *l = &g_array_index(lines, Line, i);
        double w = line_width(l->bold ? mbold : mreg, l->text) * (l->small ? o.small_scale : 1);
        if (w > widest) {
            widest = w;
            widest_line = i;
        }
    }
    double size = o.size;
    if (widest * size / ref > text_w) {
        size = floor(text_w / widest * ref * 20.0) / 20.0; /* 0.05 pt steps */
        /* Confirm at the real size (kerning, rounding). */
        for (;;) {
            const Line *l = &g_array_index(lines, Line, widest_line);
            PangoLayout *t = make_layout(mctx, o.font, size * (l->small ? o.small_scale : 1),
                                         l->bold);
            double w = line_width(t, l->text);
            g_object_unref(t);
            if (w <= text_w)
                break;
            size -= 0.05;
        }
        if (size < o.min_size)
            die("%s: widest line (%u) needs %.2f pt, below --min-size %.2f", in_path,
                widest_line + 1, size, o.min_size);
        if (o.verbose)
            fprintf(stderr, "mkpdf: %s: font shrunk from %.2f to %.2f pt to fit line %u\n",
                    in_path, o.size, size, widest_line + 1);
    }
    g_object_unref(mreg);
    g_object_unref(mbold);
    g_object_unref(mctx);

    /* Leading: 1.3 × size by default; with a fixed number of lines per page
     * spread them over the page (up to 1.6 × size), never below 1.15 ×. */
    size_t max_lines = 0;
    for (guint i = 0; i < pages->len; i++) {
        const Page *pg = &g_array_index(pages, Page, i);
        if (pg->count > max_lines)
            max_lines = pg->count;
    }
    double leading = size * 1.3;
    if (o.lines_per_page > 0) {
        leading = body_h / o.lines_per_page;
        if (leading > size * 1.6)
            leading = size * 1.6;
    }
    if (max_lines > 0 && leading * (double)max_lines > body_h)
        leading = body_h / (double)max_lines;
    if (leading < size * 1.15) {
        /* Too many lines for one page and no --lines-per-page: break pages
         * automatically at what fits rather than squeezing the lines. */
        if (o.lines_per_page > 0)
            die("--lines-per-page %d does not fit at %.2f pt", o.lines_per_page, size);
        int fit = (int)(body_h / (size * 1.3));
        GArray *np = g_array_new(FALSE, FALSE, sizeof(Page));
        for (guint i = 0; i < pages->len; i++) {
            Page pg = g_array_index(pages, Page, i);
            do {
                Page part = {pg.first, pg.count < (size_t)fit ? pg.count : (size_t)fit};
                g_array_append_val(np, part);
                pg.first += part.count;
                pg.count -= part.count;
            } while (pg.count > 0);
        }
        g_array_free(pages, TRUE);
        pages = np;
        leading = size * 1.3;
    }

    const int total = (int)pages->len;
    const int last_arabic = total - o.roman_pages > 0 ? total - o.roman_pages : 0;
    if (o.roman_pages > total)
        fprintf(stderr, "mkpdf: warning: --roman-pages %d but only %d pages\n", o.roman_pages,
                total);

    /* Render. */
    cairo_surface_t *surf = cairo_pdf_surface_create(out_path, PAGE_W, PAGE_H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
        die("%s: %s", out_path, cairo_status_to_string(cairo_surface_status(surf)));
    cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
    if (o.title)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, o.title);
    if (o.author)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, o.author);
    if (o.subject)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, o.subject);
    if (o.keywords)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS, o.keywords);
    if (o.creator)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, o.creator);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, created);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, modified);

    cairo_t *cr = cairo_create(surf);
    PangoContext *ctx = make_context(fm, cr);
    PangoLayout *reg = make_layout(ctx, o.font, size, FALSE);
    PangoLayout *bold = make_layout(ctx, o.font, size, TRUE);
    PangoLayout *sreg = make_layout(ctx, o.font, size * o.small_scale, FALSE);
    PangoLayout *sbold = make_layout(ctx, o.font, size * o.small_scale, TRUE);
    double small = size * 0.85 < 8.0 ? size * 0.85 : 8.0;
    PangoLayout *furn = make_layout(ctx, o.font, small, FALSE);

    /* First baseline sits one ascent below the top margin. */
    pango_layout_set_text(reg, "Åg", -1);
    double ascent = (double)pango_layout_get_baseline(reg) / PANGO_SCALE;
    int with_labels = o.roman_pages > 0 || o.page_labels;

    for (int pi = 0; pi < total; pi++) {
        const Page *pg = &g_array_index(pages, Page, pi);
        char *label = page_label(&o, pi);
        if (with_labels)
            cairo_pdf_surface_set_page_label(surf, label);

        /* Content order: header, body, footer (as word processors emit it). */
        if (o.header && !in_list(o.no_header_list, pi + 1)) {
            cairo_set_source_rgb(cr, 0.30, 0.30, 0.30);
            show_at(cr, furn, o.header, o.margin, o.margin - 16, -1, 0);
            cairo_set_line_width(cr, 0.4);
            cairo_move_to(cr, o.margin, o.margin - 11);
            cairo_line_to(cr, PAGE_W - o.margin, o.margin - 11);
            cairo_stroke(cr);
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
        for (size_t k = 0; k < pg->count; k++) {
            const Line *l = &g_array_index(lines, Line, pg->first + k);
            if (!l->text[0])
                continue;
            PangoLayout *lay = l->small ? (l->bold ? sbold : sreg) : (l->bold ? bold : reg);
            show_at(cr, lay, l->text, o.margin,
                    body_top + ascent + (double)k * leading, -1, 0);
        }
        if (o.footer) {
            char *f = expand_footer(o.footer, label, total, last_arabic);
            cairo_set_source_rgb(cr, 0.30, 0.30, 0.30);
            show_at(cr, furn, f, o.margin, PAGE_H - o.margin + 24, 0, PAGE_W - o.margin);
            g_free(f);
        }
        g_free(label);
        cairo_show_page(cr);
    }

    g_object_unref(reg);
    g_object_unref(bold);
    g_object_unref(sreg);
    g_object_unref(sbold);
    g_object_unref(furn);
    g_object_unref(ctx);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st != CAIRO_STATUS_SUCCESS)
        die("%s: %s", out_path, cairo_status_to_string(st));
    if (o.verbose)
        fprintf(stderr, "mkpdf: %s: %u lines, %d pages, %.2f pt, leading %.2f pt\n", out_path,
                lines->len, total, size, leading);

    g_array_free(lines, TRUE);
    g_array_free(pages, TRUE);
    g_free(buf);
    g_free(created);
    g_free(modified);
    return 0;
}
