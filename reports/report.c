/*
 * report.c — the reports stage's driver (report.h): from a corpus and a
 * bundle to the inputs of the analysis, from the inputs to a report_ctx,
 * and from a report_ctx to the files, each written atomically.  Also the
 * small helpers the other files of the stage share (internal.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/version.h"
#include "base/xalloc.h"
#include "models/train.h"
#include "reports/internal.h"
#include "reports/review.h"

/* ---- shared helpers ---------------------------------------------------------- */

json_t *rj_num(double v)
{
    if (!isfinite(v))
        return json_null();
    return json_real(v == 0.0 ? 0.0 : v);
}

json_t *rj_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

const char *rp_theme(const report_ctx *r, int t)
{
    return t >= 0 && (size_t)t < r->in.tax->n ? r->in.tax->names[t] : NULL;
}

double rp_share(size_t count, size_t total)
{
    return total > 0 ? (double)count / (double)total : 0.0;
}

void rp_tally_sessions(const report_ctx *r, int year, int cc, rp_tally *t)
{
    memset(t, 0, sizeof *t);
    size_t n_themes = r->in.tax->n;
    for (size_t i = 0; i < r->sessions.n; i++) {
        const report_session *s = &r->sessions.v[i];
        if ((year != 0 && s->year != year) || (cc > 0 && s->cc != cc))
            continue;
        t->sessions++;
        if (s->primary >= 0)
            t->primary[s->primary]++;
        else
            t->unassigned++;
        for (size_t j = 0; j < s->n_themes; j++)
            t->tagged[s->themes[j]]++;
        for (size_t k = 0; k < n_themes; k++)
            t->prob_sum[k] += s->scores[k];
    }
}

size_t *rp_year_docs(const report_ctx *r, int year, size_t *n)
{
    size_t count = 0;
    for (size_t i = 0; i < r->sessions.n; i++)
        if (r->sessions.v[i].year == year)
            count += r->sessions.v[i].n_docs;
    *n = count;
    if (count == 0)
        return NULL;
    size_t *docs = xcalloc(count, sizeof *docs), k = 0;
    for (size_t i = 0; i < r->sessions.n; i++)
        if (r->sessions.v[i].year == year)
            for (size_t j = 0; j < r->sessions.v[i].n_docs; j++)
                docs[k++] = r->sessions.v[i].docs[j];
    return docs;
}

