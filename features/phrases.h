/*
 * phrases.h — open-vocabulary phrase discovery: the words and phrases a
 * corpus uses, found in the text itself with no fixed list, each with its
 * first appearance (date, session, readout and the sentence), and its
 * yearly counts, so that later stages can say what is new in a year.
 *
 * Method (README "Phrase discovery" gives the figures behind the choices):
 *  - Chinese: the normalised text (normalize.h) cut into runs of Han
 *    characters; every character n-gram of zh_min..zh_max characters that
 *    occurs at least min_count times is counted with pruned hash counts
 *    (an n-gram is counted only where both of its (n-1)-grams are frequent
 *    enough, level by level).  A candidate must be cohesive (the smallest,
 *    over its split points, pointwise mutual information of its two parts,
 *    >= min_pmi) and free on both sides (left and right branching entropy
 *    of the neighbouring characters, run boundaries counted as distinct
 *    neighbours, >= min_entropy), and may not start or end on a function
 *    character (的, 了, ...).  So 新质生产力 comes out whole, and a fragment
 *    such as 质生产 does not: it is always preceded by 新.
 *  - English: unstemmed word n-grams of en_min..en_max words within a
 *    clause (punctuation ends one, a hyphen does not), not starting or
 *    ending on a stop word (the tokeniser's list) or a number, with the
 *    same cohesion and freedom tests over words; shown in the surface form
 *    the readouts use most often ("New Quality Productive Forces").
 *  - Fragments, judged on the whole corpus (every year, the counts of the
 *    language's whole stream), with no list of fragments:
 *    - an edge inside a word in more than half of the occurrences (in at
 *      least half for English, whose signs are in the spelling): for
 *      Chinese, the edge character and its neighbour across the edge form
 *      a bound pair (a two-character candidate, or PMI >= PHR_BOUND_PMI),
 *      or a loosely bound one (PMI >= PHR_LOOSE_PMI) while the pair it forms
 *      inside the phrase is not (加强边 of 加强边境, 进高质量 of 推进高质量);
 *      for English, the phrase begins or ends inside a hyphenated compound
 *      ("generated content" of AI-generated content) or a run of
 *      capitalised words ("Department of the Central");
 *    - a leaning word joined to a phrase that stands alone (推进 +
 *      兴边富民), the pairing being at most PHR_LEAN_SHARE of the leaning
 *      word's uses.  A leaning word is known by its habits: it begins a
 *      clause (after ，；：。！？, not after a quote) in at least
 *      PHR_LEAN_OPEN of its uses and what follows it varies, as a verb or a
 *      particle does (推进, 加强, 坚持);
 *    - a Chinese phrase beginning or ending on a character that stands
 *      alone in at least PHR_ALONE_SHARE of its uses (in no loosely bound
 *      pair: 和, 等) unless it is bound to its neighbour in the phrase, or
 *      beginning on 是;
 *    - an English phrase ending on a possessive ("the Party's") or on a
 *      lower-case word followed by a content word in at least
 *      PHR_EN_LEAN_SHARE of its uses ("economic", "promote").
 *    Lexicon phrases are never dropped.
 *  - The lexicon's phrases (first zh and en form of each entry) are always
 *    candidates when they occur, and a phrase and its lexicon translation
 *    form one group: the group's first appearance is the earliest of its
 *    members in either language.
 *  - Boilerplate is dropped by data: a phrase in more than max_doc_share of
 *    the readouts of its language (and in at least PHR_BOILER_MIN_DOCS), a Chinese phrase made only of numerals
 *    and date or counting units (二〇二四年, 第二十次), and any phrase matching
 *    the stop-phrase rules (stopphrases.h).
 *
 * Readouts are taken in date order (ties: session, then corpus order), so
 * "first" is well defined and the output is deterministic.
 *
 * Ownership: a phr_set owns every string and array in it; phr_set_free
 * releases them.  Nothing here prints or exits (except xalloc on out of
 * memory).
 */
#ifndef PT_PHRASES_H
#define PT_PHRASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "corpus/corpus.h"
#include "features/lexicon.h"
#include "features/stopphrases.h"

#define PHR_MAX_UNITS 8          /* longest candidate: characters or words    */
#define PHR_CONTEXT_CHARS 300    /* a context sentence is cut to this length */
#define PHR_BOILER_MIN_DOCS 5    /* the share rule needs this many readouts: 2 of 7 is no formula */
#define PHR_BOUND_PMI 5.0        /* a pair of characters this cohesive is a word, or inside one */
#define PHR_LOOSE_PMI 3.0        /* a pair this cohesive may be a word: a character in one does not stand alone */
#define PHR_ALONE_MIN 20         /* a character seen this often ...            */
#define PHR_ALONE_SHARE 0.75     /* ... and in no bound pair in this share of its uses stands alone */
/* A leaning word (a verb or particle, found by the data) at a phrase's edge. */
#define PHR_LEAN_MIN 5           /* occurrences, to judge a word's habits     */
#define PHR_LEAN_OPEN 0.3        /* share of them opening a clause            */
#define PHR_LEAN_ENTROPY 2.0     /* right branching entropy, nats             */
#define PHR_EN_LEAN_SHARE 0.85   /* English: a word this often followed by a content word ends no phrase */
#define PHR_LEAN_SHARE 0.1       /* the pairing is at most this share of its uses */

