/*
 * Fuzz target: whole PDFs through our poppler-glib extraction
 * (indexer/extract_pdf.c: pages, layout, page furniture, footnotes,
 * headings, outline, DOI), then the stages after it.  Poppler is slow on
 * big files: inputs over PDF_MAX_BYTES are skipped, so the fuzzer spends
 * its time on many small ones (its -max_len stays below it anyway).
 */
#include "fuzz_indexer.h"

#define PDF_MAX_BYTES (256 * 1024)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_indexer_open();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size <= PDF_MAX_BYTES)
        fuzz_extract("pdf", extract_pdf, data, size);
    return 0;
}
