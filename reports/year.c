/*
 * year.c — <YEAR>.json, the report of one year (internal.h): its sessions,
 * the session numbers missing from it, theme counts and shares, terms,
 * first appearances, sessions per month, anniversaries, lecturers and tifa
 * phrases.  The format is documented field by field in reports/FORMAT.md
 * and checked by reports/schema/year.schema.json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "reports/internal.h"
#include "reports/review.h"

json_t *rp_generated_by(const report_ctx *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "politrend_version", rj_str(r->in.version));
    json_object_set_new(o, "model_checksum", rj_str(r->in.model_checksum));
    return o;
}

static json_t *int_or_null(int v)
{
    return v > 0 ? json_integer(v) : json_null();
}

static json_t *theme_names(const report_ctx *r, const int *themes, size_t n)
{
    json_t *arr = json_array();
    for (size_t j = 0; j < n; j++)
        json_array_append_new(arr, json_string(rp_theme(r, themes[j])));
    return arr;
}

static json_t *scores_json(const report_ctx *r, const double *p)
{
    json_t *o = json_object();
    for (size_t t = 0; t < r->in.tax->n; t++)
        json_object_set_new(o, r->in.tax->names[t], rj_num(p[t]));
    return o;
}

static json_t *lecturers_json(const pt_doc *d)
{
    json_t *arr = json_array();
    for (size_t k = 0; d && k < d->n_lecturers; k++) {
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(d->lecturers[k].name));
        json_object_set_new(o, "affiliation", rj_str(d->lecturers[k].affiliation));
        json_object_set_new(o, "role", rj_str(d->lecturers[k].role));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *session_json(const report_ctx *r, const report_session *s)
{
    const pt_corpus *c = r->in.corpus;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(s->id));
    json_object_set_new(o, "cc", int_or_null(s->cc));
    json_object_set_new(o, "session", int_or_null(s->number));
    json_object_set_new(o, "date", json_string(s->date));
    json_object_set_new(o, "title", s->title_doc >= 0 ? json_string(c->docs[s->title_doc].title) : json_null());
    json_object_set_new(o, "primary", rj_str(rp_theme(r, s->primary)));
    json_object_set_new(o, "themes", theme_names(r, s->themes, s->n_themes));
    json_object_set_new(o, "scores", scores_json(r, s->scores));
    json_object_set_new(o, "confidence", s->primary >= 0 ? rj_num(s->scores[s->primary]) : json_null());
    json_object_set_new(o, "label_source", json_string(s->manual ? "manual" : "model"));

    /* Languages, sorted and unique. */
    json_t *langs = json_array();
    const char *seen[64];
    size_t n_seen = 0;
    for (size_t j = 0; j < s->n_docs && n_seen < 64; j++) {
        const char *l = c->docs[s->docs[j]].lang;
        size_t k = 0;
        while (k < n_seen && strcmp(seen[k], l) != 0)
            k++;
        if (k == n_seen)
            seen[n_seen++] = l;
    }
    for (size_t i = 1; i < n_seen; i++)
        for (size_t j = i; j > 0 && strcmp(seen[j], seen[j - 1]) < 0; j--) {
            const char *tmp = seen[j];
            seen[j] = seen[j - 1];
            seen[j - 1] = tmp;
        }
    for (size_t k = 0; k < n_seen; k++)
        json_array_append_new(langs, json_string(seen[k]));
    json_object_set_new(o, "languages", langs);
    json_object_set_new(o, "lecturers", lecturers_json(s->lecturer_doc >= 0 ? &c->docs[s->lecturer_doc] : NULL));

    json_t *readouts = json_array();
    for (size_t j = 0; j < s->n_docs; j++) {
        const pt_doc *d = &c->docs[s->docs[j]];
        json_t *ro = json_object();
        json_object_set_new(ro, "id", json_string(d->id));
        json_object_set_new(ro, "lang", json_string(d->lang));
        json_object_set_new(ro, "date", rj_str(d->date));
        json_object_set_new(ro, "title", rj_str(d->title));
        json_object_set_new(ro, "kind", rj_str(d->kind));
        json_object_set_new(ro, "source", rj_str(d->url));
        json_object_set_new(ro, "labels", d->labelled ? theme_names(r, d->themes, d->n_themes) : json_null());
        json_object_set_new(ro, "scores", scores_json(r, r->in.probs + s->docs[j] * r->in.tax->n));
        json_array_append_new(readouts, ro);
    }
    json_object_set_new(o, "readouts", readouts);
    json_object_set_new(o, "key_sentences", rp_key_sentences_json(r, s));
    return o;
}

