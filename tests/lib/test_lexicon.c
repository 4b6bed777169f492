/*
 * Unit tests for lib/lexicon.c: adding and finding words in any case,
 * word-list files (UTF-8, ISO-8859-1, hunspell .dic, comments), errors that
 * name the file, and the process-wide Norwegian lexicon with
 * $KILDE_WORDLISTS.  That one is loaded once per process (pthread_once), so
 * each of its cases runs in a child process of its own.
 */
#include "testhelp.h"
#include "tmpdir.h"
#include "lexicon.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool has(const klexicon *lx, const char *w)
{
    return klexicon_has(lx, w, strlen(w));
}

static void add(klexicon *lx, const char *w)
{
    CHECK_INT(klexicon_add(lx, w, strlen(w)), 0);
}

static void write_file(const char *path, const char *bytes)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return;
    }
    fputs(bytes, f);
    fclose(f);
}

TEST(adds_and_finds_in_any_case)
{
    klexicon *lx = klexicon_new();
    CHECK(lx != NULL);
    CHECK_INT(klexicon_size(lx), 0);
    CHECK(!has(lx, "sykehus"));
    add(lx, "Sykehus");
    add(lx, "ØKONOMI");
    add(lx, "sykehus"); /* again: still one word */
    CHECK_INT(klexicon_size(lx), 2);
    CHECK(has(lx, "sykehus"));
    CHECK(has(lx, "SYKEHUS"));
    CHECK(has(lx, "økonomi"));
    CHECK(has(lx, "Økonomi"));
    CHECK(!has(lx, "sykehu"));
    CHECK(!has(lx, "sykehuss"));
    CHECK(!has(lx, "sykehusøkonomi"));
    /* a length, not a C string: the first 7 bytes of a longer word */
    CHECK(klexicon_has(lx, "sykehusøkonomi", 7));
    klexicon_free(lx);
}

TEST(ignores_empty_and_overlong_words)
{
    klexicon *lx = klexicon_new();
    char longword[KLEXICON_MAX_WORD + 2];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    add(lx, "");
    add(lx, longword);
    CHECK_INT(klexicon_size(lx), 0);
    CHECK(!has(lx, longword));
    CHECK(!has(lx, ""));
    longword[KLEXICON_MAX_WORD] = '\0'; /* exactly the longest stored */
    add(lx, longword);
    CHECK(has(lx, longword));
    klexicon_free(lx);
}

TEST(grows_to_many_words)
{
    klexicon *lx = klexicon_new();
    char w[32];
    for (int i = 0; i < 200000; i++) {
        snprintf(w, sizeof w, "ord%dx", i);
        if (klexicon_add(lx, w, strlen(w)) < 0)
            break;
    }
    CHECK_INT(klexicon_size(lx), 200000);
    int found = 0, absent = 0;
    for (int i = 0; i < 200000; i++) {
        snprintf(w, sizeof w, "ORD%dX", i);
        found += has(lx, w);
        snprintf(w, sizeof w, "ord%dy", i);
        absent += !has(lx, w);
    }
    CHECK_INT(found, 200000);
    CHECK_INT(absent, 200000);
    klexicon_free(lx);
}

TEST(reads_latin1_files)
{
    /* as Debian's lists: ISO-8859-1, one word per line */
    write_file(at("latin1"), "bl\xe5" "b\xe6r\n\xd8KONOMI\nsm\xf8r\n");
    klexicon *lx = klexicon_new();
    kerr err;
    CHECK_INT(klexicon_add_file(lx, at("latin1"), &err), 0);
    CHECK_INT(klexicon_size(lx), 3);
    CHECK(has(lx, "blåbær"));
    CHECK(has(lx, "økonomi"));
    CHECK(has(lx, "SMØR"));
    klexicon_free(lx);
}

TEST(reads_utf8_files_with_comments)
{
    write_file(at("utf8"), "\xEF\xBB\xBF# a comment\r\n"
                           "Høringsinnspill\r\n"
                           "\n"
                           "  legeforening  \n"
                           "2024\n"
                           "spesialistutdanning");
    klexicon *lx = klexicon_new();
    kerr err;
    CHECK_INT(klexicon_add_file(lx, at("utf8"), &err), 0);
    CHECK(has(lx, "høringsinnspill"));
    CHECK(has(lx, "legeforening"));
    CHECK(has(lx, "2024")); /* only a first line of digits is a count */
    CHECK(has(lx, "spesialistutdanning")); /* no final newline */
    CHECK(!has(lx, "# a comment"));
    CHECK_INT(klexicon_size(lx), 4);
    klexicon_free(lx);
}

TEST(reads_hunspell_dic_files)
{
    /* nb_NO.dic: a count, then stem/flags, sometimes tab-separated fields */
    write_file(at("nb.dic"), "3\nsykehus/BGHz\nlege/ACEFz\tpo:noun\n\xf8konomi/AEGHJz\n");
    klexicon *lx = klexicon_new();
    kerr err;
    CHECK_INT(klexicon_add_file(lx, at("nb.dic"), &err), 0);
    CHECK_INT(klexicon_size(lx), 3);
    CHECK(has(lx, "sykehus"));
    CHECK(has(lx, "lege"));
    CHECK(has(lx, "økonomi"));
    CHECK(!has(lx, "3"));
    CHECK(!has(lx, "sykehus/bghz"));
    klexicon_free(lx);
}

