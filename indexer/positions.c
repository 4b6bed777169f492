#include "positions.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "paths.h"
#include "regex.h"

#define MAX_RULES 64
#define LINE_MAX_LEN 4096
/* Longer "sentences" are lists or tables run together: no quote. */
#define QUOTE_MAX 1200

typedef enum {
    R_SPEAKER,
    R_STANCE,
    R_ADDRESSEE,
    R_MATTER,
    R_HEARING,
    R_DEMAND,
    R_VOICE,
    R_KINDS
} rule_kind;

static const char *const kind_names[R_KINDS] = {"speaker", "stance", "addressee", "matter",
                                               "hearing", "demand", "voice"};

typedef struct rule {
    rule_kind kind;
    char name[48];
    pcre2_code *code;
} rule;

struct kposrules {
    rule items[MAX_RULES];
    size_t n;
    int window; /* words between a speaker and its stance's verb */
};

/* ---- the rules file ------------------------------------------------------------ */

static int compile_rule(rule *r, const char *regex, const char *path, int lineno, kerr *err)
{
    int code;
    PCRE2_SIZE offset;
    r->code = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                            &code, &offset, NULL);
    if (!r->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        return kerr_set(err, KERR_SCHEMA, "%s:%d: bad pattern at offset %zu: %s", path, lineno,
                        (size_t)offset, (char *)msg);
    }
    pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
    return 0;
}

static int kind_of(const char *name)
{
    for (int k = 0; k < R_KINDS; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    return -1;
}

/* One line: kind name pattern.  Blank lines and # comments skip. */
static int parse_line(kposrules *r, char *line, const char *path, int lineno, kerr *err)
{
    char kind[32], name[48];
    int used = 0;
    while (isspace((unsigned char)*line))
        line++;
    if (!*line || *line == '#')
        return 0;
    if (sscanf(line, "%31s %47s %n", kind, name, &used) != 2 || !used)
        return kerr_set(err, KERR_SCHEMA, "%s:%d: expected 'kind name pattern'", path, lineno);
    char *pattern = line + used;
    pattern[strcspn(pattern, "\r\n")] = '\0';
    if (strcmp(kind, "window") == 0) {
        r->window = atoi(pattern);
        return r->window > 0 && r->window < 50
                   ? 0
                   : kerr_set(err, KERR_SCHEMA, "%s:%d: window takes 1 to 49 words", path, lineno);
    }
    int k = kind_of(kind);
    if (k < 0)
        return kerr_set(err, KERR_SCHEMA, "%s:%d: unknown kind '%s'", path, lineno, kind);
    if ((k == R_STANCE || k == R_DEMAND || k == R_VOICE) && !kunit_is_stance(name))
        return kerr_set(err, KERR_SCHEMA, "%s:%d: '%s' is no stance (ber, krever, går_imot, "
                        "støtter, anbefaler, mener)", path, lineno, name);
    if (!*pattern)
        return kerr_set(err, KERR_SCHEMA, "%s:%d: no pattern", path, lineno);
    if (r->n == MAX_RULES)
        return kerr_set(err, KERR_SCHEMA, "%s:%d: more than %d rules", path, lineno, MAX_RULES);
    rule *ru = &r->items[r->n];
    ru->kind = (rule_kind)k;
    snprintf(ru->name, sizeof ru->name, "%s", name);
    int rc = compile_rule(ru, pattern, path, lineno, err);
    if (rc == 0)
        r->n++;
    return rc;
}

int positions_load(kposrules **out, const char *path, kerr *err)
{
    char fallback[PATH_MAX];
    if (!path)
        path = kilde_schema_file(fallback, sizeof fallback, "positions.conf");
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return kerr_set(err, KERR_IO, "%s: cannot open the positions file", path);
    kposrules *r = calloc(1, sizeof *r);
    if (!r) {
        fclose(f);
        return kerr_set(err, KERR_NOMEM, "out of memory");
    }
    r->window = 8;
    char line[LINE_MAX_LEN];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f))
        rc = parse_line(r, line, path, ++lineno, err);
    fclose(f);
    if (rc) {
        positions_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void positions_free(kposrules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        pcre2_code_free(r->items[i].code);
    free(r);
}

/* ---- matching --------------------------------------------------------------- */

typedef struct span {
    size_t start, end;
} span;

/* The first match of rule r in s from `from`, or false. */
static bool find(const rule *r, const char *s, size_t len, size_t from, span *m)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->code, NULL);
    bool found = md && from <= len &&
                 pcre2_match(r->code, (PCRE2_SPTR)s, len, from, 0, md, NULL) > 0;
    if (found) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        m->start = ov[0], m->end = ov[1];
    }
    pcre2_match_data_free(md);
    return found;
}

