/*
 * Plain text and Markdown.  Bytes become UTF-8 (invalid ones read as
 * windows-1252, with a warning), line ends become '\n', and the result is
 * one page.  Markdown (markdown.c) loses its markup but keeps every word,
 * and its headings become sections.  Everything here is one pass over the
 * text, so a 50 MB file with a single line costs time and memory in
 * proportion.
 */
#include "document.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "utf8.h"

/* ---- bytes to text ---------------------------------------------------------- */

/* CRLF and a lone CR (old Mac files) become LF, in place; returns the length. */
static size_t unify_newlines(char *s, size_t len)
{
    size_t w = 0;
    for (size_t r = 0; r < len; r++) {
        if (s[r] == '\r') {
            s[w++] = '\n';
            if (r + 1 < len && s[r + 1] == '\n')
                r++;
        } else {
            s[w++] = s[r];
        }
    }
    s[w] = '\0';
    return w;
}

/* The file's bytes as NFC UTF-8 with '\n' line ends; warns about bytes that
 * had to be guessed.  Returns a negative KERR_* on failure. */
static int decode_text(kdoc *doc, const unsigned char *data, size_t len, char **out, kerr *err)
{
    size_t bad = 0;
    char *text;
    bool le = len >= 2 && data[0] == 0xFF && data[1] == 0xFE;
    bool be = len >= 2 && data[0] == 0xFE && data[1] == 0xFF;
    if (le || be) {
        /* UTF-16 with a byte-order mark: what Windows calls "Unicode" text */
        text = utf8_from_utf16(data + 2, len - 2, be, &bad);
        if (text && bad)
            kdoc_warn(doc, "%zu invalid UTF-16 units replaced by U+FFFD", bad);
    } else {
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
            data += 3;
            len -= 3;
        }
        text = utf8_decode_bytes(data, len, &bad);
        /* Past a quarter of the bytes this is no longer text with a few
         * stray Latin-1 letters but something else (binary, UTF-16 without
         * a mark): say so rather than index mojibake. */
        if (text && bad > 16 && bad > len / 4) {
            free(text);
            return kerr_set(err, KERR_FORMAT, "not text: %zu of %zu bytes are not UTF-8", bad, len);
        }
        if (text && bad)
            kdoc_warn(doc, "%zu invalid UTF-8 bytes decoded as windows-1252", bad);
    }
    if (!text)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    unify_newlines(text, strlen(text));
    char *nfc = utf8_nfc(text);
    free(text);
    if (!nfc)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    *out = nfc;
    return 0;
}

/* ---- the extractor --------------------------------------------------------------- */

int extract_text(kdoc *doc, const unsigned char *data, size_t len, kerr *err)
{
    char *text = NULL;
    int rc = decode_text(doc, data, len, &text, err);
    if (rc < 0)
        return rc;
    doc->paged = false;
    if (doc->format && strcmp(doc->format, "markdown") == 0) {
        rc = markdown_read(doc, text, err);
    } else if (text[strspn(text, " \t\n\f\v")] == '\0') {
        rc = kerr_set(err, KERR_FORMAT, "no text found");
    } else if (kdoc_add_page(doc, "1", text, strlen(text)) < 0) {
        rc = kerr_set(err, KERR_NOMEM, "out of memory");
    }
    free(text);
    return rc;
}
