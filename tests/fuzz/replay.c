/*
 * Replays a fuzz target's committed inputs as a plain test, so make check
 * needs no clang and an input that once crashed a target stays fixed.
 * Built once per target (test_fuzz_NAME, linked with fuzz_NAME.c); with no
 * arguments it feeds every file of tests/fuzz/corpus/NAME/ to the target,
 * NAME read from its own program name; given files, it feeds those.
 * A crash, a leak or undefined behaviour ends it under the sanitizers with
 * no result line, which tests/run.sh counts as a failure.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define PROGRAM_PREFIX "test_fuzz_"

static unsigned char *read_input(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            unsigned char *grown = realloc(buf, cap = cap ? cap * 2 : 4096);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

/* Feeds one file; the copy is exactly the file's size, so ASan sees a
 * read past its end. */
static int replay(const char *path)
{
    size_t len = 0;
    unsigned char *data = read_input(path, &len);
    if (!data) {
        printf("FAIL: cannot read %s\n", path);
        return -1;
    }
    unsigned char *exact = malloc(len ? len : 1);
    if (!exact) {
        free(data);
        return -1;
    }
    memcpy(exact, data, len);
    free(data);
    fflush(stdout);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int only_files(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* Every input of the target's committed corpus; none is a failure: the
 * replay would pass while testing nothing. */
static void replay_corpus(const char *target, unsigned *passed, unsigned *failed)
{
    char dir[512], path[1024];
    snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", target);
    struct dirent **names;
    int n = scandir(dir, &names, only_files, by_name);
    if (n <= 0) {
        printf("FAIL: no inputs in %s (run from the repository's root)\n", dir);
        (*failed)++;
        if (n == 0)
            free(names);
        return;
    }
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (replay(path) == 0)
            (*passed)++;
        else
            (*failed)++;
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    const char *self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (strncmp(self, PROGRAM_PREFIX, strlen(PROGRAM_PREFIX)) != 0) {
        printf("FAIL: %s: the program's name is test_fuzz_TARGET\n", self);
        return 1;
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    unsigned passed = 0, failed = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            replay(argv[i]) == 0 ? passed++ : failed++;
    } else {
        replay_corpus(self + strlen(PROGRAM_PREFIX), &passed, &failed);
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
