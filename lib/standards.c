#include "standards.h"

#include <string.h>

/* Words whose forms differ beyond the regular patterns (bokmål, nynorsk);
 * a word may stand in several rows ("ble": "vart", "blei"). */
static const char *const word_pairs[][2] = {
    {"ikke", "ikkje"}, {"hva", "kva"}, {"hvem", "kven"}, {"hvor", "kvar"},
    {"hvordan", "korleis"}, {"hvorfor", "kvifor"}, {"jeg", "eg"}, {"mye", "mykje"},
    {"bare", "berre"}, {"være", "vere"}, {"fra", "frå"}, {"noen", "nokon"}, {"noe", "noko"},
    {"uten", "utan"}, {"sammen", "saman"}, {"selv", "sjølv"}, {"hun", "ho"}, {"disse", "desse"},
    {"deres", "deira"}, {"annen", "annan"}, {"hennes", "hennar"}, {"ble", "vart"},
    {"ble", "blei"}, {"også", "òg"}, {"antall", "tal"}, {"gikk", "gjekk"}, {"fikk", "fekk"},
    {"kommer", "kjem"}, {"blir", "vert"}, {"blitt", "vorte"}, {"mens", "medan"},
    {"derfor", "difor"}, {"hvis", "viss"}, {"enten", "anten"}, {"verken", "korkje"},
    {"sier", "seier"}, {"gjør", "gjer"}, {"hos", "hjå"}, {"nå", "no"},
};

/* A change of spelling: `from` anywhere in the word (its first), or only
 * as its ending, with at least three bytes of the word before it. */
typedef struct change {
    const char *bokmal, *nynorsk;
    bool ending;
} change;

static const change changes[] = {
    {"syk", "sjuk", false},    /* sykehus/sjukehus, sykdom/sjukdom */
    {"fravær", "fråvær", false}, {"ansatt", "tilsett", false}, {"hjem", "heim", false},
    {"høy", "høg", false},
    {"vei", "veg", false},     /* veien/vegen */
    {"e", "ei", false},        /* hele/heile, mer/meir, egen/eigen, flere/fleire */
    {"lig", "leg", false},     /* vanlig/vanleg, offentlig/offentleg */
    {"lige", "lege", false},   /* vanlige/vanlege */
    {"het", "heit", false},    /* sikkerhet/sikkerheit */
    {"ø", "au", false},        /* høst/haust, løs/laus */
    {"hv", "kv", false},       /* hvit/kvit */
    {"ene", "ane", true},      /* vennene/vennane */
    {"ene", "a", true},        /* tilbudene/tilboda: neuter plural, definite */
    {"er", "ar", true},        /* pasienter/pasientar, lærer/lærar */
    {"en", "a", true},         /* ordningen/ordninga */
    {"et", "a", true},         /* jobbet/jobba */
};

#define ENDING_STEM_MIN 3

void kstandard_irregular(const char *word, kstandard_fn fn, void *arg)
{
    for (size_t i = 0; i < sizeof word_pairs / sizeof word_pairs[0]; i++)
        for (int side = 0; side < 2; side++)
            if (strcmp(word, word_pairs[i][side]) == 0 &&
                strcmp(word, word_pairs[i][!side]) != 0 && !fn(word_pairs[i][!side], arg))
                return;
}

bool kstandard_regular_applies(const char *word)
{
    return strlen(word) >= 4 && !strpbrk(word, "0123456789");
}

/* out gets word with `from` replaced by `to`: its first, or its ending. */
static bool replace(const char *word, const char *from, const char *to, bool ending, char *out,
                    size_t cap)
{
    size_t n = strlen(word), f = strlen(from), t = strlen(to);
    const char *at = ending ? (n >= f + ENDING_STEM_MIN && strcmp(word + n - f, from) == 0
                                   ? word + n - f : NULL)
                            : strstr(word, from);
    if (!at || n - f + t >= cap)
        return false;
    size_t pre = (size_t)(at - word);
    memcpy(out, word, pre);
    memcpy(out + pre, to, t);
    strcpy(out + pre + t, at + f);
    return true;
}

void kstandard_one_change(const char *word, kstandard_fn fn, void *arg)
{
    char v[KSTANDARD_FORM_MAX];
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++)
        for (int side = 0; side < 2; side++) {
            const char *from = side ? changes[i].nynorsk : changes[i].bokmal;
            const char *to = side ? changes[i].bokmal : changes[i].nynorsk;
            /* "ei" must not count as the bokmål "e" of another change */
            if (!side && strcmp(from, "e") == 0 && strstr(word, "ei"))
                continue;
            if (replace(word, from, to, changes[i].ending, v, sizeof v) && strcmp(v, word) != 0 &&
                !fn(v, arg))
                return;
        }
}
