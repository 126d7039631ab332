/*
 * internal.h — what the files of the reports stage share and nothing else
 * needs: JSON helpers that keep NaN and -0 out of the output, per-year theme
 * tallies, and the per-year pieces of the year report that trends.json and
 * the page reuse.  Not part of the stage's public API (report.h).
 */
#ifndef PT_REPORT_INTERNAL_H
#define PT_REPORT_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

#include "reports/report.h"

/* A JSON number for v: jansson refuses NaN and infinities, and -0 would
 * print as "-0.0", so non-finite values become null (the code is written
 * so that they do not arise) and -0 becomes 0.  Can't fail. */
json_t *rj_num(double v);

/* A JSON string, or null when s is NULL.  Can't fail. */
json_t *rj_str(const char *s);

/* generated_by: {"politrend_version", "model_checksum"}.  Can't fail. */
json_t *rp_generated_by(const report_ctx *r);

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

#endif
