#include "querytree.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "searchd.h"
#include "words.h"

#define DEFAULT_WINDOW 10 /* NEAR and ADJ without /n, as in Xapian */

typedef struct reader {
    sdq_tree *t;
    size_t i; /* the next token */
    sd_error *err;
} reader;

static const sdq_token *peek(const reader *r)
{
    return r->i < r->t->lx->n ? &r->t->lx->tok[r->i] : NULL;
}

static bool is_op(const sdq_token *tok, const char *name)
{
    size_t n = strlen(name);
    return tok && tok->kind == SDQ_OP && tok->len >= n && memcmp(tok->text, name, n) == 0 &&
           (tok->len == n || tok->text[n] == '/');
}

static sdq_node *new_node(reader *r, sdq_node_kind kind, const sdq_token *tok)
{
    sdq_tree *t = r->t;
    if (t->n == sizeof t->node / sizeof t->node[0]) {
        sd_fail(r->err, SD_BAD_QUERY, "the query is too long; shorten it");
        return NULL;
    }
    sdq_node *n = &t->node[t->n++];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->tok = tok;
    n->ntok = tok ? 1 : 0;
    return n;
}

/* Appends kid to parent's operands (after *last). */
static void append(sdq_node *parent, sdq_node **last, sdq_node *kid)
{
    if (*last)
        (*last)->next = kid;
    else
        parent->kid = kid;
    *last = kid;
}

/* A node joining a and b by kind, or a's own node when it is of that kind
 * already (a OR b OR c is one OR of three). */
static sdq_node *join(reader *r, sdq_node_kind kind, sdq_node *a, sdq_node *b, unsigned window)
{
    if (a->kind == kind && !a->sign && a->window == window && kind != SDQ_N_NOT) {
        sdq_node *last = a->kid;
        while (last->next)
            last = last->next;
        last->next = b;
        return a;
    }
    sdq_node *n = new_node(r, kind, NULL);
    if (!n)
        return NULL;
    n->window = window;
    n->kid = a;
    a->next = b;
    return n;
}

static sdq_node *read_or(reader *r);

/* A word, phrase, field or bracketed group. */
static sdq_node *read_leaf(reader *r)
{
    const sdq_token *tok = peek(r);
    if (!tok) {
        sd_fail(r->err, SD_BAD_QUERY, "the query ends where a word was expected");
        return NULL;
    }
    r->i++;
    if (tok->kind == SDQ_OPEN) {
        sdq_node *inner = read_or(r);
        if (!inner)
            return NULL;
        const sdq_token *close = peek(r);
        if (!close || close->kind != SDQ_CLOSE) { /* the lexer checked: cannot happen */
            sd_fail(r->err, SD_BAD_QUERY, "the '(' at character %zu is never closed", tok->pos);
            return NULL;
        }
        r->i++;
        if (tok->sign && inner->sign) { /* -(-x): a group of its own keeps both signs */
            sdq_node *g = new_node(r, SDQ_N_SEQ, NULL);
            if (!g)
                return NULL;
            g->kid = inner;
            inner = g;
        }
        inner->sign = tok->sign;
        return inner;
    }
    sdq_node_kind kind = tok->kind == SDQ_WORD     ? SDQ_N_WORD
                         : tok->kind == SDQ_PHRASE ? SDQ_N_PHRASE
                                                   : SDQ_N_FIELD;
    if (tok->kind == SDQ_OP || tok->kind == SDQ_CLOSE) {
        sd_fail(r->err, SD_BAD_QUERY, "'%.*s' at character %zu needs a word before it",
                (int)tok->len, tok->text, tok->pos);
        return NULL;
    }
    sdq_node *n = new_node(r, kind, tok);
    if (n)
        n->sign = tok->sign;
    return n;
}

/* NEAR and ADJ look at positions, which the index keeps for single words
 * as written: an operand must be one. */
static bool one_word(const sdq_node *n)
{
    size_t pos = 0, start, end, words = 0;
    if (n->kind != SDQ_N_WORD || n->sign || memchr(n->tok->text, '*', n->tok->len))
        return false;
    while (words_next(n->tok->text, n->tok->len, &pos, &start, &end))
        words++;
    return words == 1;
}

static int near_operand(reader *r, const sdq_token *op, const sdq_node *n)
{
    if (one_word(n))
        return 0;
    const sdq_token *at = n->tok ? n->tok : op;
    return sd_fail(r->err, SD_BAD_QUERY, "'%.*s' at character %zu joins single words, as in "
                   "høringer NEAR/3 legeforeningen; what stands at character %zu is not one",
                   (int)op->len, op->text, op->pos, at->pos);
}

/* leaf (NEAR|ADJ leaf)*: a chain of one operator and one window. */
static sdq_node *read_near(reader *r)
{
    sdq_node *a = read_leaf(r);
    const sdq_token *first = NULL;
    while (a && (is_op(peek(r), "NEAR") || is_op(peek(r), "ADJ"))) {
        const sdq_token *op = peek(r);
        if (first && (is_op(first, "NEAR") != is_op(op, "NEAR") ||
                      sdq_window_of(first) != sdq_window_of(op))) {
            sd_fail(r->err, SD_BAD_QUERY, "'%.*s' at character %zu follows '%.*s': one chain "
                    "of words takes one operator; put the rest in brackets", (int)op->len,
                    op->text, op->pos, (int)first->len, first->text);
            return NULL;
        }
        r->i++;
        sdq_node *b = read_leaf(r);
        if (!b || (!first && near_operand(r, op, a)) || near_operand(r, op, b))
            return NULL;
        first = op;
        a = join(r, is_op(op, "NEAR") ? SDQ_N_NEAR : SDQ_N_ADJ, a, b, sdq_window_of(op));
    }
    return a;
}