char *report_json_text(const json_t *v, pt_error *err)
{
    char *text = json_dumps(v, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    if (text == NULL) {
        pt_fail(err, PT_ERR_INTERNAL, "cannot serialise a report as JSON");
        return NULL;
    }
    size_t len = strlen(text);
    char *out = xmalloc(len + 2);
    memcpy(out, text, len);
    out[len] = '\n';
    out[len + 1] = '\0';
    free(text);
    return out;
}

/* ---- the context ------------------------------------------------------------- */

long report_year_index(const report_ctx *r, int year)
{
    for (size_t k = 0; k < r->n_years; k++)
        if (r->years[k] == year)
            return (long)k;
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* first_session and is_tifa for every raw token. */
static void token_stats(report_ctx *r)
{
    const bag_set *bags = r->in.bags;
    size_t n_raw = vocab_size(bags->raw);
    r->first_session = xcalloc(n_raw + 1, sizeof *r->first_session);
    r->is_tifa = xcalloc(n_raw + 1, sizeof *r->is_tifa);
    for (size_t t = 0; t < n_raw; t++) {
        r->first_session[t] = -1;
        r->is_tifa[t] = strncmp(vocab_term(bags->raw, (uint32_t)t), "tifa:", 5) == 0;
    }
    for (size_t d = 0; d < bags->n_docs; d++) {
        long s = (long)r->sessions.doc_session[d];
        for (size_t e = bags->offsets[d]; e < bags->offsets[d + 1]; e++) {
            uint32_t t = bags->ids[e];
            if (r->first_session[t] < 0 || s < r->first_session[t])
                r->first_session[t] = s;
        }
    }
}

/* The tifa phrases: lexicon entries in file order, then the keys of tifa
 * tokens the lexicon lacks, sorted. */
static void tifa_list(report_ctx *r)
{
    const lexicon *lex = r->in.lex;
    const vocab *raw = r->in.bags->raw;
    size_t n_lex = lex ? lex_count(lex) : 0, n_raw = vocab_size(raw);
    for (size_t t = 0; t < n_raw; t++) {
        if (!r->is_tifa[t])
            continue;
        const char *key = vocab_term(raw, (uint32_t)t) + 5;
        if (key[0] == '@' || (lex && lex_find(lex, key) >= 0))
            continue; /* tifa:@<theme> (tokenize.h) is a feature, not a phrase */
        r->tifa_extra = xreallocarray(r->tifa_extra, r->n_tifa_extra + 1, sizeof *r->tifa_extra);
        r->tifa_extra[r->n_tifa_extra++] = xstrdup(key);
    }
    if (r->n_tifa_extra > 1)
        qsort(r->tifa_extra, r->n_tifa_extra, sizeof *r->tifa_extra, cmp_str);
    r->n_tifa = n_lex + r->n_tifa_extra;
    r->tifa = xcalloc(r->n_tifa + 1, sizeof *r->tifa);
    for (size_t k = 0; k < r->n_tifa; k++) {
        report_tifa *x = &r->tifa[k];
        x->key = k < n_lex ? lex_key(lex, k) : r->tifa_extra[k - n_lex];
        x->lex_index = k < n_lex ? (long)k : -1;
        size_t klen = strlen(x->key);
        char *tok = xmalloc(klen + 6);
        memcpy(tok, "tifa:", 5);
        memcpy(tok + 5, x->key, klen + 1);
        x->token = vocab_lookup(raw, tok, klen + 5);
        free(tok);
    }

    /* Yearly series, in one pass over the readouts in session order. */
    const bag_set *bags = r->in.bags;
    long *phrase_of = xcalloc(n_raw + 1, sizeof *phrase_of);
    for (size_t t = 0; t < n_raw; t++)
        phrase_of[t] = -1;
    for (size_t k = 0; k < r->n_tifa; k++)
        if (r->tifa[k].token >= 0)
            phrase_of[r->tifa[k].token] = (long)k;
    long *last = xcalloc(r->n_tifa + 1, sizeof *last);
    for (size_t k = 0; k < r->n_tifa; k++)
        last[k] = -1;
    r->tifa_count = xcalloc(r->n_tifa * r->n_years + 1, sizeof *r->tifa_count);
    r->tifa_sessions = xcalloc(r->n_tifa * r->n_years + 1, sizeof *r->tifa_sessions);
    for (size_t i = 0; i < r->sessions.n; i++) {
        const report_session *s = &r->sessions.v[i];
        size_t y = (size_t)report_year_index(r, s->year);
        for (size_t j = 0; j < s->n_docs; j++)
            for (size_t e = bags->offsets[s->docs[j]]; e < bags->offsets[s->docs[j] + 1]; e++) {
                long k = phrase_of[bags->ids[e]];
                if (k < 0)
                    continue;
                r->tifa_count[(size_t)k * r->n_years + y] += bags->counts[e];
                if (last[k] != (long)i) {
                    r->tifa_sessions[(size_t)k * r->n_years + y]++;
                    last[k] = (long)i;
                }
            }
    }
    free(last);
    free(phrase_of);
}

int report_ctx_build(report_ctx *r, const report_inputs *in, pt_error *err)
{
    memset(r, 0, sizeof *r);
    r->in = *in;
    const pt_corpus *c = in->corpus;
    if (c->n == 0)
        return pt_fail(err, PT_ERR_DATA, "no readouts to report on");
    if (in->bags->n_docs != c->n)
        return pt_fail(err, PT_ERR_INTERNAL, "reports: %zu token bags for %zu readouts", in->bags->n_docs, c->n);
    if (report_sessions_build(&r->sessions, c, in->tax->n, in->probs, in->threshold, err) != 0)
        return -1;
    r->n_missing = report_missing_find(&r->sessions, &r->missing);
    for (size_t k = 0; k < r->n_missing; k++) {
        const pt_unpublished_entry *e = unpublished_find(in->unpublished, r->missing[k].cc, r->missing[k].number);
        r->missing[k].unpublished = e ? e->note : NULL;
    }

    r->years = xcalloc(r->sessions.n + 1, sizeof *r->years);
    r->shown = xcalloc(r->sessions.n + 1, sizeof *r->shown);
    for (size_t i = 0; i < r->sessions.n; i++) {
        int y = r->sessions.v[i].year;
        if (r->n_years == 0 || r->years[r->n_years - 1] != y) {
            r->years[r->n_years++] = y;
            if ((in->from_year == 0 || y >= in->from_year) && (in->to_year == 0 || y <= in->to_year))
                r->shown[r->n_shown++] = y;
        }
    }
    if (r->n_shown == 0) {
        char from[16] = "the first year", to[16] = "the last";
        if (in->from_year)
            snprintf(from, sizeof from, "%d", in->from_year);
        if (in->to_year)
            snprintf(to, sizeof to, "%d", in->to_year);
        int first = r->years[0], last = r->years[r->n_years - 1];
        report_ctx_free(r);
        return pt_fail(err, PT_ERR_DATA, "no study sessions from %s to %s (the corpus has %d to %d)", from, to,
                       first, last);
    }
    token_stats(r);
    tifa_list(r);
    if (rp_phrases_build(r, err) != 0) {
        report_ctx_free(r);
        return -1;
    }
    return 0;
}

void report_ctx_free(report_ctx *r)
{
    report_sessions_free(&r->sessions);
    free(r->missing);
    free(r->years);
    free(r->shown);
    free(r->first_session);
    free(r->is_tifa);
    free(r->tifa);
    free(r->tifa_count);
    free(r->tifa_sessions);
    for (size_t k = 0; k < r->n_tifa_extra; k++)
        free(r->tifa_extra[k]);
    free(r->tifa_extra);
    rp_phrases_free(r);
    memset(r, 0, sizeof *r);
}

/* ---- writing ------------------------------------------------------------------ */

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int write_json(const char *dir, const char *name, const json_t *v, pt_error *err)
{
    char *text = report_json_text(v, err);
    if (text == NULL)
        return -1;
    char *path = join_path(dir, name);
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
 * leave its old numbers beside the new ones. */
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
        char *path = join_path(out_dir, n);
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

int report_write_ctx(const report_ctx *r, const char *out_dir, pt_error *err)
{
    if (fsio_mkdirs(out_dir, err) != 0)
        return -1;
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
        char *path = join_path(out_dir, "index.html");
        rc = fsio_write_atomic(path, page, len, err);
        free(path);
        free(page);
    }
    if (rc == 0)
        rc = remove_stale_years(r, out_dir, err);
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
    lexicon *lex = NULL;
    report_calendar cal;
    memset(&cal, 0, sizeof cal);
    pt_unpublished unpub = {0};
    stop_list *stop = NULL;
    normalizer *norm = NULL;
    rp_bodies bodies;
    memset(&bodies, 0, sizeof bodies);

    /* One tokenisation serves both the classification and the term counts. */
    if (bags_tokenize(&bags, &b->tok, c, NULL, 0, err) != 0)
        goto done;
    if (predict_bags(b, &bags, probs, err) != 0)
        goto done;
    if (b->tok.lexicon_path && b->tok.lexicon_path[0] && (lex = lex_load(b->tok.lexicon_path, err)) == NULL)
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
        .bags = &bags, .tfidf = &b->tfidf, .lex = lex, .cal = &cal,
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
    lex_free(lex);
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
    if (report_write_ctx(r, o->out_dir, err) != 0)
        return -1;
    for (size_t k = 0; k < r->n_shown; k++)
        if (rp_review_write(r, r->shown[k], NULL, o->out_dir, err) != 0)
            return -1;
    return 0;
}

int report_write_all(const pt_corpus *c, const pt_bundle *b, const report_options *o, pt_error *err)
{
    return report_with_ctx(c, b, o, write_ctx_fn, (void *)o, err);
}
