/* extract_html(): the article pages as the corpus serves them (UTF-8, and
 * ISO-8859-1 declared only in http-equiv), an old page that declares
 * nothing, pathological nesting, and the metadata fallbacks. */
#include "stage_helpers.h"
#include "testhelp.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>

#define PAGE_000 "tests/data/html/000-medlemsmoter.html"
#define PAGE_003 "tests/data/html/003-utenforlandet.html"
#define CP1252 "tests/data/bad/cp1252-undeclared.html"
#define NESTED "tests/data/bad/deeply-nested.html"

static int extract_file(kdoc *doc, const char *path, kerr *err)
{
    return extract_file_as(doc, path, "html", extract_html, err);
}

static int extract_str(kdoc *doc, const char *html, kerr *err)
{
    return extract_mem_as(doc, "test.html", "html", extract_html, html, strlen(html), err);
}

static const char *page(const kdoc *doc)
{
    return doc->npages == 1 ? doc->pages[0].text : "";
}

/* ---- the corpus's pages -------------------------------------------------------------- */

TEST(article_000_metadata)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, PAGE_000, &err), 0);
    CHECK_STR(doc.title, "Medlemsmøter med fremtidens leger – på tvers av landegrensener");
    CHECK_STR(doc.date, "2026-04-20");
    CHECK_INT(doc.date_source, KDATE_META);
    CHECK_STR(doc.doi, "10.4045/tidsskr.26.05.15");
    CHECK_STR(doc.url, "https://tidsskriftet.no/2026/04/aktuelt-i-foreningen/"
                       "medlemsmoter-med-fremtidens-leger-pa-tvers-av-landegrensener");
    CHECK_STR(doc.lang, "nb");
    CHECK_INT(doc.nauthors, 1);
    if (doc.nauthors == 1) {
        CHECK_STR(doc.authors[0].name, "Andreas Haslegaard"); /* from "Haslegaard, Andreas" */
        CHECK_STR(doc.authors[0].role, "Kommunikasjonsavdelingen");
        CHECK_STR(doc.authors[0].email, "andreas.haslegaard@legeforeningen.no");
    }
    CHECK_STR(doc.lead, "Hvordan bygger man et medlemskap som varer fra første studiedag til "
                        "ferdig "
                        "spesialist? For Legeforeningen handler svaret i økende grad om én ting: "
                        "tilstedeværelse.");
    CHECK_INT(doc.ncaptions, 4);
    if (doc.ncaptions == 4) {
        CHECK(strncmp(doc.captions[0], "FOREDRAG: Norsk medisinstudentforening-leder", 44) == 0);
        CHECK(strncmp(doc.captions[3], "GODT OPPMØTE:", strlen("GODT OPPMØTE:")) == 0);
    }
    CHECK_INT(doc.npages, 1);
    CHECK(!doc.paged);
    CHECK_INT(doc.nwarnings, 0);
    kdoc_free(&doc);
}

TEST(article_000_text_is_the_article_only)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, PAGE_000, &err), 0);
    const char *t = page(&doc);
    /* the lead is the first paragraph */
    CHECK(strncmp(t, "Hvordan bygger man et medlemskap", 32) == 0);
    CHECK_CONTAINS(t, "tilstedeværelse.\n\nLegeforeningen skal være for alle leger, hele livet.");
    CHECK_CONTAINS(t, "Ett år senere er tallet 5 204.");
    CHECK_CONTAINS(t, "\n\nTett på studentenes behov\n\nI Kraków, Kielce og Martin");
    CHECK_CONTAINS(t, "At studentene opplever kontinuitet"); /* the blockquote */
    /* the article's footer stays: later stages read date and DOI from it */
    CHECK_CONTAINS(t, "\n\nPublisert: 20. april 2026. Tidsskr Nor Legeforen. DOI: "
                      "10.4045/tidsskr.26.05.15");
    const char *absent[] = {
        "Forsiden", "Søk i arkivet",             /* the site's header and menu */
        "informasjonskapsler", "Godta alle",     /* the cookie banner */
        "Postboks", "Vær Varsom",                /* the site's footer */
        "dataLayer", "font-family", "schema.org", /* script, style, JSON-LD */
        "Les også", "Flere LIS1-stillinger nå",  /* the related articles */
        "FOREDRAG:", "GODT OPPMØTE:",            /* captions are set aside */
        "Medlemsmøter med fremtidens leger",     /* the title is doc.title */
        "Aktuelt i foreningen", "Kommunikasjonsavdelingen", "mailto", /* header matter */
    };
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
        CHECK(strstr(t, absent[i]) == NULL);
    kdoc_free(&doc);
}

