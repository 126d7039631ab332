/*
 * phrases.c — what is new in a year, in the readouts' own words
 * (internal.h): phrase discovery (features/phrases.h) over the whole
 * corpus, each readout placed at its session's date, then per year the
 * phrases first seen that year (new_phrases, with the sentence they first
 * appeared in), the top phrases, the phrases rising and falling against
 * all earlier years (signed G², keyness.c) and the first appearances.
 * Everything a person reads here is a phrase as written, never a stem or a
 * character bigram.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "reports/internal.h"

int rp_phrases_build(report_ctx *r, pt_error *err)
{
    const pt_corpus *c = r->in.corpus;
    r->phr_info = xcalloc(c->n + 1, sizeof *r->phr_info);
    for (size_t k = 0; k < c->n; k++) {
        const report_session *s = &r->sessions.v[r->sessions.doc_session[k]];
        r->phr_info[k].date = s->date;
        r->phr_info[k].session = s->id;
    }
    /* Study-session corpora are small: a phrase twice in one readout may be
     * new, so the minimum counts are lower than for news. */
    phr_config cfg;
    phr_config_default(&cfg);
    cfg.min_count = 2;
    cfg.min_readouts = 1;
    cfg.min_pmi = 3.0; /* two occurrences say little about freedom: ask for more cohesion */
    return phr_discover(&r->phrases, c, r->phr_info, &cfg, r->in.lex, r->in.stop, err);
}

void rp_phrases_free(report_ctx *r)
{
    if (r->phr_info)
        phr_set_free(&r->phrases);
    free(r->phr_info);
    r->phr_info = NULL;
}

/* Where phrase k first appeared: date, session (null when the session has
 * no number) and readout id. */
static void first_where(const report_ctx *r, size_t k, json_t *o)
{
    const phr_phrase *p = &r->phrases.v[k];
    const report_session *s = &r->sessions.v[r->sessions.doc_session[p->first_doc]];
    json_object_set_new(o, "first_seen", json_string(s->date));
    json_object_set_new(o, "session", s->cc > 0 && s->number > 0 ? json_string(s->id) : json_null());
    json_object_set_new(o, "readout", json_string(r->in.corpus->docs[p->first_doc].id));
}

json_t *rp_new_phrases_json(const report_ctx *r, int year)
{
    json_t *arr = json_array();
    long y = phr_year_index(&r->phrases, year);
    if (y <= 0)
        return arr;
    size_t top = r->in.new_phrases ? r->in.new_phrases : REPORT_NEW_PHRASES;
    size_t *idx = xcalloc(top + 1, sizeof *idx);
    size_t n = phr_new_in_year(&r->phrases, y, top, idx);
    for (size_t j = 0; j < n; j++) {
        size_t k = idx[j], at = k * r->phrases.n_years + (size_t)y;
        const phr_phrase *p = &r->phrases.v[k];
        json_t *o = json_object();
        json_object_set_new(o, "phrase", json_string(p->text));
        json_object_set_new(o, "lang", json_string(p->lang));
        first_where(r, k, o);
        json_object_set_new(o, "count", json_integer(r->phrases.year_count[at]));
        json_object_set_new(o, "readouts", json_integer(r->phrases.year_readouts[at]));
        json_object_set_new(o, "sessions", json_integer(r->phrases.year_sessions[at]));
        json_object_set_new(o, "context", rj_str(p->context));
        json_array_append_new(arr, o);
    }
    free(idx);
    return arr;
}

json_t *rp_new_phrases_note(const report_ctx *r, int year)
{
    if (phr_year_index(&r->phrases, year) > 0)
        return json_null();
    char buf[160];
    snprintf(buf, sizeof buf, "%d is the first year of the corpus: there is nothing to compare with, so no phrase "
                              "is called new", year);
    return json_string(buf);
}

typedef struct {
    size_t k;
    double score;
    const char *key;
} ranked_phrase;

static int cmp_desc(const void *a, const void *b)
{
    const ranked_phrase *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    int k = strcmp(x->key, y->key);
    return k ? k : (x->k < y->k ? -1 : x->k > y->k);
}

static int cmp_asc(const void *a, const void *b)
{
    const ranked_phrase *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    int k = strcmp(x->key, y->key);
    return k ? k : (x->k < y->k ? -1 : x->k > y->k);
}

