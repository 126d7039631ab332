/*
 * extract.c — reading a readout's facts from its text (extract.h): the
 * formula is found and read by extract_zh.c or extract_en.c; here its
 * date is completed (year and month from the dispatch line, the page's
 * publication date or address, checked against the named term and the
 * cadence of sessions), the term follows from the date, and what the
 * readout lacks is filled in and marked as extracted.
 */
#include "extract.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "extract_parts.h"
#include "roles.h"
#include "terms.h"

const char *const extract_field_names[PT_X_COUNT] = {"date", "cc", "session", "lecturers", "title", "lang", "source"};

unsigned extract_field_bit(const char *name)
{
    for (int k = 0; k < PT_X_COUNT; k++)
        if (strcmp(name, extract_field_names[k]) == 0)
            return 1u << k;
    return 0;
}

/* ---- dates ----------------------------------------------------------------- */



/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long day_number(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static ymd from_day_number(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    ymd r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}


/* Puts the year (and month) on a partial date from a reference date that
 * is not earlier than it: the session is never after its dispatch or its
 * publication. */
static ymd complete(ymd s, ymd ref)
{
    if (s.m == 0) {
        if (ref.m == 0 || s.d == 0)
            return s;
        s.m = ref.m;
        if (ref.d != 0 && s.d > ref.d) { /* 31日 in a dispatch of the 1st: the month before */
            s.m = ref.m == 1 ? 12 : ref.m - 1;
            if (s.y == 0 && ref.y != 0)
                s.y = ref.m == 1 ? ref.y - 1 : ref.y;
        }
    }
    if (s.y == 0 && ref.y != 0) {
        s.y = ref.y;
        if (ref.m != 0 && (s.m > ref.m || (s.m == ref.m && ref.d != 0 && s.d > ref.d)))
            s.y = ref.y - 1;
    }
    return s;
}

static ymd parse_iso(const char *s)
{
    ymd r = {0, 0, 0};
    if (s != NULL && strlen(s) >= 10 && sscanf(s, "%4d-%2d-%2d", &r.y, &r.m, &r.d) != 3)
        memset(&r, 0, sizeof r);
    return r;
}



int extract_url_date(const char *url, char out[11])
{
    if (url == NULL)
        return 0;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : strchr(url, '/');
    if (p == NULL)
        return 0;
    /* Digit runs of the path, in order. */
    const char *runs[64];
    size_t lens[64], n = 0;
    for (const char *q = p; *q && n < 64;) {
        size_t len;
        if (xt_digits(q, &len)) {
            runs[n] = q;
            lens[n++] = len;
            q += len;
        } else {
            q++;
        }
    }
    int best = 0;
    ymd found = {0, 0, 0};
    for (size_t k = 0; k < n && best < 3; k++) {
        const char *r = runs[k];
        size_t len = lens[k];
        ymd c = {0, 0, 0};
        int prec = 0;
        if (len == 8) {
            c = (ymd){xt_num(r, 4), xt_num(r + 4, 2), xt_num(r + 6, 2)};
            prec = 3;
        } else if (len == 6 && k + 1 < n && lens[k + 1] == 2) {
            c = (ymd){xt_num(r, 4), xt_num(r + 4, 2), xt_num(runs[k + 1], 2)};
            prec = 3;
        } else if (len == 6) {
            c = (ymd){xt_num(r, 4), xt_num(r + 4, 2), 0};
            prec = 2;
        } else if (len == 4 && k + 1 < n && lens[k + 1] == 4) {
            c = (ymd){xt_num(r, 4), xt_num(runs[k + 1], 2), xt_num(runs[k + 1] + 2, 2)};
            prec = 3;
        } else if (len == 4 && k + 2 < n && lens[k + 1] <= 2 && lens[k + 2] <= 2) {
            c = (ymd){xt_num(r, 4), xt_num(runs[k + 1], (size_t)lens[k + 1]), xt_num(runs[k + 2], (size_t)lens[k + 2])};
            prec = 3;
        } else if (len == 4 && k + 1 < n && lens[k + 1] <= 2) {
            c = (ymd){xt_num(r, 4), xt_num(runs[k + 1], (size_t)lens[k + 1]), 0};
            prec = 2;
        } else if (len == 4) {
            c = (ymd){xt_num(r, 4), 0, 0};
            prec = 1;
        }
        if (c.y < 2000 || c.y > 2099)
            continue;
        if (prec == 3 && !xt_full(c))
            prec = c.m >= 1 && c.m <= 12 ? 2 : 1;
        if (prec == 2 && (c.m < 1 || c.m > 12))
            prec = 1;
        if (prec > best) {
            best = prec;
            found = c;
            if (prec < 3)
                found.d = 0;
            if (prec < 2)
                found.m = 0;
        }
    }
    if (best == 0)
        return 0;
    char buf[48];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", found.y, found.m % 100, found.d % 100);
    memcpy(out, buf, 10);
    out[10] = '\0';
    return best;
}

/* The reference date of a readout's publication: the page's publication
 * date, else the date in its address (possibly only a month or a year). */
static ymd publication(const char *url, const char *published)
{
    ymd p = parse_iso(published);
    if (xt_full(p))
        return p;
    char u[11];
    int prec = extract_url_date(url, u);
    ymd r = {0, 0, 0};
    if (prec > 0)
        sscanf(u, "%4d-%2d-%2d", &r.y, &r.m, &r.d);
    return r;
}




/* ---- the title and the whole ---------------------------------------------------------- */

/* A first line that reads as a headline: short, not a sentence, with more
 * text after it. */
static char *headline(const char *text, size_t len, int zh)
{
    size_t s = 0;
    while (s < len && isspace((unsigned char)text[s]))
        s++;
    const char *nl = memchr(text + s, '\n', len - s);
    if (nl == NULL)
        return NULL;
    size_t e = (size_t)(nl - text);
    while (e > s && isspace((unsigned char)text[e - 1]))
        e--;
    size_t chars = xt_count_chars(text + s, e - s);
    if (chars < 4 || chars > (zh ? 60u : 200u))
        return NULL;
    static const char *const stops[] = {"。", ".", "!", "?", "！", "？", "”", "\"", "：", ":", ")", "）", NULL};
    for (int k = 0; stops[k]; k++)
        if (xt_ends_with(text + s, e - s, stops[k]))
            return NULL;
    /* Not a dateline, a byline or a page's source-and-time line. */
    static const char *const not_titles[] = {"(Xinhua)", "日电", "来源", "编辑", "记者", "Updated", "Source:", "|",
                                             NULL};
    for (int k = 0; not_titles[k]; k++)
        if (xt_find(text + s, e - s, not_titles[k]))
            return NULL;
    if ((e - s > 3 && (memcmp(text + s, "By ", 3) == 0 || memcmp(text + s, "BY ", 3) == 0)))
        return NULL;
    date_list dates = {.n = 0};
    xt_scan_numeric_dates(text + s, e - s, &dates);
    if (dates.n > 0)
        return NULL;
    return xstrndup(text + s, e - s);
}

/* Sessions come about every 46 days (2002-2022: 8 a year): the day of
 * the term a session numbered n is expected on. */
#define PT_DAYS_PER_SESSION 45.6

/* How far (days) a session numbered n on date d is from where the cadence
 * puts it in term cc; a large number when the term is unknown. */
#define PT_CADENCE_SLACK 365.0
static double cadence_error(int cc, int n, ymd d)
{
    char start[11], next[11];
    if (!terms_bounds(cc, start, next) || !xt_full(d))
        return 1e9;
    ymd s = parse_iso(start);
    double err = (double)(day_number(d.y, d.m, d.d) - day_number(s.y, s.m, s.d)) - (n - 1) * PT_DAYS_PER_SESSION;
    return err < 0 ? -err : err;
}

/* The year of month m, day d that puts session n of term cc nearest the
 * day the cadence of sessions expects, within the term.  Returns 1 with
 * *out, or 0 when the term is not in the table. */
static int fit_year_to_term(int cc, int n, int m, int d, ymd *out)
{
    char start[11], next[11];
    if (!terms_bounds(cc, start, next))
        return 0;
    ymd s = parse_iso(start), e = next[0] ? parse_iso(next) : (ymd){s.y + 6, s.m, s.d};
    long s_dn = day_number(s.y, s.m, s.d), e_dn = day_number(e.y, e.m, e.d);
    double want = (n - 1) * PT_DAYS_PER_SESSION;
    double best_err = 1e9;
    int found = 0;
    for (int y = s.y; y <= e.y; y++) {
        ymd c = {y, m, d};
        if (!xt_full(c))
            continue;
        long dn = day_number(y, m, d);
        if (dn < s_dn || dn >= e_dn)
            continue;
        double err = (double)(dn - s_dn) - want;
        if (err < 0)
            err = -err;
        if (err < best_err) {
            best_err = err;
            *out = c;
            found = 1;
        }
    }
    return found;
}

void extract_facts_read(const char *text, size_t len, const char *lang, const char *url, const char *published,
                        extract_facts *f)
{
    memset(f, 0, sizeof *f);
    ymd session = {0, 0, 0}, dispatch = {0, 0, 0};
    date_list dates = {.n = 0};
    int weekday = 0, days_back = -1, zh = strcmp(lang, "zh") == 0;
    if (zh)
        xt_zh_read(text, len, &session, &dispatch, &days_back, &dates, f);
    else
        xt_en_read(text, len, &session, &dispatch, &weekday, &dates, f);
    int stated_cc = f->cc;
    /* A whole date in the text on the session's or the dispatch's day
     * (a page's "2013年09月30日 19:00" line) gives the year outright. */
    for (int k = 0; k < dates.n && session.y == 0 && dispatch.y == 0; k++) {
        ymd t = dates.d[k];
        if (session.m != 0 && t.m == session.m && t.d == session.d)
            session.y = t.y;
        else if (dispatch.m != 0 && t.m == dispatch.m && t.d == dispatch.d)
            dispatch.y = t.y;
    }
    int year_stated = session.y != 0 || dispatch.y != 0;
    ymd pub = publication(url, published);
    if (pub.y == 0 && dates.n > 0)
        pub = dates.d[0]; /* the first whole date of the text, as the publication's */
    if (dispatch.d != 0)
        dispatch = complete(dispatch, pub);
    ymd ref = dispatch.d != 0 ? dispatch : pub;
    ymd date = {0, 0, 0};
    if (session.d != 0) {
        date = complete(session, ref);
    } else if (days_back >= 0 && xt_full(ref)) {
        date = from_day_number(day_number(ref.y, ref.m, ref.d) - days_back);
    } else if (weekday != 0 && xt_full(ref)) {
        long dn = day_number(ref.y, ref.m, ref.d);
        int wd = (int)(((dn % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday (4) */
        date = from_day_number(dn - ((wd - (weekday - 1) + 7) % 7));
    } else if (!zh && f->formula && dispatch.d != 0) {
        date = dispatch; /* no day of its own: the session of the dispatch's day */
    }
    /* When no source states the year, the year taken from the page's date
     * or address must agree with the session's number: with a term named
     * in the text, and with the cadence of sessions (no session of
     * 2002-2026 was more than 189 days off it; a year more than a year off
     * comes from an address or a reprint dated long after).  Otherwise the
     * year is the one that fits the number in the term, flagged as fitted. */
    if (f->session > 0 && session.m != 0 && session.d != 0 && !year_stated) {
        int term = stated_cc, refit = 0;
        if (xt_full(date)) {
            char iso[48];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", date.y, date.m, date.d);
            int dcc = terms_cc_for_date(iso);
            if (term == 0)
                term = dcc;
            refit = dcc != term || cadence_error(term, f->session, date) > PT_CADENCE_SLACK;
        } else {
            refit = term != 0;
        }
        ymd fit;
        if (refit && term != 0 && fit_year_to_term(term, f->session, session.m, session.d, &fit) &&
            cadence_error(term, f->session, fit) <= PT_CADENCE_SLACK) {
            date = fit;
            f->year_fitted = true;
        }
    }
    if (xt_full(date) && date.y <= 9999) {
        char buf[48];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.y, date.m, date.d);
        memcpy(f->date, buf, 11);
    }
    int from_date = terms_cc_for_date(f->date[0] ? f->date : NULL);
    if (from_date != 0)
        f->cc = from_date;
    f->title = headline(text, len, zh);
}

void extract_facts_free(extract_facts *f)
{
    for (size_t k = 0; k < f->n_lecturers; k++) {
        free(f->lecturers[k].name);
        free(f->lecturers[k].affiliation);
    }
    free(f->lecturers);
    free(f->title);
    memset(f, 0, sizeof *f);
}

void extract_fill(pt_doc *d)
{
    if (d->text == NULL)
        return;
    if (d->lang[0] == '\0') {
        memcpy(d->lang, corpus_detect_lang(d->text, d->text_len), 3);
        d->extracted |= PT_X_LANG;
    }
    /* Nothing to read when every fact is given. */
    if (d->date != NULL && d->cc > 0 && d->session > 0 && d->n_lecturers > 0 && d->title != NULL)
        return;
    extract_facts f;
    extract_facts_read(d->text, d->text_len, d->lang, d->url, d->published, &f);
    d->plain = !f.formula;
    if (f.formula) {
        if (d->date == NULL && f.date[0]) {
            d->date = xstrdup(f.date);
            d->extracted |= PT_X_DATE;
            d->year_fitted = f.year_fitted;
        }
        if (d->session == 0 && f.session > 0) {
            d->session = f.session;
            d->extracted |= PT_X_SESSION;
        }
        if (d->cc == 0) {
            /* The term follows from the date; one named in the text counts
             * only when there is no date. */
            int cc = d->date ? terms_cc_for_date(d->date) : f.cc;
            if (cc > 0) {
                d->cc = cc;
                d->extracted |= PT_X_CC;
            }
        }
        if (d->n_lecturers == 0 && f.n_lecturers > 0) {
            d->lecturers = f.lecturers;
            d->n_lecturers = f.n_lecturers;
            f.lecturers = NULL;
            f.n_lecturers = 0;
            d->extracted |= PT_X_LECTURERS;
            for (size_t k = 0; k < d->n_lecturers; k++) {
                const char *role = roles_infer(d->lecturers[k].affiliation);
                if (role != NULL)
                    d->lecturers[k].role = xstrdup(role);
            }
        }
    } else if (d->date == NULL) {
        /* A plain readout: its date is its publication's, when known. */
        ymd pub = publication(d->url, d->published);
        if (xt_full(pub)) {
            char buf[48];
            snprintf(buf, sizeof buf, "%04d-%02d-%02d", pub.y, pub.m, pub.d);
            d->date = xstrndup(buf, 10);
            d->extracted |= PT_X_DATE;
        }
    }
    if (d->title == NULL && f.title != NULL) {
        d->title = f.title;
        f.title = NULL;
        d->extracted |= PT_X_TITLE;
    }
    extract_facts_free(&f);
}
