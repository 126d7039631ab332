/*
 * internal.h — the reports stage inside: what its files share and its tests
 * check, and nothing else needs (the command's door is report.h).
 *
 * The stage works in two steps so that tests can feed it data known by hand:
 *
 *  1. report_write_all (report.c) does the model work: it classifies every
 *     readout with the bundle, tokenises the corpus with the bundle's
 *     tokeniser settings, takes the tokeniser's lexicon and loads the
 *     political calendar, and fills a report_inputs;
 *  2. report_ctx_build (context.c) turns report_inputs into a report_ctx
 *     (readouts grouped into sessions, missing session numbers, token
 *     statistics), from which report_year_json (year.c), report_trends_json
 *     (trends.c) and report_html (html.c) render the outputs and
 *     report_write_ctx (report.c) writes them, each file with
 *     fsio_write_atomic.
 *
 * Who calls whom, one way: sessions.c, calendar.c, keyness.c and trends.c's
 * statistics need no context; context.c builds it from them; helpers.c
 * holds the small functions over a built context that terms.c, year.c,
 * trends.c, calendar.c and html.c share; report.c drives it all.
 *
 * Ownership: a report_ctx borrows everything in its report_inputs (which
 * must outlive it) and owns what it computes; report_ctx_free releases
 * that.  JSON values returned are new references the caller decrefs.
 */
#ifndef PT_REPORT_INTERNAL_H
#define PT_REPORT_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "corpus/corpus.h"
#include "corpus/taxonomy.h"
#include "corpus/unpublished.h"
#include "features/lexicon.h"
#include "features/phrases.h"
#include "features/stopphrases.h"
#include "features/tfidf.h"
#include "models/bundle.h"
#include "reports/report.h"

#define REPORT_FORMAT_YEAR "politrend-report-year"
#define REPORT_FORMAT_TRENDS "politrend-report-trends"
#define REPORT_FORMAT_VERSION 1

#define REPORT_ANNIV_DAYS 10   /* a session this many days or fewer before an event */
#define REPORT_TOP_TERMS 20    /* terms.top                                          */
#define REPORT_KEY_TERMS 15    /* terms.rising and terms.falling                     */
#define REPORT_FIRST_TERMS 20  /* first_seen.terms                                   */

/* ---- dates (sessions.c) ---------------------------------------------------- */

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d (negative
 * before).  Can't fail; the date is not validated. */
long report_days_from_civil(int y, int m, int d);

/* Parses a valid "YYYY-MM-DD" (corpus_parse_date) into *y, *m, *d and
 * returns its day number in *day.  Returns 0, or -1 when s is not a date. */
int report_parse_date(const char *s, int *y, int *m, int *d, long *day);

/* ---- sessions (sessions.c) ------------------------------------------------- */

/* One study session: the readouts that report it, combined. */
typedef struct {
    char *id;            /* "<cc>-<session>", or the date when either is unknown */
    int cc, number;      /* Central Committee term and session number, 0 = unknown */
    char date[11];       /* the earliest date among its readouts */
    int year, month;
    long day;            /* report_days_from_civil of date */
    size_t *docs;        /* its readouts: corpus indices, in corpus order */
    size_t n_docs;
    double *scores;      /* mean over its readouts of each theme's probability */
    int primary;         /* taxonomy index, or -1 when none */
    int themes[PT_MAX_THEMES];
    size_t n_themes;
    bool manual;         /* labels come from a readout ("manual"), not the model */
    long title_doc;      /* readout whose title is shown (English first), -1 = none */
    long lecturer_doc;   /* readout whose lecturers are listed (English first), -1 = none */
} report_session;

typedef struct {
    report_session *v;   /* sorted by day, then cc, number and id */
    size_t n;
    size_t n_themes;
    size_t *doc_session; /* corpus index -> index into v */
} report_sessions;

