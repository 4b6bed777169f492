/* Positions, the year a document speaks for, and citations: on the
 * consultation response as LibreOffice set it (the seed's text with its
 * damage mended), every position written out by hand below; on the seeds
 * and the corpus, the period and the citation of a unit of each kind. */
#include <unistd.h>

#include "citation.h"
#include "positions.h"
#include "stage_helpers.h"
#include "testhelp.h"

#define LETTER "tests/data/producers/libreoffice-horingsinnspill.pdf"
#define MATTER "Meld. St. 19 (2023-2024)"

static kpatterns *pat;
static kposrules *rules;

static int read_positions(kdoc *doc, kunits *units, const char *path)
{
    kclean_stats cs = {0};
    kerr err = {0};
    int rc = stage_all(doc, units, path, pat, &cs, &err);
    if (rc == 0)
        rc = positions_find(rules, doc, units);
    return rc;
}

typedef struct want {
    const char *quote_start, *stance, *addressee, *page;
} want;

/* Written from the letter's text, not from the extractor's output. */
static const want letter[] = {
    {"Norge må utdanne flere leger i tråd med nasjonale behov", "krever", NULL, "1"},
    {"Legeforeningen mener det er beklagelig at Profesjonsmeldingen", "mener", NULL, "1"},
    {"Legeforeningen ber Stortinget: Anmode regjeringen om å utdanne flere leger", "ber",
     "Stortinget", "1"},
    {"Antall LIS1-stillinger må økes", "krever", NULL, "2"},
    {"Legeforeningen mener at et for lavt antall LIS1-stillinger", "mener", NULL, "2"},
    {"Legeforeningen ber Stortinget: Anmode regjeringen om å øke antall LIS1-stillinger", "ber",
     "Stortinget", "2"},
    {"Kvaliteten i medisinsk grunnutdanning må opprettholdes", "krever", NULL, "2"},
    {"Legeforeningen mener at medisinstudiet skal være et integrert studieløp", "mener", NULL,
     "2"},
    {"En nasjonal ordning for finansiering av praksisplasser må etableres", "krever", NULL, "3"},
    {"Legeforeningen ser positivt på at det i Profesjonsmeldingen foreslås", "støtter", NULL, "3"},
    {"Legeforeningen ber Stortinget: Anmode regjeringen om å etablere en nasjonal ordning", "ber",
     "Stortinget", "3"},
    {"Kompletterende utdanning for leger utdannet utenfor EØS må holde høy kvalitet", "krever",
     NULL, "4"},
    {"Legeforeningen vil i tillegg bruke muligheten til igjen å påpeke", "mener", NULL, "4"},
    {"Legebestanden må speile befolkningen", "krever", NULL, "4"},
    {"Legeforeningen støtter innføring av kjønnskvoter", "støtter", NULL, "4"},
};

TEST(every_position_of_the_consultation_response)
{
    kdoc doc;
    kunits units = {0};
    CHECK_INT(read_positions(&doc, &units, LETTER), 0);
    size_t n = 0;
    for (size_t i = 0; i < units.n; i++) {
        const kunit *u = &units.items[i];
        if (strcmp(u->kind, KUNIT_KIND_POSITION) != 0)
            continue;
        CHECK(n < sizeof letter / sizeof *letter);
        if (n >= sizeof letter / sizeof *letter)
            break;
        const want *w = &letter[n++];
        if (strncmp(u->text, w->quote_start, strlen(w->quote_start)) != 0)
            fprintf(stderr, "  position %zu: \"%.80s\", expected \"%s …\"\n", n, u->text,
                    w->quote_start);
        CHECK(strncmp(u->text, w->quote_start, strlen(w->quote_start)) == 0);
        CHECK_STR(u->position.stance, w->stance);
        CHECK(w->addressee ? u->position.addressee && !strcmp(u->position.addressee, w->addressee)
                           : !u->position.addressee);
        CHECK_STR(u->position.matter, MATTER);
        CHECK_STR(u->position.speaker, "Legeforeningen");
        CHECK_STR(u->page_first_label, w->page);
        CHECK(u->position.of && strchr(u->key, ':'));
    }
    CHECK_INT(n, sizeof letter / sizeof *letter);
    kunits_free(&units);
    kdoc_free(&doc);
}

