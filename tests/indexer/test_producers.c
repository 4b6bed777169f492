/* The seed texts as LibreOffice, Chromium and groff set them
 * (tests/data/producers, made by tools/make-producer-pdfs.sh), read
 * through the same stages as the indexer and held to the ground truth in
 * expected.json: every numbered section with its title and the page number
 * printed where it starts, each page's printed number, no running header
 * or footnote in any unit's text, footnotes in their field, the title a
 * reader sees, line-end hyphens read as the text means them, and the
 * rule examples in rules/ (a header on a letter's page 2 only, a heading
 * over two lines, a list item numbered like a heading, a caption under a
 * heading, headings only the outline names, a sentence over a page break
 * with footnotes between). */
#include <jansson.h>

#include "buf.h"
#include "repair.h"
#include "stage_helpers.h"
#include "testhelp.h"

#define DIR "tests/data/producers/"

static kpatterns *pat;

typedef struct read_doc {
    kdoc doc;
    kunits units;
    char *all_text;   /* every unit's text, joined */
    char *all_fields; /* and their captions, footnotes and heading paths */
} read_doc;

static int read_pdf(read_doc *r, const char *file)
{
    char path[512];
    snprintf(path, sizeof path, DIR "%s", file);
    kclean_stats cs = {0};
    kerr err = {0};
    memset(r, 0, sizeof *r);
    int rc = stage_all(&r->doc, &r->units, path, pat, &cs, &err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        return rc;
    }
    kbuf text, fields;
    kbuf_init(&text, KBUF_NO_CAP);
    kbuf_init(&fields, KBUF_NO_CAP);
    for (size_t i = 0; i < r->units.n; i++) {
        const kunit *u = &r->units.items[i];
        for (size_t k = 0; k < u->npath; k++) /* a heading without text of its own */
            kbuf_append(&fields, u->path[k], strlen(u->path[k])), kbuf_putc(&fields, '\n');
        const char *parts[] = {u->text, u->captions, u->footnotes};
        for (size_t k = 0; k < 3; k++) {
            if (!parts[k])
                continue;
            if (k == 0)
                kbuf_append(&text, parts[k], strlen(parts[k])), kbuf_putc(&text, '\n');
            kbuf_append(&fields, parts[k], strlen(parts[k]));
            kbuf_putc(&fields, '\n');
        }
    }
    r->all_text = kbuf_take(&text);
    r->all_fields = kbuf_take(&fields);
    return 0;
}

static void read_free(read_doc *r)
{
    kunits_free(&r->units);
    kdoc_free(&r->doc);
    free(r->all_text);
    free(r->all_fields);
}

/* Compares with white space folded: a title set over two lines is one. */
static bool same_words(const char *a, const char *b)
{
    while (*a || *b) {
        while (*a == ' ' || *a == '\n')
            a++;
        while (*b == ' ' || *b == '\n')
            b++;
        if (*a != *b)
            return false;
        if (*a)
            a++, b++;
    }
    return true;
}

static const kunit *unit_numbered(const kunits *units, const char *number)
{
    for (size_t i = 0; i < units->n; i++)
        if (units->items[i].number && strcmp(units->items[i].number, number) == 0)
            return &units->items[i];
    return NULL;
}

