/*
 * Fuzz target: the XML ingest path (indexer/extract_xml.c with its schema,
 * schemas/record.rng, xml_validate.c), then the stages after it.  The
 * input is a record file.
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
    fuzz_extract("xml", extract_xml, data, size);
    return 0;
}
