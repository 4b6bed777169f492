/*
 * Memory running out while answering a request (docs/PROTOCOL.md, `busy`).
 *
 * Many of searchd's allocations degrade quietly when they fail — a facet
 * left out, a snippet missing, a spelling suggestion not made, jansson's
 * json_object_set_new dropping a NULL value — and each of those would be
 * a wrong answer that looks right.  So every failure on a worker's thread
 * is noted here, whoever handled it, and sd_handle answers `busy` for the
 * request during which one happened instead of its reply.
 *
 * Our own objects' malloc, calloc, realloc, strdup and strndup reach the
 * wrappers below through the linker (-Wl,--wrap=…, Makefile: SD_WRAP);
 * jansson's allocations through json_set_alloc_funcs; Xapian's bad_alloc
 * through kx_nomem_take.  The wrappers also let a test make the Nth
 * allocation fail (sd_nomem_fail_after), to walk every failure path.
 */
#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "kx.h"
#include "sderror.h"

/* Weak: a program linked without --wrap never calls the wrappers, and
 * these then stay unresolved instead of failing the link. */
extern void *__real_malloc(size_t size) __attribute__((weak));
extern void *__real_calloc(size_t n, size_t size) __attribute__((weak));
extern void *__real_realloc(void *p, size_t size) __attribute__((weak));
extern char *__real_strdup(const char *s) __attribute__((weak));
extern char *__real_strndup(const char *s, size_t n) __attribute__((weak));

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static _Thread_local bool nomem;
/* Tests only: allocations (by any thread) left before one fails; -1 never. */
static atomic_long fail_after = -1;

void sd_nomem_note(void)
{
    nomem = true;
}

bool sd_nomem_take(void)
{
    bool seen = nomem;
    nomem = false;
    return kx_nomem_take() || seen;
}

void sd_nomem_fail_after(long n)
{
    atomic_store(&fail_after, n);
}

/* Whether a test asked for this allocation to fail. */
static bool injected(void)
{
    long left = atomic_load(&fail_after);
    while (left >= 0 && !atomic_compare_exchange_weak(&fail_after, &left, left - 1))
        ;
    return left == 0;
}

static void *noted(void *p)
{
    if (!p)
        nomem = true;
    return p;
}

void *__wrap_malloc(size_t size)
{
    return noted(injected() ? NULL : __real_malloc(size));
}

void *__wrap_calloc(size_t n, size_t size)
{
    return noted(injected() ? NULL : __real_calloc(n, size));
}

void *__wrap_realloc(void *p, size_t size)
{
    if (size == 0) /* a free, not an allocation */
        return __real_realloc(p, size);
    return noted(injected() ? NULL : __real_realloc(p, size));
}

char *__wrap_strdup(const char *s)
{
    return noted(injected() ? NULL : __real_strdup(s));
}

char *__wrap_strndup(const char *s, size_t n)
{
    return noted(injected() ? NULL : __real_strndup(s, n));
}

static void *json_malloc(size_t size)
{
    return __wrap_malloc(size);
}

void sd_nomem_init(void)
{
    /* free is not wrapped: jansson's own free is libc's */
    if (__real_malloc)
        json_set_alloc_funcs(json_malloc, free);
}
