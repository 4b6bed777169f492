#include "split.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clean.h"
#include "marks.h"
#include "regex.h"

#define MAX_LEVELS 4
#define MAX_CANDIDATES 5000
#define HEADING_MAX_CHARS 150
#define HEADING_MAX_WORDS 20
/* How far below a mixed-case "3 Innledning" its "3.1" must follow. */
#define CHILD_LOOKAHEAD 80

typedef struct tline {
    const char *s;
    size_t len;
    int page; /* physical page index, -1 when not paged */
    int rank; /* the layout's heading style rank (marks.h), 0 for running text */
} tline;

/* A footnote line, kept out of the running text; it belongs to the unit
 * that holds the line above it. */
typedef struct note {
    const char *s;
    size_t len;
    size_t after; /* index of the line above it; SIZE_MAX before the first */
} note;

typedef struct lines {
    tline *items;
    size_t n, cap;
    size_t width; /* a full line's code points (typical_width), once known */
    note *notes;
    size_t nnotes, capnotes;
} lines;

typedef struct candidate {
    size_t line;
    int num[MAX_LEVELS];
    int depth;
    char *title;
    bool styled;   /* set as a heading by the layout */
    size_t extra;  /* lines after the first that continue its title */
    double weight;
} candidate;

/* ---- lines ------------------------------------------------------------- */

static int lines_push(lines *ls, const char *s, size_t len, int page, int rank)
{
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 256;
        tline *items = realloc(ls->items, cap * sizeof *items);
        if (!items)
            return -1;
        ls->items = items;
        ls->cap = cap;
    }
    ls->items[ls->n++] = (tline){s, len, page, rank};
    return 0;
}

static int notes_push(lines *ls, const char *s, size_t len)
{
    if (ls->nnotes == ls->capnotes) {
        size_t cap = ls->capnotes ? ls->capnotes * 2 : 16;
        note *v = realloc(ls->notes, cap * sizeof *v);
        if (!v)
            return -1;
        ls->notes = v;
        ls->capnotes = cap;
    }
    ls->notes[ls->nnotes++] = (note){s, len, ls->n ? ls->n - 1 : SIZE_MAX};
    return 0;
}

static void lines_free(lines *ls)
{
    free(ls->items);
    free(ls->notes);
}

/* Longer lines are cut at a space so no unit outgrows the limit (a text
 * file may be one 50 MB line). */
#define LINE_MAX_CHARS 2000

static int push_long_line(lines *ls, const char *p, size_t len, int page, int rank)
{
    while (len > LINE_MAX_CHARS) {
        size_t cut = LINE_MAX_CHARS;
        while (cut > LINE_MAX_CHARS / 2 && p[cut] != ' ')
            cut--;
        if (p[cut] != ' ')
            for (cut = LINE_MAX_CHARS; cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80;)
                cut--; /* no space: cut between UTF-8 sequences */
        if (lines_push(ls, p, cut, page, rank) < 0)
            return -1;
        p += cut;
        len -= cut;
        while (len && *p == ' ')
            p++, len--;
    }
    return lines_push(ls, p, len, page, rank);
}

/* One line of a page's text: a footnote goes aside, a heading's mark is
 * taken off and its rank kept; a caption keeps its mark (is_caption). */
static int push_marked_line(lines *ls, const char *p, size_t len, int page)
{
    if (kmark_is_footnote(p, len))
        return notes_push(ls, p + 1, len - 1);
    int rank = kmark_heading_rank(p, len);
    size_t skip = kmark_is_heading(p, len) ? kmark_len(p, len) : 0;
    return push_long_line(ls, p + skip, len - skip, page, rank);
}

static int lines_from_text(lines *ls, const char *text, int page)
{
    for (const char *p = text;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (push_marked_line(ls, p, len, page) < 0)
            return -1;
        if (!nl)
            return 0;
        p = nl + 1;
    }
}

static bool blank(const tline *l)
{
    for (size_t i = 0; i < l->len; i++)
        if (!isspace((unsigned char)l->s[i]))
            return false;
    return true;
}

static bool is_caption(const tline *l)
{
    return l->len && l->s[0] == KMARK_CAPTION;
}

/* ---- numbered headings ------------------------------------------------- */

static pcre2_code *re_numbered;
static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static void compile_re(void)
{
    re_numbered = regex_compile("^\\s*(\\d{1,2}(?:\\.\\d{1,2}){0,3})(\\.?)\\s+(\\p{Lu}.*?)\\s*$");
}

static int parse_number(const char *s, size_t len, int num[MAX_LEVELS])
{
    int depth = 0;
    size_t i = 0;
    while (i < len && depth < MAX_LEVELS) {
        int v = 0;
        size_t start = i;
        while (i < len && isdigit((unsigned char)s[i]))
            v = v * 10 + (s[i++] - '0');
        if (i == start)
            return 0;
        num[depth++] = v;
        if (i < len && s[i] == '.')
            i++;
    }
    return i == len ? depth : 0;
}

static bool mostly_upper(const char *s)
{
    int upper = 0, lower = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isupper(*p) || (*p == 0xC3 && p[1] >= 0x80 && p[1] < 0x9F))
            upper++;
        else if (islower(*p) || (*p == 0xC3 && p[1] >= 0xA0))
            lower++;
    }
    return upper >= 3 && upper >= 3 * lower;
}

static int count_words(const char *s)
{
    int words = 0;
    bool in = false;
    for (; *s; s++) {
        bool space = isspace((unsigned char)*s);
        words += !space && !in;
        in = !space;
    }
    return words;
}

/* "7.4" alone on its line: PDF extraction splits a widely spaced heading
 * from its title.  Returns the title's line, or 0 when there is none. */
