#include "stopwords.h"

#include <stdlib.h>
#include <string.h>

/* Snowball's Norwegian stop list (bokmål and nynorsk), plus the modal
 * verbs a question starts with ("bør LIS1-ordningen evalueres?"), which
 * the answer seldom repeats.  Sorted: looked up by bsearch. */
static const char *const stopwords[] = {
    "alle", "at", "av", "bare", "begge", "ble", "blei", "bli", "blir", "blitt", "burde", "både",
    "bør",
    "da", "de", "deg", "dei", "deim", "deira", "deires", "dem", "den", "denne", "der",
    "dere", "deres", "det", "dette", "di", "din", "disse", "ditt", "du", "dykk", "dykkar",
    "då", "eg", "ein", "eit", "eitt", "eller", "elles", "en", "enn", "er", "et", "ett",
    "etter", "for", "fordi", "fra", "før", "ha", "hadde", "han", "hans", "har", "hennar",
    "henne", "hennes", "her", "hjå", "ho", "hoe", "honom", "hoss", "hossen", "hun", "hva",
    "hvem", "hver", "hvilke", "hvilken", "hvis", "hvor", "hvordan", "hvorfor", "i",
    "ikke", "ikkje", "ingen", "ingi", "inkje", "inn", "inni", "ja", "jeg", "kan", "kom",
    "korleis", "korso", "kun", "kunne", "kva", "kvar", "kvarhelst", "kven", "kvi",
    "kvifor", "man", "mange", "me", "med", "medan", "meg", "meget", "mellom", "men", "mi",
    "min", "mine", "mitt", "mot", "mykje", "må", "måtte", "ned", "no", "noe", "noen", "noka",
    "noko",
    "nokon", "nokor", "nokre", "nå", "når", "og", "også", "om", "opp", "oss", "over",
    "på", "samme", "seg", "selv", "si", "sia", "sidan", "siden", "sin", "sine", "sitt",
    "sjøl", "skal", "skulle", "slik", "so", "som", "somme", "somt", "så", "sånn", "til",
    "um", "upp", "ut", "uten", "var", "vart", "varte", "ved", "vere", "verte", "vi",
    "vil", "ville", "vore", "vors", "vort", "vår", "være", "vært", "å",
};

static int cmp_str(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

bool kstopword_is(const char *lower)
{
    return bsearch(lower, stopwords, sizeof stopwords / sizeof stopwords[0],
                   sizeof stopwords[0], cmp_str) != NULL;
}
