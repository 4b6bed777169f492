/* Exact metadata for each seed document in each of its formats, and the
 * Norwegian date, DOI and language rules behind it. */
#include "stage_helpers.h"
#include "testhelp.h"

static kpatterns *pat;

typedef struct expected {
    const char *path;
    const char *title;
    const char *date;      /* NULL: must stay unknown */
    kdate_source date_source;
    const char *doi;
    const char *type;
    const char *author;    /* first author, or NULL for none */
    const char *role;
    const char *email;
} expected;

static const expected seeds[] = {
    {"corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html",
     "Medlemsmøter med fremtidens leger – på tvers av landegrensener", "2026-04-20", KDATE_META,
     "10.4045/tidsskr.26.05.15", "artikkel", "Andreas Haslegaard", "Kommunikasjonsavdelingen", NULL},
    {"tests/data/seeds/000_93fa6e736797e6ee.txt",
     "Medlemsmøter med fremtidens leger – på tvers av landegrensener", "2026-04-20", KDATE_TEXT,
     "10.4045/tidsskr.26.05.15", "artikkel", "Andreas Haslegaard", "Kommunikasjonsavdelingen", NULL},
    {"corpus/tidsskriftet-2024-et-godt-legeliv-starter-pa-medisinstudiet.html",
     "Et godt legeliv starter på medisinstudiet", "2024-08-19", KDATE_META,
     "10.4045/tidsskr.24.09.11", "artikkel", "Anne-Karin Rime", "President",
     "anne-karin.rime@legeforeningen.no"},
    {"tests/data/seeds/001_ed5f4fd8ae0bcfe4.md", "Et godt legeliv starter på medisinstudiet",
     "2024-08-19", KDATE_TEXT, "10.4045/tidsskr.24.09.11", "artikkel", "Anne-Karin Rime",
     "President", "anne-karin.rime@legeforeningen.no"},
    {"corpus/tidsskriftet-2020-utenforlandet-norge.html", "Utenforlandet Norge", "2020-03-16",
     KDATE_META, NULL, "artikkel", "Marit Hermansen", "President",
     "marit.hermansen@legeforeningen.no"},
    {"tests/data/seeds/003_be256bd6b205793e.txt", "Utenforlandet Norge", "2020-03-16", KDATE_TEXT,
     NULL, "artikkel", "Marit Hermansen", "President", "marit.hermansen@legeforeningen.no"},
    {"corpus/horingsinnspill-meld-st-19-2023-2024.pdf",
     "Legeforeningens innspill til Meld. St. 19 (2023-2024) Profesjonsnære utdanningar over "
     "heile landet",
     "2024-02-26", KDATE_CREATION, NULL, "horingsinnspill", "Den norske legeforening", NULL, NULL},
    /* the seed's lost ligature is repaired before the title is read */
    {"tests/data/seeds/002_ef68639c3f68f381.txt",
     "Legeforeningens innspill til Meld. St. 19 (2023-2024) Profesjonsnære utdanningar "
     "over heile landet",
     NULL, KDATE_NONE, NULL, "horingsinnspill", NULL, NULL, NULL},
    {"corpus/arsmelding-2024.pdf", "Årsmelding 2024", "2025-03-14", KDATE_CREATION, NULL,
     "arsmelding", "Den norske legeforening", NULL, NULL},
    {"tests/data/seeds/004_ac36838eb8c602ae.txt", "Fra presidenten", NULL, KDATE_NONE, NULL,
     "arsmelding", NULL, NULL, NULL},
};

TEST(each_seed_in_each_format)
{
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        const expected *e = &seeds[i];
        kdoc doc;
        kunits units = {0};
        kclean_stats cs = {0};
        kerr err = {0};
        th_current = e->path;
        CHECK_INT(stage_all(&doc, &units, e->path, pat, &cs, &err), 0);
        CHECK_STR(doc.title, e->title);
        if (e->date)
            CHECK_STR(doc.date, e->date);
        else
            CHECK(doc.date == NULL);
        CHECK_INT(doc.date_source, e->date_source);
        if (e->doi)
            CHECK_STR(doc.doi, e->doi);
        else
            CHECK(doc.doi == NULL);
        CHECK_STR(doc.type, e->type);
        CHECK_STR(doc.lang, "nb");
        if (e->author) {
            CHECK(doc.nauthors >= 1);
            CHECK_STR(doc.nauthors ? doc.authors[0].name : NULL, e->author);
            if (e->role)
                CHECK_STR(doc.nauthors ? doc.authors[0].role : NULL, e->role);
            if (e->email)
                CHECK_STR(doc.nauthors ? doc.authors[0].email : NULL, e->email);
        } else
            CHECK_INT(doc.nauthors, 0);
        kunits_free(&units);
        kdoc_free(&doc);
    }
}

