/*
 * evaluate.h — how far the classifications can be trusted: out-of-fold
 * predictions by grouped, stratified k-fold cross-validation or by year,
 * the metrics computed from them, and the choice of the abstention
 * threshold and of C (and gamma) by that cross-validation.
 *
 * Folds: readouts are grouped by session (all languages of one session stay
 * in one fold, so the English and Chinese text of a session never leak into
 * each other's test), groups are stratified by their primary theme and
 * shuffled with a GSL random generator (mt19937) seeded from the seed, then
 * dealt round-robin to the folds.
 */
#ifndef PT_EVALUATE_H
#define PT_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>

#include "corpus/corpus.h"
#include "models/train.h"

#define EVAL_MAX_LABELS (PT_MAX_THEMES + 1) /* the themes, then "none" */

typedef struct {
    size_t n_docs;
    size_t n_themes;
    double accuracy;          /* primary theme right; abstaining counts as "none" */
    double precision[PT_MAX_THEMES], recall[PT_MAX_THEMES], f1[PT_MAX_THEMES];
    size_t support[PT_MAX_THEMES];
    double macro_precision, macro_recall, macro_f1;
    double weighted_precision, weighted_recall, weighted_f1;
    double hamming_loss;      /* share of (readout, theme) decisions wrong at p >= 0.5 */
    double subset_accuracy;   /* share of readouts whose whole theme set is right */
    double unassigned_share;  /* share of readouts with no primary theme */
    /* confusion[true][predicted] of the primary theme; index n_themes = none */
    size_t confusion[EVAL_MAX_LABELS][EVAL_MAX_LABELS];
} eval_metrics;

/* Computes the metrics of the documents rows[0..n) (all of c when rows is
 * NULL) from probs (row k at probs + k * n_themes) at the given threshold.
 * Per-theme figures are about the primary theme; a document labelled []
 * has the true primary "none".  Can't fail. */
void eval_metrics_compute(eval_metrics *m, const pt_corpus *c, const size_t *rows, size_t n,
                          const double *probs, size_t n_themes, double threshold);

/* Assigns each document of c a fold in [0, k): fold[d].  Returns 0, or -1
 * with err when k < 2 or there are fewer sessions than folds. */
int eval_assign_folds(const pt_corpus *c, size_t k, unsigned seed, size_t *fold, pt_error *err);

/* Leave-one-session-out: each session (all languages of it) is a fold of
 * its own, folds numbered in the sorted order of the sessions.  Sets *k to
 * the number of sessions.  Returns 0, or -1 with err when there are fewer
 * than 2 sessions. */
int eval_assign_session_folds(const pt_corpus *c, size_t *fold, size_t *k, pt_error *err);

/* Out-of-fold probabilities: for every fold, trains on the other folds and
 * predicts this one; probs holds c->n × n_themes values.  Returns 0 or -1. */
int eval_cross_validate(const pt_corpus *c, const pt_taxonomy *tax, const train_config *cfg,
                        const size_t *fold, size_t k, double *probs, pt_error *err);

/* Same, and when c2 is not NULL (the same documents as c, in the same order,
 * written differently: wrap.h), each fold's model also predicts c2's
 * held-out rows into probs2.  Training only ever sees c.  Returns 0 or -1. */
int eval_cross_validate_also(const pt_corpus *c, const pt_corpus *c2, const pt_taxonomy *tax,
                             const train_config *cfg, const size_t *fold, size_t k, double *probs, double *probs2,
                             pt_error *err);

/* Trains on every document whose year differs from year, predicts the
 * documents of that year into probs (c->n × n_themes, rows of other years
 * untouched).  Returns 0, or -1 with err. */
int eval_holdout_year(const pt_corpus *c, const pt_taxonomy *tax, const train_config *cfg, int year,
                      double *probs, pt_error *err);

/* The threshold in {0, 0.05, ..., 0.95} maximising macro F1 of the primary
 * theme (abstaining counted as wrong); ties go to the lower threshold. */
double eval_best_threshold(const pt_corpus *c, const double *probs, size_t n_themes);

/* One point of a C (and gamma) grid with its cross-validated macro F1. */
typedef bundle_cv_point eval_grid_point;

/* Selects C over 2^-3 .. 2^9 (step 2^2) and, for the RBF kernel, gamma over
 * 2^-9 .. 2^1 (step 2^2) by k-fold cross-validation, as LIBSVM's practical
 * guide does.  Writes the best into cfg->svm, the points tried into
 * *points (caller frees) and their count into *n_points.  Returns 0 or -1. */
int eval_grid_search(const pt_corpus *c, const pt_taxonomy *tax, train_config *cfg, size_t k,
                     eval_grid_point **points, size_t *n_points, pt_error *err);

/* The model selection of `politrend train`: C (and gamma) by eval_grid_search
 * when grid is set, then, when choose_threshold is set, the abstention
 * threshold maximising cross-validated macro F1 with the final parameters.
 * Updates cfg and records folds, scores and grid in sel (which owns the
 * grid points).  Does nothing when neither is asked.  Returns 0 or -1. */
int eval_select_parameters(const pt_corpus *c, const pt_taxonomy *tax, train_config *cfg, size_t folds, bool grid,
                           bool choose_threshold, bundle_selection *sel, pt_error *err);

/* What `politrend train` runs: eval_select_parameters, then the bundle
 * trained on all of c with what it chose (b->selection records it).  With
 * the liblinear solver the threshold selection costs no training of its
 * own: the final training's Platt calibration already trains each theme on
 * the selection folds (train_bundle_folds), and its out-of-fold
 * probabilities are the cross-validated ones.  With libsvm, k whole
 * trainings are cross-validated first, as eval_select_parameters does.
 * Updates cfg.  Returns 0, or -1 with err (b then holds nothing). */
int eval_train_selected(pt_bundle *b, const pt_corpus *c, const pt_taxonomy *tax, train_config *cfg, size_t folds,
                        bool grid, bool choose_threshold, pt_error *err);

#endif
