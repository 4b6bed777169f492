/*
 * Line marks: what an earlier stage knew about a line of a page's text that
 * the text alone no longer shows, kept as one control byte at the line's
 * start so that every later stage can pass the line on untouched.
 * Extracted text never holds these bytes (extractors emit no control
 * characters), and no unit's text or field shows them.
 *
 *   KMARK_HEADING  the layout set the line as a heading (larger or bold
 *                  type, or named by the PDF's outline); one byte follows,
 *                  '1'..'9', the rank of its style (1 = the most prominent)
 *   KMARK_FOOTNOTE a footnote at the foot of its page, out of the running text
 *   KMARK_CAPTION  a photo caption, one line (clean.c joins it)
 */
#ifndef KILDE_MARKS_H
#define KILDE_MARKS_H

#include <stdbool.h>
#include <stddef.h>

#define KMARK_HEADING '\x1d'
#define KMARK_CAPTION '\x1e'
#define KMARK_FOOTNOTE '\x1f'

static inline bool kmark_is_heading(const char *s, size_t len)
{
    return len >= 2 && s[0] == KMARK_HEADING;
}

static inline bool kmark_is_footnote(const char *s, size_t len)
{
    return len >= 1 && s[0] == KMARK_FOOTNOTE;
}

/* How many bytes of the line's start are its mark (0 when unmarked). */
static inline size_t kmark_len(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (s[0] == KMARK_HEADING)
        return len >= 2 ? 2 : 1;
    return s[0] == KMARK_CAPTION || s[0] == KMARK_FOOTNOTE;
}

/* The heading style's rank, 1..9, or 0 for a line that is no heading. */
static inline int kmark_heading_rank(const char *s, size_t len)
{
    return kmark_is_heading(s, len) && s[1] >= '1' && s[1] <= '9' ? s[1] - '0' : 0;
}

#endif