/* Groups the readouts of c into sessions.  A readout with both cc and
 * session belongs to session "<cc>-<session>".  A readout without them
 * joins the numbered session held on its date when there is exactly one,
 * otherwise the session identified by its date.  Labels: the first
 * labelled readout (corpus order) gives the session's themes (primary
 * first; "manual"); when no readout is labelled, primary =
 * predict_primary(mean scores, threshold) and themes = the themes with mean
 * probability >= 0.5, most probable first ("model").  probs holds
 * c->n × n_themes probabilities (row per readout).  Returns 0, or -1 with
 * PT_ERR_DATA naming the readout (FILE:LINE: ID) that has neither a date
 * nor (cc, session), or the session none of whose readouts has a date. */
int report_sessions_build(report_sessions *s, const pt_corpus *c, size_t n_themes,
                          const double *probs, double threshold, pt_error *err);
void report_sessions_free(report_sessions *s);

/* Index of the session with this id, or -1.  Can't fail. */
long report_sessions_find(const report_sessions *s, const char *id);

/* A session number no readout reports. */
typedef struct {
    int cc, number;
    int year;            /* the year it is reported in: that of the next session */
    size_t prev, next;   /* the sessions numbered just below and just above it */
    bool year_certain;   /* prev and next are in the same year */
    const char *unpublished; /* the note of corpus/unpublished.tsv when the session was held but
                              * its readout never published (report_ctx_build sets it), else NULL */
} report_missing;

/* Finds, for each term, the numbers between its smallest and largest known
 * session number that no session has, in (cc, number) order.  Sets *out
 * (caller frees; NULL when none) and returns the count.  Can't fail. */
size_t report_missing_find(const report_sessions *s, report_missing **out);

/* ---- keyness (keyness.c) --------------------------------------------------- */

/* Signed log-likelihood G² of a term as quanteda's textstat_keyness
 * (measure "lr", its default Williams correction) computes it, for the
 * 2 × 2 table a = term in target, b = term in reference, c = other terms in
 * target, d = other terms in reference.  Positive when the term is more
 * frequent in the target than expected (a > E11), negative otherwise.
 * Returns 0 when a row or column of the table is empty.  Can't fail. */
double report_g2(double a, double b, double c, double d);

/* ---- trends (trends.c) ----------------------------------------------------- */

typedef struct {
    size_t n;            /* points used */
    bool has_slope;      /* n >= 2 and the x are not all equal */
    bool has_se;         /* has_slope and n >= 3 */
    double slope, slope_se, intercept;
} report_fit;

/* Least-squares line through (x[i], y[i]).  w == NULL: gsl_fit_linear,
 * slope_se = sqrt(cov11).  Otherwise gsl_fit_wlinear with relative weights
 * w[i] > 0, slope_se = sqrt(cov11 * chisq / (n - 2)) (weights scaled by the
 * residual variance, as for unknown error).  Can't fail. */
void report_fit_series(const double *x, const double *y, const double *w, size_t n, report_fit *fit);

/* Median of v[0..n) (sorts v; the mean of the two middle values when n is
 * even; 0 when n is 0).  Can't fail. */
double report_median(double *v, size_t n);

/* ---- the political calendar (calendar.c) ----------------------------------- */

typedef struct {
    char date[11];
    long day;
    char *kind;          /* "fixed" (built in), or the file's kind: "congress", "plenum" */
    char *name;
} report_event;

typedef struct {
    report_event *v;     /* sorted by day, then name */
    size_t n;
} report_calendar;

/* Loads a calendar file: UTF-8 lines `date<TAB>kind<TAB>name`, date
 * YYYY-MM-DD, kind "congress" or "plenum", name non-empty; '#' lines and
 * blank lines ignored; at most 1 MiB and 1024 bytes a line.  path NULL
 * gives an empty calendar.  Returns 0, or -1 with err: PT_ERR_NOINPUT when
 * the file cannot be read, PT_ERR_DATA "FILE:LINE: what is wrong". */
int report_calendar_load(report_calendar *cal, const char *path, pt_error *err);
void report_calendar_free(report_calendar *cal);

/* An event a session was held shortly before. */
typedef struct {
    const char *kind, *name; /* owned by the calendar, or static for "fixed" */
    char date[11];
    long days_before;        /* 0..REPORT_ANNIV_DAYS */
} report_anniv;

/* The events (the fixed dates July 1, August 1, October 1 of the session's
 * year, and cal's events; cal may be NULL) held 0 to REPORT_ANNIV_DAYS days
 * after session s, nearest first (ties by name).  Writes at most
 * max into out and returns the number found.  Can't fail. */
