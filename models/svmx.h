/*
 * svmx.h — one-vs-rest SVM classifiers over TF-IDF rows.
 *
 * Two solvers.  The linear kernel is trained by LIBLINEAR (linear.h: time
 * linear in the data, Platt scaling on cross-validated decision values) at
 * every corpus size unless --solver libsvm is given; the RBF kernel, and the
 * linear one with --solver libsvm, by libsvm as described below.  Either way every
 * model is a libsvm model (svm_save_model's format), so prediction, the
 * bundle and svm-predict do not care which solver trained it.
 *
 * One binary C-SVC per theme (label +1: the readout carries the theme,
 * -1: it does not), with libsvm's Platt scaling for probabilities.  libsvm
 * draws from rand() during probability estimation, so svmx seeds it with
 * srand(seed) immediately before every svm_train call: the same rows, labels
 * and parameters give byte-identical models.  libsvm's own progress output
 * is silenced (stdout belongs to politrend's results).
 *
 * The themes are trained in parallel by worker processes (fork, one theme
 * each, models sent back exactly: svmx_workers.h), not threads, because the
 * rand() state is process-wide.  The models are the same, bit for bit, for
 * any number of workers.
 */
#ifndef PT_SVMX_H
#define PT_SVMX_H

#include <stddef.h>
#include <stdio.h> /* gsl_spmatrix.h needs size_t and FILE */
#include <gsl/gsl_spmatrix.h>
#include <libsvm/svm.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "corpus/taxonomy.h"

typedef enum { SVMX_LINEAR = 0, SVMX_RBF = 1 } svmx_kernel;

/* Who trains: auto picks LIBLINEAR for the linear kernel, libsvm for RBF.
 * (libsvm was not measurably better for the linear kernel at any size
 * measured, down to the 200 readouts of the embedded corpus: README.) */
typedef enum { SVMX_SOLVER_AUTO = 0, SVMX_SOLVER_LIBSVM = 1, SVMX_SOLVER_LIBLINEAR = 2 } svmx_solver;

typedef struct {
    svmx_kernel kernel;
    svmx_solver solver;  /* recorded in bundles as the solver it resolved to */
    double C;
    double gamma;        /* RBF only; 0 means svmx_scale_gamma of the training rows */
    unsigned seed;
    bool class_weights;  /* weight the positive class by n_negative / n_positive */
    bool allow_one_class;/* cross-validation only: a theme with no positive (or no
                            negative) example gets the constant probability 0 (or 1)
                            instead of an error; never set for a bundle */
    unsigned jobs;       /* worker processes training themes at once: 0 = one per
                            online CPU, 1 = all in this process; never changes
                            the models, so bundles do not record it */
} svmx_params;

/* 1 / (columns × variance of every entry of X): the RBF gamma used when none
 * is given. */
double svmx_scale_gamma(const gsl_spmatrix *X);

/* Defaults: linear, solver auto, C = 1, gamma 0, seed 1, class weights on,
 * jobs 0. */
void svmx_params_default(svmx_params *p);
const char *svmx_kernel_name(svmx_kernel k);
int svmx_kernel_parse(const char *name, svmx_kernel *k);
const char *svmx_solver_name(svmx_solver s);
int svmx_solver_parse(const char *name, svmx_solver *s);

/* The solver that trains with p on n_docs documents: libsvm or liblinear,
 * never auto (n_docs is there for a size rule; none is needed today). */
svmx_solver svmx_solver_for(const svmx_params *p, size_t n_docs);

/* What becomes of a theme that pos of the n training documents carry: 1 it
 * is trained; 0 it gets the constant probability *constant (0 or 1: none or
 * all carry it, with allow_one_class); -1 with err (PT_ERR_DATA, naming the
 * theme) otherwise. */
int svmx_plan_theme(const svmx_params *p, size_t pos, size_t n, const char *name, double *constant, pt_error *err);

typedef struct {
    size_t n_themes;
    struct svm_model *models[PT_MAX_THEMES];   /* NULL: constant[t] is the probability */
    double constant[PT_MAX_THEMES];
    struct svm_node *storage;   /* nodes trained models point into; NULL when loaded */
    struct svm_node **rows;
} svmx_set;

/* Trains one classifier per theme on the CSR rows of X.  y is an
 * X->size1 × n_themes matrix of 0/1 (row-major): y[r * n_themes + t] is 1
 * when document r carries theme t.  theme_names are used in messages.
 * Every theme is checked before any is trained.  Returns 0, or -1 with err
 * (PT_ERR_DATA when a theme has no positive or no negative example, naming
 * it; PT_ERR_INTERNAL, naming the theme, when libsvm or a worker process
 * fails). */
int svmx_train(svmx_set *s, const gsl_spmatrix *X, const unsigned char *y, size_t n_themes,
               const char *const *theme_names, const svmx_params *p, pt_error *err);

/* svmx_train with calibration folds and out-of-fold probabilities
 * (linear_train): fold[r] in [0, k) is row r's fold (NULL: the solver's
 * own), and oof, when not NULL, receives X->size1 x n_themes probabilities
 * each given by a model that did not see the row.  oof needs the liblinear
 * solver (PT_ERR_INTERNAL otherwise: check svmx_solver_for first); the
 * --solver liblinear with --kernel rbf is PT_ERR_USAGE. */
int svmx_train_cv(svmx_set *s, const gsl_spmatrix *X, const unsigned char *y, size_t n_themes,
                  const char *const *theme_names, const svmx_params *p, const size_t *fold, size_t k, double *oof,
                  pt_error *err);

/* The worker processes svmx_train runs at once for n themes to train:
 * jobs, or one per online CPU when jobs is 0, never more than n. */
unsigned svmx_workers_for(unsigned jobs, size_t n);

/* Writes into probs[0..n_themes) the probability that row r of X carries
 * each theme.  Can't fail. */
void svmx_predict(const svmx_set *s, const gsl_spmatrix *X, size_t r, double *probs);

/* Releases the models (and training storage). */
void svmx_free(svmx_set *s);

/* Silences libsvm's progress printing.  Called by svmx_train; idempotent. */
void svmx_quiet(void);

#endif
