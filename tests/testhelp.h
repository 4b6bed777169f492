/*
 * A minimal test harness (after Redis's src/testhelp.h): each test binary
 * checks claims with CHECK*, and TEST_REPORT() prints "N passed, N failed"
 * and returns the exit status.  tests/run.sh adds the binaries' lines up.
 */
#ifndef KILDE_TESTHELP_H
#define KILDE_TESTHELP_H

#include <stdio.h>
#include <string.h>

static int th_passed, th_failed;
static const char *th_current = "";

#define TEST(name) static void name(void)
#define RUN(name) do { th_current = #name; name(); } while (0)

#define CHECK(cond) do { \
    if (cond) th_passed++; \
    else { th_failed++; fprintf(stderr, "FAIL %s (%s:%d): %s\n", th_current, __FILE__, __LINE__, #cond); } \
} while (0)

/* Prints expected beside actual, as Omega's omindexcheck does. */
#define CHECK_STR(actual, expected) do { \
    const char *th_a = (actual), *th_e = (expected); \
    if (th_a && th_e && strcmp(th_a, th_e) == 0) th_passed++; \
    else { th_failed++; fprintf(stderr, "FAIL %s (%s:%d): %s\n  expected: %s\n  actual:   %s\n", \
        th_current, __FILE__, __LINE__, #actual, th_e ? th_e : "(null)", th_a ? th_a : "(null)"); } \
} while (0)

#define CHECK_INT(actual, expected) do { \
    long long th_a = (long long)(actual), th_e = (long long)(expected); \
    if (th_a == th_e) th_passed++; \
    else { th_failed++; fprintf(stderr, "FAIL %s (%s:%d): %s\n  expected: %lld\n  actual:   %lld\n", \
        th_current, __FILE__, __LINE__, #actual, th_e, th_a); } \
} while (0)

#define CHECK_CONTAINS(hay, needle) do { \
    const char *th_h = (hay), *th_n = (needle); \
    if (th_h && th_n && strstr(th_h, th_n)) th_passed++; \
    else { th_failed++; fprintf(stderr, "FAIL %s (%s:%d): %s should contain \"%s\"\n  actual: %.300s\n", \
        th_current, __FILE__, __LINE__, #hay, th_n ? th_n : "(null)", th_h ? th_h : "(null)"); } \
} while (0)

#define TEST_REPORT() (printf("%d passed, %d failed\n", th_passed, th_failed), th_failed ? 1 : 0)

#endif