TEST(article_000_headings_are_sections)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, PAGE_000, &err), 0);
    CHECK_INT(doc.nsections, 5);
    if (doc.nsections == 5) {
        CHECK(doc.sections[0].title == NULL);
        CHECK(strncmp(doc.sections[0].text, "Hvordan bygger man", 18) == 0);
        CHECK_CONTAINS(doc.sections[0].text, "samlet seg for faglig påfyll og dialog.");
        CHECK_STR(doc.sections[1].title, "Tett på studentenes behov");
        CHECK_INT(doc.sections[1].level, 2);
        CHECK(strncmp(doc.sections[1].text, "I Kraków, Kielce og Martin", 26) == 0);
        CHECK(strstr(doc.sections[1].text, "En viktig kobling") == NULL);
        CHECK_STR(doc.sections[2].title, "En viktig kobling");
        CHECK_STR(doc.sections[3].title, "Positiv utvikling");
        CHECK_CONTAINS(doc.sections[3].text, "Ett år senere er tallet 5 204.");
        CHECK_STR(doc.sections[4].title, "Tilstedeværelse som metode for et helhetlig medlemsløp");
        CHECK_CONTAINS(doc.sections[4].text, "Publisert: 20. april 2026.");
    }
    kdoc_free(&doc);
}

TEST(article_003_iso_8859_1_by_http_equiv)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, PAGE_003, &err), 0);
    CHECK_STR(doc.title, "Utenforlandet Norge");
    CHECK_STR(doc.date, "2020-03-16");
    CHECK(doc.doi == NULL);
    CHECK_INT(doc.nwarnings, 0); /* declared, so nothing to warn about */
    const char *t = page(&doc);
    CHECK_CONTAINS(t, "Grimstadutvalget skulle se på behovet for flere studieplasser");
    CHECK_CONTAINS(t, "Legeforeningen støtter utvalgets konklusjon");
    CHECK_CONTAINS(t, "«Land skal implementere effektiv planlegging, utdanning og opplæring");
    CHECK_CONTAINS(t, "står i kø for å komme gjennom LIS1-nåløyet.");
    CHECK_CONTAINS(t, "Publisert: 16. mars 2020. Tidsskr Nor Legeforen.");
    CHECK_INT(doc.nauthors, 1);
    if (doc.nauthors == 1) {
        CHECK_STR(doc.authors[0].name, "Marit Hermansen");
        CHECK_STR(doc.authors[0].role, "President");
        CHECK_STR(doc.authors[0].email, "marit.hermansen@legeforeningen.no");
    }
    CHECK_INT(doc.nsections, 0); /* no subheadings */
    kdoc_free(&doc);
}

TEST(undeclared_cp1252_page_is_decoded_with_a_warning)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, CP1252, &err), 0);
    CHECK_CONTAINS(page(&doc), "Legeforeningen støtter utvalgets konklusjon om å øke antall "
                               "studieplasser");
    CHECK_CONTAINS(page(&doc), "«Land skal");
    CHECK_STR(doc.title, "Utenforlandet Norge"); /* the <h1> */
    CHECK_INT(doc.nwarnings, 1);
    if (doc.nwarnings)
        CHECK_CONTAINS(doc.warnings[0], "windows-1252");
    CHECK(doc.date == NULL);
    CHECK(doc.lang == NULL);
    kdoc_free(&doc);
}

TEST(deeply_nested_page_keeps_what_came_before)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, NESTED, &err), 0);
    CHECK_STR(page(&doc), "Innledning før nøstingen.");
    CHECK_INT(doc.nwarnings, 1);
    if (doc.nwarnings)
        CHECK_CONTAINS(doc.warnings[0], "HTML nested deeper than 256 levels");
    kdoc_free(&doc);
}

