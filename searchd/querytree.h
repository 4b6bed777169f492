/*
 * The query as a tree, read once from the lexer's tokens (querylex.h):
 * words, "phrases" and field:values are leaves; words side by side form a
 * sequence (joined by the default operator, with +required and -excluded
 * members); AND, OR, XOR, NOT, NEAR and ADJ join what stands around them;
 * brackets group.  Precedence as Xapian's parser had it: OR binds least,
 * then XOR, then AND and NOT, then NEAR and ADJ, then words side by side.
 *
 * Spelling (spelling.h) and alternatives (alternatives.h) rewrite a word
 * leaf: the word it searches (`word`), and the other forms it also
 * stands for (`forms`); querybuild.h makes the Xapian query of the tree.
 *
 * A tree lives in one sdq_tree (nodes in place, no allocation but the
 * forms), which points into the sdq_lexed it was read from.
 */
#ifndef KILDE_SD_QUERYTREE_H
#define KILDE_SD_QUERYTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "querylex.h"

typedef enum {
    SDQ_N_WORD,   /* one word token (a run of them, once a synonym took them in) */
    SDQ_N_PHRASE, /* a "phrase" token */
    SDQ_N_FIELD,  /* a field:value token */
    SDQ_N_SEQ,    /* operands side by side: the default operator */
    SDQ_N_AND,
    SDQ_N_OR,
    SDQ_N_XOR,
    SDQ_N_NOT,    /* first AND NOT the rest; alone ("NOT x"), everything but x */
    SDQ_N_NEAR,   /* within `window` words */
    SDQ_N_ADJ,    /* within `window` words, in order */
} sdq_node_kind;

typedef enum {
    SDQ_FORM_WORD,   /* one word, searched by its stem */
    SDQ_FORM_PHRASE, /* words in a row */
    SDQ_FORM_ALL,    /* words each somewhere (a compound's parts) */
} sdq_form_kind;

/* Another way a word leaf is written: text holds the words, lower-cased,
 * joined by single spaces. */
typedef struct sdq_form {
    sdq_form_kind kind;
    char *text; /* malloc'd */
} sdq_form;

typedef struct sdq_node sdq_node;
struct sdq_node {
    sdq_node_kind kind;
    char sign;              /* '+', '-' or 0 */
    const sdq_token *tok;   /* leaves: the (first) token */
    size_t ntok;            /* SDQ_N_WORD: tokens taken in (a synonym's phrase) */
    char *word;             /* SDQ_N_WORD: what to search instead of the token's
                               text (a correction), malloc'd; NULL: as typed */
    sdq_form *forms;        /* SDQ_N_WORD: other forms, malloc'd */
    size_t n_forms;
    unsigned window;        /* NEAR, ADJ: the words allowed between, plus one */
    sdq_node *kid, *next;   /* first operand; the next operand of the parent */
};

typedef struct sdq_tree {
    sdq_node node[2 * SDQ_MAX_TOKENS];
    size_t n;
    sdq_node *root;         /* NULL for an empty query */
    const sdq_lexed *lx;
} sdq_tree;

/* Reads the lexed (and checked) tokens of lx into a tree.  Errors
 * (SD_BAD_QUERY) only for what the lexer let through and no operator can
 * take, such as NEAR between brackets. */
int sdq_tree_read(sdq_tree *t, const sdq_lexed *lx, sd_error *err);

/* Frees the words and forms the rewriting added (not the tree itself). */
void sdq_tree_clear(sdq_tree *t);

/* Adds a form to a word leaf; -1 when memory runs out. */
int sdq_node_add_form(sdq_node *n, sdq_form_kind kind, const char *text);

/* The word leaf's words lower-cased into out (the correction when one was
 * set); false when they do not fit. */
bool sdq_node_text(const sdq_node *n, char *out, size_t cap);

/* Xapian's NEAR/ADJ window for "NEAR/3" ("NEAR" alone: 10). */
unsigned sdq_window_of(const sdq_token *op);

#endif