static size_t words_between(const char *s, size_t a, size_t b)
{
    size_t words = 0;
    bool in = false;
    for (size_t i = a; i < b; i++) {
        bool space = isspace((unsigned char)s[i]);
        words += !space && !in;
        in = !space;
    }
    return words;
}

/* Is the stance's verb at m placed to be the speaker's: after it within the
 * window, or right before it ("pekte Legeforeningen på")? */
/* Does the verb at `at` open a clause joined to the one before with its
 * subject left out ("…, men var tydelig på", "og har påpekt", "samt vært
 * pådriver for")? */
static bool coordinated(const char *s, size_t at)
{
    static const char *const joins[] = {"men", "og", "samt", "men har", "og har", "og hadde",
                                        "samt har", "og har også", "men har også", NULL};
    size_t e = at;
    while (e > 0 && s[e - 1] == ' ')
        e--;
    for (const char *const *j = joins; *j; j++) {
        size_t n = strlen(*j);
        if (e >= n && strncmp(s + e - n, *j, n) == 0 && (e == n || s[e - n - 1] == ' ' ||
                                                          s[e - n - 1] == ','))
            return true;
    }
    return false;
}

static bool belongs(const kposrules *rs, const char *s, const span *speaker, const span *verb)
{
    if (verb->start >= speaker->end)
        return words_between(s, speaker->end, verb->start) <= (size_t)rs->window ||
               coordinated(s, verb->start);
    return verb->end <= speaker->start && words_between(s, verb->end, speaker->start) == 0;
}

typedef struct stance_match {
    const rule *stance;
    char speaker[96]; /* the rule's name, or as written for a rule named "-" */
} stance_match;

/* "Her la foreningen vekt på": with the speaker taken out, does the
 * stance's phrase run across the place it stood? */
static bool around(const rule *st, const char *s, size_t len, const span *sp)
{
    char without[QUOTE_MAX + 1];
    size_t cut = sp->end - sp->start + (sp->end < len && s[sp->end] == ' ');
    if (len - cut > QUOTE_MAX)
        return false;
    memcpy(without, s, sp->start);
    memcpy(without + sp->start, s + sp->start + cut, len - sp->start - cut);
    without[len - cut] = '\0';
    span m;
    for (size_t from = 0; find(st, without, len - cut, from, &m) && m.end > from; from = m.end)
        if (m.start < sp->start && m.end > sp->start)
            return true;
    return false;
}

/* Where stance st's phrase first stands as the speaker's; SIZE_MAX if not. */
static size_t stance_at(const kposrules *rs, const rule *st, const char *s, size_t len,
                        const span *sp)
{
    span m;
    for (size_t from = 0; find(st, s, len, from, &m) && m.end > from; from = m.end)
        if (belongs(rs, s, sp, &m))
            return m.start;
    return around(st, s, len, sp) ? sp->start : SIZE_MAX;
}

/* The stance one speaker takes: the phrase nearest the start of its clause
 * ("har påpekt at … og oppfordret": påpekt); at one place, the file's first
 * ("støttet ikke" before "støttet"). */
static bool stance_of(const kposrules *rs, const char *s, size_t len, const span *sp,
                      stance_match *out)
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < rs->n; k++) {
        if (rs->items[k].kind != R_STANCE)
            continue;
        size_t at = stance_at(rs, &rs->items[k], s, len, sp);
        if (at < best) {
            best = at;
            out->stance = &rs->items[k];
        }
    }
    return best != SIZE_MAX;
}

/* "kursholderne, som er fra Legeforeningen, vektlegger": a speaker after a
 * preposition is no subject. */
static bool after_preposition(const char *s, size_t at)
{
    static const char *const preps[] = {"fra", "av", "med", "til", "for", "om", "hos", "mot",
                                        "ved", "i", "på", "under", "etter", "blant", NULL};
    size_t e = at;
    while (e > 0 && s[e - 1] == ' ')
        e--;
    size_t b = e;
    while (b > 0 && isalpha((unsigned char)s[b - 1]))
        b--;
    for (const char *const *p = preps; *p; p++)
        if (e - b == strlen(*p) && strncmp(s + b, *p, e - b) == 0)
            return true;
    return false;
}

