/*
 * The indexer's built-in regular expressions: PCRE2 over UTF-8, with
 * Unicode character classes (\p{Lu}, \b around æøå).  Staff-edited
 * patterns (patterns.c) compile their own, to report a mistake's line.
 */
#ifndef KILDE_REGEX_H
#define KILDE_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* NULL only when the pattern is wrong, which a test of its caller shows. */
pcre2_code *regex_compile(const char *pattern);

#endif
