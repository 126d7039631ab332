/*
 * evaluate.c — cross-validation, metrics, threshold and grid selection
 * (evaluate.h).
 */
#include "evaluate.h"

#include <assert.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* ---- metrics ---------------------------------------------------------------- */

static int true_primary(const pt_doc *d, size_t n_themes)
{
    return d->n_themes > 0 ? d->themes[0] : (int)n_themes;
}

static int has_theme(const pt_doc *d, int t)
{
    for (size_t j = 0; j < d->n_themes; j++)
        if (d->themes[j] == t)
            return 1;
    return 0;
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : 0.0;
}

void eval_metrics_compute(eval_metrics *m, const pt_corpus *c, const size_t *rows, size_t n,
                          const double *probs, size_t n_themes, double threshold)
{
    memset(m, 0, sizeof *m);
    if (rows == NULL)
        n = c->n;
    m->n_docs = n;
    m->n_themes = n_themes;
    size_t right = 0, unassigned = 0, subset_right = 0, hamming_wrong = 0;
    for (size_t k = 0; k < n; k++) {
        const pt_doc *d = &c->docs[rows ? rows[k] : k];
        const double *p = probs + k * n_themes;
        int want = true_primary(d, n_themes);
        int got = predict_primary(p, n_themes, threshold);
        if (got < 0) {
            got = (int)n_themes;
            unassigned++;
        }
        m->confusion[want][got]++;
        right += want == got;
        int all_right = 1;
        for (size_t t = 0; t < n_themes; t++) {
            int wrong = (p[t] >= PREDICT_THEME_P) != has_theme(d, (int)t);
            hamming_wrong += (size_t)wrong;
            if (wrong)
                all_right = 0;
        }
        subset_right += (size_t)all_right;
    }
    m->accuracy = ratio((double)right, (double)n);
    m->unassigned_share = ratio((double)unassigned, (double)n);
    m->subset_accuracy = ratio((double)subset_right, (double)n);
    m->hamming_loss = ratio((double)hamming_wrong, (double)(n * n_themes));

    size_t total_support = 0;
    for (size_t t = 0; t < n_themes; t++) {
        size_t tp = m->confusion[t][t], predicted = 0, actual = 0;
        for (size_t j = 0; j <= n_themes; j++) {
            predicted += m->confusion[j][t];
            actual += m->confusion[t][j];
        }
        m->precision[t] = ratio((double)tp, (double)predicted);
        m->recall[t] = ratio((double)tp, (double)actual);
        m->f1[t] = ratio(2 * m->precision[t] * m->recall[t], m->precision[t] + m->recall[t]);
        m->support[t] = actual;
        total_support += actual;
        m->macro_precision += m->precision[t] / (double)n_themes;
        m->macro_recall += m->recall[t] / (double)n_themes;
        m->macro_f1 += m->f1[t] / (double)n_themes;
        m->weighted_precision += m->precision[t] * (double)actual;
        m->weighted_recall += m->recall[t] * (double)actual;
        m->weighted_f1 += m->f1[t] * (double)actual;
    }
    m->weighted_precision = ratio(m->weighted_precision, (double)total_support);
    m->weighted_recall = ratio(m->weighted_recall, (double)total_support);
    m->weighted_f1 = ratio(m->weighted_f1, (double)total_support);
}

/* ---- folds -------------------------------------------------------------------- */

/* The key that ties the readouts of one session together. */
static void session_key(const pt_doc *d, char *key, size_t n)
{
    if (d->cc > 0 && d->session > 0)
        snprintf(key, n, "s:%d-%d", d->cc, d->session);
    else if (d->date != NULL)
        snprintf(key, n, "d:%s", d->date);
    else
        snprintf(key, n, "i:%s", d->id);
}

typedef struct {
    char key[96];
    int stratum;     /* primary theme of the session's first readout, or n_themes */
    size_t first;    /* document index where the group first appears */
    size_t fold;
} group;

static int cmp_group_key(const void *a, const void *b)
{
    return strcmp(((const group *)a)->key, ((const group *)b)->key);
}

