/* The writer stores a file whole or not at all: a file Xapian would refuse
 * costs only itself (the files before it in the batch stay), and a file
 * name that is not UTF-8 is kept byte for byte in its record. */
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kx.h"
#include "testhelp.h"
#include "tmpdir.h"
#include "writer.h"

static const kschema *schema;

/* n units of the file at path, as the analyser would give them; with
 * `refused`, the last holds a term over Xapian's length limit. */
static void make_units(kanalysed *an, const char *path, size_t n, bool refused)
{
    char fterm[64], id[64], doc_id[17];
    writer_file_term(schema, path, fterm, sizeof fterm);
    writer_doc_id(path, doc_id);
    an->docs = calloc(n, sizeof *an->docs);
    an->idterms = calloc(n, sizeof *an->idterms);
    an->n = n;
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "Q%s/s%zu", doc_id, i + 1);
        an->idterms[i] = strdup(id);
        kx_doc_new(&an->docs[i], NULL);
        kx_doc_add_boolean_term(an->docs[i], id, NULL);
        kx_doc_add_boolean_term(an->docs[i], fterm, NULL);
        kx_doc_add_term(an->docs[i], "legeforeningen", 1, NULL);
        kx_doc_set_data(an->docs[i], "{}", 2, NULL);
    }
    if (refused) {
        char term[300];
        memset(term, 'x', sizeof term - 1);
        term[sizeof term - 1] = '\0';
        kx_doc_add_term(an->docs[n - 1], term, 1, NULL);
    }
}

static int put(kwriter *w, const char *path, size_t n, bool refused, kerr *err)
{
    kfile_record rec;
    memset(&rec, 0, sizeof rec);
    snprintf(rec.path, sizeof rec.path, "%s", path);
    snprintf(rec.hash, sizeof rec.hash, "%064d", 0);
    writer_doc_id(path, rec.doc_id);
    rec.units = (unsigned)n;
    kanalysed an;
    make_units(&an, path, n, refused);
    int rc = writer_put_file(w, &rec, &an, NULL, err);
    analysed_free(&an);
    return rc;
}

static unsigned units_of(kx_db *db, const char *path)
{
    char fterm[64];
    unsigned n = 0;
    writer_file_term(schema, path, fterm, sizeof fterm);
    kx_db_termfreq(db, fterm, &n, NULL);
    return n;
}

static int find_path(const kfile_record *rec, void *arg)
{
    if (strcmp(rec->path, arg) == 0)
        ((char *)arg)[0] = '\0'; /* found: blank the wanted path */
    return 0;
}

TEST(a_refused_file_costs_only_itself)
{
    kwriter *w = NULL;
    kerr err = {0};
    CHECK_INT(writer_open(&w, at("db"), schema, &err), 0);
    CHECK_INT(put(w, "/arkiv/a.txt", 2, false, &err), 0);
    CHECK_INT(put(w, "/arkiv/b.txt", 3, true, &err), KERR_INVALID);
    CHECK_CONTAINS(err.msg, "over Xapian's limit of 245");
    CHECK_INT(put(w, "/arkiv/c.txt", 1, false, &err), 0);
    CHECK_INT(writer_commit(w, &err), 0);

    kfile_record rec;
    CHECK_INT(writer_find_record(w, "/arkiv/a.txt", &rec), 1);
    CHECK_INT(writer_find_record(w, "/arkiv/b.txt", &rec), 0);
    CHECK_INT(writer_find_record(w, "/arkiv/c.txt", &rec), 1);
    writer_close(w);

    kx_db *r = NULL;
    unsigned n = 0;
    CHECK_INT(kx_db_open(&r, at("db"), KX_DB_READONLY, NULL), KX_OK);
    CHECK_INT(units_of(r, "/arkiv/a.txt"), 2); /* written before it in the same batch */
    CHECK_INT(units_of(r, "/arkiv/b.txt"), 0); /* none of its units */
    CHECK_INT(units_of(r, "/arkiv/c.txt"), 1);
    kx_db_doccount(r, &n, NULL);
    CHECK_INT(n, 3);
    kx_db_close(r);
}

TEST(a_name_that_is_not_utf8_is_kept_byte_for_byte)
{
    const char *name = "/arkiv/r\xe9sum\xe9.txt"; /* Latin-1 */
    kwriter *w = NULL;
    kerr err = {0};
    CHECK_INT(writer_open(&w, at("names"), schema, &err), 0);
    CHECK_INT(put(w, name, 2, false, &err), 0);
    CHECK_INT(writer_commit(w, &err), 0);

    kfile_record rec;
    CHECK_INT(writer_find_record(w, name, &rec), 1);
    CHECK_STR(rec.path, name);
    char wanted[64];
    snprintf(wanted, sizeof wanted, "%s", name);
    writer_each_record(w, find_path, wanted);
    CHECK_STR(wanted, ""); /* listed under its own bytes, so a later run can stat it */
    writer_close(w);

    /* the record itself is JSON a person can read */
    kx_db *r = NULL;
    CHECK_INT(kx_db_open(&r, at("names"), KX_DB_READONLY, NULL), KX_OK);
    char key[64], *value = NULL;
    gchar *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA1, name, -1);
    snprintf(key, sizeof key, "kilde:file:%s", sha);
    g_free(sha);
    kx_db_get_metadata(r, &value, key, NULL);
    json_t *j = value ? json_loads(value, 0, NULL) : NULL;
    CHECK(j != NULL);
    CHECK_STR(json_string_value(json_object_get(j, "path")), "/arkiv/r\xef\xbf\xbdsum\xef\xbf\xbd.txt");
    CHECK_STR(json_string_value(json_object_get(j, "path_hex")),
              "2f61726b69762f72e973756de92e747874");
    json_decref(j);
    free(value);
    CHECK_INT(units_of(r, name), 2);
    kx_db_close(r);
}

int main(void)
{
    if (tmpdir_make("/tmp/kilde-writer.XXXXXX") < 0)
        return 1;
    kschema *s = NULL;
    kerr err = {0};
    if (kschema_load(&s, NULL, &err) != 0) {
        fprintf(stderr, "schema: %s\n", err.msg);
        return 1;
    }
    schema = s;
    RUN(a_refused_file_costs_only_itself);
    RUN(a_name_that_is_not_utf8_is_kept_byte_for_byte);
    kschema_free(s);
    tmpdir_remove();
    return TEST_REPORT();
}