/* A heading with no text of its own lives on in its children's paths. */
static const char *title_in_paths(const kunits *units, const char *number)
{
    size_t n = strlen(number);
    for (size_t i = 0; i < units->n; i++)
        for (size_t k = 0; k < units->items[i].npath; k++) {
            const char *p = units->items[i].path[k];
            if (strncmp(p, number, n) == 0 && p[n] == ' ')
                return p + n + 1;
        }
    return NULL;
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Every numbered section: found, titled as set, cited at its printed page. */
static void check_sections(const char *file, const read_doc *r, json_t *sections)
{
    size_t i;
    json_t *s;
    json_array_foreach(sections, i, s) {
        const char *number = str(s, "number"), *title = str(s, "title");
        const char *printed = str(s, "printed_page");
        const kunit *u = unit_numbered(&r->units, number);
        const char *found = u ? u->heading : title_in_paths(&r->units, number);
        if (!found) {
            fprintf(stderr, "  %s: section %s not found\n", file, number);
            CHECK(found != NULL);
            continue;
        }
        if (!same_words(found, title))
            fprintf(stderr, "  %s: %s titled \"%s\", set as \"%s\"\n", file, number, found, title);
        CHECK(same_words(found, title));
        if (u && printed) {
            if (!u->page_first_label || strcmp(u->page_first_label, printed) != 0)
                fprintf(stderr, "  %s: %s cited at page %s, printed %s\n", file, number,
                        u->page_first_label, printed);
            CHECK(u->page_first_label && strcmp(u->page_first_label, printed) == 0);
            CHECK(u->pages_printed);
        }
    }
    for (size_t a = 0; a < r->units.n; a++) /* no number goes to two units */
        for (size_t b = a + 1; b < r->units.n; b++)
            if (r->units.items[a].number && r->units.items[b].number &&
                !r->units.items[b].part && !r->units.items[a].part)
                CHECK(strcmp(r->units.items[a].number, r->units.items[b].number) != 0);
}

/* "1/2" as Chromium prints it is page 1. */
static void check_printed_pages(const char *file, const read_doc *r, json_t *pages)
{
    const char *key;
    json_t *v;
    json_object_foreach(pages, key, v) {
        size_t p = (size_t)atoi(key) - 1;
        const char *label = json_string_value(v);
        if (!label || p >= r->doc.npages)
            continue; /* a page that prints no number may take its run's */
        char want[32];
        snprintf(want, sizeof want, "%.*s", (int)strcspn(label, "/"), label);
        bool ok = r->doc.pages[p].printed && strcmp(r->doc.pages[p].label, want) == 0;
        if (!ok)
            fprintf(stderr, "  %s: page %zu labelled %s (printed %d), prints %s\n", file, p + 1,
                    r->doc.pages[p].label, r->doc.pages[p].printed, label);
        CHECK(ok);
    }
}

static void check_absent(const char *file, const read_doc *r, const char *text, const char *what)
{
    if (text && strstr(r->all_text, text))
        fprintf(stderr, "  %s: %s \"%s\" in a unit's text\n", file, what, text);
    CHECK(!text || !strstr(r->all_text, text));
}

/* A running header or footer is a line of its own: the line it was, with
 * or without its page number, must be in no unit ("Tidsskr Nor Legeforen
 * 2026 doi: …", the article's citation line, is text). */
static bool furniture_line_in(const char *text, const char *furniture)
{
    size_t n = strlen(furniture);
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len >= n && strncmp(p, furniture, n) == 0 &&
            strspn(p + n, " 0123456789") >= len - n)
            return true;
        p = nl ? nl + 1 : NULL;
    }
    return false;
}

static void check_furniture(const char *file, const read_doc *r, json_t *entry)
{
    const char *keys[] = {"running_header", "running_footer"};
    for (size_t k = 0; k < 2; k++) {
        json_t *f = json_object_get(entry, keys[k]);
        const char *text = json_is_string(f) ? json_string_value(f) : str(f, "text");
        bool in = text && furniture_line_in(r->all_text, text);
        if (in)
            fprintf(stderr, "  %s: %s \"%s\" in a unit's text\n", file, keys[k], text);
        CHECK(!in);
    }
}

static bool in_footnotes(const read_doc *r, const char *text)
{
    for (size_t i = 0; i < r->units.n; i++)
        if (r->units.items[i].footnotes && strstr(r->units.items[i].footnotes, text))
            return true;
    return false;
}