static bool ends_sequence(const sdq_token *tok)
{
    return !tok || tok->kind == SDQ_CLOSE || tok->kind == SDQ_OP;
}

/* Operands side by side; one alone is itself. */
static sdq_node *read_seq(reader *r)
{
    sdq_node *first = read_near(r);
    if (!first || ends_sequence(peek(r)))
        return first;
    sdq_node *seq = new_node(r, SDQ_N_SEQ, NULL), *last = NULL;
    if (!seq)
        return NULL;
    append(seq, &last, first);
    while (!ends_sequence(peek(r))) {
        sdq_node *next = read_near(r);
        if (!next)
            return NULL;
        append(seq, &last, next);
    }
    return seq;
}

/* NOT x where an operand starts: everything but x. */
static sdq_node *read_operand(reader *r)
{
    if (!is_op(peek(r), "NOT"))
        return read_seq(r);
    r->i++;
    sdq_node *x = read_seq(r);
    sdq_node *n = x ? new_node(r, SDQ_N_NOT, NULL) : NULL;
    if (n)
        n->kid = x;
    return n;
}

/* a AND b, a NOT b, a AND NOT b */
static sdq_node *read_and(reader *r)
{
    sdq_node *a = read_operand(r);
    while (a && (is_op(peek(r), "AND") || is_op(peek(r), "NOT"))) {
        bool negate = is_op(peek(r), "NOT");
        r->i++;
        if (!negate && is_op(peek(r), "NOT")) {
            negate = true;
            r->i++;
        }
        sdq_node *b = read_seq(r);
        if (!b)
            return NULL;
        if (negate && a->kind == SDQ_N_NOT && a->kid->next) { /* a NOT b NOT c */
            sdq_node *last = a->kid;
            while (last->next)
                last = last->next;
            last->next = b;
        } else {
            a = join(r, negate ? SDQ_N_NOT : SDQ_N_AND, a, b, 0);
        }
    }
    return a;
}

static sdq_node *read_xor(reader *r)
{
    sdq_node *a = read_and(r);
    while (a && is_op(peek(r), "XOR")) {
        r->i++;
        sdq_node *b = read_and(r);
        a = b ? join(r, SDQ_N_XOR, a, b, 0) : NULL;
    }
    return a;
}

static sdq_node *read_or(reader *r)
{
    sdq_node *a = read_xor(r);
    while (a && is_op(peek(r), "OR")) {
        r->i++;
        sdq_node *b = read_xor(r);
        a = b ? join(r, SDQ_N_OR, a, b, 0) : NULL;
    }
    return a;
}

int sdq_tree_read(sdq_tree *t, const sdq_lexed *lx, sd_error *err)
{
    t->n = 0;
    t->lx = lx;
    t->root = NULL;
    if (lx->n == 0)
        return 0;
    reader r = {t, 0, err};
    t->root = read_or(&r);
    if (t->root && r.i < lx->n) { /* the lexer's checks make this unreachable */
        t->root = NULL;
        return sd_fail(err, SD_BAD_QUERY, "unexpected '%.*s' at character %zu",
                       (int)lx->tok[r.i].len, lx->tok[r.i].text, lx->tok[r.i].pos);
    }
    return t->root ? 0 : -1;
}

void sdq_tree_clear(sdq_tree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        sdq_node *n = &t->node[i];
        for (size_t k = 0; k < n->n_forms; k++)
            free(n->forms[k].text);
        free(n->forms);
        free(n->word);
        n->forms = NULL;
        n->n_forms = 0;
        n->word = NULL;
    }
}

int sdq_node_add_form(sdq_node *n, sdq_form_kind kind, const char *text)
{
    sdq_form *f = realloc(n->forms, (n->n_forms + 1) * sizeof *f);
    if (!f)
        return -1;
    n->forms = f;
    f[n->n_forms].kind = kind;
    f[n->n_forms].text = strdup(text);
    if (!f[n->n_forms].text)
        return -1;
    n->n_forms++;
    return 0;
}

bool sdq_node_text(const sdq_node *n, char *out, size_t cap)
{
    if (n->word) {
        size_t len = strlen(n->word);
        if (len >= cap)
            return false;
        memcpy(out, n->word, len + 1);
        return true;
    }
    size_t o = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n->ntok; k++) {
        const sdq_token *tok = n->tok + k;
        if (o && o + 1 < cap)
            out[o++] = ' ';
        size_t got = words_lower(out + o, cap - o, tok->text, tok->len);
        if (got == 0 && tok->len)
            return false;
        o += got;
    }
    return o > 0;
}

unsigned sdq_window_of(const sdq_token *op)
{
    const char *slash = memchr(op->text, '/', op->len);
    if (!slash)
        return DEFAULT_WINDOW;
    unsigned w = 0;
    for (const char *p = slash + 1; p < op->text + op->len && isdigit((unsigned char)*p); p++)
        w = w * 10 + (unsigned)(*p - '0');
    return w ? w : DEFAULT_WINDOW;
}