static size_t title_after_bare_number(const lines *ls, size_t i)
{
    const tline *l = &ls->items[i];
    size_t k = 0, dots = 0;
    while (k < l->len && isspace((unsigned char)l->s[k]))
        k++;
    size_t digits = k;
    while (k < l->len && (isdigit((unsigned char)l->s[k]) || l->s[k] == '.'))
        dots += l->s[k++] == '.';
    if (k == digits || !dots)
        return 0;
    while (k < l->len && isspace((unsigned char)l->s[k]))
        k++;
    if (k != l->len)
        return 0;
    for (size_t j = i + 1; j < ls->n && j <= i + 2; j++) {
        if (ls->items[j].page != l->page)
            return 0;
        if (!blank(&ls->items[j]))
            return ls->items[j].len <= HEADING_MAX_CHARS ? j : 0;
    }
    return 0;
}

/* "6 INTERNASJONALT ARBEID ........ 41": a table of contents' line, whose
 * leader dots never stand in a heading. */
static bool has_leader(const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        bool dot = s[i] == '.' || (i + 2 < len && memcmp(s + i, "\xE2\x80\xA6", 3) == 0);
        run = dot ? run + 1 : s[i] == ' ' ? run : 0;
        if (run >= 4)
            return true;
    }
    return false;
}

/* A heading the layout styled may wrap after a comma; in plain text a line
 * ending in one is a list's item or a sentence's start. */
static bool match_heading(const char *s, size_t len, candidate *c)
{
    if (has_leader(s, len))
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re_numbered, NULL);
    bool ok = md && pcre2_match(re_numbered, (PCRE2_SPTR)s, len, 0, 0, md, NULL) > 0;
    if (ok) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        c->depth = parse_number(s + ov[2], ov[3] - ov[2], c->num);
        bool trailing_dot = ov[5] > ov[4];
        size_t tl = ov[7] - ov[6];
        c->title = strndup(s + ov[6], tl);
        size_t most = c->styled ? 2 * HEADING_MAX_CHARS : HEADING_MAX_CHARS;
        ok = c->depth > 0 && c->title && tl <= most &&
             count_words(c->title) <= (c->styled ? 2 : 1) * HEADING_MAX_WORDS &&
             (c->styled || !strchr(",;", c->title[tl - 1])) &&
             !(c->depth == 1 && trailing_dot && !mostly_upper(c->title));
        if (!ok) {
            free(c->title);
            c->title = NULL;
        }
    }
    pcre2_match_data_free(md);
    return ok;
}

static bool ends_sentence(const tline *l);
static bool starts_lower(const tline *l);

/* Words a heading's line may end on when its title runs on to the next
 * ("… psykiatri, barne- og" / "ungdomspsykiatri og rus- og avhengighetsmedisin"). */
static bool ends_mid_title(const char *title)
{
    static const char *const words[] = {"og", "eller", "i", "for", "til", "av", "med", "om",
                                        "på", "ved", "mot", "samt", "fra", "etter", "under",
                                        "and", "of", NULL};
    size_t n = strlen(title);
    if (n && strchr(",-", title[n - 1]))
        return true;
    const char *last = strrchr(title, ' ');
    last = last ? last + 1 : title;
    for (const char *const *w = words; *w; w++)
        if (strcmp(last, *w) == 0)
            return true;
    return false;
}

/* A title runs over at most this many lines. */
#define TITLE_LINES_MAX 5

static bool starts_lower_or_digit(const tline *l)
{
    size_t s = 0;
    while (s < l->len && isspace((unsigned char)l->s[s]))
        s++;
    return starts_lower(l) || (s < l->len && isdigit((unsigned char)l->s[s]));
}

static bool line_ends_mid_title(const tline *l)
{
    char buf[HEADING_MAX_CHARS + 1];
    size_t n = l->len;
    while (n && isspace((unsigned char)l->s[n - 1]))
        n--;
    if (n > HEADING_MAX_CHARS)
        return false;
    memcpy(buf, l->s, n);
    buf[n] = '\0';
    return ends_mid_title(buf);
}

static size_t code_points(const char *s, size_t len);

/* Does line j continue the title that ends on line j - 1?  In the heading's
 * own style when it starts as a title's rest would (lower case, a digit),
 * or the line before was cut mid-phrase (a title that ran to the margin the
 * layout has joined already: pdf_roles.c); in plain text when
 * it starts in lower case, ends no sentence and is no full line of a
 * paragraph — after a styled line only when that was cut mid-phrase
 * ("… barne- og"), as running text follows a heading in another style. */
static bool continues_title(const lines *ls, size_t first, size_t j, size_t width)
{
    const tline *head = &ls->items[first], *prev = &ls->items[j - 1], *l = &ls->items[j];
    if (blank(l) || is_caption(l) || l->page != head->page || l->len > HEADING_MAX_CHARS)
        return false;
    candidate next = {0};
    next.styled = l->rank > 0;
    bool numbered = match_heading(l->s, l->len, &next);
    free(next.title);
    if (numbered)
        return false;
    if (head->rank > 0 && l->rank == head->rank)
        return starts_lower_or_digit(l) || line_ends_mid_title(prev);
    bool full = width && code_points(l->s, l->len) >= width * 85 / 100;
    bool plain = starts_lower(l) && !ends_sentence(l) && !full;
    if (head->rank > 0) /* a styled title goes on in its style, or after a cut */
        return l->rank == 0 && plain && line_ends_mid_title(prev);
    return l->rank == 0 && plain;
}

