/*
 * report.h — politrend's yearly trend reports, the command's door: from
 * readouts and a model bundle to DIR/<YEAR>.json (one per year with
 * sessions), DIR/trends.json and DIR/index.html.  The formats are
 * documented in reports/FORMAT.md and checked by the JSON Schemas in
 * reports/schema/.
 *
 * report_write_all classifies every readout with the bundle, tokenises the
 * corpus once with the bundle's tokeniser settings (the tokeniser's lexicon
 * serves the tifa phrases), loads the political calendar and writes every
 * output, each file atomically.  How the analysis is built and rendered is
 * the stage's business (reports/internal.h).
 *
 * The analysis always sees the whole corpus (keyness against all earlier
 * years, first appearances, missing numbers); from_year/to_year only choose
 * which years are written and shown.  Output is deterministic: sorted JSON
 * keys, no timestamps, every list in a documented order.  Errors come back
 * through pt_error; nothing here prints or exits (except xalloc on out of
 * memory).
 */
#ifndef PT_REPORT_H
#define PT_REPORT_H

#include "base/error.h"
#include "corpus/corpus.h"
#include "models/bundle.h"

#define REPORT_NEW_PHRASES 50  /* new_phrases, unless --new-phrases N says otherwise  */

/* ---- the command's entry point --------------------------------------------- */

typedef struct {
    int from_year, to_year;    /* 0 = no bound */
    const char *out_dir;
    const char *calendar_path; /* NULL = none (the fixed dates still apply) */
    const char *unpublished_path; /* corpus/unpublished.tsv, or NULL = none known */
    const char *stop_path;     /* stop-phrase rules for phrase discovery; NULL = none */
    size_t new_phrases;        /* new_phrases per year; 0 = REPORT_NEW_PHRASES */
    const char *bodies_path;   /* affiliations -> parent bodies (reports/bodies.tsv); NULL = none */
} report_options;

/* Classifies and tokenises c with bundle b (c's theme indices must refer to
 * b->tax) and writes <YEAR>.json, review-<YEAR>.md and review-<YEAR>.html
 * for every year with sessions within [from_year, to_year] into o->out_dir
 * (created when missing), and, unless the range leaves out a year of the
 * corpus, trends.json and index.html (a partial range never replaces the
 * all-years page), each atomically; then removes the <YEAR>.json files of
 * years the corpus no longer has.  Returns 0, or -1 with err:
 * PT_ERR_DATA when c is empty, a readout has no date and no (cc, session),
 * no year has sessions within the range, or the calendar or bodies file is malformed;
 * PT_ERR_NOINPUT when the calendar, bodies file or lexicon cannot be read;
 * PT_ERR_CANTCREAT / PT_ERR_IO when an output cannot be written (files
 * already written stay, each of them complete). */
int report_write_all(const pt_corpus *c, const pt_bundle *b, const report_options *o, pt_error *err);

/* What `politrend review` asks for. */
typedef enum { REPORT_REVIEW_FILES, REPORT_REVIEW_MARKDOWN, REPORT_REVIEW_HTML } report_review_mode;

/* The review of one year (the model work of report_write_all, over the
 * whole corpus): REPORT_REVIEW_FILES writes review-<YEAR>.md and
 * review-<YEAR>.html into o->out_dir (created when missing); the other
 * modes set *text (caller frees) and *len to the Markdown or the HTML page.
 * Returns 0, or -1 with err as report_write_all, and PT_ERR_DATA when the
 * corpus has no session in year. */
int report_review(const pt_corpus *c, const pt_bundle *b, const report_options *o, int year,
                  report_review_mode mode, char **text, size_t *len, pt_error *err);

struct report_ctx;
/* What to do with the context report_with_ctx builds: 0, or -1 with err. */
typedef int (*report_ctx_fn)(const struct report_ctx *r, void *arg, pt_error *err);

/* The model work of report_write_all (classification, tokens, lexicon,
 * calendar, parent bodies, the bundle's per-theme F1), then fn(ctx, arg)
 * instead of writing the files.  Returns fn's result, or -1 with err as
 * report_write_all. */
int report_with_ctx(const pt_corpus *c, const pt_bundle *b, const report_options *o, report_ctx_fn fn, void *arg,
                    pt_error *err);

#endif