json_t *rp_phrase_terms_json(const report_ctx *r, int year)
{
    const phr_set *ps = &r->phrases;
    long y = phr_year_index(ps, year);
    size_t ny = ps->n_years;
    double target = 0, reference = 0;
    uint32_t *earlier = xcalloc(ps->n + 1, sizeof *earlier);
    for (size_t k = 0; k < ps->n && y >= 0; k++) {
        target += ps->year_count[k * ny + (size_t)y];
        for (long e = 0; e < y; e++)
            earlier[k] += ps->year_count[k * ny + (size_t)e];
        reference += earlier[k];
    }
    ranked_phrase *top = xcalloc(ps->n + 1, sizeof *top), *pos = xcalloc(ps->n + 1, sizeof *pos),
                  *neg = xcalloc(ps->n + 1, sizeof *neg);
    size_t n_top = 0, n_pos = 0, n_neg = 0;
    for (size_t k = 0; k < ps->n && y >= 0; k++) {
        double a = ps->year_count[k * ny + (size_t)y], b = earlier[k];
        const char *key = ps->v[k].key;
        if (a > 0 && ps->v[k].readouts < ps->n_docs) {
            /* TF-IDF of the phrase over the corpus's readouts: frequent this
             * year, rare across readouts. */
            double w = a * log((double)ps->n_docs / (double)ps->v[k].readouts);
            top[n_top++] = (ranked_phrase){k, w, key};
        }
        if (reference > 0 && target > 0 && a + b > 0) {
            double g2 = report_g2(a, b, target - a, reference - b);
            if (g2 > 0)
                pos[n_pos++] = (ranked_phrase){k, g2, key};
            else if (g2 < 0)
                neg[n_neg++] = (ranked_phrase){k, g2, key};
        }
    }
    qsort(top, n_top, sizeof *top, cmp_desc);
    qsort(pos, n_pos, sizeof *pos, cmp_desc);
    qsort(neg, n_neg, sizeof *neg, cmp_asc);
    json_t *jt = json_array(), *jr = json_array(), *jf = json_array();
    for (size_t j = 0; j < n_top && j < REPORT_TOP_TERMS; j++) {
        size_t k = top[j].k;
        json_t *o = json_object();
        json_object_set_new(o, "term", json_string(ps->v[k].text));
        json_object_set_new(o, "lang", json_string(ps->v[k].lang));
        json_object_set_new(o, "weight", rj_num(top[j].score));
        json_object_set_new(o, "count", json_integer(ps->year_count[k * ny + (size_t)y]));
        json_object_set_new(o, "readouts", json_integer(ps->year_readouts[k * ny + (size_t)y]));
        json_array_append_new(jt, o);
    }
    for (int side = 0; side < 2; side++) {
        ranked_phrase *v = side ? neg : pos;
        size_t n = side ? n_neg : n_pos;
        for (size_t j = 0; j < n && j < REPORT_KEY_TERMS; j++) {
            size_t k = v[j].k;
            json_t *o = json_object();
            json_object_set_new(o, "term", json_string(ps->v[k].text));
            json_object_set_new(o, "lang", json_string(ps->v[k].lang));
            json_object_set_new(o, "count", json_integer(ps->year_count[k * ny + (size_t)y]));
            json_object_set_new(o, "count_earlier", json_integer(earlier[k]));
            json_object_set_new(o, "g2", rj_num(v[j].score));
            json_array_append_new(side ? jf : jr, o);
        }
    }
    free(top);
    free(pos);
    free(neg);
    free(earlier);
    json_t *o = json_object();
    json_object_set_new(o, "top", jt);
    json_object_set_new(o, "rising", jr);
    json_object_set_new(o, "falling", jf);
    json_object_set_new(o, "target_tokens", json_integer((json_int_t)target));
    json_object_set_new(o, "reference_tokens", json_integer((json_int_t)reference));
    json_t *ref_years = json_array();
    for (long e = 0; e < y; e++)
        json_array_append_new(ref_years, json_integer(ps->years[e]));
    json_object_set_new(o, "reference_years", ref_years);
    return o;
}

json_t *rp_phrase_first_json(const report_ctx *r, int year)
{
    const phr_set *ps = &r->phrases;
    long y = phr_year_index(ps, year);
    json_t *arr = json_array();
    if (y < 0)
        return arr;
    ranked_phrase *v = xcalloc(ps->n + 1, sizeof *v);
    size_t n = 0;
    for (size_t k = 0; k < ps->n; k++)
        if (ps->doc_year[ps->v[k].first_doc] == (size_t)y && ps->year_readouts[k * ps->n_years + (size_t)y] >= 2)
            v[n++] = (ranked_phrase){k, phr_salience(ps, k, y), ps->v[k].key};
    qsort(v, n, sizeof *v, cmp_desc);
    for (size_t j = 0; j < n && j < REPORT_FIRST_TERMS; j++) {
        size_t k = v[j].k, at = k * ps->n_years + (size_t)y;
        const report_session *s = &r->sessions.v[r->sessions.doc_session[ps->v[k].first_doc]];
        json_t *o = json_object();
        json_object_set_new(o, "term", json_string(ps->v[k].text));
        json_object_set_new(o, "lang", json_string(ps->v[k].lang));
        json_object_set_new(o, "session", json_string(s->id));
        json_object_set_new(o, "date", json_string(s->date));
        json_object_set_new(o, "count", json_integer(ps->year_count[at]));
        json_object_set_new(o, "readouts", json_integer(ps->year_readouts[at]));
        json_array_append_new(arr, o);
    }
    free(v);
    return arr;
}