/* Footnotes are a field of their own, never in the running text. */
static void check_footnotes(const char *file, const read_doc *r, json_t *notes)
{
    size_t i;
    json_t *n;
    json_array_foreach(notes, i, n) {
        char start[32];
        snprintf(start, sizeof start, "%.20s", str(n, "text40"));
        char *q = strstr(start, "\xE2\x80\x99"); /* repair writes ' for ’ */
        if (q)
            memmove(q + 1, q + 3, strlen(q + 3) + 1), *q = '\'';
        check_absent(file, r, start, "footnote");
        if (!in_footnotes(r, start))
            fprintf(stderr, "  %s: footnote \"%s\" not in a footnotes field\n", file, start);
        CHECK(in_footnotes(r, start));
    }
}

/* A hyphen that only broke a word goes (groff's soft hyphens, "represen-"
 * "tanter"); a real one stays, or goes where the joined word is known and
 * the hyphenated one is not ("medie-" "kanaler" reads "mediekanaler", as
 * the repair rule says; "Facebook-brukere" is held in check_rules). */
static bool reads_as(const read_doc *r, const char *reads, const char *line_end, bool real)
{
    if (strstr(r->all_fields, reads))
        return true;
    char joined[256]; /* "sørge-" "for-ansvar" joined: "sørgefor-ansvar" */
    size_t cut = strlen(line_end) - 1, start = 0;
    const char *at = strstr(reads, line_end);
    if (!at || cut == 0)
        return false;
    start = (size_t)(at - reads);
    snprintf(joined, sizeof joined, "%.*s%s", (int)(start + cut), reads, at + cut + 1);
    return real && strstr(r->all_fields, joined);
}

static void check_hyphens(const char *file, const read_doc *r, json_t *hyphens, size_t *seen,
                          size_t *right)
{
    size_t i;
    json_t *h;
    json_array_foreach(hyphens, i, h) {
        const char *reads = str(h, "reads");
        bool real = strcmp(str(h, "kind"), "real") == 0;
        bool ok = reads && reads_as(r, reads, str(h, "line_end"), real);
        (*seen)++;
        *right += ok;
        if (!ok && real) {
            fprintf(stderr, "  %s: \"%s\" does not read as \"%s\"\n", file, str(h, "line_end"),
                    reads);
            CHECK(ok);
        }
    }
}

/* A letter's unnumbered headings, each heading a unit of its own. */
static void check_headings(const char *file, const read_doc *r, json_t *headings)
{
    size_t i;
    json_t *h;
    json_array_foreach(headings, i, h) {
        bool found = false;
        for (size_t k = 0; k < r->units.n && !found; k++)
            found = r->units.items[k].heading &&
                    same_words(r->units.items[k].heading, json_string_value(h));
        if (!found)
            fprintf(stderr, "  %s: no unit headed \"%s\"\n", file, json_string_value(h));
        CHECK(found);
    }
}

static void check_rules(const char *file, const read_doc *r, json_t *e)
{
    json_t *v;
    size_t i;
    json_array_foreach(json_object_get(e, "list_items_not_headings"), i, v)
        for (size_t k = 0; k < r->units.n; k++) {
            const kunit *u = &r->units.items[k];
            char heading[512];
            snprintf(heading, sizeof heading, "%s %s", u->number ? u->number : "",
                     u->heading ? u->heading : "");
            CHECK(!same_words(heading, str(v, "text")));
        }
    json_array_foreach(json_object_get(e, "hyphenated_words"), i, v)
        CHECK(strstr(r->all_text, json_string_value(v)) != NULL);
    json_array_foreach(json_object_get(e, "joined_words"), i, v)
        CHECK(strstr(r->all_text, json_string_value(v)) != NULL);
    json_t *sentence = json_object_get(e, "sentence_over_page_break");
    if (sentence) { /* the phrase reads on over the page, footnotes and furniture left out */
        char phrase[256];
        snprintf(phrase, sizeof phrase, "%s\n%s", str(sentence, "before"), str(sentence, "after"));
        CHECK_CONTAINS(r->all_text, phrase);
    }
    json_t *caption = json_object_get(e, "caption");
    if (caption) { /* a caption, not the heading above it, nor in the text */
        const kunit *u = unit_numbered(&r->units, str(caption, "after_heading"));
        CHECK(u && u->captions && strstr(u->captions, "KUNNSKAPSDELING"));
        check_absent(file, r, "KUNNSKAPSDELING", "caption");
    }
}

