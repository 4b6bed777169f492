#include "render_stats.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "style.h"

/* Fields shown in blocks of their own after the figures. */
static bool has_block(const char *key)
{
    return strcmp(key, "types") == 0 || strcmp(key, "documents_by_type") == 0 ||
           strcmp(key, "last_run") == 0 || strcmp(key, "last_runs") == 0;
}

/* One figure, or an object's figures under "name.".  Values other than
 * strings print as JSON. */
static void put_stat(FILE *out, const char *name, json_t *v)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *sub;
        json_object_foreach(v, key, sub) {
            char full[256];
            snprintf(full, sizeof full, "%s%s%s", name, *name ? "." : "", key);
            put_stat(out, full, sub);
        }
        return;
    }
    fprintf(out, "%s: ", name);
    char buf[64];
    const char *text = render_scalar(v, buf, sizeof buf);
    if (text) {
        kstyle_puts(out, text);
    } else {
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(6));
        fputs(s ? s : "?", out);
        free(s);
    }
    putc('\n', out);
}

/* "Seksjoner per type:" and a line per type, as searchd ordered them (most
 * first), with its documents when searchd counted them. */
static void put_types(FILE *out, json_t *types, json_t *documents)
{
    if (!json_object_size(types))
        return;
    fputs("\nSeksjoner per type:\n", out);
    const char *type;
    json_t *n;
    json_object_foreach(types, type, n) {
        char buf[32];
        const char *count = render_scalar(n, buf, sizeof buf);
        fputs("  ", out);
        kstyle_puts(out, render_type_label(type));
        fprintf(out, ": %s", count ? count : "?");
        json_t *docs = json_object_get(documents, type);
        if (json_is_integer(docs))
            fprintf(out, " i %lld %s", (long long)json_integer_value(docs),
                    json_integer_value(docs) == 1 ? "dokument" : "dokumenter");
        putc('\n', out);
    }
}

/* "2026-05-04T09:12:03Z" as "2026-05-04 09:12:03 UTC". */
static void put_time(FILE *out, const char *iso)
{
    size_t n = strlen(iso);
    if (n == 20 && iso[10] == 'T' && iso[19] == 'Z') {
        fprintf(out, "%.10s %.8s UTC", iso, iso + 11);
        return;
    }
    kstyle_puts(out, iso);
}

static long count_of(json_t *run, const char *key)
{
    return (long)json_integer_value(json_object_get(run, key));
}

/* "5 indeksert", "1 advarsel"/"2 advarsler": the count and its word. */
static void put_count(FILE *out, json_t *run, const char *key, const char *one,
                      const char *many, bool first)
{
    long n = count_of(run, key);
    fprintf(out, "%s%ld %s", first ? "" : ", ", n, n == 1 ? one : many);
}

/* Each entry "path: stage: reason" under its heading, and how many the
 * record left out. */
static void put_entries(FILE *out, json_t *run, const char *list, const char *count_key,
                        const char *heading)
{
    json_t *entries = json_object_get(run, list);
    long all = count_of(run, count_key);
    if (!json_array_size(entries))
        return;
    fprintf(out, "  %s (%ld):\n", heading, all);
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        static const char *const parts[] = {"path", "stage", "reason"};
        fputs("    ", out);
        for (size_t p = 0; p < 3; p++) {
            const char *s = render_str(e, parts[p]);
            kstyle_puts(out, s ? s : "?");
            fputs(p < 2 ? ": " : "\n", out);
        }
    }
    if (all > (long)json_array_size(entries))
        fprintf(out, "    … og %ld til, ikke lagret i indeksen\n",
                all - (long)json_array_size(entries));
}

static void put_run(FILE *out, json_t *run, const char *label)
{
    fprintf(out, "\n%s: ", label);
    if (!json_is_object(run)) {
        fputs("ikke registrert\n", out);
        return;
    }
    const char *started = render_str(run, "started");
    put_time(out, started ? started : "?");
    json_t *seconds = json_object_get(run, "seconds");
    if (json_is_number(seconds))
        fprintf(out, " (%.1f s)", json_number_value(seconds));
    size_t i;
    json_t *path;
    json_array_foreach(json_object_get(run, "paths"), i, path) {
        fputs(i ? ", " : ": ", out);
        kstyle_puts(out, json_is_string(path) ? json_string_value(path) : "?");
    }
    fputs("\n  ", out);
    put_count(out, run, "files", "fil:", "filer:", true);
    fputc(' ', out);
    put_count(out, run, "indexed", "indeksert", "indeksert", true);
    put_count(out, run, "unchanged", "uendret", "uendret", false);
    put_count(out, run, "removed", "fjernet", "fjernet", false);
    put_count(out, run, "failed", "feilet", "feilet", false);
    put_count(out, run, "duplicates", "duplikat", "duplikater", false);
    put_count(out, run, "versions", "versjon", "versjoner", false);
    put_count(out, run, "warnings", "advarsel", "advarsler", false);
    fputc('\n', out);
    put_entries(out, run, "failures", "failed", "Feilet");
    put_entries(out, run, "warnings_list", "warnings", "Advarsler");
}

/* The last run, or with several shards each shard's. */
static void put_runs(FILE *out, json_t *reply)
{
    json_t *runs = json_object_get(reply, "last_runs");
    if (!json_is_array(runs)) {
        if (json_object_get(reply, "last_run"))
            put_run(out, json_object_get(reply, "last_run"), "Siste indeksering");
        return;
    }
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run) {
        char label[64];
        snprintf(label, sizeof label, "Siste indeksering, del %zu av %zu", i + 1,
                 json_array_size(runs));
        put_run(out, run, label);
    }
}

void render_stats(FILE *out, json_t *reply)
{
    const char *key;
    json_t *v;
    json_object_foreach(reply, key, v) {
        if (strcmp(key, "ok") != 0 && strcmp(key, "id") != 0 && !has_block(key))
            put_stat(out, key, v);
    }
    put_types(out, json_object_get(reply, "types"), json_object_get(reply, "documents_by_type"));
    put_runs(out, reply);
}
