/*
 * Unicode helpers shared by the extractors and later stages, over utf8proc.
 * Every function that returns char * returns a malloc'd, NUL-terminated
 * UTF-8 string the caller frees, or NULL when memory runs out (or, where
 * stated, when the input is not valid UTF-8).  All are thread-safe: no
 * state is kept between calls.
 */
#ifndef KILDE_UTF8_H
#define KILDE_UTF8_H

#include <stddef.h>

/* Makes valid UTF-8 of `len` bytes that should be UTF-8 but may not be.
 * Valid sequences pass through byte for byte (U+FFFD already in the input
 * included).  Each byte that does not start a valid sequence is read as
 * windows-1252, the usual reason for such bytes in Norwegian text ("st\xF8tter"
 * gives "støtter"); 0x81, 0x8D, 0x8F, 0x90 and 0x9D, undefined there, become
 * U+FFFD.  A NUL byte becomes U+FFFD as well, so the result is one C string.
 * *n_invalid (may be NULL) receives the number of bytes so replaced.
 * Linear in `len`. */
char *utf8_decode_bytes(const unsigned char *data, size_t len, size_t *n_invalid);

/* Reads all `len` bytes as windows-1252 (the WHATWG reading of ISO-8859-1
 * too).  NUL bytes become U+FFFD. */
char *utf8_from_cp1252(const unsigned char *data, size_t len);

/* Reads `len` bytes of UTF-16 (little-endian unless big_endian; no BOM).
 * Unpaired surrogates, NUL and a trailing odd byte become U+FFFD, counted
 * in *n_invalid (may be NULL). */
char *utf8_from_utf16(const unsigned char *data, size_t len, int big_endian, size_t *n_invalid);

/* Canonical composition (NFC): "a" + U+030A becomes "å".  NULL when `s` is
 * not valid UTF-8.  Works in bounded pieces, so memory stays near the size
 * of `s` even for very long lines. */
char *utf8_nfc(const char *s);

/* Simple lower-casing, code point by code point (as Xapian's
 * Unicode::tolower), for comparing names: "ÆRE" gives "ære"; no full case
 * folding ("ß" stays).  NULL when `s` is not valid UTF-8. */
char *utf8_casefold(const char *s);

/* Removes in place every byte of `s` that is not part of a whole, valid
 * UTF-8 sequence — what a cut by bytes ("%.40s", a full buffer) leaves of
 * a character — and returns the new length.  Valid text is unchanged. */
size_t utf8_drop_broken(char *s);

/* The number of code points in valid UTF-8 `s`. */
size_t utf8_strlen(const char *s);

#endif