/* Does a speaker in s take a stance?  The first speaker that does wins. */
static bool stance_in(const kposrules *rs, const char *s, size_t len, stance_match *out)
{
    for (size_t k = 0; k < rs->n; k++) {
        const rule *sp = &rs->items[k];
        span m;
        for (size_t from = 0; sp->kind == R_SPEAKER && find(sp, s, len, from, &m); from = m.end) {
            if (!after_preposition(s, m.start) && stance_of(rs, s, len, &m, out)) {
                bool as_written = strcmp(sp->name, "-") == 0;
                int n = as_written ? (int)(m.end - m.start) : (int)strlen(sp->name);
                snprintf(out->speaker, sizeof out->speaker, "%.*s", n,
                         as_written ? s + m.start : sp->name);
                return true;
            }
            if (m.end == from)
                break;
        }
    }
    return false;
}

/* The text of the first match of a kind, malloc'd, or NULL. */
static char *first_of(const kposrules *rs, rule_kind kind, const char *s)
{
    for (size_t k = 0; s && k < rs->n; k++) {
        span m;
        if (rs->items[k].kind == kind && find(&rs->items[k], s, strlen(s), 0, &m))
            return strndup(s + m.start, m.end - m.start);
    }
    return NULL;
}

/* ---- statements ------------------------------------------------------------- */

/* A sentence or list item of a unit's text, its lines joined. */
typedef struct statement {
    char *text;
    size_t at;    /* where it starts in the unit's text */
    bool item;    /* a list item ("• …") */
    bool heading; /* a heading over its paragraph (stands_alone) */
} statement;

typedef struct statements {
    statement *v;
    size_t n, cap;
} statements;

static void statements_free(statements *st)
{
    for (size_t i = 0; i < st->n; i++)
        free(st->v[i].text);
    free(st->v);
}

static int push_statement(statements *st, const char *s, size_t len, size_t at, bool item)
{
    while (len && isspace((unsigned char)*s))
        s++, len--, at++;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0 || len > QUOTE_MAX)
        return 0;
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 32;
        statement *v = realloc(st->v, cap * sizeof *v);
        if (!v)
            return -1;
        st->v = v;
        st->cap = cap;
    }
    char *t = malloc(len + 1), *w = t;
    if (!t)
        return -1;
    for (size_t i = 0; i < len; i++) { /* a line break is a space */
        char c = s[i] == '\n' ? ' ' : s[i];
        if (!(c == ' ' && w > t && w[-1] == ' '))
            *w++ = c;
    }
    *w = '\0';
    st->v[st->n++] = (statement){t, at, item, false};
    return 0;
}

/* "bl.a.", "Meld. St.", "f.eks." end no sentence. */
static bool abbreviation_before(const char *s, size_t dot)
{
    static const char *const abbrev[] = {"bl.a", "f.eks", "St", "Meld", "Prop", "nr", "jf",
                                         "ca", "mv", "m.v", "osv", "dvs", "kl", "pkt", "ev",
                                         "evt", "iht", "dr", "prof", "mill", "mrd", "inkl",
                                         "hhv", "ifm", "etc", "vs", "pga", "ift", "m.m", NULL};
    size_t b = dot;
    while (b > 0 && !isspace((unsigned char)s[b - 1]) && s[b - 1] != '(')
        b--;
    for (const char *const *a = abbrev; *a; a++)
        if (dot - b == strlen(*a) && strncmp(s + b, *a, dot - b) == 0)
            return true;
    return dot - b == 1 && isupper((unsigned char)s[b]); /* "A. Haslegaard" */
}

/* Splits [a, b) of text into sentences: at . ! ? (or a colon before a list)
 * followed by white space and a capital, a digit or a quote. */
static int split_sentences(statements *st, const char *text, size_t a, size_t b)
{
    size_t start = a;
    for (size_t i = a; i < b; i++) {
        char c = text[i];
        if (c != '.' && c != '!' && c != '?')
            continue;
        size_t j = i + 1;
        if (j >= b || !isspace((unsigned char)text[j]))
            continue;
        while (j < b && isspace((unsigned char)text[j]))
            j++;
        unsigned char n = j < b ? (unsigned char)text[j] : 0;
        bool opens = isupper(n) || isdigit(n) || n == '"' || n == 0xC3 || n == 0xE2;
        if (!opens || (c == '.' && abbreviation_before(text, i)))
            continue;
        if (push_statement(st, text + start, i + 1 - start, start, false) < 0)
            return -1;
        start = j;
    }
    return push_statement(st, text + start, b - start, start, false);
}

