/*
 * report.c — the reports stage's driver (report.h): from a corpus and a
 * bundle to the inputs of the analysis (classification, one tokenisation,
 * the tokeniser's lexicon, the calendar), and from the built context
 * (context.c) to the files, each written atomically.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/path.h"
#include "base/version.h"
#include "base/xalloc.h"
#include "models/train.h"
#include "reports/internal.h"
#include "reports/outset.h"
#include "reports/review.h"

static int write_json(const char *dir, const char *name, const json_t *v, pt_error *err)
{
    char *text = report_json_text(v, err);
    if (text == NULL)
        return -1;
    char *path = path_join(dir, name);
    int rc = fsio_write_atomic(path, text, strlen(text), err);
    free(path);
    free(text);
    return rc;
}

/* Whether n is <YEAR>.json, review-<YEAR>.md or review-<YEAR>.html (a
 * year of exactly four digits); sets *year. */
static int year_file(const char *n, int *year)
{
    const char *y = strncmp(n, "review-", 7) == 0 ? n + 7 : n;
    if (!isdigit((unsigned char)y[0]) || !isdigit((unsigned char)y[1]) || !isdigit((unsigned char)y[2]) ||
        !isdigit((unsigned char)y[3]))
        return 0;
    const char *ext = y + 4;
    if (y == n ? strcmp(ext, ".json") != 0 : (strcmp(ext, ".md") != 0 && strcmp(ext, ".html") != 0))
        return 0;
    *year = atoi(y);
    return 1;
}

/* Removes DIR/<YEAR>.json and DIR/review-<YEAR>.{md,html} for each year the
 * corpus has no session in: a report that no longer covers a year must not
 * leave its old numbers beside the new ones.  DIR is the new set, once the
 * old set's files are carried into it. */
static int remove_stale_years(const report_ctx *r, const char *out_dir, pt_error *err)
{
    DIR *dir = opendir(out_dir);
    if (dir == NULL)
        return pt_fail(err, PT_ERR_IO, "%s: %s", out_dir, strerror(errno));
    struct dirent *e;
    int rc = 0, removed = 0;
    while (rc == 0 && (e = readdir(dir)) != NULL) {
        const char *n = e->d_name;
        int year;
        if (!year_file(n, &year) || report_year_index(r, year) >= 0)
            continue;
        char *path = path_join(out_dir, n);
        if (unlink(path) != 0 && errno != ENOENT)
            rc = pt_fail(err, PT_ERR_IO, "%s: cannot remove this stale year file: %s", path, strerror(errno));
        removed = 1;
        free(path);
    }
    closedir(dir);
    if (rc == 0 && removed)
        rc = fsio_fsync_path(out_dir, err);
    return rc;
}

int report_write_ctx(const report_ctx *r, const char *out_dir_given, pt_error *err)
{
    /* The set is written into a new directory and swapped in whole
     * (outset.h): a kill or a full disk between two files leaves the old
     * set, never new files beside old ones. */
    report_set set;
    if (report_set_begin(&set, out_dir_given, err) != 0) {
        report_set_free(&set);
        return -1;
    }
    const char *out_dir = set.tmp;
    json_t **years = xcalloc(r->n_shown + 1, sizeof *years);
    json_t *trends = NULL;
    int rc = 0;
    for (size_t k = 0; k < r->n_shown && rc == 0; k++) {
        years[k] = report_year_json(r, r->shown[k], err);
        if (years[k] == NULL) {
            rc = -1;
            break;
        }
        char name[32];
        snprintf(name, sizeof name, "%d.json", r->shown[k]);
        rc = write_json(out_dir, name, years[k], err);
        if (rc == 0) /* the year in review belongs to the same set */
            rc = rp_review_write(r, r->shown[k], years[k], out_dir, err);
    }
    /* A partial range writes its years only: the all-years page and trends
     * stay as the last full report left them. */
    int whole = r->n_shown == r->n_years;
    if (rc == 0 && whole) {
        trends = report_trends_json(r);
        rc = write_json(out_dir, "trends.json", trends, err);
    }
    if (rc == 0 && whole) {
        size_t len;
        char *page = report_html(r, years, trends, &len);
        char *path = path_join(out_dir, "index.html");
        rc = fsio_write_atomic(path, page, len, err);
        free(path);
        free(page);
    }
    if (rc == 0)
        rc = report_set_carry(&set, err);
    if (rc == 0)
        rc = remove_stale_years(r, out_dir, err);
    if (rc == 0)
        rc = report_set_swap(&set, err);
    report_set_free(&set);
    for (size_t k = 0; k < r->n_shown; k++)
        json_decref(years[k]);
    free(years);
    json_decref(trends);
    return rc;
}

int report_with_ctx(const pt_corpus *c, const pt_bundle *b, const report_options *o, report_ctx_fn fn, void *arg,
                    pt_error *err)
{
    if (c->n == 0)
        return pt_fail(err, PT_ERR_DATA, "no readouts to report on");
    int rc = -1;
    double *probs = xcalloc(c->n * b->tax.n + 1, sizeof *probs);
    bag_set bags;
    memset(&bags, 0, sizeof bags);
    report_calendar cal;
    memset(&cal, 0, sizeof cal);
    pt_unpublished unpub = {0};
    stop_list *stop = NULL;
    normalizer *norm = NULL;
    rp_bodies bodies;
    memset(&bodies, 0, sizeof bodies);

    /* One tokenisation serves both the classification and the term counts,
     * and the tokeniser's lexicon (if any) names the tifa phrases. */
    tokenizer *tok = tok_open(&b->tok, err);
    if (tok == NULL)
        goto done;
    if (bags_build(&bags, tok, c, err) != 0)
        goto done;
    if (predict_bags(b, &bags, probs, err) != 0)
        goto done;
    if (report_calendar_load(&cal, o->calendar_path, err) != 0)
        goto done;
    if (unpublished_load(&unpub, o->unpublished_path, err) != 0)
        goto done;
    if (o->stop_path && ((norm = norm_open(err)) == NULL || (stop = stop_load(o->stop_path, norm, err)) == NULL))
        goto done;
    if (rp_bodies_load(&bodies, o->bodies_path, err) != 0)
        goto done;

    report_inputs in = {
        .corpus = c, .tax = &b->tax, .probs = probs, .threshold = b->threshold,
        .bags = &bags, .tfidf = &b->tfidf, .lex = tok_lexicon(tok), .cal = &cal,
        .bodies = &bodies,
        .version = PT_VERSION, .model_checksum = b->checksum,
        .from_year = o->from_year, .to_year = o->to_year,
        .unpublished = &unpub, .cv = &b->selection,
        .stop = stop, .new_phrases = o->new_phrases,
    };
    report_ctx r;
    if (report_ctx_build(&r, &in, err) != 0)
        goto done;
    rc = fn(&r, arg, err);
    report_ctx_free(&r);
done:
    if (bags.raw)
        bags_free(&bags);
    tok_close(tok);
    report_calendar_free(&cal);
    unpublished_free(&unpub);
    stop_free(stop);
    norm_close(norm);
    rp_bodies_free(&bodies);
    free(probs);
    return rc;
}

static int write_ctx_fn(const report_ctx *r, void *arg, pt_error *err)
{
    const report_options *o = arg;
    return report_write_ctx(r, o->out_dir, err);
}

int report_write_all(const pt_corpus *c, const pt_bundle *b, const report_options *o, pt_error *err)
{
    return report_with_ctx(c, b, o, write_ctx_fn, (void *)o, err);
}