TEST(deeply_nested_page_without_text_is_an_error)
{
    size_t n = 100000;
    char *html = malloc(n * 11 + 64), *w = html;
    w += sprintf(w, "<html><body>");
    for (size_t i = 0; i < n; i++)
        w += sprintf(w, "<div>");
    w += sprintf(w, "dypt");
    for (size_t i = 0; i < n; i++)
        w += sprintf(w, "</div>");
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, html, &err), KERR_FORMAT);
    CHECK_CONTAINS(err.msg, "HTML nested deeper than 256 levels");
    kdoc_free(&doc);
    free(html);
}

TEST(pages_without_text)
{
    kdoc doc;
    kerr err = {0};
    const char *pages[] = {"", "<html><head><title>Bare tittel</title></head><body></body></html>",
                           "<html><body><script>var x = 1;</script><nav>Meny</nav></body></html>",
                           "\x01\x02\x03"};
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        CHECK_INT(extract_str(&doc, pages[i], &err), KERR_FORMAT);
        CHECK_STR(err.msg, "no text found");
        kdoc_free(&doc);
    }
}

/* ---- encodings ----------------------------------------------------------------------- */

TEST(encodings)
{
    kdoc doc;
    kerr err = {0};
    /* declared UTF-8 with one stray Latin-1 byte: that byte is decoded */
    CHECK_INT(extract_str(&doc, "<meta charset=\"UTF-8\"><p>bl\xC3\xA5 og bl\xE5</p>", &err), 0);
    CHECK_STR(page(&doc), "blå og blå");
    CHECK_INT(doc.nwarnings, 1);
    if (doc.nwarnings)
        CHECK_STR(doc.warnings[0], "1 invalid UTF-8 bytes decoded as windows-1252");
    kdoc_free(&doc);
    /* declared windows-1252 */
    CHECK_INT(extract_str(&doc, "<meta charset='windows-1252'><p>\x80 5 \x96 "
                                "\x93sitat\x94</p>", &err), 0);
    CHECK_STR(page(&doc), "€ 5 – “sitat”");
    CHECK_INT(doc.nwarnings, 0);
    kdoc_free(&doc);
    /* undeclared but valid UTF-8, with a BOM, and in an XML declaration */
    CHECK_INT(extract_str(&doc, "<p>Grimstadutvalget støtter</p>", &err), 0);
    CHECK_STR(page(&doc), "Grimstadutvalget støtter");
    CHECK_INT(doc.nwarnings, 0);
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, "\xEF\xBB\xBF<p>bøker</p>", &err), 0);
    CHECK_STR(page(&doc), "bøker");
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, "<?xml version=\"1.0\" "
                                "encoding=\"ISO-8859-1\"?><html><p>b\xF8ker</p></html>", &err), 0);
    CHECK_STR(page(&doc), "bøker");
    kdoc_free(&doc);
    /* another charset, through iconv, with a byte it does not have */
    CHECK_INT(extract_str(&doc, "<meta http-equiv=\"content-type\" "
                                "content=\"text/html;charset=koi8-r\">"
                                "<p>\xF0\xD2\xC9\xD7\xC5\xD4</p>", &err), 0);
    CHECK_STR(page(&doc), "Привет");
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, "<meta charset=shift_jis><p>a \x82\xA0 \xFF b</p>", &err), 0);
    CHECK_STR(page(&doc), "a あ \xEF\xBF\xBD b");
    CHECK_INT(doc.nwarnings, 1);
    kdoc_free(&doc);
    /* a charset nobody knows is read as UTF-8, and said so */
    CHECK_INT(extract_str(&doc, "<meta charset=\"x-nonsense\"><p>blå</p>", &err), 0);
    CHECK_STR(page(&doc), "blå");
    CHECK_INT(doc.nwarnings, 1);
    kdoc_free(&doc);
    /* NUL bytes inside a tag: found by fuzzing, once an endless loop */
    static const char nul_meta[] = "<meta charset=\0\"koi8-r\" \0 x\0y=\0><p>tekst</p>";
    kdoc_init(&doc, "nul.html", "html");
    CHECK_INT(extract_html(&doc, (const unsigned char *)nul_meta, sizeof nul_meta - 1, &err), 0);
    CHECK_CONTAINS(page(&doc), "tekst");
    kdoc_free(&doc);
    /* composed (NFC), as all text kilde keeps */
    CHECK_INT(extract_str(&doc, "<p>bla\xCC\x8A" "b\xC3\xA6r</p>", &err), 0);
    CHECK_STR(page(&doc), "blåbær");
    kdoc_free(&doc);
    /* the declaration inside a comment does not count */
    CHECK_INT(extract_str(&doc, "<!-- <meta charset=koi8-r> --><p>blå</p>", &err), 0);
    CHECK_STR(page(&doc), "blå");
    kdoc_free(&doc);
}