static bool bullet_at(const char *s)
{
    static const char *const bullets[] = {"\xE2\x80\xA2", "-", "\xE2\x80\x93", "*",
                                          "\xC2\xB7", "\xE2\x96\xAA", "o ", NULL};
    while (*s == ' ' || *s == '\t')
        s++;
    for (const char *const *b = bullets; *b; b++)
        if (strncmp(s, *b, strlen(*b)) == 0 && (s[strlen(*b)] == ' ' || (*b)[1] == ' '))
            return true;
    size_t d = strspn(s, "0123456789");
    return d > 0 && d <= 2 && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ';
}

/* Skips a bullet's mark: "• Anmode …" → "Anmode …". */
static const char *after_bullet(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    while (*s && *s != ' ')
        s++;
    while (*s == ' ')
        s++;
    return s;
}

/* A paragraph's first line that ends in no punctuation before a line that
 * opens with a capital is a heading over it, in plain text ("Norge må
 * utdanne flere leger …" / "Legeforeningen mener …"): a statement alone. */
static bool stands_alone(const char *text, size_t start, size_t eol, size_t n)
{
    size_t end = eol;
    while (end > start && isspace((unsigned char)text[end - 1]))
        end--;
    if (end == start || strchr(".!?:;,-", text[end - 1]) || eol >= n)
        return false;
    static const char *const runs_on[] = {"og", "for", "i", "av", "til", "med", "om", "på",
                                          "at", "som", "en", "et", "ei", "eller", "de", "den",
                                          "det", "å", NULL};
    size_t w = end;
    while (w > start && !isspace((unsigned char)text[w - 1]))
        w--;
    for (const char *const *r = runs_on; *r; r++) /* "Foreningen jobber for" runs on */
        if (end - w == strlen(*r) && strncmp(text + w, *r, end - w) == 0)
            return false;
    unsigned char next = (unsigned char)text[eol + 1];
    return isupper(next) || next == 0xC3; /* Æ Ø Å */
}

/* Ends the paragraph or list item running up to `end`. */
static int flush(statements *st, const char *text, size_t *para, size_t *item, size_t end)
{
    int rc = 0;
    if (*item != SIZE_MAX)
        rc = push_statement(st, text + *item, end - *item, *item, true);
    else if (*para != SIZE_MAX)
        rc = split_sentences(st, text, *para, end);
    *item = *para = SIZE_MAX;
    return rc;
}

/* The unit's text from `from`, as sentences and list items: a blank line or
 * a bullet ends a paragraph; a list item, over however many lines, is one
 * statement. */
static int statements_of(statements *st, const char *text, size_t from)
{
    size_t n = strlen(text), para = SIZE_MAX, item = SIZE_MAX;
    int rc = 0;
    for (size_t i = from; rc == 0 && i < n;) {
        size_t eol = i;
        while (eol < n && text[eol] != '\n')
            eol++;
        bool blank = strspn(text + i, " \t") >= eol - i;
        bool bullet = !blank && bullet_at(text + i);
        if (blank || bullet)
            rc = flush(st, text, &para, &item, i);
        bool opens = !blank && !bullet && item == SIZE_MAX && para == SIZE_MAX;
        if (bullet)
            item = (size_t)(after_bullet(text + i) - text);
        else if (opens)
            para = i;
        i = eol + 1;
        if (rc == 0 && opens && stands_alone(text, para, eol, n)) {
            size_t before = st->n; /* a heading over its paragraph */
            rc = flush(st, text, &para, &item, eol);
            if (st->n > before)
                st->v[st->n - 1].heading = true;
        }
    }
    return rc ? rc : flush(st, text, &para, &item, n); /* the text may end in its last line */
}

/* Where the unit's own text starts: after its heading's lines. */
static size_t after_heading(const kunit *u)
{
    if (!u->heading)
        return 0;
    char want[1024];
    snprintf(want, sizeof want, "%s%s%s", u->number ? u->number : "", u->number ? " " : "",
             u->heading);
    size_t i = 0, w = 0, n = strlen(u->text), wl = strlen(want);
    while (i < n && w < wl) { /* the heading as the text sets it, over lines */
        char c = u->text[i] == '\n' ? ' ' : u->text[i];
        if (c == want[w])
            i++, w++;
        else if (c == ' ')
            i++;
        else if (want[w] == ' ')
            w++;
        else
            return 0;
    }
    return w == wl ? i : 0;
}

/* ---- positions -------------------------------------------------------------- */

