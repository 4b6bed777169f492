/*
 * Fuzz target: whole PDFs through our poppler-glib extraction
 * (indexer/extract_pdf.c: pages, layout, page furniture, footnotes,
 * headings, outline, DOI), then the stages after it.  Poppler is slow on
 * big files: inputs over PDF_MAX_BYTES are skipped, so the fuzzer spends
 * its time on many small ones (its -max_len stays below it anyway).
 */
#include "fuzz_indexer.h"

#define PDF_MAX_BYTES (256 * 1024)

/* A page with one line, read once before the inputs: poppler's first
 * text extraction sets up its fonts (seconds under ASan). */
static const char warm_up[] =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    "4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 72 720 Td (Innledning) Tj ET\nendstream endobj\n"
    "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_indexer_open();
    fuzz_extract("pdf", extract_pdf, (const uint8_t *)warm_up, sizeof warm_up - 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size <= PDF_MAX_BYTES)
        fuzz_extract("pdf", extract_pdf, data, size);
    return 0;
}