/* How many lines after `line` continue the title. */
static size_t title_lines(const lines *ls, size_t line)
{
    size_t j = line + 1;
    while (j < ls->n && j < line + TITLE_LINES_MAX && continues_title(ls, line, j, ls->width))
        j++;
    return j - line - 1;
}

/* "og …", "eller …": the hyphen before stands for a word ("medlems- og"). */
static bool starts_coordination(const char *s, size_t n)
{
    return (n >= 3 && strncmp(s, "og", 2) == 0 && (n == 2 || s[2] == ' ')) ||
           (n >= 5 && strncmp(s, "eller", 5) == 0 && (n == 5 || s[5] == ' '));
}

/* Joins a title's next line: straight after a hyphen ("2024-" "2025",
 * "Virke-" "området"), else with a space. */
static void append_title_line(candidate *c, const tline *l)
{
    size_t s = 0, n = l->len;
    while (s < n && isspace((unsigned char)l->s[s]))
        s++;
    while (n > s && isspace((unsigned char)l->s[n - 1]))
        n--;
    size_t old = strlen(c->title);
    bool hyphen = old >= 2 && c->title[old - 1] == '-' && c->title[old - 2] != ' ' &&
                  !starts_coordination(l->s + s, n - s);
    char *t = realloc(c->title, old + (n - s) + 2);
    if (!t)
        return;
    size_t w = old;
    if (!hyphen)
        t[w++] = ' ';
    memcpy(t + w, l->s + s, n - s);
    t[w + (n - s)] = '\0';
    c->title = t;
}

/* Appends the continuation lines to c's title. */
static void extend_title(const lines *ls, size_t line, candidate *c)
{
    c->extra = title_lines(ls, line);
    for (size_t j = line + 1; j <= line + c->extra; j++)
        append_title_line(c, &ls->items[j]);
}

/* Fills c from line i when it reads as a numbered heading. */
static bool read_candidate(const lines *ls, size_t i, candidate *c)
{
    const tline *l = &ls->items[i];
    if (l->len > 400 || is_caption(l))
        return false;
    c->line = i;
    c->extra = 0;
    c->styled = l->rank > 0;
    size_t t = title_after_bare_number(ls, i);
    if (!t) {
        if (!match_heading(l->s, l->len, c))
            return false;
        extend_title(ls, i, c);
        return true;
    }
    const tline *title = &ls->items[t];
    c->styled |= title->rank > 0;
    char joined[600];
    int n = snprintf(joined, sizeof joined, "%.*s %.*s", (int)l->len, l->s, (int)title->len,
                     title->s);
    if (n <= 0 || (size_t)n >= sizeof joined || !match_heading(joined, (size_t)n, c))
        return false;
    extend_title(ls, t, c);
    return true;
}

static bool same_level_neighbour(const candidate *a, const candidate *b)
{
    return a->depth == b->depth && (a->line + 1 == b->line || b->line + 1 == a->line);
}

static bool number_is_child(const candidate *parent, const candidate *c)
{
    if (c->depth != parent->depth + 1 || c->num[c->depth - 1] != 1)
        return false;
    return memcmp(parent->num, c->num, sizeof(int) * (size_t)parent->depth) == 0;
}

/* Below this many characters of its own text before the next numbered
 * line, a "heading" that is no chapter is a list's item. */
#define THIN_SECTION 60

static size_t own_text(const candidate *cs, size_t n, size_t j, const lines *ls)
{
    size_t end = j + 1 < n ? cs[j + 1].line : ls->n, total = 0;
    for (size_t i = cs[j].line + 1 + cs[j].extra; i < end; i++)
        if (!blank(&ls->items[i]) && !is_caption(&ls->items[i]))
            total += ls->items[i].len;
    return total;
}

/* When the layout set three or more numbered lines as headings, a numbered
 * line in body type is a list's item ("1.2 Foreslå …" under "MÅLOMRÅDE 1"),
 * whatever its number. */
static bool outline_is_styled(const candidate *cs, size_t n)
{
    size_t styled = 0;
    for (size_t j = 0; j < n; j++)
        styled += cs[j].styled;
    return styled >= 3;
}

static void weigh(candidate *cs, size_t n, const lines *ls)
{
    bool by_style = outline_is_styled(cs, n);
    for (size_t j = 0; j < n; j++) {
        candidate *c = &cs[j];
        size_t i = c->line;
        c->weight = 1.0;
        if (by_style && !c->styled) {
            c->weight = -1;
            continue;
        }
        c->weight += c->styled ? 0.5 : 0;
        bool child_next = j + 1 < n && number_is_child(c, &cs[j + 1]);
        if (own_text(cs, n, j, ls) < THIN_SECTION && !child_next)
            c->weight -= 0.6;
        if (i == 0 || blank(&ls->items[i - 1]) || ls->items[i - 1].page != ls->items[i].page)
            c->weight += 0.5;
        /* numbered lists stand line by line at one level; headings do not */
        if ((j > 0 && same_level_neighbour(&cs[j - 1], c)) ||
            (j + 1 < n && same_level_neighbour(&cs[j + 1], c)))
            c->weight -= 0.8;
        if (c->depth == 1) {
            bool has_child = false;
            for (size_t k = j + 1; k < n && cs[k].line <= i + CHILD_LOOKAHEAD; k++)
                has_child |= number_is_child(c, &cs[k]);
            if (mostly_upper(c->title))
                c->weight += 0.3;
            else if (!has_child)
                c->weight = -1; /* "2 OECD (2023) …" is a footnote, not a chapter */
        }
    }
}

/* How many headings between a and b were lost when the numbers below the
 * level that moved run on from `from` ("3" → "3.1" loses none, "7.5" →
 * "8.2" one: 8.1); -1 when b cannot follow a at all. */
