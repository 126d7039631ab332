/*
 * train.c — training a bundle and predicting with it (train.h).
 */
#include "train.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "base/xalloc.h"
#include "features/lexicon.h"
#include "features/tifa_weight.h"

void train_config_default(train_config *cfg)
{
    tok_config_default(&cfg->tok);
    tfidf_config_default(&cfg->tfidf);
    svmx_params_default(&cfg->svm);
    cfg->threshold = 0.5;
    cfg->tifa_weight = 3.0; /* chosen on the wrapped proxy: README, How well it does */
}

static void copy_taxonomy(pt_taxonomy *dst, const pt_taxonomy *src)
{
    memset(dst, 0, sizeof *dst);
    for (size_t t = 0; t < src->n; t++) {
        dst->names[t] = xstrdup(src->names[t]);
        dst->descriptions[t] = xstrdup(src->descriptions[t]);
    }
    dst->n = src->n;
}

/* train_bundle_rows, with the calibration folds and out-of-fold
 * probabilities of svmx_train_cv (fold NULL: the solver's own folds). */
static int train_rows_cv(pt_bundle *b, const pt_corpus *c, const size_t *rows, size_t n_rows,
                         const pt_taxonomy *tax, const train_config *cfg, const size_t *fold, size_t k, double *oof,
                         pt_error *err)
{
    memset(b, 0, sizeof *b);
    if (rows == NULL)
        n_rows = c->n;
    if (n_rows == 0)
        return pt_fail(err, PT_ERR_DATA, "no labelled readouts to train on");
    /* The lexicon's themes must be the taxonomy's (both are user files). */
    tokenizer *tok = tok_open(&cfg->tok, err);
    if (tok == NULL)
        return -1;
    bag_set bags;
    int rc = -1;
    if (tok_lexicon(tok) == NULL || lex_check_themes(tok_lexicon(tok), cfg->tok.lexicon_path, tax, err) == 0)
        rc = bags_build_rows(&bags, tok, c, rows, n_rows, err);
    tok_close(tok);
    if (rc != 0)
        return -1;

    gsl_spmatrix *X = NULL;
    unsigned char *y = NULL;
    X = tfidf_fit_transform(&b->tfidf, &cfg->tfidf, &bags, err);
    rc = X ? 0 : -1;
    if (rc == 0)
        tifaw_apply(&b->tfidf, X, cfg->tifa_weight);
    if (rc == 0) {
        y = xcalloc(n_rows * tax->n, 1);
        for (size_t i = 0; i < n_rows; i++) {
            const pt_doc *d = &c->docs[rows ? rows[i] : i];
            for (size_t j = 0; j < d->n_themes; j++)
                y[i * tax->n + (size_t)d->themes[j]] = 1;
        }
        rc = svmx_train_cv(&b->svm, X, y, tax->n, (const char *const *)tax->names, &cfg->svm, fold, k, oof, err);
    }
    free(y);
    if (X)
        gsl_spmatrix_free(X);
    bags_free(&bags);
    if (rc != 0) {
        bundle_free(b);
        return -1;
    }
    copy_taxonomy(&b->tax, tax);
    b->tok = cfg->tok;
    b->params = cfg->svm;
    b->params.solver = svmx_solver_for(&cfg->svm, n_rows);
    b->threshold = cfg->threshold;
    b->tifa_weight = cfg->tifa_weight;
    b->n_docs = n_rows;
    return 0;
}

int train_bundle_rows(pt_bundle *b, const pt_corpus *c, const size_t *rows, size_t n_rows,
                      const pt_taxonomy *tax, const train_config *cfg, pt_error *err)
{
    return train_rows_cv(b, c, rows, n_rows, tax, cfg, NULL, 0, NULL, err);
}