static json_t *neighbour(const report_session *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(s->id));
    json_object_set_new(o, "date", json_string(s->date));
    return o;
}

static json_t *missing_json(const report_ctx *r, int year)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < r->n_missing; k++) {
        const report_missing *m = &r->missing[k];
        if (m->year != year)
            continue;
        char id[32];
        snprintf(id, sizeof id, "%d-%d", m->cc, m->number);
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(id));
        json_object_set_new(o, "cc", json_integer(m->cc));
        json_object_set_new(o, "session", json_integer(m->number));
        json_object_set_new(o, "previous", neighbour(&r->sessions.v[m->prev]));
        json_object_set_new(o, "next", neighbour(&r->sessions.v[m->next]));
        json_object_set_new(o, "year_certain", json_boolean(m->year_certain));
        json_object_set_new(o, "unpublished", json_boolean(m->unpublished != NULL));
        json_object_set_new(o, "note", m->unpublished ? json_string(m->unpublished) : json_null());
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *themes_json(const report_ctx *r, int year, json_t **unassigned)
{
    rp_tally t;
    rp_tally_sessions(r, year, 0, &t);
    json_t *o = json_object();
    size_t n_themes = r->in.tax->n;
    json_t *ids[PT_MAX_THEMES + 1];
    for (size_t k = 0; k <= n_themes; k++)
        ids[k] = json_array();
    for (size_t i = 0; i < r->sessions.n; i++) {
        const report_session *s = &r->sessions.v[i];
        if (s->year == year)
            json_array_append_new(ids[s->primary >= 0 ? (size_t)s->primary : n_themes], json_string(s->id));
    }
    for (size_t k = 0; k < n_themes; k++) {
        json_t *th = json_object();
        json_object_set_new(th, "count", json_integer((json_int_t)t.primary[k]));
        json_object_set_new(th, "share", rj_num(rp_share(t.primary[k], t.sessions)));
        json_object_set_new(th, "tagged", json_integer((json_int_t)t.tagged[k]));
        json_object_set_new(th, "mean_probability", rj_num(t.sessions ? t.prob_sum[k] / (double)t.sessions : 0.0));
        json_object_set_new(th, "sessions", ids[k]);
        json_object_set_new(o, r->in.tax->names[k], th);
    }
    json_t *u = json_object();
    json_object_set_new(u, "count", json_integer((json_int_t)t.unassigned));
    json_object_set_new(u, "share", rj_num(rp_share(t.unassigned, t.sessions)));
    json_object_set_new(u, "sessions", ids[n_themes]);
    *unassigned = u;
    return o;
}