static int lost_below(const int *b, int from, int db)
{
    int lost = 0;
    for (int j = from; j < db; j++) {
        if (b[j] < 1 || b[j] > 2)
            return -1;
        lost += b[j] - 1;
    }
    return lost;
}

/* Returns 0 when b cannot follow a, 1 when it follows directly, 2 when one
 * heading between them was lost (a number skipped: "3.1.2" → "3.1.4", or a
 * chapter's first section: "7.5" → "8.2"). */
static int follows(const int *a, int da, const int *b, int db)
{
    if (db > da && memcmp(a, b, sizeof(int) * (size_t)da) == 0) {
        int lost = lost_below(b, da, db);
        return lost == 0 ? 1 : lost == 1 ? 2 : 0;
    }
    for (int k = 1; k <= da && k <= db; k++) {
        if (k > 1 && a[k - 2] != b[k - 2])
            return 0;
        int step = b[k - 1] - a[k - 1];
        if (step < 1 || step > 2)
            continue;
        int lost = lost_below(b, k, db);
        if (lost < 0 || step - 1 + lost > 1)
            return 0;
        return step + lost;
    }
    return 0;
}

int split_number_follows(const char *a, const char *b)
{
    int na[MAX_LEVELS], nb[MAX_LEVELS];
    int db = parse_number(b, strlen(b), nb);
    if (!db)
        return 0;
    if (!a)
        return 1;
    int da = parse_number(a, strlen(a), na);
    return da ? follows(na, da, nb, db) : 0;
}

/* How many headings between a and b are missing when b comes after a in
 * outline order ("3.1.8" → "9": none; "3" → "3.1.6": six); -1 when b does
 * not come after a (it repeats or goes back). */
static int outline_gap(const int *a, int da, const int *b, int db)
{
    int k = 0;
    while (k < da && k < db && a[k] == b[k])
        k++;
    if (k == db || (k < da && b[k] < a[k]))
        return -1;
    int lost = k < da ? b[k] - a[k] - 1 : b[k] - 1;
    for (int j = k + 1; j < db; j++)
        lost += b[j] - 1;
    return lost;
}

/* What it costs the chain to go from a to b: nothing when b follows, a
 * little when one heading between was lost, more the more are missing when
 * both are set as headings and b only comes later in outline order (an
 * extract, or headings the extraction lost); NAN when b cannot follow. */
static double step_cost(const candidate *a, const candidate *b)
{
    int f = follows(a->num, a->depth, b->num, b->depth);
    if (f)
        return f == 2 ? 0.3 : 0;
    int gap = a->styled && b->styled ? outline_gap(a->num, a->depth, b->num, b->depth) : -1;
    return gap < 0 ? NAN : 0.6 + 0.05 * (gap < 20 ? gap : 20);
}

static double start_value(const candidate *c)
{
    for (int j = 0; j < c->depth; j++)
        if (c->num[j] != 1)
            return -0.5; /* an outline usually starts at 1 */
    return 0;
}

/* The heaviest chain of candidates in which each number follows the last. */
static size_t best_chain(candidate *cs, size_t n, size_t *chain)
{
    double *best = malloc(n * sizeof *best);
    long *prev = malloc(n * sizeof *prev);
    size_t len = 0;
    if (!best || !prev)
        goto out;
    long top = -1;
    for (size_t j = 0; j < n; j++) {
        best[j] = start_value(&cs[j]);
        prev[j] = -1;
        for (size_t i = 0; i < j; i++) {
            if (cs[i].weight <= 0)
                continue;
            double cost = step_cost(&cs[i], &cs[j]);
            double v = isnan(cost) ? -1e9 : best[i] - cost;
            if (v > best[j])
                best[j] = v, prev[j] = (long)i;
        }
        best[j] += cs[j].weight;
        if (cs[j].weight > 0 && (top < 0 || best[j] > best[top]))
            top = (long)j;
    }
    for (long k = top; k >= 0; k = prev[k])
        len++;
    size_t w = len;
    for (long k = top; k >= 0; k = prev[k])
        chain[--w] = (size_t)k;
out:
    free(best);
    free(prev);
    return len;
}

/* ---- building units ---------------------------------------------------- */

static bool ends_sentence(const tline *l);

typedef struct builder {
    kdoc *doc;
    size_t max_chars;
    kunits *out;
    int unnumbered; /* counts units without a number, for their keys */
    int rc;
} builder;

/* Where each page's text begins in a unit's text: (offset, page) pairs,
 * for the quotes a position takes from it. */
typedef struct page_map {
    int *at;
    size_t n;
} page_map;

static void map_page(page_map *m, size_t offset, int page)
{
    if (!m || page < 0 || (m->n && m->at[2 * m->n - 1] == page))
        return;
    int *grown = realloc(m->at, (m->n + 1) * 2 * sizeof *grown);
    if (!grown)
        return; /* only a position's page is lost: it takes its section's */
    m->at = grown;
    m->at[2 * m->n] = (int)offset;
    m->at[2 * m->n + 1] = page;
    m->n++;
}