typedef struct found {
    const kposrules *rules;
    const kdoc *doc;
    size_t section;   /* the index of the section in out: the list grows */
    kunits *out;
    char *doc_matter; /* what a consultation response answers */
    bool voice;       /* a response: its author speaks in every sentence */
    int count;
    size_t first_position; /* where this document's positions begin in out */
} found;

static int page_of(const kunit *u, size_t at)
{
    int page = u->page_first;
    for (size_t k = 0; k < u->npage_at; k++)
        if ((size_t)u->page_at[2 * k] <= at)
            page = u->page_at[2 * k + 1];
    return page;
}

static char *copy_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static char **copy_path(char *const *path, size_t n)
{
    char **copy = calloc(n ? n : 1, sizeof *copy);
    for (size_t i = 0; copy && i < n; i++)
        copy[i] = strdup(path[i]);
    return copy;
}

/* Said once already in this document (a demand heading is also the first
 * line of its text when a title block stands before it)? */
static bool said(const found *f, const char *quote)
{
    for (size_t i = f->first_position; i < f->out->n; i++)
        if (strcmp(f->out->items[i].text, quote) == 0)
            return true;
    return false;
}

/* The unit of one position, placed where its statement starts. */
static int add_position(found *f, const char *quote, size_t at, const char *stance,
                        const char *speaker, const char *lead)
{
    if (said(f, quote))
        return 0;
    kunit *u = kunits_add(f->out);
    if (!u)
        return -1;
    const kunit *s = &f->out->items[f->section]; /* after the add: the list may have moved */
    char key[96];
    snprintf(key, sizeof key, "%s:p%d", s->key, ++f->count);
    u->kind = KUNIT_KIND_POSITION;
    u->key = strdup(key);
    u->number = copy_or_null(s->number);
    u->heading = copy_or_null(s->heading);
    u->path = copy_path(s->path, s->npath);
    u->npath = s->npath;
    u->text = strdup(quote);
    int page = page_of(s, at);
    if (page >= 0 && (size_t)page < f->doc->npages) {
        u->page_first = u->page_last = page;
        u->page_first_label = strdup(f->doc->pages[page].label);
        u->page_last_label = strdup(f->doc->pages[page].label);
        u->pages_printed = f->doc->pages[page].printed;
    }
    kposition *p = &u->position;
    p->stance = strdup(stance);
    p->speaker = strdup(speaker);
    p->addressee = first_of(f->rules, R_ADDRESSEE, lead ? lead : quote);
    p->matter = first_of(f->rules, R_MATTER, quote);
    if (!p->matter)
        p->matter = first_of(f->rules, R_MATTER, s->heading);
    if (!p->matter && f->doc_matter)
        p->matter = strdup(f->doc_matter);
    p->of = strdup(s->key);
    return u->key && u->text && p->stance && p->speaker && p->of ? 0 : -1;
}

/* A lead-in ending in a colon ("Legeforeningen ber Stortinget:") takes the
 * list items that follow: each is a position with the lead-in before it. */
static int lead_and_items(found *f, const statements *st, size_t i, const stance_match *m,
                          size_t *used)
{
    const statement *lead = &st->v[i];
    size_t k = i + 1;
    int rc = 0;
    while (rc == 0 && k < st->n && st->v[k].item) {
        char *quote = malloc(strlen(lead->text) + strlen(st->v[k].text) + 2);
        if (!quote)
            return -1;
        sprintf(quote, "%s %s", lead->text, st->v[k].text);
        rc = add_position(f, quote, st->v[k].at, m->stance->name, m->speaker, lead->text);
        free(quote);
        k++;
    }
    *used = k - i;
    return rc;
}

static bool ends_in_colon(const char *s)
{
    size_t n = strlen(s);
    return n && s[n - 1] == ':';
}

/* A heading that demands: not a question ("Hva skal helsetjenesten …?"). */
static const rule *demand_in(const kposrules *rs, const char *heading)
{
    if (heading && strchr(heading, '?'))
        return NULL;
    for (size_t k = 0; heading && k < rs->n; k++) {
        span m;
        if (rs->items[k].kind == R_DEMAND && find(&rs->items[k], heading, strlen(heading), 0, &m))
            return &rs->items[k];
    }
    return NULL;
}

/* A response's sentence that takes a stance without naming who ("Regjeringen
 * må vise vilje til …", "Det er viktig at …"): the author's.  Not when a
 * stance verb has another subject ("Utvalget foreslår …"), nor a question. */
