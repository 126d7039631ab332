/*
 * tfidf.c — TF-IDF fit and transform on GSL (tfidf.h).
 *
 * Built for speed on whole news archives (bench/RESULTS.md has the figures
 * and the profiles that justified each piece):
 *  - fit: terms ordered by a radix sort of their first 8 bytes (idsort.h);
 *  - transform: row lengths first, so the CSR matrix is allocated once at
 *    its size, then the rows filled in place on every core (parallel.h).
 * The bags are built in bags.c; fit and transform at once, in place, in
 * tfidf_inplace.c.
 */
#include "features/tfidf.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "features/idsort.h"
#include "features/parallel.h"
#include "features/tfidf_fit.h"

void tfidf_config_default(tfidf_config *cfg)
{
    cfg->min_df = 1;
    cfg->max_df = 1.0;
    cfg->max_features = 0;
    cfg->sublinear_tf = true;
}

static size_t row_at(const size_t *rows, size_t k)
{
    return rows ? rows[k] : k;
}

void tfidf_columns_free(tfidf_columns *fc)
{
    free(fc->df);
    free(fc->kept);
    memset(fc, 0, sizeof *fc);
}

int tfidf_choose_columns(tfidf_columns *fc, const tfidf_config *cfg, const bag_set *b, const size_t *rows,
                          size_t n_rows, pt_error *err)
{
    memset(fc, 0, sizeof *fc);
    if (rows == NULL)
        n_rows = b->n_docs;
    if (n_rows == 0)
        return pt_fail(err, PT_ERR_DATA, "no documents to fit the vocabulary on");
    size_t n_raw = vocab_size(b->raw);
    uint32_t *df = xcalloc(n_raw ? n_raw : 1, sizeof *df);
    for (size_t k = 0; k < n_rows; k++) {
        size_t r = row_at(rows, k);
        for (size_t e = b->offsets[r]; e < b->offsets[r + 1]; e++)
            df[b->ids[e]]++;
    }
    /* Keep terms within [min_df, max_df * n]. */
    double max_count = cfg->max_df * (double)n_rows;
    uint32_t *kept = xcalloc(n_raw ? n_raw : 1, sizeof *kept);
    size_t n_kept = 0;
    for (uint32_t t = 0; t < n_raw; t++)
        if (df[t] > 0 && df[t] >= cfg->min_df && (double)df[t] <= max_count)
            kept[n_kept++] = t;
    if (cfg->max_features > 0 && n_kept > cfg->max_features) {
        sort_by_df_desc(b->raw, df, kept, n_kept);
        n_kept = cfg->max_features;
    }
    if (n_kept == 0) {
        free(df);
        free(kept);
        return pt_fail(err, PT_ERR_DATA,
                       "no term is left after vocabulary pruning (min_df %zu, max_df %g, %zu documents)",
                       cfg->min_df, cfg->max_df, n_rows);
    }
    sort_by_bytes(b->raw, kept, n_kept);
    *fc = (tfidf_columns){df, kept, n_kept, n_rows};
    return 0;
}

/* Makes m of terms (the kept terms in column order) with their df and idf. */
static void model_of_terms(tfidf_model *m, const tfidf_config *cfg, vocab *terms, const tfidf_columns *fc)
{
    uint32_t *kept_df = xmalloc(fc->n_kept * sizeof *kept_df);
    gsl_vector *idf = gsl_vector_alloc(fc->n_kept);
    if (idf == NULL)
        xalloc_die();
    for (size_t k = 0; k < fc->n_kept; k++) {
        kept_df[k] = fc->df[fc->kept[k]];
        gsl_vector_set(idf, k, tfidf_idf_of(fc->n_rows, kept_df[k]));
    }
    tfidf_from_parts(m, cfg, terms, kept_df, idf, fc->n_rows);
}

/* Makes m of the chosen columns: the kept terms interned in column order,
 * their df and idf.  Can't fail (exits on out of memory). */
static void model_of_columns(tfidf_model *m, const tfidf_config *cfg, const bag_set *b, const tfidf_columns *fc)
{
    size_t n_kept = fc->n_kept, bytes = 0;
    for (size_t k = 0; k < n_kept; k++)
        bytes += vocab_term_len(b->raw, fc->kept[k]);
    char *buf = xmalloc(bytes + 1);
    uint32_t *off = xmalloc((n_kept + 1) * sizeof *off), *col = xmalloc(n_kept * sizeof *col);
    size_t o = 0;
    for (size_t k = 0; k < n_kept; k++) {
        size_t len = vocab_term_len(b->raw, fc->kept[k]);
        off[k] = (uint32_t)o;
        memcpy(buf + o, vocab_term(b->raw, fc->kept[k]), len);
        o += len;
    }
    off[n_kept] = (uint32_t)o;
    vocab *terms = vocab_new();
    vocab_reserve(terms, n_kept);
    vocab_intern_many(terms, buf, off, n_kept, col);
    free(buf);
    free(off);
    free(col);
    model_of_terms(m, cfg, terms, fc);
}