static char *join_lines(const lines *ls, size_t a, size_t b, bool captions, page_map *map)
{
    size_t total = 1;
    for (size_t i = a; i < b; i++)
        total += ls->items[i].len + 1;
    char *out = malloc(total), *w = out;
    if (!out)
        return NULL;
    for (size_t i = a; i < b; i++) {
        const tline *l = &ls->items[i];
        if (is_caption(l) != captions)
            continue;
        if (!blank(l))
            map_page(map, (size_t)(w - out), l->page);
        size_t skip = captions ? 1 : 0;
        memcpy(w, l->s + skip, l->len - skip);
        w += l->len - skip;
        *w++ = '\n';
    }
    /* trim blank lines at both ends; keep inner paragraph breaks */
    while (w > out && isspace((unsigned char)w[-1]))
        w--;
    *w = '\0';
    char *start = out;
    while (*start == '\n' || *start == ' ' || *start == '\t' || *start == '\r')
        start++;
    for (size_t k = 0; map && k < map->n; k++) /* offsets after the trim */
        map->at[2 * k] = map->at[2 * k] > (int)(start - out) ? map->at[2 * k] - (int)(start - out) : 0;
    if (start != out)
        memmove(out, start, strlen(start) + 1);
    return out;
}

/* Does a footnote line open a note ("2 OECD …", "4Noe …", "* …")? */
static bool opens_note(const note *nt)
{
    size_t d = 0;
    while (d < nt->len && isdigit((unsigned char)nt->s[d]))
        d++;
    return (d > 0 && d <= 3) || (nt->len && nt->s[0] == '*');
}

/* The footnotes under lines [a, e), one note a line (a note's lines
 * joined); NULL when there are none. */
static char *footnotes_of(const lines *ls, size_t a, size_t e)
{
    kbuf out;
    kbuf_init(&out, KBUF_NO_CAP);
    for (size_t i = 0; i < ls->nnotes; i++) {
        const note *nt = &ls->notes[i];
        size_t at = nt->after == SIZE_MAX ? 0 : nt->after;
        if (at < a || at >= e)
            continue;
        if (out.len)
            kbuf_putc(&out, opens_note(nt) ? '\n' : ' ');
        kbuf_append(&out, nt->s, nt->len);
    }
    char *text = kbuf_take(&out);
    if (text && !*text) {
        free(text);
        return NULL;
    }
    return text;
}

static char *page_label(const kdoc *doc, int page)
{
    if (page < 0 || (size_t)page >= doc->npages)
        return NULL;
    return strdup(doc->pages[page].label);
}

static char **copy_path(char *const *path, size_t n)
{
    char **copy = calloc(n ? n : 1, sizeof *copy);
    for (size_t i = 0; copy && i < n; i++)
        copy[i] = strdup(path[i]);
    return copy;
}

typedef struct section_info {
    const char *number;
    const char *heading;
    char *const *path;
    size_t npath;
    bool leaf;   /* no section of the outline below it */
} section_info;

static void emit(builder *b, const section_info *si, const lines *ls, size_t a, size_t e,
                 int part)
{
    page_map map = {NULL, 0};
    char *text = join_lines(ls, a, e, false, &map);
    if (!text || (!*text && !si->heading)) {
        free(text);
        free(map.at);
        return; /* nothing citable here (a blank stretch between pages) */
    }
    kunit *u = kunits_add(b->out);
    if (!u) {
        free(text);
        free(map.at);
        b->rc = -1;
        return;
    }
    char key[64];
    if (si->number)
        snprintf(key, sizeof key, "%s", si->number);
    else if (part <= 1)
        snprintf(key, sizeof key, "s%d", ++b->unnumbered);
    else
        snprintf(key, sizeof key, "s%d", b->unnumbered);
    if (part > 1)
        snprintf(key + strlen(key), sizeof key - strlen(key), "~%d", part);
    u->key = strdup(key);
    u->number = si->number ? strdup(si->number) : NULL;
    u->heading = si->heading ? strdup(si->heading) : NULL;
    u->path = copy_path(si->path, si->npath);
    u->npath = si->npath;
    u->part = part;
    u->text = text;
    u->page_at = map.at;
    u->npage_at = map.n;
    char *caps = join_lines(ls, a, e, true, NULL);
    if (caps && *caps)
        u->captions = caps;
    else
        free(caps);
    for (size_t i = a; i < e; i++) {
        const tline *l = &ls->items[i];
        if (blank(l) || l->page < 0)
            continue;
        if (u->page_first < 0)
            u->page_first = l->page;
        u->page_last = l->page;
    }
    u->page_first_label = page_label(b->doc, u->page_first);
    u->page_last_label = page_label(b->doc, u->page_last);
    u->pages_printed = u->page_first >= 0 && b->doc->pages[u->page_first].printed &&
                       b->doc->pages[u->page_last].printed;
    u->footnotes = footnotes_of(ls, a, e);
}

/* Emits lines [a, e) as one unit, or as parts cut at paragraph ends when
 * longer than max_chars.  A heading with no text of its own under it
 * ("2 ARBEIDSVILKÅR …" right before "2.1 …") is no unit: it lives on in
 * its children's heading paths; a leaf heading without text ("9.1
 * Nøkkeltall" over a table the extraction could not read) is one, so the
 * section and its page stay findable.  Body text starts at line body_from. */
static void emit_section(builder *b, const section_info *si, const lines *ls, size_t a, size_t e,
                         size_t body_from)
{
    bool has_body = false;
    for (size_t i = body_from; i < e && !has_body; i++)
        has_body = !blank(&ls->items[i]) && !is_caption(&ls->items[i]);
    if (!has_body && si->heading && !si->leaf)
        return;
    size_t total = 0;
    for (size_t i = a; i < e; i++)
        total += ls->items[i].len + 1;
    if (total <= b->max_chars) {
        emit(b, si, ls, a, e, 0);
        return;
    }
    int part = 1;
    size_t start = a, size = 0, last_break = 0;
    for (size_t i = a; i < e; i++) {
        size += ls->items[i].len + 1;
        if (blank(&ls->items[i]))
            last_break = i;
        if (size > b->max_chars && i > start) {
            size_t cut = last_break > start ? last_break : i;
            emit(b, si, ls, start, cut, part++);
            start = cut;
            size = 0;
            for (size_t k = start; k <= i; k++)
                size += ls->items[k].len + 1;
            last_break = 0;
        }
    }
    emit(b, si, ls, start, e, part);
}

