/*
 * Unit tests for searchd's snippets (snippet.c) and proximity ranking
 * (proximity.c), on passages of the corpus: which words are marked (the
 * query's words and their inflections, never stop words the query left
 * out), which passage is chosen, the "…" at cut ends, HTML escaping; and
 * how closeness is measured from the positions of a real index.
 */
#include <stdlib.h>

#include "proximity.h"
#include "query.h"
#include "snippet.h"
#include "testhelp.h"
#include "tmpdir.h"

/* From the annual report (tests/data/seeds/004), section 4.2. */
static const char hearings[] =
    "4.2 Legeforeningens arbeid med høringer\n"
    "I 2024 behandlet Legeforeningen totalt 92 høringer. I tillegg er det ved årsskiftet 14 "
    "høringer som er under behandling og ferdigstilles i 2025. Dette inkluderer både interne og "
    "eksterne høringer. Antallet besvarte høringer har økt noe sammenlignet med 2023, men er "
    "fortsatt innenfor hva man kan forvente. 107 eksterne høringer ble avvist. En samlet oversikt "
    "over alle Legeforeningens besvarte og avviste høringer for 2024 finnes i vedlegg til "
    "årsmeldingen. Legeforeningens ferdige høringsuttalelser er tilgjengelige på Legeforeningens "
    "nettsider, under “Høringer”.";

static kx_stem *stem;

static sd_marks marks_of(const char *const *words, bool prefix)
{
    sd_marks m = {.n = 0};
    for (size_t i = 0; words[i]; i++)
        sd_marks_add(&m, words[i], prefix, stem);
    return m;
}

static char *snip(const char *const *words, const char *text, size_t max)
{
    sd_marks m = marks_of(words, false);
    return sd_snippet(&m, stem, text, strlen(text), max);
}

TEST(marks_the_words_and_their_inflections)
{
    const char *q[] = {"høring", "legeforeningen", NULL};
    char *s = snip(q, hearings, 300);
    CHECK(s != NULL);
    CHECK_CONTAINS(s, "4.2 <b>Legeforeningens</b> arbeid med <b>høringer</b>\n");
    CHECK_CONTAINS(s, "behandlet <b>Legeforeningen</b> totalt 92 <b>høringer</b>.");

    free(s);
}

TEST(marks_a_compound_holding_a_word_whole)
{
    const char *q[] = {"økonomi", NULL};
    char *s = snip(q, "\"Tre grep for en bedre sykehusøkonomi\", vedtatt i august.", 300);
    CHECK_STR(s, "\"Tre grep for en bedre <b>sykehusøkonomi</b>\", vedtatt i august.");
    free(s);
}

TEST(leaves_unasked_words_unmarked)
{
    /* "i" is a stop word: the query builder leaves it out of the marks */
    const char *q[] = {"2024", "behandlet", NULL};
    char *s = snip(q, hearings, 300);
    CHECK_CONTAINS(s, "I <b>2024</b> <b>behandlet</b> Legeforeningen");
    CHECK(strstr(s, "<b>I</b>") == NULL);
    free(s);
}

TEST(chooses_the_passage_with_most_words)
{
    /* both words first stand together late in the text */
    const char *q[] = {"avvist", "107", NULL};
    char *s = snip(q, hearings, 200);
    CHECK(strncmp(s, "…", strlen("…")) == 0);
    CHECK_CONTAINS(s, "<b>107</b> eksterne høringer ble <b>avvist</b>.");
    CHECK(strlen(s) < 200 + 40);
    free(s);
    /* a passage starts where its sentence starts */
    const char *q2[] = {"oversikt", NULL};
    s = snip(q2, hearings, 200);
    CHECK(strncmp(s, "…En samlet <b>oversikt</b> over", 30) == 0);
    const char *q3[] = {"tilgjengelige", NULL};
    char *t = snip(q3, hearings, 100);
    CHECK_STR(t, "…Legeforeningens ferdige høringsuttalelser er <b>tilgjengelige</b> på "
                 "Legeforeningens nettsider, under…");
    free(t);
    /* with no sentence start near, a few words before the first match */
    const char *q4[] = {"under", NULL};
    t = snip(q4, "en lang rekke ord uten punktum som fortsetter og fortsetter videre helt til "
                 "ordet under kommer til slutt", 60);
    CHECK_STR(t, "…og fortsetter videre helt til ordet <b>under</b> kommer til slutt");
    free(t);
    free(s);
}

TEST(cuts_at_words_and_says_so)
{
    const char *q[] = {"arbeid", NULL};
    char *s = snip(q, hearings, 120);
    CHECK(strncmp(s, "4.2 Legeforeningens <b>arbeid</b>", 30) == 0); /* from the start: no … */
    size_t n = strlen(s);
    CHECK(n > strlen("…") && strcmp(s + n - strlen("…"), "…") == 0);
    CHECK(strstr(s, "ferdigstilles") == NULL);
    free(s);
}

TEST(whole_short_text_has_no_ellipsis)
{
    const char *q[] = {"lis1", NULL};
    char *s = snip(q, "Antall LIS1-stillinger må økes.", 300);
    CHECK_STR(s, "Antall <b>LIS1</b>-stillinger må økes.");
    free(s);
}

TEST(escapes_html)
{
    const char *q[] = {"kvalitet", NULL};
    char *s = snip(q, "Pasienter & <leger> krever kvalitet.", 300);
    CHECK_STR(s, "Pasienter &amp; &lt;leger&gt; krever <b>kvalitet</b>.");
    free(s);
}

