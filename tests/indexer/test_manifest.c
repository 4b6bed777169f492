/* The manifest: loading, its errors, and applying entries to documents.
 * Each test writes its files into a fresh mkdtemp() directory. */
#include "manifest.h"
#include "testhelp.h"
#include "tmpdir.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

#define NS "<manifest xmlns=\"urn:kilde:manifest:1\">\n"

static kmanifest *load_ok(const char *text)
{
    kmanifest *m = NULL;
    kerr err = {0};
    write_file(at("manifest.xml"), text);
    int rc = manifest_load(&m, at("manifest.xml"), &err);
    if (rc != 0)
        fprintf(stderr, "manifest_load: %s\n", err.msg);
    CHECK_INT(rc, 0);
    return m;
}

TEST(entries_apply_to_their_files)
{
    kmanifest *m = load_ok(NS "  <file path=\"a.pdf\" type=\"horingsinnspill\" "
                              "date=\"2024-05-03\"\n"
                              "        title=\"Innspill til Meld. St. 19\" id=\"lf-2024-19\"/>\n"
                              "  <file path=\"sub/b.html\" lang=\"nn\" "
                              "url=\"https://example.no/b\"\n"
                              "        doi=\"https://doi.org/10.4045/tidsskr.24.0123\"/>\n"
                              "</manifest>\n");
    CHECK_INT(manifest_size(m), 2);
    kdoc doc;
    kdoc_init(&doc, at("a.pdf"), "pdf");
    kdoc_set(&doc.type, "artikkel");
    kdoc_set(&doc.date, "2024-02-26");
    doc.date_source = KDATE_CREATION;
    kdoc_set(&doc.url, "https://funnet.no/");
    CHECK_INT(manifest_apply(m, &doc), 1);
    CHECK_STR(doc.type, "horingsinnspill");
    CHECK(doc.type_fixed);
    CHECK_STR(doc.date, "2024-05-03");
    CHECK_INT(doc.date_source, KDATE_MANIFEST);
    CHECK_STR(doc.title, "Innspill til Meld. St. 19");
    CHECK_STR(doc.record_id, "lf-2024-19");
    CHECK(doc.doi == NULL);
    CHECK_STR(doc.url, "https://funnet.no/"); /* the entry gives no url: kept */
    kdoc_free(&doc);

    /* the same file by another path */
    kdoc_init(&doc, at("sub/../a.pdf"), "pdf");
    CHECK_INT(manifest_apply(m, &doc), 1);
    CHECK_STR(doc.type, "horingsinnspill");
    kdoc_free(&doc);

    kdoc_init(&doc, at("sub/b.html"), "html");
    kdoc_set(&doc.title, "Fra siden");
    kdoc_set(&doc.doi, "10.1000/sitert");
    CHECK_INT(manifest_apply(m, &doc), 1);
    CHECK_STR(doc.doi, "10.4045/tidsskr.24.0123"); /* the file's own, declared */
    CHECK_STR(doc.lang, "nn");
    CHECK_STR(doc.url, "https://example.no/b");
    CHECK_STR(doc.title, "Fra siden");
    CHECK(!doc.type_fixed && doc.type == NULL && doc.date == NULL);
    kdoc_free(&doc);

    kdoc_init(&doc, at("c.pdf"), "pdf");
    CHECK_INT(manifest_apply(m, &doc), 0);
    CHECK(doc.type == NULL && !doc.type_fixed);
    kdoc_free(&doc);
    manifest_free(m);
}

TEST(paths_relative_to_the_working_directory_match)
{
    kmanifest *m = load_ok(NS "<file path=\"a.pdf\" type=\"annet\"/></manifest>\n");
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK_INT(chdir(root), 0);
    kdoc doc;
    kdoc_init(&doc, "./a.pdf", "pdf");
    CHECK_INT(manifest_apply(m, &doc), 1);
    CHECK_STR(doc.type, "annet");
    kdoc_free(&doc);
    CHECK_INT(chdir(cwd), 0);
    manifest_free(m);
}

