/*
 * calendar.c — the political calendar and the anniversaries of sessions
 * (internal.h).
 *
 * Analysts note which sessions come just before a political date: the
 * Party's founding anniversary (July 1), Army Day (August 1), National Day
 * (October 1) — built in, every year — and the Central Committee plenums
 * and Party congresses, whose dates change and come from a calendar file
 * (reports/calendar.tsv ships one).  A session is "before" an event when it
 * is held on the event's day or up to REPORT_ANNIV_DAYS days earlier.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/lines.h"
#include "base/xalloc.h"
#include "reports/internal.h"

#define CAL_MAX_BYTES (1u << 20)
#define CAL_MAX_LINE 1024

typedef struct {
    int month, day;
    const char *name;
} fixed_date;

static const fixed_date fixed_dates[] = {
    {7, 1, "Party founding anniversary (July 1)"},
    {8, 1, "Army Day (August 1)"},
    {10, 1, "National Day (October 1)"},
};
#define N_FIXED (sizeof fixed_dates / sizeof fixed_dates[0])
_Static_assert(N_FIXED == RP_N_FIXED, "internal.h's RP_N_FIXED must match fixed_dates");

const char *rp_fixed_name(size_t k)
{
    return k < N_FIXED ? fixed_dates[k].name : NULL;
}

static int valid_kind(const char *k)
{
    return strcmp(k, "congress") == 0 || strcmp(k, "plenum") == 0;
}

static int cmp_event(const void *a, const void *b)
{
    const report_event *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Parses one line (lines_fn) into a new event: date<TAB>kind<TAB>name. */
static int parse_line(void *ctx, const char *path, long lineno, char *line, size_t len, pt_error *err)
{
    report_calendar *cal = ctx;
    (void)len;
    cal->v = xreallocarray(cal->v, cal->n + 1, sizeof *cal->v); /* tens of lines: no growth policy needed */
    report_event *ev = &cal->v[cal->n];
    char *tab1 = strchr(line, '\t');
    char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
    if (tab1 == NULL || tab2 == NULL || strchr(tab2 + 1, '\t') != NULL)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: expected 3 tab-separated fields: date, kind, name",
                       path, lineno);
    *tab1 = *tab2 = '\0';
    const char *date = line, *kind = tab1 + 1, *name = tab2 + 1;
    int y, m, d;
    if (report_parse_date(date, &y, &m, &d, &ev->day) != 0)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: '%s' is not a date (YYYY-MM-DD)", path, lineno, date);
    if (!valid_kind(kind))
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: kind '%s' is neither congress nor plenum", path, lineno, kind);
    if (name[0] == '\0')
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: the event has no name", path, lineno);
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return pt_fail(err, PT_ERR_DATA, "%s:%ld: the name contains a control character", path, lineno);
    memcpy(ev->date, date, 10);
    ev->date[10] = '\0';
    ev->kind = xstrdup(kind);
    ev->name = xstrdup(name);
    cal->n++;
    return 0;
}

int report_calendar_load(report_calendar *cal, const char *path, pt_error *err)
{
    memset(cal, 0, sizeof *cal);
    if (path == NULL)
        return 0;
    if (lines_each(path, CAL_MAX_BYTES, CAL_MAX_LINE, parse_line, cal, err) != 0) {
        report_calendar_free(cal);
        return -1;
    }
    qsort(cal->v, cal->n, sizeof *cal->v, cmp_event);
    return 0;
}

void report_calendar_free(report_calendar *cal)
{
    for (size_t k = 0; k < cal->n; k++) {
        free(cal->v[k].kind);
        free(cal->v[k].name);
    }
    free(cal->v);
    memset(cal, 0, sizeof *cal);
}

static int cmp_anniv(const void *a, const void *b)
{
    const report_anniv *x = a, *y = b;
    if (x->days_before != y->days_before) /* same session: later event = more days */
        return x->days_before < y->days_before ? -1 : 1;
    return strcmp(x->name, y->name);
}

size_t report_anniversaries(const report_calendar *cal, const report_session *s,
                            report_anniv *out, size_t max)
{
    size_t n = 0;
    /* The fixed dates fall between July and October, so only the
     * session's own year can hold one within REPORT_ANNIV_DAYS. */
    for (size_t k = 0; k < N_FIXED; k++) {
        long day = report_days_from_civil(s->year, fixed_dates[k].month, fixed_dates[k].day);
        long before = day - s->day;
        if (before < 0 || before > REPORT_ANNIV_DAYS || n == max)
            continue;
        report_anniv *a = &out[n++];
        a->kind = "fixed";
        a->name = fixed_dates[k].name;
        snprintf(a->date, sizeof a->date, "%04d-%02d-%02d", s->year, fixed_dates[k].month,
                 fixed_dates[k].day);
        a->days_before = before;
    }
    for (size_t k = 0; cal && k < cal->n; k++) {
        long before = cal->v[k].day - s->day;
        if (before < 0 || before > REPORT_ANNIV_DAYS || n == max)
            continue;
        report_anniv *a = &out[n++];
        a->kind = cal->v[k].kind;
        a->name = cal->v[k].name;
        memcpy(a->date, cal->v[k].date, sizeof a->date);
        a->days_before = before;
    }
    qsort(out, n, sizeof *out, cmp_anniv);
    return n;
}

json_t *rp_anniversaries_json(const report_ctx *r, int year)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < r->sessions.n; i++) {
        const report_session *s = &r->sessions.v[i];
        if (s->year != year)
            continue;
        report_anniv an[64];
        size_t n = report_anniversaries(r->in.cal, s, an, sizeof an / sizeof an[0]);
        for (size_t k = 0; k < n; k++) {
            json_t *o = json_object();
            json_object_set_new(o, "session", json_string(s->id));
            json_object_set_new(o, "date", json_string(s->date));
            json_t *ev = json_object();
            json_object_set_new(ev, "date", json_string(an[k].date));
            json_object_set_new(ev, "kind", json_string(an[k].kind));
            json_object_set_new(ev, "name", json_string(an[k].name));
            json_object_set_new(o, "event", ev);
            json_object_set_new(o, "days_before", json_integer(an[k].days_before));
            json_object_set_new(o, "primary", rj_str(rp_theme(r, s->primary)));
            json_t *th = json_array();
            for (size_t j = 0; j < s->n_themes; j++)
                json_array_append_new(th, json_string(rp_theme(r, s->themes[j])));
            json_object_set_new(o, "themes", th);
            json_array_append_new(arr, o);
        }
    }
    return arr;
}
