/* extract_text(): plain text and Markdown, on the seed texts and on damaged
 * and awkward input. */
#include "stage_helpers.h"
#include "testhelp.h"

#include <stdlib.h>

#define TEXT_000 "tests/data/text/000-medlemsmoter.txt"
#define MD_001 "tests/data/text/001-legeliv.md"
#define BAD_UTF8 "tests/data/bad/invalid-utf8.txt"

/* Extracts a file; the caller frees doc. */
static int extract_file(kdoc *doc, const char *path, const char *format, kerr *err)
{
    return extract_file_as(doc, path, format, extract_text, err);
}

static int extract_str(kdoc *doc, const char *s, size_t len, const char *format, kerr *err)
{
    return extract_mem_as(doc, "test", format, extract_text, s, len, err);
}

/* The single page's text of Markdown source md ("" on failure). */
static const char *md_text(kdoc *doc, const char *md)
{
    kerr err = {0};
    if (extract_str(doc, md, strlen(md), "markdown", &err) != 0 || doc->npages != 1)
        return "";
    return doc->pages[0].text;
}

/* ---- plain text ------------------------------------------------------------------ */

TEST(plain_text_is_one_page_as_written)
{
    kdoc doc;
    kerr err = {0};
    size_t len = 0;
    unsigned char *raw = slurp(TEXT_000, &len);
    CHECK_INT(extract_file(&doc, TEXT_000, "text", &err), 0);
    CHECK_INT(doc.npages, 1);
    CHECK_STR(doc.pages[0].label, "1");
    CHECK(!doc.paged);
    CHECK_INT(doc.nsections, 0); /* later stages find numbered headings */
    CHECK_INT(doc.nwarnings, 0);
    CHECK(raw && strcmp(doc.pages[0].text, (char *)raw) == 0); /* line breaks kept */
    CHECK_CONTAINS(doc.pages[0].text, "Ett år senere er tallet 5 204.");
    CHECK(doc.title == NULL);
    free(raw);
    kdoc_free(&doc);
}

TEST(invalid_utf8_is_decoded_and_counted)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, BAD_UTF8, "text", &err), 0);
    CHECK_INT(doc.nwarnings, 1);
    if (doc.nwarnings)
        CHECK_STR(doc.warnings[0], "8 invalid UTF-8 bytes decoded as windows-1252");
    const char *t = doc.npages ? doc.pages[0].text : "";
    CHECK_CONTAINS(t, "Legeforeningen støtter utvalgets konklusjon.\n"); /* 0xF8, CRLF */
    CHECK_CONTAINS(t, "Pris: 100 € og “sitat” æøå.");
    CHECK_CONTAINS(t, "blåbær, ø og \xEF\xBF\xBD."); /* valid text untouched */
    CHECK_CONTAINS(t, "NUL:\xEF\xBF\xBDslutt");
    CHECK(strchr(t, '\r') == NULL);
    kdoc_free(&doc);
}

TEST(bom_and_line_ends)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, "\xEF\xBB\xBFHei\r\nverden\rslutt\n", 21, "text", &err), 0);
    CHECK_STR(doc.pages[0].text, "Hei\nverden\nslutt\n");
    kdoc_free(&doc);
}

TEST(utf16_with_a_bom)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, "\xFF\xFEH\0\xE5\0p\0", 8, "text", &err), 0);
    CHECK_STR(doc.pages[0].text, "Håp");
    kdoc_free(&doc);
}

TEST(text_is_composed)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, "bla\xCC\x8A" "b\xC3\xA6r", 9, "text", &err), 0);
    CHECK_STR(doc.pages[0].text, "blåbær");
    kdoc_free(&doc);
}

TEST(empty_and_binary_files_are_refused)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, "", 0, "text", &err), KERR_FORMAT);
    CHECK_STR(err.msg, "no text found");
    kdoc_free(&doc);
    CHECK_INT(extract_str(&doc, " \n\n\t\n", 5, "markdown", &err), KERR_FORMAT);
    CHECK_STR(err.msg, "no text found");
    kdoc_free(&doc);
    unsigned char bin[256];
    for (int i = 0; i < 256; i++)
        bin[i] = (unsigned char)(i * 7 + 128);
    kdoc_init(&doc, "x.txt", "text");
    CHECK_INT(extract_text(&doc, bin, sizeof bin, &err), KERR_FORMAT);
    CHECK_CONTAINS(err.msg, "not text:");
    kdoc_free(&doc);
}

