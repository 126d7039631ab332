/*
 * terms.c — what the readouts of a year say (internal.h): the year's top
 * terms, rising and falling terms and first appearances (phrases found in
 * the text, phrases.c), the lexicon phrases whose first appearance in the
 * whole corpus is this year, and the tifa phrase counts.
 *
 * Everything is counted over readouts, from the bags the bundle's tokeniser
 * made: a bilingual session contributes its English tokens and its Chinese
 * tokens.  Tokens "tifa:<key>" (lexicon phrases) are kept out of the term
 * tables and reported under tifa instead.  Ties are broken by the bytes of
 * the term, so the lists never depend on input order.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "reports/internal.h"

/* ---- per-year counts ----------------------------------------------------------- */

typedef struct {
    size_t n_raw;
    uint32_t *count;     /* occurrences in the year's readouts */
    uint32_t *readouts;  /* the year's readouts containing the token */
    uint32_t *earlier;   /* occurrences in readouts of earlier years */
    double target, reference; /* term (non-tifa) occurrences: this year, earlier years */
    size_t n_earlier_years;
} year_counts;

static void count_year(const report_ctx *r, int year, year_counts *yc)
{
    const bag_set *bags = r->in.bags;
    memset(yc, 0, sizeof *yc);
    yc->n_raw = vocab_size(bags->raw);
    yc->count = xcalloc(yc->n_raw + 1, sizeof *yc->count);
    yc->readouts = xcalloc(yc->n_raw + 1, sizeof *yc->readouts);
    yc->earlier = xcalloc(yc->n_raw + 1, sizeof *yc->earlier);
    for (size_t d = 0; d < bags->n_docs; d++) {
        int y = r->sessions.v[r->sessions.doc_session[d]].year;
        if (y > year)
            continue;
        for (size_t e = bags->offsets[d]; e < bags->offsets[d + 1]; e++) {
            uint32_t t = bags->ids[e], n = bags->counts[e];
            if (y == year) {
                yc->count[t] += n;
                yc->readouts[t]++;
                if (!r->is_tifa[t])
                    yc->target += n;
            } else {
                yc->earlier[t] += n;
                if (!r->is_tifa[t])
                    yc->reference += n;
            }
        }
    }
    for (size_t k = 0; k < r->n_years && r->years[k] < year; k++)
        yc->n_earlier_years++;
}

static void free_counts(year_counts *yc)
{
    free(yc->count);
    free(yc->readouts);
    free(yc->earlier);
}

/* ---- ranking ------------------------------------------------------------------- */

typedef struct {
    uint32_t id;         /* raw token id */
    double score;
    const char *term;
} ranked;

/* Ascending score (most negative first), then term bytes. */
static int cmp_asc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return strcmp(x->term, y->term);
}

/* The year's terms are phrases found in the text, in surface form
 * (phrases.c); the model's tokens (stems, character bigrams) are never
 * shown. */
json_t *rp_terms_json(const report_ctx *r, int year, pt_error *err)
{
    (void)err;
    return rp_phrase_terms_json(r, year);
}

/* ---- first appearances -------------------------------------------------------- */

static json_t *first_where(const report_ctx *r, long s)
{
    json_t *o = json_object();
    json_object_set_new(o, "session", json_string(r->sessions.v[s].id));
    json_object_set_new(o, "date", json_string(r->sessions.v[s].date));
    return o;
}

json_t *rp_first_seen_json(const report_ctx *r, int year)
{
    year_counts yc;
    count_year(r, year, &yc);

    /* Lexicon phrases in order of first appearance (session order), then key. */
    ranked *ph = xcalloc(r->n_tifa + 1, sizeof *ph);
    size_t n_ph = 0;
    for (size_t k = 0; k < r->n_tifa; k++) {
        long t = r->tifa[k].token;
        if (t < 0 || r->first_session[t] < 0 || r->sessions.v[r->first_session[t]].year != year)
            continue;
        ph[n_ph++] = (ranked){(uint32_t)k, (double)r->first_session[t], r->tifa[k].key};
    }
    qsort(ph, n_ph, sizeof *ph, cmp_asc);
    json_t *tifa = json_array();
    for (size_t i = 0; i < n_ph; i++) {
        size_t k = ph[i].id;
        long t = r->tifa[k].token;
        json_t *o = first_where(r, r->first_session[t]);
        json_object_set_new(o, "key", json_string(r->tifa[k].key));
        json_object_set_new(o, "theme", rj_str(rp_tifa_theme(r, k)));
        json_object_set_new(o, "zh", rj_str(rp_tifa_zh(r, k)));
        json_object_set_new(o, "en", rj_str(rp_tifa_en(r, k)));
        json_object_set_new(o, "count", json_integer(yc.count[t]));
        json_array_append_new(tifa, o);
    }
    free(ph);

    json_t *terms = rp_phrase_first_json(r, year);
    free_counts(&yc);

    json_t *o = json_object();
    json_object_set_new(o, "tifa", tifa);
    json_object_set_new(o, "terms", terms);
    return o;
}

