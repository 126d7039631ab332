/*
 * bundle.c — saving and loading the model bundle (layout in bundle.h).
 */
#include "bundle.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fsio.h"
#include "base/path.h"
#include "base/sha256.h"
#include "base/strbuf.h"
#include "base/version.h"
#include "base/xalloc.h"
#include "models/svmcheck.h"

#define MAX_BUNDLE_FILE (512u << 20)


static char *model_file_name(const char *theme)
{
    size_t n = strlen(theme) + 16;
    char *p = xmalloc(n);
    snprintf(p, n, "theme-%s.model", theme);
    return p;
}

static int file_sha256(const char *path, char hex[65], pt_error *err)
{
    char *data;
    size_t len;
    if (fsio_read_all(path, MAX_BUNDLE_FILE, &data, &len, err) != 0)
        return -1;
    sha256_hex(data, len, hex);
    free(data);
    return 0;
}

/* ---- saving ------------------------------------------------------------------- */

static int write_in(const char *dir, const char *name, const strbuf *sb, json_t *files, pt_error *err)
{
    char *path = path_join(dir, name);
    int rc = fsio_write_atomic(path, sb->data ? sb->data : "", sb->len, err);
    free(path);
    if (rc == 0) {
        char hex[65];
        sha256_hex(sb->data ? sb->data : "", sb->len, hex);
        json_object_set_new(files, name, json_string(hex));
    }
    return rc;
}

void bundle_sources_set(bundle_sources *src, char *const *paths, size_t n, const char *store)
{
    bundle_sources_free(src);
    src->known = true;
    src->corpora = xcalloc(n + 1, sizeof *src->corpora);
    for (size_t k = 0; k < n; k++)
        src->corpora[k] = xstrdup(paths[k]);
    src->n_corpora = n;
    src->store = store ? xstrdup(store) : NULL;
}

void bundle_sources_free(bundle_sources *src)
{
    for (size_t k = 0; k < src->n_corpora; k++)
        free(src->corpora[k]);
    free(src->corpora);
    free(src->store);
    memset(src, 0, sizeof *src);
}

static json_t *per_theme_json(const bundle_selection *s, const pt_taxonomy *tax)
{
    json_t *o = json_object();
    for (size_t t = 0; t < s->n_themes && t < tax->n; t++)
        json_object_set_new(o, tax->names[t], json_pack("{s:f, s:i}", "f1", s->f1[t], "support",
                                                        (json_int_t)s->support[t]));
    return o;
}

static json_t *sources_json(const bundle_sources *src)
{
    if (!src->known)
        return json_null();
    json_t *paths = json_array();
    for (size_t k = 0; k < src->n_corpora; k++)
        json_array_append_new(paths, json_string(src->corpora[k]));
    return json_pack("{s:o, s:o}", "corpora", paths, "store", src->store ? json_string(src->store) : json_null());
}

static json_t *selection_json(const bundle_selection *s, const pt_taxonomy *tax)
{
    if (s->folds == 0)
        return json_pack("{s:s}", "method", "none");
    json_t *grid = json_array();
    for (size_t k = 0; k < s->n_grid; k++)
        json_array_append_new(grid, json_pack("{s:f, s:f, s:f, s:f}", "C", s->grid[k].C, "gamma", s->grid[k].gamma,
                                              "macro_f1", s->grid[k].macro_f1, "accuracy", s->grid[k].accuracy));
    return json_pack("{s:s, s:i, s:b, s:f, s:f, s:o, s:o}", "method", s->n_grid ? "grid" : "cross-validation",
                     "folds", (json_int_t)s->folds, "threshold_by_cv", s->threshold_by_cv, "cv_macro_f1",
                     s->macro_f1, "cv_accuracy", s->accuracy, "grid", grid, "per_theme", per_theme_json(s, tax));
}

static const char *file_source(bool shipped)
{
    return shipped ? "shipped" : "given";
}

/* The settings the formulae and tifa-weight work added (issue 20), set on
 * the manifest's tokenizer and tfidf blocks.  A bundle written before them
 * lacks the keys and loads with formulae off, spelling unfolded, weight 1. */
