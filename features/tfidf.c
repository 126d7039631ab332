/*
 * tfidf.c — bags of tokens and TF-IDF on GSL (tfidf.h).
 */
#include "tfidf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/xalloc.h"

/* ---- bags ------------------------------------------------------------------ */

typedef struct {
    vocab *raw;
    uint32_t *ids;       /* this document's token ids, in text order */
    size_t n, cap;
} doc_tokens;

static int collect_token(void *ctx, const char *token, size_t len)
{
    doc_tokens *d = ctx;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 4096;
        d->ids = xreallocarray(d->ids, d->cap, sizeof *d->ids);
    }
    d->ids[d->n++] = vocab_intern(d->raw, token, len);
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int bags_build(bag_set *b, tokenizer *tok, const pt_corpus *c, pt_error *err)
{
    return bags_build_rows(b, tok, c, NULL, 0, err);
}

int bags_build_rows(bag_set *b, tokenizer *tok, const pt_corpus *c, const size_t *rows, size_t n_rows,
                    pt_error *err)
{
    if (rows == NULL)
        n_rows = c->n;
    memset(b, 0, sizeof *b);
    b->raw = vocab_new();
    b->n_docs = n_rows;
    b->offsets = xcalloc(n_rows + 1, sizeof *b->offsets);
    size_t cap = 0, used = 0;
    doc_tokens dt = {.raw = b->raw};
    for (size_t k = 0; k < n_rows; k++) {
        const pt_doc *d = &c->docs[rows ? rows[k] : k];
        dt.n = 0;
        size_t replaced = 0;
        if (tok_run(tok, d->text, d->text_len, collect_token, &dt, &replaced, err) != 0) {
            pt_error_prefix(err, "%s:%ld: %s: ", d->source, d->line, d->id);
            free(dt.ids);
            bags_free(b);
            return -1;
        }
        b->n_replaced += replaced;
        qsort(dt.ids, dt.n, sizeof *dt.ids, cmp_u32);
        if (used + dt.n > cap) {
            cap = 2 * (used + dt.n) + 1024;
            b->ids = xreallocarray(b->ids, cap, sizeof *b->ids);
            b->counts = xreallocarray(b->counts, cap, sizeof *b->counts);
        }
        for (size_t t = 0; t < dt.n;) {
            size_t run = t;
            while (run < dt.n && dt.ids[run] == dt.ids[t])
                run++;
            b->ids[used] = dt.ids[t];
            b->counts[used] = (uint32_t)(run - t);
            used++;
            t = run;
        }
        b->offsets[k + 1] = used;
    }
    free(dt.ids);
    return 0;
}

void bags_free(bag_set *b)
{
    vocab_free(b->raw);
    free(b->offsets);
    free(b->ids);
    free(b->counts);
    memset(b, 0, sizeof *b);
}

/* ---- fitting ----------------------------------------------------------------- */

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

typedef struct {
    const vocab *raw;
    const uint32_t *df;
} term_order;

static term_order g_order; /* qsort has no context argument; set just before sorting */

static int cmp_by_bytes(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return strcmp(vocab_term(g_order.raw, x), vocab_term(g_order.raw, y));
}

static int cmp_by_df_desc(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (g_order.df[x] != g_order.df[y])
        return g_order.df[x] > g_order.df[y] ? -1 : 1;
    return cmp_by_bytes(a, b);
}

