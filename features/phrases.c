/*
 * phrases.c — open-vocabulary phrase discovery (phrases.h).
 *
 * The corpus becomes two streams of units, one per language: Han
 * characters of the Chinese readouts, words of the English ones, with a
 * separator wherever a phrase cannot continue (punctuation, a change of
 * script, the end of a readout).  N-grams are counted level by level with
 * hash tables keyed on (id of the (n-1)-gram prefix, last unit): an n-gram
 * is counted only where its prefix and its suffix (n-1)-grams both occur
 * at least min_count times, and after each level the rare n-grams are
 * dropped, so memory follows the frequent n-grams, not all substrings.
 * While level n+1 is counted, each of its n-grams adds c·ln c to the
 * right-neighbour sum of its prefix and to the left-neighbour sum of its
 * suffix, which gives the branching entropies of level n without a second
 * pass.  Level n is then scored (cohesion, freedom, end words), and the
 * positions of the accepted n-grams, still at hand in the per-position id
 * array, give their yearly counts and first appearance in the same pass,
 * and how many of their occurrences have an edge inside a word.  After
 * the last level, the whole corpus's counts judge each candidate once
 * more: cut inside words in most of its uses, or made of a leaning word
 * (a verb or particle, known by its habits) and a phrase, it is dropped.
 */
#include "features/phrases.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "features/normalize.h"
#include "features/tokenize.h"
#include "features/vocab.h"

#define DEAD UINT32_MAX
#define SEP UINT32_MAX

#define F_NOSTART 1u
#define F_NOEND 2u
#define F_INNER 4u  /* a number or Latin word in Chinese text: never inside a phrase either */
#define F_ALONE 8u  /* a Chinese character that, by the data, mostly stands alone (和, 等) */
#define F_LEANS 16u /* an English word written in lower case that nearly always has a content word after it */

/* Per position of a stream: how the unit was written, and where. */
#define P_JOINED 1u /* joined to the word before by a hyphen ("AI-generated": "generated") */
#define P_CAP 2u    /* begins with a capital letter */
#define P_OPENS 4u  /* (both languages) begins a clause: after a clause break or at the start of a text */

/* Function characters a Chinese phrase may not begin or end with: a
 * candidate doing so is cut across a word boundary. */
static const char zh_nostart[] = "的了着吗呢吧啊在为把是";
static const char zh_noend[] = "的了着和与及或是把被将于也都又而并第";
/* Numerals and date or counting units: a phrase made only of these is a
 * number or a date, never news. */
static const char zh_numeric[] = "〇零一二三四五六七八九十百千万亿两第年月日号时分秒次届期个周";

void phr_config_default(phr_config *cfg)
{
    cfg->zh_min = 2;
    cfg->zh_max = 8;
    cfg->en_min = 1;
    cfg->en_max = 5;
    cfg->min_count = 5;
    cfg->min_readouts = 2;
    cfg->min_pmi = 1.0;
    cfg->min_entropy = 1.5;
    cfg->max_doc_share = 0.2;
}

/* ---- one level of n-grams ------------------------------------------------------ */

typedef struct {
    uint32_t *prefix, *unit, *suffix, *count;
    double *lacc, *racc;  /* sum of c·ln c over left / right extensions */
    int32_t *cand;        /* candidate index, -1 */
    size_t n, cap;
    uint32_t *slot;       /* gram id + 1; 0 = empty */
    size_t mask;
} level;

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static size_t slot_of(const level *L, uint32_t p, uint32_t u)
{
    return (size_t)mix64(((uint64_t)p << 32) | u) & L->mask;
}

static void level_init(level *L, size_t slots)
{
    memset(L, 0, sizeof *L);
    L->mask = slots - 1;
    L->slot = xcalloc(slots, sizeof *L->slot);
}

static void level_free(level *L)
{
    free(L->prefix);
    free(L->unit);
    free(L->suffix);
    free(L->count);
    free(L->lacc);
    free(L->racc);
    free(L->cand);
    free(L->slot);
    memset(L, 0, sizeof *L);
}

static void level_rehash(level *L, size_t slots)
{
    free(L->slot);
    L->mask = slots - 1;
    L->slot = xcalloc(slots, sizeof *L->slot);
    for (size_t id = 0; id < L->n; id++) {
        size_t h = slot_of(L, L->prefix[id], L->unit[id]);
        while (L->slot[h])
            h = (h + 1) & L->mask;
        L->slot[h] = (uint32_t)id + 1;
    }
}

/* Id of gram (p, u), or DEAD. */
static uint32_t level_find(const level *L, uint32_t p, uint32_t u)
{
    if (L->slot == NULL)
        return DEAD;
    size_t h = slot_of(L, p, u);
    for (;;) {
        uint32_t s = L->slot[h];
        if (s == 0)
            return DEAD;
        if (L->prefix[s - 1] == p && L->unit[s - 1] == u)
            return s - 1;
        h = (h + 1) & L->mask;
    }
}

static uint32_t level_add(level *L, uint32_t p, uint32_t u, uint32_t suffix)
{
    size_t h = slot_of(L, p, u);
    for (;;) {
        uint32_t s = L->slot[h];
        if (s == 0)
            break;
        if (L->prefix[s - 1] == p && L->unit[s - 1] == u)
            return s - 1;
        h = (h + 1) & L->mask;
    }
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 1u << 16;
        L->prefix = xreallocarray(L->prefix, L->cap, sizeof *L->prefix);
        L->unit = xreallocarray(L->unit, L->cap, sizeof *L->unit);
        L->suffix = xreallocarray(L->suffix, L->cap, sizeof *L->suffix);
        L->count = xreallocarray(L->count, L->cap, sizeof *L->count);
    }
    uint32_t id = (uint32_t)L->n++;
    L->prefix[id] = p;
    L->unit[id] = u;
    L->suffix[id] = suffix;
    L->count[id] = 0;
    L->slot[h] = id + 1;
    if (L->n * 2 > L->mask + 1)
        level_rehash(L, (L->mask + 1) * 2);
    return id;
}

/* Keeps the grams counted at least min times, renumbered in order; sets
 * remap[old] (DEAD for dropped) and allocates the entropy sums. */
static uint32_t *level_compact(level *L, uint32_t min)
{
    uint32_t *remap = xcalloc(L->n + 1, sizeof *remap);
    size_t k = 0;
    for (size_t id = 0; id < L->n; id++) {
        if (L->count[id] < min) {
            remap[id] = DEAD;
            continue;
        }
        remap[id] = (uint32_t)k;
        L->prefix[k] = L->prefix[id];
        L->unit[k] = L->unit[id];
        L->suffix[k] = L->suffix[id];
        L->count[k] = L->count[id];
        k++;
    }
    L->n = k;
    size_t slots = 16;
    while (slots < 2 * k + 2)
        slots *= 2;
    level_rehash(L, slots);
    L->lacc = xcalloc(k + 1, sizeof *L->lacc);
    L->racc = xcalloc(k + 1, sizeof *L->racc);
    L->cand = xcalloc(k + 1, sizeof *L->cand);
    for (size_t id = 0; id < k; id++)
        L->cand[id] = -1;
    return remap;
}

/* ---- streams --------------------------------------------------------------------- */