/* Inverted order, a coordinated verb, a relative clause, nynorsk, a
 * medical society named as written, what is no stance. */
TEST(the_rules_in_small)
{
    static const struct {
        const char *text, *stance; /* NULL: no position */
        const char *speaker;       /* NULL: Legeforeningen */
    } cases[] = {
        {"I høringssvaret påpekte Legeforeningen at fristen var for kort.", "mener", NULL},
        {"Her la foreningen vekt på betydningen av rekruttering.", "mener", NULL},
        {"Legeforeningen tok ikke stilling til forslaget, men var tydelig på at det haster.",
         "mener", NULL},
        {"Legeforeningen støttet ikke forslaget om en ny ordning.", "går_imot", NULL},
        {"Legeforeningen har påpekt at ventetidene øker og oppfordret regjeringen til å handle.",
         "mener", NULL},
        {"Legeforeningen meiner at fleire legar trengst i distrikta.", "mener", NULL},
        {"Kursholderne, som i hovedsak er fra Legeforeningen, vektlegger praktiske oppgaver.",
         NULL, NULL},
        {"Legeforeningen behandlet 92 høringer i 2024.", NULL, NULL},
        {"Legeforeningen deltok på møtet med statsråden.", NULL, NULL},
        {"Vi er usamde i at kravet skal gjelde fastlegane.", "går_imot", NULL},
        {"Legeforeningen rår departementet til å greie ut saka betre.", "anbefaler", NULL},
        {"Legeforeningen kan ikke støtte forslaget om å fjerne kravet.", "går_imot", NULL},
        {"Legeforeningen frarår at ordningen innføres.", "går_imot", NULL},
        {"Legeforeningen slutter seg til utvalgets tilrådning.", "støtter", NULL},
        {"Sentralstyret i Legeforeningen vedtok å gå imot forslaget.", "går_imot", "Sentralstyret"},
        {"Norsk psykiatrisk forening har lenge påpekt at kapasiteten er for lav.", "mener",
         "Norsk psykiatrisk forening"},
        {"Norsk forening for allmennmedisin anbefaler kortere lister.", "anbefaler",
         "Norsk forening for allmennmedisin"},
        {"Legeforeningen har ingen merknader til forslaget i kapittel 5.", NULL, NULL},
        {"Ifølge Helsedirektoratet mener mange leger at ordningen fungerer.", NULL, NULL},
        {"Legeforeningen ønsker å informere om endringene i tariffavtalen.", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512];
        snprintf(text, sizeof text, "Overskrift\n\n%s\n", cases[i].text);
        kdoc doc;
        kunits units = {0};
        kerr err = {0};
        CHECK_INT(extract_mem_as(&doc, "liten.txt", "text", extract_text, text, strlen(text),
                                 &err), 0);
        kdoc_set(&doc.type, "arsmelding");
        CHECK_INT(split_document(&doc, 6000, &units), 0);
        CHECK_INT(positions_find(rules, &doc, &units), 0);
        const char *got = NULL, *speaker = NULL;
        for (size_t k = 0; k < units.n; k++)
            if (strcmp(units.items[k].kind, KUNIT_KIND_POSITION) == 0) {
                got = units.items[k].position.stance;
                speaker = units.items[k].position.speaker;
            }
        if (cases[i].stance ? !got || strcmp(got, cases[i].stance) : got != NULL)
            fprintf(stderr, "  \"%s\": %s, expected %s\n", cases[i].text, got ? got : "none",
                    cases[i].stance ? cases[i].stance : "none");
        CHECK(cases[i].stance ? got && !strcmp(got, cases[i].stance) : got == NULL);
        if (got)
            CHECK_STR(speaker, cases[i].speaker ? cases[i].speaker : "Legeforeningen");
        kunits_free(&units);
        kdoc_free(&doc);
    }
}

