/*
 * Unit tests for lib/synonyms.c: reading the editable synonyms file (and
 * its mistakes, each named by file and line), looking words and phrases
 * up whatever their case and spacing, words in several groups, and the
 * real schemas/synonyms.conf.
 */
#include <stdio.h>
#include <stdlib.h>

#include "synonyms.h"
#include "testhelp.h"
#include "tmpdir.h"

/* The alternatives of phrase joined by "|", or "" for none. */
typedef struct collect {
    char text[2048];
    size_t calls, stop_after;
} collect;

static int collect_alt(const char *alt, void *arg)
{
    collect *c = arg;
    if (c->text[0])
        strncat(c->text, "|", sizeof c->text - strlen(c->text) - 1);
    strncat(c->text, alt, sizeof c->text - strlen(c->text) - 1);
    c->calls++;
    return c->stop_after && c->calls >= c->stop_after;
}

static const char *alts(const ksynonyms *s, const char *phrase)
{
    static collect c;
    memset(&c, 0, sizeof c);
    size_t n = ksynonyms_each(s, phrase, collect_alt, &c);
    if (n != c.calls)
        return "(count differs from calls)";
    return c.text;
}

static ksynonyms *parse_ok(const char *text)
{
    ksynonyms *s = NULL;
    kerr err = {0, ""};
    int rc = ksynonyms_parse(&s, text, "test.conf", &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "  %s\n", err.msg);
    return s;
}

/* Parsing fails with this message (exactly). */
static void check_error(const char *text, const char *message)
{
    ksynonyms *s = (ksynonyms *)1;
    kerr err = {0, ""};
    CHECK_INT(ksynonyms_parse(&s, text, "schemas/synonyms.conf", &err), KERR_SCHEMA);
    CHECK(s == NULL);
    CHECK_INT(err.code, KERR_SCHEMA);
    CHECK_STR(err.msg, message);
}

TEST(parses_a_good_file)
{
    ksynonyms *s = parse_ok("# Forkortelser\n"
                            "\n"
                            "LIS1 = lege i spesialisering del 1 = LIS del 1\n"
                            "   # an indented comment\n"
                            "Nmf = Norsk medisinstudentforening   # after a space: a comment\n"
                            "\t \n"
                            "Ylf=Yngre legers forening\n" /* no spaces around = */
                            /* no newline at the end */
                            "KBU = klinisk basisutdanning = Klinisk Basisuddannelse");
    CHECK(s != NULL);
    CHECK_INT(ksynonyms_groups(s), 4);
    CHECK_INT(ksynonyms_max_words(s), 5); /* lege i spesialisering del 1 */
    CHECK_STR(alts(s, "lis1"), "lege i spesialisering del 1|lis del 1");
    CHECK_STR(alts(s, "nmf"), "norsk medisinstudentforening");
    CHECK_STR(alts(s, "ylf"), "yngre legers forening");
    CHECK_STR(alts(s, "kbu"), "klinisk basisutdanning|klinisk basisuddannelse");
    CHECK_STR(alts(s, "klinisk basisuddannelse"), "kbu|klinisk basisutdanning");
    CHECK_STR(alts(s, "forkortelser"), ""); /* comments are no groups */
    CHECK_STR(alts(s, "a comment"), "");
    ksynonyms_free(s);

    /* empty and comment-only files hold nothing */
    s = parse_ok("");
    CHECK_INT(ksynonyms_groups(s), 0);
    CHECK_INT(ksynonyms_max_words(s), 0);
    CHECK_STR(alts(s, "nmf"), "");
    ksynonyms_free(s);
    s = parse_ok("# only\n\n   # comments\n");
    CHECK_INT(ksynonyms_groups(s), 0);
    ksynonyms_free(s);

    /* CRLF line ends and a byte-order mark, as an editor on Windows saves */
    s = parse_ok("\xEF\xBB\xBF"
                 "EPJ = elektronisk pasientjournal\r\n"
                 "HOD = Helse- og omsorgsdepartementet\r\n");
    CHECK_STR(alts(s, "epj"), "elektronisk pasientjournal");
    CHECK_STR(alts(s, "hod"), "helse- og omsorgsdepartementet");
    ksynonyms_free(s);

    /* "#" inside a word is no comment */
    s = parse_ok("C# = csharp\n");
    CHECK_STR(alts(s, "csharp"), "c#");
    ksynonyms_free(s);
}

