/*
 * Unit tests for lib/compound.c: the rules on a small lexicon of our own
 * (parts, linking letters, byte offsets, the never-split list), real
 * examples on the Norwegian lexicon, and the accuracy on the judged words
 * of tests/data/compounds.tsv (run from the repository root).
 */
#include "testhelp.h"
#include "compound.h"

#include <time.h>

/* Accuracy measured when the rules and lists were last tuned: 413/430
 * (96.0 %; 115/120 on the words kept out of the tuning).  The floor sits a
 * little below, so that a change that makes the splitter worse fails. */
#define ACCURACY_FLOOR 93.0

/* The split of word as "part|part", or "" when it stays whole. */
static const char *split_str(const klexicon *lx, const klexicon *never, const char *word)
{
    static char buf[512];
    kcompound c;
    buf[0] = '\0';
    if (kcompound_split(lx, never, word, strlen(word), &c) != 0)
        return "(error)";
    for (size_t i = 0; i < c.n; i++) {
        if (i)
            strcat(buf, "|");
        strncat(buf, word + c.part[i].start, c.part[i].len);
    }
    return buf;
}

static klexicon *small_lexicon(const char *words)
{
    klexicon *lx = klexicon_new();
    char w[64];
    for (const char *p = words; *p;) {
        size_t n = strcspn(p, " ");
        snprintf(w, sizeof w, "%.*s", (int)n, p);
        klexicon_add(lx, w, n);
        p += n + (p[n] == ' ');
    }
    return lx;
}

TEST(splits_into_known_parts)
{
    klexicon *lx = small_lexicon("sykehus økonomi forskning institutt lege liv tjenesten allmenn "
                                 "allmennlege studie plasser barn hage helse tjeneste");
    CHECK_STR(split_str(lx, NULL, "sykehusøkonomi"), "sykehus|økonomi");
    CHECK_STR(split_str(lx, NULL, "legeliv"), "lege|liv");
    CHECK_STR(split_str(lx, NULL, "studieplasser"), "studie|plasser");
    /* fewest parts: the largest words, not allmenn|lege|tjenesten */
    CHECK_STR(split_str(lx, NULL, "allmennlegetjenesten"), "allmennlege|tjenesten");
    CHECK_STR(split_str(lx, NULL, "allmennlege"), "allmenn|lege");
    /* as many as four parts */
    CHECK_STR(split_str(lx, NULL, "helsetjenesteforskningsinstitutt"), "helse|tjeneste|forskning|institutt");
    CHECK_STR(split_str(lx, NULL, "økonomi"), "");
    CHECK_STR(split_str(lx, NULL, "sykehusøkonomix"), "");
    klexicon_free(lx);
}

TEST(linking_letters_belong_to_no_part)
{
    klexicon *lx = small_lexicon("forskning institutt barn hage");
    kcompound c;
    const char *w = "forskningsinstitutt";
    CHECK_INT(kcompound_split(lx, NULL, w, strlen(w), &c), 0);
    CHECK_INT(c.n, 2);
    CHECK_INT(c.part[0].start, 0);
    CHECK_INT(c.part[0].len, 9); /* forskning */
    CHECK_INT(c.part[1].start, 10); /* the s at 9 is neither's */
    CHECK_INT(c.part[1].len, 9);
    CHECK_STR(split_str(lx, NULL, "barnehage"), "barn|hage");
    klexicon_free(lx);
}

TEST(offsets_are_bytes)
{
    klexicon *lx = small_lexicon("sykehus økonomi");
    kcompound c;
    const char *w = "sykehusøkonomi";
    kcompound_split(lx, NULL, w, strlen(w), &c);
    CHECK_INT(c.n, 2);
    CHECK_INT(c.part[1].start, 7);
    CHECK_INT(c.part[1].len, 8); /* ø is two bytes */
    klexicon_free(lx);
}

TEST(short_parts_of_listed_words_stay_whole)
{
    /* "betale" and "ansatte" are words: not bet|ale, an|satte */
    klexicon *lx = small_lexicon("betale bet ale ansatte an satte syke hus sykehus");
    CHECK_STR(split_str(lx, NULL, "betale"), "");
    CHECK_STR(split_str(lx, NULL, "ansatte"), "");
    CHECK_STR(split_str(lx, NULL, "sykehus"), "");
    klexicon_free(lx);
    /* an unlisted word may have one 3-letter part, not two */
    lx = small_lexicon("bre lin syke hus");
    CHECK_STR(split_str(lx, NULL, "brelin"), "");
    CHECK_STR(split_str(lx, NULL, "sykehus"), "syke|hus");
    klexicon_free(lx);
}

