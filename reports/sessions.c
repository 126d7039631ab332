/*
 * sessions.c — from readouts to study sessions (internal.h).
 *
 * The corpus holds readouts: one session is often reported twice (Chinese
 * and English) or by two translations.  The reports count sessions, so the
 * readouts are grouped first: by (cc, session) when a readout gives both,
 * else by date, a dated readout without numbers joining the one numbered
 * session held that day.  Each session then gets its combined scores (the
 * mean of its readouts' probabilities) and its themes, manual when a
 * readout carries labels, from the model otherwise.  Missing session
 * numbers are found here too, since they are a fact about the numbering of
 * sessions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "models/train.h"
#include "reports/internal.h"

/* ---- dates ------------------------------------------------------------------- */

/* Howard Hinnant's days_from_civil: exact for every proleptic Gregorian
 * date, no time zones involved. */
long report_days_from_civil(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long mp = (m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int report_parse_date(const char *s, int *y, int *m, int *d, long *day)
{
    if (s == NULL || corpus_parse_date(s, y, m, d) != 0)
        return -1;
    *day = report_days_from_civil(*y, *m, *d);
    return 0;
}

/* ---- grouping ---------------------------------------------------------------- */

static int numbered(const pt_doc *d)
{
    return d->cc > 0 && d->session > 0;
}

static const pt_corpus *g_corpus; /* qsort has no context argument; set just before sorting */

static int cmp_numbered(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const pt_doc *dx = &g_corpus->docs[x], *dy = &g_corpus->docs[y];
    if (dx->cc != dy->cc)
        return dx->cc < dy->cc ? -1 : 1;
    if (dx->session != dy->session)
        return dx->session < dy->session ? -1 : 1;
    return (x > y) - (x < y);
}

static int cmp_dated(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int k = strcmp(g_corpus->docs[x].date, g_corpus->docs[y].date);
    return k ? k : (x > y) - (x < y);
}

static report_session *new_session(report_sessions *s, size_t *cap)
{
    if (s->n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        s->v = xreallocarray(s->v, *cap, sizeof *s->v);
    }
    report_session *x = &s->v[s->n++];
    memset(x, 0, sizeof *x);
    x->primary = -1;
    x->title_doc = x->lecturer_doc = -1;
    return x;
}

static void add_doc(report_session *x, size_t d)
{
    x->docs = xreallocarray(x->docs, x->n_docs + 1, sizeof *x->docs);
    x->docs[x->n_docs++] = d;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* The themes of the mean probabilities, as `politrend classify` lists
 * them (predict_themes). */
static void model_themes(report_session *x, size_t n_themes)
{
    x->n_themes = predict_themes(x->scores, n_themes, x->themes);
}

/* Date, scores, labels, title and lecturers of a session whose readouts
 * are known. */
static int finish_session(report_session *x, const pt_corpus *c, size_t n_themes,
                          const double *probs, double threshold, pt_error *err)
{
    qsort(x->docs, x->n_docs, sizeof *x->docs, cmp_size);
    const char *date = NULL;
    for (size_t k = 0; k < x->n_docs; k++) {
        const char *dd = c->docs[x->docs[k]].date;
        if (dd && (date == NULL || strcmp(dd, date) < 0))
            date = dd;
    }
    if (date == NULL) {
        const pt_doc *d = &c->docs[x->docs[0]];
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: %s: no readout of session %s gives a date; reports need one",
                       d->source, d->line, d->id, x->id);
    }
    memcpy(x->date, date, 10);
    x->date[10] = '\0';
    int y, m, dd;
    report_parse_date(x->date, &y, &m, &dd, &x->day);
    x->year = y;
    x->month = m;

    x->scores = xcalloc(n_themes ? n_themes : 1, sizeof *x->scores);
    for (size_t k = 0; k < x->n_docs; k++)
        for (size_t t = 0; t < n_themes; t++)
            x->scores[t] += probs[x->docs[k] * n_themes + t];
    for (size_t t = 0; t < n_themes; t++)
        x->scores[t] /= (double)x->n_docs;

    const pt_doc *labelled = NULL;
    for (size_t k = 0; k < x->n_docs && labelled == NULL; k++)
        if (c->docs[x->docs[k]].labelled)
            labelled = &c->docs[x->docs[k]];
    if (labelled) {
        x->manual = true;
        x->n_themes = labelled->n_themes < PT_MAX_THEMES ? labelled->n_themes : PT_MAX_THEMES;
        for (size_t j = 0; j < x->n_themes; j++)
            x->themes[j] = labelled->themes[j];
        x->primary = x->n_themes > 0 ? x->themes[0] : -1;
    } else {
        x->manual = false;
        x->primary = predict_primary(x->scores, n_themes, threshold);
        model_themes(x, n_themes);
    }

    /* The English readout's title and lecturers when it has them, so that
     * a bilingual session is described once, in one language. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < x->n_docs; k++) {
            const pt_doc *d = &c->docs[x->docs[k]];
            if (pass == 0 && strcmp(d->lang, "en") != 0)
                continue;
            if (x->title_doc < 0 && d->title && d->title[0])
                x->title_doc = (long)x->docs[k];
            if (x->lecturer_doc < 0 && d->n_lecturers > 0)
                x->lecturer_doc = (long)x->docs[k];
        }
    return 0;
}

static int cmp_session(const void *a, const void *b)
{
    const report_session *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->cc != y->cc)
        return x->cc < y->cc ? -1 : 1;
    if (x->number != y->number)
        return x->number < y->number ? -1 : 1;
    return strcmp(x->id, y->id);
}

int report_sessions_build(report_sessions *s, const pt_corpus *c, size_t n_themes,
                          const double *probs, double threshold, pt_error *err)
{
    memset(s, 0, sizeof *s);
    s->n_themes = n_themes;
    size_t cap = 0;
    size_t *num = xcalloc(c->n + 1, sizeof *num), n_num = 0;
    size_t *dated = xcalloc(c->n + 1, sizeof *dated), n_dated = 0;
    for (size_t k = 0; k < c->n; k++) {
        const pt_doc *d = &c->docs[k];
        if (numbered(d))
            num[n_num++] = k;
        else if (d->date)
            dated[n_dated++] = k;
        else {
            free(num);
            free(dated);
            return pt_fail(err, PT_ERR_DATA,
                           "%s:%ld: %s: readout has neither a date nor cc and session; reports need one",
                           d->source, d->line, d->id);
        }
    }
    g_corpus = c;
    qsort(num, n_num, sizeof *num, cmp_numbered);
    qsort(dated, n_dated, sizeof *dated, cmp_dated);

    /* Numbered sessions: runs of equal (cc, session). */
    for (size_t k = 0; k < n_num;) {
        const pt_doc *d = &c->docs[num[k]];
        report_session *x = new_session(s, &cap);
        x->cc = d->cc;
        x->number = d->session;
        char id[32];
        snprintf(id, sizeof id, "%d-%d", d->cc, d->session);
        x->id = xstrdup(id);
        size_t j = k;
        while (j < n_num && c->docs[num[j]].cc == d->cc && c->docs[num[j]].session == d->session)
            add_doc(x, num[j++]);
        k = j;
    }
    size_t n_numbered = s->n;

    /* Dated readouts: join the one numbered session whose readouts give
     * that date, else form a session of their own per date. */
    for (size_t k = 0; k < n_dated;) {
        const char *date = c->docs[dated[k]].date;
        size_t j = k;
        while (j < n_dated && strcmp(c->docs[dated[j]].date, date) == 0)
            j++;
        long match = -1;
        int n_match = 0;
        for (size_t i = 0; i < n_numbered; i++)
            for (size_t q = 0; q < s->v[i].n_docs; q++) {
                const char *dd = c->docs[s->v[i].docs[q]].date;
                if (dd && strcmp(dd, date) == 0) {
                    n_match++;
                    match = (long)i;
                    break;
                }
            }
        report_session *x;
        if (n_match == 1) {
            x = &s->v[match];
        } else {
            x = new_session(s, &cap);
            x->id = xstrdup(date);
        }
        for (size_t i = k; i < j; i++)
            add_doc(x, dated[i]);
        k = j;
    }
    free(num);
    free(dated);

    for (size_t i = 0; i < s->n; i++)
        if (finish_session(&s->v[i], c, n_themes, probs, threshold, err) != 0) {
            report_sessions_free(s);
            return -1;
        }
    qsort(s->v, s->n, sizeof *s->v, cmp_session);
    s->doc_session = xcalloc(c->n + 1, sizeof *s->doc_session);
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < s->v[i].n_docs; k++)
            s->doc_session[s->v[i].docs[k]] = i;
    return 0;
}

void report_sessions_free(report_sessions *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].id);
        free(s->v[i].docs);
        free(s->v[i].scores);
    }
    free(s->v);
    free(s->doc_session);
    memset(s, 0, sizeof *s);
}

