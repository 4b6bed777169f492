/*
 * Index equals query: the indexer's analyser and searchd's query side
 * read Norwegian alike.  Every sentence of the seed documents becomes a
 * unit, analysed as the indexer analyses one (indexer/analyse.c: the term
 * generator plus indexer/norwegian.c); every word of it, typed as a query,
 * is built as searchd builds a query (searchd/query.c: lexer, alternatives,
 * Xapian's parser), and the query's terms must include one the unit holds.
 *
 * The rules both sides share (lib/numbers.h, lib/hyphen.h,
 * lib/standards.h) get their own claims, as a word-by-word check passes
 * without them (each word of "41 276 000" is a term of its own):
 *  - a grouped number typed as the text writes it, and typed as one
 *    number, searches the joined number the index holds;
 *  - a hyphenated word typed joined ("iaavtale") reaches the unit's terms;
 *  - a word's counterpart in the other written standard ("ikke" for the
 *    text's "ikkje") reaches the unit's terms.
 *
 * Seeds: $KILDE_SEEDS_DIR, else ../shared/seeds beside the repository when
 * present, else tests/data/seeds (the same five documents, committed).
 * Prints what it covered and each mismatch.
 */
#include <dirent.h>
#include <glib.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "analyse.h"
#include "hyphen.h"
#include "numbers.h"
#include "query.h"
#include "standards.h"
#include "testhelp.h"
#include "tmpdir.h"
#include "words.h"

#define MISMATCHES_SHOWN 40

static kx_db *db;
static kx_stem *stem;
static sd_query *query;
static GHashTable *searched; /* query text → GHashTable set of its terms */

typedef struct coverage {
    size_t sentences, words, numbers, joins, counterparts, unreadable, mismatches;
} coverage;
static coverage cov;

/* ---- the seed sentences ---------------------------------------------------- */

static const char *seeds_dir(void)
{
    const char *env = getenv("KILDE_SEEDS_DIR");
    struct stat st;
    if (env && *env)
        return env;
    if (stat("../shared/seeds", &st) == 0 && S_ISDIR(st.st_mode))
        return "../shared/seeds";
    return "tests/data/seeds";
}

static char *read_file(const char *path)
{
    gchar *text = NULL;
    return g_file_get_contents(path, &text, NULL, NULL) ? text : NULL;
}

/* The sentences of a text: its lines cut after ". ", "? " and "! " before
 * an upper-case letter or a digit; blank lines and lines without a letter
 * left out. */
static GPtrArray *sentences_of(const char *text)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    gchar **lines = g_strsplit(text, "\n", -1);
    for (gchar **l = lines; *l; l++) {
        const char *start = *l;
        for (const char *p = *l; *p; p++) {
            bool end = (p[0] == '.' || p[0] == '?' || p[0] == '!') && p[1] == ' ' &&
                       (g_unichar_isupper(g_utf8_get_char(p + 2)) || g_ascii_isdigit(p[2]));
            if (end || !p[1]) {
                gchar *s = g_strstrip(g_strndup(start, (size_t)(p + 1 - start)));
                if (*s)
                    g_ptr_array_add(out, s);
                else
                    g_free(s);
                start = p + 2;
                if (end)
                    p++;
            }
        }
    }
    g_strfreev(lines);
    return out;
}

/* ---- the index side ------------------------------------------------------- */

static int collect_term(const char *term, unsigned wdf, void *arg)
{
    (void)wdf;
    g_hash_table_add(arg, g_strdup(term));
    return 0;
}

/* Analyses each sentence as a unit of one document, adds the units to db
 * and returns the terms of each (GHashTable sets), in order. */
