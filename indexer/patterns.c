#define PCRE2_CODE_UNIT_WIDTH 8
#include "patterns.h"

#include <ctype.h>
#include <limits.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

#define MAX_PATTERNS 128
#define LINE_MAX_LEN 2048

typedef struct pattern {
    kpattern_kind kind;
    char label[32];
    int weight;
    int min_count;
    pcre2_code *code;
} pattern;

struct kpatterns {
    pattern items[MAX_PATTERNS];
    size_t n;
    int type_threshold;
};

static const char *const kind_names[PAT_KINDS] = {"type", "caption", "caption_end", "pagenumber",
                                                  "link"};

static int kind_from_name(const char *name)
{
    for (int k = 0; k < PAT_KINDS; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    return -1;
}

static int compile_into(pattern *pat, const char *regex, const char *path, int lineno, kerr *err)
{
    int code;
    PCRE2_SIZE offset;
    pat->code = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                              &code, &offset, NULL);
    if (!pat->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        return kerr_set(err, KERR_SCHEMA, "%s:%d: bad pattern at offset %zu: %s", path, lineno,
                        (size_t)offset, (char *)msg);
    }
    pcre2_jit_compile(pat->code, PCRE2_JIT_COMPLETE); /* a speed-up when available */
    return 0;
}

/* One line: kind label weight min pattern.  Blank lines and # comments skip. */
static int parse_line(kpatterns *p, char *line, const char *path, int lineno, kerr *err)
{
    char kind[32], label[32];
    int weight, min, used = 0;
    while (isspace((unsigned char)*line))
        line++;
    if (!*line || *line == '#')
        return 0;
    if (sscanf(line, "%31s %31s %d %d %n", kind, label, &weight, &min, &used) != 4 || !used)
        return kerr_set(err, KERR_SCHEMA, "%s:%d: expected 'kind label weight min pattern'",
                        path, lineno);
    char *regex = line + used;
    regex[strcspn(regex, "\r\n")] = '\0';
    if (strcmp(kind, "threshold") == 0) {
        p->type_threshold = weight;
        return 0;
    }
    int k = kind_from_name(kind);
    if (k < 0)
        return kerr_set(err, KERR_SCHEMA, "%s:%d: unknown kind '%s'", path, lineno, kind);
    if (p->n == MAX_PATTERNS)
        return kerr_set(err, KERR_SCHEMA, "%s:%d: more than %d patterns", path, lineno,
                        MAX_PATTERNS);
    pattern *pat = &p->items[p->n];
    pat->kind = (kpattern_kind)k;
    snprintf(pat->label, sizeof pat->label, "%s", label);
    pat->weight = weight;
    pat->min_count = min < 1 ? 1 : min;
    int rc = compile_into(pat, regex, path, lineno, err);
    if (rc == 0)
        p->n++;
    return rc;
}

int patterns_load(kpatterns **out, const char *path, kerr *err)
{
    char fallback[PATH_MAX];
    if (!path)
        path = kilde_schema_file(fallback, sizeof fallback, "patterns.conf");
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return kerr_set(err, KERR_IO, "%s: cannot open pattern file", path);
    kpatterns *p = calloc(1, sizeof *p);
    if (!p) {
        fclose(f);
        return kerr_set(err, KERR_NOMEM, "out of memory");
    }
    p->type_threshold = 4;
    char line[LINE_MAX_LEN];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f))
        rc = parse_line(p, line, path, ++lineno, err);
    fclose(f);
    if (rc) {
        patterns_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void patterns_free(kpatterns *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        pcre2_code_free(p->items[i].code);
    free(p);
}

/* Counts matches, stopping once `enough` are found. */
static int count_matches(const pcre2_code *code, const char *s, size_t len, int enough)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    if (!md)
        return 0;
    int count = 0;
    PCRE2_SIZE start = 0;
    while (count < enough && start <= len) {
        int rc = pcre2_match(code, (PCRE2_SPTR)s, len, start, 0, md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        count++;
        start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        while (start < len && ((unsigned char)s[start] & 0xC0) == 0x80)
            start++; /* never restart inside a UTF-8 sequence */
    }
    pcre2_match_data_free(md);
    return count;
}

static const char *const type_names[] = {"artikkel", "horingsinnspill", "arsmelding"};

const char *patterns_detect_type(const kpatterns *p, const char *text, size_t len)
{
    int score[3] = {0, 0, 0};
    for (size_t i = 0; i < p->n; i++) {
        const pattern *pat = &p->items[i];
        if (pat->kind != PAT_TYPE)
            continue;
        for (int t = 0; t < 3; t++)
            if (strcmp(pat->label, type_names[t]) == 0 &&
                count_matches(pat->code, text, len, pat->min_count) >= pat->min_count)
                score[t] += pat->weight;
    }
    int best = 0;
    for (int t = 1; t < 3; t++)
        if (score[t] > score[best])
            best = t;
    return score[best] >= p->type_threshold ? type_names[best] : "annet";
}

bool patterns_match(const kpatterns *p, kpattern_kind kind, const char *s, size_t len)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].kind == kind && count_matches(p->items[i].code, s, len, 1) > 0)
            return true;
    return false;
}
