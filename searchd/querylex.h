/*
 * Reading the query language (docs/QUERY.md) into tokens, which
 * querytree.h reads into a tree.  A forgiving reader would read a typing
 * slip — an unclosed quote, an unknown field — as plain words and quietly
 * return the wrong hits; the lexer finds such slips and says where
 * ("unclosed quote at character 12"), turns field names and type values
 * into their canonical spelling (Tittel: → tittel:, type:høringsinnspill →
 * type:horingsinnspill), and lists the plain words for ranking boosts and
 * spelling suggestions.  sdq_render writes the tokens back as text: the
 * query as searched, for the reply's suggestion.
 */
#ifndef KILDE_SD_QUERYLEX_H
#define KILDE_SD_QUERYLEX_H

#include <stdbool.h>
#include <stddef.h>

#include "sderror.h"

#define SDQ_MAX_TOKENS 256
#define SDQ_TYPE_MAX 32

typedef enum { SDQ_WORD, SDQ_PHRASE, SDQ_FIELD, SDQ_OP, SDQ_OPEN, SDQ_CLOSE } sdq_kind;

/* The fields a query may name; the parser knows them by `name`. */
typedef enum { SDQ_F_TITLE, SDQ_F_HEADING, SDQ_F_AUTHOR, SDQ_F_TYPE, SDQ_F_YEAR } sdq_fieldid;

typedef struct sdq_token {
    sdq_kind kind;
    char sign;           /* '-' (exclude), '+' (require) or 0 */
    size_t pos;          /* 1-based character position, for messages */
    const char *text;    /* into the query: the word, the phrase between its
                            quotes, the operator, or a field's value */
    size_t len;
    int field;           /* SDQ_FIELD: an sdq_fieldid */
    bool quoted;         /* SDQ_FIELD: the value was a "phrase" */
    char type[SDQ_TYPE_MAX]; /* SDQ_FIELD type: the canonical type name */
} sdq_token;

typedef struct sdq_lexed {
    sdq_token tok[SDQ_MAX_TOKENS];
    size_t n;
    bool plain;          /* no operators and no parentheses */
} sdq_lexed;

/* Reads and checks `text`; a slip gives SD_BAD_QUERY with its position.
 * Tokens point into `text`, which must outlive `out`. */
int sdq_lex(sdq_lexed *out, const char *text, sd_error *err);

/* The query as the parser should read it, malloc'd (NULL when memory runs
 * out): canonical field names and types; with drop_stopwords, unsigned
 * stop words are left out (only when the query is `plain`, so no operator
 * loses its operand); replace (may be NULL) gives per token a text to put
 * in place of a word token (a spelling correction, a group of
 * alternatives; "" leaves the token out). */
char *sdq_render(const sdq_lexed *lx, bool drop_stopwords, char *const *replace);

/* The parser's name for a field ("tittel", "år", …). */
const char *sdq_field_name(int field);

/* Canonical type name ("høringsinnspill", "Artikkel" → "horingsinnspill",
 * "artikkel") into out; -1 for an unknown type, with err (SD_BAD_QUERY)
 * naming the closest known one; `where` follows the type in the message
 * (" at character 7", " in filter.type"). */
int sdq_canonical_type(char out[SDQ_TYPE_MAX], const char *value, size_t len,
                       const char *where, sd_error *err);

/* Norwegian (bokmål and nynorsk) function words: "i", "og", "hvor". */
bool sdq_is_stopword(const char *lower);

/* Calls fn for each word of the unsigned plain words (split at punctuation,
 * lower-cased), `wild` telling whether it ends a prefix*; fn returns
 * non-zero to stop.  Returns -1 when memory runs out. */
int sdq_words(const sdq_lexed *lx, int (*fn)(const char *word, size_t tok, bool wild,
                                            void *arg),
              void *arg);

/* Calls fn for each word the hits' text may hold: plain words, phrases'
 * words and tittel:/overskrift: values, none of them excluded with '-';
 * for marking words in snippets.  fn returns non-zero to stop. */
void sdq_text_words(const sdq_lexed *lx, int (*fn)(const char *word, size_t tok, bool wild,
                                                  void *arg),
                    void *arg);

#endif
