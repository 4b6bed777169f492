/*
 * Unit tests for searchd's query lexer (querylex.c) and the protocol's
 * "did you mean" helpers (protocol.c): each slip a person makes in a query
 * must come back as bad_query naming the place, and what Xapian's parser
 * receives must be the canonical spelling.  No index needed; the socket
 * tests (test_protocol.py) cover the rest end to end.
 */
#include <stdlib.h>

#include "closest.h"
#include "protocol.h"
#include "querylex.h"
#include "testhelp.h"

/* The rendered query, or the error message when lexing fails. */
static char *lexed(const char *q, bool drop_stopwords)
{
    static sdq_lexed lx;
    sd_error err = {0};
    if (sdq_lex(&lx, q, &err) != 0)
        return strdup(err.msg);
    return sdq_render(&lx, drop_stopwords, NULL);
}

static void check_render(const char *q, bool drop, const char *expected)
{
    char *got = lexed(q, drop);
    CHECK_STR(got, expected);
    free(got);
}

static void check_error(const char *q, const char *words)
{
    static sdq_lexed lx;
    sd_error err = {0};
    int rc = sdq_lex(&lx, q, &err);
    CHECK_INT(rc, -1);
    CHECK_INT(err.code, SD_BAD_QUERY);
    CHECK_CONTAINS(err.msg, words);
}

TEST(renders_canonical_fields_and_types)
{
    check_render("Tittel:årsmelding høringer", false, "tittel:årsmelding høringer");
    check_render("title:\"et godt legeliv\"", false, "tittel:\"et godt legeliv\"");
    check_render("author:hermansen", false, "forfatter:hermansen");
    check_render("type:Høringsinnspill", false, "type:horingsinnspill");
    check_render("TYPE:årsmelding", false, "type:arsmelding");
    check_render("År:2019..2024 -ord +krav", false, "år:2019..2024 -ord +krav");
    check_render("year:2024", false, "år:2024");
    check_render("(a OR b) NOT c", false, "( a OR b ) NOT c");
    check_render("\"to ord\" hør*", false, "\"to ord\" hør*");
    check_render("  ", false, "");
    /* words in lower case, so Xapian stems them; operators keep theirs */
    check_render("Høringer NEAR/3 Legeforeningen ADJ x", false,
                 "høringer NEAR/3 legeforeningen ADJ x");
    check_render("tittel:Årsmelding NEAR/x", false, "tittel:årsmelding near/x");
}

TEST(drops_stop_words_only_from_plain_queries)
{
    check_render("hvor mange høringer behandlet legeforeningen i 2024", true,
                 "høringer behandlet legeforeningen 2024");
    check_render("I Og Hvor", true, "");
    check_render("i OR og", true, "i OR og"); /* an operator would lose its operand */
    check_render("-i høringer", true, "-i høringer"); /* a signed word is meant */
    check_render("\"i dag\" møter", true, "\"i dag\" møter");
}

TEST(reports_slips_with_their_place)
{
    check_error("\"høringer legeforeningen", "unclosed quote: the '\"' at character 1");
    check_error("æøå \"x", "at character 5"); /* characters, not bytes */
    check_error("tittel:\"open", "unclosed quote");
    check_error("(høringer", "the '(' at character 1 is never closed");
    check_error("((a) b", "the '(' at character 1 is never closed");
    check_error("a)", "the ')' at character 2 closes nothing");
    check_error("()", "empty parentheses at character 1");
    check_error("a AND", "'AND' at character 3 needs a word on its right-hand side");
    check_error("OR a", "'OR' at character 1 needs a word on its left-hand side");
    check_error("a OR OR b", "'OR' at character 3");
    check_error("a OR ) b", "'OR' at character 3");
    check_error("a NOT", "'NOT' at character 3 needs a word on its right side");
    check_error("a NEAR/5", "'NEAR/5' at character 3 needs a word on its right-hand side");
    check_error("NOT NOT a", "'NOT' at character 1 needs a word on its right side");
    check_error("forfattar:rime", "unknown field 'forfattar' at character 1 — did you mean "
                "'forfatter'?");
    check_error("x tittle:a", "at character 3 — did you mean 'tittel'?");
    check_error("kl:10", "unknown field 'kl'");
    check_error("type:artikel", "unknown type 'artikel' at character 1 — did you mean "
                "'artikkel'?");
    check_error("type:rapport", "types: artikkel, horingsinnspill, arsmelding, annet");
    check_error("år:2x24", "år: at character 1 takes a year");
    check_error("år:..", "not '..'");
    check_error("år:\"2024\"", "takes a year");
    check_error("tittel:", "needs a value right after the colon");
    check_error("*", "needs letters before it");
    check_error("a h*ring", "'*' at character 4: '*' works only at the end of a word");
}