typedef struct {
    int zh_min, zh_max;          /* characters, 2 <= zh_min <= zh_max <= 8     */
    int en_min, en_max;          /* words, 1 <= en_min <= en_max <= 8          */
    unsigned min_count;          /* occurrences in the corpus (>= 2)           */
    unsigned min_readouts;       /* readouts containing it                     */
    double min_pmi;              /* cohesion, natural log                      */
    double min_entropy;          /* branching entropy on each side, nats       */
    double max_doc_share;        /* boilerplate above this share of readouts   */
} phr_config;

/* Fills cfg with the defaults `politrend phrases` and the reports use. */
void phr_config_default(phr_config *cfg);

/* Where and when a readout is: its date (YYYY-MM-DD, required) and the id
 * of its session (NULL when it belongs to none, as a news item). */
typedef struct {
    const char *date;
    const char *session;
} phr_docinfo;

typedef struct {
    char *text;          /* as written: zh normalised (simplified), en most frequent surface form */
    char *key;           /* normalised form: zh = text, en = lowercase words joined by a space */
    char lang[3];        /* "zh" or "en" */
    long lex_index;      /* lexicon entry it is a form of, or -1 */
    size_t group;        /* phrases sharing a group are one phrase (a lexicon entry and its forms) */
    uint32_t count, readouts, sessions; /* in the whole corpus; sessions: distinct session ids, or dates */
    size_t first_doc;    /* corpus index of the earliest readout containing it */
    size_t group_first_doc; /* earliest readout of any phrase of its group */
    char *context;       /* the sentence it first appeared in, <= PHR_CONTEXT_CHARS characters */
    double pmi, entropy; /* cohesion and the smaller branching entropy (0 for lexicon forms) */
} phr_phrase;

typedef struct {
    phr_phrase *v;       /* sorted by lang, then key */
    size_t n;
    int *years;          /* every year with readouts, ascending */
    size_t n_years;
    uint32_t *year_count;    /* [k * n_years + y] occurrences of phrase k in years[y] */
    uint32_t *year_readouts; /* [k * n_years + y] readouts */
    uint32_t *year_sessions; /* [k * n_years + y] sessions (or dates) */
    uint32_t *year_docs;     /* [y] readouts in years[y] */
    size_t *doc_year;        /* corpus index -> index into years */
    size_t n_docs;
    size_t n_candidates;     /* cohesive and free n-grams before the readouts and boilerplate filters */
    size_t n_boilerplate;    /* of them, dropped as boilerplate */
    size_t n_fragments;      /* of them, dropped as cut inside a word or leaning on one */
} phr_set;

/* Discovers the phrases of corpus c.  info[k] gives the date and session
 * of readout k (every readout needs a date).  lex (may be NULL) adds its
 * phrases and groups translations; stop (may be NULL) is the stop-phrase
 * list.  Returns 0, or -1 with err: PT_ERR_DATA naming the readout
 * (FILE:LINE: ID) whose date is missing or invalid, or whose text is not
 * valid UTF-8; PT_ERR_USAGE for a configuration out of range;
 * PT_ERR_INTERNAL when the normaliser cannot be opened. */
int phr_discover(phr_set *out, const pt_corpus *c, const phr_docinfo *info, const phr_config *cfg,
                 const lexicon *lex, const stop_list *stop, pt_error *err);

void phr_set_free(phr_set *s);

/* Index into s->years of year, or -1.  Can't fail. */
long phr_year_index(const phr_set *s, int year);

/* The year (a value of s->years) of phrase k's group's first appearance. */
int phr_first_year(const phr_set *s, size_t k);

/* Salience of phrase k in year index y (y < 0: the whole corpus):
 * log2(1 + count) + log2(1 + readouts) + log2(1 + sessions), so that a
 * phrase used often, in many readouts and many sessions ranks first.
 * Can't fail. */
double phr_salience(const phr_set *s, size_t k, long y);

/* The phrases first seen in year index y (their group's first appearance
 * is in that year; one phrase per group, the most salient), most salient
 * first (ties: key bytes), at most top.  y must be > 0: the first year of
 * a corpus has nothing to compare with.  Fills idx (room for top entries)
 * and returns how many.  Can't fail. */
size_t phr_new_in_year(const phr_set *s, long y, size_t top, size_t *idx);

/* Phrase indices ordered by salience in year index y (y < 0: the whole
 * corpus), phrases absent from that year left out, at most top (0 = all).
 * Fills idx (room for s->n) and returns how many.  Can't fail. */
size_t phr_rank(const phr_set *s, long y, size_t top, size_t *idx);

/* Index of the phrase with this language and normalised key, or -1. */
long phr_find(const phr_set *s, const char *lang, const char *key);

#endif
