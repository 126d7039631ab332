/*
 * review.h — the year in review and the page's added sections: what the
 * files reports/sentences.c, review.c, review_html.c, bodies.c,
 * dashboard.c and page.c share with the rest of the reports stage.
 *
 *  - key sentences of a session (sentences.c, on keysent.h), listed in
 *    <YEAR>.json;
 *  - the parent bodies lecturers' affiliations roll up to (bodies.c, from
 *    the editable file reports/bodies.tsv);
 *  - review-<YEAR>.md, a review of one year in CommonMark that pastes into
 *    a newsletter editor, rendered from the year report (review.c), and
 *    review-<YEAR>.html, that Markdown rendered by libcmark inside the
 *    index page's style (review_html.c);
 *  - the index page's sections on terms, cadence, briefers, trends,
 *    readout lengths and the reviews (dashboard.c), and the
 *    stylesheet, escaping and colours every page shares (page.c).
 *
 * Errors come back through pt_error; nothing here prints or exits (except
 * xalloc on out of memory).
 */
#ifndef PT_REVIEW_H
#define PT_REVIEW_H

#include <jansson.h>
#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "reports/internal.h"

/* ---- key sentences (sentences.c) ------------------------------------------- */

/* The session's key sentences: for each language of its readouts (sorted),
 * the key sentences of those readouts pooled (ks_select), in readout and
 * text order: [{"text", "lang", "readout"}].  Each text is exactly a
 * sentence of that readout.  Can't fail. */
json_t *rp_key_sentences_json(const report_ctx *r, const report_session *s);

/* ---- parent bodies (bodies.c) ---------------------------------------------- */

/* The roll-up of affiliations to parent bodies: lines
 * `body<TAB>pattern`; a pattern matches an affiliation that contains it
 * (ASCII letters without regard to case); the pattern found earliest in
 * the affiliation wins (the first-named post), ties by file order. */
typedef struct rp_bodies {
    char **body, **pattern;
    size_t n;
    char **names;        /* the distinct bodies in file order */
    size_t n_names;
} rp_bodies;

#define RP_BODY_SELF_STUDY "Self-study (Politburo members)"
#define RP_BODY_NOT_STATED "Affiliation not stated"
#define RP_BODY_OTHER "Other"

/* Loads a bodies file ('#' lines and blank lines ignored; at most 1 MiB).
 * path NULL gives an empty roll-up (every affiliation is "Other").  Returns
 * 0, or -1 with err: PT_ERR_NOINPUT when the file cannot be read,
 * PT_ERR_DATA "FILE:LINE: what is wrong". */
int rp_bodies_load(rp_bodies *b, const char *path, pt_error *err);
void rp_bodies_free(rp_bodies *b);

/* The parent body of a lecturer: RP_BODY_SELF_STUDY for the role
 * "self-study", RP_BODY_NOT_STATED without an affiliation, the matching
 * body, else RP_BODY_OTHER.  b may be NULL.  The string is b's or static. */
const char *rp_body_of(const rp_bodies *b, const char *affiliation, const char *role);

/* ---- the review (review.c, review_html.c) ---------------------------------- */

/* review-<YEAR>.md for the year report `year` of r (prev: the report of
 * the previous year with sessions, or NULL).  Returns a NUL-terminated
 * string the caller frees.  Can't fail. */
char *rp_review_markdown(const report_ctx *r, const json_t *year, const json_t *prev);

/* The review page: md rendered by libcmark (raw HTML in md is not passed
 * through) in a self-contained page styled like index.html.  Returns a
 * NUL-terminated string the caller frees and sets *len, or NULL with err
 * (PT_ERR_INTERNAL) when libcmark fails. */
char *rp_review_html(const char *md, int year, size_t *len, pt_error *err);

/* Writes review-<YEAR>.md and review-<YEAR>.html of year into out_dir
 * (which exists), atomically; year_json is that year's report (NULL: it is
 * built).  Returns 0, or -1 with err. */
int rp_review_write(const report_ctx *r, int year, const json_t *year_json, const char *out_dir, pt_error *err);

/* ---- the page's added sections (dashboard.c) ------------------------------- */

/* Appends the nav links of the sections rp_dashboard writes. */
void rp_dashboard_nav(strbuf *sb);

/* Appends the sections: theme share per Central Committee term, cadence,
 * who briefed (parent bodies over time), trend slopes, readout lengths,
 * the year reviews.  years[k] is the report of r->shown[k].
 * Can't fail. */
void rp_dashboard(strbuf *sb, const report_ctx *r, json_t *const *years, const json_t *trends);

/* ---- shared page pieces (page.c) ------------------------------------------- */

/* The stylesheet of every page politrend writes. */
extern const char rp_page_css[];

/* Appends s with &, <, >, " and ' escaped (text and attribute values). */
void rp_html_text(strbuf *sb, const char *s);

/* The colour of taxonomy index t (Okabe–Ito, by taxonomy order), grey for
 * t < 0 (no theme). */
const char *rp_colour(int t);

#endif
