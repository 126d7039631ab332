/*
 * trends.c — trends.json, the view across years (internal.h): per theme the
 * yearly series of count and share with a fitted linear trend (GSL), the
 * sessions per year, the cadence of sessions within each Central Committee
 * term, theme shares per term, the tifa phrases' yearly counts, and which
 * years had a session just before each political date.
 *
 * Trends are fitted over the years that have sessions (a year without any
 * in the corpus is a gap in the record, not a zero): counts with
 * gsl_fit_linear, shares with gsl_fit_wlinear weighted by the year's number
 * of sessions, since a share of two sessions says less than a share of ten.
 */
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "reports/internal.h"

/* ---- fitting ------------------------------------------------------------------- */

void report_fit_series(const double *x, const double *y, const double *w, size_t n, report_fit *fit)
{
    memset(fit, 0, sizeof *fit);
    fit->n = n;
    int spread = 0;
    for (size_t k = 1; k < n; k++)
        if (x[k] != x[0])
            spread = 1;
    if (n < 2 || !spread)
        return;
    double c0, c1, cov00, cov01, cov11, ss;
    int rc = w ? gsl_fit_wlinear(x, 1, w, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &ss)
               : gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &ss);
    if (rc != 0 || !isfinite(c0) || !isfinite(c1))
        return;
    fit->has_slope = true;
    fit->slope = c1;
    fit->intercept = c0;
    if (n >= 3) {
        /* gsl_fit_linear already scales cov11 by the residual variance;
         * gsl_fit_wlinear takes w as 1/sigma², so relative weights need
         * the scaling by chisq / (n - 2). */
        double var = w ? cov11 * ss / (double)(n - 2) : cov11;
        if (isfinite(var) && var >= 0) {
            fit->has_se = true;
            fit->slope_se = sqrt(var);
        }
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double report_median(double *v, size_t n)
{
    if (n == 0)
        return 0.0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static json_t *fit_json(const report_fit *f, const char *method, const double *x)
{
    json_t *o = json_object();
    json_object_set_new(o, "method", json_string(method));
    json_object_set_new(o, "slope", f->has_slope ? rj_num(f->slope) : json_null());
    json_object_set_new(o, "slope_se", f->has_se ? rj_num(f->slope_se) : json_null());
    /* The fitted line at the first and last year used (an intercept at
     * year 0 would mean nothing). */
    json_object_set_new(o, "fitted_first", f->has_slope ? rj_num(f->intercept + f->slope * x[0]) : json_null());
    json_object_set_new(o, "fitted_last",
                        f->has_slope ? rj_num(f->intercept + f->slope * x[f->n - 1]) : json_null());
    json_t *years = json_array();
    for (size_t k = 0; k < f->n; k++)
        json_array_append_new(years, json_integer((json_int_t)x[k]));
    json_object_set_new(o, "years_used", years);
    return o;
}

/* ---- sections -------------------------------------------------------------------- */

static size_t missing_in(const report_ctx *r, int year)
{
    size_t n = 0;
    for (size_t k = 0; k < r->n_missing; k++)
        n += r->missing[k].year == year;
    return n;
}

static json_t *themes_section(const report_ctx *r, json_t **unassigned)
{
    size_t ny = r->n_shown, n_themes = r->in.tax->n;
    rp_tally *t = xcalloc(ny + 1, sizeof *t);
    double *x = xcalloc(ny + 1, sizeof *x), *w = xcalloc(ny + 1, sizeof *w), *y = xcalloc(ny + 1, sizeof *y);
    for (size_t k = 0; k < ny; k++) {
        rp_tally_sessions(r, r->shown[k], 0, &t[k]);
        x[k] = r->shown[k];
        w[k] = (double)t[k].sessions; /* every shown year has sessions: w > 0 */
    }
    json_t *themes = json_object();
    for (size_t th = 0; th < n_themes; th++) {
        json_t *series = json_array();
        for (size_t k = 0; k < ny; k++) {
            json_t *p = json_object();
            json_object_set_new(p, "year", json_integer(r->shown[k]));
            json_object_set_new(p, "count", json_integer((json_int_t)t[k].primary[th]));
            json_object_set_new(p, "share", rj_num(rp_share(t[k].primary[th], t[k].sessions)));
            json_object_set_new(p, "mean_probability", rj_num(t[k].prob_sum[th] / (double)t[k].sessions));
            json_array_append_new(series, p);
        }
        report_fit f;
        json_t *trend = json_object();
        for (size_t k = 0; k < ny; k++)
            y[k] = (double)t[k].primary[th];
        report_fit_series(x, y, NULL, ny, &f);
        json_object_set_new(trend, "count", fit_json(&f, "gsl_fit_linear", x));
        for (size_t k = 0; k < ny; k++)
            y[k] = rp_share(t[k].primary[th], t[k].sessions);
        report_fit_series(x, y, w, ny, &f);
        json_object_set_new(trend, "share", fit_json(&f, "gsl_fit_wlinear", x));
        json_t *o = json_object();
        json_object_set_new(o, "series", series);
        json_object_set_new(o, "trend", trend);
        json_object_set_new(themes, r->in.tax->names[th], o);
    }
    json_t *series = json_array();
    for (size_t k = 0; k < ny; k++) {
        json_t *p = json_object();
        json_object_set_new(p, "year", json_integer(r->shown[k]));
        json_object_set_new(p, "count", json_integer((json_int_t)t[k].unassigned));
        json_object_set_new(p, "share", rj_num(rp_share(t[k].unassigned, t[k].sessions)));
        json_array_append_new(series, p);
    }
    *unassigned = json_object();
    json_object_set_new(*unassigned, "series", series);
    free(t);
    free(x);
    free(w);
    free(y);
    return themes;
}

static bool shown(const report_ctx *r, int year)
{
    for (size_t k = 0; k < r->n_shown; k++)
        if (r->shown[k] == year)
            return true;
    return false;
}

static const report_session *g_by_number; /* for qsort */

static int cmp_number(const void *a, const void *b)
{
    const report_session *x = &g_by_number[*(const size_t *)a], *y = &g_by_number[*(const size_t *)b];
    if (x->cc != y->cc)
        return x->cc < y->cc ? -1 : 1;
    return (x->number > y->number) - (x->number < y->number);
}

/* Days between sessions numbered n and n + 1 of the same term, both
 * shown; a pair with a missing number between is not an interval. */
static json_t *cadence_section(const report_ctx *r)
{
    size_t *idx = xcalloc(r->sessions.n + 1, sizeof *idx), n = 0;
    for (size_t i = 0; i < r->sessions.n; i++)
        if (r->sessions.v[i].cc > 0 && shown(r, r->sessions.v[i].year))
            idx[n++] = i;
    g_by_number = r->sessions.v;
    qsort(idx, n, sizeof *idx, cmp_number);
    double *gaps = xcalloc(n + 1, sizeof *gaps);
    json_t *arr = json_array();
    for (size_t k = 0; k < n;) {
        int cc = r->sessions.v[idx[k]].cc;
        size_t j = k, n_gaps = 0;
        long first = r->sessions.v[idx[k]].day, last = first;
        const report_session *fs = &r->sessions.v[idx[k]], *ls = fs;
        for (; j < n && r->sessions.v[idx[j]].cc == cc; j++) {
            const report_session *s = &r->sessions.v[idx[j]];
            if (s->day < first) {
                first = s->day;
                fs = s;
            }
            if (s->day > last) {
                last = s->day;
                ls = s;
            }
            if (j + 1 < n) {
                const report_session *t = &r->sessions.v[idx[j + 1]];
                if (t->cc == cc && s->number > 0 && t->number == s->number + 1)
                    gaps[n_gaps++] = (double)(t->day - s->day);
            }
        }
        json_t *o = json_object();
        json_object_set_new(o, "cc", json_integer(cc));
        json_object_set_new(o, "sessions", json_integer((json_int_t)(j - k)));
        json_object_set_new(o, "first", json_string(fs->date));
        json_object_set_new(o, "last", json_string(ls->date));
        json_object_set_new(o, "intervals", json_integer((json_int_t)n_gaps));
        if (n_gaps > 0) {
            double lo = gaps[0], hi = gaps[0];
            for (size_t g = 1; g < n_gaps; g++) {
                lo = gaps[g] < lo ? gaps[g] : lo;
                hi = gaps[g] > hi ? gaps[g] : hi;
            }
            json_object_set_new(o, "median_days", rj_num(report_median(gaps, n_gaps)));
            json_object_set_new(o, "min_days", json_integer((json_int_t)lo));
            json_object_set_new(o, "max_days", json_integer((json_int_t)hi));
        } else {
            json_object_set_new(o, "median_days", json_null());
            json_object_set_new(o, "min_days", json_null());
            json_object_set_new(o, "max_days", json_null());
        }
        json_array_append_new(arr, o);
        k = j;
    }
    free(gaps);
    free(idx);
    return arr;
}

/* Theme shares per term over the shown years; sessions without a term
 * (cc unknown) form an entry with cc null. */
static json_t *cc_terms_section(const report_ctx *r)
{
    int *ccs = xcalloc(r->sessions.n + 1, sizeof *ccs);
    size_t n_cc = 0;
    bool unknown = false;
    for (size_t i = 0; i < r->sessions.n; i++) {
        const report_session *s = &r->sessions.v[i];
        if (!shown(r, s->year))
            continue;
        if (s->cc <= 0) {
            unknown = true;
            continue;
        }
        size_t k = 0;
        while (k < n_cc && ccs[k] != s->cc)
            k++;
        if (k == n_cc)
            ccs[n_cc++] = s->cc;
    }
    for (size_t i = 1; i < n_cc; i++)
        for (size_t j = i; j > 0 && ccs[j] < ccs[j - 1]; j--) {
            int tmp = ccs[j];
            ccs[j] = ccs[j - 1];
            ccs[j - 1] = tmp;
        }
    json_t *arr = json_array();
    for (size_t k = 0; k < n_cc + unknown; k++) {
        int cc = k < n_cc ? ccs[k] : 0;
        rp_tally t;
        memset(&t, 0, sizeof t);
        for (size_t i = 0; i < r->sessions.n; i++) {
            const report_session *s = &r->sessions.v[i];
            if (!shown(r, s->year) || (cc > 0 ? s->cc != cc : s->cc > 0))
                continue;
            t.sessions++;
            if (s->primary >= 0)
                t.primary[s->primary]++;
            else
                t.unassigned++;
        }
        json_t *o = json_object();
        json_object_set_new(o, "cc", cc > 0 ? json_integer(cc) : json_null());
        json_object_set_new(o, "sessions", json_integer((json_int_t)t.sessions));
        json_t *themes = json_object();
        for (size_t th = 0; th < r->in.tax->n; th++) {
            json_t *x = json_object();
            json_object_set_new(x, "count", json_integer((json_int_t)t.primary[th]));
            json_object_set_new(x, "share", rj_num(rp_share(t.primary[th], t.sessions)));
            json_object_set_new(themes, r->in.tax->names[th], x);
        }
        json_object_set_new(o, "themes", themes);
        json_t *u = json_object();
        json_object_set_new(u, "count", json_integer((json_int_t)t.unassigned));
        json_object_set_new(u, "share", rj_num(rp_share(t.unassigned, t.sessions)));
        json_object_set_new(o, "unassigned", u);
        json_array_append_new(arr, o);
    }
    free(ccs);
    return arr;
}

/* Per phrase, counts[k] and sessions[k] belong to the k-th shown year
 * (trends.json "years"): parallel arrays keep a lexicon of hundreds of
 * phrases readable. */
static json_t *tifa_section(const report_ctx *r)
{
    size_t *count = xcalloc(r->n_years + 1, sizeof *count);
    size_t *sessions = xcalloc(r->n_years + 1, sizeof *sessions);
    json_t *arr = json_array();
    for (size_t k = 0; k < r->n_tifa; k++) {
        rp_tifa_series(r, k, count, sessions);
        json_t *counts = json_array(), *sess = json_array();
        size_t total = 0;
        for (size_t y = 0; y < r->n_years; y++) {
            if (!shown(r, r->years[y]))
                continue;
            json_array_append_new(counts, json_integer((json_int_t)count[y]));
            json_array_append_new(sess, json_integer((json_int_t)sessions[y]));
            total += count[y];
        }
        json_t *o = json_object();
        json_object_set_new(o, "key", json_string(r->tifa[k].key));
        json_object_set_new(o, "theme", rj_str(rp_tifa_theme(r, k)));
        json_object_set_new(o, "zh", rj_str(rp_tifa_zh(r, k)));
        json_object_set_new(o, "en", rj_str(rp_tifa_en(r, k)));
        json_object_set_new(o, "total", json_integer((json_int_t)total));
        long t = r->tifa[k].token;
        long s = t >= 0 ? r->first_session[t] : -1;
        if (s >= 0) {
            json_t *fs = json_object();
            json_object_set_new(fs, "year", json_integer(r->sessions.v[s].year));
            json_object_set_new(fs, "session", json_string(r->sessions.v[s].id));
            json_object_set_new(fs, "date", json_string(r->sessions.v[s].date));
            json_object_set_new(o, "first_seen", fs);
        } else {
            json_object_set_new(o, "first_seen", json_null());
        }
        json_object_set_new(o, "counts", counts);
        json_object_set_new(o, "sessions", sess);
        json_array_append_new(arr, o);
    }
    free(count);
    free(sessions);
    return arr;
}

/* For each political date, the shown sessions held just before it: fixed
 * dates by name, calendar events grouped by kind. */
static json_t *anniversaries_section(const report_ctx *r)
{
    const char *groups[64];
    const char *kinds[64];
    size_t n_groups = 0;
    for (size_t k = 0; k < RP_N_FIXED; k++) {
        groups[n_groups] = rp_fixed_name(k);
        kinds[n_groups++] = "fixed";
    }
    groups[n_groups] = "congress";
    kinds[n_groups++] = "congress";
    groups[n_groups] = "plenum";
    kinds[n_groups++] = "plenum";
    json_t *arr = json_array();
    for (size_t g = 0; g < n_groups; g++) {
        json_t *list = json_array();
        size_t years_with = 0;
        int last_year = 0;
        for (size_t i = 0; i < r->sessions.n; i++) {
            const report_session *s = &r->sessions.v[i];
            if (!shown(r, s->year))
                continue;
            report_anniv an[64];
            size_t n = report_anniversaries(r->in.cal, s, an, sizeof an / sizeof an[0]);
            for (size_t k = 0; k < n; k++) {
                bool match = strcmp(kinds[g], "fixed") == 0 ? strcmp(an[k].name, groups[g]) == 0
                                                            : strcmp(an[k].kind, kinds[g]) == 0;
                if (!match)
                    continue;
                json_t *o = json_object();
                json_object_set_new(o, "year", json_integer(s->year));
                json_object_set_new(o, "session", json_string(s->id));
                json_object_set_new(o, "date", json_string(s->date));
                json_object_set_new(o, "event_name", json_string(an[k].name));
                json_object_set_new(o, "event_date", json_string(an[k].date));
                json_object_set_new(o, "days_before", json_integer(an[k].days_before));
                json_object_set_new(o, "primary", rj_str(rp_theme(r, s->primary)));
                json_array_append_new(list, o);
                if (s->year != last_year) {
                    years_with++;
                    last_year = s->year;
                }
            }
        }
        json_t *o = json_object();
        json_object_set_new(o, "event", json_string(groups[g]));
        json_object_set_new(o, "kind", json_string(kinds[g]));
        json_object_set_new(o, "years_with_session", json_integer((json_int_t)years_with));
        json_object_set_new(o, "sessions", list);
        json_array_append_new(arr, o);
    }
    return arr;
}

json_t *report_trends_json(const report_ctx *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "format", json_string(REPORT_FORMAT_TRENDS));
    json_object_set_new(o, "format_version", json_integer(REPORT_FORMAT_VERSION));
    json_object_set_new(o, "generated_by", rp_generated_by(r));
    json_t *years = json_array(), *spy = json_array();
    for (size_t k = 0; k < r->n_shown; k++) {
        rp_tally t;
        rp_tally_sessions(r, r->shown[k], 0, &t);
        json_array_append_new(years, json_integer(r->shown[k]));
        json_t *p = json_object();
        json_object_set_new(p, "year", json_integer(r->shown[k]));
        json_object_set_new(p, "count", json_integer((json_int_t)t.sessions));
        json_object_set_new(p, "missing", json_integer((json_int_t)missing_in(r, r->shown[k])));
        json_array_append_new(spy, p);
    }
    json_object_set_new(o, "years", years);
    json_object_set_new(o, "sessions_per_year", spy);
    json_t *unassigned = NULL;
    json_object_set_new(o, "themes", themes_section(r, &unassigned));
    json_object_set_new(o, "unassigned", unassigned);
    json_object_set_new(o, "cadence", cadence_section(r));
    json_object_set_new(o, "cc_terms", cc_terms_section(r));
    json_object_set_new(o, "tifa", tifa_section(r));
    json_object_set_new(o, "anniversaries", anniversaries_section(r));
    return o;
}