static void check_file(json_t *e, size_t *hyphens_seen, size_t *hyphens_right)
{
    const char *file = str(e, "file");
    read_doc r;
    CHECK_INT(read_pdf(&r, file), 0);
    if (!r.all_text)
        return;
    check_sections(file, &r, json_object_get(e, "sections"));
    check_sections(file, &r, json_object_get(e, "wrapped_headings"));
    check_headings(file, &r, json_object_get(e, "headings"));
    check_printed_pages(file, &r, json_object_get(e, "printed_pages"));
    check_furniture(file, &r, e);
    check_footnotes(file, &r, json_object_get(e, "footnotes"));
    check_hyphens(file, &r, json_object_get(e, "line_end_hyphens"), hyphens_seen, hyphens_right);
    check_hyphens(file, &r, json_object_get(e, "hyphen_breaks"), hyphens_seen, hyphens_right);
    check_rules(file, &r, e);
    const char *title = str(e, "visible_title");
    bool junk_metadata = !str(e, "metadata_title") || strstr(str(e, "metadata_title"), ".html") ||
                         strncmp(str(e, "metadata_title"), "Dokument", 8) == 0;
    if (title && junk_metadata) {
        if (!r.doc.title || strcmp(r.doc.title, title) != 0)
            fprintf(stderr, "  %s: titled \"%s\", the first page shows \"%s\"\n", file,
                    r.doc.title, title);
        CHECK_STR(r.doc.title, title);
    }
    read_free(&r);
}

TEST(producers_pdfs_hold_to_their_ground_truth)
{
    json_error_t jerr;
    json_t *truth = json_load_file(DIR "expected.json", 0, &jerr);
    CHECK(truth != NULL);
    size_t i, seen = 0, right = 0;
    json_t *e;
    json_array_foreach(json_object_get(truth, "files"), i, e)
        check_file(e, &seen, &right);
    /* groff breaks Norwegian words by English patterns; most must join */
    fprintf(stderr, "  line-end hyphens read as meant: %zu of %zu\n", right, seen);
    CHECK(seen > 0 && right * 100 >= seen * 90);
    json_decref(truth);
}

/* The letter's header stands on page 2 only: its place and type tell. */
TEST(a_header_on_one_page_of_a_letter_is_furniture)
{
    read_doc r;
    CHECK_INT(read_pdf(&r, "rules/brev-topptekst-bare-side-2.pdf"), 0);
    CHECK(r.doc.npages == 2 && r.doc.furniture_lines >= 1);
    CHECK(r.all_text && !strstr(r.all_text, "Den norske legeforening"));
    read_free(&r);
}

/* Without printed numbers or labels a unit says so rather than pretend. */
TEST(pages_without_numbers_are_not_printed)
{
    read_doc r;
    CHECK_INT(read_pdf(&r, "rules/uten-sidetall.pdf"), 0);
    for (size_t i = 0; i < r.units.n; i++)
        CHECK(!r.units.items[i].pages_printed);
    read_free(&r);
    CHECK_INT(read_pdf(&r, "rules/sidetall-40-av-65.pdf"), 0);
    for (size_t i = 0; i < r.units.n; i++)
        CHECK(r.units.items[i].pages_printed);
    CHECK_STR(r.units.items[0].page_first_label, "40");
    read_free(&r);
}

int main(void)
{
    kerr err = {0};
    if (patterns_load(&pat, "schemas/patterns.conf", &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(producers_pdfs_hold_to_their_ground_truth);
    RUN(a_header_on_one_page_of_a_letter_is_furniture);
    RUN(pages_without_numbers_are_not_printed);
    patterns_free(pat);
    return TEST_REPORT();
}
