/*
 * review_html.c — review-<YEAR>.html and the writing of both review files
 * (review.h).  The page is the Markdown of review.c rendered by libcmark,
 * not a second rendering of the data, so the two never say different
 * things; libcmark's default (safe) mode drops raw HTML, and review.c
 * escapes what it takes from the data.  The page is self-contained like
 * index.html: the shared stylesheet inline, no script, nothing from the
 * network.
 */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"
#include "base/xalloc.h"
#include "reports/internal.h"
#include "reports/review.h"

/* What the review adds to the shared style: a reading column, quotes set
 * off as the key sentences they are. */
static const char review_css[] =
    "body>nav{display:block;margin:18px 0 0}article{max-width:860px}article h2{font-size:1.2rem}article h3{font-size:1.05rem;margin:22px 0 6px}\n"
    "article blockquote{margin:6px 0 10px;padding:2px 14px;border-left:3px solid #0072B2;background:#f7f9fc}\n"
    "article blockquote p{margin:6px 0}article ul{padding-left:22px}article li{margin:2px 0}\n";

char *rp_review_html(const char *md, int year, size_t *len, pt_error *err)
{
    char *body = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
    if (body == NULL) {
        pt_fail(err, PT_ERR_INTERNAL, "libcmark could not render the review of %d", year);
        return NULL;
    }
    strbuf sb = {0};
    sb_puts(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    sb_printf(&sb, "<title>politrend: the study sessions of %d in review</title>\n<style>\n%s%s</style>\n</head>\n"
                   "<body>\n<nav><a href=\"index.html\">All years</a>"
                   "<a href=\"review-%d.md\">This review as Markdown</a>"
                   "<a href=\"%d.json\">The year's data (JSON)</a></nav>\n<article class=\"review\">\n",
              year, rp_page_css, review_css, year, year);
    sb_puts(&sb, body);
    sb_puts(&sb, "</article>\n<footer>Rendered from review-");
    sb_printf(&sb, "%d.md with libcmark; formats in reports/FORMAT.md.</footer>\n</body>\n</html>\n", year);
    free(body);
    *len = sb.len;
    return sb.data;
}

static int write_text(const char *dir, const char *name, const char *data, size_t len, pt_error *err)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    int rc = fsio_write_atomic(path, data, len, err);
    free(path);
    return rc;
}

int rp_review_write(const report_ctx *r, int year, const json_t *year_json, const char *out_dir, pt_error *err)
{
    json_t *own = NULL, *prev = NULL;
    if (year_json == NULL && (year_json = own = report_year_json(r, year, err)) == NULL)
        return -1;
    long y = report_year_index(r, year);
    if (y > 0 && (prev = report_year_json(r, r->years[y - 1], err)) == NULL) {
        json_decref(own);
        return -1;
    }
    char *md = rp_review_markdown(r, year_json, prev);
    json_decref(prev);
    json_decref(own);
    size_t len;
    char *html = rp_review_html(md, year, &len, err);
    int rc = -1;
    if (html != NULL) {
        char name[40];
        snprintf(name, sizeof name, "review-%d.md", year);
        rc = write_text(out_dir, name, md, strlen(md), err);
        snprintf(name, sizeof name, "review-%d.html", year);
        if (rc == 0)
            rc = write_text(out_dir, name, html, len, err);
    }
    free(html);
    free(md);
    return rc;
}

typedef struct {
    int year;
    report_review_mode mode;
    const char *out_dir;
    char *text;
    size_t len;
} review_job;

static int review_fn(const report_ctx *r, void *arg, pt_error *err)
{
    review_job *job = arg;
    if (report_year_index(r, job->year) < 0)
        return pt_fail(err, PT_ERR_DATA, "no study sessions in %d (the corpus has %d to %d)", job->year, r->years[0],
                       r->years[r->n_years - 1]);
    if (job->mode == REPORT_REVIEW_FILES)
        return fsio_mkdirs(job->out_dir, err) != 0 ? -1 : rp_review_write(r, job->year, NULL, job->out_dir, err);
    json_t *y = report_year_json(r, job->year, err), *prev = NULL;
    if (y == NULL)
        return -1;
    long k = report_year_index(r, job->year);
    if (k > 0 && (prev = report_year_json(r, r->years[k - 1], err)) == NULL) {
        json_decref(y);
        return -1;
    }
    char *md = rp_review_markdown(r, y, prev);
    json_decref(prev);
    json_decref(y);
    if (job->mode == REPORT_REVIEW_MARKDOWN) {
        job->text = md;
        job->len = strlen(md);
        return 0;
    }
    job->text = rp_review_html(md, job->year, &job->len, err);
    free(md);
    return job->text ? 0 : -1;
}

int report_review(const pt_corpus *c, const pt_bundle *b, const report_options *o, int year,
                  report_review_mode mode, char **text, size_t *len, pt_error *err)
{
    /* The whole corpus: first appearances and the previous year need it. */
    report_options all = *o;
    all.from_year = all.to_year = 0;
    review_job job = {year, mode, o->out_dir, NULL, 0};
    int rc = report_with_ctx(c, b, &all, review_fn, &job, err);
    if (text)
        *text = job.text;
    else
        free(job.text);
    if (len)
        *len = job.len;
    return rc;
}
