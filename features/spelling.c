/*
 * spelling.c — British to American spelling fold (spelling.h).
 *
 * The table is small and sorted so a binary search finds a word; the -ise
 * rule is a suffix test with a list of words that keep -ise, because a
 * blanket rule would turn "exercise" and "enterprise" into words that do not
 * exist and split their tokens from the American texts that spell them the
 * same way.
 */
#include "spelling.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *gb, *us;
} spell_pair;

/* Whole words, sorted by gb (strcmp order). */
static const spell_pair spell_table[] = {
    {"ageing", "aging"},           {"analyse", "analyze"},         {"analysed", "analyzed"},
    {"analysing", "analyzing"},    {"behaviour", "behavior"},      {"behavioural", "behavioral"},
    {"behaviours", "behaviors"},   {"catalogue", "catalog"},       {"centre", "center"},
    {"centred", "centered"},       {"centres", "centers"},         {"channelled", "channeled"},
    {"channelling", "channeling"}, {"colour", "color"},            {"colours", "colors"},
    {"counselling", "counseling"}, {"defence", "defense"},         {"defences", "defenses"},
    {"endeavour", "endeavor"},     {"endeavours", "endeavors"},    {"favour", "favor"},
    {"favourable", "favorable"},   {"favoured", "favored"},        {"fibre", "fiber"},
    {"fuelled", "fueled"},         {"fuelling", "fueling"},        {"grey", "gray"},
    {"harbour", "harbor"},         {"harbours", "harbors"},        {"honour", "honor"},
    {"honoured", "honored"},       {"honours", "honors"},          {"judgement", "judgment"},
    {"judgements", "judgments"},   {"labelled", "labeled"},        {"labelling", "labeling"},
    {"labour", "labor"},           {"labourers", "laborers"},      {"labours", "labors"},
    {"licence", "license"},        {"licences", "licenses"},       {"metre", "meter"},
    {"metres", "meters"},          {"modelled", "modeled"},        {"modelling", "modeling"},
    {"neighbour", "neighbor"},     {"neighbourhood", "neighborhood"},
    {"neighbourhoods", "neighborhoods"},                           {"neighbouring", "neighboring"},
    {"neighbours", "neighbors"},   {"offence", "offense"},         {"offences", "offenses"},
    {"paralyse", "paralyze"},      {"practise", "practice"},       {"pretence", "pretense"},
    {"programme", "program"},      {"programmes", "programs"},     {"rumour", "rumor"},
    {"rumours", "rumors"},         {"sceptical", "skeptical"},     {"theatre", "theater"},
    {"theatres", "theaters"},      {"travelled", "traveled"},      {"travelling", "traveling"},
    {"vigour", "vigor"},
};

/* Words spelt -ise in American English as well (the -ise rule skips a word
 * ending in one of them), sorted. */
static const char *const spell_keep_ise[] = {
    "advertise", "advise",    "apprise",    "arise",      "chastise",  "chemise",   "circumcise",
    "comprise",  "compromise", "concise",   "demise",     "despise",   "devise",    "enterprise", "excise",
    "exercise",  "expertise", "franchise",  "improvise",  "incise",    "merchandise", "mortise",
    "paradise",  "precise",   "premise",    "promise",    "remise",    "reprise",   "revise",
    "rise",      "supervise", "surmise",    "surprise",   "televise",  "treatise",  "valise",
};

static int pair_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const spell_pair *)elem)->gb);
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* The -ise rule: returns the offset of the 's' to turn into 'z', or 0. */
static size_t ise_offset(const char *w, size_t len)
{
    static const char *const endings[] = {"isations", "isation", "isers", "iser", "ising", "ised", "ises", "ise"};
    for (size_t k = 0; k < sizeof endings / sizeof endings[0]; k++) {
        if (!ends_with(w, len, endings[k]))
            continue;
        size_t stem = len - strlen(endings[k]); /* letters before "i" */
        if (k < 2)
            return stem >= 3 ? stem + 1 : 0; /* -isation: always -ization */
        if (stem < 3 || is_vowel(w[stem - 1]) || w[stem - 1] == 'w')
            return 0;
        /* The word's -ise form: the stem, then "ise". */
        char base[64];
        if (stem + 3 >= sizeof base)
            return 0;
        memcpy(base, w, stem);
        memcpy(base + stem, "ise", 4);
        for (size_t j = 0; j < sizeof spell_keep_ise / sizeof spell_keep_ise[0]; j++)
            if (ends_with(base, stem + 3, spell_keep_ise[j]))
                return 0;
        return stem + 1;
    }
    return 0;
}

size_t spell_fold_word(const char *w, size_t len, char *out)
{
    char key[64];
    if (len == 0 || len >= sizeof key)
        return 0;
    memcpy(key, w, len);
    key[len] = '\0';
    const spell_pair *p = bsearch(key, spell_table, sizeof spell_table / sizeof spell_table[0],
                                  sizeof spell_table[0], pair_cmp);
    if (p != NULL) {
        size_t n = strlen(p->us);
        memcpy(out, p->us, n);
        return n;
    }
    size_t z = ise_offset(w, len);
    if (z == 0)
        return 0;
    memcpy(out, w, len);
    out[z] = 'z';
    return len;
}

size_t spell_fold(char *s, size_t len)
{
    size_t r = 0, o = 0;
    while (r < len) {
        if (s[r] < 'a' || s[r] > 'z') {
            s[o++] = s[r++];
            continue;
        }
        size_t start = r;
        while (r < len && s[r] >= 'a' && s[r] <= 'z')
            r++;
        /* A letter run glued to other word bytes (digits, non-ASCII letters)
         * is part of a longer word: leave it. */
        bool glued = (start > 0 && (unsigned char)s[start - 1] >= 0x80) ||
                     (r < len && ((unsigned char)s[r] >= 0x80 || (s[r] >= '0' && s[r] <= '9')));
        char folded[64];
        size_t n = glued ? 0 : spell_fold_word(s + start, r - start, folded);
        if (n > 0) {
            memcpy(s + o, folded, n);
            o += n;
        } else {
            memmove(s + o, s + start, r - start);
            o += r - start;
        }
    }
    if (o < len)
        s[o] = '\0';
    return o;
}
