/*
 * Fuzz target: text clean-up and repair (indexer/clean.c, repair.c:
 * ligatures, hyphenation, normalisation, lost letters) and section
 * splitting (split.c) with positions (positions.c), on text and Markdown.
 * The input's first byte picks the format (odd: Markdown), the rest is the
 * file; repair_text also reads the rest alone.
 */
#include <string.h>

#include "fuzz_indexer.h"
#include "fuzz_input.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_indexer_open();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *format = data[0] & 1 ? "markdown" : "text";
    fuzz_extract(format, extract_text, data + 1, size - 1);
    char *text = fuzz_cstring(data + 1, size - 1);
    if (text) {
        krepair_stats rs = {0};
        free(repair_text(text, klexicon_norwegian(), &rs));
        free(text);
    }
    return 0;
}