typedef struct {
    bool zh;
    int min_units, max_units;
    uint32_t *units;      /* unit ids, SEP between runs */
    size_t n, cap;
    size_t *doc_start;    /* [rank]: first position of the readout of that rank; [n_docs] = n */
    size_t n_docs_lang;   /* readouts of this language */
    vocab *keys;          /* unit id -> its text (a character, or a normalised word) */
    unsigned char *flags; /* per unit: F_NOSTART, F_NOEND */
    size_t flags_cap;
    /* English only: the words as written, for surface forms and contexts. */
    uint32_t *raw_id, *raw_off;
    unsigned char *pos_flags; /* per position: P_JOINED, P_CAP (English), P_OPENS */
    vocab *raw_words;
    uint32_t *raw_key;    /* raw id -> unit id */
    size_t raw_key_cap;
    level lv[PHR_MAX_UNITS + 2]; /* lv[1]: units themselves (no table) */
    unsigned char *bound;  /* Chinese, per position: a bound pair (a word or inside one) starts there */
    unsigned char *pair_bound; /* Chinese, per gram id of level 2: the pair is bound */
    double total;         /* units in the stream */
} stream;

static void stream_push(stream *st, uint32_t u, uint32_t raw, uint32_t off, unsigned char pf)
{
    if (u == SEP && (st->n == 0 || st->units[st->n - 1] == SEP))
        return; /* no empty runs */
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 1u << 16;
        st->units = xreallocarray(st->units, st->cap, sizeof *st->units);
        st->pos_flags = xreallocarray(st->pos_flags, st->cap, sizeof *st->pos_flags);
        if (!st->zh) {
            st->raw_id = xreallocarray(st->raw_id, st->cap, sizeof *st->raw_id);
            st->raw_off = xreallocarray(st->raw_off, st->cap, sizeof *st->raw_off);
        }
    }
    st->units[st->n] = u;
    st->pos_flags[st->n] = pf;
    if (!st->zh) {
        st->raw_id[st->n] = raw;
        st->raw_off[st->n] = off;
    }
    st->n++;
    if (u != SEP)
        st->total++;
}

static bool in_set(const char *set, uint32_t cp)
{
    for (size_t pos = 0, n = strlen(set); pos < n;)
        if (norm_next_cp(set, n, &pos) == cp)
            return true;
    return false;
}

static uint32_t unit_intern(stream *st, const char *s, size_t len, unsigned char flags)
{
    uint32_t id = vocab_intern(st->keys, s, len);
    if (id >= st->flags_cap) {
        size_t cap = st->flags_cap ? st->flags_cap * 2 : 4096;
        while (cap <= id)
            cap *= 2;
        st->flags = xreallocarray(st->flags, cap, 1);
        memset(st->flags + st->flags_cap, 0, cap - st->flags_cap);
        st->flags_cap = cap;
    }
    st->flags[id] = flags;
    return id;
}

/* True for the punctuation that ends a clause (，；：。！？ and their ASCII
 * forms, a line break); quotes, brackets and the enumeration comma do not. */
static bool clause_break(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0xFF1B || cp == 0xFF1A || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == ',' ||
           cp == ';' || cp == ':' || cp == '.' || cp == '!' || cp == '?' || cp == '\n';
}

/* Han characters of normalised text, runs cut by everything else. */
static void add_zh(stream *st, const char *s, size_t len)
{
    unsigned char opens = P_OPENS; /* the next unit begins a clause */
    for (size_t pos = 0; pos < len;) {
        size_t at = pos;
        uint32_t cp = norm_next_cp(s, len, &pos);
        if (!utf8_is_han(cp)) {
            /* A number or a Latin word is one neighbour ("0" or "a"), not a
             * boundary: 年远景目标纲要 always follows 2035, so its left
             * entropy is low and the fragment is not taken for a word. */
            norm_class k = norm_classify(cp);
            if (k == NC_WORD) {
                bool digit = cp >= '0' && cp <= '9';
                while (pos < len) {
                    size_t p2 = pos;
                    uint32_t c2 = norm_next_cp(s, len, &p2);
                    if (norm_classify(c2) != NC_WORD || ((c2 >= '0' && c2 <= '9') != digit))
                        break;
                    pos = p2;
                }
                stream_push(st, unit_intern(st, digit ? "0" : "a", 1, F_NOSTART | F_NOEND | F_INNER), 0, 0, opens);
                opens = 0;
            } else {
                stream_push(st, SEP, 0, 0, 0);
                if (clause_break(cp))
                    opens = P_OPENS;
            }
            continue;
        }
        unsigned char f = 0;
        if (cp == 0x4E86) /* 了 inside a candidate marks a verb clause (打击了...), not a word */
            f |= F_INNER;
        if (in_set(zh_nostart, cp))
            f |= F_NOSTART;
        if (in_set(zh_noend, cp))
            f |= F_NOEND;
        stream_push(st, unit_intern(st, s + at, pos - at, f), 0, 0, opens);
        opens = 0;
    }
    stream_push(st, SEP, 0, 0, 0);
}

/* The unit of a word as written: its normalised form (NFKC, case folded),
 * found once per distinct spelling. */
static int en_word_unit(stream *st, normalizer *norm, const char *w, size_t len, uint32_t *raw, uint32_t *unit,
                        pt_error *err)
{
    *raw = vocab_intern(st->raw_words, w, len);
    if (*raw < st->raw_key_cap && st->raw_key[*raw] != DEAD) {
        *unit = st->raw_key[*raw];
        return 0;
    }
    if (*raw >= st->raw_key_cap) {
        size_t cap = st->raw_key_cap ? st->raw_key_cap * 2 : 4096;
        while (cap <= *raw)
            cap *= 2;
        st->raw_key = xreallocarray(st->raw_key, cap, sizeof *st->raw_key);
        for (size_t k = st->raw_key_cap; k < cap; k++)
            st->raw_key[k] = DEAD;
        st->raw_key_cap = cap;
    }
    const char *out;
    size_t out_len;
    if (norm_run(norm, w, len, true, &out, &out_len, NULL, err) != 0)
        return -1;
    unsigned char f = 0;
    if ((out_len > 0 && out[0] >= '0' && out[0] <= '9') || tok_is_stop_en(out, out_len))
        f = F_NOSTART | F_NOEND;
    /* A possessive leans on the word after it ("the Party's"): no phrase ends on one. */
    if ((out_len > 2 && memcmp(out + out_len - 2, "'s", 2) == 0) ||
        (out_len > 4 && memcmp(out + out_len - 4, "\xe2\x80\x99s", 4) == 0))
        f |= F_NOEND;
    *unit = unit_intern(st, out, out_len, f);
    st->raw_key[*raw] = *unit;
    return 0;
}

/* Words of raw English text: runs of word characters with inner
 * apostrophes; a hyphen or a space ends a word, punctuation (other than
 * quotes) or a Han character ends the run of words. */
static int add_en(stream *st, normalizer *norm, const char *s, size_t len, pt_error *err)
{
    size_t pos = 0, ws, we, last_end = SIZE_MAX; /* end of the word before, in this run */
    norm_class c;
    while (norm_scan_word(s, len, false, &pos, &ws, &we, &c)) {
        if (we > ws) {
            uint32_t raw, unit;
            if (en_word_unit(st, norm, s + ws, we - ws, &raw, &unit, err) != 0)
                return -1;
            unsigned char pf = s[ws] >= 'A' && s[ws] <= 'Z' ? P_CAP : 0;
            if (st->n == 0 || st->units[st->n - 1] == SEP)
                pf |= P_OPENS;
            if (last_end != SIZE_MAX && ws > last_end) {
                size_t p2 = last_end;
                uint32_t between = norm_next_cp(s, len, &p2);
                if (p2 == ws && norm_classify(between) == NC_HYPHEN)
                    pf |= P_JOINED;
            }
            stream_push(st, unit, raw, (uint32_t)ws, pf);
            last_end = we;
        }
        if (c == NC_PUNCT || c == NC_SENTENCE || c == NC_HAN) {
            stream_push(st, SEP, 0, 0, 0);
            last_end = SIZE_MAX;
        }
    }
    stream_push(st, SEP, 0, 0, 0);
    return 0;
}

