/*
 * linear.h — the linear kernel trained by LIBLINEAR, stored as libsvm models.
 *
 * libsvm's SMO solver costs n^1.4 to n^2 in the number of training
 * documents; LIBLINEAR (the same authors) solves the linear SVM by dual
 * coordinate descent in time linear in the non-zeros of the matrix.  Each
 * theme is an L2-regularised, L1-loss (hinge) linear SVM with a bias
 * feature: the problem libsvm's linear C-SVC solves (but for the bias, which
 * LIBLINEAR regularises), with the positive class weighted as svmx does.
 * (The squared hinge of scikit-learn's LinearSVC trains about as fast and
 * scored 0.012 lower macro F1 on the embedded corpus: README.)
 *
 * Probabilities: Platt's sigmoid (platt.h) is fitted to out-of-fold
 * decision values: each theme is trained once per calibration fold on the
 * other folds and scores the held-out fold, then once on every row for the
 * model kept.  k + 1 fits per theme, and the out-of-fold probabilities come
 * for free: the caller that chooses the abstention threshold by
 * cross-validation (evaluate.h) reuses them instead of retraining.
 *
 * Interop: the model kept, w . x + b, is stored as a libsvm two-class linear
 * C-SVC with a single support vector w (coefficient 1, the non-zero weights
 * as its features), rho = -b, labels +1 -1 and the Platt fit as probA /
 * probB.  svm_save_model writes it, svm-predict (also with -b 1) and the
 * bundle's validator read it unchanged, and predict_bags folds it as any
 * linear model.
 *
 * Reproducible: LIBLINEAR's dual solver draws from the process-wide rand();
 * every fit is preceded by srand(seed), and the fits run in forked worker
 * processes (each with a rand() of its own) that write their results into
 * memory shared with the parent, so the models are the same bit for bit for
 * any number of workers.
 */
#ifndef PT_LINEAR_H
#define PT_LINEAR_H

#include "models/svmx.h"

/* Calibration folds when the caller gives none: rows dealt to this many
 * folds after a shuffle seeded with the training seed. */
#define LINEAR_CAL_FOLDS 5

/* Trains one linear model per theme on the CSR rows of X, as svmx_train
 * (same y, theme_names, checks and errors).  fold[r] in [0, k) is row r's
 * calibration fold; fold NULL: LINEAR_CAL_FOLDS folds of shuffled rows.
 * When oof is not NULL it receives X->size1 x n_themes out-of-fold
 * probabilities (row-major; a constant theme's constant).  Returns 0 or -1
 * with err. */
int linear_train(svmx_set *s, const gsl_spmatrix *X, const unsigned char *y, size_t n_themes,
                 const char *const *theme_names, const svmx_params *p, const size_t *fold, size_t k, double *oof,
                 pt_error *err);

#endif