/* ---- tifa phrases ------------------------------------------------------------- */

const char *rp_tifa_theme(const report_ctx *r, size_t k)
{
    return r->tifa[k].lex_index >= 0 ? lex_theme(r->in.lex, (size_t)r->tifa[k].lex_index) : NULL;
}

const char *rp_tifa_zh(const report_ctx *r, size_t k)
{
    return r->tifa[k].lex_index >= 0 ? lex_zh(r->in.lex, (size_t)r->tifa[k].lex_index) : NULL;
}

const char *rp_tifa_en(const report_ctx *r, size_t k)
{
    return r->tifa[k].lex_index >= 0 ? lex_en(r->in.lex, (size_t)r->tifa[k].lex_index) : NULL;
}

void rp_tifa_series(const report_ctx *r, size_t k, size_t *count, size_t *sessions)
{
    memcpy(count, r->tifa_count + k * r->n_years, r->n_years * sizeof *count);
    memcpy(sessions, r->tifa_sessions + k * r->n_years, r->n_years * sizeof *sessions);
}

typedef struct {
    size_t k;
    size_t count;
    const char *key;
} tifa_rank;

static int cmp_tifa(const void *a, const void *b)
{
    const tifa_rank *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

json_t *rp_tifa_year_json(const report_ctx *r, int year)
{
    long yi = report_year_index(r, year);
    size_t *count = xcalloc(r->n_years + 1, sizeof *count);
    size_t *sessions = xcalloc(r->n_years + 1, sizeof *sessions);
    size_t *prev_count = xcalloc(r->n_tifa + 1, sizeof *prev_count);
    size_t *prev_sessions = xcalloc(r->n_tifa + 1, sizeof *prev_sessions);
    size_t *this_sessions = xcalloc(r->n_tifa + 1, sizeof *this_sessions);
    tifa_rank *rk = xcalloc(r->n_tifa + 1, sizeof *rk);
    size_t n = 0, total = 0;
    for (size_t k = 0; k < r->n_tifa; k++) {
        rp_tifa_series(r, k, count, sessions);
        size_t pc = yi > 0 ? count[yi - 1] : 0;
        if (count[yi] == 0 && pc == 0)
            continue;
        prev_count[k] = pc;
        prev_sessions[k] = yi > 0 ? sessions[yi - 1] : 0;
        this_sessions[k] = sessions[yi];
        total += count[yi];
        rk[n++] = (tifa_rank){k, count[yi], r->tifa[k].key};
    }
    qsort(rk, n, sizeof *rk, cmp_tifa);
    json_t *phrases = json_array();
    for (size_t i = 0; i < n; i++) {
        size_t k = rk[i].k;
        json_t *o = json_object();
        json_object_set_new(o, "key", json_string(r->tifa[k].key));
        json_object_set_new(o, "theme", rj_str(rp_tifa_theme(r, k)));
        json_object_set_new(o, "zh", rj_str(rp_tifa_zh(r, k)));
        json_object_set_new(o, "en", rj_str(rp_tifa_en(r, k)));
        json_object_set_new(o, "count", json_integer((json_int_t)rk[i].count));
        json_object_set_new(o, "sessions", json_integer((json_int_t)this_sessions[k]));
        if (yi > 0) {
            json_object_set_new(o, "previous_count", json_integer((json_int_t)prev_count[k]));
            json_object_set_new(o, "previous_sessions", json_integer((json_int_t)prev_sessions[k]));
            json_object_set_new(o, "change", json_integer((json_int_t)rk[i].count - (json_int_t)prev_count[k]));
        } else {
            json_object_set_new(o, "previous_count", json_null());
            json_object_set_new(o, "previous_sessions", json_null());
            json_object_set_new(o, "change", json_null());
        }
        json_array_append_new(phrases, o);
    }
    json_t *o = json_object();
    json_object_set_new(o, "previous_year", yi > 0 ? json_integer(r->years[yi - 1]) : json_null());
    json_object_set_new(o, "total", json_integer((json_int_t)total));
    json_object_set_new(o, "phrases", phrases);
    free(count);
    free(sessions);
    free(prev_count);
    free(prev_sessions);
    free(this_sessions);
    free(rk);
    return o;
}