static void stream_free(stream *st)
{
    free(st->units);
    free(st->doc_start);
    free(st->flags);
    free(st->raw_id);
    free(st->raw_off);
    free(st->pos_flags);
    free(st->bound);
    free(st->pair_bound);
    free(st->raw_key);
    if (st->keys)
        vocab_free(st->keys);
    if (st->raw_words)
        vocab_free(st->raw_words);
    for (int n = 0; n < PHR_MAX_UNITS + 2; n++)
        level_free(&st->lv[n]);
}

/* ---- candidates ------------------------------------------------------------------ */

typedef struct {
    stream *st;
    int n;               /* units */
    uint32_t id;         /* gram id at level n */
    uint32_t count, df, sessions;
    uint32_t last_rank, last_session;
    uint32_t first_rank, first_pos;
    uint32_t cut;        /* occurrences with an edge inside a word (occurrence_cut) */
    uint32_t open_left;  /* occurrences that begin a clause (P_OPENS) */
    double pmi, ent;
    double hl, hr;       /* left and right branching entropy over the whole corpus */
    long lex_index;
    bool forced;         /* a lexicon form: kept whatever the scores */
} cand;

typedef struct {
    cand *v;
    size_t n, cap;
    size_t n_years;
    uint32_t *yc, *yr, *ys;     /* per candidate and year */
    uint32_t *last_year_session;
    vocab *surf;                /* English: "cand\x1fsurface" */
    uint32_t *surf_count;
    size_t surf_cap;
} cand_list;

static int32_t cand_add(cand_list *cl, stream *st, int n, uint32_t id, double pmi, double ent, long lex, bool forced)
{
    if (cl->n == cl->cap) {
        size_t old = cl->cap;
        cl->cap = cl->cap ? cl->cap * 2 : 1024;
        cl->v = xreallocarray(cl->v, cl->cap, sizeof *cl->v);
        cl->yc = xreallocarray(cl->yc, cl->cap * cl->n_years, sizeof *cl->yc);
        cl->yr = xreallocarray(cl->yr, cl->cap * cl->n_years, sizeof *cl->yr);
        cl->ys = xreallocarray(cl->ys, cl->cap * cl->n_years, sizeof *cl->ys);
        size_t extra = (cl->cap - old) * cl->n_years;
        memset(cl->yc + old * cl->n_years, 0, extra * sizeof *cl->yc);
        memset(cl->yr + old * cl->n_years, 0, extra * sizeof *cl->yr);
        memset(cl->ys + old * cl->n_years, 0, extra * sizeof *cl->ys);
        cl->last_year_session = xreallocarray(cl->last_year_session, cl->cap, sizeof *cl->last_year_session);
    }
    cand *c = &cl->v[cl->n];
    memset(c, 0, sizeof *c);
    c->st = st;
    c->n = n;
    c->id = id;
    c->pmi = pmi;
    c->ent = ent;
    c->lex_index = lex;
    c->forced = forced;
    c->last_rank = c->last_session = c->first_rank = DEAD;
    cl->last_year_session[cl->n] = DEAD;
    return (int32_t)cl->n++;
}

/* Units of gram id at level n, into u[0..n). */
static void gram_units(const stream *st, int n, uint32_t id, uint32_t *u)
{
    for (int k = n; k >= 2; k--) {
        u[k - 1] = st->lv[k].unit[id];
        id = st->lv[k].prefix[id];
    }
    u[0] = id;
}

/* Count of the gram spelled u[0..n), 0 when it is not frequent. */
static uint32_t gram_count(const stream *st, const uint32_t *u, int n, uint32_t *id_out)
{
    uint32_t id = u[0];
    if (id >= st->lv[1].n || st->lv[1].count[id] == 0)
        return 0;
    for (int k = 2; k <= n; k++) {
        id = level_find(&st->lv[k], id, u[k - 1]);
        if (id == DEAD)
            return 0;
    }
    if (id_out)
        *id_out = id;
    return st->lv[n].count[id];
}

static double entropy(double count, double acc)
{
    return count > 0 ? log(count) - acc / count : 0.0;
}

/* Text of the units u[0..n): characters concatenated, or words joined by
 * one space.  Returns a new string. */
static char *units_text(const stream *st, const uint32_t *u, int n)
{
    size_t len = 0;
    for (int k = 0; k < n; k++)
        len += vocab_term_len(st->keys, u[k]) + 1;
    char *s = xmalloc(len + 1), *p = s;
    for (int k = 0; k < n; k++) {
        if (k > 0 && !st->zh)
            *p++ = ' ';
        size_t l = vocab_term_len(st->keys, u[k]);
        memcpy(p, vocab_term(st->keys, u[k]), l);
        p += l;
    }
    *p = '\0';
    return s;
}

/* ---- the lexicon's forms ----------------------------------------------------------- */

typedef struct {
    long entry;
    bool zh;
    uint32_t u[PHR_MAX_UNITS];
    int n;
} lex_form;

/* The first zh and en form of every lexicon entry as units of the
 * streams, when every unit occurs in them. */
static size_t lex_forms(const lexicon *lex, stream *zh, stream *en, normalizer *norm, lex_form **out, pt_error *err)
{
    size_t n_lex = lex ? lex_count(lex) : 0, n = 0;
    lex_form *v = xcalloc(2 * n_lex + 1, sizeof *v);
    for (size_t i = 0; i < n_lex; i++)
        for (int z = 0; z < 2; z++) {
            const char *form = z == 0 ? lex_zh(lex, i) : lex_en(lex, i);
            stream *st = z == 0 ? zh : en;
            const char *s;
            size_t len;
            if (norm_run(norm, form, strlen(form), true, &s, &len, NULL, err) != 0) {
                free(v);
                return (size_t)-1;
            }
            lex_form f = {.entry = (long)i, .zh = z == 0};
            bool ok = true;
            for (size_t pos = 0; pos < len && ok;) {
                size_t at = pos;
                uint32_t cp = norm_next_cp(s, len, &pos);
                if (z == 0) {
                    if (!utf8_is_han(cp))
                        continue;
                    long id = vocab_lookup(st->keys, s + at, pos - at);
                    ok = id >= 0 && f.n < PHR_MAX_UNITS;
                    if (ok)
                        f.u[f.n++] = (uint32_t)id;
                } else if (norm_classify(cp) == NC_WORD) {
                    while (pos < len) {
                        size_t p2 = pos;
                        uint32_t c2 = norm_next_cp(s, len, &p2);
                        norm_class k2 = norm_classify(c2);
                        if (k2 != NC_WORD && !(k2 == NC_APOS && p2 < len))
                            break;
                        pos = p2;
                    }
                    long id = vocab_lookup(st->keys, s + at, pos - at);
                    ok = id >= 0 && f.n < PHR_MAX_UNITS;
                    if (ok)
                        f.u[f.n++] = (uint32_t)id;
                }
            }
            if (ok && f.n > 0)
                v[n++] = f;
        }
    *out = v;
    return n;
}