static void free_candidates(candidate *cs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(cs[i].title);
    free(cs);
}

static char *heading_text(const candidate *c, const lines *ls)
{
    const tline *l = &ls->items[c->line];
    size_t i = 0;
    while (i < l->len && isspace((unsigned char)l->s[i]))
        i++;
    char num[48];
    size_t k = 0;
    while (i < l->len && (isdigit((unsigned char)l->s[i]) || l->s[i] == '.') && k < 40)
        num[k++] = l->s[i++];
    if (k && num[k - 1] == '.')
        k--;
    num[k] = '\0';
    size_t n = strlen(num) + strlen(c->title) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s %s", num, c->title);
    return out;
}

/* The first line of the text before the outline, when short enough to be
 * its heading ("Fra presidenten"); malloc'd or NULL. */
static char *preamble_heading(const lines *ls, size_t end)
{
    for (size_t i = 0; i < end; i++) {
        const tline *l = &ls->items[i];
        if (blank(l) || is_caption(l))
            continue;
        size_t s = 0, n = l->len;
        while (s < n && isspace((unsigned char)l->s[s]))
            s++;
        while (n > s && isspace((unsigned char)l->s[n - 1]))
            n--;
        if (n - s > 80 || ends_sentence(l))
            return NULL;
        return strndup(l->s + s, n - s);
    }
    return NULL;
}

/* Splits at the chain of numbered headings; the text before the first one
 * becomes its own unnumbered unit. */
static void split_numbered(builder *b, const lines *ls, candidate *cs, const size_t *chain,
                           size_t nchain)
{
    char *stack[MAX_LEVELS] = {0};
    int stack_depth[MAX_LEVELS];
    size_t nstack = 0;
    if (cs[chain[0]].line > 0) {
        char *heading = preamble_heading(ls, cs[chain[0]].line);
        char *path[1] = {heading};
        section_info pre = {NULL, heading, heading ? path : NULL, heading ? 1 : 0, false};
        emit_section(b, &pre, ls, 0, cs[chain[0]].line, 0);
        free(heading);
    }
    for (size_t k = 0; k < nchain && b->rc == 0; k++) {
        candidate *c = &cs[chain[k]];
        while (nstack > 0 && stack_depth[nstack - 1] >= c->depth)
            free(stack[--nstack]);
        if (nstack == MAX_LEVELS)
            free(stack[--nstack]);
        stack[nstack] = heading_text(c, ls);
        stack_depth[nstack++] = c->depth;
        char *number = strndup(stack[nstack - 1], strcspn(stack[nstack - 1], " "));
        bool leaf = k + 1 == nchain || cs[chain[k + 1]].depth <= c->depth;
        section_info si = {number, c->title, stack, nstack, leaf};
        size_t end = k + 1 < nchain ? cs[chain[k + 1]].line : ls->n;
        size_t title_line = title_after_bare_number(ls, c->line);
        size_t body_from = (title_line ? title_line : c->line) + 1 + c->extra;
        emit_section(b, &si, ls, c->line, end, body_from);
        free(number);
    }
    while (nstack > 0)
        free(stack[--nstack]);
}

/* ---- a numbered outline with holes ------------------------------------- */

static const char *page_of(const builder *b, const lines *ls, const candidate *c)
{
    int page = ls->items[c->line].page;
    return page >= 0 && (size_t)page < b->doc->npages ? b->doc->pages[page].label : "?";
}

static void number_text(const candidate *c, char *out, size_t n)
{
    size_t w = 0;
    for (int j = 0; j < c->depth && w < n; j++)
        w += (size_t)snprintf(out + w, n - w, j ? ".%d" : "%d", c->num[j]);
}

static bool number_in_chain(const candidate *c, const candidate *cs, const size_t *chain,
                            size_t nchain)
{
    for (size_t k = 0; k < nchain; k++) {
        const candidate *o = &cs[chain[k]];
        if (o->depth == c->depth && memcmp(o->num, c->num, sizeof(int) * (size_t)c->depth) == 0)
            return true;
    }
    return false;
}

/* Losing a chapter must not pass in silence: a skip in the chosen outline,
 * and a line set as a numbered heading whose number the outline lacks
 * (it goes back, or stands out of order), are warnings naming the page.
 * A styled line whose number the outline has is a list's item. */
static void warn_outline(builder *b, const lines *ls, const candidate *cs, size_t n,
                         const size_t *chain, size_t nchain)
{
    char from[32], to[32];
    for (size_t k = 1; k < nchain; k++) {
        const candidate *a = &cs[chain[k - 1]], *c = &cs[chain[k]];
        if (follows(a->num, a->depth, c->num, c->depth) == 1)
            continue;
        number_text(a, from, sizeof from);
        number_text(c, to, sizeof to);
        kdoc_warn(b->doc, "the numbered outline skips from %s to %s (page %s): headings between "
                  "them may be lost", from, to, page_of(b, ls, c));
    }
    for (size_t j = 0; j < n; j++) {
        if (!cs[j].styled || cs[j].weight <= 0 || number_in_chain(&cs[j], cs, chain, nchain))
            continue;
        number_text(&cs[j], to, sizeof to);
        kdoc_warn(b->doc, "heading \"%s %.60s\" (page %s) is out of order in the numbered "
                  "outline; indexed as text of the section before it", to, cs[j].title,
                  page_of(b, ls, &cs[j]));
    }
}