static GPtrArray *index_sentences(kanalyser *an, const char *name, GPtrArray *sentences)
{
    kdoc doc;
    kunits units = {0};
    kanalysed built = {0};
    kerr err = {0};
    GPtrArray *terms = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
    kdoc_init(&doc, name, "text");
    kdoc_set(&doc.title, name);
    kdoc_set(&doc.type, "artikkel");
    for (size_t i = 0; i < sentences->len; i++) {
        kunit *u = kunits_add(&units);
        u->kind = KUNIT_KIND_SECTION;
        u->key = g_strdup_printf("s%zu", i + 1);
        u->text = strdup(g_ptr_array_index(sentences, i));
        u->page_first = u->page_last = -1;
    }
    if (analyser_build(an, &built, &doc, "0000000000000000", "Qfile", &units, &err)) {
        fprintf(stderr, "FAIL analysing %s: %s\n", name, err.msg);
        th_failed++;
    }
    for (size_t i = 0; i < built.n; i++) {
        GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        kx_error x;
        kx_doc_terms(built.docs[i], collect_term, set, &x);
        g_ptr_array_add(terms, set);
        kx_db_add_document(db, NULL, built.docs[i], &x);
    }
    analysed_free(&built);
    kunits_free(&units);
    kdoc_free(&doc);
    return terms;
}

/* ---- the query side ------------------------------------------------------- */

/* Whether a word of a query's description is Xapian's, not a term. */
static bool operator_word(const char *w)
{
    static const char *const ops[] = {"Query", "OR", "AND", "AND_NOT", "AND_MAYBE", "XOR",
                                      "FILTER", "NEAR", "PHRASE", "ELITE_SET", "SYNONYM", "MAX",
                                      "WILDCARD", "VALUE_RANGE", "VALUE_GE", "VALUE_LE",
                                      "SCALE_WEIGHT", "EDIT_DISTANCE", "<alldocuments>", "*",
                                      NULL};
    for (size_t i = 0; ops[i]; i++)
        if (strcmp(w, ops[i]) == 0)
            return true;
    return false;
}

/* The terms of Xapian's description of a query, with or without their
 * positions: "Query((Zsykehus SYNONYM sykehus@1))", "(2023 PHRASE 2 2024)";
 * the window after PHRASE or NEAR and the factor before "*" are not terms. */
static GHashTable *terms_described(const char *description)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gchar **parts = g_strsplit_set(description, " ()", -1);
    const char *prev = "";
    for (gchar **p = parts; *p; p++) {
        if (!**p)
            continue;
        bool window = strcmp(prev, "PHRASE") == 0 || strcmp(prev, "NEAR") == 0;
        bool factor = p[1] && strcmp(p[1], "*") == 0;
        prev = *p;
        if (operator_word(*p) || window || factor)
            continue;
        char *at = strrchr(*p, '@');
        bool positioned = at && at > *p && at[1] && strspn(at + 1, "0123456789") == strlen(at + 1);
        g_hash_table_add(set, positioned ? g_strndup(*p, (size_t)(at - *p)) : g_strdup(*p));
    }
    g_strfreev(parts);
    return set;
}

/* The terms searchd searches for a query text (cached: a word recurs);
 * NULL when the query side refuses the text. */
static GHashTable *searched_for(const char *text)
{
    GHashTable *set = g_hash_table_lookup(searched, text);
    if (set || g_hash_table_contains(searched, text))
        return set;
    kx_query *kq = NULL;
    sd_error err;
    sd_query_words words = {.as_typed = true}; /* every word is known: nothing to correct */
    char *description = NULL;
    kx_error x;
    if (sd_query_build(&kq, query, text, &words, &err) == 0 &&
        kx_query_describe(kq, &description, &x) == KX_OK)
        set = terms_described(description);
    free(description);
    free(words.corrected);
    kx_query_free(kq);
    g_hash_table_insert(searched, g_strdup(text), set);
    return set;
}

static bool shares_a_term(GHashTable *query_terms, GHashTable *unit_terms)
{
    GHashTableIter it;
    gpointer term;
    g_hash_table_iter_init(&it, query_terms);
    while (g_hash_table_iter_next(&it, &term, NULL))
        if (g_hash_table_contains(unit_terms, term))
            return true;
    return false;
}

