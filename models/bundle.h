/*
 * bundle.h — the model bundle: everything `classify` needs to reproduce the
 * features and decisions of `train`, in one directory.
 *
 *   manifest.json          format name and version, politrend version, themes,
 *                          tokeniser and TF-IDF settings, training parameters,
 *                          corpus size, hash and sources, whether the
 *                          lexicon, formulae and taxonomy were the shipped
 *                          ones (tokenizer.lexicon_source, ...), per-theme
 *                          cross-validated F1, SHA-256 of every other file
 *   themes.tsv             the taxonomy the model was trained with
 *   lexicon.tsv            the tifa lexicon used by the tokeniser (if any)
 *   formulae.tsv           the readout formulae cut before tokenising (if any)
 *   vocab.tsv              term <TAB> document frequency <TAB> idf, one a line
 *   theme-<name>.model     one libsvm model per theme, libsvm's own format
 *                          (svm-predict from libsvm-tools reads it)
 *
 * Saving writes a new directory and swaps it in atomically.  Loading checks
 * the format version and every checksum before any file is parsed (the
 * manifest's files must be exactly the files the loader reads), then that
 * the manifest's themes and kernel are those of themes.tsv and the model
 * files, so a damaged or altered bundle is refused with a clear error.  manifest.json
 * has sorted keys and no timestamp: the same training gives the same bytes.
 */
#ifndef PT_BUNDLE_H
#define PT_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "corpus/taxonomy.h"
#include "features/tfidf.h"
#include "features/tokenize.h"
#include "models/svmx.h"

#define BUNDLE_FORMAT "politrend-model"
#define BUNDLE_FORMAT_VERSION 1

/* One point of a parameter search with its cross-validated scores. */
typedef struct {
    double C, gamma, macro_f1, accuracy;
} bundle_cv_point;

/* How the parameters and the threshold were chosen (recorded in the
 * manifest under "selection"; not needed to classify: only the folds and
 * the per-theme figures are reloaded, for the reports). */
typedef struct {
    size_t folds;            /* 0: no cross-validation was run */
    bool threshold_by_cv;    /* the threshold maximised cross-validated macro F1 */
    bool by_grid;            /* C (and gamma) chosen by --grid (set on load, from "method") */
    double macro_f1;         /* cross-validated, final parameters and threshold */
    double accuracy;
    bundle_cv_point *grid;   /* the points tried by --grid (owned), or NULL */
    size_t n_grid;
    /* Per theme (taxonomy order), cross-validated F1 of the primary theme
     * and its support (readouts whose primary theme it is); n_themes 0 when
     * no cross-validation was run.  Reloaded, so reports can show them. */
    size_t n_themes;
    double f1[PT_MAX_THEMES];
    size_t support[PT_MAX_THEMES];
} bundle_selection;

/* What the bundle was trained on, as the command named it: the corpus
 * paths and the store whose labelled readouts joined them (NULL: none).
 * `run` compares it with what it would train on before retraining. */
typedef struct {
    bool known;              /* recorded (bundles of older versions lack it) */
    char **corpora;          /* owned */
    size_t n_corpora;
    char *store;             /* owned, or NULL */
} bundle_sources;

/* Sets src to copies of paths[0..n) and store (which may be NULL). */
void bundle_sources_set(bundle_sources *src, char *const *paths, size_t n, const char *store);
void bundle_sources_free(bundle_sources *src);

typedef struct {
    pt_taxonomy tax;
    tok_config tok;         /* tok.lexicon_path points into the bundle when loaded */
    tfidf_model tfidf;
    svmx_set svm;
    svmx_params params;
    double threshold;       /* probability under which no primary theme is given */
    double tifa_weight;     /* factor on the idf of tifa: terms, already in vocab.tsv */
    size_t n_docs;          /* training readouts */
    char data_hash[65];     /* SHA-256 of the training data (see bundle_data_hash) */
    char checksum[65];      /* SHA-256 of manifest.json, set by save and load */
    char *dir;              /* where it was loaded from (owned), or NULL */
    char *lexicon_copy;     /* owned path storage for tok.lexicon_path */
    char *formulae_copy;    /* owned path storage for tok.formulae_path */
    bundle_selection selection;
    bundle_sources sources;
    /* Whether the lexicon, the formulae and the taxonomy were politrend's
     * shipped files (true) or files the user gave (false, also when the
     * manifest does not say: the safe side).  Set by the command before
     * saving; `run` retrains, rather than refuses, a bundle whose only
     * differences are shipped files that changed with an upgrade. */
    bool lexicon_shipped, formulae_shipped, themes_shipped;
} pt_bundle;

/* Checks that dir may receive a bundle: it does not exist, is an empty
 * directory, or is a politrend bundle (manifest.json of the bundle format)
 * holding only bundle files.  A symlink is followed to its directory, which
 * is checked instead.  Sets *resolved (caller frees) to the directory to
 * write.  Returns 0, or -1 with err (PT_ERR_CANTCREAT) naming what is in
 * the way: nothing that is not a bundle is ever replaced or removed. */
int bundle_check_target(const char *dir, char **resolved, pt_error *err);

/* Writes b to dir (created or replaced atomically, after bundle_check_target;
 * of the old bundle only its files are removed).  Returns 0 or -1 with err
 * (PT_ERR_CANTCREAT / PT_ERR_IO). */
int bundle_save(pt_bundle *b, const char *dir, pt_error *err);

/* Loads the bundle in dir into b (zeroed first).  Returns 0, or -1 with err:
 * PT_ERR_NOINPUT when dir or a file is missing, PT_ERR_DATA when the format,
 * a checksum or a file's content is wrong. */
int bundle_load(pt_bundle *b, const char *dir, pt_error *err);

void bundle_free(pt_bundle *b);

#endif
