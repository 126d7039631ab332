/*
 * explain.h — why a readout got its theme, for linear models.
 *
 * A linear C-SVC decides with f(x) = w·x - rho, where w is the sum of its
 * support vectors weighted by their coefficients; we orient w so that a
 * positive weight pushes towards "carries the theme".  A term's contribution
 * to one readout's decision is w_j × x_j (its TF-IDF value).
 */
#ifndef PT_EXPLAIN_H
#define PT_EXPLAIN_H

#include <libsvm/svm.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus/corpus.h"
#include "models/bundle.h"

typedef struct {
    uint32_t term;    /* column in the bundle's vocabulary */
    double weight;    /* w_j, or w_j × x_j for a readout */
} explain_term;

/* Writes w[0..n_features) of a two-class linear model, oriented towards the
 * label +1.  Features beyond n_features are ignored.  Can't fail. */
void explain_linear_weights(const struct svm_model *m, size_t n_features, double *w);

/* The `top` largest positive entries of v[0..n) in decreasing order (ties:
 * lower index first) into out; returns how many were written. */
size_t explain_top(const double *v, size_t n, size_t top, explain_term *out);

/* For each document d of c, the `top` terms contributing most to theme[d]
 * (a taxonomy index; -1 means: no explanation) into out[d * top ...], with
 * their number in counts[d].  Returns 0, or -1 with err (PT_ERR_USAGE when
 * the bundle's kernel is not linear). */
int explain_documents(const pt_bundle *b, const pt_corpus *c, const int *theme, size_t top,
                      explain_term *out, size_t *counts, pt_error *err);

#endif
