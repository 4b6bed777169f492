/*
 * bin/indexer — turns PDFs, HTML, XML records, text and Markdown into a
 * Xapian index of citable units.
 *
 * The stages, each in its own file: walk (walk.c) → detect (detect.c) →
 * extract (extract_*.c) → manifest (manifest.c) → clean (clean.c) →
 * describe (metadata.c, patterns.c) → split (split.c) → analyse and write
 * (analyse.c, writer.c) → commit; pipeline.c runs them on N threads.
 */
#include <getopt.h>
#include <limits.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"
#include "run_record.h"
#include "walk.h"
#include "watch.h"
#include "words.h"

#define EXIT_PARTIAL 1
#define EXIT_USAGE 2

static const char usage[] =
    "usage: indexer [--db DIR] [--manifest FILE] [--jobs N] [--type TYPE] [--json]\n"
    "               [--batch N] [--file-timeout SECONDS] [--verbose] PATH...\n"
    "Indexes PDF, HTML, XML, text and Markdown files (folders are walked) into a\n"
    "Xapian index (default var/index). Unchanged files are skipped, changed ones\n"
    "replaced, and files gone from the given folders removed from the index.\n"
    "  --jobs N    extract on N threads (default 1); one writer feeds the index\n"
    "  --batch N   commit every N files (default 512); a killed run loses at most a batch\n"
    "  --type T    treat every file as T: artikkel, horingsinnspill, arsmelding, annet\n"
    "  --file-timeout S  leave out a file still being read after S seconds (default 300;\n"
    "              0: no limit, and the run is not watched for crashes either)\n"
    "  --json      print the summary as one JSON object on stdout\n"
    "Exit status: 0 all indexed, 1 some files failed, 2 usage or index error.\n";

/* The walk's reports join the run's record (its callback takes no argument). */
static krun_record *record;

static void report_walk(const char *path, const char *reason, bool warning)
{
    if (warning)
        run_record_warning(record, path, "walk", reason);
    else
        run_record_failure(record, path, "walk", reason);
}

static int parse_count(const char *name, const char *arg, long max, int *out)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*end || end == arg || n < 1 || n > max) {
        fprintf(stderr, "indexer: %s takes a number from 1 to %ld, not '%s'\n", name, max, arg);
        return -1;
    }
    *out = (int)n;
    return 0;
}

static int parse_seconds(const char *name, const char *arg, unsigned *out)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*end || end == arg || n < 0 || n > 86400) {
        fprintf(stderr, "indexer: %s takes seconds from 0 (no limit) to 86400, not '%s'\n",
                name, arg);
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

static int parse_args(int argc, char **argv, kindex_options *opt, bool *json)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},      {"manifest", required_argument, NULL, 'm'},
        {"jobs", required_argument, NULL, 'j'},    {"type", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'J'},          {"verbose", no_argument, NULL, 'v'},
        {"batch", required_argument, NULL, 'b'},   {"help", no_argument, NULL, 'h'},
        {"file-timeout", required_argument, NULL, 'T'},
        {NULL, 0, NULL, 0}};
    static const char *const types[] = {"artikkel", "horingsinnspill", "arsmelding", "annet"};
    int c;
    while ((c = getopt_long(argc, argv, "d:m:j:t:b:Jvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': opt->db_path = optarg; break;
        case 'm': opt->manifest_path = optarg; break;
        case 'J': *json = true; break;
        case 'v': opt->verbose = true; break;
        case 'j':
            if (parse_count("--jobs", optarg, 256, &opt->jobs) < 0)
                return -1;
            break;
        case 'b':
            if (parse_count("--batch", optarg, 1000000, &opt->batch_files) < 0)
                return -1;
            break;
        case 'T':
            if (parse_seconds("--file-timeout", optarg, &opt->file_timeout) < 0)
                return -1;
            break;
        case 't': {
            /* "Høringsinnspill" is horingsinnspill, as a query's type: is */
            char low[64], folded[64];
            const char *known = NULL;
            words_lower(low, sizeof low, optarg, strlen(optarg));
            words_fold_nordic(folded, sizeof folded, low);
            for (size_t i = 0; i < 4; i++)
                if (strcmp(folded, types[i]) == 0)
                    known = types[i];
            if (!known) {
                fprintf(stderr, "indexer: unknown --type '%s' (artikkel, horingsinnspill, "
                                "arsmelding, annet)\n", optarg);
                return -1;
            }
            opt->force_type = known;
            break;
        }
        case 'h': fputs(usage, stdout); exit(0);
        default: fputs(usage, stderr); return -1;
        }
    }
    if (optind >= argc) {
        fputs("indexer: no PATH given\n", stderr);
        fputs(usage, stderr);
        return -1;
    }
    return 0;
}