static void mismatch(const char *what, const char *typed, const char *sentence)
{
    th_failed++;
    if (++cov.mismatches <= MISMATCHES_SHOWN)
        fprintf(stderr, "FAIL %s \"%s\" finds no term of: %.160s\n", what, typed, sentence);
}

/* Whether the query `typed` searches a term of the unit; counts a pass or
 * a mismatch.  A text the query side refuses counts apart. */
static void check_finds(const char *what, const char *typed, GHashTable *unit_terms,
                        const char *sentence)
{
    GHashTable *q = searched_for(typed);
    if (!q)
        cov.unreadable++;
    else if (shares_a_term(q, unit_terms))
        th_passed++;
    else
        mismatch(what, typed, sentence);
}

/* ---- the claims ----------------------------------------------------------- */

/* A space-separated piece of the sentence as a person would type it: from
 * its first word to its last (words.h), so the punctuation around it is
 * left off ("(NKVTS)" → "NKVTS", "31.12.2024." → "31.12.2024") and a
 * piece without a word ("%", "§", "–") is none. */
static bool typed_word(const char *piece, char *out, size_t cap)
{
    size_t n = strlen(piece), pos = 0, start, end, first = 0, last = 0;
    bool any = false;
    while (words_next(piece, n, &pos, &start, &end)) {
        if (!any)
            first = start;
        any = true;
        last = end;
    }
    if (!any || last - first >= cap)
        return false;
    memcpy(out, piece + first, last - first);
    out[last - first] = '\0';
    /* an operator word would change the query: typed as a person means it */
    return strcmp(out, "AND") && strcmp(out, "OR") && strcmp(out, "NOT") &&
           strcmp(out, "NEAR") && strcmp(out, "XOR");
}

static void each_word_finds_its_unit(const char *sentence, GHashTable *unit_terms)
{
    gchar **pieces = g_strsplit_set(sentence, " \t\u00a0", -1);
    for (gchar **p = pieces; *p; p++) {
        char word[256];
        if (!typed_word(*p, word, sizeof word))
            continue;
        cov.words++;
        check_finds("word", word, unit_terms, sentence);
    }
    g_strfreev(pieces);
}

/* "41 276 000" as written and as "41276000": both must search the joined
 * number, a term of its own in the unit. */
static void grouped_numbers_find_their_unit(const char *sentence, GHashTable *unit_terms)
{
    for (size_t i = 0; sentence[i]; i++) {
        char digits[64];
        size_t len;
        if (!g_ascii_isdigit(sentence[i]) ||
            (i > 0 && (g_ascii_isdigit(sentence[i - 1]) || sentence[i - 1] == ',' ||
                       sentence[i - 1] == '.')) ||
            !(len = knumber_grouped(sentence + i, digits, sizeof digits)))
            continue;
        cov.numbers++;
        gchar *written = g_strndup(sentence + i, len);
        GHashTable *joined = g_hash_table_new(g_str_hash, g_str_equal);
        g_hash_table_add(joined, digits);
        if (!g_hash_table_contains(unit_terms, digits))
            mismatch("the index lacks the joined number of", written, sentence);
        GHashTable *as_written = searched_for(written), *as_one = searched_for(digits);
        if (as_written && shares_a_term(as_written, joined))
            th_passed++;
        else
            mismatch("grouped number (its joined form)", written, sentence);
        if (as_one && shares_a_term(as_one, unit_terms))
            th_passed++;
        else
            mismatch("number typed joined", digits, sentence);
        g_hash_table_unref(joined);
        g_free(written);
        i += len - 1;
    }
}

typedef struct unit_ref {
    GHashTable *terms;
    const char *sentence;
} unit_ref;

static int joined_finds_unit(const char *joined, void *arg)
{
    unit_ref *u = arg;
    cov.joins++;
    check_finds("hyphen join", joined, u->terms, u->sentence);
    return 0;
}

static bool counterpart_finds_unit(const char *form, void *arg)
{
    unit_ref *u = arg;
    cov.counterparts++;
    check_finds("other standard", form, u->terms, u->sentence);
    return true;
}

