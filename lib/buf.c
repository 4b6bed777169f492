#include "buf.h"

#include <stdlib.h>
#include <string.h>

#include "kerr.h"

void kbuf_init(kbuf *b, size_t cap)
{
    b->data = NULL;
    b->len = b->size = 0;
    b->cap = cap;
    b->status = 0;
}

/* Makes room for n more bytes and the NUL; the cap is already checked. */
static int reserve(kbuf *b, size_t n)
{
    if (n >= SIZE_MAX - b->len) {
        b->status = KERR_NOMEM;
        return -1;
    }
    size_t need = b->len + n + 1;
    if (need <= b->size)
        return 0;
    /* Doubling keeps a long run of small appends linear; a capped buffer
     * never takes more than its cap (and the NUL). */
    size_t size = need <= SIZE_MAX / 2 ? need * 2 : need;
    if (b->cap < SIZE_MAX && size > b->cap + 1)
        size = b->cap + 1 > need ? b->cap + 1 : need;
    char *p = realloc(b->data, size);
    if (!p) {
        b->status = KERR_NOMEM;
        return -1;
    }
    b->data = p;
    b->size = size;
    return 0;
}

int kbuf_append(kbuf *b, const char *s, size_t n)
{
    if (b->status)
        return -1;
    if (n > b->cap - b->len) {
        b->status = KERR_TOOLARGE;
        return -1;
    }
    if (reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int kbuf_putc(kbuf *b, char c)
{
    return kbuf_append(b, &c, 1);
}

size_t kbuf_append_cut(kbuf *b, const char *s, size_t n)
{
    if (b->status)
        return 0;
    if (n > b->cap - b->len) {
        n = b->cap - b->len;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* s[n] would start the part left out: do not split a character */
    }
    return kbuf_append(b, s, n) == 0 ? n : 0;
}

void kbuf_setlen(kbuf *b, size_t len)
{
    if (len >= b->len)
        return;
    b->len = len;
    b->data[len] = '\0';
}

char *kbuf_take(kbuf *b)
{
    if (b->status) {
        int status = b->status;
        kbuf_free(b);
        b->status = status;
        return NULL;
    }
    if (!b->data && kbuf_append(b, "", 0) < 0)
        return NULL;
    char *text = b->data;
    b->data = NULL;
    b->len = b->size = 0;
    return text;
}

void kbuf_free(kbuf *b)
{
    if (!b)
        return;
    free(b->data);
    kbuf_init(b, b->cap);
}
