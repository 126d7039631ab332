/*
 * tfidf_fit.h — what the fit (tfidf.c) and the in-place fit+transform
 * (tfidf_inplace.c) share: the choice of columns, the idf and tf formulas
 * (tfidf.h gives them), and the model made of a raw vocabulary.  Not part
 * of the stage's API.
 */
#ifndef PT_TFIDF_FIT_H
#define PT_TFIDF_FIT_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "features/tfidf.h"

/* The smooth idf of a term found in df of n documents. */
static inline double tfidf_idf_of(size_t n, uint32_t df)
{
    return log((1.0 + (double)n) / (1.0 + (double)df)) + 1.0;
}

/* The tf weight of a term occurring count times in a document. */
static inline double tfidf_tf_weight(bool sublinear, uint32_t count)
{
    return sublinear ? 1.0 + log((double)count) : (double)count;
}

/* tf weights of small counts, computed once per transform. */
#define TFIDF_TF_TABLE 64

/* A fit's columns: the raw ids of the kept terms in column order
 * (kept[0..n_kept)), and df by raw id, counted over the listed bags. */
typedef struct {
    uint32_t *df;
    uint32_t *kept;
    size_t n_kept, n_rows;
} tfidf_columns;

/* Counts df over the bags rows[0..n_rows) of b (all when rows is NULL),
 * keeps the terms within [min_df, max_df * n] (the max_features most
 * frequent), in the bytes order of their terms.  Returns 0, or -1 with
 * PT_ERR_DATA when there is no bag or no term is left. */
int tfidf_choose_columns(tfidf_columns *fc, const tfidf_config *cfg, const bag_set *b, const size_t *rows,
                         size_t n_rows, pt_error *err);
void tfidf_columns_free(tfidf_columns *fc);

/* Makes m of the chosen columns by keeping them in b's raw vocabulary
 * itself, which m takes over (b->raw is then NULL): no term is copied or
 * hashed again (building a second vocabulary was the slowest part of
 * fitting 1,000 news items).  Can't fail (exits on out of memory). */
void tfidf_model_of_raw(tfidf_model *m, const tfidf_config *cfg, bag_set *b, const tfidf_columns *fc);

#endif
