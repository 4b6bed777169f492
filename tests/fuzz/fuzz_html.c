/*
 * Fuzz target: HTML extraction (indexer/extract_html.c and html_*.c: the
 * charset, the metadata, our walk over libxml2's tree for the body), then
 * the stages after it.  The input is an HTML file as fetched.
 */
#include "fuzz_indexer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_indexer_open();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract("html", extract_html, data, size);
    return 0;
}