size_t report_anniversaries(const report_calendar *cal, const report_session *s,
                            report_anniv *out, size_t max);

/* ---- the report context (context.c) ---------------------------------------- */

typedef struct {
    const pt_corpus *corpus;
    const pt_taxonomy *tax;       /* the bundle's; corpus themes index it */
    const double *probs;          /* corpus->n × tax->n, row per readout */
    double threshold;             /* for the primary theme of model-labelled sessions */
    const bag_set *bags;          /* the corpus tokenised, one bag per readout */
    const tfidf_model *tfidf;     /* idf for the top terms */
    const lexicon *lex;           /* NULL: tifa phrases are known from tokens only */
    const report_calendar *cal;   /* NULL: the fixed dates only */
    const struct rp_bodies *bodies; /* NULL: affiliations are not rolled up */
    const char *version;          /* generated_by.politrend_version */
    const char *model_checksum;   /* generated_by.model_checksum */
    int from_year, to_year;       /* 0 = no bound */
    const pt_unpublished *unpublished; /* NULL: none known */
    const bundle_selection *cv;   /* the bundle's cross-validated figures, or NULL */
    const stop_list *stop;        /* NULL: no stop-phrase rules (the data rules still apply) */
    size_t new_phrases;           /* new_phrases per year; 0 = REPORT_NEW_PHRASES */
} report_inputs;

/* A tifa phrase: a lexicon entry, or a tifa:<key> token the lexicon lacks. */
typedef struct {
    const char *key;
    long lex_index;      /* entry in the lexicon, -1 when not in it */
    long token;          /* raw token id of "tifa:<key>", -1 when never seen */
} report_tifa;

typedef struct report_ctx {
    report_inputs in;
    report_sessions sessions;
    report_missing *missing;
    size_t n_missing;
    int *years;          /* every year with sessions, ascending */
    size_t n_years;
    int *shown;          /* the years within [from_year, to_year] */
    size_t n_shown;
    long *first_session; /* per raw token: earliest session (index) using it, -1 */
    bool *is_tifa;       /* per raw token: starts with "tifa:" */
    report_tifa *tifa;   /* lexicon entries in file order, then other keys sorted */
    size_t n_tifa;
    size_t *tifa_count;  /* [k * n_years + y]: occurrences of phrase k in year years[y] */
    size_t *tifa_sessions; /* [k * n_years + y]: sessions of that year using it */
    char **tifa_extra;   /* owned keys of tifa tokens not in the lexicon */
    size_t n_tifa_extra;
    phr_set phrases;     /* the phrases of the corpus, found in its text (features/phrases.h) */
    phr_docinfo *phr_info; /* per readout: its session's date and id */
} report_ctx;

/* Builds r from in (borrowed).  Returns 0, or -1 with err (PT_ERR_DATA: no
 * readouts, a readout that cannot be placed, no session within the range,
 * or bags that do not match the corpus). */
int report_ctx_build(report_ctx *r, const report_inputs *in, pt_error *err);
void report_ctx_free(report_ctx *r);

/* Index into r->years of year, or -1.  Can't fail. */
long report_year_index(const report_ctx *r, int year);

/* ---- shared helpers (helpers.c) -------------------------------------------- */

/* A JSON number for v: jansson refuses NaN and infinities, and -0 would
 * print as "-0.0", so non-finite values become null (the code is written
 * so that they do not arise) and -0 becomes 0.  Can't fail. */
json_t *rj_num(double v);

/* A JSON string, or null when s is NULL.  Can't fail. */
json_t *rj_str(const char *s);

/* The JSON text politrend writes: sorted keys, indent 2, 6 significant
 * digits, a final newline.  Returns a string the caller frees, or NULL with
 * err when jansson refuses the value. */
char *report_json_text(const json_t *v, pt_error *err);

/* The theme name of taxonomy index t, or NULL when t < 0. */
const char *rp_theme(const report_ctx *r, int t);