/* ---- counting ------------------------------------------------------------------------ */

typedef struct {
    const phr_config *cfg;
    const stop_list *stop;
    const size_t *order;        /* rank -> corpus index */
    const uint32_t *rank_year;  /* rank -> year index */
    const uint32_t *rank_session; /* rank -> session key */
    size_t n_docs;
    const lex_form *forms;
    size_t n_forms;
    cand_list *cl;
} ctx;

static bool pair_is_bound(const stream *st, uint32_t a, uint32_t b);

static void score_level(ctx *x, stream *st, int n)
{
    level *L = &st->lv[n];
    const phr_config *cfg = x->cfg;
    uint32_t u[PHR_MAX_UNITS + 1];
    if (n >= st->min_units) {
        for (uint32_t id = 0; id < L->n; id++) {
            if (L->count[id] < cfg->min_count)
                continue;
            double c = L->count[id];
            double hl = entropy(c, L->lacc[id]), hr = entropy(c, L->racc[id]);
            double ent = hl < hr ? hl : hr;
            /* A phrase seen c times has at most ln c of entropy on a side; a
             * rare phrase must be nearly as free as it can be. */
            double need = 0.9 * log(c);
            if (ent < (need < cfg->min_entropy ? need : cfg->min_entropy))
                continue;
            gram_units(st, n, id, u);
            if ((st->flags[u[0]] & F_NOSTART) || (st->flags[u[n - 1]] & (F_NOEND | F_LEANS)))
                continue;
            /* Nor on a character standing alone there (和 in 和公民; 和平
             * begins with a bound 和). */
            if (st->zh && n >= 3 && (((st->flags[u[0]] & F_ALONE) && !pair_is_bound(st, u[0], u[1])) ||
                                     ((st->flags[u[n - 1]] & F_ALONE) && !pair_is_bound(st, u[n - 2], u[n - 1]))))
                continue;
            bool inner = false;
            for (int k = 1; k < n - 1 && !inner; k++)
                inner = (st->flags[u[k]] & F_INNER) != 0;
            if (inner)
                continue;
            double pmi = INFINITY;
            for (int k = 1; k < n && pmi >= cfg->min_pmi; k++) {
                double a = gram_count(st, u, k, NULL), b = gram_count(st, u + k, n - k, NULL);
                double v = log(c * st->total / (a * b));
                if (v < pmi)
                    pmi = v;
            }
            if (pmi < cfg->min_pmi)
                continue;
            L->cand[id] = cand_add(x->cl, st, n, id, isfinite(pmi) ? pmi : 0.0, ent, -1, false);
            x->cl->v[L->cand[id]].hl = hl;
            x->cl->v[L->cand[id]].hr = hr;
        }
    }
    for (size_t f = 0; f < x->n_forms; f++) {
        const lex_form *lf = &x->forms[f];
        uint32_t id;
        if (lf->zh != st->zh || lf->n != n || gram_count(st, lf->u, n, &id) == 0)
            continue;
        if (L->cand[id] >= 0) {
            x->cl->v[L->cand[id]].forced = true;
        } else {
            L->cand[id] = cand_add(x->cl, st, n, id, 0.0, 0.0, lf->entry, true);
            double c = L->count[id];
            x->cl->v[L->cand[id]].hl = entropy(c, L->lacc[id]);
            x->cl->v[L->cand[id]].hr = entropy(c, L->racc[id]);
        }
    }
}

/* An edge character is cut from its word when the pair it forms across
 * the edge is bound, or loosely bound while the pair it forms inside the
 * phrase is not even that: it belongs to the other side (加强边|境). */
static bool edge_cut(unsigned char across, unsigned char inside)
{
    return (across & 1u) || ((across & 2u) && !(inside & 2u));
}

/* True when the occurrence of a gram of n units at position i has an edge
 * inside a word.  Chinese: edge_cut, at either end (进高质量 in 推进高质量,
 * 促进高质量: 推进 and 促进 cross its start).  English: it begins or ends
 * inside a hyphenated compound or a run of capitalised words ("Department
 * of the Central" in "... Central Committee"). */
static bool occurrence_cut(const stream *st, size_t i, int n)
{
    size_t j = i + (size_t)n;
    if (st->zh)
        return edge_cut(st->bound[j - 1], st->bound[j - 2]) || (i > 0 && edge_cut(st->bound[i - 1], st->bound[i]));
    if ((st->pos_flags[i] & P_JOINED) || (j < st->n && (st->pos_flags[j] & P_JOINED)))
        return true;
    /* A capital at the start of a run may only open a sentence
     * ("Developing Marxist ..."): it proves no name. */
    bool first_opens = i == 0 || st->units[i - 1] == SEP;
    if (!first_opens && i >= 2 && st->units[i - 2] != SEP && (st->pos_flags[i - 1] & P_CAP) &&
        (st->pos_flags[i] & P_CAP) && !(st->flags[st->units[i - 1]] & F_NOSTART))
        return true;
    return j < st->n && st->units[j] != SEP && (st->pos_flags[j] & P_CAP) && (st->pos_flags[j - 1] & P_CAP) &&
           !(st->flags[st->units[j]] & F_NOEND);
}

/* Yearly counts, readouts, sessions and first appearance of the accepted
 * grams of level n, whose ids per position are cur[], and how many of
 * their occurrences are cut or begin a clause. */
static void walk_level(ctx *x, stream *st, int n, const uint32_t *cur)
{
    const level *L = &st->lv[n];
    cand_list *cl = x->cl;
    size_t ny = cl->n_years;
    for (size_t r = 0; r < x->n_docs; r++) {
        uint32_t y = x->rank_year[r], sess = x->rank_session[r];
        for (size_t i = st->doc_start[r]; i < st->doc_start[r + 1]; i++) {
            uint32_t id = cur[i];
            if (id == DEAD || L->cand[id] < 0)
                continue;
            size_t k = (size_t)L->cand[id];
            cand *c = &cl->v[k];
            c->count++;
            if (occurrence_cut(st, i, n))
                c->cut++;
            if (st->pos_flags[i] & P_OPENS)
                c->open_left++;
            cl->yc[k * ny + y]++;
            if (c->last_rank != r) {
                c->last_rank = (uint32_t)r;
                c->df++;
                cl->yr[k * ny + y]++;
                if (c->first_rank == DEAD) {
                    c->first_rank = (uint32_t)r;
                    c->first_pos = (uint32_t)i;
                }
            }
            if (c->last_session != sess) {
                c->last_session = sess;
                c->sessions++;
            }
            if (cl->last_year_session[k] != sess) {
                cl->last_year_session[k] = sess;
                cl->ys[k * ny + y]++;
            }
            if (!st->zh) {
                /* The words as written, joined by a space. */
                char buf[1024];
                int o = snprintf(buf, sizeof buf, "%zu\x1f", k);
                for (int w = 0; w < n && o < (int)sizeof buf - 1; w++) {
                    const char *t = vocab_term(st->raw_words, st->raw_id[i + (size_t)w]);
                    o += snprintf(buf + o, sizeof buf - (size_t)o, "%s%s", w ? " " : "", t);
                }
                if (o >= (int)sizeof buf)
                    o = (int)sizeof buf - 1;
                uint32_t sid = vocab_intern(cl->surf, buf, (size_t)o);
                if (sid >= cl->surf_cap) {
                    size_t cap = cl->surf_cap ? cl->surf_cap * 2 : 1024;
                    while (cap <= sid)
                        cap *= 2;
                    cl->surf_count = xreallocarray(cl->surf_count, cap, sizeof *cl->surf_count);
                    memset(cl->surf_count + cl->surf_cap, 0, (cap - cl->surf_cap) * sizeof *cl->surf_count);
                    cl->surf_cap = cap;
                }
                cl->surf_count[sid]++;
            }
        }
    }
}

