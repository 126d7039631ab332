/*
 * test_tfidf.c — TF-IDF weights against values computed by hand, pruning,
 * and the vocabulary's interning.
 *
 * The two-document corpus used throughout:
 *   d0 = {a: 2, b: 1}     d1 = {b: 1, c: 1}      n = 2
 *   df: a 1, b 2, c 1
 *   idf(a) = idf(c) = ln(3/2) + 1 = 1.4054651081
 *   idf(b)          = ln(3/3) + 1 = 1
 * d0 with raw tf: (2 * 1.40547, 1) / |.| = (0.9421556247, 0.3351757433)
 * d0 with sublinear tf 1 + ln 2 = 1.693147: (0.9219069698, 0.3874113305)
 * d1: (b, c) = (1, 1.40547) / |.| = (0.5797386715, 0.8148024747)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/assert_close.h"
#include <stdio.h>
#include <string.h>

#include "features/tfidf.h"
#include "features/vocab.h"

static void make_bags(bag_set *b)
{
    memset(b, 0, sizeof *b);
    b->raw = vocab_new();
    uint32_t a = vocab_intern(b->raw, "a", 1), bb = vocab_intern(b->raw, "b", 1), c = vocab_intern(b->raw, "c", 1);
    static size_t offsets[3] = {0, 2, 4};
    static uint32_t ids[4], counts[4] = {2, 1, 1, 1};
    ids[0] = a; ids[1] = bb; ids[2] = bb; ids[3] = c;
    b->n_docs = 2;
    b->offsets = offsets;
    b->ids = ids;
    b->counts = counts;
}

static void free_bags(bag_set *b)
{
    vocab_free(b->raw); /* the arrays are static */
}

static double cell(const gsl_spmatrix *X, size_t r, size_t c)
{
    return gsl_spmatrix_get(X, r, c);
}

static void test_idf_and_weights_raw_tf(void **state)
{
    (void)state;
    bag_set b;
    make_bags(&b);
    tfidf_config cfg;
    tfidf_config_default(&cfg);
    cfg.sublinear_tf = false;
    tfidf_model m;
    pt_error err = {0};
    assert_int_equal(tfidf_fit(&m, &cfg, &b, NULL, 0, &err), 0);
    assert_int_equal(vocab_size(m.terms), 3);
    /* columns are in byte order of the terms */
    assert_string_equal(vocab_term(m.terms, 0), "a");
    assert_string_equal(vocab_term(m.terms, 2), "c");
    assert_int_equal(m.df[1], 2);
    assert_close(gsl_vector_get(m.idf, 0), 1.4054651081, 1e-9);
    assert_close(gsl_vector_get(m.idf, 1), 1.0, 1e-12);

    gsl_spmatrix *X = tfidf_transform(&m, &b, NULL, 0, &err);
    assert_non_null(X);
    assert_true(GSL_SPMATRIX_ISCSR(X));
    assert_close(cell(X, 0, 0), 0.9421556247, 1e-9);
    assert_close(cell(X, 0, 1), 0.3351757433, 1e-9);
    assert_close(cell(X, 0, 2), 0.0, 0);
    assert_close(cell(X, 1, 1), 0.5797386715, 1e-9);
    assert_close(cell(X, 1, 2), 0.8148024747, 1e-9);
    gsl_spmatrix_free(X);
    tfidf_free(&m);
    free_bags(&b);
}

static void test_sublinear_tf(void **state)
{
    (void)state;
    bag_set b;
    make_bags(&b);
    tfidf_config cfg;
    tfidf_config_default(&cfg);
    tfidf_model m;
    pt_error err = {0};
    assert_int_equal(tfidf_fit(&m, &cfg, &b, NULL, 0, &err), 0);
    gsl_spmatrix *X = tfidf_transform(&m, &b, NULL, 0, &err);
    assert_close(cell(X, 0, 0), 0.9219069698, 1e-9);
    assert_close(cell(X, 0, 1), 0.3874113305, 1e-9);
    gsl_spmatrix_free(X);
    tfidf_free(&m);
    free_bags(&b);
}

static void test_pruning(void **state)
{
    (void)state;
    bag_set b;
    make_bags(&b);
    tfidf_config cfg;
    tfidf_config_default(&cfg);
    tfidf_model m;
    pt_error err = {0};

    cfg.min_df = 2; /* only b is in both documents */
    assert_int_equal(tfidf_fit(&m, &cfg, &b, NULL, 0, &err), 0);
    assert_int_equal(vocab_size(m.terms), 1);
    assert_string_equal(vocab_term(m.terms, 0), "b");
    tfidf_free(&m);

    tfidf_config_default(&cfg);
    cfg.max_df = 0.5; /* b is in 100% of documents */
    assert_int_equal(tfidf_fit(&m, &cfg, &b, NULL, 0, &err), 0);
    assert_int_equal(vocab_size(m.terms), 2);
    assert_int_equal(vocab_lookup(m.terms, "b", 1), -1);
    tfidf_free(&m);

    tfidf_config_default(&cfg);
    cfg.max_features = 1; /* the most frequent by df */
    assert_int_equal(tfidf_fit(&m, &cfg, &b, NULL, 0, &err), 0);
    assert_int_equal(vocab_size(m.terms), 1);
    assert_string_equal(vocab_term(m.terms, 0), "b");
    tfidf_free(&m);

    tfidf_config_default(&cfg);
    cfg.min_df = 3;
    assert_int_equal(tfidf_fit(&m, &cfg, &b, NULL, 0, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    assert_non_null(strstr(err.msg, "no term is left"));
    free_bags(&b);
}

static void test_fit_on_subset_and_unknown_terms(void **state)
{
    (void)state;
    bag_set b;
    make_bags(&b);
    tfidf_config cfg;
    tfidf_config_default(&cfg);
    tfidf_model m;
    pt_error err = {0};
    size_t only_d0 = 0;
    assert_int_equal(tfidf_fit(&m, &cfg, &b, &only_d0, 1, &err), 0);
    assert_int_equal(vocab_size(m.terms), 2); /* a, b */
    gsl_spmatrix *X = tfidf_transform(&m, &b, NULL, 0, &err);
    /* d1's c is unknown to the model: only b remains, normalised to 1 */
    assert_close(cell(X, 1, 1), 1.0, 1e-12);
    gsl_spmatrix_free(X);
    tfidf_free(&m);
    free_bags(&b);
}

static void test_vocab_interning(void **state)
{
    (void)state;
    vocab *v = vocab_new();
    char buf[32];
    for (int k = 0; k < 5000; k++) { /* forces several table doublings */
        int n = snprintf(buf, sizeof buf, "term%d", k);
        assert_int_equal(vocab_intern(v, buf, (size_t)n), (uint32_t)k);
    }
    assert_int_equal(vocab_intern(v, "term42", 6), 42);
    assert_int_equal(vocab_lookup(v, "term4999", 8), 4999);
    assert_int_equal(vocab_lookup(v, "term5000", 8), -1);
    assert_string_equal(vocab_term(v, 123), "term123");
    assert_int_equal(vocab_size(v), 5000);
    vocab_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idf_and_weights_raw_tf),
        cmocka_unit_test(test_sublinear_tf),
        cmocka_unit_test(test_pruning),
        cmocka_unit_test(test_fit_on_subset_and_unknown_terms),
        cmocka_unit_test(test_vocab_interning),
    };
    return cmocka_run_group_tests_name("tfidf", tests, NULL, NULL);
}
