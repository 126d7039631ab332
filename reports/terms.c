/*
 * terms.c — what the readouts of a year say (internal.h): the year's top
 * terms by TF-IDF, the terms rising and falling against all earlier years
 * (signed G², keyness.c), the lexicon phrases and terms whose first
 * appearance in the whole corpus is this year, and the tifa phrase counts.
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

/* Descending score, then term bytes. */
static int cmp_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->term, y->term);
}

/* Ascending score (most negative first), then term bytes. */
static int cmp_asc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return strcmp(x->term, y->term);
}

/* The top terms by summed TF-IDF weight over the year's readouts, weighted
 * exactly as the model weights them (tfidf_transform: sublinear tf × idf,
 * each readout's row L2-normalised).  Terms the model lacks weigh 0. */
static json_t *top_terms(const report_ctx *r, int year, const year_counts *yc, pt_error *err)
{
    size_t n_docs;
    size_t *docs = rp_year_docs(r, year, &n_docs);
    gsl_spmatrix *X = tfidf_transform(r->in.tfidf, r->in.bags, docs, n_docs, err);
    free(docs);
    if (X == NULL)
        return NULL;
    size_t n_cols = X->size2;
    double *sum = xcalloc(n_cols + 1, sizeof *sum);
    for (size_t row = 0; row < X->size1; row++)
        for (int k = X->p[row]; k < X->p[row + 1]; k++)
            sum[X->i[k]] += X->data[k];
    gsl_spmatrix_free(X);

    const vocab *terms = r->in.tfidf->terms;
    ranked *rk = xcalloc(n_cols + 1, sizeof *rk);
    size_t n = 0;
    for (size_t col = 0; col < n_cols; col++) {
        const char *term = vocab_term(terms, (uint32_t)col);
        if (sum[col] <= 0.0 || strncmp(term, "tifa:", 5) == 0)
            continue;
        rk[n++] = (ranked){(uint32_t)col, sum[col], term};
    }
    qsort(rk, n, sizeof *rk, cmp_desc);
    json_t *arr = json_array();
    for (size_t k = 0; k < n && k < REPORT_TOP_TERMS; k++) {
        long raw = vocab_lookup(r->in.bags->raw, rk[k].term, strlen(rk[k].term));
        json_t *o = json_object();
        json_object_set_new(o, "term", json_string(rk[k].term));
        json_object_set_new(o, "weight", rj_num(rk[k].score));
        json_object_set_new(o, "count", json_integer(raw >= 0 ? yc->count[raw] : 0));
        json_object_set_new(o, "readouts", json_integer(raw >= 0 ? yc->readouts[raw] : 0));
        json_array_append_new(arr, o);
    }
    free(rk);
    free(sum);
    return arr;
}

static json_t *key_term_json(const report_ctx *r, const year_counts *yc, const ranked *x)
{
    (void)r;
    json_t *o = json_object();
    json_object_set_new(o, "term", json_string(x->term));
    json_object_set_new(o, "count", json_integer(yc->count[x->id]));
    json_object_set_new(o, "count_earlier", json_integer(yc->earlier[x->id]));
    json_object_set_new(o, "g2", rj_num(x->score));
    return o;
}

json_t *rp_terms_json(const report_ctx *r, int year, pt_error *err)
{
    year_counts yc;
    count_year(r, year, &yc);
    json_t *top = top_terms(r, year, &yc, err);
    if (top == NULL) {
        free_counts(&yc);
        return NULL;
    }
    json_t *rising = json_array(), *falling = json_array();
    if (yc.reference > 0 && yc.target > 0) {
        const vocab *raw = r->in.bags->raw;
        ranked *pos = xcalloc(yc.n_raw + 1, sizeof *pos), *neg = xcalloc(yc.n_raw + 1, sizeof *neg);
        size_t n_pos = 0, n_neg = 0;
        for (uint32_t t = 0; t < yc.n_raw; t++) {
            double a = yc.count[t], b = yc.earlier[t];
            if (r->is_tifa[t] || a + b == 0)
                continue;
            double g2 = report_g2(a, b, yc.target - a, yc.reference - b);
            ranked x = {t, g2, vocab_term(raw, t)};
            if (g2 > 0)
                pos[n_pos++] = x;
            else if (g2 < 0)
                neg[n_neg++] = x;
        }
        qsort(pos, n_pos, sizeof *pos, cmp_desc);
        qsort(neg, n_neg, sizeof *neg, cmp_asc);
        for (size_t k = 0; k < n_pos && k < REPORT_KEY_TERMS; k++)
            json_array_append_new(rising, key_term_json(r, &yc, &pos[k]));
        for (size_t k = 0; k < n_neg && k < REPORT_KEY_TERMS; k++)
            json_array_append_new(falling, key_term_json(r, &yc, &neg[k]));
        free(pos);
        free(neg);
    }
    json_t *o = json_object();
    json_object_set_new(o, "top", top);
    json_object_set_new(o, "rising", rising);
    json_object_set_new(o, "falling", falling);
    json_object_set_new(o, "target_tokens", json_integer((json_int_t)yc.target));
    json_object_set_new(o, "reference_tokens", json_integer((json_int_t)yc.reference));
    json_t *ref_years = json_array();
    for (size_t k = 0; k < yc.n_earlier_years; k++)
        json_array_append_new(ref_years, json_integer(r->years[k]));
    json_object_set_new(o, "reference_years", ref_years);
    free_counts(&yc);
    return o;
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
    const vocab *raw = r->in.bags->raw;

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

    ranked *rk = xcalloc(yc.n_raw + 1, sizeof *rk);
    size_t n = 0;
    for (uint32_t t = 0; t < yc.n_raw; t++) {
        long s = r->first_session[t];
        if (r->is_tifa[t] || s < 0 || r->sessions.v[s].year != year || yc.readouts[t] < 2)
            continue;
        rk[n++] = (ranked){t, (double)yc.count[t], vocab_term(raw, t)};
    }
    qsort(rk, n, sizeof *rk, cmp_desc);
    json_t *terms = json_array();
    for (size_t k = 0; k < n && k < REPORT_FIRST_TERMS; k++) {
        json_t *o = first_where(r, r->first_session[rk[k].id]);
        json_object_set_new(o, "term", json_string(rk[k].term));
        json_object_set_new(o, "count", json_integer(yc.count[rk[k].id]));
        json_object_set_new(o, "readouts", json_integer(yc.readouts[rk[k].id]));
        json_array_append_new(terms, o);
    }
    free(rk);
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
