/*
 * train.h — from labelled readouts to a model bundle, and from a bundle to
 * theme probabilities.  The glue of the models stage: tokenise (features),
 * fit TF-IDF, train one classifier per theme, predict.
 */
#ifndef PT_TRAIN_H
#define PT_TRAIN_H

#include <stddef.h>

#include "corpus/corpus.h"
#include "models/bundle.h"

typedef struct {
    tok_config tok;
    tfidf_config tfidf;
    svmx_params svm;
    double threshold;
    double tifa_weight;  /* factor on the idf of lexicon (tifa:) terms (tifa_weight.h); default 3 */
} train_config;

/* The defaults of `politrend train`. */
void train_config_default(train_config *cfg);

/* Checks that every theme of tax has labelled readouts in c both with and
 * without it (a classifier needs both).  Returns 0, or -1 with err naming
 * the theme (PT_ERR_DATA). */
int train_check_themes(const pt_corpus *c, const pt_taxonomy *tax, pt_error *err);

/* Trains a bundle on every document of c (all must be labelled; themes are
 * indices into tax, which the bundle copies).  Returns 0 or -1 with err. */
int train_bundle(pt_bundle *b, const pt_corpus *c, const pt_taxonomy *tax,
                 const train_config *cfg, pt_error *err);

/* Same, on the documents rows[0..n_rows) of c only (cross-validation). */
int train_bundle_rows(pt_bundle *b, const pt_corpus *c, const size_t *rows, size_t n_rows,
                      const pt_taxonomy *tax, const train_config *cfg, pt_error *err);

/* train_bundle, with fold[d] in [0, k) the calibration fold of document d
 * of c: each model's Platt scaling is fitted on the decision values of
 * models trained without the document's fold, and oof (c->n x n_themes,
 * may be NULL) receives those out-of-fold probabilities, for choosing the
 * threshold without training again.  Needs the liblinear solver
 * (svmx_solver_for); PT_ERR_INTERNAL otherwise. */
int train_bundle_folds(pt_bundle *b, const pt_corpus *c, const pt_taxonomy *tax, const train_config *cfg,
                       const size_t *fold, size_t k, double *oof, pt_error *err);

/* Writes probs[d * n_themes + t], the probability that document d of c
 * carries theme t of the bundle.  Returns 0 or -1 with err (a document that
 * cannot be tokenised is named). */
int predict_corpus(const pt_bundle *b, const pt_corpus *c, double *probs, pt_error *err);

/* Same for the documents rows[0..n_rows) of c: probs[k * n_themes + t] is
 * about document rows[k].  The documents are classified a block of a few
 * thousand at a time, so memory does not grow with their number. */
int predict_rows(const pt_bundle *b, const pt_corpus *c, const size_t *rows, size_t n_rows, double *probs,
                 pt_error *err);

/* Told, after each block, how many documents predict_rows_progress has
 * classified. */
typedef void (*predict_progress)(void *ctx, size_t done);

/* predict_rows, calling progress(ctx, done) after each block (progress may
 * be NULL). */
int predict_rows_progress(const pt_bundle *b, const pt_corpus *c, const size_t *rows, size_t n_rows,
                          double *probs, predict_progress progress, void *ctx, pt_error *err);

/* Same for documents already tokenised with the bundle's settings (bags
 * from bags_tokenize with b->tok): probs[k * n_themes + t] is about bag k. */
int predict_bags(const pt_bundle *b, const bag_set *bags, double *probs, pt_error *err);

/* The primary theme: the most probable theme when its probability reaches
 * threshold, else -1 (no theme is confident).  Ties go to the lower index. */
int predict_primary(const double *probs, size_t n_themes, double threshold);

/* A readout carries a theme when the theme's probability reaches this
 * (whatever the abstention threshold of the primary theme). */
#define PREDICT_THEME_P 0.5

/* The themes probs says a readout carries (probability >= PREDICT_THEME_P),
 * most probable first, ties in taxonomy order: written to out (room for
 * n_themes) and counted in the result.  The one rule `classify`, the
 * reports and the evaluation use.  Can't fail. */
size_t predict_themes(const double *probs, size_t n_themes, int *out);

/* SHA-256 (hex) of what training sees: every document's id, themes and
 * text, in order.  Two corpora with the same hash train the same model. */
void train_data_hash(const pt_corpus *c, const pt_taxonomy *tax, char hex[65]);

#endif