static json_t *add_feature_settings(json_t *man, const pt_bundle *b)
{
    json_t *tok = man ? json_object_get(man, "tokenizer") : NULL;
    json_t *tf = man ? json_object_get(man, "tfidf") : NULL;
    if (tok == NULL || tf == NULL)
        return man;
    bool form = b->tok.formulae_path && b->tok.formulae_path[0];
    json_object_set_new(tok, "formulae", form ? json_string("formulae.tsv") : json_null());
    json_object_set_new(tok, "fold_spelling", json_boolean(b->tok.fold_spelling));
    json_object_set_new(tok, "tifa_themes", json_boolean(b->tok.tifa_themes));
    json_object_set_new(tf, "tifa_weight", json_real(b->tifa_weight));
    /* Where the files came from (absent in older bundles: read as "given"). */
    bool lex = b->tok.lexicon_path && b->tok.lexicon_path[0];
    json_object_set_new(tok, "lexicon_source", lex ? json_string(file_source(b->lexicon_shipped)) : json_null());
    json_object_set_new(tok, "formulae_source", form ? json_string(file_source(b->formulae_shipped)) : json_null());
    json_object_set_new(man, "themes_source", json_string(file_source(b->themes_shipped)));
    return man;
}

/* A manifest's *_source value: true for "shipped"; absent or null is
 * "given" (false).  Returns 0, or -1 with err for any other value. */
static int read_source(json_t *v, const char *key, const char *where, bool *shipped, pt_error *err)
{
    *shipped = false;
    if (v == NULL || json_is_null(v))
        return 0;
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    if (strcmp(s, "shipped") != 0 && strcmp(s, "given") != 0)
        return pt_fail(err, PT_ERR_DATA, "%s: %s must be \"shipped\", \"given\" or null", where, key);
    *shipped = strcmp(s, "shipped") == 0;
    return 0;
}

static json_t *manifest_json(const pt_bundle *b, json_t *files)
{
    json_t *themes = json_array();
    for (size_t t = 0; t < b->tax.n; t++)
        json_array_append_new(themes, json_string(b->tax.names[t]));
    const tfidf_config *tc = &b->tfidf.cfg;
    return json_pack(
        "{s:s, s:i, s:s, s:o,"
        " s:{s:s, s:i, s:b, s:o},"
        " s:{s:i, s:f, s:i, s:b, s:b, s:s, s:i},"
        " s:{s:s, s:s, s:s, s:f, s:f, s:i, s:b, s:b, s:f},"
        " s:{s:i, s:s, s:o},"
        " s:o, s:o}",
        "format", BUNDLE_FORMAT, "format_version", BUNDLE_FORMAT_VERSION,
        "politrend_version", PT_VERSION, "themes", themes,
        "tokenizer", "segmenter", tok_segmenter_name(b->tok.segmenter), "ngram_max", b->tok.ngram_max,
        "stem", b->tok.stem, "lexicon",
        (b->tok.lexicon_path && b->tok.lexicon_path[0]) ? json_string("lexicon.tsv") : json_null(),
        "tfidf", "min_df", (json_int_t)tc->min_df, "max_df", tc->max_df, "max_features",
        (json_int_t)tc->max_features, "sublinear_tf", tc->sublinear_tf, "smooth_idf", 1, "norm", "l2",
        "vocabulary_size", (json_int_t)vocab_size(b->tfidf.terms),
        "training", "svm_type", "c-svc", "kernel", svmx_kernel_name(b->params.kernel), "solver",
        svmx_solver_name(b->params.solver), "C", b->params.C,
        "gamma", b->params.gamma, "seed", (json_int_t)b->params.seed, "class_weights",
        b->params.class_weights, "probability", 1, "threshold", b->threshold,
        "corpus", "documents", (json_int_t)b->n_docs, "data_sha256", b->data_hash, "sources",
        sources_json(&b->sources), "files", files, "selection", selection_json(&b->selection, &b->tax));
}