TEST(reads_what_people_type)
{
    static const char *const fine[] = {
        "NOT type:annet", "a AND NOT b", "-høringer", "+krav -ord", "år:2019..", "år:..2024",
        "doi:10.1/x", "https://legeforeningen.no", "NB: møte", "10:30", "a - b", "«høringer»",
        "høringer,", "and or not", NULL};
    for (size_t i = 0; fine[i]; i++) {
        static sdq_lexed lx;
        sd_error err = {0};
        th_current = fine[i];
        CHECK_INT(sdq_lex(&lx, fine[i], &err), 0);
    }
}

TEST(too_many_tokens)
{
    static char q[SDQ_MAX_TOKENS * 2 + 8];
    for (size_t i = 0; i < SDQ_MAX_TOKENS + 1; i++)
        memcpy(q + 2 * i, "a ", 2);
    q[2 * (SDQ_MAX_TOKENS + 1)] = '\0';
    check_error(q, "more than 256 words");
}

static char seen[512];

static int collect(const char *word, size_t tok, bool wild, void *arg)
{
    (void)arg;
    size_t n = strlen(seen);
    snprintf(seen + n, sizeof seen - n, "%s/%zu%s|", word, tok, wild ? "*" : "");
    return 0;
}

TEST(lists_plain_words)
{
    static sdq_lexed lx;
    sd_error err;
    seen[0] = '\0';
    CHECK_INT(sdq_lex(&lx, "Høringer, covid-19 -ute +Inne hør* tittel:x \"fra fase\"", &err), 0);
    sdq_words(&lx, collect, NULL);
    CHECK_STR(seen, "høringer/0|covid/1|19/1|inne/3|hør/4*|");
}

TEST(stop_words)
{
    CHECK(sdq_is_stopword("i"));
    CHECK(sdq_is_stopword("hvor"));
    CHECK(sdq_is_stopword("være"));
    CHECK(sdq_is_stopword("å"));
    CHECK(!sdq_is_stopword("høringer"));
    CHECK(!sdq_is_stopword(""));
}

TEST(canonical_types)
{
    char out[SDQ_TYPE_MAX];
    sd_error err;
    CHECK_INT(sdq_canonical_type(out, "Årsmelding", 11, "", &err), 0);
    CHECK_STR(out, "arsmelding");
    CHECK_INT(sdq_canonical_type(out, "annet", 5, "", &err), 0);
    CHECK_STR(out, "annet");
    CHECK_INT(sdq_canonical_type(out, "x", 1, " in filter.type", &err), -1);
    CHECK_STR(err.msg, "unknown type 'x' in filter.type (types: artikkel, horingsinnspill, "
              "arsmelding, annet)");
}

TEST(edit_distance_and_closest)
{
    static const char *const names[] = {"tittel", "forfatter", "type", "år", NULL};
    CHECK_INT(sd_edit_distance("forfattar", "forfatter"), 1);
    CHECK_INT(sd_edit_distance("ar", "år"), 1); /* code points, not bytes */
    CHECK_INT(sd_edit_distance("", "abc"), 3);
    CHECK_INT(sd_edit_distance("kitten", "sitting"), 3);
    CHECK_STR(sd_closest("forfattar", names), "forfatter");
    CHECK_STR(sd_closest("tpye", names), "type");
    CHECK(sd_closest("x", names) == NULL);          /* one letter is no slip of "år" */
    CHECK(sd_closest("publisert", names) == NULL);
}

TEST(error_lines)
{
    size_t len;
    char *line = sd_error_line(SD_TOO_LARGE, "too long", &len);
    CHECK_STR(line, "{\"ok\":false,\"error\":{\"code\":\"too_large\",\"message\":\"too long\"}}\n");
    CHECK_INT(len, strlen(line));
    free(line);
    CHECK_STR(sd_code_name(SD_BUSY), "busy");
    CHECK_STR(sd_code_name(SD_RETRY), "internal");
    CHECK_STR(sd_code_name(99), "internal");
}

int main(void)
{
    RUN(renders_canonical_fields_and_types);
    RUN(drops_stop_words_only_from_plain_queries);
    RUN(reports_slips_with_their_place);
    RUN(reads_what_people_type);
    RUN(too_many_tokens);
    RUN(lists_plain_words);
    RUN(stop_words);
    RUN(canonical_types);
    RUN(edit_distance_and_closest);
    RUN(error_lines);
    return TEST_REPORT();
}
