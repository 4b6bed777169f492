/* The DOI rule: a document's own DOI (declared in metadata or in its
 * citation line) is its identity; a DOI it cites is not. */
#include <stdlib.h>

#include "doi.h"
#include "testhelp.h"

static const char *line_doi(const char *line)
{
    static char doi[128];
    return doi_citation_line(line, strlen(line), doi, sizeof doi) ? doi : NULL;
}

static const char *page_doi(const char *page)
{
    static char doi[128];
    return doi_declared_in_page(page, doi, sizeof doi) ? doi : NULL;
}

TEST(an_articles_own_citation_line_declares_its_doi)
{
    CHECK_STR(line_doi("Publisert: 20. april 2026. Tidsskr Nor Legeforen. DOI: 10.4045/tidsskr.26.05.15"),
              "10.4045/tidsskr.26.05.15");
    CHECK_STR(line_doi("Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/tidsskr.24.0123"),
              "10.4045/tidsskr.24.0123");
    CHECK_STR(line_doi("DOI: 10.4045/tidsskr.24.0123"), "10.4045/tidsskr.24.0123");
    CHECK_STR(line_doi("  doi:10.4045/tidsskr.24.0123.  "), "10.4045/tidsskr.24.0123");
    CHECK_STR(line_doi("https://doi.org/10.4045/tidsskr.24.0123"), "10.4045/tidsskr.24.0123");
    CHECK_STR(line_doi("Tidsskr Nor Legeforen nr. 5, 2024; 144: 401–3. doi: 10.4045/tidsskr.24.0123"),
              "10.4045/tidsskr.24.0123");
}

TEST(a_cited_doi_is_no_identity)
{
    /* inside a sentence, in parentheses */
    CHECK(line_doi("Vi viser til lederen i Tidsskriftet (doi: 10.4045/tidsskr.24.09.11) og "
                   "ber departementet lese den.") == NULL);
    CHECK(line_doi("Legeforeningen viser til artikkelen (doi: 10.4045/tidsskr.24.09.11)") == NULL);
    /* ending a sentence */
    CHECK(line_doi("Dette er godt beskrevet i Tidsskriftet, doi: 10.4045/tidsskr.24.09.11.") == NULL);
    /* a numbered reference, a bracketed one, a footnote, a bullet */
    CHECK(line_doi("1. Rime AK. Et godt legeliv starter på medisinstudiet. Tidsskr Nor "
                   "Legeforen 2024; 144. doi: 10.4045/tidsskr.24.09.11") == NULL);
    CHECK(line_doi("[2] Smith J, Jones K. Burnout. BMJ 2020; 368. doi: 10.1136/bmj.m1") == NULL);
    CHECK(line_doi("3Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/tidsskr.24.09.11") == NULL);
    CHECK(line_doi("• Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/tidsskr.24.09.11") == NULL);
    /* a reference without a number: authors before the journal */
    CHECK(line_doi("Rime AK. Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/tidsskr.24.09.11") == NULL);
    CHECK(line_doi("Hansen K, Berg T et al. BMJ 2020. doi: 10.1136/bmj.m1") == NULL);
    /* a DOI with no label is no citation line either */
    CHECK(line_doi("10.4045/tidsskr.24.09.11") == NULL);
}

TEST(the_page_decides_from_its_header_and_footer)
{
    /* an article: the body cites another work, the footer declares its own */
    CHECK_STR(page_doi("Et godt legeliv\n\nANNE-KARIN RIME\n\nSom vist i Tidsskriftet "
                       "(doi: 10.4045/tidsskr.20.0001) er det slik.\n\nPublisert: 19. august "
                       "2024. Tidsskr Nor Legeforen. DOI: 10.4045/tidsskr.24.09.11\n\n"
                       "© Tidsskrift for Den norske legeforening 2024.\n"),
              "10.4045/tidsskr.24.09.11");
    /* a consultation response citing an article has no DOI of its own */
    CHECK(page_doi("Høringssvar\n\nLegeforeningen viser til Tidsskriftet (doi: "
                   "10.4045/tidsskr.24.09.11).\n\nMed vennlig hilsen\nDen norske "
                   "legeforening\n") == NULL);
    /* a list of the year's articles names several: none is the list's own */
    CHECK(page_doi("Årsmelding 2024\n\nArtikler i Tidsskriftet\n\n"
                   "Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/tidsskr.24.09.11\n"
                   "Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/tidsskr.24.0123\n"
                   "Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/tidsskr.24.0456\n") == NULL);
    /* the same DOI twice (a running header) is still one */
    CHECK_STR(page_doi("DOI: 10.4045/tidsskr.24.0123\nTekst.\nDOI: 10.4045/TIDSSKR.24.0123\n"),
              "10.4045/tidsskr.24.0123");
    /* a line deep in the body is neither header nor footer */
    char page[4096] = "Tittel\n";
    for (int i = 0; i < 10; i++)
        strcat(page, "Tekst i brødteksten.\n");
    strcat(page, "DOI: 10.4045/tidsskr.24.0123\n");
    for (int i = 0; i < 10; i++)
        strcat(page, "Mer tekst i brødteksten.\n");
    CHECK(page_doi(page) == NULL);
}

