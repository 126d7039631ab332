/*
 * train_settings.h — whether a bundle was trained the way a command would
 * train it now: the taxonomy, the tokeniser (segmenter, n-grams, stemming,
 * lexicon, formulae, spelling, lexicon theme tokens), TF-IDF (document
 * frequency bounds, features, sublinear tf, tifa weight) and training
 * (kernel, solver, C, gamma, class weights, seed, threshold, folds), read
 * from the bundle's manifest and files.  `run` refuses a bundle that differs
 * rather than reusing a model it did not ask for or replacing one made on
 * purpose; this says what differs, and the options that would match it.
 * Settings that do not change the model (--jobs, --lenient) are not compared.
 * A shipped file that changed with an upgrade is told apart from one the
 * user gave (the manifest records which it was), so `run` can retrain.
 */
#ifndef PT_TRAIN_SETTINGS_H
#define PT_TRAIN_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "models/bundle.h"
#include "models/train.h"

/* How a command would train: its configuration (options over the
 * defaults), whether it chooses the threshold by cross-validation (no
 * --threshold) and with how many folds, the taxonomy, and the number of
 * readouts (which the solver may depend on). */
typedef struct {
    const train_config *cfg;
    bool threshold_by_cv;
    size_t folds;
    const pt_taxonomy *tax;
    size_t n_docs;
    bool grid;                /* C (and gamma) chosen by a grid search */
    /* The lexicon, formulae and taxonomy are politrend's shipped files, not
     * ones the user gave (an option or politrend.conf). */
    bool lexicon_shipped, formulae_shipped, themes_shipped;
} train_recipe;

/* Compares b with r.  Appends to what each difference as "SETTING BUNDLE'S
 * VALUE (this run: R'S VALUE)", comma-separated, and to options the options
 * that would make r match b ("-C 4 --seed 7, and without --threshold").  A
 * lexicon, formulae or taxonomy that differs but was the shipped file both
 * for b and for r (politrend was upgraded since b was trained) is not a
 * difference: its name ("lexicon", "formulae", "taxonomy") is appended to
 * shipped instead, " and "-separated, so that the caller can retrain.
 * Returns the number of differences (0: b was trained as r would train,
 * apart from shipped files), or -1 with err when r's lexicon or formulae
 * file cannot be read. */
int train_settings_diff(const pt_bundle *b, const train_recipe *r, strbuf *what, strbuf *options, strbuf *shipped,
                        pt_error *err);

#endif