TEST(without_a_match_shows_the_start)
{
    const char *q[] = {"tannhelse", NULL};
    char *s = snip(q, hearings, 100);
    CHECK(strncmp(s, "4.2 Legeforeningens arbeid med høringer", 40) == 0);
    free(s);
    const char *none[] = {NULL};
    s = snip(none, "", 100);
    CHECK_STR(s, "");
    free(s);
}

TEST(prefix_words_mark_every_continuation)
{
    const char *q[] = {"hørings", NULL};
    sd_marks m = marks_of(q, true);
    char *s = sd_snippet(&m, stem, hearings + 460, strlen(hearings + 460), 300);
    CHECK_CONTAINS(s, "<b>høringsuttalelser</b>");
    CHECK(strstr(s, "<b>høringer") == NULL);
    free(s);
}

TEST(marks_are_bounded)
{
    sd_marks m = {.n = 0};
    char word[16];
    for (int i = 0; i < 100; i++) {
        snprintf(word, sizeof word, "ord%d", i);
        sd_marks_add(&m, word, false, stem);
    }
    CHECK_INT((int)m.n, SD_MARKS_MAX);
    sd_marks_add(&m, "ord1", false, stem); /* already there */
    CHECK_INT((int)m.n, SD_MARKS_MAX);
    char long_word[200];
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    sd_marks none = {.n = 0};
    sd_marks_add(&none, long_word, false, stem);
    CHECK_INT((int)none.n, 0);
}

TEST(mark_text_keeps_the_whole_quote)
{
    /* a position's quote: marked from its first word to its last, with
     * what stands after the last word (a bracket and a full stop) kept,
     * where a snippet would say "…" */
    const char *q[] = {"lis1", "stortinget", NULL};
    sd_marks m = marks_of(q, false);
    const char quote[] = "«Legeforeningen ber Stortinget: Anmode regjeringen om å øke antall "
                         "LIS1-stillinger (i tråd med behovet).» ";
    char *s = sd_mark_text(&m, stem, quote, strlen(quote));
    CHECK_STR(s, "«Legeforeningen ber <b>Stortinget</b>: Anmode regjeringen om å øke antall "
                 "<b>LIS1</b>-stillinger (i tråd med behovet).» ");
    free(s);
    /* past the snippet's window, and escaped */
    sd_marks none = {.n = 0};
    s = sd_mark_text(&none, stem, hearings, strlen(hearings));
    CHECK(strstr(s, "…") == NULL);
    CHECK_CONTAINS(s, "under “Høringer”.");
    free(s);
    s = sd_mark_text(&none, stem, "a < b & c", 9);
    CHECK_STR(s, "a &lt; b &amp; c");
    free(s);
    s = sd_mark_text(&none, stem, "", 0);
    CHECK_STR(s, "");
    free(s);
}

/* ---- proximity over a real index ----------------------------------------- */

static unsigned add_text(kx_db *db, kx_termgen *tg, const char *text)
{
    kx_doc *doc = NULL;
    kx_error x;
    unsigned id = 0;
    kx_doc_new(&doc, &x);
    kx_termgen_set_document(tg, doc);
    kx_termgen_index_text(tg, text, strlen(text), 1, "", &x);
    kx_db_add_document(db, &id, doc, &x);
    kx_doc_free(doc);
    return id;
}

static sd_query_words near_words(const char *a, const char *b)
{
    sd_query_words w = {.n_near = 2};
    strcpy(w.near[0], a);
    strcpy(w.near[1], b);
    return w;
}

TEST(proximity_measures_the_closest_stretch)
{
    kx_db *db = NULL;
    kx_termgen *tg = NULL;
    kx_error x;
    CHECK_INT(kx_db_open(&db, at("db"), KX_DB_CREATE_OR_OPEN, &x), KX_OK);
    CHECK_INT(kx_termgen_new(&tg, stem, &x), KX_OK);
    unsigned side_by_side = add_text(db, tg, "Bedre sykehusøkonomi krever sykehus økonomi nå");
    unsigned apart = add_text(db, tg, "sykehus har mange gode leger og dårlig økonomi");
    unsigned one = add_text(db, tg, "sykehus uten penger");
    kx_db_commit(db, &x);
    sd_query_words w = near_words("sykehus", "økonomi");
    CHECK(sd_proximity(db, side_by_side, &w) == 1.0);
    double far = sd_proximity(db, apart, &w);
    CHECK(far > 0.1 && far < 0.2); /* 7 positions apart: 1/7 */
    CHECK(sd_proximity(db, one, &w) == 0.0);
    sd_query_words single = {.n_near = 1};
    strcpy(single.near[0], "sykehus");
    CHECK(sd_proximity(db, side_by_side, &single) == 0.0);
    kx_termgen_free(tg);
    kx_db_close(db);
}

int main(void)
{
    kx_error x;
    if (tmpdir_make("/tmp/kilde-snippet.XXXXXX") < 0 || kx_stem_new(&stem, "norwegian", &x))
        return 1;
    RUN(marks_the_words_and_their_inflections);
    RUN(marks_a_compound_holding_a_word_whole);
    RUN(leaves_unasked_words_unmarked);
    RUN(chooses_the_passage_with_most_words);
    RUN(cuts_at_words_and_says_so);
    RUN(whole_short_text_has_no_ellipsis);
    RUN(escapes_html);
    RUN(without_a_match_shows_the_start);
    RUN(prefix_words_mark_every_continuation);
    RUN(marks_are_bounded);
    RUN(mark_text_keeps_the_whole_quote);
    RUN(proximity_measures_the_closest_stretch);
    kx_stem_free(stem);
    tmpdir_remove();
    return TEST_REPORT();
}
