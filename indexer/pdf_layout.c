#include "pdf_layout.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"

/* Pages with more characters than this are read as poppler's plain text:
 * a layout needs a box per character, and a hostile page may hold millions. */
#define GLYPHS_MAX 400000
/* A gap wider than this many ems between two characters on one baseline is
 * a gutter or a tab stop, not a space between words (justified text stays
 * well under an em). */
#define GUTTER_EMS 1.1
/* Columns nest at most this deep (three columns side by side). */
#define COLUMN_DEPTH 3

typedef struct glyph {
    const char *s;     /* its bytes in the page text */
    unsigned len;
    double x1, y1, x2, y2;
    float size;
    unsigned face;     /* pdf_font_face() of its font */
    unsigned color;    /* 0xRRGGBB */
    bool bold, italic, space, newline;
} glyph;

typedef struct frag {
    size_t g0, g1;     /* glyphs [g0, g1) */
    double x1, y1, x2, y2;
    bool turned;       /* runs down the page: a line of its own */
} frag;

typedef struct block {
    size_t *ids;       /* fragments */
    size_t n;
    bool spanning;     /* crosses the columns of the page */
} block;

typedef struct layout {
    glyph *g;
    size_t ng;
    frag *f;
    size_t nf;
    double em;         /* the page's usual font size */
    block *blocks;
    size_t nblocks, capblocks;
    int columns;
    int rc;
} layout;

/* ---- fonts ----------------------------------------------------------------- */

static bool name_has(const char *name, const char *const *parts)
{
    if (!name)
        return false;
    const char *plus = strchr(name, '+'); /* "ABCDEF+Carlito-Bold": a subset's tag */
    if (plus && plus - name == 6)
        name = plus + 1;
    for (; *parts; parts++)
        if (strcasestr(name, *parts))
            return true;
    return false;
}

bool pdf_font_is_bold(const char *name)
{
    static const char *const parts[] = {"bold", "black", "heavy", "demi", "semibold", "cmbx",
                                        NULL};
    return name_has(name, parts);
}

bool pdf_font_is_italic(const char *name)
{
    static const char *const parts[] = {"italic", "oblique", "cmti", "cmsl", NULL};
    return name_has(name, parts);
}

/* The typeface without its weight and slant: "ABCDEF+Carlito-Bold" and
 * "Carlito" are one face, "Calibri-Light" another. */
unsigned pdf_font_face(const char *name)
{
    if (!name)
        return 0;
    const char *plus = strchr(name, '+');
    if (plus && plus - name == 6)
        name = plus + 1;
    static const char *const styles[] = {"bold", "italic", "oblique", NULL};
    char face[128];
    size_t n = 0;
    for (const char *p = name; *p && n < sizeof face - 1;) {
        bool skipped = false;
        for (const char *const *st = styles; *st && !skipped; st++)
            if (strncasecmp(p, *st, strlen(*st)) == 0)
                p += strlen(*st), skipped = true;
        if (skipped)
            continue;
        if (*p != '-' && *p != ',' && *p != ' ')
            face[n++] = (char)tolower((unsigned char)*p);
        p++;
    }
    face[n] = '\0';
    return g_str_hash(face);
}

/* ---- characters ------------------------------------------------------------ */

static void read_attributes(PopplerPage *page, glyph *g, size_t n)
{
    GList *attrs = poppler_page_get_text_attributes(page);
    for (GList *l = attrs; l; l = l->next) {
        const PopplerTextAttributes *a = l->data;
        bool bold = pdf_font_is_bold(a->font_name), italic = pdf_font_is_italic(a->font_name);
        unsigned face = pdf_font_face(a->font_name);
        unsigned color = (unsigned)(a->color.red >> 8) << 16 | (unsigned)(a->color.green >> 8) << 8 |
                         (unsigned)(a->color.blue >> 8);
        for (long i = a->start_index < 0 ? 0 : a->start_index; i <= a->end_index && (size_t)i < n;
             i++) {
            g[i].size = (float)a->font_size;
            g[i].bold = bold;
            g[i].italic = italic;
            g[i].face = face;
            g[i].color = color;
        }
    }
    poppler_page_free_text_attributes(attrs);
}

