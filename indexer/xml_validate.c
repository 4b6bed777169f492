#include "xml_validate.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "paths.h"

/* ---- libxml2's messages -------------------------------------------------------- */

static void keep_error(void *data, xmlErrorPtr e)
{
    xv_error *f = data;
    if (f->seen || !e || e->level < XML_ERR_ERROR)
        return;
    f->seen = true;
    f->line = e->line > 0 ? e->line : e->node ? (int)xmlGetLineNo(e->node) : 0;
    snprintf(f->msg, sizeof f->msg, "%s", e->message ? e->message : "error");
    f->msg[strcspn(f->msg, "\n")] = '\0';
}

/* Parser contexts hand their own address to the handler. */
static void keep_parse_error(void *ctxt, xmlErrorPtr e)
{
    keep_error(((xmlParserCtxtPtr)ctxt)->_private, e);
}

static void discard(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* libxml2 prints what has no context to handle it (an encoding error, an
 * I/O failure) through this thread's generic handler: silence it for the
 * length of a call.  The handlers are per thread, so this is thread-safe. */
typedef struct quiet {
    xmlGenericErrorFunc generic;
    void *generic_ctx;
} quiet;

static void quiet_begin(quiet *q)
{
    q->generic = xmlGenericError;
    q->generic_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, discard);
}

static void quiet_end(const quiet *q)
{
    xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
}

/* ---- parsing --------------------------------------------------------------------- */

int xv_parse(xmlDocPtr *out, const char *data, size_t len, int options, xv_error *e)
{
    *out = NULL;
    memset(e, 0, sizeof *e);
    if (len > INT_MAX)
        return KERR_TOOLARGE;
    options &= ~(XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID |
                 XML_PARSE_XINCLUDE | XML_PARSE_HUGE);
    quiet q;
    quiet_begin(&q);
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    bool made = pc != NULL;
    if (made) {
        pc->_private = e;
        pc->sax->serror = keep_parse_error;
        *out = xmlCtxtReadMemory(pc, data, (int)len, NULL, NULL,
                                 options | XML_PARSE_NONET | XML_PARSE_NOERROR |
                                     XML_PARSE_NOWARNING);
        xmlFreeParserCtxt(pc);
    }
    quiet_end(&q);
    return !made ? KERR_NOMEM : *out ? 0 : KERR_FORMAT;
}

/* ---- schemas, loaded once --------------------------------------------------------- */

/* A schema by file name, with the outcome of loading it.  Entries are
 * written once, under the lock, and never change or go away after. */
typedef struct cached {
    char name[64];
    xmlRelaxNGPtr schema;          /* read-only once loaded; NULL: failed */
    char why[KERR_MSG_LEN];        /* why it did not load */
} cached;

#define MAX_SCHEMAS 8

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cached cache[MAX_SCHEMAS];
static size_t ncached;

static void load(cached *c)
{
    char path[PATH_MAX];
    kilde_schema_file(path, sizeof path, c->name);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(c->why, sizeof c->why, "schema %.300s: %s", path, strerror(errno));
        return;
    }
    fclose(f);
    quiet q;
    quiet_begin(&q);
    xv_error e = {0};
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(path);
    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, keep_error, &e);
        c->schema = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    quiet_end(&q);
    if (!c->schema)
        snprintf(c->why, sizeof c->why, "schema %.300s: %.180s", path,
                 e.seen ? e.msg : "not a RelaxNG schema");
}

/* The schema called name, loaded on first use; NULL with err set when it
 * cannot be had. */
static xmlRelaxNGPtr schema_for(const char *name, kerr *err)
{
    pthread_mutex_lock(&cache_lock);
    cached *c = NULL;
    for (size_t i = 0; i < ncached && !c; i++)
        if (strcmp(cache[i].name, name) == 0)
            c = &cache[i];
    if (!c && ncached < MAX_SCHEMAS && strlen(name) < sizeof cache[0].name) {
        c = &cache[ncached++];
        snprintf(c->name, sizeof c->name, "%s", name);
        load(c);
    }
    pthread_mutex_unlock(&cache_lock);
    if (!c) {
        kerr_set(err, KERR_IO, "schema %.300s: more schemas than kilde has", name);
        return NULL;
    }
    if (!c->schema)
        kerr_set(err, KERR_IO, "%s", c->why);
    return c->schema;
}

int xv_schema_load(const char *name, kerr *err)
{
    return schema_for(name, err) ? 0 : KERR_IO;
}

int xv_validate(xmlDocPtr doc, const char *name, xv_error *e, kerr *err)
{
    memset(e, 0, sizeof *e);
    xmlRelaxNGPtr schema = schema_for(name, err);
    if (!schema)
        return KERR_IO;
    quiet q;
    quiet_begin(&q);
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    bool made = vc != NULL;
    int valid = -1;
    if (made) {
        xmlRelaxNGSetValidStructuredErrors(vc, keep_error, e);
        valid = xmlRelaxNGValidateDoc(vc, doc);
        xmlRelaxNGFreeValidCtxt(vc);
    }
    quiet_end(&q);
    if (!made)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    return valid == 0 ? 0 : KERR_INVALID;
}