TEST(articles_keep_captions_apart)
{
    static const char *const paths[] = {"corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html",
                                        "tests/data/seeds/000_93fa6e736797e6ee.txt"};
    for (size_t i = 0; i < 2; i++) {
        kdoc doc;
        kunits units = {0};
        kclean_stats cs = {0};
        kerr err = {0};
        th_current = paths[i];
        CHECK_INT(stage_all(&doc, &units, paths[i], pat, &cs, &err), 0);
        CHECK_INT(units.n, 1);
        if (units.n) {
            CHECK(units.items[0].captions && strstr(units.items[0].captions, "STAND: Det var stor oppslutning"));
            CHECK(strstr(units.items[0].text, "STAND: Det var stor oppslutning") == NULL);
            CHECK_CONTAINS(units.items[0].text, "Ett år senere er tallet 5 204");
        }
        kunits_free(&units);
        kdoc_free(&doc);
    }
}

TEST(norwegian_dates)
{
    char iso[11];
    const char *t = "Publisert: 20. april 2026. Tidsskr Nor Legeforen.";
    CHECK(metadata_find_date(t, strlen(t), iso));
    CHECK_STR(iso, "2026-04-20");
    t = "Dato: 14.06.2023";
    CHECK(metadata_find_date(t, strlen(t), iso) && strcmp(iso, "2023-06-14") == 0);
    t = "Oslo, 3. des. 2024";
    CHECK(metadata_find_date(t, strlen(t), iso) && strcmp(iso, "2024-12-03") == 0);
    /* a date in running text is no publication date */
    t = "Vestre lanserte 23. april 2024 et prosjekt.";
    CHECK(!metadata_find_date(t, strlen(t), iso));
    /* an impossible date is not invented into a possible one */
    t = "Publisert: 31. februar 2024";
    CHECK(!metadata_find_date(t, strlen(t), iso));
    CHECK(metadata_parse_date("2024-02-29", iso));
    CHECK(!metadata_parse_date("2023-02-29", iso));
    CHECK(metadata_parse_date("19. august 2024", iso) && strcmp(iso, "2024-08-19") == 0);
}

TEST(dois_and_names)
{
    char doi[64];
    const char *t = "Tidsskr Nor Legeforen. DOI: 10.4045/tidsskr.26.05.15";
    CHECK(doi_citation_line(t, strlen(t), doi, sizeof doi));
    CHECK_STR(doi, "10.4045/tidsskr.26.05.15");
    CHECK(doi_bare("https://doi.org/10.1000/xyz123.", doi, sizeof doi));
    CHECK_STR(doi, "10.1000/xyz123");
    char *n = metadata_name_case("ANNE-KARIN RIME");
    CHECK_STR(n, "Anne-Karin Rime");
    free(n);
    n = metadata_name_case("ÅSMUND ØSTBORG");
    CHECK_STR(n, "Åsmund Østborg");
    free(n);
}

TEST(bokmal_and_nynorsk)
{
    const char *nn = "Eg trur ikkje at dei kjem frå byen, men kva skal vi gjere med det? "
                     "Korleis kan me vite noko om det heile?";
    const char *nb = "Jeg tror ikke at de kommer fra byen, men hva skal vi gjøre med det? "
                     "Hvordan kan vi vite noe om det hele?";
    CHECK_STR(metadata_detect_language(nn, strlen(nn)), "nn");
    CHECK_STR(metadata_detect_language(nb, strlen(nb)), "nb");
    CHECK(metadata_detect_language("Kort.", 5) == NULL);
}

int main(void)
{
    kerr err = {0};
    if (patterns_load(&pat, "schemas/patterns.conf", &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(each_seed_in_each_format);
    RUN(articles_keep_captions_apart);
    RUN(norwegian_dates);
    RUN(dois_and_names);
    RUN(bokmal_and_nynorsk);
    patterns_free(pat);
    return TEST_REPORT();
}