/* One glyph per code point of text, with its box; false when poppler's
 * boxes do not match its text (then the page is read without layout). */
static bool read_glyphs(PopplerPage *page, const char *text, layout *L)
{
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    size_t n = (size_t)g_utf8_strlen(text, -1);
    if (n == 0 || n > GLYPHS_MAX || !poppler_page_get_text_layout(page, &rects, &nrects) ||
        nrects != n || !(L->g = calloc(n, sizeof *L->g))) {
        g_free(rects);
        return false;
    }
    const char *s = text;
    for (size_t i = 0; i < n; i++) {
        const char *next = g_utf8_next_char(s);
        glyph *g = &L->g[i];
        g->s = s;
        g->len = (unsigned)(next - s);
        g->x1 = rects[i].x1, g->y1 = rects[i].y1, g->x2 = rects[i].x2, g->y2 = rects[i].y2;
        g->newline = *s == '\n';
        g->space = *s == ' ' || *s == '\t';
        s = next;
    }
    L->ng = n;
    g_free(rects);
    read_attributes(page, L->g, n);
    return true;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median size of the page's visible characters: what "an em" means here. */
static double usual_size(const layout *L)
{
    double *v = malloc((L->ng + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; v && i < L->ng; i++)
        if (!L->g[i].space && !L->g[i].newline && L->g[i].size > 0)
            v[n++] = L->g[i].size;
    double em = 10;
    if (n) {
        qsort(v, n, sizeof *v, by_double);
        em = v[n / 2];
    }
    free(v);
    return em;
}

/* ---- fragments: runs of characters on one baseline ------------------------ */

static bool breaks_fragment(const frag *f, const glyph *last, const glyph *g, double em)
{
    double h = fmin(g->y2 - g->y1, f->y2 - f->y1);
    double overlap = fmin(g->y2, f->y2) - fmax(g->y1, f->y1);
    if (h > 0 && overlap < 0.3 * h)
        return true; /* another line */
    if (g->x1 < last->x1 - 0.5)
        return true; /* back to the left: another line or column */
    double size = fmax(fmax(g->size, last->size), 0.5 * em);
    return g->x1 - last->x2 > GUTTER_EMS * size;
}

static int push_fragment(layout *L, size_t *cap, const frag *f)
{
    if (L->nf == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        frag *grown = realloc(L->f, c * sizeof *grown);
        if (!grown)
            return -1;
        L->f = grown;
        *cap = c;
    }
    L->f[L->nf++] = *f;
    return 0;
}

/* Does poppler's line [a, b) run down the page (text turned a quarter,
 * as in a margin's note)?  Its characters then stand one under another. */
static bool runs_down(const layout *L, size_t a, size_t b)
{
    size_t down = 0, pairs = 0;
    const glyph *prev = NULL;
    for (size_t i = a; i < b; i++) {
        const glyph *g = &L->g[i];
        if (g->space)
            continue;
        if (prev) {
            pairs++;
            down += fabs(g->x1 - prev->x1) < 0.3 * (g->x2 - g->x1 + 1) &&
                    fabs(g->y1 - prev->y1) > 0.5 * (g->y2 - g->y1);
        }
        prev = g;
    }
    return pairs >= 2 && down * 2 > pairs;
}

/* One fragment for the visible characters of [a, b). */
static int push_whole(layout *L, size_t *cap, size_t a, size_t b)
{
    frag f = {a, b, 1e9, 1e9, -1e9, -1e9, true};
    for (size_t i = a; i < b; i++) {
        const glyph *g = &L->g[i];
        if (g->space)
            continue;
        f.x1 = fmin(f.x1, g->x1), f.x2 = fmax(f.x2, g->x2);
        f.y1 = fmin(f.y1, g->y1), f.y2 = fmax(f.y2, g->y2);
    }
    return f.x1 <= f.x2 ? push_fragment(L, cap, &f) : 0;
}

/* Splits poppler's line [a, b) where a character leaves the baseline, goes
 * back to the left or stands a gutter away from the one before it. */
static int line_fragments(layout *L, size_t *cap, size_t a, size_t b)
{
    frag cur = {0};
    bool open = false;
    const glyph *last = NULL;
    for (size_t i = a; i <= b; i++) {
        const glyph *g = i < b ? &L->g[i] : NULL;
        bool close = !g || (open && !g->space && breaks_fragment(&cur, last, g, L->em));
        if (open && close) {
            if (push_fragment(L, cap, &cur) < 0)
                return -1;
            open = false;
        }
        if (!g || (g->space && !open))
            continue;
        if (!open) {
            cur = (frag){i, i, g->x1, g->y1, g->x2, g->y2, false};
            open = true;
        }
        cur.g1 = i + 1;
        if (g->space)
            continue;
        cur.x1 = fmin(cur.x1, g->x1), cur.x2 = fmax(cur.x2, g->x2);
        cur.y1 = fmin(cur.y1, g->y1), cur.y2 = fmax(cur.y2, g->y2);
        last = g;
    }
    return 0;
}

static int make_fragments(layout *L)
{
    size_t cap = 0;
    for (size_t a = 0; a < L->ng;) {
        size_t b = a;
        while (b < L->ng && !L->g[b].newline)
            b++;
        int rc = runs_down(L, a, b) ? push_whole(L, &cap, a, b) : line_fragments(L, &cap, a, b);
        if (rc < 0)
            return -1;
        a = b + 1;
    }
    return 0;
}

/* ---- columns --------------------------------------------------------------- */

typedef struct split {
    double end, start; /* the gutter: where the left column stops, the right starts */
    size_t left, right, cross;
} split;

static bool is_right(const frag *f, double start)
{
    return f->x1 >= start - 1.5;
}

/* What a gutter from `end` (where the left column's text stops) to `start`
 * (where the right column's begins) leaves on each side and across. */
typedef struct side {
    size_t n;          /* fragments */
    double width;      /* their widths added */
    double x1, x2;     /* the side's extent */
} side;

static bool is_left_of(const frag *f, double end)
{
    return f->x2 <= end + 0.5;
}

/* How densely a side's fragments fill its rows: running text fills most
 * of every row however its words are spaced; a table's cells or a list's
 * bullets leave most of it empty. */
static double density(const layout *L, const size_t *ids, size_t n, const side *sd, double end,
                      bool left, size_t *nrows)
{
    double rows = 0, last = -1e9, width = sd->x2 - sd->x1;
    for (size_t i = 0; i < n; i++) { /* ids are in reading order: top to bottom */
        const frag *f = &L->f[ids[i]];
        if ((left ? !is_left_of(f, end) : !is_right(f, end)) || f->y1 < last)
            continue;
        rows++;
        last = f->y2;
    }
    *nrows = (size_t)rows;
    return rows > 0 && width > 0 ? sd->width / (rows * width) : 0;
}

static split try_split(const layout *L, const size_t *ids, size_t n, double end, double start,
                       side *ls, side *rs)
{
    split s = {end, start, 0, 0, 0};
    *ls = (side){0, 0, 1e9, -1e9};
    *rs = (side){0, 0, 1e9, -1e9};
    for (size_t i = 0; i < n; i++) {
        const frag *f = &L->f[ids[i]];
        side *sd = is_left_of(f, end) ? ls : is_right(f, start) ? rs : NULL;
        if (!sd) {
            s.cross++;
            continue;
        }
        sd->n++;
        sd->width += f->x2 - f->x1;
        sd->x1 = fmin(sd->x1, f->x1), sd->x2 = fmax(sd->x2, f->x2);
    }
    s.left = ls->n, s.right = rs->n;
    return s;
}

/* How many fragments cover each point of the width, in 1 pt steps. */
static int *coverage(const layout *L, const size_t *ids, size_t n, double minx, size_t bins)
{
    int *occ = calloc(bins + 1, sizeof *occ);
    for (size_t i = 0; occ && i < n; i++) {
        const frag *f = &L->f[ids[i]];
        size_t a = (size_t)fmax(0, f->x1 - minx), b = (size_t)fmax(0, f->x2 - minx);
        for (size_t x = a; x <= b && x < bins; x++)
            occ[x]++;
    }
    return occ;
}

/* How many fragments cross the gutter where both columns run (from the
 * lower of the two columns' tops to the higher of their bottoms): a page
 * set in one column and then in two has its wide lines above the columns,
 * a page of one column with a few short lines has them all around. */
static size_t crossing_inside(const layout *L, const size_t *ids, size_t n, double end,
                              double start)
{
    double top[2] = {1e9, 1e9}, bottom[2] = {-1e9, -1e9};
    for (size_t i = 0; i < n; i++) {
        const frag *f = &L->f[ids[i]];
        int k = is_left_of(f, end) ? 0 : is_right(f, start) ? 1 : -1;
        if (k >= 0)
            top[k] = fmin(top[k], f->y1), bottom[k] = fmax(bottom[k], f->y2);
    }
    double from = fmax(top[0], top[1]), to = fmin(bottom[0], bottom[1]);
    size_t inside = 0;
    for (size_t i = 0; i < n; i++) {
        const frag *f = &L->f[ids[i]];
        double mid = (f->y1 + f->y2) / 2;
        inside += !is_left_of(f, end) && !is_right(f, start) && mid > from && mid < to;
    }
    return inside;
}

/* Judges the gutter [end, start]: text on both sides, dense enough to be
 * running text, and few fragments across where the columns run.  Returns
 * its score, or -1. */
static long judge(const layout *L, const size_t *ids, size_t n, double end, double start,
                  split *s)
{
    side ls, rs;
    *s = try_split(L, ids, n, end, start, &ls, &rs);
    size_t across = crossing_inside(L, ids, n, end, start);
    if (s->left < 3 || s->right < 3 || across * 20 > (s->left + s->right) * 7)
        return -1;
    /* a column runs over lines: words spread wide on one line are no column */
    size_t lrows, rrows;
    if (density(L, ids, n, &ls, end, true, &lrows) < 0.45 ||
        density(L, ids, n, &rs, start, false, &rrows) < 0.45 || lrows < 3 || rrows < 3)
        return -1;
    return (long)(s->left < s->right ? s->left : s->right) - (long)across;
}

/* A gutter is a strip of the middle of the text that fewer fragments cross
 * than anywhere else (only those spanning the columns): justified text may
 * space its words as widely as a gutter, but never at the same place on
 * every line. */
static bool find_gutter(const layout *L, const size_t *ids, size_t n, split *best)
{
    if (n < 6)
        return false;
    double minx = 1e9, maxx = -1e9;
    for (size_t i = 0; i < n; i++)
        minx = fmin(minx, L->f[ids[i]].x1), maxx = fmax(maxx, L->f[ids[i]].x2);
    double width = maxx - minx, gap = fmax(3, 0.3 * L->em);
    size_t bins = width > 0 ? (size_t)width + 1 : 0, from = (size_t)(0.15 * width),
           to = (size_t)(0.85 * width);
    int *occ = width > 100 && bins < 100000 ? coverage(L, ids, n, minx, bins) : NULL;
    if (!occ)
        return false;
    int least = INT_MAX;
    for (size_t x = from; x < to; x++)
        least = occ[x] < least ? occ[x] : least;
    /* a page number or a wide heading may stand in part of the gutter */
    int low = least + (n / 40 > 1 ? (int)(n / 40) : 1);
    bool found = false;
    long best_score = -1;
    for (size_t x = from; x < to;) {
        if (occ[x] > low) {
            x++;
            continue;
        }
        size_t a = x;
        while (x < bins && occ[x] <= low)
            x++;
        split s;
        long score = (double)(x - a) >= gap ? judge(L, ids, n, minx + x - gap, minx + x, &s) : -1;
        if (score > best_score)
            *best = s, best_score = score, found = true;
    }
    free(occ);
    return found;
}

static int push_block(layout *L, const size_t *ids, size_t n, bool spanning)
{
    if (n == 0)
        return 0;
    if (L->nblocks == L->capblocks) {
        size_t c = L->capblocks ? L->capblocks * 2 : 16;
        block *grown = realloc(L->blocks, c * sizeof *grown);
        if (!grown)
            return -1;
        L->blocks = grown;
        L->capblocks = c;
    }
    size_t *copy = malloc(n * sizeof *copy);
    if (!copy)
        return -1;
    memcpy(copy, ids, n * sizeof *copy);
    L->blocks[L->nblocks++] = (block){copy, n, spanning};
    return 0;
}

/* qsort has no context argument; extraction runs on several threads */
static _Thread_local const layout *sort_layout;

static int by_top(const void *a, const void *b)
{
    const frag *x = &sort_layout->f[*(const size_t *)a], *y = &sort_layout->f[*(const size_t *)b];
    double cx = (x->y1 + x->y2) / 2, cy = (y->y1 + y->y2) / 2;
    if (cx != cy)
        return (cx > cy) - (cx < cy);
    return (x->x1 > y->x1) - (x->x1 < y->x1);
}

static void sort_by_top(const layout *L, size_t *ids, size_t n)
{
    sort_layout = L;
    qsort(ids, n, sizeof *ids, by_top);
}

static void order_region(layout *L, size_t *ids, size_t n, int depth);

/* The fragments of one side whose middles lie in [top, bottom). */
static void order_side(layout *L, const size_t *ids, size_t n, double top, double bottom,
                       const split *s, bool left, size_t *scratch, int depth)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const frag *f = &L->f[ids[i]];
        double mid = (f->y1 + f->y2) / 2;
        bool side = left ? is_left_of(f, s->end) : is_right(f, s->start);
        if (side && mid >= top && mid < bottom)
            scratch[k++] = ids[i];
    }
    order_region(L, scratch, k, depth);
}