TEST(missing_manifest_names_the_file)
{
    kmanifest *m = (kmanifest *)&m;
    kerr err = {0};
    CHECK_INT(manifest_load(&m, at("finnes-ikke.xml"), &err), KERR_IO);
    CHECK(m == NULL);
    char want[300];
    snprintf(want, sizeof want, "%s: No such file or directory", at("finnes-ikke.xml"));
    CHECK_STR(err.msg, want);
}

TEST(invalid_manifest_names_file_and_line)
{
    kmanifest *m = NULL;
    kerr err = {0};
    char want[300];
    write_file(at("manifest.xml"), NS "<file path=\"a.pdf\"/>\n<file path=\"b.pdf\" "
                                      "type=\"nyhet\"/>\n</manifest>\n");
    CHECK_INT(manifest_load(&m, at("manifest.xml"), &err), KERR_INVALID);
    snprintf(want, sizeof want, "%s:3: Invalid attribute type for element "
                                "file", at("manifest.xml"));
    CHECK_STR(err.msg, want);
    CHECK(m == NULL);

    write_file(at("manifest.xml"), NS "<file path=\"a.pdf\" date=\"2024-02-30\"/></manifest>\n");
    CHECK_INT(manifest_load(&m, at("manifest.xml"), &err), KERR_INVALID);

    write_file(at("manifest.xml"), NS "<file path=\"a.pdf\">\n</fil>\n</manifest>\n");
    CHECK_INT(manifest_load(&m, at("manifest.xml"), &err), KERR_FORMAT);
    snprintf(want, sizeof want, "%s:3: Opening and ending tag mismatch", at("manifest.xml"));
    CHECK(strncmp(err.msg, want, strlen(want)) == 0);

    write_file(at("manifest.xml"), NS "<file path=\"a.pdf\" type=\"annet\"/>\n"
                                      "<file path=\"./sub/../a.pdf\" type=\"artikkel\"/>\n"
                                      "</manifest>\n");
    CHECK_INT(manifest_load(&m, at("manifest.xml"), &err), KERR_INVALID);
    CHECK_CONTAINS(err.msg, ":3: ");
    CHECK_CONTAINS(err.msg, "a.pdf is listed twice");

    /* entities are never fetched, and a DOCTYPE is refused */
    write_file(at("manifest.xml"), "<!DOCTYPE manifest [<!ENTITY x SYSTEM \"/etc/passwd\">]>\n" NS
                                   "<file path=\"&x;\"/></manifest>\n");
    CHECK_INT(manifest_load(&m, at("manifest.xml"), &err), KERR_FORMAT);
    CHECK_CONTAINS(err.msg, ":3: Attribute references external entity 'x'");
    write_file(at("manifest.xml"), "<!DOCTYPE "
                                   "manifest>\n" NS "<file path=\"a.pdf\"/></manifest>\n");
    CHECK_INT(manifest_load(&m, at("manifest.xml"), &err), KERR_INVALID);
    CHECK_CONTAINS(err.msg, "a manifest may not have a DOCTYPE");
    manifest_free(NULL);
}

TEST(empty_manifest)
{
    kmanifest *m = load_ok(NS "</manifest>\n");
    CHECK_INT(manifest_size(m), 0);
    kdoc doc;
    kdoc_init(&doc, at("a.pdf"), "pdf");
    CHECK_INT(manifest_apply(m, &doc), 0);
    kdoc_free(&doc);
    manifest_free(m);
}

int main(void)
{
    xmlInitParser();
    if (tmpdir_make("/tmp/kilde-manifest-XXXXXX") < 0)
        return 1;
    mkdir(at("sub"), 0755);
    write_file(at("a.pdf"), "%PDF-1.4\n");
    write_file(at("sub/b.html"), "<p>b</p>\n");
    RUN(entries_apply_to_their_files);
    RUN(paths_relative_to_the_working_directory_match);
    RUN(missing_manifest_names_the_file);
    RUN(invalid_manifest_names_file_and_line);
    RUN(empty_manifest);
    tmpdir_remove();
    xmlCleanupParser();
    return TEST_REPORT();
}