/* ---- Markdown ----------------------------------------------------------------------- */

TEST(markdown_001_keeps_words_not_markup)
{
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_file(&doc, MD_001, "markdown", &err), 0);
    CHECK_STR(doc.title, "Et godt legeliv starter på medisinstudiet");
    CHECK(!doc.paged);
    const char *t = doc.npages ? doc.pages[0].text : "";
    CHECK(strstr(t, "**") == NULL);
    CHECK(strstr(t, "](mailto:") == NULL);
    CHECK(strstr(t, "---") == NULL);
    CHECK(strstr(t, "##") == NULL);
    CHECK(strncmp(t, "Et godt legeliv starter på medisinstudiet\n\nAKTUELT I FORENINGEN\n\n"
                     "ANNE-KARIN RIME\n\nanne-karin.rime@legeforeningen.no\n\nPresident\n\n"
                     "Kjære medisinstudent: Velkommen til Legeforeningen!",
                  strlen("Et godt legeliv starter på medisinstudiet\n\nAKTUELT I FORENINGEN\n\n"
                         "ANNE-KARIN RIME\n\nanne-karin.rime@legeforeningen.no\n\nPresident\n\n"
                         "Kjære medisinstudent: Velkommen til Legeforeningen!")) == 0);
    CHECK_CONTAINS(t, "Publisert: 19. august 2024. Tidsskr Nor Legeforen. DOI: "
                      "10.4045/tidsskr.24.09.11");
    /* the one heading holds everything under it */
    CHECK_INT(doc.nsections, 1);
    if (doc.nsections == 1) {
        CHECK_STR(doc.sections[0].title, "Et godt legeliv starter på medisinstudiet");
        CHECK_INT(doc.sections[0].level, 2);
        CHECK(strncmp(doc.sections[0].text, "AKTUELT I FORENINGEN\n", 21) == 0);
        CHECK_CONTAINS(doc.sections[0].text, "lykke til med et nytt studieår!");
    }
    kdoc_free(&doc);
}

TEST(markdown_emphasis)
{
    kdoc doc;
    CHECK_STR(md_text(&doc, "Dette er **fet**, *kursiv*, __også__ og _dette_ og ***begge***."),
              "Dette er fet, kursiv, også og dette og begge.");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "snake_case_name og 2 * 3 * 4 og fil_navn.txt"),
              "snake_case_name og 2 * 3 * 4 og fil_navn.txt");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "**fet over\nto linjer**"), "fet over\nto linjer");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "\\*ikke kursiv\\* og `**kode**`"), "*ikke kursiv* og **kode**");
    kdoc_free(&doc);
}

TEST(markdown_links)
{
    kdoc doc;
    CHECK_STR(md_text(&doc, "[Legeforeningen](https://www.legeforeningen.no/om_oss \"Om\") mener"),
              "Legeforeningen mener");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "[post@lf.no](mailto:post@lf.no) og [skriv til "
                            "oss](mailto:post@lf.no?subject=Hei)"),
              "post@lf.no og skriv til oss (post@lf.no)");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "<https://tidsskriftet.no> og <mailto:a@b.no>, linje<br>to"),
              "https://tidsskriftet.no og a@b.no, linje\nto");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "Se [rapporten][1] og "
                            "[Wiki](https://no.wikipedia.org/wiki/Lege_(yrke)).\n\n"
                            "[1]: https://example.no/rapport.pdf \"Rapport\""),
              "Se rapporten og Wiki.");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "[ikke lenke] og [halv](lenke"), "[ikke lenke] og [halv](lenke");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "![Foto av studenter](bilde.jpg)\nTekst &amp; mer &#229;&#xE5;"),
              "\nTekst & mer åå");
    CHECK_INT(doc.ncaptions, 1);
    if (doc.ncaptions)
        CHECK_STR(doc.captions[0], "Foto av studenter");
    kdoc_free(&doc);
}