int tfidf_fit(tfidf_model *m, const tfidf_config *cfg, const bag_set *b,
              const size_t *rows, size_t n_rows, pt_error *err)
{
    memset(m, 0, sizeof *m);
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
    g_order.raw = b->raw;
    g_order.df = df;
    if (cfg->max_features > 0 && n_kept > cfg->max_features) {
        qsort(kept, n_kept, sizeof *kept, cmp_by_df_desc);
        n_kept = cfg->max_features;
    }
    if (n_kept == 0) {
        free(df);
        free(kept);
        return pt_fail(err, PT_ERR_DATA,
                       "no term is left after vocabulary pruning (min_df %zu, max_df %g, %zu documents)",
                       cfg->min_df, cfg->max_df, n_rows);
    }
    qsort(kept, n_kept, sizeof *kept, cmp_by_bytes);

    vocab *terms = vocab_new();
    uint32_t *kept_df = xcalloc(n_kept, sizeof *kept_df);
    gsl_vector *idf = gsl_vector_alloc(n_kept);
    if (idf == NULL) {
        vocab_free(terms);
        free(kept_df);
        free(df);
        free(kept);
        return pt_fail(err, PT_ERR_INTERNAL, "cannot allocate the idf vector");
    }
    for (size_t k = 0; k < n_kept; k++) {
        uint32_t t = kept[k];
        vocab_intern(terms, vocab_term(b->raw, t), vocab_term_len(b->raw, t));
        kept_df[k] = df[t];
        gsl_vector_set(idf, k, log((1.0 + (double)n_rows) / (1.0 + (double)df[t])) + 1.0);
    }
    free(df);
    free(kept);
    tfidf_from_parts(m, cfg, terms, kept_df, idf, n_rows);
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

typedef struct {
    int col;
    double w;
} cell;

static int cmp_cell(const void *a, const void *b)
{
    int x = ((const cell *)a)->col, y = ((const cell *)b)->col;
    return (x > y) - (x < y);
}

gsl_spmatrix *tfidf_transform(const tfidf_model *m, const bag_set *b,
                              const size_t *rows, size_t n_rows, pt_error *err)
{
    if (rows == NULL)
        n_rows = b->n_docs;
    size_t n_cols = vocab_size(m->terms);
    if (n_rows == 0 || n_cols == 0) {
        pt_fail(err, PT_ERR_INTERNAL, "empty matrix (%zu rows, %zu columns)", n_rows, n_cols);
        return NULL;
    }
    /* Map each raw id to its column once: -1 for terms the model lacks. */
    size_t n_raw = vocab_size(b->raw);
    int *col_of = xmalloc((n_raw ? n_raw : 1) * sizeof *col_of);
    for (uint32_t t = 0; t < n_raw; t++)
        col_of[t] = (int)vocab_lookup(m->terms, vocab_term(b->raw, t), vocab_term_len(b->raw, t));

    size_t nnz = 0;
    for (size_t k = 0; k < n_rows; k++) {
        size_t r = row_at(rows, k);
        for (size_t e = b->offsets[r]; e < b->offsets[r + 1]; e++)
            nnz += col_of[b->ids[e]] >= 0;
    }
    gsl_spmatrix *X = gsl_spmatrix_alloc_nzmax(n_rows, n_cols, nnz ? nnz : 1, GSL_SPMATRIX_CSR);
    if (X == NULL) {
        free(col_of);
        pt_fail(err, PT_ERR_INTERNAL, "cannot allocate a %zu x %zu sparse matrix", n_rows, n_cols);
        return NULL;
    }
    /* Fill the CSR arrays directly, one row after another. */
    cell *row = NULL;
    size_t row_cap = 0, pos = 0;
    X->p[0] = 0;
    for (size_t k = 0; k < n_rows; k++) {
        size_t r = row_at(rows, k);
        size_t n = 0, need = b->offsets[r + 1] - b->offsets[r];
        if (need > row_cap) {
            row_cap = 2 * need;
            row = xreallocarray(row, row_cap, sizeof *row);
        }
        double norm2 = 0.0;
        for (size_t e = b->offsets[r]; e < b->offsets[r + 1]; e++) {
            int col = col_of[b->ids[e]];
            if (col < 0)
                continue;
            double tf = m->cfg.sublinear_tf ? 1.0 + log((double)b->counts[e]) : (double)b->counts[e];
            double w = tf * gsl_vector_get(m->idf, (size_t)col);
            row[n++] = (cell){col, w};
            norm2 += w * w;
        }
        qsort(row, n, sizeof *row, cmp_cell);
        double scale = norm2 > 0.0 ? 1.0 / sqrt(norm2) : 0.0;
        for (size_t j = 0; j < n; j++) {
            X->i[pos] = row[j].col;
            X->data[pos] = row[j].w * scale;
            pos++;
        }
        X->p[k + 1] = (int)pos;
    }
    X->nz = pos;
    free(row);
    free(col_of);
    return X;
}
