#include "citation.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void put(kbuf *b, const char *s)
{
    if (s)
        kbuf_append(b, s, strlen(s));
}

/* "s. 45–46", "s. 1"; nothing where no number is printed. */
static void put_pages(kbuf *b, const kunit *u)
{
    if (!u->page_first_label || !u->pages_printed)
        return;
    put(b, ", s. ");
    put(b, u->page_first_label);
    if (u->page_last_label && strcmp(u->page_last_label, u->page_first_label) != 0) {
        put(b, "\xE2\x80\x93"); /* – */
        put(b, u->page_last_label);
    }
}

/* "4.2 Legeforeningens arbeid med høringer" */
static void put_section(kbuf *b, const kunit *u)
{
    if (!u->heading)
        return;
    put(b, ", ");
    if (u->number) {
        put(b, u->number);
        put(b, " ");
    }
    put(b, u->heading);
}

/* "26.02.2024" from "2024-02-26": the date the letter prints ("Vår dato"),
 * else the one its metadata gives.  A response printing no date is cited by
 * its PDF's creation date, as staff cite it: for a letter saved from Word
 * and sent, that is the day it was sent (date_source keeps saying so). */
static void put_date(kbuf *b, const kdoc *doc)
{
    char d[16];
    if (!doc->date || strlen(doc->date) < 10)
        return;
    snprintf(d, sizeof d, ", %.2s.%.2s.%.4s", doc->date + 8, doc->date + 5, doc->date);
    put(b, d);
}

/* "Anne-Karin Rime" → "Rime AK": the surname, then the initials of the
 * given names (each part of a hyphenated one). */
static void put_author(kbuf *b, const char *name)
{
    const char *last = strrchr(name, ' ');
    if (!last) {
        put(b, name);
        return;
    }
    kbuf_append(b, last + 1, strlen(last + 1));
    kbuf_putc(b, ' ');
    bool start = true;
    for (const char *p = name; p < last; p++) {
        if (*p == ' ' || *p == '-') {
            start = true;
            continue;
        }
        if (start) { /* the whole first character, UTF-8 included */
            size_t n = ((unsigned char)*p & 0xE0) == 0xC0 ? 2 : 1;
            kbuf_append(b, p, n);
        }
        start = false;
    }
}

static void article(kbuf *b, const kdoc *doc)
{
    size_t shown = doc->nauthors > 3 ? 3 : doc->nauthors;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            put(b, ", ");
        put_author(b, doc->authors[i].name ? doc->authors[i].name : "");
    }
    if (doc->nauthors > 3)
        put(b, " et al");
    if (doc->nauthors)
        put(b, ". ");
    put(b, doc->title);
    put(b, ". Tidsskr Nor Legeforen");
    if (doc->date) {
        char y[8];
        snprintf(y, sizeof y, " %.4s", doc->date);
        put(b, y);
    }
    if (doc->doi) {
        put(b, "; doi:");
        put(b, doc->doi);
    }
}

static void annual_report(kbuf *b, const kdoc *doc, const kunit *u)
{
    if (doc->nauthors && doc->authors[0].name) {
        put(b, doc->authors[0].name);
        put(b, ": ");
    }
    put(b, doc->title);
    put_section(b, u);
    put_pages(b, u);
}

char *citation_of(const kdoc *doc, const kunit *u)
{
    kbuf b;
    kbuf_init(&b, KBUF_NO_CAP);
    const char *type = doc->type ? doc->type : "annet";
    if (strcmp(type, "artikkel") == 0)
        article(&b, doc);
    else if (strcmp(type, "arsmelding") == 0)
        annual_report(&b, doc, u);
    else if (strcmp(type, "horingsinnspill") == 0) {
        put(&b, doc->title);
        put_date(&b, doc);
        put_pages(&b, u);
    } else {
        put(&b, doc->title);
        put_section(&b, u);
        put_date(&b, doc);
        put_pages(&b, u);
    }
    return kbuf_take(&b);
}
