/*
 * helpers.c — the small functions the output files of the reports stage
 * share (internal.h): JSON values that keep NaN and -0 out of the output,
 * the JSON text politrend writes, theme names and per-year tallies over a
 * built report_ctx.  They call nothing else of the stage, so every output
 * file may use them without a circle.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "reports/internal.h"

json_t *rj_num(double v)
{
    if (!isfinite(v))
        return json_null();
    return json_real(v == 0.0 ? 0.0 : v);
}

json_t *rj_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

const char *rp_theme(const report_ctx *r, int t)
{
    return t >= 0 && (size_t)t < r->in.tax->n ? r->in.tax->names[t] : NULL;
}

double rp_share(size_t count, size_t total)
{
    return total > 0 ? (double)count / (double)total : 0.0;
}

void rp_tally_sessions(const report_ctx *r, int year, int cc, rp_tally *t)
{
    memset(t, 0, sizeof *t);
    size_t n_themes = r->in.tax->n;
    for (size_t i = 0; i < r->sessions.n; i++) {
        const report_session *s = &r->sessions.v[i];
        if ((year != 0 && s->year != year) || (cc > 0 && s->cc != cc))
            continue;
        t->sessions++;
        if (s->primary >= 0)
            t->primary[s->primary]++;
        else
            t->unassigned++;
        for (size_t j = 0; j < s->n_themes; j++)
            t->tagged[s->themes[j]]++;
        for (size_t k = 0; k < n_themes; k++)
            t->prob_sum[k] += s->scores[k];
    }
}

size_t *rp_year_docs(const report_ctx *r, int year, size_t *n)
{
    size_t count = 0;
    for (size_t i = 0; i < r->sessions.n; i++)
        if (r->sessions.v[i].year == year)
            count += r->sessions.v[i].n_docs;
    *n = count;
    if (count == 0)
        return NULL;
    size_t *docs = xcalloc(count, sizeof *docs), k = 0;
    for (size_t i = 0; i < r->sessions.n; i++)
        if (r->sessions.v[i].year == year)
            for (size_t j = 0; j < r->sessions.v[i].n_docs; j++)
                docs[k++] = r->sessions.v[i].docs[j];
    return docs;
}

char *report_json_text(const json_t *v, pt_error *err)
{
    char *text = json_dumps(v, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    if (text == NULL) {
        pt_fail(err, PT_ERR_INTERNAL, "cannot serialise a report as JSON");
        return NULL;
    }
    size_t len = strlen(text);
    char *out = xmalloc(len + 2);
    memcpy(out, text, len);
    out[len] = '\n';
    out[len + 1] = '\0';
    free(text);
    return out;
}