void tfidf_model_of_raw(tfidf_model *m, const tfidf_config *cfg, bag_set *b, const tfidf_columns *fc)
{
    vocab_keep(b->raw, fc->kept, fc->n_kept);
    model_of_terms(m, cfg, b->raw, fc);
    b->raw = NULL;
}

int tfidf_fit(tfidf_model *m, const tfidf_config *cfg, const bag_set *b,
              const size_t *rows, size_t n_rows, pt_error *err)
{
    memset(m, 0, sizeof *m);
    tfidf_columns fc;
    if (tfidf_choose_columns(&fc, cfg, b, rows, n_rows, err) != 0)
        return -1;
    model_of_columns(m, cfg, b, &fc);
    tfidf_columns_free(&fc);
    return 0;
}

void tfidf_from_parts(tfidf_model *m, const tfidf_config *cfg, vocab *terms,
                      uint32_t *df, gsl_vector *idf, size_t n_docs)
{
    m->cfg = *cfg;
    m->terms = terms;
    m->df = df;
    m->idf = idf;
    m->n_docs = n_docs;
}

void tfidf_free(tfidf_model *m)
{
    vocab_free(m->terms);
    free(m->df);
    if (m->idf)
        gsl_vector_free(m->idf);
    memset(m, 0, sizeof *m);
}

/* ---- transforming ------------------------------------------------------------ */

/* A raw term as the transform sees it: its column (-1 when the model lacks
 * the term) and the column's idf, side by side so that an entry costs one
 * random access, not two. */
typedef struct {
    int col;
    double idf;
} raw_column;

typedef struct {
    size_t n_cols;
    const bag_set *b;
    const size_t *rows;
    const raw_column *rc;    /* by raw id */
    const double *tf;        /* tf weight of counts below TFIDF_TF_TABLE */
    bool sublinear;
    gsl_spmatrix *X;
    int *row_len;            /* count_rows: row k's non-zeros go to row_len[k + 1] */
    size_t first, last;      /* rows of X this part counts or fills */
} transform_part;

/* Counts the non-zeros of rows [first, last). */
static void *count_rows(void *arg)
{
    transform_part *tp = arg;
    const bag_set *b = tp->b;
    for (size_t k = tp->first; k < tp->last; k++) {
        size_t r = row_at(tp->rows, k);
        int n = 0;
        for (size_t e = b->offsets[r]; e < b->offsets[r + 1]; e++)
            n += tp->rc[b->ids[e]].col >= 0;
        tp->row_len[k + 1] = n;
    }
    return NULL;
}

/* Fills rows [first, last) of X: weights, L2 norm, columns sorted. */
static void *transform_rows(void *arg)
{
    transform_part *tp = arg;
    const bag_set *b = tp->b;
    gsl_spmatrix *X = tp->X;
    size_t n_cols = tp->n_cols;
    id_marks mk;
    marks_init(&mk, n_cols);
    double *w_of = xmalloc(n_cols * sizeof *w_of);  /* a row's weights by column */
    uint32_t *cols = NULL;
    uint64_t *keys = NULL;
    double *w = NULL;
    size_t cap = 0;
    for (size_t k = tp->first; k < tp->last; k++) {
        size_t r = row_at(tp->rows, k), n = 0, need = b->offsets[r + 1] - b->offsets[r];
        if (need > cap) {
            cap = 2 * need;
            cols = xreallocarray(cols, cap, sizeof *cols);
            keys = xreallocarray(keys, cap, sizeof *keys);
            w = xreallocarray(w, cap, sizeof *w);
        }
        for (size_t e = b->offsets[r]; e < b->offsets[r + 1]; e++) {
            const raw_column *rc = &tp->rc[b->ids[e]];
            if (rc->col < 0)
                continue;
            uint32_t count = b->counts[e];
            double tf = count < TFIDF_TF_TABLE ? tp->tf[count] : tfidf_tf_weight(tp->sublinear, count);
            cols[n] = (uint32_t)rc->col;
            w[n++] = tf * rc->idf;
        }
        /* Columns in order, then the norm taken in that order: the row's
         * bits do not depend on the order of the bag's entries. */
        size_t pos = (size_t)X->p[k];
        if (marks_pay(&mk, n)) { /* a row's columns are distinct */
            for (size_t j = 0; j < n; j++) {
                marks_set(&mk, cols[j]);
                w_of[cols[j]] = w[j];
            }
            marks_take(&mk, cols);
            for (size_t j = 0; j < n; j++)
                w[j] = w_of[cols[j]];
        } else {
            for (size_t j = 0; j < n; j++)
                keys[j] = (uint64_t)cols[j] << 32 | j;
            sort_u64(keys, n);
            for (size_t j = 0; j < n; j++) {
                cols[j] = (uint32_t)(keys[j] >> 32);
                w_of[cols[j]] = w[(uint32_t)keys[j]];
            }
            for (size_t j = 0; j < n; j++)
                w[j] = w_of[cols[j]];
        }
        double norm2 = 0.0;
        for (size_t j = 0; j < n; j++)
            norm2 += w[j] * w[j];
        double scale = norm2 > 0.0 ? 1.0 / sqrt(norm2) : 0.0;
        for (size_t j = 0; j < n; j++, pos++) {
            X->i[pos] = (int)cols[j];
            X->data[pos] = w[j] * scale;
        }
    }
    free(cols);
    free(keys);
    free(w);
    free(w_of);
    marks_free(&mk);
    return NULL;
}