/* The catalogue may sit among the files it describes; it is not one of them. */
static void skip_manifest(kfiles *files, const char *manifest)
{
    char real[PATH_MAX];
    if (!manifest || !realpath(manifest, real))
        return;
    for (size_t i = 0; i < files->n; i++) {
        if (strcmp(files->items[i].real_path, real) != 0)
            continue;
        free(files->items[i].path);
        free(files->items[i].real_path);
        memmove(&files->items[i], &files->items[i + 1], (files->n - i - 1) * sizeof *files->items);
        files->n--;
        return;
    }
}

/* units counts what this run wrote (0 on a run that found nothing new);
 * the index's totals are what a reader wants to know. */
static void print_summary(const kstats *st, const char *db_path, bool json)
{
    double mb = st->text_bytes / 1e6;
    double secs = st->seconds > 0 ? st->seconds : 1e-9;
    if (json) {
        json_t *j = json_pack(
            "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:f, s:f, s:f}", "files",
            (json_int_t)st->files, "indexed", (json_int_t)st->indexed, "unchanged",
            (json_int_t)st->unchanged, "removed", (json_int_t)st->removed, "failed",
            (json_int_t)st->failed, "duplicates", (json_int_t)st->duplicates, "versions",
            (json_int_t)st->versions, "units",
            (json_int_t)st->units, "pages", (json_int_t)st->pages, "warnings",
            (json_int_t)st->warnings, "text_mb", mb, "seconds", st->seconds, "write_seconds", st->write_seconds,
            "compact_seconds", st->compact_seconds, "pages_per_second", st->pages / secs);
        json_object_set_new(j, "repairs", json_pack("{s:I, s:I, s:I, s:I}", "characters",
                                                    (json_int_t)st->repairs.characters,
                                                    "ligatures", (json_int_t)st->repairs.ligatures,
                                                    "double_letters",
                                                    (json_int_t)st->repairs.doubled, "hyphens",
                                                    (json_int_t)st->repairs.hyphens));
        json_object_set_new(j, "index", json_pack("{s:I, s:I}", "documents",
                                                  (json_int_t)st->index_documents, "units",
                                                  (json_int_t)st->index_units));
        char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
        json_decref(j);
        return;
    }
    printf("indexer: %zu files: %zu indexed, %zu unchanged, %zu removed, %zu failed, "
           "%zu duplicates, %zu versions",
           st->files, st->indexed, st->unchanged, st->removed, st->failed, st->duplicates,
           st->versions);
    if (st->warnings) /* each named on stderr above */
        printf(", %zu warnings", st->warnings);
    putchar('\n');
    if (st->indexed)
        printf("indexer: %zu units from %zu pages (%.2f MB of text) in %.2f s: %.1f pages/s, "
               "%.2f MB/s\n",
               st->units, st->pages, mb, st->seconds, st->pages / secs, mb / secs);
    else
        printf("indexer: nothing new to index (%.2f s)\n", st->seconds);
    const krepair_stats *rp = &st->repairs;
    if (rp->ligatures || rp->doubled || rp->hyphens)
        printf("indexer: repaired %zu words with lost ligatures, %zu with a lost double letter, "
               "%zu line-end hyphenations\n", rp->ligatures, rp->doubled, rp->hyphens);
    printf("indexer: the index now holds %zu document%s, %zu unit%s (%s)\n", st->index_documents,
           st->index_documents == 1 ? "" : "s", st->index_units, st->index_units == 1 ? "" : "s",
           db_path);
}

int main(int argc, char **argv)
{
    kindex_options opt = {.db_path = "var/index", .jobs = 1, .batch_files = 512,
                          .file_timeout = WATCH_DEFAULT_SECONDS};
    bool json = false;
    if (parse_args(argc, argv, &opt, &json) < 0)
        return EXIT_USAGE;
    /* the run itself is made by a watched child (watch.h) */
    opt.watch = watch_attach();
    if (!opt.watch && opt.file_timeout > 0) {
        int status = watch_run(argv, opt.file_timeout);
        if (status >= 0)
            return status;
    }
    if (watch_one_at_a_time(opt.watch))
        opt.jobs = 1;
    opt.progress = isatty(STDERR_FILENO) && !json;
    xmlInitParser();

    kfiles files;
    char *const *paths = argv + optind;
    size_t npaths = (size_t)(argc - optind);
    record = run_record_start(paths, npaths);
    if (!record || walk_paths(&files, paths, npaths, report_walk) < 0) {
        fputs("indexer: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    skip_manifest(&files, opt.manifest_path);
    kstats st;
    kerr err = {0};
    int rc = pipeline_run(&opt, &files, record, &st, &err);
    walk_free(&files);
    run_record_free(record);
    xmlCleanupParser();
    if (rc) {
        fprintf(stderr, "indexer: %s\n", err.msg);
        return EXIT_USAGE;
    }
    print_summary(&st, opt.db_path, json);
    watch_detach(opt.watch);
    return st.failed ? EXIT_PARTIAL : 0;
}