int eval_assign_folds(const pt_corpus *c, size_t k, unsigned seed, size_t *fold, pt_error *err)
{
    if (k < 2)
        return pt_fail(err, PT_ERR_USAGE, "cross-validation needs at least 2 folds");
    /* Distinct sessions, in sorted key order (deterministic, input order aside). */
    group *groups = xcalloc(c->n ? c->n : 1, sizeof *groups);
    size_t *group_of = xcalloc(c->n ? c->n : 1, sizeof *group_of);
    size_t n_groups = 0;
    for (size_t d = 0; d < c->n; d++) {
        session_key(&c->docs[d], groups[n_groups].key, sizeof groups[n_groups].key);
        groups[n_groups].first = d;
        n_groups++;
    }
    qsort(groups, n_groups, sizeof *groups, cmp_group_key);
    size_t unique = 0;
    for (size_t g = 0; g < n_groups; g++) {
        if (unique > 0 && strcmp(groups[unique - 1].key, groups[g].key) == 0) {
            if (groups[g].first < groups[unique - 1].first)
                groups[unique - 1].first = groups[g].first;
            continue;
        }
        groups[unique++] = groups[g];
    }
    n_groups = unique;
    if (n_groups < k) {
        free(groups);
        free(group_of);
        return pt_fail(err, PT_ERR_DATA, "%zu sessions cannot be split into %zu folds", n_groups, k);
    }
    size_t n_strata = 0;
    for (size_t g = 0; g < n_groups; g++) {
        const pt_doc *d = &c->docs[groups[g].first];
        groups[g].stratum = d->n_themes > 0 ? d->themes[0] : PT_MAX_THEMES;
        if ((size_t)groups[g].stratum + 1 > n_strata)
            n_strata = (size_t)groups[g].stratum + 1;
    }

    /* Shuffle each stratum, then deal its groups round-robin, continuing the
     * deal across strata so fold sizes stay within one group of each other. */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    size_t *members = xcalloc(n_groups, sizeof *members);
    size_t next_fold = 0;
    for (size_t s = 0; s < n_strata; s++) {
        size_t m = 0;
        for (size_t g = 0; g < n_groups; g++)
            if ((size_t)groups[g].stratum == s)
                members[m++] = g;
        if (m == 0)
            continue;
        gsl_ran_shuffle(rng, members, m, sizeof *members);
        for (size_t i = 0; i < m; i++) {
            groups[members[i]].fold = next_fold;
            next_fold = (next_fold + 1) % k;
        }
    }
    gsl_rng_free(rng);
    free(members);

    char key[96];
    for (size_t d = 0; d < c->n; d++) {
        session_key(&c->docs[d], key, sizeof key);
        group probe = {0};
        memcpy(probe.key, key, sizeof key);
        group *found = bsearch(&probe, groups, n_groups, sizeof *groups, cmp_group_key);
        assert(found != NULL); /* every readout's session is among the groups */
        fold[d] = found->fold;
    }
    free(groups);
    free(group_of);
    return 0;
}

int eval_assign_session_folds(const pt_corpus *c, size_t *fold, size_t *k, pt_error *err)
{
    /* The sessions in sorted key order; fold = rank of the session's key. */
    group *groups = xcalloc(c->n ? c->n : 1, sizeof *groups);
    for (size_t d = 0; d < c->n; d++)
        session_key(&c->docs[d], groups[d].key, sizeof groups[d].key);
    qsort(groups, c->n, sizeof *groups, cmp_group_key);
    size_t unique = 0;
    for (size_t g = 0; g < c->n; g++)
        if (unique == 0 || strcmp(groups[unique - 1].key, groups[g].key) != 0)
            groups[unique++] = groups[g];
    if (unique < 2) {
        free(groups);
        return pt_fail(err, PT_ERR_DATA, "leave-one-session-out needs at least 2 sessions, not %zu", unique);
    }
    for (size_t d = 0; d < c->n; d++) {
        group probe = {0};
        session_key(&c->docs[d], probe.key, sizeof probe.key);
        group *found = bsearch(&probe, groups, unique, sizeof *groups, cmp_group_key);
        fold[d] = (size_t)(found - groups);
    }
    *k = unique;
    free(groups);
    return 0;
}

/* Trains on the documents of c where test[d] is 0 and predicts those where
 * it is 1, writing their rows of probs; when c2 is given (a corpus of the
 * same documents, differently written), also predicts its rows into probs2
 * with the same model. */