int train_check_themes(const pt_corpus *c, const pt_taxonomy *tax, pt_error *err)
{
    for (size_t t = 0; t < tax->n; t++) {
        size_t pos = 0;
        for (size_t k = 0; k < c->n; k++)
            for (size_t j = 0; j < c->docs[k].n_themes; j++)
                pos += c->docs[k].themes[j] == (int)t;
        if (pos == 0 || pos == c->n)
            return pt_fail(err, PT_ERR_DATA,
                           "theme '%s' has %s of the %zu training readouts; a classifier needs examples with and without it",
                           tax->names[t], pos == 0 ? "none" : "all", c->n);
    }
    return 0;
}

int train_bundle(pt_bundle *b, const pt_corpus *c, const pt_taxonomy *tax,
                 const train_config *cfg, pt_error *err)
{
    if (train_bundle_rows(b, c, NULL, 0, tax, cfg, err) != 0)
        return -1;
    train_data_hash(c, tax, b->data_hash);
    return 0;
}

int train_bundle_folds(pt_bundle *b, const pt_corpus *c, const pt_taxonomy *tax, const train_config *cfg,
                       const size_t *fold, size_t k, double *oof, pt_error *err)
{
    if (train_rows_cv(b, c, NULL, 0, tax, cfg, fold, k, oof, err) != 0)
        return -1;
    train_data_hash(c, tax, b->data_hash);
    return 0;
}

int predict_corpus(const pt_bundle *b, const pt_corpus *c, double *probs, pt_error *err)
{
    return predict_rows(b, c, NULL, 0, probs, err);
}

/* Documents predict_rows classifies at a time: their bags and matrix are
 * all it holds besides the probabilities, so memory does not grow with the
 * batch (70,000 news items at once peaked 300 MB above the documents). */
#define PREDICT_BLOCK 4096

int predict_rows(const pt_bundle *b, const pt_corpus *c, const size_t *rows, size_t n_rows, double *probs,
                 pt_error *err)
{
    return predict_rows_progress(b, c, rows, n_rows, probs, NULL, NULL, err);
}

int predict_rows_progress(const pt_bundle *b, const pt_corpus *c, const size_t *rows, size_t n_rows,
                          double *probs, predict_progress progress, void *ctx, pt_error *err)
{
    if (rows == NULL)
        n_rows = c->n;
    if (n_rows == 0)
        return 0;
    tokenizer *tok = tok_open(&b->tok, err);
    if (tok == NULL)
        return -1;
    size_t *block = xmalloc((n_rows < PREDICT_BLOCK ? n_rows : PREDICT_BLOCK) * sizeof *block);
    int rc = 0;
    for (size_t first = 0; first < n_rows && rc == 0; first += PREDICT_BLOCK) {
        size_t n = n_rows - first < PREDICT_BLOCK ? n_rows - first : PREDICT_BLOCK;
        for (size_t k = 0; k < n; k++)
            block[k] = rows ? rows[first + k] : first + k;
        bag_set bags;
        rc = bags_build_rows(&bags, tok, c, block, n, err);
        if (rc == 0)
            rc = predict_bags(b, &bags, probs + first * b->tax.n, err);
        bags_free(&bags);
        if (rc == 0 && progress != NULL)
            progress(ctx, first + n);
    }
    free(block);
    tok_close(tok);
    return rc;
}