/* Marks where a bound pair of characters starts: a two-character
 * candidate (cohesive and free), or a pair seen at least min_count times
 * whose parts rarely occur apart (PMI >= PHR_BOUND_PMI) whatever its
 * neighbours: 边境 is bound though 地区 nearly always follows it.  cur[]
 * holds the ids of level 2 per position. */
static void mark_bound(const ctx *x, stream *st, const uint32_t *cur)
{
    const level *L2 = &st->lv[2], *L1 = &st->lv[1];
    /* is_bound: bit 0 bound, bit 1 loosely bound (PMI >= PHR_LOOSE_PMI) */
    unsigned char *is_bound = xcalloc(L2->n + 1, 1);
    for (uint32_t id = 0; id < L2->n; id++) {
        double c = L2->count[id];
        if (c < x->cfg->min_count)
            continue;
        double a = L1->count[L2->prefix[id]], b = L1->count[L2->unit[id]];
        double pmi = log(c * st->total / (a * b));
        is_bound[id] = (unsigned char)((L2->cand[id] >= 0 || pmi >= PHR_BOUND_PMI ? 1u : 0u) |
                                       (L2->cand[id] >= 0 || pmi >= PHR_LOOSE_PMI ? 2u : 0u));
    }
    for (size_t i = 0; i < st->n; i++)
        if (cur[i] != DEAD)
            st->bound[i] = is_bound[cur[i]];
    st->pair_bound = is_bound;
    /* A character in no pair, before or after, that is even loosely bound,
     * in most of its uses, stands alone: a particle or a conjunction (和,
     * 等). */
    uint32_t *alone = xcalloc(L1->n + 1, sizeof *alone);
    for (size_t i = 0; i < st->n; i++)
        if (st->units[i] != SEP && !(st->bound[i] & 2u) && (i == 0 || !(st->bound[i - 1] & 2u)))
            alone[st->units[i]]++;
    for (size_t u = 0; u < L1->n; u++)
        if (L1->count[u] >= PHR_ALONE_MIN && (double)alone[u] >= PHR_ALONE_SHARE * (double)L1->count[u])
            st->flags[u] |= F_ALONE;
    free(alone);
}

/* True when the Chinese characters a, b (in this order) are a bound pair. */
static bool pair_is_bound(const stream *st, uint32_t a, uint32_t b)
{
    uint32_t id = level_find(&st->lv[2], a, b);
    return id != DEAD && st->pair_bound != NULL && (st->pair_bound[id] & 2u);
}

/* English: flags the words that, by the data, lean on the word after them
 * ("economic", "imported", "promote"): written in lower case, seen at least
 * PHR_LEAN_MIN times, and followed by a content word (not a stop word, a
 * number or the end of a clause) in at least PHR_EN_LEAN_SHARE of their
 * uses.  No English phrase ends on one. */
static void mark_leaning(stream *st)
{
    const level *L1 = &st->lv[1];
    uint32_t *content = xcalloc(L1->n + 1, sizeof *content), *caps = xcalloc(L1->n + 1, sizeof *caps);
    for (size_t i = 0; i + 1 < st->n; i++) {
        uint32_t u = st->units[i], v = st->units[i + 1];
        if (u == SEP)
            continue;
        if (st->pos_flags[i] & P_CAP)
            caps[u]++;
        if (v != SEP && !(st->flags[v] & F_NOSTART))
            content[u]++;
    }
    for (size_t u = 0; u < L1->n; u++) {
        double c = L1->count[u];
        if (c >= PHR_LEAN_MIN && 2 * (double)caps[u] < c && (double)content[u] >= PHR_EN_LEAN_SHARE * c)
            st->flags[u] |= F_LEANS;
    }
    free(content);
    free(caps);
}

static void count_stream(ctx *x, stream *st)
{
    const phr_config *cfg = x->cfg;
    uint32_t min = cfg->min_count;
    size_t N = st->n;
    level *L1 = &st->lv[1];
    memset(L1, 0, sizeof *L1);
    L1->n = vocab_size(st->keys);
    L1->count = xcalloc(L1->n + 1, sizeof *L1->count);
    for (size_t i = 0; i < N; i++)
        if (st->units[i] != SEP)
            L1->count[st->units[i]]++;
    L1->lacc = xcalloc(L1->n + 1, sizeof *L1->lacc);
    L1->racc = xcalloc(L1->n + 1, sizeof *L1->racc);
    L1->cand = xcalloc(L1->n + 1, sizeof *L1->cand);
    for (size_t u = 0; u < L1->n; u++)
        L1->cand[u] = -1;
    uint32_t *cur = xcalloc(N + 1, sizeof *cur), *nxt = xcalloc(N + 1, sizeof *nxt);
    st->bound = xcalloc(N + 1, sizeof *st->bound);
    for (size_t i = 0; i < N; i++)
        cur[i] = st->units[i] != SEP && L1->count[st->units[i]] >= min ? st->units[i] : DEAD;
    if (!st->zh)
        mark_leaning(st);
    cur[N] = DEAD;
    for (int n = 1; n <= st->max_units; n++) {
        level *L = &st->lv[n], *H = &st->lv[n + 1];
        level_init(H, 1u << 16);
        for (size_t i = 0; i < N; i++) {
            /* The table is far larger than the caches: fetch the slot a few
             * positions ahead while this one is resolved. */
            size_t ahead = i + 8;
            if (ahead + 1 < N && cur[ahead] != DEAD && cur[ahead + 1] != DEAD)
                __builtin_prefetch(&H->slot[slot_of(H, cur[ahead], st->units[ahead + (size_t)n])]);
            if (cur[i] == DEAD || cur[i + 1] == DEAD) {
                nxt[i] = DEAD;
                continue;
            }
            uint32_t id = level_add(H, cur[i], st->units[i + (size_t)n], cur[i + 1]);
            H->count[id]++;
            nxt[i] = id;
        }
        nxt[N] = DEAD;
        for (size_t id = 0; id < H->n; id++) {
            double c = H->count[id], cl = c * log(c);
            L->racc[H->prefix[id]] += cl;
            L->lacc[H->suffix[id]] += cl;
        }
        score_level(x, st, n);
        if (n == 2 && st->zh)
            mark_bound(x, st, cur);
        walk_level(x, st, n, cur);
        if (n == st->max_units) {
            level_free(H);
            break;
        }
        uint32_t *remap = level_compact(H, min);
        for (size_t i = 0; i < N; i++)
            if (nxt[i] != DEAD)
                nxt[i] = remap[nxt[i]];
        free(remap);
        uint32_t *t = cur;
        cur = nxt;
        nxt = t;
        if (H->n == 0)
            break;
    }
    free(cur);
    free(nxt);
}

/* ---- contexts ------------------------------------------------------------------------- */