TEST(never_split_list)
{
    klexicon *lx = small_lexicon("sykehus økonomi opp gave helse");
    klexicon *never = small_lexicon("sykehusøkonomi");
    CHECK_STR(split_str(lx, never, "sykehusøkonomi"), "");
    CHECK_STR(split_str(lx, never, "helseøkonomi"), "helse|økonomi");
    klexicon_free(never);
    never = small_lexicon("-økonomi");  /* never the last part */
    CHECK_STR(split_str(lx, never, "sykehusøkonomi"), "");
    CHECK_STR(split_str(lx, never, "økonomihelse"), "økonomi|helse");
    klexicon_free(never);
    never = small_lexicon("opp-");  /* never before another part */
    CHECK_STR(split_str(lx, never, "oppgave"), "");
    CHECK_STR(split_str(lx, never, "helseopp"), "helse|opp");
    klexicon_free(never);
    never = small_lexicon("-opp-");  /* never a part */
    CHECK_STR(split_str(lx, never, "helseopp"), "");
    klexicon_free(never);
    klexicon_free(lx);
}

TEST(bad_arguments)
{
    klexicon *lx = small_lexicon("sykehus økonomi");
    kcompound c = {.n = 3};
    CHECK_INT(kcompound_split(NULL, NULL, "sykehusøkonomi", 15, &c), -1);
    CHECK_INT(c.n, 0);
    CHECK_INT(kcompound_split(lx, NULL, NULL, 0, &c), -1);
    CHECK_INT(kcompound_split(lx, NULL, "x", 1, NULL), -1);
    CHECK_STR(split_str(lx, NULL, ""), "");
    char longword[KCOMPOUND_MAX_WORD + 20] = "";
    while (strlen(longword) + 16 < sizeof longword)
        strcat(longword, "sykehusøkonomi");
    CHECK_STR(split_str(lx, NULL, longword), "");
    klexicon_free(lx);
}

static bool have_debian_lists(const klexicon *lx)
{
    if (klexicon_size(lx) > 1000000)
        return true;
    printf("  skipped: the Norwegian lexicon has only %zu words (package wnorwegian missing?)\n",
           klexicon_size(lx));
    return false;
}

TEST(real_norwegian_words)
{
    const klexicon *lx = klexicon_norwegian(), *never = kcompound_never_split();
    CHECK(never != NULL);
    if (!have_debian_lists(lx))
        return;
    CHECK_STR(split_str(lx, never, "sykehusøkonomi"), "sykehus|økonomi");
    CHECK_STR(split_str(lx, never, "forskningsinstitutt"), "forskning|institutt");
    CHECK_STR(split_str(lx, never, "allmennlegetjenesten"), "allmennlege|tjenesten");
    CHECK_STR(split_str(lx, never, "studieplasser"), "studie|plasser");
    CHECK_STR(split_str(lx, never, "legeforeningen"), "lege|foreningen");
    CHECK_STR(split_str(lx, never, "høringsinnspill"), "høring|innspill");
    CHECK_STR(split_str(lx, never, "primærhelsetjenesten"), "primær|helsetjenesten");
    CHECK_STR(split_str(lx, never, "arbeidstid"), "arbeid|tid");
    CHECK_STR(split_str(lx, never, "folketrygden"), "folke|trygden");
    CHECK_STR(split_str(lx, never, "legeliv"), "lege|liv");
    /* simple words that split into known words by accident */
    static const char *const whole[] = {
        "ansatte", "betale", "kvinne", "resultat", "område", "ordning", "sikkerhet",
        "oppgave", "pasienten", "kommentarer", "medlemskap", "spennende", "tilsyn",
        "samarbeid", "kontroll", "stortinget",
    };
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        CHECK_STR(split_str(lx, never, whole[i]), "");
}

/* Reads tests/data/compounds.tsv and compares; prints the misses. */
TEST(accuracy_on_judged_words)
{
    const klexicon *lx = klexicon_norwegian(), *never = kcompound_never_split();
    FILE *f = fopen("tests/data/compounds.tsv", "r");
    CHECK(f != NULL);
    if (!f || !have_debian_lists(lx)) {
        if (f)
            fclose(f);
        return;
    }
    char line[512];
    int total = 0, right = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        CHECK(tab != NULL);
        if (!tab)
            continue;
        *tab = '\0';
        const char *got = split_str(lx, never, line);
        total++;
        if (strcmp(got, tab + 1) == 0)
            right++;
        else
            printf("  %-28s judged %-28s split %s\n", line, *(tab + 1) ? tab + 1 : "(whole)",
                   *got ? got : "(whole)");
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fclose(f);
    double pct = total ? 100.0 * right / total : 0;
    double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / (total ? total : 1);
    printf("compounds: %d/%d split as judged (%.1f %%), %.1f µs a word\n", right, total, pct, us);
    CHECK(total >= 150);
    CHECK(pct >= ACCURACY_FLOOR);
}

int main(void)
{
    RUN(splits_into_known_parts);
    RUN(linking_letters_belong_to_no_part);
    RUN(offsets_are_bytes);
    RUN(short_parts_of_listed_words_stay_whole);
    RUN(never_split_list);
    RUN(bad_arguments);
    RUN(real_norwegian_words);
    RUN(accuracy_on_judged_words);
    return TEST_REPORT();
}