TEST(names_file_and_line_of_each_mistake)
{
    check_error("# one\nLIS1\n",
                "schemas/synonyms.conf:2: a group needs at least two alternatives");
    check_error("Nmf = Norsk medisinstudentforening\n\n\nLefo   # only one\n",
                "schemas/synonyms.conf:4: a group needs at least two alternatives");
    check_error("a = b\nKBU = KBU\n",
                "schemas/synonyms.conf:2: a group needs at least two different alternatives");
    check_error("Nmf = nmf\n",
                "schemas/synonyms.conf:1: a group needs at least two different alternatives");
    check_error("a = b\nc = = d\n",
                "schemas/synonyms.conf:2: an empty alternative (\"= =\", or \"=\" at an end)");
    check_error("EPJ =\n",
                "schemas/synonyms.conf:1: an empty alternative (\"= =\", or \"=\" at an end)");
    check_error("a = b\r\n= EPJ\r\n",
                "schemas/synonyms.conf:2: an empty alternative (\"= =\", or \"=\" at an end)");
    check_error("a = b\nc = d\nEPJ = \t  # nothing after\n",
                "schemas/synonyms.conf:3: an empty alternative (\"= =\", or \"=\" at an end)");
    check_error("x = --\n",
                "schemas/synonyms.conf:1: the alternative '--' has no letters or digits");
    check_error("a = b\nNmf = Norsk \xF8 forening\n",
                "schemas/synonyms.conf:2: not UTF-8 (byte 13); save the file as UTF-8");

    /* 1000 bytes are fine, 1001 are not (the line end not counted) */
    char line[1100];
    memset(line, 'a', sizeof line);
    memcpy(line, "x = ", 4);
    line[1000] = '\n';
    line[1001] = '\0';
    ksynonyms *s = parse_ok(line);
    CHECK_INT(ksynonyms_groups(s), 1);
    ksynonyms_free(s);
    char text[1200];
    line[1000] = 'a';
    line[1001] = '\0';
    snprintf(text, sizeof text, "a = b\n\n%s\nc = d\n", line);
    check_error(text, "schemas/synonyms.conf:3: a line over 1000 bytes");
    /* a comment too */
    line[0] = '#';
    snprintf(text, sizeof text, "%s\n", line);
    check_error(text, "schemas/synonyms.conf:1: a line over 1000 bytes");

    /* the message names the file as the caller called it; err may be NULL */
    ksynonyms *t = NULL;
    kerr err = {0, ""};
    CHECK_INT(ksynonyms_parse(&t, "alene\n", "mine.conf", &err), KERR_SCHEMA);
    CHECK_STR(err.msg, "mine.conf:1: a group needs at least two alternatives");
    CHECK_INT(ksynonyms_parse(&t, "alene\n", "mine.conf", NULL), KERR_SCHEMA);
    CHECK(t == NULL);
}

TEST(looks_up_words_and_phrases_in_any_case_and_spacing)
{
    ksynonyms *s = parse_ok("NMF   =   Norsk    Medisinstudentforening\n"
                            "EPJ = elektronisk\tpasientjournal\n"
                            "LIS1 = LIS1-stilling = lege i spesialisering del 1\n"
                            "Ø-hjelp = øyeblikkelig hjelp\n"
                            "ÆRESRÅD = Rådet for legeetikk\n");
    CHECK_STR(alts(s, "nmf"), "norsk medisinstudentforening");
    CHECK_STR(alts(s, "NMF"), "norsk medisinstudentforening");
    CHECK_STR(alts(s, "Nmf"), "norsk medisinstudentforening");
    CHECK_STR(alts(s, "norsk medisinstudentforening"), "nmf");
    CHECK_STR(alts(s, "  Norsk \t  MEDISINSTUDENTFORENING "), "nmf");
    CHECK_STR(alts(s, "elektronisk pasientjournal"), "epj");
    CHECK_STR(alts(s, "epj"), "elektronisk pasientjournal");
    /* a phrase is whole: neither its first word nor more words match */
    CHECK_STR(alts(s, "elektronisk"), "");
    CHECK_STR(alts(s, "pasientjournal"), "");
    CHECK_STR(alts(s, "elektronisk pasientjournal system"), "");
    CHECK_STR(alts(s, "norsk"), "");
    /* hyphens are kept in what is given; a lookup may write them or not */
    CHECK_STR(alts(s, "lis1"), "lis1-stilling|lege i spesialisering del 1");
    CHECK_STR(alts(s, "lis1-stilling"), "lis1|lege i spesialisering del 1");
    CHECK_STR(alts(s, "lis1 stilling"), "lis1|lege i spesialisering del 1");
    CHECK_STR(alts(s, "LIS1-STILLING"), "lis1|lege i spesialisering del 1");
    /* letters beyond ASCII lower-case as well */
    CHECK_STR(alts(s, "ø-hjelp"), "øyeblikkelig hjelp");
    CHECK_STR(alts(s, "Ø-HJELP"), "øyeblikkelig hjelp");
    CHECK_STR(alts(s, "ØYEBLIKKELIG HJELP"), "ø-hjelp");
    CHECK_STR(alts(s, "æresråd"), "rådet for legeetikk");
    CHECK_STR(alts(s, "rådet for legeetikk"), "æresråd");
    /* nothing there */
    CHECK_STR(alts(s, ""), "");
    CHECK_STR(alts(s, "   "), "");
    CHECK_STR(alts(s, "--"), "");
    CHECK_STR(alts(s, "ylf"), "");
    CHECK_STR(alts(s, "nm"), "");
    CHECK_STR(alts(s, "nmff"), "");
    CHECK_INT(ksynonyms_max_words(s), 5);
    CHECK_INT(ksynonyms_each(NULL, "nmf", collect_alt, NULL), 0);
    CHECK_INT(ksynonyms_each(s, NULL, collect_alt, NULL), 0);
    CHECK_INT(ksynonyms_each(s, "lis1", NULL, NULL), 2); /* fn NULL counts */
    CHECK_INT(ksynonyms_max_words(NULL), 0);
    ksynonyms_free(s);
    ksynonyms_free(NULL);
}

