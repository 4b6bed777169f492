/*
 * embed — writes a C file holding the given files' bytes, so searchd
 * serves its page (web/) from the binary, whatever its working directory.
 *   embed OUT.c FILE...
 * Each file becomes an entry of sd_assets[] (searchd/http_assets.h) under
 * its base name, with a hash of its bytes for the ETag.  A build tool:
 * run by the Makefile, never installed.  No xxd needed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a, 64 bits: enough to tell one version of a file from the next. */
static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t cap = 0, n = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            unsigned char *more = realloc(data, cap);
            if (!more)
                break;
            data = more;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f) || !data;
    fclose(f);
    if (bad) {
        free(data);
        return NULL;
    }
    *len = n;
    return data;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The name as a C string literal: web/ names are plain, but say so. */
static int plain_name(const char *name)
{
    for (const char *p = name; *p; p++)
        if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
            return 0;
    return *name != '\0';
}

static int write_bytes(FILE *out, size_t index, const unsigned char *data, size_t len)
{
    fprintf(out, "static const unsigned char asset%zu[] = {", index);
    for (size_t i = 0; i < len; i++)
        fprintf(out, "%s%u,", i % 20 ? "" : "\n   ", data[i]);
    fprintf(out, "%s};\n", len ? "\n" : "0");
    return ferror(out) ? -1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: embed OUT.c FILE...\n", stderr);
        return 2;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        fprintf(stderr, "embed: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    fprintf(out, "/* Made by tools/embed.c from the page's files: do not edit. */\n"
                 "#include \"http_assets.h\"\n\n");
    uint64_t *hash = calloc((size_t)argc, sizeof *hash);
    size_t *len = calloc((size_t)argc, sizeof *len);
    int rc = hash && len ? 0 : 1;
    for (int i = 2; rc == 0 && i < argc; i++) {
        unsigned char *data = slurp(argv[i], &len[i]);
        if (!data || !plain_name(base_name(argv[i]))) {
            fprintf(stderr, "embed: %s: %s\n", argv[i],
                    data ? "a name C cannot hold as it is" : strerror(errno));
            rc = 1;
        } else {
            hash[i] = fnv1a(data, len[i]);
            rc = write_bytes(out, (size_t)(i - 2), data, len[i]);
        }
        free(data);
    }
    fprintf(out, "\nconst sd_asset sd_assets[] = {\n");
    for (int i = 2; rc == 0 && i < argc; i++)
        fprintf(out, "    {\"%s\", asset%d, %zu, \"%016" PRIx64 "\"},\n", base_name(argv[i]),
                i - 2, len[i], hash[i]);
    fprintf(out, "    {0, 0, 0, 0}\n};\n");
    free(hash);
    free(len);
    if (fclose(out) != 0 || rc) {
        fprintf(stderr, "embed: could not write %s\n", argv[1]);
        remove(argv[1]);
        return 1;
    }
    return 0;
}
