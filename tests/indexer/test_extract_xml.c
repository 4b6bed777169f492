/* extract_xml(): records in schemas/record.rng's format, valid and not. */
#include "stage_helpers.h"
#include "testhelp.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>

#define RECORD_002 "tests/data/xml/002-horingsinnspill.xml"
#define INVALID "tests/data/bad/invalid-record.xml"

static int extract_file(kdoc *doc, const char *path, kerr *err)
{
    return extract_file_as(doc, path, "xml", extract_xml, err);
}

static int extract_str(kdoc *doc, const char *xml, kerr *err)
{
    return extract_mem_as(doc, "test.xml", "xml", extract_xml, xml, strlen(xml), err);
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<record xmlns=\"urn:kilde:record:1\" "

TEST(record_002_fields)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, RECORD_002, &err), 0);
    CHECK_STR(doc.record_id, "hoering-2024-meld-st-19");
    CHECK_STR(doc.type, "horingsinnspill");
    CHECK(doc.type_fixed);
    CHECK_STR(doc.date, "2024-05-03");
    CHECK_INT(doc.date_source, KDATE_META);
    CHECK_STR(doc.lang, "nb");
    CHECK_STR(doc.title, "Legeforeningens innspill til Meld. St. 19 (2023–2024) Profesjonsnære "
                         "utdanningar over heile landet");
    CHECK_STR(doc.url, "https://www.legeforeningen.no/horinger/meld-st-19-2023-2024/");
    CHECK(doc.doi == NULL);
    CHECK_INT(doc.nauthors, 1);
    if (doc.nauthors == 1) {
        CHECK_STR(doc.authors[0].name, "Den norske legeforening");
        CHECK_STR(doc.authors[0].role, "Sekretariatet");
        CHECK_STR(doc.authors[0].email, "legeforeningen@legeforeningen.no");
    }
    CHECK_INT(doc.nwarnings, 0);
    kdoc_free(&doc);
}

TEST(record_002_sections_and_pages)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, RECORD_002, &err), 0);
    CHECK_INT(doc.nsections, 7);
    if (doc.nsections == 7) {
        const ksection *s = doc.sections;
        CHECK(s[0].number == NULL && s[0].title == NULL);
        CHECK_STR(s[0].page_first, "1");
        CHECK(strncmp(s[0].text, "Legeforeningen viser \xEF\xBF\xBDl innspill", 30) == 0);
        CHECK_STR(s[2].number, "2");
        CHECK_STR(s[2].title, "Antall LIS1-stillinger må økes");
        CHECK_INT(s[2].level, 1);
        CHECK_STR(s[2].page_first, "1");
        CHECK_STR(s[2].page_last, "2");
        CHECK_STR(s[6].title, "Legebestanden må speile befolkningen");
        CHECK_STR(s[6].page_first, "3");
        CHECK(s[6].page_last == NULL);
        /* the indentation of the XML is gone, the line breaks are not */
        CHECK_CONTAINS(s[1].text, "Legeforeningen ber Stor\xEF\xBF\xBDnget:\n\n• Anmode "
                                  "regjeringen");
        CHECK(strstr(s[1].text, "\n ") == NULL);
    }
    CHECK(doc.paged);
    CHECK_INT(doc.npages, 3);
    if (doc.npages == 3) {
        CHECK_STR(doc.pages[0].label, "1");
        CHECK_STR(doc.pages[1].label, "2");
        CHECK_STR(doc.pages[2].label, "3");
        CHECK(strncmp(doc.pages[0].text, "Legeforeningen viser", 20) == 0);
        CHECK_CONTAINS(doc.pages[0].text, "\n\n2 Antall LIS1-stillinger må økes\nEn økning i "
                                          "antallet");
        CHECK(strncmp(doc.pages[1].text, "3 Kvaliteten i medisinsk grunnutdanning må "
                                         "opprettholdes\n", 56) == 0);
        CHECK_CONTAINS(doc.pages[2].text, "6 Legebestanden må speile befolkningen\nLegeforeningen "
                                          "st");
    }
    kdoc_free(&doc);
}

TEST(invalid_record_names_the_line)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, INVALID, &err), KERR_INVALID);
    CHECK_STR(err.msg, "line 3: Element record failed to validate attributes");
    CHECK(doc.title == NULL && doc.npages == 0); /* nothing read from an invalid record */
    kdoc_free(&doc);
    /* the section without text alone */
    CHECK_INT(extract_str(&doc, HEAD "id=\"a\" type=\"annet\">\n<title>T</title>\n"
                                     "<section page=\"1\">\n   \n</section>\n"
                                     "</record>", &err), KERR_INVALID);
    CHECK_CONTAINS(err.msg, "line 4: ");
    kdoc_free(&doc);
    /* page-end without page */
    CHECK_INT(extract_str(&doc, HEAD "id=\"a\" type=\"annet\"><title>T</title>"
                                     "<section page-end=\"2\">x</section></record"
                                     ">", &err), KERR_INVALID);
    CHECK_CONTAINS(err.msg, "line 2: ");
    kdoc_free(&doc);
    /* a date that does not exist; a bad e-mail address */
    CHECK_INT(extract_str(&doc, HEAD "id=\"a\" type=\"annet\" date=\"2023-02-29\"><title>T</title>"
                                     "<section>x</section></record>", &err), KERR_INVALID);
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, HEAD "id=\"a\" type=\"annet\"><title>T</title><authors><author "
                                     "email=\"ikke-epost\">A</author></authors><section>x</section>"
                                     "</record>",
                          &err), KERR_INVALID);
    kdoc_free(&doc);
    /* a manifest met in the walk */
    CHECK_INT(extract_str(&doc, "<manifest xmlns=\"urn:kilde:manifest:1\"><file "
                                "path=\"a.pdf\"/></manifest>",
                          &err), KERR_FORMAT);
    CHECK_STR(err.msg, "a kilde manifest, not a record");
    kdoc_free(&doc);
    /* the wrong namespace */
    CHECK_INT(extract_str(&doc, "<record id=\"a\" "
                                "type=\"annet\"><title>T</title><section>x</section></record>",
                          &err), KERR_INVALID);
    CHECK_CONTAINS(err.msg, "line 1: ");
    kdoc_free(&doc);
}

