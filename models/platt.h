/*
 * platt.h — Platt scaling: turning SVM decision values into calibrated
 * probabilities.
 *
 * A sigmoid P(+1 | f) = 1 / (1 + exp(A f + B)) is fitted by maximum
 * likelihood to decision values f that the classifier gave to examples it
 * was not trained on (cross-validated), with Platt's smoothed targets
 * (N+ + 1) / (N+ + 2) for positives and 1 / (N- + 2) for negatives, so
 * that a perfectly separated training set does not drive A to infinity.
 * The fit is Newton's method with a backtracking line search on the
 * negative log-likelihood, written so that no exp() can overflow; it is
 * deterministic (a fixed order of sums, no random draws).
 *
 * A and B are what libsvm stores as probA and probB of a two-class model
 * whose first label is +1: svm-predict -b 1 and politrend then give the same
 * probability.
 */
#ifndef PT_PLATT_H
#define PT_PLATT_H

#include <stddef.h>

/* Fits A and B to the decision values dec[0..n) of examples whose labels
 * are pos[i] (non-zero: positive).  With no example, or none of one class,
 * the targets still make a defined fit (A 0, B from the smoothed prior).
 * Can't fail. */
void platt_fit(const double *dec, const unsigned char *pos, size_t n, double *A, double *B);

/* The probability of the positive class for decision value f, clamped to
 * [1e-7, 1 - 1e-7] as libsvm clamps it. */
double platt_prob(double f, double A, double B);

#endif