TEST(utf16_page)
{
    const char html[] = "\xFF\xFE<\0p\0>\0h\0\xE5\0p\0<\0/\0p\0>\0";
    kdoc doc;
    kerr err = {0};
    kdoc_init(&doc, "u16.html", "html");
    CHECK_INT(extract_html(&doc, (const unsigned char *)html, sizeof html - 1, &err), 0);
    CHECK_STR(page(&doc), "håp");
    kdoc_free(&doc);
}

/* ---- metadata fallbacks ------------------------------------------------------------------ */

TEST(title_fallbacks)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, "<head><title>Fra title | Nettsted</title><meta "
                                "property=\"og:title\" "
                                "content=\"Fra OG\"></head><body><h1>Fra "
                                "h1</h1><p>Tekst.</p></body>", &err), 0);
    CHECK_STR(doc.title, "Fra OG");
    CHECK_STR(page(&doc), "Fra h1\n\nTekst."); /* an <h1> that is not the title stays */
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, "<head><title>Fra title | Nettsted</title></head><body><h1>Fra "
                                "h1</h1>"
                                "<p>Tekst.</p></body>", &err), 0);
    CHECK_STR(doc.title, "Fra h1");
    CHECK_STR(page(&doc), "Tekst.");
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, "<head><title>Del | av | Fra title | Nettsted</title></head>"
                                "<body><p>Tekst.</p></body>", &err), 0);
    CHECK_STR(doc.title, "Del | av | Fra title");
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, "<head><meta name=\"DC.title\" content=\"Fra "
                                "DC\"></head><body><p>x</p></body>", &err), 0);
    CHECK_STR(doc.title, "Fra DC");
    kdoc_free(&doc);
}

TEST(dates_dois_languages)
{
    static const struct {
        const char *meta, *date;
    } dates[] = {
        {"<meta name=\"citation_publication_date\" content=\"2026/04/20\">", "2026-04-20"},
        {"<meta name=\"citation_publication_date\" content=\"2026-4-2\">", "2026-04-02"},
        {"<meta name=\"citation_publication_date\" content=\"2026\">", NULL}, /* no day invented */
        {"<meta name=\"citation_publication_date\" content=\"2026/02/30\">", NULL},
        {"<meta name=\"DC.date\" content=\"2024-08-19\">", "2024-08-19"},
        {"<meta property=\"article:published_time\" "
         "content=\"2020-03-16T08:00:00+01:00\">", "2020-03-16"},
        {"<meta name=\"citation_publication_date\" content=\"2026\"><meta name=\"dc.date\" "
         "content=\"16.03.2020\">", "2020-03-16"},
    };
    kdoc doc;
    kerr err = {0};
    char html[512];
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        snprintf(html, sizeof html, "<head>%s</head><p>x</p>", dates[i].meta);
        CHECK_INT(extract_str(&doc, html, &err), 0);
        if (dates[i].date) {
            CHECK_STR(doc.date, dates[i].date);
            CHECK_INT(doc.date_source, KDATE_META);
        } else {
            CHECK(doc.date == NULL);
            CHECK_INT(doc.date_source, KDATE_NONE);
        }
        kdoc_free(&doc);
    }
    static const struct {
        const char *doi, *want;
    } dois[] = {{"https://doi.org/10.4045/tidsskr.20.0123", "10.4045/tidsskr.20.0123"},
                {"doi: 10.4045/x.1", "10.4045/x.1"},
                {"not a doi", NULL}};
    for (size_t i = 0; i < sizeof dois / sizeof *dois; i++) {
        snprintf(html, sizeof html, "<meta name=\"citation_doi\" "
                                    "content=\"%s\"><p>x</p>", dois[i].doi);
        CHECK_INT(extract_str(&doc, html, &err), 0);
        if (dois[i].want)
            CHECK_STR(doc.doi, dois[i].want);
        else
            CHECK(doc.doi == NULL);
        kdoc_free(&doc);
    }
    static const struct {
        const char *lang, *want;
    } langs[] = {{"nb", "nb"}, {"no", "nb"}, {"nb-NO", "nb"}, {"nn", "nn"}, {"nn-NO", "nn"},
                 {"en", NULL}, {"nob", "nb"}};
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        snprintf(html, sizeof html, "<html lang=\"%s\"><p>x</p></html>", langs[i].lang);
        CHECK_INT(extract_str(&doc, html, &err), 0);
        if (langs[i].want)
            CHECK_STR(doc.lang, langs[i].want);
        else
            CHECK(doc.lang == NULL);
        kdoc_free(&doc);
    }
}