static const rule *voice_in(const kposrules *rs, const char *s)
{
    size_t len = strlen(s), best = SIZE_MAX;
    const rule *voice = NULL;
    if (strchr(s, '?'))
        return NULL;
    for (size_t k = 0; k < rs->n; k++) {
        span m;
        if (rs->items[k].kind == R_STANCE && find(&rs->items[k], s, len, 0, &m))
            return NULL;
        if (rs->items[k].kind == R_VOICE && find(&rs->items[k], s, len, 0, &m) && m.start < best) {
            best = m.start;
            voice = &rs->items[k];
        }
    }
    return voice;
}

static int statements_positions(found *f, const statements *st)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < st->n;) {
        const statement *s = &st->v[i];
        stance_match m = {NULL, ""};
        size_t used = 1;
        const rule *demand = s->heading ? demand_in(f->rules, s->text) : NULL, *voice;
        if (demand)
            rc = add_position(f, s->text, s->at, demand->name, "Legeforeningen", NULL);
        else if (stance_in(f->rules, s->text, strlen(s->text), &m)) {
            if (ends_in_colon(s->text) && i + 1 < st->n && st->v[i + 1].item)
                rc = lead_and_items(f, st, i, &m, &used);
            else
                rc = add_position(f, s->text, s->at, m.stance->name, m.speaker, NULL);
        } else if (f->voice && !s->heading && (voice = voice_in(f->rules, s->text)))
            rc = add_position(f, s->text, s->at, voice->name, "Legeforeningen", NULL);
        i += used;
    }
    return rc;
}

/* A heading that is itself a demand heads the section's positions. */
static int heading_demand(found *f)
{
    const char *heading = f->out->items[f->section].heading;
    const rule *demand = demand_in(f->rules, heading);
    return demand ? add_position(f, heading, 0, demand->name, "Legeforeningen", NULL) : 0;
}

static int section_positions(found *f, size_t index)
{
    f->section = index;
    f->count = 0;
    int rc = f->out->items[index].part > 1 ? 0 : heading_demand(f);
    statements st = {NULL, 0, 0};
    if (rc == 0) {
        const kunit *s = &f->out->items[index];
        rc = statements_of(&st, s->text, after_heading(s));
        for (const char *c = s->captions; rc == 0 && c && *c;) { /* a caption quotes too */
            size_t len = strcspn(c, "\n");
            rc = split_sentences(&st, c, 0, len);
            c += len + (c[len] == '\n');
        }
    }
    if (rc == 0)
        rc = statements_positions(f, &st);
    statements_free(&st);
    return rc;
}

/* The hearing a response's title names, its first group ("Høringssvar –
 * Forslag til endringer i spesialistforskriften": the rest after the dash). */
static char *hearing_in(const kposrules *rs, const char *title)
{
    for (size_t k = 0; title && k < rs->n; k++) {
        if (rs->items[k].kind != R_HEARING)
            continue;
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(rs->items[k].code, NULL);
        char *m = NULL;
        if (md && pcre2_match(rs->items[k].code, (PCRE2_SPTR)title, strlen(title), 0, 0, md,
                              NULL) > 1) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            if (ov[2] != PCRE2_UNSET && ov[3] > ov[2])
                m = strndup(title + ov[2], ov[3] - ov[2]);
        }
        pcre2_match_data_free(md);
        if (m)
            return m;
    }
    return NULL;
}

/* What the whole of a consultation response answers: a white paper, bill
 * or green paper named in its title or on its first page ("Meld. St. 19
 * (2023–2024)"), else the hearing its title names. */
static char *document_matter(const kposrules *r, const kdoc *doc)
{
    if (!doc->type || strcmp(doc->type, "horingsinnspill") != 0)
        return NULL;
    char *m = first_of(r, R_MATTER, doc->title);
    if (!m && doc->npages)
        m = first_of(r, R_MATTER, doc->pages[0].text);
    return m ? m : hearing_in(r, doc->title);
}

int positions_find(const kposrules *r, const kdoc *doc, kunits *units)
{
    if (!r)
        return 0;
    bool response = doc->type && strcmp(doc->type, "horingsinnspill") == 0;
    found f = {r, doc, 0, units, document_matter(r, doc), response, 0, units->n};
    size_t sections = units->n;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sections; i++)
        if (strcmp(units->items[i].kind, KUNIT_KIND_SECTION) == 0 && units->items[i].text)
            rc = section_positions(&f, i);
    free(f.doc_matter);
    return rc;
}
