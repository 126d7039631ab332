/*
 * explain.c — term weights of linear models and per-readout contributions
 * (explain.h).
 */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "features/tfidf.h"

void explain_linear_weights(const struct svm_model *m, size_t n_features, double *w)
{
    memset(w, 0, n_features * sizeof *w);
    int labels[2] = {0, 0};
    svm_get_labels(m, labels);
    /* libsvm's decision value is positive for its first label. */
    double sign = labels[0] == 1 ? 1.0 : -1.0;
    for (int k = 0; k < m->l; k++) {
        double coef = m->sv_coef[0][k] * sign;
        for (const struct svm_node *x = m->SV[k]; x->index != -1; x++)
            if (x->index >= 1 && (size_t)x->index <= n_features)
                w[x->index - 1] += coef * x->value;
    }
}

size_t explain_top(const double *v, size_t n, size_t top, explain_term *out)
{
    size_t used = 0;
    for (size_t j = 0; j < n; j++) {
        if (!(v[j] > 0.0))
            continue;
        /* insert into the sorted list of at most `top` entries */
        size_t pos = used < top ? used : top;
        while (pos > 0 && out[pos - 1].weight < v[j])
            pos--;
        if (pos >= top)
            continue;
        size_t last = used < top ? used : top - 1;
        memmove(out + pos + 1, out + pos, (last - pos) * sizeof *out);
        out[pos] = (explain_term){(uint32_t)j, v[j]};
        if (used < top)
            used++;
    }
    return used;
}

int explain_documents(const pt_bundle *b, const pt_corpus *c, const int *theme, size_t top,
                      explain_term *out, size_t *counts, pt_error *err)
{
    if (b->params.kernel != SVMX_LINEAR)
        return pt_fail(err, PT_ERR_USAGE, "explanations need a linear model; this bundle's kernel is %s",
                       svmx_kernel_name(b->params.kernel));
    size_t n_terms = vocab_size(b->tfidf.terms);
    double *w = xcalloc(b->tax.n * n_terms, sizeof *w);
    for (size_t t = 0; t < b->tax.n; t++)
        explain_linear_weights(b->svm.models[t], n_terms, w + t * n_terms);

    bag_set bags;
    int rc = bags_tokenize(&bags, &b->tok, c, NULL, 0, err);
    gsl_spmatrix *X = rc == 0 ? tfidf_transform(&b->tfidf, &bags, NULL, 0, err) : NULL;
    if (rc == 0)
        bags_free(&bags);
    if (X == NULL) {
        free(w);
        return -1;
    }
    /* Contributions of one readout's non-zero terms, in CSR order. */
    double *contrib = xcalloc(X->nz + 1, sizeof *contrib);
    for (size_t d = 0; d < c->n; d++) {
        counts[d] = 0;
        if (theme[d] < 0)
            continue;
        const double *wt = w + (size_t)theme[d] * n_terms;
        int first = X->p[d], n = X->p[d + 1] - X->p[d];
        for (int e = 0; e < n; e++)
            contrib[e] = wt[X->i[first + e]] * X->data[first + e];
        explain_term *mine = out + d * top;
        counts[d] = explain_top(contrib, (size_t)n, top, mine);
        for (size_t k = 0; k < counts[d]; k++) /* position in the row -> column */
            mine[k].term = (uint32_t)X->i[first + (int)mine[k].term];
    }
    free(contrib);
    gsl_spmatrix_free(X);
    free(w);
    return 0;
}