TEST(gives_every_group_of_a_word_once)
{
    ksynonyms *s = parse_ok("Of = Overlegeforeningen = Norsk overlegeforening\n"
                            "OF = overlegeforeningen = Of-leder\n"  /* repeats Of's group in part */
                            "LIS = lege i spesialisering\n"
                            "LIS = leger i spesialisering = lege i spesialisering\n"
                            "Legeforeningen = Den norske legeforening\n"
                            "Den norske legeforening = DNLF\n"
                            "a = b = c\n"
                            "c = d\n"
                            "d = a\n");
    CHECK_INT(ksynonyms_groups(s), 9);
    CHECK_STR(alts(s, "of"), "overlegeforeningen|norsk overlegeforening|of-leder");
    CHECK_STR(alts(s, "overlegeforeningen"), "of|norsk overlegeforening|of-leder");
    CHECK_STR(alts(s, "lis"), "lege i spesialisering|leger i spesialisering");
    CHECK_STR(alts(s, "lege i spesialisering"), "lis|leger i spesialisering");
    CHECK_STR(alts(s, "den norske legeforening"), "legeforeningen|dnlf");
    CHECK_STR(alts(s, "legeforeningen"), "den norske legeforening"); /* not transitive */
    CHECK_STR(alts(s, "dnlf"), "den norske legeforening");
    CHECK_STR(alts(s, "a"), "b|c|d");
    CHECK_STR(alts(s, "c"), "a|b|d");
    CHECK_STR(alts(s, "d"), "c|a");

    /* fn stops the walk: the count includes the call that stopped it */
    collect c;
    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    CHECK_INT(ksynonyms_each(s, "a", collect_alt, &c), 2);
    CHECK_STR(c.text, "b|c");
    memset(&c, 0, sizeof c);
    c.stop_after = 1;
    CHECK_INT(ksynonyms_each(s, "of", collect_alt, &c), 1);
    CHECK_STR(c.text, "overlegeforeningen");
    ksynonyms_free(s);
}

TEST(ignores_accents_but_keeps_norwegian_letters)
{
    ksynonyms *s = parse_ok("Comité Permanent = CP\n"
                            "Médecins = Medecins du monde = leger\n"
                            "Råd = styre\n");
    /* the accent is a spelling detail: typed with or without, the same group */
    CHECK_STR(alts(s, "comite permanent"), "cp");
    CHECK_STR(alts(s, "COMITÉ PERMANENT"), "cp");
    CHECK_STR(alts(s, "cp"), "comité permanent");
    CHECK_STR(alts(s, "medecins"), "medecins du monde|leger");
    CHECK_STR(alts(s, "médécins"), "medecins du monde|leger");
    /* å, æ and ø are letters of their own: "rad" is not "råd" */
    CHECK_STR(alts(s, "råd"), "styre");
    CHECK_STR(alts(s, "rad"), "");
    ksynonyms_free(s);
}