TEST(authors_without_citation_tags)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, "<article><h1>T</h1><div class=\"byline\"><div class=\"author\">"
                                "<span class=\"author-name\">Anne-Karin Rime</span>"
                                "<span class=\"author-role\">President</span>"
                                "<a href=\"mailto:anne-karin.rime@legeforeningen.no?subject=Hei\">e"
                                "-post</a>"
                                "</div></div><p>Tekst.</p></article>", &err), 0);
    CHECK_INT(doc.nauthors, 1);
    if (doc.nauthors) {
        CHECK_STR(doc.authors[0].name, "Anne-Karin Rime");
        CHECK_STR(doc.authors[0].role, "President");
        CHECK_STR(doc.authors[0].email, "anne-karin.rime@legeforeningen.no");
    }
    kdoc_free(&doc);
    /* citation_author names the authors; a block about someone else adds no one */
    CHECK_INT(extract_str(&doc, "<meta name=\"citation_author\" content=\"Rime, Anne-Karin\">"
                                "<meta name=\"citation_author\" content=\"Ola Nordmann\">"
                                "<article><div class=\"author\"><span class=\"name\">ANNE-KARIN "
                                "RIME</span>"
                                "<span class=\"role\">President</span></div>"
                                "<div class=\"author\"><span class=\"name\">Kari Annen</span></div>"
                                "<p>Tekst.</p></article>", &err), 0);
    CHECK_INT(doc.nauthors, 2);
    if (doc.nauthors == 2) {
        CHECK_STR(doc.authors[0].name, "Anne-Karin Rime");
        CHECK_STR(doc.authors[0].role, "President"); /* matched regardless of case */
        CHECK_STR(doc.authors[1].name, "Ola Nordmann");
        CHECK(doc.authors[1].role == NULL);
    }
    kdoc_free(&doc);
}

TEST(main_content_without_article)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, "<body><div class=\"menu\"><p>Hjem</p><p>Om oss</p></div>"
                                "<div id=\"innhold\"><p class=\"ingress\">Ingressen.</p>"
                                "<p>Første avsnitt med mye tekst.</p><p>Andre avsnitt med &nbsp;mer"
                                " tekst og myk&shy;bindestrek.</p><ul><li>punkt</li></ul></div>"
                                "<div class=\"share-buttons\"><p>Del på "
                                "Facebook</p></div></body>", &err), 0);
    CHECK_STR(page(&doc), "Ingressen.\n\nFørste avsnitt med mye tekst.\n\nAndre avsnitt med mer "
                          "tekst og "
                          "mykbindestrek.\n\n• punkt");
    CHECK_STR(doc.lead, "Ingressen.");
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, "<body><header><p>Nettstedet</p></header><main><p>Hoved.</p>"
                                "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"
                                "<pre>  kode\n  her</pre></main><footer><p>Publisert: 1. mai "
                                "2024</p></footer></body>", &err), 0);
    CHECK_STR(page(&doc), "Hoved.\n\na b\n\nc\n\n  kode\n  her");
    kdoc_free(&doc);
}