TEST(reads_empty_files)
{
    write_file(at("empty"), "");
    klexicon *lx = klexicon_new();
    kerr err;
    CHECK_INT(klexicon_add_file(lx, at("empty"), &err), 0);
    CHECK_INT(klexicon_size(lx), 0);
    klexicon_free(lx);
}

TEST(errors_name_the_file)
{
    klexicon *lx = klexicon_new();
    kerr err;
    kerr_clear(&err);
    const char *missing = at("no-such-list");
    CHECK_INT(klexicon_add_file(lx, missing, &err), KERR_IO);
    CHECK_INT(err.code, KERR_IO);
    CHECK_CONTAINS(err.msg, missing);
    CHECK_CONTAINS(err.msg, "No such file");
    CHECK_INT(klexicon_add_file(lx, root, &err), KERR_IO); /* a directory */
    CHECK_CONTAINS(err.msg, root);
    CHECK_INT(klexicon_add_file(lx, missing, NULL), KERR_IO); /* err may be NULL */
    CHECK_INT(klexicon_size(lx), 0);
    klexicon_free(lx);
}

/* Runs fn in a child with the given environment (NULL unsets) and its
 * stderr in the file err_path; returns the child's exit status, which is
 * the number of its failed checks. */
static int in_child(int (*fn)(void), const char *wordlists, const char *err_path)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(err_path, "w", stderr))
            _exit(100);
        if (wordlists)
            setenv("KILDE_WORDLISTS", wordlists, 1);
        else
            unsetenv("KILDE_WORDLISTS");
        setenv("KILDE_SCHEMA_DIR", at("schemas"), 1);
        exit(fn());
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 101;
    return WEXITSTATUS(status);
}

static char *slurp(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Children's checks: each false one adds 1 to the exit status. */
static int lists_replaced(void)
{
    const klexicon *lx = klexicon_norwegian();
    return !has(lx, "allmennlege") + !has(lx, "HØRINGSINNSPILL") + !has(lx, "legeliv") +
           has(lx, "sykehus") + (klexicon_size(lx) != 3) + (klexicon_norwegian() != lx);
}

static int no_lists(void)
{
    const klexicon *lx = klexicon_norwegian();
    return !has(lx, "høringsinnspill") + (klexicon_size(lx) != 1);
}

static void *load_in_thread(void *arg)
{
    (void)arg;
    return (void *)klexicon_norwegian();
}

static int debian_lists(void)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pthread_t th[4];
    void *got[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, load_in_thread, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], &got[i]);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const klexicon *lx = klexicon_norwegian();
    printf("  Debian lists: %zu words loaded in %.3f s\n", klexicon_size(lx),
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    int bad = 0;
    for (int i = 0; i < 4; i++)
        bad += got[i] != lx;
    return bad + (klexicon_size(lx) < 1000000) + !has(lx, "sykehus") + !has(lx, "nynorsk") +
           !has(lx, "Økonomien") + !has(lx, "høringsinnspill") + has(lx, "xyzzyq");
}

TEST(norwegian_lexicon_follows_the_environment)
{
    mkdir(at("schemas"), 0755);
    write_file(at("schemas/words.txt"), "# our own\nhøringsinnspill\n");
    write_file(at("a.txt"), "allmennlege\n");
    write_file(at("b.txt"), "h\xf8ringsinnspill\nlegeliv\n"); /* Latin-1; one word in words.txt too */
    char lists[512];
    snprintf(lists, sizeof lists, "%s:%s::%s", at("a.txt"), at("missing.txt"), at("b.txt"));
    CHECK_INT(in_child(lists_replaced, lists, at("stderr")), 0);
    const char *warn = slurp(at("stderr"));
    CHECK_CONTAINS(warn, at("missing.txt"));
    CHECK(strstr(warn, "a.txt") == NULL); /* one warning, for the missing list only */
    CHECK_INT(in_child(no_lists, "", at("stderr")), 0);
    CHECK_STR(slurp(at("stderr")), "");
    remove(at("schemas/words.txt")); /* a missing words.txt: a warning naming it */
    CHECK_INT(in_child(no_lists, "", at("stderr")), 2);
    CHECK_CONTAINS(slurp(at("stderr")), "words.txt");
}

TEST(norwegian_lexicon_loads_debian_lists)
{
    if (access("/usr/share/dict/bokmaal", R_OK) != 0 || access("/usr/share/dict/nynorsk", R_OK) != 0) {
        printf("  skipped: /usr/share/dict/bokmaal or nynorsk missing (package wnorwegian)\n");
        return;
    }
    write_file(at("schemas/words.txt"), "høringsinnspill\n");
    CHECK_INT(in_child(debian_lists, NULL, at("stderr")), 0);
    CHECK_STR(slurp(at("stderr")), "");
}

int main(void)
{
    if (tmpdir_make("/tmp/kilde-lexicon.XXXXXX") < 0)
        return 1;
    RUN(adds_and_finds_in_any_case);
    RUN(ignores_empty_and_overlong_words);
    RUN(grows_to_many_words);
    RUN(reads_latin1_files);
    RUN(reads_utf8_files_with_comments);
    RUN(reads_hunspell_dic_files);
    RUN(reads_empty_files);
    RUN(errors_name_the_file);
    RUN(norwegian_lexicon_follows_the_environment);
    RUN(norwegian_lexicon_loads_debian_lists);
    tmpdir_remove();
    return TEST_REPORT();
}