static json_t *calendar_json(const report_ctx *r, int year)
{
    json_t *arr = json_array();
    for (int m = 1; m <= 12; m++) {
        json_t *ids = json_array();
        for (size_t i = 0; i < r->sessions.n; i++)
            if (r->sessions.v[i].year == year && r->sessions.v[i].month == m)
                json_array_append_new(ids, json_string(r->sessions.v[i].id));
        json_t *o = json_object();
        json_object_set_new(o, "month", json_integer(m));
        json_object_set_new(o, "count", json_integer((json_int_t)json_array_size(ids)));
        json_object_set_new(o, "sessions", ids);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* ---- lecturers ----------------------------------------------------------------- */

typedef struct {
    const char *affiliation; /* NULL when not given */
    const char *role;        /* a pt_roles entry or "unspecified" */
    size_t lecturers;
    json_t *sessions;
} affil;

static int cmp_str_null(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_affil(const void *a, const void *b)
{
    const affil *x = a, *y = b;
    if (x->lecturers != y->lecturers)
        return x->lecturers > y->lecturers ? -1 : 1;
    int k = cmp_str_null(x->affiliation, y->affiliation);
    return k ? k : strcmp(x->role, y->role);
}

static const char *role_key(const char *role)
{
    for (size_t k = 0; pt_roles[k]; k++)
        if (role && strcmp(role, pt_roles[k]) == 0)
            return pt_roles[k];
    return "unspecified";
}

static void append_unique(json_t *arr, const char *id)
{
    size_t n = json_array_size(arr);
    if (n == 0 || strcmp(json_string_value(json_array_get(arr, n - 1)), id) != 0)
        json_array_append_new(arr, json_string(id));
}

static json_t *lecturers_year_json(const report_ctx *r, int year)
{
    size_t n_roles = 0;
    while (pt_roles[n_roles])
        n_roles++;
    size_t *role_lect = xcalloc(n_roles + 2, sizeof *role_lect);
    size_t *role_sess = xcalloc(n_roles + 2, sizeof *role_sess);
    bool *counted = xcalloc(n_roles + 2, sizeof *counted); /* this session's roles */
    affil *af = NULL;
    size_t n_af = 0, without = 0;
    for (size_t i = 0; i < r->sessions.n; i++) {
        const report_session *s = &r->sessions.v[i];
        if (s->year != year)
            continue;
        if (s->lecturer_doc < 0) {
            without++;
            continue;
        }
        const pt_doc *d = &r->in.corpus->docs[s->lecturer_doc];
        memset(counted, 0, (n_roles + 2) * sizeof *counted);
        for (size_t k = 0; k < d->n_lecturers; k++) {
            const char *role = role_key(d->lecturers[k].role);
            size_t ri = 0;
            while (ri < n_roles && strcmp(pt_roles[ri], role) != 0)
                ri++; /* ri == n_roles: unspecified */
            role_lect[ri]++;
            if (!counted[ri]) {
                counted[ri] = true;
                role_sess[ri]++;
            }
            const char *aff = d->lecturers[k].affiliation;
            size_t a = 0;
            while (a < n_af && !(cmp_str_null(af[a].affiliation, aff) == 0 && strcmp(af[a].role, role) == 0))
                a++;
            if (a == n_af) {
                af = xreallocarray(af, n_af + 1, sizeof *af);
                af[n_af++] = (affil){aff, role, 0, json_array()};
            }
            af[a].lecturers++;
            append_unique(af[a].sessions, s->id);
        }
    }
    json_t *roles = json_object();
    for (size_t ri = 0; ri <= n_roles; ri++) {
        json_t *o = json_object();
        json_object_set_new(o, "lecturers", json_integer((json_int_t)role_lect[ri]));
        json_object_set_new(o, "sessions", json_integer((json_int_t)role_sess[ri]));
        json_object_set_new(roles, ri < n_roles ? pt_roles[ri] : "unspecified", o);
    }
    if (n_af > 1)
        qsort(af, n_af, sizeof *af, cmp_affil);
    json_t *affs = json_array();
    for (size_t a = 0; a < n_af; a++) {
        json_t *o = json_object();
        json_object_set_new(o, "affiliation", rj_str(af[a].affiliation));
        json_object_set_new(o, "role", json_string(af[a].role));
        json_object_set_new(o, "lecturers", json_integer((json_int_t)af[a].lecturers));
        json_object_set_new(o, "sessions", af[a].sessions);
        json_array_append_new(affs, o);
    }
    free(af);
    free(counted);
    free(role_lect);
    free(role_sess);
    json_t *o = json_object();
    json_object_set_new(o, "roles", roles);
    json_object_set_new(o, "affiliations", affs);
    json_object_set_new(o, "sessions_without_lecturers", json_integer((json_int_t)without));
    return o;
}

/* ---- the year report ---------------------------------------------------------- */

json_t *report_year_json(const report_ctx *r, int year, pt_error *err)
{
    json_t *terms = rp_terms_json(r, year, err);
    if (terms == NULL)
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "format", json_string(REPORT_FORMAT_YEAR));
    json_object_set_new(o, "format_version", json_integer(REPORT_FORMAT_VERSION));
    json_object_set_new(o, "generated_by", rp_generated_by(r));
    json_object_set_new(o, "year", json_integer(year));

    json_t *list = json_array();
    for (size_t i = 0; i < r->sessions.n; i++)
        if (r->sessions.v[i].year == year)
            json_array_append_new(list, session_json(r, &r->sessions.v[i]));
    json_t *sessions = json_object();
    json_object_set_new(sessions, "count", json_integer((json_int_t)json_array_size(list)));
    json_object_set_new(sessions, "list", list);
    json_object_set_new(o, "sessions", sessions);

    json_object_set_new(o, "missing_sessions", missing_json(r, year));
    json_t *unassigned = NULL;
    json_object_set_new(o, "themes", themes_json(r, year, &unassigned));
    json_object_set_new(o, "unassigned", unassigned);
    json_object_set_new(o, "terms", terms);
    json_object_set_new(o, "first_seen", rp_first_seen_json(r, year));
    json_object_set_new(o, "new_phrases", rp_new_phrases_json(r, year));
    json_object_set_new(o, "new_phrases_note", rp_new_phrases_note(r, year));
    json_object_set_new(o, "calendar", calendar_json(r, year));
    json_object_set_new(o, "anniversaries", rp_anniversaries_json(r, year));
    json_object_set_new(o, "lecturers", lecturers_year_json(r, year));
    json_object_set_new(o, "tifa", rp_tifa_year_json(r, year));
    return o;
}
