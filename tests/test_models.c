/*
 * test_models.c — libsvm training on TF-IDF rows, a trained model
 * separating two clearly different themes, the bundle round trip, and a
 * damaged bundle refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/assert_close.h"
#include "tests/fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus/fsio.h"
#include "models/train.h"

static pt_taxonomy tax;

static int setup(void **state)
{
    (void)state;
    return fixture_taxonomy(&tax);
}

static int teardown(void **state)
{
    (void)state;
    taxonomy_free(&tax);
    return 0;
}

/* A CSR matrix from dense rows. */
static gsl_spmatrix *csr_from(const double *dense, size_t rows, size_t cols)
{
    gsl_spmatrix *coo = gsl_spmatrix_alloc(rows, cols);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            if (dense[r * cols + c] != 0.0)
                gsl_spmatrix_set(coo, r, c, dense[r * cols + c]);
    gsl_spmatrix *csr = gsl_spmatrix_compress(coo, GSL_SPMATRIX_CSR);
    gsl_spmatrix_free(coo);
    return csr;
}

static void test_svm_separates_two_themes(void **state)
{
    (void)state;
    enum { N = 24, F = 4 };
    double dense[N * F];
    unsigned char y[N * 2];
    /* Theme 0 readouts use features 0 and 1, theme 1 readouts features 2 and 3. */
    for (int r = 0; r < N; r++) {
        int theme = r % 2;
        double jitter = 0.05 * (r % 5);
        dense[r * F + 0] = theme == 0 ? 0.8 - jitter : 0.1;
        dense[r * F + 1] = theme == 0 ? 0.6 + jitter : 0.0;
        dense[r * F + 2] = theme == 1 ? 0.7 + jitter : 0.0;
        dense[r * F + 3] = theme == 1 ? 0.7 - jitter : 0.1;
        y[r * 2 + 0] = theme == 0;
        y[r * 2 + 1] = theme == 1;
    }
    gsl_spmatrix *X = csr_from(dense, N, F);
    svmx_params p;
    svmx_params_default(&p);
    svmx_set s;
    pt_error err = {0};
    const char *names[] = {"economy", "defense"};
    assert_int_equal(svmx_train(&s, X, y, 2, names, &p, &err), 0);

    const double probe[2 * F] = {0.9, 0.5, 0.0, 0.0, /* clearly theme 0 */
                                 0.0, 0.0, 0.8, 0.6}; /* clearly theme 1 */
    gsl_spmatrix *P = csr_from(probe, 2, F);
    double probs[2];
    svmx_predict(&s, P, 0, probs);
    assert_true(probs[0] > 0.8);
    assert_true(probs[1] < 0.2);
    svmx_predict(&s, P, 1, probs);
    assert_true(probs[0] < 0.2);
    assert_true(probs[1] > 0.8);
    gsl_spmatrix_free(P);
    svmx_free(&s);
    gsl_spmatrix_free(X);
}

static void test_theme_without_examples_is_an_error(void **state)
{
    (void)state;
    const double dense[4] = {1, 0, 0, 1};
    unsigned char y[4] = {1, 0, 0, 0}; /* theme 1 never occurs */
    gsl_spmatrix *X = csr_from(dense, 2, 2);
    svmx_params p;
    svmx_params_default(&p);
    svmx_set s;
    pt_error err = {0};
    const char *names[] = {"economy", "frontier"};
    assert_int_equal(svmx_train(&s, X, y, 2, names, &p, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    assert_string_equal(err.msg, "theme 'frontier' has none of the 2 training readouts; a classifier needs "
                                 "examples with and without it");
    gsl_spmatrix_free(X);
}

static void test_bundle_round_trip_and_damage(void **state)
{
    (void)state;
    pt_corpus c;
    fixture_small_corpus(&c, &tax);
    train_config cfg;
    train_config_default(&cfg);
    cfg.tok.lexicon_path = NULL;
    pt_bundle b;
    pt_error err = {0};
    if (train_bundle(&b, &c, &tax, &cfg, &err) != 0)
        fail_msg("%s", err.msg);
    double *before = calloc(c.n * tax.n, sizeof *before);
    assert_int_equal(predict_corpus(&b, &c, before, &err), 0);
    /* A model that cannot fit its own training data is broken. */
    size_t right = 0;
    for (size_t d = 0; d < c.n; d++)
        right += predict_primary(before + d * tax.n, tax.n, 0.0) == c.docs[d].themes[0];
    assert_true(right >= 16);

    char dir[] = "/tmp/pt-bundle-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char model[64];
    snprintf(model, sizeof model, "%s/model", dir);
    if (bundle_save(&b, model, &err) != 0)
        fail_msg("%s", err.msg);

    pt_bundle loaded;
    if (bundle_load(&loaded, model, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(loaded.tax.n, tax.n);
    assert_int_equal(loaded.n_docs, c.n);
    assert_int_equal(vocab_size(loaded.tfidf.terms), vocab_size(b.tfidf.terms));
    assert_string_equal(loaded.data_hash, b.data_hash);
    double *after = calloc(c.n * tax.n, sizeof *after);
    assert_int_equal(predict_corpus(&loaded, &c, after, &err), 0);
    for (size_t k = 0; k < c.n * tax.n; k++)
        assert_close(before[k], after[k], 1e-6); /* libsvm stores support vectors with 8 digits */
    bundle_free(&loaded);

    /* Saving again over the same directory replaces it whole. */
    assert_int_equal(bundle_save(&b, model, &err), 0);

    /* One changed byte in vocab.tsv: refused, naming the file. */
    char vocab_path[96];
    snprintf(vocab_path, sizeof vocab_path, "%s/vocab.tsv", model);
    FILE *f = fopen(vocab_path, "r+b");
    fseek(f, 3, SEEK_SET);
    fputc('#', f);
    fclose(f);
    assert_int_equal(bundle_load(&loaded, model, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    char want[160];
    snprintf(want, sizeof want, "%s: checksum mismatch: the bundle is damaged or was altered", vocab_path);
    assert_string_equal(err.msg, want);

    /* No bundle at all. */
    assert_int_equal(bundle_load(&loaded, "/nonexistent/model", &err), -1);
    assert_int_equal(err.status, PT_ERR_NOINPUT);

    fsio_remove_dir(model);
    rmdir(dir);
    free(before);
    free(after);
    bundle_free(&b);
    corpus_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svm_separates_two_themes),
        cmocka_unit_test(test_theme_without_examples_is_an_error),
        cmocka_unit_test(test_bundle_round_trip_and_damage),
    };
    return cmocka_run_group_tests_name("models", tests, setup, teardown);
}