/* ---- unnumbered headings ----------------------------------------------- */

/* Shorter than this, the text before the first heading is only a title. */
#define TINY_PREAMBLE 300

static size_t text_size_range(const lines *ls, size_t a, size_t e)
{
    size_t total = 0;
    for (size_t i = a; i < e; i++)
        total += ls->items[i].len + 1;
    return total;
}

static bool ends_sentence(const tline *l)
{
    size_t n = l->len;
    while (n && isspace((unsigned char)l->s[n - 1]))
        n--;
    return n && strchr(".:;,!?", l->s[n - 1]);
}

static bool starts_lower(const tline *l)
{
    size_t s = 0;
    while (s < l->len && isspace((unsigned char)l->s[s]))
        s++;
    unsigned char c = s < l->len ? (unsigned char)l->s[s] : 0;
    return islower(c) || (c == 0xC3 && s + 1 < l->len && (unsigned char)l->s[s + 1] >= 0xA0);
}

/* A short line standing alone after a blank line, without end punctuation,
 * leading into text: "Antall LIS1-stillinger må økes". */
static bool plain_heading(const lines *ls, size_t i)
{
    const tline *l = &ls->items[i];
    if (blank(l) || is_caption(l) || l->len > 120 || l->len < 8 || ends_sentence(l))
        return false;
    if (i > 0 && !blank(&ls->items[i - 1]) && ls->items[i - 1].page == l->page)
        return false;
    if (i + 1 >= ls->n || blank(&ls->items[i + 1]) || is_caption(&ls->items[i + 1]))
        return false;
    size_t s = 0;
    while (s < l->len && isspace((unsigned char)l->s[s]))
        s++;
    unsigned char c = (unsigned char)l->s[s];
    bool upper = isupper(c) || (c == 0xC3 && (unsigned char)l->s[s + 1] < 0x9F);
    char *copy = strndup(l->s + s, l->len - s);
    bool ok = upper && copy && count_words(copy) <= 15 && !strstr(copy, "http");
    free(copy);
    return ok;
}