/* Theme tallies of one year's sessions. */
typedef struct {
    size_t sessions;
    size_t primary[PT_MAX_THEMES];   /* sessions whose primary theme it is */
    size_t tagged[PT_MAX_THEMES];    /* sessions carrying it among their themes */
    double prob_sum[PT_MAX_THEMES];  /* sum of session scores */
    size_t unassigned;               /* sessions with no primary theme */
} rp_tally;

/* Tallies the sessions of year (all years when year is 0; only sessions of
 * term cc when cc > 0).  Can't fail. */
void rp_tally_sessions(const report_ctx *r, int year, int cc, rp_tally *t);

/* count / total, 0 when total is 0. */
double rp_share(size_t count, size_t total);

/* The year's readouts (corpus indices, in session order).  Sets *n and
 * returns an array the caller frees (NULL when none). */
size_t *rp_year_docs(const report_ctx *r, int year, size_t *n);

/* ---- the outputs (year.c, terms.c, calendar.c, trends.c, html.c, report.c) - */

/* <YEAR>.json for a year of r->years.  Returns a new object, or NULL with
 * err (PT_ERR_INTERNAL when TF-IDF weighting fails). */
json_t *report_year_json(const report_ctx *r, int year, pt_error *err);

/* trends.json over r->shown.  Returns a new object.  Can't fail. */
json_t *report_trends_json(const report_ctx *r);

/* index.html over r->shown, drawn from the year reports years[k] (one per
 * r->shown[k]) and trends.  Returns a NUL-terminated page the caller frees
 * and sets *len.  Can't fail. */
char *report_html(const report_ctx *r, json_t *const *years, const json_t *trends, size_t *len);

/* generated_by: {"politrend_version", "model_checksum"}.  Can't fail. */
json_t *rp_generated_by(const report_ctx *r);

/* The year report's "terms" object (top, rising, falling) and
 * "first_seen" and "tifa" objects (terms.c).  terms may fail (NULL, err)
 * when TF-IDF weighting fails. */
json_t *rp_terms_json(const report_ctx *r, int year, pt_error *err);
json_t *rp_first_seen_json(const report_ctx *r, int year);
json_t *rp_tifa_year_json(const report_ctx *r, int year);

/* Phrases found in the text (phrases.c): discovery over the whole corpus
 * at report_ctx_build; the year report's "new_phrases" and
 * "new_phrases_note"; terms.top/rising/falling and first_seen.terms in
 * surface form.  rp_phrases_build returns 0 or -1 with err. */
int rp_phrases_build(report_ctx *r, pt_error *err);
void rp_phrases_free(report_ctx *r);
json_t *rp_new_phrases_json(const report_ctx *r, int year);
json_t *rp_new_phrases_note(const report_ctx *r, int year);
json_t *rp_phrase_terms_json(const report_ctx *r, int year);
json_t *rp_phrase_first_json(const report_ctx *r, int year);

/* Occurrences and sessions of tifa phrase k in each year of r->years
 * (arrays of r->n_years).  Can't fail. */
void rp_tifa_series(const report_ctx *r, size_t k, size_t *count, size_t *sessions);

/* The lexicon fields of tifa phrase k (NULL when not in the lexicon). */
const char *rp_tifa_theme(const report_ctx *r, size_t k);
const char *rp_tifa_zh(const report_ctx *r, size_t k);
const char *rp_tifa_en(const report_ctx *r, size_t k);

/* The names of the built-in fixed dates (July 1, August 1, October 1),
 * k < RP_N_FIXED.  Can't fail. */
#define RP_N_FIXED 3
const char *rp_fixed_name(size_t k);

/* The anniversaries of the sessions of one year, as the year report lists
 * them (calendar.c). */
json_t *rp_anniversaries_json(const report_ctx *r, int year);

/* Writes the outputs of r as one set, into a new directory swapped in for
 * out_dir (created when missing) once whole (outset.h): the year files of
 * r->shown, and trends.json and index.html only when r->shown is every year
 * of the corpus; the files of out_dir the set does not rewrite are carried
 * into it, except DIR/<YEAR>.json for every year the corpus has no session
 * in.  Returns 0, or -1 with err (out_dir then as it was). */
int report_write_ctx(const report_ctx *r, const char *out_dir, pt_error *err);

#endif