/* Hyphen joins typed as one word, and the irregular counterparts of the
 * sentence's words typed in the other standard. */
static void other_spellings_find_their_unit(const char *sentence, GHashTable *unit_terms)
{
    unit_ref u = {unit_terms, sentence};
    size_t n = strlen(sentence), pos = 0, start, end;
    khyphen_each_join(sentence, n, joined_finds_unit, &u);
    while (words_next(sentence, n, &pos, &start, &end)) {
        char low[256];
        if (words_lower(low, sizeof low, sentence + start, end - start))
            kstandard_irregular(low, counterpart_finds_unit, &u);
    }
}

TEST(every_seed_sentence_is_found_by_its_own_words)
{
    kschema *schema = NULL;
    kanalyser *an = NULL;
    kerr err = {0};
    kx_error x;
    const char *dir = seeds_dir();
    GDir *d = g_dir_open(dir, 0, NULL);
    CHECK(d != NULL);
    if (!d || kschema_load(&schema, NULL, &err) || analyser_new(&an, schema, &err) ||
        kx_stem_new(&stem, kschema_stemmer(schema), &x) ||
        kx_db_open(&db, at("db"), KX_DB_CREATE_OR_OPEN, &x)) {
        fprintf(stderr, "FAIL setting up: %s\n", err.msg);
        th_failed++;
        return;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *name; (name = g_dir_read_name(d));)
        g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
    GPtrArray *all_sentences = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    GPtrArray *all_terms = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    for (size_t i = 0; i < names->len; i++) {
        gchar *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
        char *text = read_file(path);
        if (text) {
            GPtrArray *sentences = sentences_of(text);
            g_ptr_array_add(all_terms, index_sentences(an, g_ptr_array_index(names, i), sentences));
            g_ptr_array_add(all_sentences, sentences);
        }
        g_free(text);
        g_free(path);
    }
    kx_db_commit(db, &x);
    if (sd_query_new(&query, db, stem, schema, NULL, &x)) {
        fprintf(stderr, "FAIL query: %s\n", x.message);
        th_failed++;
        return;
    }
    for (size_t f = 0; f < all_sentences->len; f++) {
        GPtrArray *sentences = g_ptr_array_index(all_sentences, f);
        GPtrArray *terms = g_ptr_array_index(all_terms, f);
        for (size_t i = 0; i < sentences->len && i < terms->len; i++) {
            const char *s = g_ptr_array_index(sentences, i);
            GHashTable *t = g_ptr_array_index(terms, i);
            cov.sentences++;
            each_word_finds_its_unit(s, t);
            grouped_numbers_find_their_unit(s, t);
            other_spellings_find_their_unit(s, t);
        }
    }
    printf("seeds %s: %zu documents, %zu sentences, %zu words, %zu grouped numbers, "
           "%zu hyphen joins, %zu other-standard forms; %zu texts the query side refused; "
           "%zu mismatches\n",
           dir, (size_t)names->len, cov.sentences, cov.words, cov.numbers, cov.joins, cov.counterparts,
           cov.unreadable, cov.mismatches);
    CHECK(cov.sentences > 1000); /* the seeds were read: 004 alone has thousands */
    CHECK(cov.numbers > 0 && cov.joins > 0 && cov.counterparts > 0);
    g_ptr_array_unref(all_terms);
    g_ptr_array_unref(all_sentences);
    g_ptr_array_unref(names);
    sd_query_free(query);
    kx_db_close(db);
    kx_stem_free(stem);
    analyser_free(an);
    kschema_free(schema);
}

static void set_unref(gpointer set)
{
    if (set)
        g_hash_table_unref(set);
}

int main(void)
{
    if (tmpdir_make("/tmp/kilde-iq.XXXXXX") < 0)
        return 1;
    searched = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     set_unref);
    RUN(every_seed_sentence_is_found_by_its_own_words);
    g_hash_table_unref(searched);
    tmpdir_remove();
    return TEST_REPORT();
}