/* The matrix of the listed bags, given each raw id's column and idf. */
static gsl_spmatrix *transform_columns(const raw_column *rc, size_t n_cols, bool sublinear, const bag_set *b,
                                       const size_t *rows, size_t n_rows, pt_error *err)
{
    double tf[TFIDF_TF_TABLE];
    tf[0] = 0.0;
    for (uint32_t c = 1; c < TFIDF_TF_TABLE; c++)
        tf[c] = tfidf_tf_weight(sublinear, c);

    /* Row lengths first (counted on several threads when there are many
     * rows), so that the matrix is allocated once at its size and every
     * row's place in it is known; then the rows are filled in place. */
    size_t entries = 0;
    for (size_t k = 0; k < n_rows; k++)
        entries += b->offsets[row_at(rows, k) + 1] - b->offsets[row_at(rows, k)];
    unsigned threads = par_threads_for(entries * 16); /* about 16 bytes of text per entry */
    if (threads > n_rows)
        threads = (unsigned)n_rows;
    int *p = xmalloc((n_rows + 1) * sizeof *p);
    p[0] = 0;
    transform_part parts[PAR_MAX_THREADS];
    void *args[PAR_MAX_THREADS];
    size_t first = 0, seen = 0;
    for (unsigned t = 0; t < threads; t++) {
        /* Equal shares of the entries. */
        size_t last = first, goal = (size_t)((double)entries * (t + 1) / threads);
        while (last < n_rows && (t + 1 == threads || seen < goal)) {
            seen += b->offsets[row_at(rows, last) + 1] - b->offsets[row_at(rows, last)];
            last++;
        }
        parts[t] = (transform_part){n_cols, b, rows, rc, tf, sublinear, NULL, p, first, last};
        args[t] = &parts[t];
        first = last;
    }
    par_run(threads, count_rows, args);
    size_t nnz = 0;
    for (size_t k = 0; k < n_rows; k++) {
        nnz += (size_t)p[k + 1];
        if (nnz > (size_t)INT_MAX) {
            free(p);
            pt_fail(err, PT_ERR_DATA, "too many non-zero weights for one matrix (over %d)", INT_MAX);
            return NULL;
        }
        p[k + 1] = (int)nnz;
    }
    gsl_spmatrix *X = gsl_spmatrix_alloc_nzmax(n_rows, n_cols, nnz ? nnz : 1, GSL_SPMATRIX_CSR);
    if (X == NULL) {
        free(p);
        pt_fail(err, PT_ERR_INTERNAL, "cannot allocate a %zu x %zu sparse matrix", n_rows, n_cols);
        return NULL;
    }
    memcpy(X->p, p, (n_rows + 1) * sizeof *p);
    free(p);
    X->nz = nnz;
    assert(first == n_rows); /* the parts cover every row */
    for (unsigned t = 0; t < threads; t++)
        parts[t].X = X;
    par_run(threads, transform_rows, args);
    return X;
}

static bool matrix_shape_ok(size_t n_rows, size_t n_cols, pt_error *err)
{
    if (n_rows == 0 || n_cols == 0) {
        pt_fail(err, PT_ERR_INTERNAL, "empty matrix (%zu rows, %zu columns)", n_rows, n_cols);
        return false;
    }
    return true;
}

gsl_spmatrix *tfidf_transform(const tfidf_model *m, const bag_set *b,
                              const size_t *rows, size_t n_rows, pt_error *err)
{
    if (rows == NULL)
        n_rows = b->n_docs;
    size_t n_cols = vocab_size(m->terms);
    if (!matrix_shape_ok(n_rows, n_cols, err))
        return NULL;
    /* Map each raw id to its column and idf once. */
    size_t n_raw = vocab_size(b->raw);
    raw_column *rc = xmalloc((n_raw ? n_raw : 1) * sizeof *rc);
    long *found = xmalloc(4096 * sizeof *found);
    for (size_t t = 0; t < n_raw; t += 4096) {
        size_t n = n_raw - t < 4096 ? n_raw - t : 4096;
        vocab_lookup_many(m->terms, b->raw, (uint32_t)t, n, found);
        for (size_t j = 0; j < n; j++) {
            rc[t + j].col = (int)found[j];
            rc[t + j].idf = found[j] >= 0 ? gsl_vector_get(m->idf, (size_t)found[j]) : 0.0;
        }
    }
    free(found);
    gsl_spmatrix *X = transform_columns(rc, n_cols, m->cfg.sublinear_tf, b, rows, n_rows, err);
    free(rc);
    return X;
}