static bool sentence_end(const char *s, size_t len, size_t at, size_t next, uint32_t cp)
{
    if (cp == '\n' || cp == '!' || cp == '?' || cp == ';' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
        cp == 0xFF1B || cp == 0xFF0E)
        return true;
    (void)at;
    return cp == '.' && (next >= len || s[next] == ' ' || s[next] == '\n' || s[next] == '\r');
}

/* The sentence of s[0..len) around the match [a, b), cut to at most
 * PHR_CONTEXT_CHARS characters around it, tabs and line breaks as spaces.
 * Returns a new string. */
static char *sentence_around(const char *s, size_t len, size_t a, size_t b)
{
    size_t start = 0, end = len;
    for (size_t pos = 0; pos < a;) {
        size_t at = pos;
        uint32_t cp = norm_next_cp(s, len, &pos);
        if (sentence_end(s, len, at, pos, cp))
            start = pos;
    }
    for (size_t pos = b; pos < len;) {
        size_t at = pos;
        uint32_t cp = norm_next_cp(s, len, &pos);
        if (sentence_end(s, len, at, pos, cp)) {
            end = cp == '\n' ? at : pos;
            break;
        }
    }
    while (start < a && (s[start] == ' ' || s[start] == '\n' || s[start] == '\r' || s[start] == '\t'))
        start++;
    /* Code point boundaries of the sentence, to cut by characters. */
    size_t n_cp = 0, a_cp = 0, b_cp = 0;
    size_t *at = xcalloc(end - start + 2, sizeof *at);
    for (size_t pos = start; pos < end;) {
        if (pos == a)
            a_cp = n_cp;
        if (pos == b)
            b_cp = n_cp;
        at[n_cp++] = pos;
        norm_next_cp(s, len, &pos);
    }
    if (b >= end)
        b_cp = n_cp;
    at[n_cp] = end;
    size_t lo = 0, hi = n_cp;
    bool cut_lo = false, cut_hi = false;
    if (n_cp > PHR_CONTEXT_CHARS) {
        size_t room = PHR_CONTEXT_CHARS - 2; /* two ellipses */
        size_t ph = b_cp - a_cp;
        size_t side = ph < room ? (room - ph) / 2 : 0;
        lo = a_cp > side ? a_cp - side : 0;
        hi = lo + room < n_cp ? lo + room : n_cp;
        if (hi - lo < room && hi == n_cp)
            lo = n_cp > room ? n_cp - room : 0;
        cut_lo = lo > 0;
        cut_hi = hi < n_cp;
    }
    size_t bytes = at[hi] - at[lo];
    char *out = xmalloc(bytes + 8), *p = out;
    if (cut_lo) {
        memcpy(p, "\xe2\x80\xa6", 3);
        p += 3;
    }
    for (size_t k = at[lo]; k < at[hi]; k++)
        *p++ = (s[k] == '\t' || s[k] == '\n' || s[k] == '\r') ? ' ' : s[k];
    if (cut_hi) {
        memcpy(p, "\xe2\x80\xa6", 3);
        p += 3;
    }
    *p = '\0';
    free(at);
    return out;
}

/* ---- the whole ---------------------------------------------------------------------------- */

typedef struct {
    const phr_docinfo *info;
    const pt_corpus *c;
} order_ctx;

static const order_ctx *g_order; /* qsort has no context argument in C11 */