long report_sessions_find(const report_sessions *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* ---- missing numbers ------------------------------------------------------- */

static const report_session *g_sessions; /* for qsort, as above */

static int cmp_by_number(const void *a, const void *b)
{
    const report_session *x = &g_sessions[*(const size_t *)a], *y = &g_sessions[*(const size_t *)b];
    if (x->cc != y->cc)
        return x->cc < y->cc ? -1 : 1;
    return (x->number > y->number) - (x->number < y->number);
}

size_t report_missing_find(const report_sessions *s, report_missing **out)
{
    *out = NULL;
    size_t *idx = xcalloc(s->n + 1, sizeof *idx), n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].cc > 0 && s->v[i].number > 0)
            idx[n++] = i;
    g_sessions = s->v;
    qsort(idx, n, sizeof *idx, cmp_by_number);
    report_missing *m = NULL;
    size_t n_m = 0, cap = 0;
    for (size_t k = 0; k + 1 < n; k++) {
        const report_session *a = &s->v[idx[k]], *b = &s->v[idx[k + 1]];
        if (a->cc != b->cc)
            continue;
        for (int num = a->number + 1; num < b->number; num++) {
            if (n_m == cap) {
                cap = cap ? 2 * cap : 16;
                m = xreallocarray(m, cap, sizeof *m);
            }
            m[n_m++] = (report_missing){
                .cc = a->cc, .number = num, .year = b->year, .prev = idx[k], .next = idx[k + 1],
                .year_certain = a->year == b->year,
            };
        }
    }
    free(idx);
    *out = m;
    return n_m;
}