TEST(the_first_page_only)
{
    kdoc doc;
    kdoc_init(&doc, "a.pdf", "pdf");
    const char *p1 = "Innledning\n\nTekst.\n";
    const char *p2 = "Side 2\n\nDOI: 10.4045/tidsskr.24.0123\n";
    kdoc_add_page(&doc, "1", p1, strlen(p1));
    kdoc_add_page(&doc, "2", p2, strlen(p2));
    doi_fill_declared(&doc);
    CHECK(doc.doi == NULL);
    kdoc_free(&doc);

    kdoc_init(&doc, "b.pdf", "pdf");
    kdoc_add_page(&doc, "1", p2, strlen(p2));
    kdoc_set(&doc.doi, "10.1000/from-metadata");
    doi_fill_declared(&doc);
    CHECK_STR(doc.doi, "10.1000/from-metadata"); /* metadata wins */
    kdoc_free(&doc);
}

TEST(xmp_metadata)
{
    char doi[128];
    CHECK(doi_from_xmp("<x:xmpmeta><rdf:RDF><rdf:Description><prism:doi>10.4045/tidsskr.24.0123"
                       "</prism:doi></rdf:Description></rdf:RDF></x:xmpmeta>",
                       doi, sizeof doi));
    CHECK_STR(doi, "10.4045/tidsskr.24.0123");
    CHECK(doi_from_xmp("<rdf:Description prism:doi=\"10.1136/bmj.m1\"/>", doi, sizeof doi));
    CHECK_STR(doi, "10.1136/bmj.m1");
    CHECK(doi_from_xmp("<dc:identifier><rdf:Bag><rdf:li>ISBN 978-82-1</rdf:li>"
                       "<rdf:li>doi:10.4045/tidsskr.24.0123</rdf:li></rdf:Bag></dc:identifier>",
                       doi, sizeof doi));
    CHECK_STR(doi, "10.4045/tidsskr.24.0123");
    CHECK(doi_from_xmp("<dc:identifier>https://doi.org/10.4045/x.1</dc:identifier>", doi,
                       sizeof doi));
    CHECK_STR(doi, "10.4045/x.1");
    CHECK(!doi_from_xmp("<dc:identifier>ISBN 978-82-1</dc:identifier>", doi, sizeof doi));
    CHECK(!doi_from_xmp("<dc:description>Se doi:10.4045/x.1</dc:description>", doi, sizeof doi));
    CHECK(!doi_from_xmp(NULL, doi, sizeof doi));
}

TEST(bare_dois)
{
    char doi[128];
    CHECK(doi_bare("doi:10.4045/x.1", doi, sizeof doi));
    CHECK_STR(doi, "10.4045/x.1");
    CHECK(doi_bare(" https://dx.doi.org/10.4045/x.1 ", doi, sizeof doi));
    CHECK_STR(doi, "10.4045/x.1");
    CHECK(!doi_bare("se 10.4045/x.1", doi, sizeof doi));
    CHECK(!doi_bare("10.4045/x.1 og mer", doi, sizeof doi));
    CHECK(!doi_bare("10.4045/x.1", doi, 5)); /* too long for the buffer */
}

int main(void)
{
    RUN(an_articles_own_citation_line_declares_its_doi);
    RUN(a_cited_doi_is_no_identity);
    RUN(the_page_decides_from_its_header_and_footer);
    RUN(the_first_page_only);
    RUN(xmp_metadata);
    RUN(bare_dois);
    return TEST_REPORT();
}