static int cmp_order(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const phr_docinfo *x = &g_order->info[a], *y = &g_order->info[b];
    int k = strcmp(x->date, y->date);
    if (k)
        return k;
    k = strcmp(x->session ? x->session : "", y->session ? y->session : "");
    if (k)
        return k;
    return a < b ? -1 : a > b;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

typedef struct {
    size_t cand;
    const char *lang;
    const char *key;
} final_ref;

static int cmp_final(const void *pa, const void *pb)
{
    const final_ref *a = pa, *b = pb;
    int k = strcmp(a->lang, b->lang);
    return k ? k : strcmp(a->key, b->key);
}

static bool zh_all_numeric(const char *s, size_t len)
{
    for (size_t pos = 0; pos < len;)
        if (!in_set(zh_numeric, norm_next_cp(s, len, &pos)))
            return false;
    return true;
}

/* The candidate spelled by the units u[0..n), or NULL. */
static const cand *cand_of(const stream *st, const cand_list *cl, const uint32_t *u, int n)
{
    uint32_t id = DEAD;
    if (n < 1 || n > PHR_MAX_UNITS || gram_count(st, u, n, &id) == 0 || id == DEAD)
        return NULL;
    int32_t k = st->lv[n].cand[id];
    return k >= 0 ? &cl->v[k] : NULL;
}

/* A word that, by the data, leans on the words after it: it opens a clause
 * in at least PHR_LEAN_OPEN of its occurrences and what follows it varies
 * (right branching entropy >= PHR_LEAN_ENTROPY), as a verb or a particle
 * does (推进, 加强, "called for").  A lexicon phrase never leans. */
static bool leans_right(const cand *a)
{
    return !a->forced && a->count >= PHR_LEAN_MIN && a->hr >= PHR_LEAN_ENTROPY &&
           (double)a->open_left >= PHR_LEAN_OPEN * (double)a->count;
}

/* True when candidate p (units u[0..n)) is a leaning word joined to a
 * word or phrase that stands alone (a candidate itself), and this pairing
 * is a small share of the leaning word's uses: 推进兴边富民 is 推进 +
 * 兴边富民, and a phrase may not end on one either.  The rest may
 * also be a single character when an occurrence of p is cut there (加强边,
 * from 加强边境).  The phrase is the part without the leaning word. */
static bool composed(const stream *st, const cand_list *cl, const cand *p, const uint32_t *u)
{
    int n = p->n;
    for (int k = 1; k < n; k++) {
        const cand *a = cand_of(st, cl, u, k), *b = cand_of(st, cl, u + k, n - k);
        bool a_alone = a != NULL || (k == 1 && p->cut > 0), b_alone = b != NULL || (n - k == 1 && p->cut > 0);
        if (a != NULL && b_alone && leans_right(a) && (double)p->count <= PHR_LEAN_SHARE * (double)a->count)
            return true;
        if (b != NULL && a_alone && leans_right(b) && (double)p->count <= PHR_LEAN_SHARE * (double)b->count)
            return true;
    }
    return false;
}

/* The lexicon entry phrase key is a whole form of, or -1. */
static long lex_whole(const lexicon *lex, bool zh, const char *key, size_t len)
{
    if (lex == NULL || len == 0)
        return -1;
    size_t end = 0, pos = 0;
    uint32_t cp = norm_next_cp(key, len, &pos);
    long e;
    if (zh) {
        e = lex_match_zh(lex, key, len, 0, cp, &end);
    } else {
        size_t run = 0;
        while (run < len && key[run] != ' ')
            run++;
        e = lex_match_en(lex, key, len, 0, run, &end);
    }
    return e >= 0 && end == len ? e : -1;
}

int phr_discover(phr_set *out, const pt_corpus *c, const phr_docinfo *info, const phr_config *cfg,
                 const lexicon *lex, const stop_list *stop, pt_error *err)
{
    memset(out, 0, sizeof *out);
    if (cfg->zh_min < 2 || cfg->zh_max < cfg->zh_min || cfg->zh_max > PHR_MAX_UNITS || cfg->en_min < 1 ||
        cfg->en_max < cfg->en_min || cfg->en_max > PHR_MAX_UNITS || cfg->min_count < 2)
        return pt_fail(err, PT_ERR_USAGE, "phrases: lengths or minimum count out of range");
    for (size_t k = 0; k < c->n; k++)
        if (info[k].date == NULL || !corpus_valid_date(info[k].date)) {
            const pt_doc *d = &c->docs[k];
            return pt_fail(err, PT_ERR_DATA,
                           "%s:%ld: %s: the readout has no date; phrase discovery needs the date of every readout "
                           "(add \"date\": \"YYYY-MM-DD\")",
                           d->source, d->line, d->id);
        }
    normalizer *norm = norm_open(err);
    if (norm == NULL)
        return -1;

    size_t nd = c->n;
    size_t *order = xcalloc(nd + 1, sizeof *order);
    for (size_t k = 0; k < nd; k++)
        order[k] = k;
    order_ctx oc = {info, c};
    g_order = &oc;
    qsort(order, nd, sizeof *order, cmp_order);
    g_order = NULL;

    /* Years and session keys by rank. */
    int *years = xcalloc(nd + 1, sizeof *years);
    size_t n_years = 0;
    for (size_t r = 0; r < nd; r++) {
        int y = atoi(info[order[r]].date);
        if (n_years == 0 || years[n_years - 1] != y)
            years[n_years++] = y;
    }
    qsort(years, n_years, sizeof *years, cmp_int);
    uint32_t *rank_year = xcalloc(nd + 1, sizeof *rank_year);
    uint32_t *rank_session = xcalloc(nd + 1, sizeof *rank_session);
    vocab *sessions = vocab_new();
    out->doc_year = xcalloc(nd + 1, sizeof *out->doc_year);
    out->year_docs = xcalloc(n_years + 1, sizeof *out->year_docs);
    for (size_t r = 0; r < nd; r++) {
        const phr_docinfo *di = &info[order[r]];
        int y = atoi(di->date);
        size_t yi = 0;
        while (years[yi] != y)
            yi++;
        rank_year[r] = (uint32_t)yi;
        out->doc_year[order[r]] = yi;
        out->year_docs[yi]++;
        const char *key = di->session ? di->session : di->date;
        char buf[256];
        snprintf(buf, sizeof buf, "%c%s", di->session ? 's' : 'd', key);
        rank_session[r] = vocab_intern(sessions, buf, strlen(buf));
    }

    stream zh, en;
    memset(&zh, 0, sizeof zh);
    memset(&en, 0, sizeof en);
    zh.zh = true;
    zh.min_units = cfg->zh_min;
    zh.max_units = cfg->zh_max;
    en.min_units = cfg->en_min;
    en.max_units = cfg->en_max;
    zh.keys = vocab_new();
    en.keys = vocab_new();
    en.raw_words = vocab_new();
    zh.doc_start = xcalloc(nd + 1, sizeof *zh.doc_start);
    en.doc_start = xcalloc(nd + 1, sizeof *en.doc_start);
    cand_list cl;
    memset(&cl, 0, sizeof cl);
    cl.n_years = n_years;
    cl.surf = vocab_new();
    lex_form *forms = NULL;
    size_t n_forms = 0;
    int rc = -1;
    for (size_t r = 0; r < nd; r++) {
        const pt_doc *d = &c->docs[order[r]];
        zh.doc_start[r] = zh.n;
        en.doc_start[r] = en.n;
        if (strcmp(d->lang, "en") == 0) {
            en.n_docs_lang++;
            if (add_en(&en, norm, d->text, d->text_len, err) != 0) {
                pt_error_prefix(err, "%s:%ld: %s: ", d->source, d->line, d->id);
                goto done;
            }
        } else {
            const char *s;
            size_t len;
            if (norm_run(norm, d->text, d->text_len, c->lenient, &s, &len, NULL, err) != 0) {
                pt_error_prefix(err, "%s:%ld: %s: ", d->source, d->line, d->id);
                goto done;
            }
            zh.n_docs_lang++;
            add_zh(&zh, s, len);
        }
    }
    zh.doc_start[nd] = zh.n;
    en.doc_start[nd] = en.n;
    n_forms = lex_forms(lex, &zh, &en, norm, &forms, err);
    if (n_forms == (size_t)-1) {
        forms = NULL;
        goto done;
    }

    ctx x = {cfg, stop, order, rank_year, rank_session, nd, forms, n_forms, &cl};
    if (zh.total > 0)
        count_stream(&x, &zh);
    if (en.total > 0)
        count_stream(&x, &en);
    out->n_candidates = cl.n;

    /* English surface forms: the most frequent spelling of each phrase. */
    uint32_t *best_surf = xcalloc(cl.n + 1, sizeof *best_surf);
    for (size_t k = 0; k < cl.n; k++)
        best_surf[k] = DEAD;
    for (uint32_t sid = 0; sid < vocab_size(cl.surf); sid++) {
        const char *t = vocab_term(cl.surf, sid);
        size_t k = strtoul(t, NULL, 10);
        uint32_t b = best_surf[k];
        if (b == DEAD || cl.surf_count[sid] > cl.surf_count[b] ||
            (cl.surf_count[sid] == cl.surf_count[b] && strcmp(t, vocab_term(cl.surf, b)) < 0))
            best_surf[k] = sid;
    }

    /* Filters, then the phrases in (lang, key) order. */
    final_ref *fr = xcalloc(cl.n + 1, sizeof *fr);
    char **keys = xcalloc(cl.n + 1, sizeof *keys);
    size_t n_final = 0;
    for (size_t k = 0; k < cl.n; k++) {
        cand *cd = &cl.v[k];
        uint32_t u[PHR_MAX_UNITS];
        gram_units(cd->st, cd->n, cd->id, u);
        keys[k] = units_text(cd->st, u, cd->n);
        if (cd->df == 0 || (!cd->forced && cd->df < cfg->min_readouts))
            continue;
        const char *lang = cd->st->zh ? "zh" : "en";
        size_t klen = strlen(keys[k]);
        double share = (double)cd->df / (double)cd->st->n_docs_lang;
        if (!cd->forced && ((share > cfg->max_doc_share && cd->df >= PHR_BOILER_MIN_DOCS) || stop_match(stop, lang, keys[k], klen) ||
                            (cd->st->zh && zh_all_numeric(keys[k], klen)))) {
            out->n_boilerplate++;
            continue;
        }
        if (!cd->forced) {
            /* An English edge is read from the spelling and is sure; a
             * Chinese one is inferred, so it must hold in most uses. */
            bool cut = cd->st->zh ? 2 * (double)cd->cut > (double)cd->count : 2 * (double)cd->cut >= (double)cd->count;
            if (cut || composed(cd->st, &cl, cd, u)) {
                out->n_fragments++;
                continue;
            }
        }
        if (cd->lex_index < 0)
            cd->lex_index = lex_whole(lex, cd->st->zh, keys[k], klen);
        fr[n_final++] = (final_ref){k, lang, keys[k]};
    }
    qsort(fr, n_final, sizeof *fr, cmp_final);

    out->v = xcalloc(n_final + 1, sizeof *out->v);
    out->n = n_final;
    out->years = years;
    out->n_years = n_years;
    years = NULL;
    out->n_docs = nd;
    out->year_count = xcalloc(n_final * n_years + 1, sizeof *out->year_count);
    out->year_readouts = xcalloc(n_final * n_years + 1, sizeof *out->year_readouts);
    out->year_sessions = xcalloc(n_final * n_years + 1, sizeof *out->year_sessions);
    size_t n_lex = lex ? lex_count(lex) : 0;
    uint32_t *lex_first = xcalloc(n_lex + 1, sizeof *lex_first);
    for (size_t i = 0; i < n_lex; i++)
        lex_first[i] = DEAD;
    for (size_t j = 0; j < n_final; j++) {
        size_t k = fr[j].cand;
        cand *cd = &cl.v[k];
        phr_phrase *p = &out->v[j];
        strcpy(p->lang, fr[j].lang);
        p->key = keys[k];
        keys[k] = NULL;
        if (!cd->st->zh && best_surf[k] != DEAD)
            p->text = xstrdup(strchr(vocab_term(cl.surf, best_surf[k]), '\x1f') + 1);
        else
            p->text = xstrdup(p->key);
        p->lex_index = cd->lex_index;
        p->count = cd->count;
        p->readouts = cd->df;
        p->sessions = cd->sessions;
        p->first_doc = order[cd->first_rank];
        p->pmi = cd->pmi;
        p->entropy = cd->ent;
        memcpy(out->year_count + j * n_years, cl.yc + k * n_years, n_years * sizeof *cl.yc);
        memcpy(out->year_readouts + j * n_years, cl.yr + k * n_years, n_years * sizeof *cl.yr);
        memcpy(out->year_sessions + j * n_years, cl.ys + k * n_years, n_years * sizeof *cl.ys);
        if (p->lex_index >= 0 && cd->first_rank < lex_first[p->lex_index])
            lex_first[p->lex_index] = cd->first_rank;

        /* The sentence of the first appearance, from the text as written. */
        const pt_doc *d = &c->docs[p->first_doc];
        if (cd->st->zh) {
            const char *hit = memmem(d->text, d->text_len, p->key, strlen(p->key));
            if (hit) {
                size_t a = (size_t)(hit - d->text);
                p->context = sentence_around(d->text, d->text_len, a, a + strlen(p->key));
            } else {
                /* Written in another form (traditional, full-width): the normalised sentence. */
                const char *s;
                size_t len;
                if (norm_run(norm, d->text, d->text_len, true, &s, &len, NULL, err) != 0)
                    goto done_final;
                hit = memmem(s, len, p->key, strlen(p->key));
                size_t a = hit ? (size_t)(hit - s) : 0;
                p->context = sentence_around(s, len, a, a + (hit ? strlen(p->key) : 0));
            }
        } else {
            size_t i0 = cd->first_pos, i1 = i0 + (size_t)cd->n - 1;
            size_t a = en.raw_off[i0];
            size_t b = en.raw_off[i1] + vocab_term_len(en.raw_words, en.raw_id[i1]);
            p->context = sentence_around(d->text, d->text_len, a, b);
        }
    }
    /* Groups: a lexicon entry's forms are one phrase; others stand alone. */
    for (size_t j = 0; j < n_final; j++) {
        phr_phrase *p = &out->v[j];
        p->group = p->lex_index >= 0 ? n_final + (size_t)p->lex_index : j;
        size_t first_rank = p->lex_index >= 0 ? lex_first[p->lex_index] : cl.v[fr[j].cand].first_rank;
        p->group_first_doc = order[first_rank];
    }
    rc = 0;
done_final:
    free(lex_first);
    for (size_t k = 0; k < cl.n; k++)
        free(keys[k]);
    free(keys);
    free(fr);
    free(best_surf);
done:
    free(forms);
    free(cl.v);
    free(cl.yc);
    free(cl.yr);
    free(cl.ys);
    free(cl.last_year_session);
    free(cl.surf_count);
    vocab_free(cl.surf);
    stream_free(&zh);
    stream_free(&en);
    vocab_free(sessions);
    free(rank_year);
    free(rank_session);
    free(years);
    free(order);
    norm_close(norm);
    if (rc != 0)
        phr_set_free(out);
    return rc;
}

void phr_set_free(phr_set *s)
{
    for (size_t k = 0; k < s->n; k++) {
        free(s->v[k].text);
        free(s->v[k].key);
        free(s->v[k].context);
    }
    free(s->v);
    free(s->years);
    free(s->year_count);
    free(s->year_readouts);
    free(s->year_sessions);
    free(s->year_docs);
    free(s->doc_year);
    memset(s, 0, sizeof *s);
}

/* ---- queries ------------------------------------------------------------------------------- */

long phr_year_index(const phr_set *s, int year)
{
    for (size_t k = 0; k < s->n_years; k++)
        if (s->years[k] == year)
            return (long)k;
    return -1;
}

int phr_first_year(const phr_set *s, size_t k)
{
    return s->years[s->doc_year[s->v[k].group_first_doc]];
}

double phr_salience(const phr_set *s, size_t k, long y)
{
    double c, r, n;
    if (y < 0) {
        c = s->v[k].count;
        r = s->v[k].readouts;
        n = s->v[k].sessions;
    } else {
        size_t i = k * s->n_years + (size_t)y;
        c = s->year_count[i];
        r = s->year_readouts[i];
        n = s->year_sessions[i];
    }
    return log2(1 + c) + log2(1 + r) + log2(1 + n);
}

typedef struct {
    size_t k;
    double sal;
    const char *key;
} sal_ref;

static int cmp_sal(const void *pa, const void *pb)
{
    const sal_ref *a = pa, *b = pb;
    if (a->sal != b->sal)
        return a->sal > b->sal ? -1 : 1;
    int k = strcmp(a->key, b->key);
    return k ? k : (a->k < b->k ? -1 : a->k > b->k);
}

size_t phr_rank(const phr_set *s, long y, size_t top, size_t *idx)
{
    sal_ref *v = xcalloc(s->n + 1, sizeof *v);
    size_t n = 0;
    for (size_t k = 0; k < s->n; k++) {
        if (y >= 0 && s->year_count[k * s->n_years + (size_t)y] == 0)
            continue;
        v[n++] = (sal_ref){k, phr_salience(s, k, y), s->v[k].key};
    }
    qsort(v, n, sizeof *v, cmp_sal);
    if (top > 0 && n > top)
        n = top;
    for (size_t j = 0; j < n; j++)
        idx[j] = v[j].k;
    free(v);
    return n;
}

size_t phr_new_in_year(const phr_set *s, long y, size_t top, size_t *idx)
{
    if (y <= 0 || (size_t)y >= s->n_years)
        return 0;
    sal_ref *v = xcalloc(s->n + 1, sizeof *v);
    size_t n = 0;
    for (size_t k = 0; k < s->n; k++)
        if (s->doc_year[s->v[k].group_first_doc] == (size_t)y && s->year_count[k * s->n_years + (size_t)y] > 0)
            v[n++] = (sal_ref){k, phr_salience(s, k, y), s->v[k].key};
    qsort(v, n, sizeof *v, cmp_sal);
    /* One phrase per group: the most salient. */
    size_t m = 0;
    for (size_t j = 0; j < n && m < top; j++) {
        bool dup = false;
        for (size_t i = 0; i < m && !dup; i++)
            dup = s->v[idx[i]].group == s->v[v[j].k].group;
        if (!dup)
            idx[m++] = v[j].k;
    }
    free(v);
    return m;
}

long phr_find(const phr_set *s, const char *lang, const char *key)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int k = strcmp(s->v[mid].lang, lang);
        if (k == 0)
            k = strcmp(s->v[mid].key, key);
        if (k == 0)
            return (long)mid;
        if (k < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}