TEST(loads_files)
{
    char path[320];
    CHECK_INT(tmpdir_make("/tmp/kilde-synonyms.XXXXXX"), 0);
    snprintf(path, sizeof path, "%s", at("s.conf"));
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("# test\nLefo = Legeforskningsinstituttet\nFoo\n", f);
    fclose(f);
    ksynonyms *s = (ksynonyms *)1;
    kerr err = {0, ""};
    CHECK_INT(ksynonyms_load(&s, path, &err), KERR_SCHEMA);
    CHECK(s == NULL);
    char expected[400];
    snprintf(expected, sizeof expected, "%s:3: a group needs at least two alternatives", path);
    CHECK_STR(err.msg, expected);

    f = fopen(path, "w");
    fputs("Lefo = Legeforskningsinstituttet\n", f);
    fclose(f);
    CHECK_INT(ksynonyms_load(&s, path, &err), 0);
    CHECK_STR(alts(s, "lefo"), "legeforskningsinstituttet");
    ksynonyms_free(s);

    /* a NUL byte is a mistake too, on its line */
    f = fopen(path, "wb");
    fwrite("a = b\nc = d\0\n", 1, 13, f);
    fclose(f);
    CHECK_INT(ksynonyms_load(&s, path, &err), KERR_SCHEMA);
    snprintf(expected, sizeof expected, "%s:2: a NUL byte; save the file as UTF-8 text", path);
    CHECK_STR(err.msg, expected);

    snprintf(path, sizeof path, "%s", at("missing.conf"));
    CHECK_INT(ksynonyms_load(&s, path, &err), KERR_IO);
    CHECK(s == NULL);
    CHECK_CONTAINS(err.msg, "missing.conf: cannot open synonyms file");
    tmpdir_remove();
}

TEST(reads_the_real_file)
{
    ksynonyms *s = NULL;
    kerr err = {0, ""};
    int rc = ksynonyms_load(&s, "schemas/synonyms.conf", &err);
    CHECK_INT(rc, 0);
    if (rc) {
        fprintf(stderr, "  %s\n", err.msg);
        return;
    }
    CHECK(ksynonyms_groups(s) >= 20);
    CHECK(ksynonyms_max_words(s) >= 5);
    CHECK_STR(alts(s, "nmf"), "norsk medisinstudentforening");
    CHECK_STR(alts(s, "norsk medisinstudentforening"), "nmf");
    CHECK_STR(alts(s, "epj"), "elektronisk pasientjournal|elektroniske pasientjournaler");
    CHECK_STR(alts(s, "elektronisk pasientjournal"), "epj|elektroniske pasientjournaler");
    CHECK_STR(alts(s, "lefo"), "legeforskningsinstituttet");
    CHECK_STR(alts(s, "legeforskningsinstituttet"), "lefo");
    CHECK_STR(alts(s, "LEFO"), "legeforskningsinstituttet");
    CHECK_STR(alts(s, "ylf"), "yngre legers forening");
    CHECK_STR(alts(s, "hod"), "helse- og omsorgsdepartementet");
    CHECK_STR(alts(s, "helse- og omsorgsdepartementet"), "hod");
    CHECK_STR(alts(s, "helse og omsorgsdepartementet"), "hod");
    CHECK_CONTAINS(alts(s, "lis1"), "lege i spesialisering del 1");
    CHECK_CONTAINS(alts(s, "kbu"), "klinisk basisuddannelse");
    CHECK_CONTAINS(alts(s, "regionale helseforetakene"), "rhf");
    CHECK_STR(alts(s, "legeforeningen"), ""); /* plain words stay plain */
    CHECK_STR(alts(s, "spekter"), "");
    CHECK_STR(alts(s, "ki"), "");
    CHECK_CONTAINS(alts(s, "comite permanent des medecins europeens"), "cpme");
    CHECK_CONTAINS(alts(s, "Comité Permanent des Médecins Européens"), "cpme");
    ksynonyms_free(s);

    /* path NULL finds the same file through the schema directory */
    CHECK_INT(ksynonyms_load(&s, NULL, &err), 0);
    CHECK_STR(alts(s, "nmf"), "norsk medisinstudentforening");
    ksynonyms_free(s);
}

int main(void)
{
    RUN(parses_a_good_file);
    RUN(names_file_and_line_of_each_mistake);
    RUN(looks_up_words_and_phrases_in_any_case_and_spacing);
    RUN(gives_every_group_of_a_word_once);
    RUN(ignores_accents_but_keeps_norwegian_letters);
    RUN(loads_files);
    RUN(reads_the_real_file);
    return TEST_REPORT();
}