/* A response's positions answer what its title or first page names. */
TEST(the_matter_a_response_answers)
{
    static const struct {
        const char *title, *matter;
    } cases[] = {
        {"Høringssvar – Forslag til endringer i spesialistforskriften",
         "Forslag til endringer i spesialistforskriften"},
        {"Høring - NOU 2023: 4 Tid for handling", "NOU 2023: 4"},
        {"Legeforeningens høringsinnspill til Prop. 12 L (2024–2025)", "Prop. 12 L (2024–2025)"},
        {"Svar på høring om ny lov om pasientjournal", "ny lov om pasientjournal"},
        {"Høyringsfråsegn: Endringar i pasientjournallova", "Endringar i pasientjournallova"},
        {"Notat om legevakt", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s\n\nLegeforeningen støtter forslaget.\n", cases[i].title);
        kdoc doc;
        kunits units = {0};
        kerr err = {0};
        CHECK_INT(extract_mem_as(&doc, "svar.txt", "text", extract_text, text, strlen(text),
                                 &err), 0);
        kdoc_set(&doc.type, "horingsinnspill");
        kdoc_set(&doc.title, cases[i].title);
        CHECK_INT(split_document(&doc, 6000, &units), 0);
        CHECK_INT(positions_find(rules, &doc, &units), 0);
        const char *matter = "(no position)";
        for (size_t k = 0; k < units.n; k++)
            if (strcmp(units.items[k].kind, KUNIT_KIND_POSITION) == 0)
                matter = units.items[k].position.matter;
        if (cases[i].matter ? !matter || strcmp(matter, cases[i].matter) : matter != NULL)
            fprintf(stderr, "  \"%s\": matter %s\n", cases[i].title, matter ? matter : "none");
        CHECK(cases[i].matter ? matter && !strcmp(matter, cases[i].matter) : matter == NULL);
        kunits_free(&units);
        kdoc_free(&doc);
    }
}

/* Positions from the sentences of `text` (a document of `type`) under the
 * shipped rules with the voice lines switched on; stances joined by ",". */
static void voiced_stances(const char *type, const char *text, char *out, size_t n)
{
    char path[] = "/tmp/kilde-voice-XXXXXX";
    int fd = mkstemp(path);
    FILE *in = fopen("schemas/positions.conf", "r"), *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    char line[4096];
    while (in && f && fgets(line, sizeof line, in))
        fputs(strncmp(line, "#voice", 6) == 0 ? line + 1 : line, f);
    if (in)
        fclose(in);
    if (f)
        fclose(f);
    kposrules *voiced = NULL;
    kerr err = {0};
    kdoc doc;
    kunits units = {0};
    *out = '\0';
    if (positions_load(&voiced, path, &err) == 0 &&
        extract_mem_as(&doc, "svar.txt", "text", extract_text, text, strlen(text), &err) == 0) {
        kdoc_set(&doc.type, type);
        if (split_document(&doc, 6000, &units) == 0 && positions_find(voiced, &doc, &units) == 0)
            for (size_t k = 0; k < units.n; k++)
                if (strcmp(units.items[k].kind, KUNIT_KIND_POSITION) == 0)
                    snprintf(out + strlen(out), n - strlen(out), "%s%s", *out ? "," : "",
                             units.items[k].position.stance);
        kunits_free(&units);
        kdoc_free(&doc);
    }
    positions_free(voiced);
    unlink(path);
}

/* The voice rules, off in the shipped file: a response's speakerless
 * stances become its author's; a report's do not. */
TEST(speakerless_stances_when_the_rules_ask)
{
    const char text[] = "Utdanning\n\n"
                        "Regjeringen må vise vilje til å styrke spesialistutdanningen. "
                        "Utvalget foreslår at kommunene må betale. "
                        "Hvem må betale for dette? "
                        "For å kunne utdanne gode leger er det essensielt at undervisningen er god. "
                        "Det er positivt at det foreslås en ny ordning. "
                        "Studentene reiste til Oslo.\n";
    char got[256];
    voiced_stances("horingsinnspill", text, got, sizeof got);
    CHECK_STR(got, "krever,mener,støtter");
    voiced_stances("arsmelding", text, got, sizeof got);
    CHECK_STR(got, "");
    kdoc doc; /* the shipped rules take none of them */
    kunits units = {0};
    kerr err = {0};
    CHECK_INT(extract_mem_as(&doc, "svar.txt", "text", extract_text, text, strlen(text), &err), 0);
    kdoc_set(&doc.type, "horingsinnspill");
    CHECK_INT(split_document(&doc, 6000, &units), 0);
    size_t sections = units.n;
    CHECK_INT(positions_find(rules, &doc, &units), 0);
    CHECK_INT(units.n, sections);
    kunits_free(&units);
    kdoc_free(&doc);
}

TEST(a_mistake_in_the_rules_names_its_line)
{
    char path[] = "/tmp/kilde-positions-XXXXXX";
    int fd = mkstemp(path);
    const char bad[] = "# rules\nspeaker Legeforeningen \\bLegeforeningen\\b\nstance tenker (?:\n";
    CHECK(fd >= 0 && write(fd, bad, sizeof bad - 1) == (ssize_t)(sizeof bad - 1));
    close(fd);
    kposrules *r = NULL;
    kerr err = {0};
    CHECK(positions_load(&r, path, &err) != 0);
    CHECK_CONTAINS(err.msg, ":3: 'tenker' is no stance");
    FILE *f = fopen(path, "w");
    fputs("stance mener (?:unclosed\n", f);
    fclose(f);
    CHECK(positions_load(&r, path, &err) != 0);
    CHECK_CONTAINS(err.msg, ":1: bad pattern");
    unlink(path);
}

TEST(the_year_a_document_speaks_for)
{
    kdoc doc;
    kunits units = {0};
    CHECK_INT(read_positions(&doc, &units, "corpus/arsmelding-2024.pdf"), 0);
    CHECK_STR(doc.date, "2025-03-14"); /* its date stays the PDF's */
    CHECK_INT(doc.year, 2024);         /* but it speaks for 2024 */
    CHECK_STR(doc.year_source, "title");
    kunits_free(&units);
    kdoc_free(&doc);
    CHECK_INT(read_positions(&doc, &units, "corpus/horingsinnspill-meld-st-19-2023-2024.pdf"), 0);
    CHECK_INT(doc.period_from, 2023);
    CHECK_INT(doc.period_to, 2024);
    CHECK_INT(doc.year, 2024);
    CHECK_STR(doc.year_source, "session");
    kunits_free(&units);
    kdoc_free(&doc);
    /* the annual report's text alone names neither its year nor a date */
    CHECK_INT(read_positions(&doc, &units, "tests/data/seeds/004_ac36838eb8c602ae.txt"), 0);
    CHECK_INT(doc.year, 0);
    kunits_free(&units);
    kdoc_free(&doc);
    /* what the opening names counts only in a document of its kind: an article
     * speaks for the year it was published, a report for its own */
    static const struct {
        const char *type, *text;
        int from, to, year;
        const char *source;
    } opening[] = {
        {"artikkel", "Fra foreningen\n\nPublisert: 3. mars 2025\n\nÅrsmelding for 2023 viste at "
                     "Legeforeningen svarte på Meld. St. 7 (2019–2020).\n", 0, 0, 2025, "date"},
        {"arsmelding", "Den norske legeforening\n\nÅrsberetning for 2022\n\nDato: 1.3.2023\n",
         2022, 2022, 2022, "text"},
        {"arsmelding", "Årsrapport 2023–2024\n\nDato: 1.9.2024\n", 2023, 2024, 2024, "title"},
        {"horingsinnspill", "Høringssvar fra Legeforeningen\n\nDato: 5.5.2025\n\nVi viser til "
                            "Prop. 12 L (2024–2025) om endringer.\n", 2024, 2025, 2025, "session"},
        {"annet", "Et notat\n\nDato: 5.5.2025\n\nOm Meld. St. 7 (2019–2020).\n", 0, 0, 2025,
         "date"},
    };
    for (size_t i = 0; i < sizeof opening / sizeof *opening; i++) {
        kerr e = {0};
        CHECK_INT(extract_mem_as(&doc, "doc.txt", "text", extract_text, opening[i].text,
                                 strlen(opening[i].text), &e), 0);
        kdoc_set(&doc.type, opening[i].type);
        doc.type_fixed = true;
        metadata_fill(&doc, pat);
        if (doc.year != opening[i].year)
            fprintf(stderr, "  %s: year %d, expected %d\n", opening[i].type, doc.year,
                    opening[i].year);
        CHECK_INT(doc.year, opening[i].year);
        CHECK_INT(doc.period_to, opening[i].to);
        CHECK_INT(doc.period_from, opening[i].from);
        CHECK_STR(doc.year_source, opening[i].source);
        kdoc_free(&doc);
    }
    /* nothing tells: no year */
    const char text[] = "Et notat\n\nUten dato og uten årstall i tittelen.\n";
    kerr err = {0};
    CHECK_INT(extract_mem_as(&doc, "notat.txt", "text", extract_text, text, sizeof text - 1,
                             &err), 0);
    metadata_fill(&doc, pat);
    CHECK_INT(doc.year, 0);
    kdoc_free(&doc);
}

static char *citation_for(const char *path, const char *key)
{
    kdoc doc;
    kunits units = {0};
    char *c = NULL;
    if (read_positions(&doc, &units, path) == 0)
        for (size_t i = 0; i < units.n && !c; i++)
            if (strcmp(units.items[i].key, key) == 0)
                c = citation_of(&doc, &units.items[i]);
    kunits_free(&units);
    kdoc_free(&doc);
    return c ? c : strdup("(no unit)");
}

TEST(a_citation_for_each_kind_of_document)
{
    char *c = citation_for("corpus/arsmelding-2024.pdf", "4.2");
    CHECK_STR(c, "Den norske legeforening: Årsmelding 2024, 4.2 Legeforeningens arbeid med "
                 "høringer, s. 45–46");
    free(c);
    c = citation_for("corpus/horingsinnspill-meld-st-19-2023-2024.pdf", "s2");
    CHECK_STR(c, "Legeforeningens innspill til Meld. St. 19 (2023-2024) Profesjonsnære "
                 "utdanningar over heile landet, 26.02.2024, s. 1");
    free(c);
    c = citation_for("corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html", "s1");
    CHECK_STR(c, "Haslegaard A. Medlemsmøter med fremtidens leger – på tvers av landegrensener. "
                 "Tidsskr Nor Legeforen 2026; doi:10.4045/tidsskr.26.05.15");
    free(c);
    /* a response's date is cited when the letter prints it ("Vår dato"),
     * never when it is only the PDF's creation date (as in the corpus) */
    const char letter[] = "Høringssvar - endringer i helsepersonelloven\n\n"
                          "Vår ref.: 24/00123   Vår dato: 12.03.2024\n\n"
                          "Legeforeningen støtter forslaget om endringer i loven.\n";
    kdoc doc;
    kunits units = {0};
    kerr err = {0};
    CHECK_INT(extract_mem_as(&doc, "svar.txt", "text", extract_text, letter, sizeof letter - 1,
                             &err), 0);
    kdoc_set(&doc.type, "horingsinnspill");
    metadata_fill(&doc, pat);
    CHECK_STR(doc.date, "2024-03-12");
    CHECK_INT(split_document(&doc, 6000, &units), 0);
    c = units.n ? citation_of(&doc, &units.items[0]) : strdup("(no unit)");
    CHECK_STR(c, "Høringssvar - endringer i helsepersonelloven, 12.03.2024");
    free(c);
    kunits_free(&units);
    kdoc_free(&doc);
    /* a PDF that prints no page number: no page in the citation */
    c = citation_for("tests/data/producers/rules/uten-sidetall.pdf", "4.2");
    if (!strncmp(c, "(no", 3) || strstr(c, ", s. "))
        fprintf(stderr, "  uten-sidetall: %s\n", c);
    CHECK(strncmp(c, "(no", 3) != 0 && !strstr(c, ", s. "));
    free(c);
}

int main(void)
{
    kerr err = {0};
    if (patterns_load(&pat, "schemas/patterns.conf", &err) ||
        positions_load(&rules, "schemas/positions.conf", &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(every_position_of_the_consultation_response);
    RUN(the_rules_in_small);
    RUN(the_matter_a_response_answers);
    RUN(speakerless_stances_when_the_rules_ask);
    RUN(a_mistake_in_the_rules_names_its_line);
    RUN(the_year_a_document_speaks_for);
    RUN(a_citation_for_each_kind_of_document);
    positions_free(rules);
    patterns_free(pat);
    return TEST_REPORT();
}