int predict_bags(const pt_bundle *b, const bag_set *bags, double *probs, pt_error *err)
{
    if (bags->n_docs == 0)
        return 0;
    gsl_spmatrix *X = tfidf_transform(&b->tfidf, bags, NULL, 0, err);
    if (X == NULL)
        return -1;
    /* Linear models: the decision value sum_k coef_k (SV_k . x) - rho is
     * w . x - rho with w = sum_k coef_k SV_k, so the support vectors are
     * folded into w once (one column per theme, w[col * T + t]) and each
     * document then costs its own non-zeros, not a sparse dot product with
     * every support vector (those were 81% of classifying 10k news items).
     * The probability is libsvm's svm_predict_probability for two classes:
     * Platt's sigmoid of the decision value, clamped to [1e-7, 1 - 1e-7],
     * of the model's first label.  Other kernels go through svmx_predict. */
    size_t T = b->svm.n_themes, n_cols = X->size2;
    bool linear = T > 0 && T == b->tax.n;
    for (size_t t = 0; t < T && linear; t++) {
        const struct svm_model *m = b->svm.models[t];
        linear = m != NULL && m->param.svm_type == C_SVC && m->param.kernel_type == LINEAR && m->nr_class == 2 &&
                 m->label != NULL && m->probA != NULL && m->probB != NULL && m->sv_coef != NULL;
    }
    if (!linear) {
        for (size_t d = 0; d < bags->n_docs; d++)
            svmx_predict(&b->svm, X, d, probs + d * b->tax.n);
        gsl_spmatrix_free(X);
        return 0;
    }
    double *w = xcalloc(n_cols * T + 1, sizeof *w);
    for (size_t t = 0; t < T; t++) {
        const struct svm_model *m = b->svm.models[t];
        for (int k = 0; k < m->l; k++)
            for (const struct svm_node *x = m->SV[k]; x->index != -1; x++)
                if (x->index >= 1 && (size_t)x->index <= n_cols) /* others meet no feature */
                    w[(size_t)(x->index - 1) * T + t] += m->sv_coef[0][k] * x->value;
    }
    double dec[PT_MAX_THEMES];
    for (size_t d = 0; d < bags->n_docs; d++) {
        for (size_t t = 0; t < T; t++)
            dec[t] = 0.0;
        for (int e = X->p[d]; e < X->p[d + 1]; e++) {
            const double *wc = w + (size_t)X->i[e] * T;
            for (size_t t = 0; t < T; t++)
                dec[t] += wc[t] * X->data[e];
        }
        for (size_t t = 0; t < T; t++) {
            const struct svm_model *m = b->svm.models[t];
            double f = (dec[t] - m->rho[0]) * m->probA[0] + m->probB[0];
            double p = f >= 0 ? exp(-f) / (1.0 + exp(-f)) : 1.0 / (1.0 + exp(f));
            p = p < 1e-7 ? 1e-7 : p > 1 - 1e-7 ? 1 - 1e-7 : p;
            probs[d * T + t] = m->label[0] == 1 ? p : 1.0 - p;
        }
    }
    free(w);
    gsl_spmatrix_free(X);
    return 0;
}

int predict_primary(const double *probs, size_t n_themes, double threshold)
{
    int best = -1;
    for (size_t t = 0; t < n_themes; t++)
        if (best < 0 || probs[t] > probs[best])
            best = (int)t;
    return best >= 0 && probs[best] >= threshold ? best : -1;
}

size_t predict_themes(const double *probs, size_t n_themes, int *out)
{
    size_t n = 0;
    for (size_t t = 0; t < n_themes; t++)
        if (probs[t] >= PREDICT_THEME_P)
            out[n++] = (int)t;
    for (size_t i = 1; i < n; i++) /* insertion sort, stable: a handful of themes */
        for (size_t j = i; j > 0 && probs[out[j]] > probs[out[j - 1]]; j--) {
            int tmp = out[j];
            out[j] = out[j - 1];
            out[j - 1] = tmp;
        }
    return n;
}

void train_data_hash(const pt_corpus *c, const pt_taxonomy *tax, char hex[65])
{
    sha256_ctx ctx;
    unsigned char digest[32];
    sha256_init(&ctx);
    for (size_t k = 0; k < c->n; k++) {
        const pt_doc *d = &c->docs[k];
        sha256_update(&ctx, d->id, strlen(d->id) + 1);
        for (size_t j = 0; j < d->n_themes; j++)
            sha256_update(&ctx, tax->names[d->themes[j]], strlen(tax->names[d->themes[j]]) + 1);
        sha256_update(&ctx, "\n", 1);
        sha256_update(&ctx, d->text, d->text_len + 1);
    }
    sha256_final(&ctx, digest);
    sha256_to_hex(digest, hex);
}
