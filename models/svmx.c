/*
 * svmx.c — one-vs-rest libsvm training and prediction (svmx.h).
 */
#include "svmx.h"

#include <stdlib.h>
#include <string.h>

#include "corpus/xalloc.h"

void svmx_params_default(svmx_params *p)
{
    p->kernel = SVMX_LINEAR;
    p->C = 1.0;
    p->gamma = 0.0;
    p->seed = 1;
    p->class_weights = true;
    p->allow_one_class = false;
}

const char *svmx_kernel_name(svmx_kernel k)
{
    return k == SVMX_RBF ? "rbf" : "linear";
}

int svmx_kernel_parse(const char *name, svmx_kernel *k)
{
    if (strcmp(name, "linear") == 0)
        *k = SVMX_LINEAR;
    else if (strcmp(name, "rbf") == 0)
        *k = SVMX_RBF;
    else
        return -1;
    return 0;
}

double svmx_scale_gamma(const gsl_spmatrix *X)
{
    /* 1 / (features × variance of all entries, zeros included), as
     * scikit-learn's gamma="scale": about 1 for L2-normalised TF-IDF rows,
     * where 1 / features would make every pair of readouts look alike. */
    double n = (double)X->size1 * (double)X->size2, sum = 0.0, sumsq = 0.0;
    for (size_t e = 0; e < X->nz; e++) {
        sum += X->data[e];
        sumsq += X->data[e] * X->data[e];
    }
    double mean = n > 0 ? sum / n : 0.0, var = n > 0 ? sumsq / n - mean * mean : 0.0;
    return var > 0 ? 1.0 / ((double)X->size2 * var) : 1.0;
}

static void print_nothing(const char *s)
{
    (void)s;
}

void svmx_quiet(void)
{
    svm_set_print_string_function(print_nothing);
}

/* libsvm wants each row as index:value nodes (indices from 1, increasing)
 * ended by index -1: lay all rows out in one block, straight from CSR. */
static void csr_to_nodes(const gsl_spmatrix *X, struct svm_node **storage, struct svm_node ***rows)
{
    size_t n = X->size1;
    *storage = xmalloc((X->nz + n) * sizeof **storage);
    *rows = xmalloc((n ? n : 1) * sizeof **rows);
    struct svm_node *out = *storage;
    for (size_t r = 0; r < n; r++) {
        (*rows)[r] = out;
        for (int e = X->p[r]; e < X->p[r + 1]; e++) {
            out->index = X->i[e] + 1;
            out->value = X->data[e];
            out++;
        }
        out->index = -1;
        out->value = 0.0;
        out++;
    }
}

int svmx_train(svmx_set *s, const gsl_spmatrix *X, const unsigned char *y, size_t n_themes,
               const char *const *theme_names, const svmx_params *p, pt_error *err)
{
    memset(s, 0, sizeof *s);
    svmx_quiet();
    size_t n = X->size1;
    if (n_themes > PT_MAX_THEMES)
        return pt_fail(err, PT_ERR_INTERNAL, "too many themes (%zu)", n_themes);
    csr_to_nodes(X, &s->storage, &s->rows);
    s->n_themes = n_themes;
    double *labels = xmalloc((n ? n : 1) * sizeof *labels);

    struct svm_parameter param;
    memset(&param, 0, sizeof param);
    param.svm_type = C_SVC;
    param.kernel_type = p->kernel == SVMX_RBF ? RBF : LINEAR;
    param.gamma = p->gamma > 0 ? p->gamma : svmx_scale_gamma(X);
    param.C = p->C;
    param.cache_size = 100;
    param.eps = 1e-3;
    param.shrinking = 1;
    param.probability = 1;
    int weight_label[1] = {1};
    double weight[1] = {1.0};

    for (size_t t = 0; t < n_themes; t++) {
        size_t pos = 0;
        for (size_t r = 0; r < n; r++) {
            labels[r] = y[r * n_themes + t] ? 1.0 : -1.0;
            pos += y[r * n_themes + t] != 0;
        }
        if ((pos == 0 || pos == n) && p->allow_one_class) {
            s->constant[t] = pos == 0 ? 0.0 : 1.0;
            continue;
        }
        if (pos == 0 || pos == n) {
            free(labels);
            svmx_free(s);
            return pt_fail(err, PT_ERR_DATA,
                           "theme '%s' has %s of the %zu training readouts; a classifier needs examples with and without it",
                           theme_names[t], pos == 0 ? "none" : "all", n);
        }
        if (p->class_weights) {
            weight[0] = (double)(n - pos) / (double)pos;
            param.nr_weight = 1;
            param.weight_label = weight_label;
            param.weight = weight;
        } else {
            param.nr_weight = 0;
        }
        struct svm_problem prob = {.l = (int)n, .y = labels, .x = s->rows};
        const char *why = svm_check_parameter(&prob, &param);
        if (why != NULL) {
            free(labels);
            svmx_free(s);
            return pt_fail(err, PT_ERR_USAGE, "libsvm rejects the parameters: %s", why);
        }
        srand(p->seed); /* libsvm's probability estimation draws from rand() */
        s->models[t] = svm_train(&prob, &param);
        if (s->models[t] == NULL) {
            free(labels);
            svmx_free(s);
            return pt_fail(err, PT_ERR_INTERNAL, "libsvm failed to train theme '%s'", theme_names[t]);
        }
    }
    free(labels);
    return 0;
}

void svmx_predict(const svmx_set *s, const gsl_spmatrix *X, size_t r, double *probs)
{
    size_t len = (size_t)(X->p[r + 1] - X->p[r]);
    struct svm_node stack_nodes[256];
    struct svm_node *nodes = len + 1 <= 256 ? stack_nodes : xmalloc((len + 1) * sizeof *nodes);
    size_t k = 0;
    for (int e = X->p[r]; e < X->p[r + 1]; e++, k++) {
        nodes[k].index = X->i[e] + 1;
        nodes[k].value = X->data[e];
    }
    nodes[k].index = -1;
    for (size_t t = 0; t < s->n_themes; t++) {
        const struct svm_model *m = s->models[t];
        if (m == NULL) {
            probs[t] = s->constant[t];
            continue;
        }
        int labels[2] = {0, 0};
        double est[2] = {0.0, 0.0};
        svm_get_labels(m, labels);
        svm_predict_probability(m, nodes, est);
        probs[t] = labels[0] == 1 ? est[0] : est[1];
    }
    if (nodes != stack_nodes)
        free(nodes);
}

void svmx_free(svmx_set *s)
{
    for (size_t t = 0; t < s->n_themes; t++)
        if (s->models[t])
            svm_free_and_destroy_model(&s->models[t]);
    free(s->storage);
    free(s->rows);
    memset(s, 0, sizeof *s);
}