static int save_into(pt_bundle *b, const char *tmp, pt_error *err)
{
    json_t *files = json_object();
    strbuf sb = {0};
    int rc = 0;

    sb_puts(&sb, "# the taxonomy this model was trained with: name<TAB>description\n");
    for (size_t t = 0; t < b->tax.n; t++)
        sb_printf(&sb, "%s\t%s\n", b->tax.names[t], b->tax.descriptions[t]);
    rc = write_in(tmp, "themes.tsv", &sb, files, err);
    sb_free(&sb);

    if (rc == 0 && b->tok.lexicon_path && b->tok.lexicon_path[0]) {
        char *lex;
        size_t len;
        rc = fsio_read_all(b->tok.lexicon_path, MAX_BUNDLE_FILE, &lex, &len, err);
        if (rc == 0) {
            strbuf copy = {.data = lex, .len = len, .cap = len + 1};
            rc = write_in(tmp, "lexicon.tsv", &copy, files, err);
            sb_free(&copy);
        }
    }

    if (rc == 0 && b->tok.formulae_path && b->tok.formulae_path[0]) {
        char *form;
        size_t len;
        rc = fsio_read_all(b->tok.formulae_path, MAX_BUNDLE_FILE, &form, &len, err);
        if (rc == 0) {
            strbuf copy = {.data = form, .len = len, .cap = len + 1};
            rc = write_in(tmp, "formulae.tsv", &copy, files, err);
            sb_free(&copy);
        }
    }

    if (rc == 0) {
        const tfidf_model *m = &b->tfidf;
        for (uint32_t k = 0; k < vocab_size(m->terms); k++)
            sb_printf(&sb, "%s\t%u\t%.17g\n", vocab_term(m->terms, k), m->df[k], gsl_vector_get(m->idf, k));
        rc = write_in(tmp, "vocab.tsv", &sb, files, err);
        sb_free(&sb);
    }

    for (size_t t = 0; rc == 0 && t < b->tax.n; t++) {
        char *name = model_file_name(b->tax.names[t]);
        char *path = path_join(tmp, name);
        char hex[65];
        if (svm_save_model(path, b->svm.models[t]) != 0)
            rc = pt_fail(err, PT_ERR_IO, "%s: libsvm could not write the model", path);
        else if (fsio_fsync_path(path, err) != 0 || file_sha256(path, hex, err) != 0)
            rc = -1;
        else
            json_object_set_new(files, name, json_string(hex));
        free(path);
        free(name);
    }

    if (rc == 0) {
        json_t *manifest = add_feature_settings(manifest_json(b, files), b);
        files = NULL; /* owned by manifest now (json_pack frees it on failure) */
        char *text = manifest ? json_dumps(manifest, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(17)) : NULL;
        json_decref(manifest);
        if (text == NULL)
            return pt_fail(err, PT_ERR_INTERNAL, "%s: cannot encode the manifest (a setting is not a finite number)",
                           tmp);
        strbuf m = {0};
        sb_puts(&m, text);
        sb_puts(&m, "\n");
        free(text);
        char *path = path_join(tmp, "manifest.json");
        rc = fsio_write_atomic(path, m.data, m.len, err);
        if (rc == 0)
            sha256_hex(m.data, m.len, b->checksum);
        free(path);
        sb_free(&m);
    }
    json_decref(files);
    return rc;
}

/* The names a bundle's files have (bundle.h): only these are ever removed
 * from a directory that held a bundle. */
static int bundle_file_name(const char *name, void *ctx)
{
    (void)ctx;
    size_t n = strlen(name);
    return strcmp(name, "manifest.json") == 0 || strcmp(name, "themes.tsv") == 0 ||
           strcmp(name, "lexicon.tsv") == 0 || strcmp(name, "vocab.tsv") == 0 || strcmp(name, "formulae.tsv") == 0 ||
           (n > 12 && strncmp(name, "theme-", 6) == 0 && strcmp(name + n - 6, ".model") == 0 &&
            strchr(name, '/') == NULL);
}

/* 1 when dir/manifest.json is a regular file naming the bundle format. */
static int has_bundle_manifest(const char *dir)
{
    char *path = path_join(dir, "manifest.json");
    struct stat st;
    int ours = 0;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= (1 << 20)) {
        json_t *man = json_load_file(path, 0, NULL);
        json_t *format = json_object_get(man, "format");
        ours = json_is_string(format) && strcmp(json_string_value(format), BUNDLE_FORMAT) == 0;
        json_decref(man);
    }
    free(path);
    return ours;
}

int bundle_check_target(const char *dir, char **resolved, pt_error *err)
{
    *resolved = NULL;
    struct stat st;
    if (lstat(dir, &st) != 0) {
        if (errno != ENOENT)
            return pt_fail(err, PT_ERR_CANTCREAT, "%s: %s", dir, strerror(errno));
        *resolved = xstrdup(dir);
        return 0;
    }
    char *real = NULL;
    if (S_ISLNK(st.st_mode)) {
        /* Replace what the link points to, keeping the link: swapping the
         * link itself would leave its target to be emptied as "the old bundle". */
        real = realpath(dir, NULL);
        if (real == NULL || stat(real, &st) != 0) {
            free(real);
            return pt_fail(err, PT_ERR_CANTCREAT, "%s: a symlink to nothing usable: %s", dir, strerror(errno));
        }
    } else {
        real = xstrdup(dir);
    }
    if (!S_ISDIR(st.st_mode)) {
        free(real);
        return pt_fail(err, PT_ERR_CANTCREAT, "%s: exists and is not a directory, so not a politrend model bundle; "
                       "choose another --model", dir);
    }
    DIR *d = opendir(real);
    if (d == NULL) {
        int e = errno;
        free(real);
        return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot read the directory: %s", dir, strerror(e));
    }
    size_t entries = 0;
    char *stranger = NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        entries++;
        char *path = path_join(real, e->d_name);
        struct stat fst;
        if (stranger == NULL && (!bundle_file_name(e->d_name, NULL) || lstat(path, &fst) != 0 || !S_ISREG(fst.st_mode)))
            stranger = xstrdup(e->d_name);
        free(path);
    }
    closedir(d);
    int rc = 0;
    if (entries > 0 && !has_bundle_manifest(real))
        rc = pt_fail(err, PT_ERR_CANTCREAT, "%s: exists and is not a politrend model bundle (no manifest.json of one); "
                     "nothing in it was touched: choose another --model, or an empty or new directory", dir);
    else if (stranger != NULL)
        rc = pt_fail(err, PT_ERR_CANTCREAT, "%s: holds '%s', which is not part of a politrend model bundle; nothing "
                     "was touched: move it out, or choose another --model", dir, stranger);
    free(stranger);
    if (rc != 0) {
        free(real);
        return -1;
    }
    *resolved = real;
    return 0;
}

