/*
 * tifa_weight.h — how much the lexicon's set phrases weigh against the other
 * terms of a readout.
 *
 * A set phrase ("holistic approach to national security", 铸牢中华民族共同体
 * 意识) is one token among a hundred character bigrams or word n-grams, and
 * TF-IDF gives it no more weight than any of them, though an analyst reads it
 * as the strongest sign of a theme.  The factor w multiplies the idf of every
 * "tifa:" term after the fit; rows are then L2-normalised again.  Because the
 * factor lives in the idf, the bundle's vocab.tsv carries it and
 * tfidf_transform applies it to new readouts with no further step; the
 * manifest records w for people to read.  w = 1 leaves the model as it was.
 */
#ifndef PT_TIFA_WEIGHT_H
#define PT_TIFA_WEIGHT_H

#include "features/tfidf.h"

#define TIFA_TOKEN_PREFIX "tifa:"

/* Multiplies the idf of m's tifa: terms by w and the matching entries of X
 * (the CSR matrix tfidf_fit_transform returned with m), then L2-normalises
 * X's rows again.  Does nothing when w == 1.  Can't fail. */
void tifaw_apply(tfidf_model *m, gsl_spmatrix *X, double w);

#endif
