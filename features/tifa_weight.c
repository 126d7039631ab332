/*
 * tifa_weight.c — the weight of lexicon phrase terms (tifa_weight.h).
 */
#include "tifa_weight.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

void tifaw_apply(tfidf_model *m, gsl_spmatrix *X, double w)
{
    if (w == 1.0 || m->terms == NULL)
        return;
    size_t n_terms = vocab_size(m->terms);
    size_t plen = strlen(TIFA_TOKEN_PREFIX);
    bool *is_tifa = xcalloc(n_terms + 1, sizeof *is_tifa);
    for (uint32_t k = 0; k < n_terms; k++) {
        if (strncmp(vocab_term(m->terms, k), TIFA_TOKEN_PREFIX, plen) == 0) {
            is_tifa[k] = true;
            gsl_vector_set(m->idf, k, gsl_vector_get(m->idf, k) * w);
        }
    }
    if (X != NULL) {
        for (size_t r = 0; r < X->size1; r++) {
            double norm = 0;
            for (int j = X->p[r]; j < X->p[r + 1]; j++) {
                if (is_tifa[X->i[j]])
                    X->data[j] *= w;
                norm += X->data[j] * X->data[j];
            }
            if (norm > 0) {
                norm = sqrt(norm);
                for (int j = X->p[r]; j < X->p[r + 1]; j++)
                    X->data[j] /= norm;
            }
        }
    }
    free(is_tifa);
}