int bundle_save(pt_bundle *b, const char *dir, pt_error *err)
{
    char *target;
    if (bundle_check_target(dir, &target, err) != 0)
        return -1;
    char *parent = xstrdup(target);
    char *slash = strrchr(parent, '/');
    if (slash != NULL && slash != parent) {
        *slash = '\0';
        if (fsio_mkdirs(parent, err) != 0) {
            free(parent);
            free(target);
            return -1;
        }
    }
    /* What a killed save left: <target>.tmp-* directories of bundle files. */
    fsio_clean_stale_beside(target, FSIO_STALE_AGE, bundle_file_name, NULL);
    free(parent);
    char *tmp = fsio_temp_dir_for(target, err);
    if (tmp == NULL) {
        free(target);
        return -1;
    }
    int rc = save_into(b, tmp, err);
    if (rc == 0) {
        rc = fsio_swap_dir(tmp, target, err);
        if (rc == 1)
            fsio_remove_dir_if(tmp, bundle_file_name, NULL); /* the old bundle: its files, nothing else */
        rc = rc < 0 ? -1 : 0;
    } else {
        fsio_remove_dir(tmp);
    }
    free(tmp);
    free(target);
    return rc;
}

/* ---- loading ------------------------------------------------------------------ */

static int load_vocab(pt_bundle *b, const char *dir, size_t expect, const tfidf_config *cfg, size_t n_docs,
                      pt_error *err)
{
    char *path = path_join(dir, "vocab.tsv");
    char *data;
    size_t len;
    if (fsio_read_all(path, MAX_BUNDLE_FILE, &data, &len, err) != 0) {
        free(path);
        return -1;
    }
    /* Every term takes a line: a vocabulary_size beyond the file's line
     * count is refused before it sizes any allocation. */
    size_t lines = len > 0 && data[len - 1] != '\n';
    for (size_t k = 0; k < len; k++)
        lines += data[k] == '\n';
    if (expect > lines) {
        pt_fail(err, PT_ERR_DATA, "%s: %zu lines, but the manifest says %zu terms", path, lines, expect);
        free(data);
        free(path);
        return -1;
    }
    vocab *terms = vocab_new();
    uint32_t *df = xcalloc(expect ? expect : 1, sizeof *df);
    gsl_vector *idf = gsl_vector_alloc(expect ? expect : 1);
    size_t n = 0;
    long lineno = 0;
    int rc = 0;
    char *save = NULL;
    for (char *line = strtok_r(data, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        char *end1 = NULL, *end2 = NULL;
        unsigned long d = 0;
        double v = 0;
        if (t1 && t2) {
            errno = 0;
            d = strtoul(t1 + 1, &end1, 10);
            v = strtod(t2 + 1, &end2);
        }
        if (!t1 || !t2 || end1 != t2 || *end2 != '\0' || d == 0 || d > n_docs || !isfinite(v) || v < 1.0)
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: expected 'term<TAB>df<TAB>idf' with 1 <= df <= %zu and idf >= 1",
                         path, lineno, n_docs);
        else if (n >= expect)
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: more terms than the manifest's vocabulary_size %zu", path,
                         lineno, expect);
        else if (vocab_intern(terms, line, (size_t)(t1 - line)) != n)
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: term listed twice", path, lineno);
        else {
            df[n] = (uint32_t)d;
            gsl_vector_set(idf, n, v);
            n++;
        }
    }
    if (rc == 0 && n != expect)
        rc = pt_fail(err, PT_ERR_DATA, "%s: %zu terms, but the manifest says %zu", path, n, expect);
    free(data);
    free(path);
    if (rc != 0) {
        vocab_free(terms);
        free(df);
        gsl_vector_free(idf);
        return -1;
    }
    tfidf_from_parts(&b->tfidf, cfg, terms, df, idf, n_docs);
    return 0;
}

