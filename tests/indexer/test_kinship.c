/* Copies against versions: the rule, and the similarities it was set by,
 * measured on the seeds in their formats and on a revised consultation
 * response (tests/data/identity/). */
#include "bands.h"
#include "fingerprint.h"
#include "kinship.h"
#include "stage_helpers.h"
#include "testhelp.h"

static kpatterns *pat;

/* The fingerprint of a file's units joined, as the pipeline makes it. */
static void fingerprint_file(const char *path, kfingerprint *fp)
{
    kdoc doc;
    kunits units = {0};
    kclean_stats cs = {0};
    kerr err = {0};
    CHECK_INT(stage_all(&doc, &units, path, pat, &cs, &err), 0);
    size_t total = 1;
    for (size_t i = 0; i < units.n; i++)
        total += strlen(units.items[i].text) + 1;
    char *all = malloc(total), *w = all;
    for (size_t i = 0; all && i < units.n; i++)
        w += sprintf(w, "%s\n", units.items[i].text);
    fingerprint_text(fp, all ? all : "", all ? (size_t)(w - all) : 0);
    free(all);
    kunits_free(&units);
    kdoc_free(&doc);
}

static double similarity(const char *a, const char *b)
{
    kfingerprint fa, fb;
    fingerprint_file(a, &fa);
    fingerprint_file(b, &fb);
    double s = fingerprint_similarity(&fa, &fb);
    printf("  %.3f  %s ~ %s\n", s, a, b);
    return s;
}

TEST(the_same_text_in_another_format_is_one_document)
{
    static const char *const pairs[][2] = {
        {"corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html",
         "tests/data/seeds/000_93fa6e736797e6ee.txt"},
        {"corpus/tidsskriftet-2024-et-godt-legeliv-starter-pa-medisinstudiet.html",
         "tests/data/seeds/001_ed5f4fd8ae0bcfe4.md"},
        {"corpus/horingsinnspill-meld-st-19-2023-2024.pdf",
         "tests/data/seeds/002_ef68639c3f68f381.txt"},
        {"corpus/tidsskriftet-2020-utenforlandet-norge.html",
         "tests/data/seeds/003_be256bd6b205793e.txt"},
        {"corpus/arsmelding-2024.pdf", "tests/data/seeds/004_ac36838eb8c602ae.txt"},
        {"tests/data/html/003-utenforlandet.html", "tests/data/seeds/003_be256bd6b205793e.txt"},
    };
    kkin_facts none = {NULL, NULL, NULL};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        double s = similarity(pairs[i][0], pairs[i][1]);
        CHECK(s >= FP_SAME);
        CHECK_INT(kinship_judge(&none, &none, s), KIN_SAME_TEXT);
    }
}

TEST(a_revised_response_is_a_version)
{
    double s = similarity("corpus/horingsinnspill-meld-st-19-2023-2024.pdf",
                          "tests/data/identity/horingsinnspill-meld-st-19-revidert-2025.txt");
    CHECK(s >= FP_VERSION && s < FP_SAME);
    kkin_facts first = {NULL, NULL, "pdf"}, revised = {NULL, "2025-03-12", "text"};
    CHECK_INT(kinship_judge(&revised, &first, s), KIN_VERSION);
}

TEST(unrelated_texts_are_neither)
{
    double s = similarity("corpus/tidsskriftet-2020-utenforlandet-norge.html",
                          "corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html");
    CHECK(s < FP_VERSION);
    kkin_facts none = {NULL, NULL, NULL};
    CHECK_INT(kinship_judge(&none, &none, s), KIN_NONE);
}

TEST(what_a_document_declares_tells_versions_apart)
{
    kkin_facts a = {"10.4045/tidsskr.24.0123", "2024-08-19", "html"};
    kkin_facts same = {"10.4045/TIDSSKR.24.0123", "2024-08-19", "pdf"};
    kkin_facts new_doi = {"10.4045/tidsskr.25.0456", "2024-08-19", "pdf"};
    kkin_facts new_date = {NULL, "2025-03-12", "text"};
    kkin_facts unknown = {NULL, NULL, "text"};
    CHECK_INT(kinship_judge(&a, &same, 0.99), KIN_SAME_TEXT);
    /* however alike the texts: another DOI or another stated date is another edition */
    CHECK_INT(kinship_judge(&a, &new_doi, 0.99), KIN_VERSION);
    CHECK_INT(kinship_judge(&a, &new_date, 1.0), KIN_VERSION);
    /* what one of them does not state cannot differ */
    CHECK_INT(kinship_judge(&a, &unknown, 0.97), KIN_SAME_TEXT);
    CHECK_INT(kinship_judge(&a, &unknown, 0.80), KIN_VERSION);
    CHECK_INT(kinship_judge(&a, &new_doi, 0.30), KIN_NONE);
}

