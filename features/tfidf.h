/*
 * tfidf.h — bags of tokens and TF-IDF weighting on GSL sparse matrices.
 *
 * Two steps, so that cross-validation tokenises each document once:
 *  1. bags_build: tokenise every document into a bag (the token ids of a
 *     raw vocabulary, with counts).
 *  2. tfidf_fit learns, from a chosen subset of bags, the kept vocabulary
 *     (min_df, max_df, max_features pruning; terms ordered by their bytes so
 *     that column order never depends on input order) and smooth IDF
 *     idf(t) = ln((1 + n) / (1 + df(t))) + 1;
 *     tfidf_transform weights bags into a CSR gsl_spmatrix, one row a
 *     document: tf (or 1 + ln tf when sublinear) × idf, rows L2-normalised.
 *     Terms the model does not know are ignored.
 *
 * Where: bags in bags.c, fit and transform in tfidf.c, both at once in
 * place in tfidf_inplace.c; the id sorts in idsort.h, the threads in
 * parallel.h.
 */
#ifndef PT_TFIDF_H
#define PT_TFIDF_H

#include <stddef.h>
#include <stdio.h> /* gsl_spmatrix.h needs size_t and FILE */
#include <gsl/gsl_spmatrix.h>
#include <gsl/gsl_vector.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus/corpus.h"
#include "features/parallel.h"
#include "features/tokenize.h"
#include "features/vocab.h"

typedef struct {
    vocab *raw;          /* every token seen, ids in order of first sight */
    size_t n_docs;
    size_t *offsets;     /* doc k's entries are [offsets[k], offsets[k+1]) */
    uint32_t *ids;       /* raw ids, distinct within a document, in order of first occurrence */
    uint32_t *counts;    /* how often each occurs in its document */
    size_t n_replaced;   /* U+FFFD substitutions made (lenient tokenizer) */
} bag_set;

/* Tokenises every document of c.  Returns 0, or -1 with err naming the
 * document ("corpus/x.jsonl:3: 20-11-en: invalid UTF-8 at byte 17: ..."). */
int bags_build(bag_set *b, tokenizer *tok, const pt_corpus *c, pt_error *err);

/* Same, for the documents rows[0..n_rows) of c only (all when rows is NULL);
 * bag k is the document rows[k]. */
int bags_build_rows(bag_set *b, tokenizer *tok, const pt_corpus *c, const size_t *rows, size_t n_rows,
                    pt_error *err);

/* Same, on a chosen number of threads: 0 = automatic (one per online CPU,
 * at most TFIDF_MAX_THREADS, one for less than TFIDF_PAR_MIN_BYTES of
 * text), which bags_build and bags_build_rows use.  tok is used on the
 * calling thread and cloned (tok_clone) for the others.  The result -- raw
 * ids, their order, bags, counts, n_replaced, and on error the message of
 * the first failing document -- is the same for any number of threads. */
int bags_build_par(bag_set *b, tokenizer *tok, const pt_corpus *c, const size_t *rows, size_t n_rows,
                   unsigned threads, pt_error *err);
void bags_free(bag_set *b);

#define TFIDF_MAX_THREADS PAR_MAX_THREADS     /* parallel.h */
#define TFIDF_PAR_MIN_BYTES PAR_MIN_BYTES

/* Opens a tokenizer with cfg, builds the bags of rows[0..n_rows) of c (all
 * when rows is NULL) and closes it.  Returns 0 or -1 with err. */
int bags_tokenize(bag_set *b, const tok_config *cfg, const pt_corpus *c, const size_t *rows, size_t n_rows,
                  pt_error *err);

typedef struct {
    size_t min_df;        /* keep terms found in at least this many documents */
    double max_df;        /* drop terms found in more than this share of documents */
    size_t max_features;  /* keep only the most frequent terms (by df); 0 = all */
    bool sublinear_tf;    /* weight tf as 1 + ln(tf) */
} tfidf_config;

/* The defaults: min_df 1, max_df 1.0, max_features 0, sublinear_tf true. */
void tfidf_config_default(tfidf_config *cfg);

typedef struct {
    tfidf_config cfg;
    vocab *terms;        /* kept terms; id = column */
    uint32_t *df;        /* document frequency by column */
    gsl_vector *idf;     /* idf by column */
    size_t n_docs;       /* documents the model was fitted on */
} tfidf_model;

/* Fits m on the bags listed in rows[0..n_rows) (all bags when rows is NULL).
 * Returns 0, or -1 with err set (PT_ERR_DATA when pruning leaves no term). */
int tfidf_fit(tfidf_model *m, const tfidf_config *cfg, const bag_set *b,
              const size_t *rows, size_t n_rows, pt_error *err);

/* Builds a model from stored parts (a bundle's vocab.tsv): takes ownership
 * of terms, df and idf. */
void tfidf_from_parts(tfidf_model *m, const tfidf_config *cfg, vocab *terms,
                      uint32_t *df, gsl_vector *idf, size_t n_docs);

/* Returns the CSR matrix (n_rows × vocabulary size) of the listed bags (all
 * when rows is NULL), or NULL with err set.  The caller frees it with
 * gsl_spmatrix_free.  A row may be all zero when no term is known. */
gsl_spmatrix *tfidf_transform(const tfidf_model *m, const bag_set *b,
                              const size_t *rows, size_t n_rows, pt_error *err);

/* tfidf_fit on every bag of b, then tfidf_transform of every bag: the same
 * model and matrix as those two calls give, in less time and memory.  The
 * bags are consumed: their arrays become the matrix's, their raw vocabulary
 * the model's, and b is freed (empty) on return, whatever the outcome.
 * Returns the matrix, or NULL with err set (m is then empty). */
gsl_spmatrix *tfidf_fit_transform(tfidf_model *m, const tfidf_config *cfg, bag_set *b, pt_error *err);

void tfidf_free(tfidf_model *m);

#endif