/* libsvm trusts its input; before handing it a model file we check that the
 * file is one politrend wrote for this vocabulary: a two-class C-SVC with
 * probability information and feature indices within the vocabulary. */
static int check_model(const struct svm_model *m, size_t n_terms, svmx_kernel kernel, const char *path,
                       pt_error *err)
{
    int want = kernel == SVMX_RBF ? RBF : LINEAR;
    if (m->param.kernel_type != want)
        return pt_fail(err, PT_ERR_DATA, "%s: the model's kernel is not the manifest's training.kernel '%s': "
                       "the bundle is damaged or was altered", path, svmx_kernel_name(kernel));
    int labels[2] = {0, 0};
    if (svm_get_svm_type(m) != C_SVC || svm_get_nr_class(m) != 2)
        return pt_fail(err, PT_ERR_DATA, "%s: not a two-class C-SVC model", path);
    svm_get_labels(m, labels);
    if (!((labels[0] == 1 && labels[1] == -1) || (labels[0] == -1 && labels[1] == 1)))
        return pt_fail(err, PT_ERR_DATA, "%s: labels must be +1 and -1", path);
    if (svm_check_probability_model(m) == 0)
        return pt_fail(err, PT_ERR_DATA, "%s: the model has no probability information", path);
    for (int k = 0; k < m->l; k++)
        for (const struct svm_node *x = m->SV[k]; x->index != -1; x++)
            if (x->index < 1 || (size_t)x->index > n_terms)
                return pt_fail(err, PT_ERR_DATA, "%s: support vector %d uses feature %d outside the vocabulary (1..%zu)",
                               path, k + 1, x->index, n_terms);
    return 0;
}