TEST(html5_page_without_body)
{
    /* libxml2's HTML 4 parser leaves all of this in <head>. */
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, "<!DOCTYPE html>\n<title>Side | Nett</title>\n"
                                "<header class=\"top\"><nav><a href=\"/\">Hjem</a></nav></header>\n"
                                "<main><article><header><p "
                                "class=\"kicker\">Debatt</p><h1>Overskriften</h1>"
                                "<p class=\"byline\">Av <span class=\"author\">Kari "
                                "Nordmann</span></p></header>"
                                "<p class=\"ingress\">Ingressen.</p><div "
                                "class=\"share\"><a>Del</a></div>"
                                "<p>Første <b>av</b>snitt om Le<i>ge</i>foreningen.</p>"
                                "<figure><img src=\"x.jpg\"><div class=\"image-caption\">FOTO: Noe "
                                "<b>fint</b>.</div></figure><h2>Mellomtittel</h2><p>Andre.</p><h3>U"
                                "nder</h3>"
                                "<p>Tredje.</p><footer><p>Publisert: 1. mai "
                                "2024</p></footer></article></main>\n"
                                "<footer class=\"site-footer\">Bunntekst</footer>\n", &err), 0);
    CHECK_STR(doc.title, "Overskriften");
    CHECK_STR(doc.lead, "Ingressen.");
    CHECK_INT(doc.nauthors, 1);
    if (doc.nauthors)
        CHECK_STR(doc.authors[0].name, "Kari Nordmann");
    CHECK_INT(doc.ncaptions, 1);
    if (doc.ncaptions)
        CHECK_STR(doc.captions[0], "FOTO: Noe fint.");
    CHECK_STR(page(&doc), "Av\n\nIngressen.\n\nFørste avsnitt om Legeforeningen.\n\nMellomtittel\n"
                          "\n"
                          "Andre.\n\nUnder\n\nTredje.\n\nPublisert: 1. mai 2024");
    CHECK_INT(doc.nsections, 3);
    if (doc.nsections == 3) {
        CHECK_STR(doc.sections[0].text, "Av\n\nIngressen.\n\nFørste avsnitt om Legeforeningen.");
        CHECK_STR(doc.sections[2].title, "Under");
        CHECK_INT(doc.sections[2].level, 3);
        CHECK_STR(doc.sections[2].text, "Tredje.\n\nPublisert: 1. mai 2024");
    }
    kdoc_free(&doc);
}

/* ---- threads ---------------------------------------------------------------------------- */

typedef struct job {
    const unsigned char *data;
    size_t len;
    char *text;
    int rc;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    kdoc doc;
    kerr err = {0};
    kdoc_init(&doc, PAGE_000, "html");
    for (int i = 0; i < 20 && j->rc == 0; i++) {
        kdoc_free(&doc);
        kdoc_init(&doc, PAGE_000, "html");
        j->rc = extract_html(&doc, j->data, j->len, &err);
    }
    j->text = j->rc == 0 ? kdoc_text(&doc) : NULL;
    kdoc_free(&doc);
    return NULL;
}

TEST(threads_get_the_same_text)
{
    size_t len = 0;
    unsigned char *data = slurp(PAGE_000, &len);
    job jobs[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){data, len, NULL, 0};
        pthread_create(&t[i], NULL, run_job, &jobs[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) {
        CHECK_INT(jobs[i].rc, 0);
        CHECK(jobs[i].text && jobs[0].text && strcmp(jobs[i].text, jobs[0].text) == 0);
    }
    for (int i = 0; i < 4; i++)
        free(jobs[i].text);
    free(data);
}

int main(void)
{
    xmlInitParser();
    RUN(article_000_metadata);
    RUN(article_000_text_is_the_article_only);
    RUN(article_000_headings_are_sections);
    RUN(article_003_iso_8859_1_by_http_equiv);
    RUN(undeclared_cp1252_page_is_decoded_with_a_warning);
    RUN(deeply_nested_page_keeps_what_came_before);
    RUN(deeply_nested_page_without_text_is_an_error);
    RUN(pages_without_text);
    RUN(encodings);
    RUN(utf16_page);
    RUN(title_fallbacks);
    RUN(dates_dois_languages);
    RUN(authors_without_citation_tags);
    RUN(main_content_without_article);
    RUN(html5_page_without_body);
    RUN(threads_get_the_same_text);
    xmlCleanupParser();
    return TEST_REPORT();
}