TEST(xml_that_is_not_well_formed)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, HEAD "id=\"a\" type=\"annet\">\n<title>T</title>\n"
                                     "<section>x</sectio>\n</record>",
                          &err), KERR_FORMAT);
    CHECK_STR(err.msg, "line 4: Opening and ending tag mismatch: section line 4 and sectio");
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, "", &err), KERR_FORMAT);
    CHECK_STR(err.msg, "line 1: Document is empty");
    kdoc_free(&doc);
}

TEST(no_external_entities)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE record [ <!ENTITY x SYSTEM "
                                "\"file:///etc/passwd\"> ]>\n<record xmlns=\"urn:kilde:record:1\" "
                                "id=\"a\" "
                                "type=\"annet\"><title>&x;</title><section>x</section></record"
                                ">", &err),
              KERR_INVALID);
    CHECK_STR(err.msg, "a record may not have a DOCTYPE");
    CHECK(doc.title == NULL);
    kdoc_free(&doc);
}

TEST(unpaged_record_is_one_page)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, HEAD "id=\"r-1\" type=\"artikkel\">\n  "
                                     "<doi>10.4045/tidsskr.24.09.11</doi>\n"
                                     "  <title>Et   godt\n legeliv p\xC3\xA5 Sva\xCC\x8A</title>\n"
                                     "  <section number=\"1\" title=\"Innledning\">\n    Første "
                                     "linje.\n"
                                     "    Andre linje.\n\n\n    Nytt avsnitt.\n  </section>\n"
                                     "  <section>Uten tittel.</section>\n</record>", &err), 0);
    CHECK(!doc.paged);
    CHECK_STR(doc.title, "Et godt legeliv på Svå"); /* white space tidied, NFC */
    CHECK_STR(doc.doi, "10.4045/tidsskr.24.09.11");
    CHECK(doc.date == NULL && doc.lang == NULL);
    CHECK_INT(doc.date_source, KDATE_NONE);
    CHECK_INT(doc.npages, 1);
    if (doc.npages == 1) {
        CHECK_STR(doc.pages[0].label, "1");
        CHECK_STR(doc.pages[0].text, "1 Innledning\nFørste linje.\nAndre linje.\n\nNytt avsnitt.\n"
                                     "\n"
                                     "Uten tittel.");
    }
    CHECK_INT(doc.nsections, 2);
    if (doc.nsections == 2) {
        CHECK(doc.sections[0].page_first == NULL);
        CHECK_INT(doc.sections[1].level, 0);
    }
    kdoc_free(&doc);
}

TEST(sections_without_pages_follow_the_page_before)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, HEAD "id=\"a\" type=\"arsmelding\" lang=\"nn\"><title>T</title>"
                                     "<section>Forord.</section>"
                                     "<section page=\"iv\" page-end=\"v\">A</section>"
                                     "<section>B</section>"
                                     "<section page=\"1\">C</section>"
                                     "<section page=\"iv\">D</section></record>", &err), 0);
    CHECK(doc.paged);
    CHECK_STR(doc.lang, "nn");
    CHECK_INT(doc.npages, 3);
    if (doc.npages == 3) {
        CHECK_STR(doc.pages[0].label, "iv");
        CHECK_STR(doc.pages[0].text, "Forord.\n\nA\n\nD");
        CHECK_STR(doc.pages[1].label, "v");
        CHECK_STR(doc.pages[1].text, "B");
        CHECK_STR(doc.pages[2].label, "1");
    }
    if (doc.nsections == 5) {
        CHECK_STR(doc.sections[0].page_first, "iv");
        CHECK_STR(doc.sections[2].page_first, "v");
        CHECK(doc.sections[2].page_last == NULL);
    }
    kdoc_free(&doc);
}

/* ---- threads share the schema ---------------------------------------------------- */

typedef struct job {
    const unsigned char *data;
    size_t len;
    int rc;
    size_t nsections;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    for (int i = 0; i < 20 && j->rc == 0; i++) {
        kdoc doc;
        kerr err = {0};
        kdoc_init(&doc, RECORD_002, "xml");
        j->rc = extract_xml(&doc, j->data, j->len, &err);
        j->nsections = doc.nsections;
        kdoc_free(&doc);
    }
    return NULL;
}

TEST(threads_validate_at_once)
{
    size_t len = 0;
    unsigned char *data = slurp(RECORD_002, &len);
    job jobs[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){data, len, 0, 0};
        pthread_create(&t[i], NULL, run_job, &jobs[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK_INT(jobs[i].rc, 0);
        CHECK_INT(jobs[i].nsections, 7);
    }
    free(data);
}

int main(void)
{
    xmlInitParser();
    RUN(threads_validate_at_once); /* first, so the schema loads under contention */
    RUN(record_002_fields);
    RUN(record_002_sections_and_pages);
    RUN(invalid_record_names_the_line);
    RUN(xml_that_is_not_well_formed);
    RUN(no_external_entities);
    RUN(unpaged_record_is_one_page);
    RUN(sections_without_pages_follow_the_page_before);
    xmlCleanupParser();
    return TEST_REPORT();
}
