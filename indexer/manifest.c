#include "manifest.h"

#include <errno.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doi.h"
#include "xml_validate.h"

#define MANIFEST_MAX (64u << 20)

typedef struct entry {
    char *key; /* the file's real path (or, when it does not exist, its absolute path) */
    char *type, *title, *date, *url, *id, *lang, *doi;
    int line;
} entry;

struct kmanifest {
    entry *v; /* sorted by key */
    size_t n;
};

/* ---- paths ------------------------------------------------------------------------- */

/* path made absolute against dir (NULL: the working directory), with "."
 * and ".." resolved as text: for files that do not exist (yet). */
static char *lexical(const char *dir, const char *path)
{
    char cwd[PATH_MAX];
    if (path[0] != '/' && !dir && !(dir = getcwd(cwd, sizeof cwd)))
        return NULL;
    size_t n = (path[0] == '/' ? 0 : strlen(dir)) + strlen(path) + 3;
    char *joined = malloc(n), *out = malloc(n);
    if (!joined || !out) {
        free(joined);
        free(out);
        return NULL;
    }
    snprintf(joined, n, "%s/%s", path[0] == '/' ? "" : dir, path);
    size_t w = 0;
    char *save;
    for (char *part = strtok_r(joined, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
        if (strcmp(part, ".") == 0)
            continue;
        if (strcmp(part, "..") == 0) {
            while (w > 0 && out[--w] != '/')
                ;
            continue;
        }
        w += (size_t)sprintf(out + w, "/%s", part);
    }
    if (w == 0)
        out[w++] = '/';
    out[w] = '\0';
    free(joined);
    return out;
}

/* The key a file is known by: its real path when it exists. */
static char *path_key(const char *dir, const char *path)
{
    char *abs = lexical(dir, path);
    char *real = abs ? realpath(abs, NULL) : NULL;
    if (real) {
        free(abs);
        return real;
    }
    return abs;
}

/* ---- loading -------------------------------------------------------------------------- */

static int read_file(const char *path, char **data, size_t *len, kerr *err)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f)
        return kerr_set(err, KERR_IO, "%s: %s", path, strerror(errno));
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return kerr_set(err, KERR_IO, "%s: not a regular file", path);
    }
    if ((size_t)st.st_size > MANIFEST_MAX) {
        fclose(f);
        return kerr_set(err, KERR_TOOLARGE, "%s: over %u MiB", path, MANIFEST_MAX >> 20);
    }
    *len = (size_t)st.st_size;
    *data = malloc(*len + 1);
    size_t got = *data ? fread(*data, 1, *len, f) : 0;
    fclose(f);
    if (!*data)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    if (got != *len) {
        free(*data);
        return kerr_set(err, KERR_IO, "%s: read error", path);
    }
    return 0;
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static void free_entry(entry *e)
{
    free(e->key), free(e->type), free(e->title), free(e->date), free(e->url), free(e->id),
        free(e->lang), free(e->doi);
}

/* The entries of a valid manifest, keyed by real path, sorted. */
static int read_entries(kmanifest *m, xmlDocPtr doc, const char *path, kerr *err)
{
    char *abs = path_key(NULL, path);
    char *slash = abs ? strrchr(abs, '/') : NULL;
    if (!slash) {
        free(abs);
        return kerr_set(err, KERR_NOMEM, "out of memory");
    }
    *slash = '\0'; /* the manifest's directory ("" for the root) */
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root->children; n; n = n->next)
        m->n += n->type == XML_ELEMENT_NODE;
    size_t count = m->n;
    m->n = 0;
    if (!(m->v = calloc(count ? count : 1, sizeof *m->v))) {
        free(abs);
        return kerr_set(err, KERR_NOMEM, "out of memory");
    }
    bool oom = false;
    for (xmlNodePtr n = root->children; n && !oom; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        entry *e = &m->v[m->n++];
        char *file = prop(n, "path");
        e->key = file ? path_key(*abs ? abs : "/", file) : NULL;
        free(file);
        e->type = prop(n, "type"), e->title = prop(n, "title"), e->date = prop(n, "date");
        e->url = prop(n, "url"), e->id = prop(n, "id"), e->lang = prop(n, "lang");
        e->doi = prop(n, "doi");
        e->line = (int)xmlGetLineNo(n);
        oom = !e->key;
    }
    free(abs);
    if (oom)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    qsort(m->v, m->n, sizeof *m->v, by_key);
    for (size_t k = 1; k < m->n; k++)
        if (strcmp(m->v[k - 1].key, m->v[k].key) == 0) {
            int line = m->v[k].line > m->v[k - 1].line ? m->v[k].line : m->v[k - 1].line;
            return kerr_set(err, KERR_INVALID, "%s:%d: %s is listed twice", path, line,
                            m->v[k].key);
        }
    return 0;
}

static int load(kmanifest *m, const char *path, const char *data, size_t len, kerr *err)
{
    xmlDocPtr doc;
    xv_error e;
    int rc = xv_parse(&doc, data, len, 0, &e);
    if (rc == KERR_FORMAT)
        return kerr_set(err, KERR_FORMAT, "%s:%d: %s", path, e.line, e.seen ? e.msg : "not XML");
    if (rc)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    if (doc->intSubset || doc->extSubset)
        rc = kerr_set(err, KERR_INVALID, "%s: a manifest may not have a DOCTYPE", path);
    else if ((rc = xv_validate(doc, "manifest.rng", &e, err)) == KERR_INVALID)
        rc = kerr_set(err, KERR_INVALID, "%s:%d: %s", path, e.line,
                      e.seen ? e.msg : "does not match manifest.rng");
    else if (rc == 0)
        rc = read_entries(m, doc, path, err);
    xmlFreeDoc(doc);
    return rc;
}

int manifest_load(kmanifest **out, const char *path, kerr *err)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    int rc = read_file(path, &data, &len, err);
    if (rc < 0)
        return rc;
    kmanifest *m = calloc(1, sizeof *m);
    if (!m) {
        free(data);
        return kerr_set(err, KERR_NOMEM, "out of memory");
    }
    rc = load(m, path, data, len, err);
    free(data);
    if (rc < 0) {
        manifest_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

static void override(char **field, const char *value)
{
    if (value)
        kdoc_set(field, value);
}

int manifest_apply(const kmanifest *m, kdoc *doc)
{
    if (!m || !doc->path || m->n == 0)
        return 0;
    entry probe = {.key = path_key(NULL, doc->path)};
    if (!probe.key)
        return 0;
    const entry *e = bsearch(&probe, m->v, m->n, sizeof *m->v, by_key);
    free(probe.key);
    if (!e)
        return 0;
    if (e->type) {
        kdoc_set(&doc->type, e->type);
        doc->type_fixed = true;
    }
    if (e->date) {
        kdoc_set(&doc->date, e->date);
        doc->date_source = KDATE_MANIFEST;
    }
    override(&doc->title, e->title);
    override(&doc->url, e->url);
    override(&doc->record_id, e->id);
    override(&doc->lang, e->lang);
    char doi[256];
    if (doi_bare(e->doi, doi, sizeof doi))
        kdoc_set(&doc->doi, doi); /* declared by the catalogue: the file's identity */
    return 1;
}

size_t manifest_size(const kmanifest *m)
{
    return m ? m->n : 0;
}

void manifest_free(kmanifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free_entry(&m->v[i]);
    free(m->v);
    free(m);
}