static int train_and_predict2(const pt_corpus *c, const pt_corpus *c2, const pt_taxonomy *tax,
                              const train_config *cfg, const unsigned char *test, double *probs, double *probs2,
                              pt_error *err)
{
    size_t *train_rows = xcalloc(c->n ? c->n : 1, sizeof *train_rows);
    size_t *test_rows = xcalloc(c->n ? c->n : 1, sizeof *test_rows);
    size_t n_train = 0, n_test = 0;
    for (size_t d = 0; d < c->n; d++) {
        if (test[d])
            test_rows[n_test++] = d;
        else
            train_rows[n_train++] = d;
    }
    int rc = 0;
    if (n_test > 0) {
        pt_bundle b;
        /* A rare theme may be absent from one fold's training part: the fold
         * then predicts it never, which the figures show honestly. */
        train_config fold_cfg = *cfg;
        fold_cfg.svm.allow_one_class = true;
        rc = train_bundle_rows(&b, c, train_rows, n_train, tax, &fold_cfg, err);
        if (rc == 0) {
            double *out = xcalloc(n_test * tax->n, sizeof *out);
            rc = predict_rows(&b, c, test_rows, n_test, out, err);
            for (size_t k = 0; rc == 0 && k < n_test; k++)
                memcpy(probs + test_rows[k] * tax->n, out + k * tax->n, tax->n * sizeof *out);
            if (rc == 0 && c2 != NULL)
                rc = predict_rows(&b, c2, test_rows, n_test, out, err);
            for (size_t k = 0; rc == 0 && c2 != NULL && k < n_test; k++)
                memcpy(probs2 + test_rows[k] * tax->n, out + k * tax->n, tax->n * sizeof *out);
            free(out);
            bundle_free(&b);
        }
    }
    free(train_rows);
    free(test_rows);
    return rc;
}

static int train_and_predict(const pt_corpus *c, const pt_taxonomy *tax, const train_config *cfg,
                             const unsigned char *test, double *probs, pt_error *err)
{
    return train_and_predict2(c, NULL, tax, cfg, test, probs, NULL, err);
}

int eval_cross_validate(const pt_corpus *c, const pt_taxonomy *tax, const train_config *cfg,
                        const size_t *fold, size_t k, double *probs, pt_error *err)
{
    return eval_cross_validate_also(c, NULL, tax, cfg, fold, k, probs, NULL, err);
}

int eval_cross_validate_also(const pt_corpus *c, const pt_corpus *c2, const pt_taxonomy *tax,
                             const train_config *cfg, const size_t *fold, size_t k, double *probs, double *probs2,
                             pt_error *err)
{
    unsigned char *test = xcalloc(c->n ? c->n : 1, 1);
    int rc = 0;
    for (size_t f = 0; f < k && rc == 0; f++) {
        for (size_t d = 0; d < c->n; d++)
            test[d] = fold[d] == f;
        rc = train_and_predict2(c, c2, tax, cfg, test, probs, probs2, err);
        if (rc != 0)
            pt_error_prefix(err, "fold %zu of %zu: ", f + 1, k);
    }
    free(test);
    return rc;
}

int eval_holdout_year(const pt_corpus *c, const pt_taxonomy *tax, const train_config *cfg, int year,
                      double *probs, pt_error *err)
{
    unsigned char *test = xcalloc(c->n ? c->n : 1, 1);
    for (size_t d = 0; d < c->n; d++)
        test[d] = corpus_doc_year(&c->docs[d]) == year;
    int rc = train_and_predict(c, tax, cfg, test, probs, err);
    if (rc != 0)
        pt_error_prefix(err, "holding out %d: ", year);
    free(test);
    return rc;
}

double eval_best_threshold(const pt_corpus *c, const double *probs, size_t n_themes)
{
    double best = 0.0, best_f1 = -1.0;
    for (int step = 0; step < 20; step++) {
        double threshold = step * 0.05;
        eval_metrics m;
        eval_metrics_compute(&m, c, NULL, 0, probs, n_themes, threshold);
        if (m.macro_f1 > best_f1 + 1e-12) {
            best_f1 = m.macro_f1;
            best = threshold;
        }
    }
    return best;
}

int eval_grid_search(const pt_corpus *c, const pt_taxonomy *tax, train_config *cfg, size_t k,
                     eval_grid_point **points, size_t *n_points, pt_error *err)
{
    size_t *fold = xcalloc(c->n ? c->n : 1, sizeof *fold);
    if (eval_assign_folds(c, k, cfg->svm.seed, fold, err) != 0) {
        free(fold);
        return -1;
    }
    int rbf = cfg->svm.kernel == SVMX_RBF;
    size_t cap = 7 * (rbf ? 6 : 1), n = 0;
    *points = xcalloc(cap, sizeof **points);
    double *probs = xcalloc(c->n * tax->n + 1, sizeof *probs);
    train_config trial = *cfg;
    eval_grid_point best = {0, 0, -1, 0};
    int rc = 0;
    for (int lc = -3; lc <= 9 && rc == 0; lc += 2) {
        for (int lg = -9; lg <= (rbf ? 1 : -9) && rc == 0; lg += 2) {
            trial.svm.C = ldexp(1.0, lc);
            trial.svm.gamma = rbf ? ldexp(1.0, lg) : cfg->svm.gamma;
            rc = eval_cross_validate(c, tax, &trial, fold, k, probs, err);
            if (rc != 0)
                break;
            eval_metrics m;
            eval_metrics_compute(&m, c, NULL, 0, probs, tax->n, trial.threshold);
            eval_grid_point p = {trial.svm.C, trial.svm.gamma, m.macro_f1, m.accuracy};
            (*points)[n++] = p;
            if (p.macro_f1 > best.macro_f1 + 1e-12)
                best = p;
        }
    }
    free(probs);
    free(fold);
    if (rc != 0) {
        free(*points);
        *points = NULL;
        return -1;
    }
    cfg->svm.C = best.C;
    cfg->svm.gamma = rbf ? best.gamma : cfg->svm.gamma;
    *n_points = n;
    return 0;
}

