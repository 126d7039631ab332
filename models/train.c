/*
 * train.c — training a bundle and predicting with it (train.h).
 */
#include "train.h"

#include <stdlib.h>
#include <string.h>

#include "corpus/sha256.h"
#include "corpus/xalloc.h"

void train_config_default(train_config *cfg)
{
    tok_config_default(&cfg->tok);
    tfidf_config_default(&cfg->tfidf);
    svmx_params_default(&cfg->svm);
    cfg->threshold = 0.5;
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

int train_bundle_rows(pt_bundle *b, const pt_corpus *c, const size_t *rows, size_t n_rows,
                      const pt_taxonomy *tax, const train_config *cfg, pt_error *err)
{
    memset(b, 0, sizeof *b);
    if (rows == NULL)
        n_rows = c->n;
    if (n_rows == 0)
        return pt_fail(err, PT_ERR_DATA, "no labelled readouts to train on");
    tokenizer *tok = tok_open(&cfg->tok, err);
    if (tok == NULL)
        return -1;
    bag_set bags;
    int rc = bags_build_rows(&bags, tok, c, rows, n_rows, err);
    tok_close(tok);
    if (rc != 0)
        return -1;

    gsl_spmatrix *X = NULL;
    unsigned char *y = NULL;
    rc = tfidf_fit(&b->tfidf, &cfg->tfidf, &bags, NULL, 0, err);
    if (rc == 0) {
        X = tfidf_transform(&b->tfidf, &bags, NULL, 0, err);
        rc = X ? 0 : -1;
    }
    if (rc == 0) {
        y = xcalloc(n_rows * tax->n, 1);
        for (size_t k = 0; k < n_rows; k++) {
            const pt_doc *d = &c->docs[rows ? rows[k] : k];
            for (size_t j = 0; j < d->n_themes; j++)
                y[k * tax->n + (size_t)d->themes[j]] = 1;
        }
        rc = svmx_train(&b->svm, X, y, tax->n, (const char *const *)tax->names, &cfg->svm, err);
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
    b->threshold = cfg->threshold;
    b->n_docs = n_rows;
    return 0;
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

int predict_corpus(const pt_bundle *b, const pt_corpus *c, double *probs, pt_error *err)
{
    return predict_rows(b, c, NULL, 0, probs, err);
}

int predict_rows(const pt_bundle *b, const pt_corpus *c, const size_t *rows, size_t n_rows, double *probs,
                 pt_error *err)
{
    if (rows == NULL)
        n_rows = c->n;
    if (n_rows == 0)
        return 0;
    tokenizer *tok = tok_open(&b->tok, err);
    if (tok == NULL)
        return -1;
    bag_set bags;
    int rc = bags_build_rows(&bags, tok, c, rows, n_rows, err);
    tok_close(tok);
    if (rc != 0)
        return -1;
    gsl_spmatrix *X = tfidf_transform(&b->tfidf, &bags, NULL, 0, err);
    bags_free(&bags);
    if (X == NULL)
        return -1;
    for (size_t d = 0; d < n_rows; d++)
        svmx_predict(&b->svm, X, d, probs + d * b->tax.n);
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
