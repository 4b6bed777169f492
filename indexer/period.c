#include "period.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"

/* How far into the text a report's name or a session may stand. */
#define OPENING 3000

static pcre2_code *re_report, *re_session;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
    /* "Årsmelding 2024", "Årsberetning for 2023", "Årsrapport 2023–2024" */
    re_report = regex_compile("(?i)\\bårs(?:melding|rapport|beretning)\\s+(?:for\\s+)?"
                              "((?:19|20)\\d\\d)(?:\\s*[–/-]\\s*((?:19|20)\\d\\d))?\\b");
    re_session = regex_compile("\\b(?:Meld\\.\\s*St\\.|Prop\\.)\\s*\\d+\\s*(?:[LS]\\s*)?"
                               "\\(((?:19|20)\\d\\d)\\s*[–-]\\s*((?:19|20)\\d\\d)\\)");
}

/* Groups 1 and 2 (2 optional) of re's first match in s[0, len). */
static int match_years(pcre2_code *re, const char *s, size_t len, int *a, int *b)
{
    pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
    int found = md && s && pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL) > 0;
    if (found) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        *a = atoi(s + ov[2]);
        *b = pcre2_get_ovector_count(md) > 2 && ov[4] != PCRE2_UNSET ? atoi(s + ov[4]) : *a;
    }
    pcre2_match_data_free(md);
    return found;
}

/* 1: the title names it; 2: the opening of the text does, read only in a
 * document of `type` (an article or a letter may mention another year's
 * report or a white paper in its first lines without speaking for it). */
static int in_title_or_opening(pcre2_code *re, const kdoc *doc, const char *text,
                               const char *type, int *a, int *b)
{
    if (doc->title && match_years(re, doc->title, strlen(doc->title), a, b))
        return 1;
    if (!text || !doc->type || strcmp(doc->type, type) != 0)
        return 0;
    size_t len = strlen(text);
    return match_years(re, text, len < OPENING ? len : OPENING, a, b) ? 2 : 0;
}

static int date_year(const kdoc *doc)
{
    return doc->date ? atoi(doc->date) : 0;
}

void period_fill(kdoc *doc, const char *text)
{
    pthread_once(&once, compile_all);
    int a = 0, b = 0, where = 0;
    /* an article speaks for the year it was published, whatever it names */
    bool article = doc->type && strcmp(doc->type, "artikkel") == 0;
    if (!article && (where = in_title_or_opening(re_report, doc, text, "arsmelding", &a, &b)) &&
        a <= b) {
        doc->period_from = a;
        doc->period_to = doc->year = b;
        doc->year_source = where == 1 ? "title" : "text";
    } else if (!article &&
               in_title_or_opening(re_session, doc, text, "horingsinnspill", &a, &b) && a <= b) {
        /* a response falls in the session it answers: its own year when that
         * lies in the session, else the session's last */
        int y = date_year(doc);
        doc->period_from = a;
        doc->period_to = b;
        doc->year = y >= a && y <= b ? y : b;
        doc->year_source = "session";
    } else if (doc->date) {
        doc->year = date_year(doc);
        doc->year_source = "date";
    }
}