/* Reads a region split by a gutter: each stretch between fragments that
 * cross the gutter is read left column first, then right; the crossing
 * fragments (a heading over both columns) stand between the stretches. */
static void order_columns(layout *L, size_t *ids, size_t n, const split *s, int depth)
{
    sort_by_top(L, ids, n);
    size_t *cross = malloc(n * sizeof *cross), *scratch = malloc(n * sizeof *scratch), nc = 0;
    if (!cross || !scratch) {
        free(cross), free(scratch);
        L->rc = -1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (!is_left_of(&L->f[ids[i]], s->end) && !is_right(&L->f[ids[i]], s->start))
            cross[nc++] = ids[i];
    double top = -1e9;
    for (size_t i = 0; i <= nc && L->rc == 0; i++) {
        double bottom = i < nc ? (L->f[cross[i]].y1 + L->f[cross[i]].y2) / 2 : 1e9;
        order_side(L, ids, n, top, bottom, s, true, scratch, depth);
        order_side(L, ids, n, top, bottom, s, false, scratch, depth);
        if (i == nc)
            break;
        size_t j = i; /* crossing fragments with nothing between them: one block */
        while (j + 1 < nc && !L->rc) {
            double next = (L->f[cross[j + 1]].y1 + L->f[cross[j + 1]].y2) / 2, gapless = 1;
            for (size_t k = 0; k < n && gapless; k++) {
                const frag *f = &L->f[ids[k]];
                double mid = (f->y1 + f->y2) / 2;
                if ((is_left_of(f, s->end) || is_right(f, s->start)) && mid > bottom &&
                    mid < next)
                    gapless = 0;
            }
            if (!gapless)
                break;
            j++;
        }
        if (push_block(L, cross + i, j - i + 1, true) < 0)
            L->rc = -1;
        top = (L->f[cross[j]].y1 + L->f[cross[j]].y2) / 2;
        i = j;
    }
    free(cross);
    free(scratch);
}

static void order_region(layout *L, size_t *ids, size_t n, int depth)
{
    split s = {0, 0, 0, 0, 0};
    if (n == 0 || L->rc)
        return;
    sort_by_top(L, ids, n); /* find_gutter counts rows top to bottom */
    if (depth < COLUMN_DEPTH && find_gutter(L, ids, n, &s)) {
        if (depth + 2 > L->columns)
            L->columns = depth + 2;
        order_columns(L, ids, n, &s, depth + 1);
        return;
    }
    if (push_block(L, ids, n, false) < 0)
        L->rc = -1;
}

/* ---- lines ----------------------------------------------------------------- */

static bool same_line(const frag *box, const frag *f)
{
    if (box->turned || f->turned)
        return false;
    double h = fmin(box->y2 - box->y1, f->y2 - f->y1);
    double overlap = fmin(box->y2, f->y2) - fmax(box->y1, f->y1);
    return h <= 0 ? fabs(box->y2 - f->y2) < 1 : overlap >= 0.5 * h;
}

static int by_left(const void *a, const void *b)
{
    const frag *x = &sort_layout->f[*(const size_t *)a], *y = &sort_layout->f[*(const size_t *)b];
    return (x->x1 > y->x1) - (x->x1 < y->x1);
}

typedef struct line_style {
    double size, baseline;
    size_t glyphs, bold, italic;
    unsigned face, color;
} line_style;

/* A little tally of font sizes: the one most characters have wins. */
typedef struct size_tally {
    float sizes[8];
    size_t counts[8], n, best;
} size_tally;

static void tally(size_tally *t, float size)
{
    size_t k = 0;
    while (k < t->n && t->sizes[k] != size)
        k++;
    if (k == t->n && t->n < 8)
        t->sizes[t->n] = size, t->counts[t->n++] = 0;
    if (k < t->n && ++t->counts[k] > t->counts[t->best])
        t->best = k;
}

static line_style style_of(const layout *L, const size_t *ids, size_t n)
{
    line_style st = {0};
    size_tally t = {{0}, {0}, 0, 0};
    for (size_t k = 0; k < n; k++)
        for (size_t i = L->f[ids[k]].g0; i < L->f[ids[k]].g1; i++) {
            const glyph *g = &L->g[i];
            if (g->space)
                continue;
            tally(&t, g->size);
            st.glyphs++;
            st.bold += g->bold;
            st.italic += g->italic;
        }
    st.size = t.n ? t.sizes[t.best] : 0;
    bool first = true;
    for (size_t k = 0; k < n; k++)
        for (size_t i = L->f[ids[k]].g0; i < L->f[ids[k]].g1; i++) {
            const glyph *g = &L->g[i];
            if (g->space || fabs(g->size - st.size) >= 0.01)
                continue;
            st.baseline = fmax(st.baseline, g->y2);
            if (first && isalnum((unsigned char)*g->s))
                st.face = g->face, st.color = g->color, first = false;
        }
    return st;
}

/* A note's number set small and raised: "20232" is "2023" with note 2. */
static bool is_marker(const glyph *g, const line_style *st)
{
    return g->len == 1 && isdigit((unsigned char)*g->s) && st->size > 0 &&
           g->size <= 0.8 * st->size && g->y2 < st->baseline - 0.15 * st->size;
}

static void append_fragment(const layout *L, const frag *f, const line_style *st, kbuf *out,
                            pdf_line *l)
{
    bool at_start = out->len == 0, in_marker = false;
    for (size_t i = f->g0; i < f->g1; i++) {
        const glyph *g = &L->g[i];
        if (is_marker(g, st)) {
            if (!at_start)
                continue; /* a note's reference in the running text */
            l->marker_start = in_marker = true;
        } else if (in_marker && !g->space) {
            kbuf_putc(out, ' '); /* "¹OECD" reads "1 OECD" */
            in_marker = false;
        }
        if (!g->space)
            at_start = in_marker;
        kbuf_append(out, g->s, g->len);
    }
}

static char *trimmed(kbuf *b)
{
    char *s = kbuf_take(b);
    if (!s)
        return NULL;
    size_t start = strspn(s, " \t"), n = strlen(s);
    while (n > start && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    memmove(s, s + start, n - start);
    s[n - start] = '\0';
    return s;
}

static int push_line(pdf_page *out, size_t *cap, const pdf_line *l)
{
    if (out->nlines == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        pdf_line *grown = realloc(out->lines, c * sizeof *grown);
        if (!grown)
            return -1;
        out->lines = grown;
        *cap = c;
    }
    out->lines[out->nlines++] = *l;
    return 0;
}

static int make_line(const layout *L, size_t *ids, size_t n, pdf_page *out, size_t *cap)
{
    sort_layout = L;
    qsort(ids, n, sizeof *ids, by_left);
    line_style st = style_of(L, ids, n);
    pdf_line l = {0};
    l.x1 = l.y1 = 1e9, l.x2 = l.y2 = -1e9;
    l.size = st.size;
    l.face = st.face;
    l.color = st.color;
    l.bold = st.glyphs ? (float)st.bold / (float)st.glyphs : 0;
    l.italic = st.glyphs ? (float)st.italic / (float)st.glyphs : 0;
    kbuf text;
    kbuf_init(&text, KBUF_NO_CAP);
    for (size_t k = 0; k < n; k++) {
        const frag *f = &L->f[ids[k]];
        if (k > 0 && text.len && text.data[text.len - 1] != ' ' &&
            f->x1 - L->f[ids[k - 1]].x2 > 0.1 * (st.size > 0 ? st.size : L->em))
            kbuf_putc(&text, ' ');
        append_fragment(L, f, &st, &text, &l);
        l.x1 = fmin(l.x1, f->x1), l.x2 = fmax(l.x2, f->x2);
        l.y1 = fmin(l.y1, f->y1), l.y2 = fmax(l.y2, f->y2);
    }
    if (text.status)
        return kbuf_free(&text), -1;
    if (!(l.text = trimmed(&text)))
        return -1;
    if (!*l.text) {
        free(l.text);
        return 0;
    }
    if (push_line(out, cap, &l) < 0) {
        free(l.text);
        return -1;
    }
    return 0;
}

static int block_lines(const layout *L, const block *b, pdf_page *out, size_t *cap)
{
    size_t start = 0;
    while (start < b->n) {
        frag box = L->f[b->ids[start]];
        size_t end = start + 1;
        while (end < b->n && same_line(&box, &L->f[b->ids[end]])) {
            const frag *f = &L->f[b->ids[end++]];
            box.x1 = fmin(box.x1, f->x1), box.x2 = fmax(box.x2, f->x2);
            box.y1 = fmin(box.y1, f->y1), box.y2 = fmax(box.y2, f->y2);
        }
        if (make_line(L, b->ids + start, end - start, out, cap) < 0)
            return -1;
        start = end;
    }
    return 0;
}

/* ---- paragraphs ------------------------------------------------------------ */

/* The page's usual distance from one line's top to the next's, between
 * lines of one size: a clearly larger step is a paragraph's end. */
static double usual_step(const pdf_page *p)
{
    double *steps = malloc((p->nlines + 1) * sizeof *steps), usual = 0;
    size_t n = 0;
    for (size_t i = 1; steps && i < p->nlines; i++) {
        const pdf_line *a = &p->lines[i - 1], *b = &p->lines[i];
        double step = b->y1 - a->y1;
        if (step > 0 && fabs(a->size - b->size) < 0.05 * (a->size + 1))
            steps[n++] = step;
    }
    if (n >= 2) {
        qsort(steps, n, sizeof *steps, by_double);
        usual = steps[n / 2];
    }
    free(steps);
    return usual;
}

/* How a line starts in the order of blocks. */
typedef enum { IN_BLOCK, STARTS_COLUMN, STARTS_SPANNING } line_start;

/* A paragraph gap before a line: a clearly larger step than usual, a change
 * of type size, or a block that spans the columns (and the text after it).
 * The step into the next column is no gap: the text runs on. */
static void mark_paragraphs(pdf_page *p, const unsigned char *starts)
{
    double usual = usual_step(p);
    bool after_spanning = false;
    for (size_t i = 0; i < p->nlines; i++) {
        pdf_line *b = &p->lines[i];
        if (starts[i] != IN_BLOCK) {
            b->para_before = i > 0 && (starts[i] == STARTS_SPANNING || after_spanning);
            after_spanning = starts[i] == STARTS_SPANNING;
            continue;
        }
        const pdf_line *a = &p->lines[i - 1];
        double step = b->y1 - a->y1;
        bool resized = a->size > 0 && b->size > 0 && fabs(a->size - b->size) > 0.15 * a->size;
        b->para_before = (usual > 0 && step > usual * 1.45) || resized;
    }
}

/* Where a block's text ends on the right: where nine lines in ten end at
 * most (a running header across the page is one line of many). */
static double block_right(const pdf_line *lines, size_t n)
{
    double *x2 = malloc((n + 1) * sizeof *x2), right = 0;
    for (size_t i = 0; x2 && i < n; i++)
        x2[i] = lines[i].x2;
    if (x2 && n) {
        qsort(x2, n, sizeof *x2, by_double);
        right = x2[(n - 1) * 9 / 10];
    }
    free(x2);
    return right;
}

static int lines_of_blocks(const layout *L, pdf_page *out)
{
    size_t cap = 0, *first = calloc(L->nblocks + 1, sizeof *first);
    if (!first)
        return -1;
    for (size_t b = 0; b < L->nblocks; b++) {
        first[b] = out->nlines;
        if (block_lines(L, &L->blocks[b], out, &cap) < 0) {
            free(first);
            return -1;
        }
        double right = block_right(out->lines + first[b], out->nlines - first[b]);
        for (size_t i = first[b]; i < out->nlines; i++)
            out->lines[i].right = right;
    }
    unsigned char *starts = calloc(out->nlines + 1, 1);
    for (size_t b = 0; starts && b < L->nblocks; b++)
        if (first[b] < out->nlines)
            starts[first[b]] = L->blocks[b].spanning ? STARTS_SPANNING : STARTS_COLUMN;
    if (starts)
        mark_paragraphs(out, starts);
    free(starts);
    free(first);
    return starts ? 0 : -1;
}

/* ---- the page ---------------------------------------------------------------- */

/* Without boxes: poppler's own lines, in its order, without sizes. */
static int plain_lines(const char *text, pdf_page *out)
{
    size_t cap = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        pdf_line l = {0};
        if (!(l.text = strndup(p, len)) || push_line(out, &cap, &l) < 0) {
            free(l.text);
            return -1;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

static void layout_free(layout *L)
{
    for (size_t b = 0; b < L->nblocks; b++)
        free(L->blocks[b].ids);
    free(L->blocks);
    free(L->f);
    free(L->g);
}

static int lay_out(PopplerPage *page, const char *text, pdf_page *out)
{
    layout L = {0};
    int rc = 0;
    if (!read_glyphs(page, text, &L))
        rc = plain_lines(text, out);
    else {
        L.em = usual_size(&L);
        L.columns = 1;
        rc = make_fragments(&L);
        size_t *ids = rc == 0 ? malloc((L.nf + 1) * sizeof *ids) : NULL;
        for (size_t i = 0; ids && i < L.nf; i++)
            ids[i] = i;
        if (ids)
            order_region(&L, ids, L.nf, 0);
        rc = !ids || L.rc ? -1 : lines_of_blocks(&L, out);
        out->columns = L.columns;
        free(ids);
    }
    layout_free(&L);
    return rc;
}

int pdf_layout_page(PopplerPage *page, pdf_page *out)
{
    memset(out, 0, sizeof *out);
    out->columns = 1;
    poppler_page_get_size(page, &out->width, &out->height);
    gchar *text = poppler_page_get_text(page);
    int rc = text ? lay_out(page, text, out) : 0;
    g_free(text);
    if (rc < 0)
        pdf_page_free(out);
    return rc;
}

void pdf_page_free(pdf_page *p)
{
    for (size_t i = 0; i < p->nlines; i++)
        free(p->lines[i].text);
    free(p->lines);
    p->lines = NULL;
    p->nlines = 0;
}