TEST(notes_name_the_reason)
{
    kdoc doc;
    kdoc_init(&doc, "b.md", "markdown");
    kdoc_set(&doc.doi, "10.4045/tidsskr.24.09.11");
    kkinship k = {.kind = KIN_SAME_DOI, .path = "/a.html"};
    char note[512];
    kinship_note(&k, &doc, note, sizeof note);
    CHECK_STR(note, "the same DOI 10.4045/tidsskr.24.09.11 as /a.html; indexed once");
    k = (kkinship){.kind = KIN_SAME_TEXT, .similarity = 0.971, .other_format = true, .path = "/a.pdf"};
    kinship_note(&k, &doc, note, sizeof note);
    CHECK_STR(note, "the same text as /a.pdf in another format (similarity 0.97); indexed once");
    k = (kkinship){.kind = KIN_VERSION, .similarity = 0.68, .path = "/a.pdf"};
    kinship_note(&k, &doc, note, sizeof note);
    CHECK_STR(note, "a version of /a.pdf (similarity 0.68): both indexed");
    kdoc_free(&doc);
}

TEST(better_candidates)
{
    kkinship version = {.kind = KIN_VERSION, .similarity = 0.9};
    kkinship same = {.kind = KIN_SAME_TEXT, .similarity = 0.95};
    kkinship closer = {.kind = KIN_VERSION, .similarity = 0.92};
    kkinship none = {.kind = KIN_NONE};
    CHECK(kinship_better(&same, &version));
    CHECK(!kinship_better(&version, &same));
    CHECK(kinship_better(&closer, &version));
    CHECK(kinship_better(&version, &none));
}

/* What a record stores of a signature judges as the signature itself. */
TEST(a_stored_signature_judges_as_the_text)
{
    kfingerprint pdf, revised, back;
    fingerprint_file("corpus/horingsinnspill-meld-st-19-2023-2024.pdf", &pdf);
    fingerprint_file("tests/data/identity/horingsinnspill-meld-st-19-revidert-2025.txt", &revised);
    char stored[FP_ENCODED_LEN + 1];
    fingerprint_encode(&pdf, stored);
    CHECK_INT((int)strlen(stored), FP_ENCODED_LEN);
    CHECK(fingerprint_decode(&back, stored));
    CHECK(fingerprint_usable(&back));
    CHECK(fingerprint_similarity(&back, &pdf) == 1.0);
    CHECK(fingerprint_similarity(&back, &revised) == fingerprint_similarity(&pdf, &revised));
    int same_bands = 0;
    for (int b = 0; b < FP_BANDS; b++) {
        CHECK(fingerprint_band(&back, b) == fingerprint_band(&pdf, b));
        same_bands += fingerprint_band(&revised, b) == fingerprint_band(&pdf, b);
    }
    CHECK(same_bands > 0); /* the revision is found under some band */
    CHECK(!fingerprint_decode(&back, "AAAA"));
}

/* Texts alike share bands: each holder is named, so a document finds its
 * kin under a band whichever of them claimed it last. */
TEST(a_shared_band_names_every_holder)
{
    kbands *b = bands_new();
    uint64_t out[4];
    CHECK_INT((int)bands_holders(b, 7, out, 4), 0);
    bands_hold(b, 7, 0xa);
    bands_hold(b, 7, 0xa);
    CHECK_INT((int)bands_holders(b, 7, out, 4), 1);
    bands_hold(b, 7, 0xb);
    CHECK_INT((int)bands_holders(b, 7, out, 4), 2);
    CHECK(out[0] == 0xa && out[1] == 0xb);
    bands_release(b, 7, 0xa);
    CHECK_INT((int)bands_holders(b, 7, out, 4), 1);
    CHECK(out[0] == 0xb);
    bands_release(b, 7, 0xc); /* not a holder: nothing changes */
    CHECK_INT((int)bands_holders(b, 7, out, 4), 1);
    bands_release(b, 7, 0xb);
    CHECK_INT((int)bands_holders(b, 7, out, 4), 0);
    bands_free(b);
}

int main(void)
{
    kerr err = {0};
    if (patterns_load(&pat, "schemas/patterns.conf", &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(the_same_text_in_another_format_is_one_document);
    RUN(a_revised_response_is_a_version);
    RUN(unrelated_texts_are_neither);
    RUN(what_a_document_declares_tells_versions_apart);
    RUN(notes_name_the_reason);
    RUN(better_candidates);
    RUN(a_stored_signature_judges_as_the_text);
    RUN(a_shared_band_names_every_holder);
    patterns_free(pat);
    return TEST_REPORT();
}