/* With the out-of-fold probabilities of the final parameters: the
 * threshold maximising macro F1 when asked, and the cross-validated scores,
 * into cfg and sel. */
static void record_selection(const pt_corpus *c, const pt_taxonomy *tax, const double *probs, size_t folds,
                             bool choose_threshold, train_config *cfg, bundle_selection *sel)
{
    if (choose_threshold)
        cfg->threshold = eval_best_threshold(c, probs, tax->n);
    eval_metrics m;
    eval_metrics_compute(&m, c, NULL, 0, probs, tax->n, cfg->threshold);
    sel->folds = folds;
    sel->threshold_by_cv = choose_threshold;
    sel->macro_f1 = m.macro_f1;
    sel->accuracy = m.accuracy;
    sel->n_themes = tax->n;
    for (size_t t = 0; t < tax->n; t++) {
        sel->f1[t] = m.f1[t];
        sel->support[t] = m.support[t];
    }
}

/* Chooses C (and gamma) by a grid when asked, then the abstention threshold
 * by cross-validation with the final parameters, recording both in sel. */
int eval_select_parameters(const pt_corpus *c, const pt_taxonomy *tax, train_config *cfg, size_t folds, bool grid,
                           bool choose_threshold, bundle_selection *sel, pt_error *err)
{
    if (!grid && !choose_threshold)
        return 0;
    if (train_check_themes(c, tax, err) != 0)
        return -1; /* say so before spending time on cross-validation */
    if (grid) {
        if (eval_grid_search(c, tax, cfg, folds, &sel->grid, &sel->n_grid, err) != 0)
            return -1;
    }
    size_t *fold = xcalloc(c->n ? c->n : 1, sizeof *fold);
    double *probs = xcalloc(c->n * tax->n + 1, sizeof *probs);
    int rc = eval_assign_folds(c, folds, cfg->svm.seed, fold, err);
    if (rc == 0)
        rc = eval_cross_validate(c, tax, cfg, fold, folds, probs, err);
    if (rc == 0)
        record_selection(c, tax, probs, folds, choose_threshold, cfg, sel);
    free(fold);
    free(probs);
    return rc;
}

int eval_train_selected(pt_bundle *b, const pt_corpus *c, const pt_taxonomy *tax, train_config *cfg, size_t folds,
                        bool grid, bool choose_threshold, pt_error *err)
{
    memset(b, 0, sizeof *b);
    bundle_selection sel = {0};
    int cheap = svmx_solver_for(&cfg->svm, c->n) == SVMX_SOLVER_LIBLINEAR && (grid || choose_threshold);
    int rc = 0;
    if (!cheap) {
        rc = eval_select_parameters(c, tax, cfg, folds, grid, choose_threshold, &sel, err);
        if (rc == 0)
            rc = train_bundle(b, c, tax, cfg, err);
    } else {
        /* The grid still cross-validates whole trainings (one per point and
         * fold); the threshold then comes from the final training's own
         * calibration folds, which are the selection folds. */
        rc = train_check_themes(c, tax, err);
        if (rc == 0 && grid)
            rc = eval_grid_search(c, tax, cfg, folds, &sel.grid, &sel.n_grid, err);
        size_t *fold = xcalloc(c->n ? c->n : 1, sizeof *fold);
        double *probs = xcalloc(c->n * tax->n + 1, sizeof *probs);
        if (rc == 0)
            rc = eval_assign_folds(c, folds, cfg->svm.seed, fold, err);
        if (rc == 0)
            rc = train_bundle_folds(b, c, tax, cfg, fold, folds, probs, err);
        if (rc == 0) {
            record_selection(c, tax, probs, folds, choose_threshold, cfg, &sel);
            b->threshold = cfg->threshold;
        }
        free(fold);
        free(probs);
    }
    if (rc != 0) {
        free(sel.grid);
        return -1;
    }
    b->selection = sel; /* the bundle owns the grid now */
    return 0;
}
