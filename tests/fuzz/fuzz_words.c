/*
 * Fuzz target: the word-level readers of lib/ that indexer and searchd
 * share — dates (dates.c), grouped numbers and per cents (numbers.c) at
 * every place of the input, and compound splitting (compound.c) of each
 * of its words, lower-cased as the callers give them.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compound.h"
#include "fuzz_input.h"
#include "dates.h"
#include "lexicon.h"
#include "numbers.h"

/* The word lists, loaded before the first input: seconds under the
 * sanitizers on a busy machine, which libFuzzer would count as its time. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    klexicon_norwegian();
    kcompound_never_split();
    return 0;
}

static void at_each_place(const char *text)
{
    char out[128];
    for (const char *s = text; *s; s++) {
        /* both read a number or date only where none stands just before */
        if (s > text && (isdigit((unsigned char)s[-1]) || s[-1] == '.' || s[-1] == ','))
            continue;
        kdate d;
        if (kdate_figures(s, &d))
            kdate_in_words(&d, out, sizeof out);
        knumber_grouped(s, out, sizeof out);
    }
    for (const char *pct = strchr(text, '%'); pct; pct = strchr(pct + 1, '%'))
        knumber_percent_after(text, pct);
    knumber_grouped_whole(text, out, sizeof out);
    kdate_year_edge(text, out, sizeof out);
}

static void each_word_split(char *text)
{
    const klexicon *lexicon = klexicon_norwegian(), *never = kcompound_never_split();
    for (char *w = text; *w;) {
        size_t n = strcspn(w, " \t\n.,;:!?()\"");
        if (n) {
            kcompound parts;
            kcompound_split(lexicon, never, w, n, &parts);
        }
        w += n + (w[n] != '\0');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    at_each_place(text);
    for (char *p = text; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    each_word_split(text);
    free(text);
    return 0;
}