static int verify_files(json_t *files, const char *dir, pt_error *err)
{
    const char *name;
    json_t *value;
    json_object_foreach(files, name, value) {
        /* A plain name of a regular file in dir: not "", ".", "..", a path,
         * a directory or a FIFO (reading one would block). */
        if (!json_is_string(value) || name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL)
            return pt_fail(err, PT_ERR_DATA, "%s/manifest.json: bad entry '%s' in files", dir, name);
        char *path = path_join(dir, name);
        char hex[65] = "";
        struct stat st;
        int rc = 0;
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
            rc = pt_fail(err, PT_ERR_DATA, "%s: not a regular file", path);
        else
            rc = file_sha256(path, hex, err);
        if (rc == 0 && strcmp(hex, json_string_value(value)) != 0)
            rc = pt_fail(err, PT_ERR_DATA, "%s: checksum mismatch: the bundle is damaged or was altered", path);
        free(path);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* The manifest's checksums must cover exactly the files the loader reads:
 * themes.tsv, vocab.tsv, the lexicon when the tokenizer names one, and one
 * model per theme of the manifest (dropping an entry would otherwise let
 * that file change unnoticed). */
static int check_file_list(json_t *man, json_t *files, const char *where, bool *has_lexicon, pt_error *err)
{
    json_t *lex = json_object_get(json_object_get(man, "tokenizer"), "lexicon");
    json_t *themes = json_object_get(man, "themes");
    if (!(json_is_null(lex) || (json_is_string(lex) && strcmp(json_string_value(lex), "lexicon.tsv") == 0)))
        return pt_fail(err, PT_ERR_DATA, "%s: tokenizer.lexicon must be \"lexicon.tsv\" or null", where);
    if (!json_is_array(themes) || json_array_size(themes) < 1 || json_array_size(themes) > PT_MAX_THEMES)
        return pt_fail(err, PT_ERR_DATA, "%s: themes must be an array of 1 to %d theme names", where, PT_MAX_THEMES);
    json_t *form = json_object_get(json_object_get(man, "tokenizer"), "formulae"); /* absent in older bundles */
    if (!(form == NULL || json_is_null(form) ||
          (json_is_string(form) && strcmp(json_string_value(form), "formulae.tsv") == 0)))
        return pt_fail(err, PT_ERR_DATA, "%s: tokenizer.formulae must be \"formulae.tsv\" or null", where);
    bool has_formulae = json_is_string(form);
    *has_lexicon = json_is_string(lex);
    size_t expected = 2u + (*has_lexicon ? 1u : 0u) + (has_formulae ? 1u : 0u) + json_array_size(themes);
    const char *fixed[] = {"themes.tsv", "vocab.tsv", *has_lexicon ? "lexicon.tsv" : NULL,
                           has_formulae ? "formulae.tsv" : NULL};
    for (size_t k = 0; k < 4; k++)
        if (fixed[k] != NULL && json_object_get(files, fixed[k]) == NULL)
            return pt_fail(err, PT_ERR_DATA, "%s: files has no checksum for %s, which the bundle needs", where, fixed[k]);
    size_t k;
    json_t *name;
    json_array_foreach(themes, k, name) {
        if (!json_is_string(name))
            return pt_fail(err, PT_ERR_DATA, "%s: themes must be an array of theme names", where);
        char *file = model_file_name(json_string_value(name));
        int missing = json_object_get(files, file) == NULL;
        if (missing)
            pt_fail(err, PT_ERR_DATA, "%s: files has no checksum for %s, which the bundle needs", where, file);
        free(file);
        if (missing)
            return -1;
    }
    if (json_object_size(files) != expected)
        return pt_fail(err, PT_ERR_DATA, "%s: files lists %zu files, but the bundle has %zu", where,
                       json_object_size(files), expected);
    return 0;
}

/* The taxonomy in themes.tsv must be the manifest's themes, in order. */
static int check_themes(const pt_bundle *b, json_t *man, const char *dir, pt_error *err)
{
    json_t *themes = json_object_get(man, "themes");
    int same = json_array_size(themes) == b->tax.n;
    for (size_t t = 0; same && t < b->tax.n; t++)
        same = strcmp(json_string_value(json_array_get(themes, t)), b->tax.names[t]) == 0;
    if (!same)
        return pt_fail(err, PT_ERR_DATA, "%s/themes.tsv: its themes are not the manifest's: the bundle is damaged "
                       "or was altered", dir);
    return 0;
}

static int parse_manifest(pt_bundle *b, json_t *man, const char *where, size_t *vocab_n, tfidf_config *tc,
                          json_t **files, pt_error *err)
{
    const char *format = NULL, *seg = NULL, *kernel = NULL, *hash = NULL;
    json_int_t version = 0, ngram = 0, min_df = 0, max_feat = 0, vsize = 0, seed = 0, ndocs = 0;
    int stem = 0, sublinear = 0, weights = 0;
    double max_df = 0, C = 0, gamma = 0, threshold = 0;
    json_error_t jerr;
    if (json_unpack_ex(man, &jerr, 0, "{s:s, s:I}", "format", &format, "format_version", &version) != 0 ||
        strcmp(format, BUNDLE_FORMAT) != 0)
        return pt_fail(err, PT_ERR_DATA, "%s: not a politrend model bundle", where);
    if (version != BUNDLE_FORMAT_VERSION)
        return pt_fail(err, PT_ERR_DATA, "%s: bundle format version %lld, this politrend reads version %d; retrain",
                       where, (long long)version, BUNDLE_FORMAT_VERSION);
    if (json_unpack_ex(man, &jerr, 0,
                       "{s:{s:s, s:I, s:b}, s:{s:I, s:F, s:I, s:b, s:I},"
                       " s:{s:s, s:F, s:F, s:I, s:b, s:F}, s:{s:I, s:s}, s:o}",
                       "tokenizer", "segmenter", &seg, "ngram_max", &ngram, "stem", &stem,
                       "tfidf", "min_df", &min_df, "max_df", &max_df, "max_features", &max_feat,
                       "sublinear_tf", &sublinear, "vocabulary_size", &vsize,
                       "training", "kernel", &kernel, "C", &C, "gamma", &gamma, "seed", &seed,
                       "class_weights", &weights, "threshold", &threshold,
                       "corpus", "documents", &ndocs, "data_sha256", &hash, "files", files) != 0)
        return pt_fail(err, PT_ERR_DATA, "%s: %s", where, jerr.text);
    if (tok_segmenter_parse(seg, &b->tok.segmenter) != 0 || ngram < 1 || ngram > TOK_NGRAM_MAX ||
        svmx_kernel_parse(kernel, &b->params.kernel) != 0 || vsize < 1 || ndocs < 1 || min_df < 0 ||
        max_feat < 0 || !(threshold >= 0 && threshold <= 1) || strlen(hash) != 64 || !json_is_object(*files))
        return pt_fail(err, PT_ERR_DATA, "%s: a setting is out of range", where);
    b->tok.ngram_max = (int)ngram;
    b->tok.stem = stem;
    b->params.C = C;
    b->params.gamma = gamma;
    b->params.seed = (unsigned)seed;
    b->params.class_weights = weights;
    b->threshold = threshold;
    b->n_docs = (size_t)ndocs;
    /* Optional (see add_feature_settings): absent in older bundles. */
    json_t *fold = json_object_get(json_object_get(man, "tokenizer"), "fold_spelling");
    b->tok.fold_spelling = json_is_true(fold);
    b->tok.tifa_themes = json_is_true(json_object_get(json_object_get(man, "tokenizer"), "tifa_themes"));
    json_t *tw = json_object_get(json_object_get(man, "tfidf"), "tifa_weight");
    b->tifa_weight = json_is_number(tw) ? json_number_value(tw) : 1.0;
    if (fold != NULL && !json_is_boolean(fold))
        return pt_fail(err, PT_ERR_DATA, "%s: tokenizer.fold_spelling is not true or false", where);
    if (!(b->tifa_weight > 0 && b->tifa_weight <= 1000))
        return pt_fail(err, PT_ERR_DATA, "%s: tfidf.tifa_weight is out of range", where);
    memcpy(b->data_hash, hash, 65);
    tc->min_df = (size_t)min_df;
    tc->max_df = max_df;
    tc->max_features = (size_t)max_feat;
    tc->sublinear_tf = sublinear;
    *vocab_n = (size_t)vsize;
    return 0;
}

/* The optional parts of the manifest (older bundles lack them): the
 * solver, the training sources, whether the threshold was chosen by
 * cross-validation and the per-theme cross-validated F1.  Malformed parts
 * are errors; absent ones leave the fields empty. */
static int parse_optional(pt_bundle *b, json_t *man, const char *where, pt_error *err)
{
    /* Read back so that `run` can tell the settings a bundle was made with
     * from its own (the solver does not change how a model classifies). */
    json_t *solver = json_object_get(json_object_get(man, "training"), "solver");
    if (solver != NULL && (!json_is_string(solver) || svmx_solver_parse(json_string_value(solver), &b->params.solver) != 0))
        return pt_fail(err, PT_ERR_DATA, "%s: training.solver is not auto, libsvm or liblinear", where);
    json_t *by_cv = json_object_get(json_object_get(man, "selection"), "threshold_by_cv");
    if (by_cv != NULL && !json_is_boolean(by_cv))
        return pt_fail(err, PT_ERR_DATA, "%s: selection.threshold_by_cv is not true or false", where);
    b->selection.threshold_by_cv = json_is_true(by_cv);
    json_t *tok = json_object_get(man, "tokenizer");
    if (read_source(json_object_get(tok, "lexicon_source"), "tokenizer.lexicon_source", where, &b->lexicon_shipped,
                    err) != 0 ||
        read_source(json_object_get(tok, "formulae_source"), "tokenizer.formulae_source", where,
                    &b->formulae_shipped, err) != 0 ||
        read_source(json_object_get(man, "themes_source"), "themes_source", where, &b->themes_shipped, err) != 0)
        return -1;
    json_t *method = json_object_get(json_object_get(man, "selection"), "method");
    b->selection.by_grid = json_is_string(method) && strcmp(json_string_value(method), "grid") == 0;
    json_t *src = json_object_get(json_object_get(man, "corpus"), "sources");
    if (src != NULL && !json_is_null(src)) {
        json_t *paths = json_object_get(src, "corpora"), *store = json_object_get(src, "store");
        if (!json_is_array(paths) || (store != NULL && !json_is_null(store) && !json_is_string(store)))
            return pt_fail(err, PT_ERR_DATA, "%s: corpus.sources is malformed", where);
        size_t n = json_array_size(paths);
        char **list = xcalloc(n + 1, sizeof *list);
        for (size_t k = 0; k < n; k++) {
            if (!json_is_string(json_array_get(paths, k))) {
                free(list);
                return pt_fail(err, PT_ERR_DATA, "%s: corpus.sources.corpora holds a non-string", where);
            }
            list[k] = (char *)json_string_value(json_array_get(paths, k));
        }
        bundle_sources_set(&b->sources, list, n, json_is_string(store) ? json_string_value(store) : NULL);
        free(list);
    }
    json_t *per = json_object_get(json_object_get(man, "selection"), "per_theme");
    if (json_is_object(per) && json_object_size(per) > 0) {
        for (size_t t = 0; t < b->tax.n; t++) {
            json_t *e = json_object_get(per, b->tax.names[t]);
            double f1 = -1;
            json_int_t support = -1;
            if (e == NULL || json_unpack(e, "{s:F, s:I}", "f1", &f1, "support", &support) != 0 ||
                !(f1 >= 0 && f1 <= 1) || support < 0)
                return pt_fail(err, PT_ERR_DATA, "%s: selection.per_theme lacks a valid entry for '%s'", where,
                               b->tax.names[t]);
            b->selection.f1[t] = f1;
            b->selection.support[t] = (size_t)support;
        }
        b->selection.n_themes = b->tax.n;
        json_int_t folds = 0;
        if (json_unpack(json_object_get(man, "selection"), "{s:I}", "folds", &folds) != 0 || folds < 2 || folds > 1000)
            return pt_fail(err, PT_ERR_DATA, "%s: selection.per_theme without a valid selection.folds", where);
        b->selection.folds = (size_t)folds;
    }
    return 0;
}

static int load_models(pt_bundle *b, const char *dir, json_t *files, pt_error *err)
{
    b->svm.n_themes = b->tax.n;
    for (size_t t = 0; t < b->tax.n; t++) {
        char *name = model_file_name(b->tax.names[t]);
        char *path = path_join(dir, name);
        int rc = 0;
        if (json_object_get(files, name) == NULL)
            rc = pt_fail(err, PT_ERR_DATA, "%s/manifest.json: no checksum for %s", dir, name);
        else if (svmcheck_file(path, vocab_size(b->tfidf.terms), err) != 0)
            rc = -1; /* libsvm trusts its file: it must never see a damaged one */
        else if ((b->svm.models[t] = svm_load_model(path)) == NULL)
            rc = pt_fail(err, PT_ERR_DATA, "%s: libsvm cannot read this model", path);
        else
            rc = check_model(b->svm.models[t], vocab_size(b->tfidf.terms), b->params.kernel, path, err);
        free(path);
        free(name);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int bundle_load(pt_bundle *b, const char *dir, pt_error *err)
{
    memset(b, 0, sizeof *b);
    tok_config_default(&b->tok);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return pt_fail(err, PT_ERR_NOINPUT, "%s: no model bundle here (run 'politrend train' first)", dir);
    b->dir = xstrdup(dir);
    char *path = path_join(dir, "manifest.json");
    char *text;
    size_t len;
    if (fsio_read_all(path, 1u << 20, &text, &len, err) != 0) {
        free(path);
        bundle_free(b);
        return -1;
    }
    sha256_hex(text, len, b->checksum);
    json_error_t jerr;
    json_t *man = json_loadb(text, len, 0, &jerr);
    free(text);
    int rc = 0;
    json_t *files = NULL;
    size_t vocab_n = 0;
    tfidf_config tc;
    tfidf_config_default(&tc);
    if (man == NULL)
        rc = pt_fail(err, PT_ERR_DATA, "%s:%d: malformed JSON: %s", path, jerr.line, jerr.text);
    else
        rc = parse_manifest(b, man, path, &vocab_n, &tc, &files, err);
    bool has_lexicon = false;
    if (rc == 0)
        rc = verify_files(files, dir, err); /* each entry a plain name with its checksum, */
    if (rc == 0)
        rc = check_file_list(man, files, path, &has_lexicon, err); /* and the entries exactly the files read */
    if (rc == 0) {
        char *themes = path_join(dir, "themes.tsv");
        rc = taxonomy_load(&b->tax, themes, err);
        free(themes);
    }
    if (rc == 0)
        rc = check_themes(b, man, dir, err);
    if (rc == 0)
        rc = parse_optional(b, man, path, err);
    if (rc == 0 && has_lexicon) {
        b->lexicon_copy = path_join(dir, "lexicon.tsv");
        b->tok.lexicon_path = b->lexicon_copy;
    }
    if (rc == 0 && json_object_get(files, "formulae.tsv") != NULL) {
        b->formulae_copy = path_join(dir, "formulae.tsv");
        b->tok.formulae_path = b->formulae_copy;
    }
    if (rc == 0)
        rc = load_vocab(b, dir, vocab_n, &tc, b->n_docs, err);
    if (rc == 0)
        rc = load_models(b, dir, files, err);
    json_decref(man);
    free(path);
    if (rc != 0)
        bundle_free(b);
    return rc;
}

void bundle_free(pt_bundle *b)
{
    taxonomy_free(&b->tax);
    if (b->tfidf.terms)
        tfidf_free(&b->tfidf);
    svmx_free(&b->svm);
    free(b->dir);
    free(b->lexicon_copy);
    free(b->formulae_copy);
    free(b->selection.grid);
    bundle_sources_free(&b->sources);
    memset(b, 0, sizeof *b);
}
