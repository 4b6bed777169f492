/*
 * A growable byte string with a cap (after curl's lib/curlx/dynbuf.h):
 * every buffer states at init how large it may grow, and an append that
 * would pass the cap fails instead of growing without end, so the caller
 * can report "too large" where the input is to blame.
 *
 *   kbuf b;
 *   kbuf_init(&b, 64 * 1024);
 *   kbuf_append(&b, s, n);          ... any number of appends, unchecked
 *   if (b.status)                   ... KERR_TOOLARGE or KERR_NOMEM, once
 *       return kerr_set(err, b.status, "…");
 *   char *text = kbuf_take(&b);     ... the caller owns text
 *
 * The first failure sticks in `status` and later appends do nothing, so a
 * long run of appends is checked once at the end.  `data` is NULL until
 * the first append, then always NUL-terminated at `len`; callers may read
 * data and len, and may write bytes below len, but change len only through
 * kbuf_setlen.  A kbuf belongs to one thread at a time.
 */
#ifndef KILDE_BUF_H
#define KILDE_BUF_H

#include <stddef.h>
#include <stdint.h>

/* The cap for a buffer whose input already bounds it (an extractor's text,
 * which never outgrows the bytes it came from by much): say so where it is
 * used. */
#define KBUF_NO_CAP SIZE_MAX

typedef struct kbuf {
    char *data;   /* malloc'd, NUL-terminated at len; NULL before the first append */
    size_t len;   /* bytes held, not counting the NUL */
    size_t size;  /* bytes allocated */
    size_t cap;   /* the most len may become */
    int status;   /* 0, or the first failure: KERR_TOOLARGE or KERR_NOMEM */
} kbuf;

/* An empty buffer that may hold up to cap bytes.  Allocates nothing. */
void kbuf_init(kbuf *b, size_t cap);

/* Appends n bytes of s (which may hold NUL).  All or nothing: when len + n
 * would pass the cap, status becomes KERR_TOOLARGE and nothing is added;
 * when memory runs out, KERR_NOMEM.  Returns 0, or -1 when status is set
 * (by this call or an earlier one).  Appending 0 bytes makes data non-NULL. */
int kbuf_append(kbuf *b, const char *s, size_t n);

/* kbuf_append of one byte. */
int kbuf_putc(kbuf *b, char c);

/* Appends as much of the UTF-8 text s as fits under the cap, cut before a
 * character, never inside one; reaching the cap is not a failure (status
 * stays 0), so this suits "at most cap bytes of the text".  Returns the
 * bytes appended (0 once status is set). */
size_t kbuf_append_cut(kbuf *b, const char *s, size_t n);

/* Shortens the text to len bytes (no-op when len >= b->len). */
void kbuf_setlen(kbuf *b, size_t len);

/* Hands the text to the caller: a malloc'd, NUL-terminated string ("" when
 * nothing was appended) that the caller frees.  The buffer is left empty,
 * with its cap, ready for reuse.  Returns NULL when status is set (the
 * text is freed and status kept, so the caller can still tell why) or
 * memory runs out. */
char *kbuf_take(kbuf *b);

/* Frees the text and empties the buffer (cap kept, status cleared).
 * Accepts NULL. */
void kbuf_free(kbuf *b);

#endif
