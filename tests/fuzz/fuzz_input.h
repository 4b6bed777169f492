/*
 * The input as a C string, for the units that read one: a malloc'd copy
 * with a NUL after it (NULL when memory runs out).  Not strndup: ASan's
 * strict string checks read its source past n.
 */
#ifndef KILDE_FUZZ_INPUT_H
#define KILDE_FUZZ_INPUT_H

#include <stdlib.h>
#include <string.h>

static inline char *fuzz_cstring(const void *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

#endif
