/*
 * Fuzz target: the protocol's request lines (docs/PROTOCOL.md) as a worker
 * answers them — sd_handle over a real index, every operation reachable,
 * internal ones too.  The input is what a client writes: one or more
 * lines (pipelined), split at '\n' as searchd's connections split them; a
 * line over SD_LINE_MAX is answered too_large there and never reaches a
 * worker, so it is left out here too.
 */
#include <stdint.h>

#include "fuzz_searchd.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_searchd_open();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the protocol's requests come as bytes: no NUL at the end */
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((eol ? eol : end) - p);
        if (len <= SD_LINE_MAX && len > 0) {
            char *line = malloc(len);
            if (!line)
                return 0;
            memcpy(line, p, len);
            /* the first line as a client's, the rest as searchd's own (source) */
            fuzz_handle(line, len, p != (const char *)data);
            free(line);
        }
        p += len + 1;
    }
    return 0;
}