static size_t code_points(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static int by_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* The width of a full line of running text: the 95th percentile. */
static size_t typical_width(const lines *ls)
{
    size_t *w = malloc((ls->n + 1) * sizeof *w), n = 0;
    if (!w)
        return 0;
    for (size_t i = 0; i < ls->n; i++)
        if (!blank(&ls->items[i]))
            w[n++] = code_points(ls->items[i].s, ls->items[i].len);
    size_t width = 0;
    if (n) {
        qsort(w, n, sizeof *w, by_size);
        width = w[n * 95 / 100];
    }
    free(w);
    return width;
}

/* Did the line end before the margin?  A line that wrapped because the
 * next word did not fit is running text, however heading-like it looks. */
static bool ended_early(const lines *ls, size_t i, size_t width)
{
    const tline *l = &ls->items[i], *next = &ls->items[i + 1];
    size_t s = 0;
    while (s < next->len && isspace((unsigned char)next->s[s]))
        s++;
    size_t e = s;
    while (e < next->len && !isspace((unsigned char)next->s[e]))
        e++;
    size_t len = l->len;
    while (len && isspace((unsigned char)l->s[len - 1]))
        len--;
    return code_points(l->s, len) + 1 + code_points(next->s + s, e - s) < width * 95 / 100;
}

/* How many lines a heading the layout styled takes (a run of lines in one
 * heading style, at most three); 0 when line i opens no such heading: it
 * continues one, or the run is a bold paragraph ending a sentence. */
static size_t styled_heading(const lines *ls, size_t i)
{
    const tline *l = &ls->items[i];
    if (i > 0 && ls->items[i - 1].rank == l->rank && !blank(&ls->items[i - 1]) &&
        ls->items[i - 1].page == l->page)
        return 0;
    size_t j = i;
    while (j < ls->n && j < i + 4 && ls->items[j].rank == l->rank && !blank(&ls->items[j]))
        j++;
    const tline *last = &ls->items[j - 1];
    bool question = last->len && last->s[last->len - 1] == '?';
    if (j - i > 3 || (ends_sentence(last) && !question) || is_caption(l))
        return 0;
    return j - i;
}

/* How many lines the heading at line i takes; 0 when it is none. */
static size_t heading_at(const lines *ls, size_t i, size_t width)
{
    if (ls->items[i].rank > 0)
        return styled_heading(ls, i);
    return plain_heading(ls, i) && ended_early(ls, i, width) ? 1 : 0;
}

/* The heading's lines as one title. */
static char *heading_of(const lines *ls, size_t i, size_t nlines)
{
    kbuf out;
    kbuf_init(&out, KBUF_NO_CAP);
    for (size_t k = i; k < i + nlines; k++) {
        const tline *l = &ls->items[k];
        size_t s = 0, n = l->len;
        while (s < n && isspace((unsigned char)l->s[s]))
            s++;
        while (n > s && isspace((unsigned char)l->s[n - 1]))
            n--;
        if (out.len)
            kbuf_putc(&out, ' ');
        kbuf_append(&out, l->s + s, n - s);
    }
    return kbuf_take(&out);
}

static void split_plain(builder *b, const lines *ls)
{
    size_t start = 0, width = typical_width(ls), heading_lines = 0, found = 0;
    char *heading = NULL;
    for (size_t i = 1; i <= ls->n && b->rc == 0; i++) {
        if (i < ls->n && !(found = heading_at(ls, i, width)))
            continue;
        if (i < ls->n && start == 0 && !heading && text_size_range(ls, 0, i) < TINY_PREAMBLE) {
            /* a title block alone is no unit: it opens the first section,
             * which is still this heading's when the layout set it as one */
            if (ls->items[i].rank > 0)
                heading = heading_of(ls, i, found), heading_lines = 0;
            continue;
        }
        char *path[1] = {heading};
        section_info si = {NULL, heading, heading ? path : NULL, heading ? 1 : 0, false};
        emit_section(b, &si, ls, start, i, start + heading_lines);
        free(heading);
        heading = i < ls->n ? heading_of(ls, i, found) : NULL;
        heading_lines = i < ls->n ? found : 0;
        start = i;
    }
    free(heading);
}

/* ---- entry points ------------------------------------------------------ */

static size_t text_size(const lines *ls)
{
    return text_size_range(ls, 0, ls->n);
}

static void split_lines_of(builder *b, lines *ls)
{
    pthread_once(&re_once, compile_re);
    ls->width = typical_width(ls);
    size_t n = 0, cap = 64;
    candidate *cs = malloc(cap * sizeof *cs);
    for (size_t i = 0; cs && i < ls->n && n < MAX_CANDIDATES; i++) {
        if (n == cap) {
            candidate *grown = realloc(cs, (cap *= 2) * sizeof *cs);
            if (!grown)
                break;
            cs = grown;
        }
        if (read_candidate(ls, i, &cs[n]))
            n++;
    }
    size_t *chain = n ? malloc(n * sizeof *chain) : NULL;
    size_t nchain = 0;
    if (chain) {
        weigh(cs, n, ls);
        nchain = best_chain(cs, n, chain);
    }
    if (nchain >= 3) {
        warn_outline(b, ls, cs, n, chain, nchain);
        split_numbered(b, ls, cs, chain, nchain);
    }
    else if (text_size(ls) > b->max_chars)
        split_plain(b, ls);
    else {
        section_info whole = {NULL, NULL, NULL, 0, false};
        emit_section(b, &whole, ls, 0, ls->n, 0);
    }
    free(chain);
    if (cs)
        free_candidates(cs, n);
}

/* Sections the format declared (HTML headings, Markdown, XML records). */
static void split_declared(builder *b)
{
    const kdoc *doc = b->doc;
    size_t total = 0;
    bool explicit_units = false;
    for (size_t i = 0; i < doc->nsections; i++) {
        total += strlen(doc->sections[i].text) + 1;
        explicit_units |= doc->sections[i].number || doc->sections[i].page_first;
    }
    if (!explicit_units && total <= b->max_chars) {
        lines ls = {0};
        for (size_t p = 0; p < doc->npages; p++)
            lines_from_text(&ls, doc->pages[p].text, -1);
        section_info whole = {NULL, NULL, NULL, 0, false};
        emit_section(b, &whole, &ls, 0, ls.n, 0);
        lines_free(&ls);
        return;
    }
    for (size_t i = 0; i < doc->nsections && b->rc == 0; i++) {
        const ksection *s = &doc->sections[i];
        lines ls = {0};
        char *heading = NULL;
        if (s->title) {
            size_t n = strlen(s->title) + (s->number ? strlen(s->number) : 0) + 3;
            heading = malloc(n);
            snprintf(heading, n, "%s%s%s", s->number ? s->number : "", s->number ? " " : "",
                     s->title);
            lines_push(&ls, heading, strlen(heading), -1, 0);
        }
        lines_from_text(&ls, s->text, -1);
        char *path[1] = {heading};
        section_info si = {s->number, s->title, heading ? path : NULL, heading ? 1 : 0, false};
        size_t before = b->out->n;
        emit_section(b, &si, &ls, 0, ls.n, heading ? 1 : 0);
        for (size_t u = before; u < b->out->n; u++) {
            kunit *unit = &b->out->items[u];
            if (s->page_first && !unit->page_first_label) {
                unit->page_first_label = strdup(s->page_first);
                unit->page_last_label = strdup(s->page_last ? s->page_last : s->page_first);
            }
        }
        free(heading);
        lines_free(&ls);
    }
}

/* Captions the format gave without a place (HTML figures) go to the first unit. */
static void attach_document_captions(const kdoc *doc, kunits *out)
{
    if (!doc->ncaptions || !out->n)
        return;
    kunit *u = &out->items[0];
    size_t total = u->captions ? strlen(u->captions) + 1 : 0;
    for (size_t i = 0; i < doc->ncaptions; i++)
        total += strlen(doc->captions[i]) + 1;
    char *all = malloc(total + 1), *w = all;
    if (!all)
        return;
    if (u->captions)
        w += sprintf(w, "%s\n", u->captions);
    for (size_t i = 0; i < doc->ncaptions; i++)
        w += sprintf(w, "%s\n", doc->captions[i]);
    w[-1] = '\0';
    free(u->captions);
    u->captions = all;
}

int split_document(kdoc *doc, size_t max_chars, kunits *out)
{
    builder b = {doc, max_chars, out, 0, 0};
    if (doc->nsections > 0) {
        split_declared(&b);
    } else {
        lines ls = {0};
        for (size_t p = 0; p < doc->npages && b.rc == 0; p++)
            b.rc = lines_from_text(&ls, doc->pages[p].text, doc->paged ? (int)p : -1);
        if (b.rc == 0)
            split_lines_of(&b, &ls);
        lines_free(&ls);
    }
    if (b.rc == 0 && out->n == 0) {
        lines none = {0};
        section_info whole = {NULL, doc->title, NULL, 0, false};
        emit(&b, &whole, &none, 0, 0, 0); /* an empty document still gets its one unit */
    }
    attach_document_captions(doc, out);
    return b.rc;
}