TEST(markdown_blocks)
{
    kdoc doc;
    CHECK_STR(md_text(&doc, "- en\n* to\n+ tre\n1. fire\n\n> sitat\n> > videre\n\n"
                            "| a | b |\n|---|:-:|\n| 1 | 2 |"),
              "• en\n• to\n• tre\n1. fire\n\nsitat\nvidere\n\na | b\n1 | 2");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "før\n\n```c\nkode **x** [y](z)\n```\n\n<!-- skjult\nkommentar -->\n"
                            "etter"),
              "før\n\nkode **x** [y](z)\n\netter");
    kdoc_free(&doc);
    CHECK_STR(md_text(&doc, "\n\na\n\n***\n\n\n\nb\n- - -\nc\n\n"), "a\n\nb\n\nc");
    kdoc_free(&doc);
}

TEST(markdown_headings_are_sections)
{
    kdoc doc;
    CHECK_STR(md_text(&doc, "Innledning uten overskrift.\n\nTittel\n======\n\nTekst.\n\n## Del to "
                            "##\n"
                            "Mer tekst.\n\nUndertittel\n---\nSiste."),
              "Innledning uten overskrift.\n\nTittel\n\nTekst.\n\nDel to\n\nMer tekst.\n\n"
              "Undertittel\n\nSiste.");
    CHECK_STR(doc.title, "Tittel");
    CHECK_INT(doc.nsections, 4);
    if (doc.nsections == 4) {
        CHECK(doc.sections[0].title == NULL);
        CHECK_STR(doc.sections[0].text, "Innledning uten overskrift.");
        CHECK_STR(doc.sections[1].title, "Tittel");
        CHECK_INT(doc.sections[1].level, 1);
        CHECK_STR(doc.sections[1].text, "Tekst.");
        CHECK_STR(doc.sections[2].title, "Del to");
        CHECK_INT(doc.sections[2].level, 2);
        CHECK_STR(doc.sections[2].text, "Mer tekst.");
        CHECK_STR(doc.sections[3].title, "Undertittel");
        CHECK_STR(doc.sections[3].text, "Siste.");
    }
    kdoc_free(&doc);
}

TEST(markdown_front_matter)
{
    kdoc doc;
    CHECK_STR(md_text(&doc, "---\ntitle: \"Fra front matter\"\ndate: 2024-08-19\nlang: nn\ntags:\n "
                            " - a\n---\n"
                            "# Overskrift\n\nTekst"),
              "Overskrift\n\nTekst");
    CHECK_STR(doc.title, "Fra front matter");
    CHECK_STR(doc.date, "2024-08-19");
    CHECK_INT(doc.date_source, KDATE_META);
    CHECK_STR(doc.lang, "nn");
    kdoc_free(&doc);
    /* a document that merely opens with a rule has no front matter */
    CHECK_STR(md_text(&doc, "---\nBare tekst her.\n---\n"), "Bare tekst her.");
    CHECK(doc.date == NULL);
    kdoc_free(&doc);
}

TEST(markdown_pathological_lines_stay_linear)
{
    /* Each would be quadratic with a naive scan: a few MB must be quick. */
    size_t n = 3 << 20;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        s[i] = "[]("[i % 3];
    s[n] = '\0';
    kdoc doc;
    kerr err = {0};
    CHECK_INT(extract_str(&doc, s, n, "markdown", &err), 0);
    kdoc_free(&doc);
    memset(s, '[', n);
    memcpy(s + n - 3, "](x", 3);
    CHECK_INT(extract_str(&doc, s, n, "markdown", &err), 0);
    kdoc_free(&doc);
    for (size_t i = 0; i < n; i++)
        s[i] = "*a _"[i % 4];
    CHECK_INT(extract_str(&doc, s, n, "markdown", &err), 0);
    kdoc_free(&doc);
    free(s);
}

int main(void)
{
    RUN(plain_text_is_one_page_as_written);
    RUN(invalid_utf8_is_decoded_and_counted);
    RUN(bom_and_line_ends);
    RUN(utf16_with_a_bom);
    RUN(text_is_composed);
    RUN(empty_and_binary_files_are_refused);
    RUN(markdown_001_keeps_words_not_markup);
    RUN(markdown_emphasis);
    RUN(markdown_links);
    RUN(markdown_blocks);
    RUN(markdown_headings_are_sections);
    RUN(markdown_front_matter);
    RUN(markdown_pathological_lines_stay_linear);
    return TEST_REPORT();
}
