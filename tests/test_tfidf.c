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
 *
 * Then, on a generated corpus large enough for many chunks: bags built on
 * 1, 2 and 3 threads are the same bytes, the first failing document is the
 * one named whatever the threads, and tfidf_fit_transform (turning the
 * bags into the matrix in place) gives the model and matrix of tfidf_fit +
 * tfidf_transform, bit for bit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/assert_close.h"
#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"
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

/* ---- a generated corpus of mixed English and Chinese documents --------------- */

#define GEN_DOCS 600

static const char *const zh_words[] = {"经济", "发展", "党建", "国防", "文化", "边疆", "改革", "创新",
                                       "人民", "历史", "安全", "科技", "學習", "會議", "传统", "民族"};
static const char *const en_words[] = {"economy", "growth", "party", "discipline", "defense", "culture",
                                       "history", "frontier", "reform", "innovation", "security", "studies"};

/* Document k: a few hundred words drawn by a fixed linear congruential
 * sequence, so every run builds the same corpus. */
static void gen_corpus(pt_corpus *c)
{
    corpus_init(c);
    c->docs = xcalloc(GEN_DOCS, sizeof *c->docs);
    c->n = c->cap = GEN_DOCS;
    uint32_t x = 12345;
    for (size_t k = 0; k < GEN_DOCS; k++) {
        char *text = xmalloc(8192);
        size_t len = 0;
        int words = 150 + (int)(k % 200);
        for (int w = 0; w < words; w++) {
            x = x * 1103515245u + 12345u;
            const char *word = k % 2 ? zh_words[(x >> 16) % 16] : en_words[(x >> 16) % 12];
            len += (size_t)snprintf(text + len, 8192 - len, "%s%s", word, k % 2 ? "" : " ");
        }
        pt_doc *d = &c->docs[k];
        d->text = text;
        d->text_len = len;
        char id[32];
        snprintf(id, sizeof id, "gen-%zu", k);
        d->id = xstrdup(id);
        d->source = xstrdup("gen.jsonl");
        d->line = (long)k + 1;
    }
}

static tokenizer *open_default_tokenizer(void)
{
    tok_config cfg;
    tok_config_default(&cfg);
    pt_error err = {0};
    tokenizer *tok = tok_open(&cfg, &err);
    if (tok == NULL)
        fail_msg("tok_open: %s", err.msg);
    return tok;
}

static void assert_same_bags(const bag_set *a, const bag_set *b)
{
    assert_int_equal(a->n_docs, b->n_docs);
    assert_int_equal(vocab_size(a->raw), vocab_size(b->raw));
    for (uint32_t t = 0; t < vocab_size(a->raw); t++)
        assert_string_equal(vocab_term(a->raw, t), vocab_term(b->raw, t));
    assert_memory_equal(a->offsets, b->offsets, (a->n_docs + 1) * sizeof *a->offsets);
    size_t n = a->offsets[a->n_docs];
    assert_memory_equal(a->ids, b->ids, n * sizeof *a->ids);
    assert_memory_equal(a->counts, b->counts, n * sizeof *a->counts);
}

static void test_bags_same_on_any_threads(void **state)
{
    (void)state;
    pt_corpus c;
    gen_corpus(&c);
    tokenizer *tok = open_default_tokenizer();
    pt_error err = {0};
    bag_set one, more;
    assert_int_equal(bags_build_par(&one, tok, &c, NULL, 0, 1, &err), 0);
    assert_true(vocab_size(one.raw) > 50);
    for (unsigned threads = 2; threads <= 3; threads++) {
        assert_int_equal(bags_build_par(&more, tok, &c, NULL, 0, threads, &err), 0);
        assert_same_bags(&one, &more);
        bags_free(&more);
    }
    /* Traditional characters were folded: 學習 is counted as 学习. */
    assert_int_equal(vocab_lookup(one.raw, "學習", strlen("學習")), -1);
    bags_free(&one);
    tok_close(tok);
    corpus_free(&c);
}

static void test_bags_first_failure_named(void **state)
{
    (void)state;
    pt_corpus c;
    gen_corpus(&c);
    /* Invalid UTF-8 in two documents far apart: the earlier one is named. */
    c.docs[150].text[3] = (char)0xFF;
    c.docs[520].text[5] = (char)0xFF;
    tokenizer *tok = open_default_tokenizer();
    for (unsigned threads = 1; threads <= 3; threads++) {
        pt_error err = {0};
        bag_set b;
        assert_int_equal(bags_build_par(&b, tok, &c, NULL, 0, threads, &err), -1);
        assert_non_null(strstr(err.msg, "gen.jsonl:151: gen-150: "));
        assert_null(b.raw);
    }
    tok_close(tok);
    corpus_free(&c);
}

static void assert_same_matrix(const gsl_spmatrix *A, const gsl_spmatrix *B)
{
    assert_int_equal(A->size1, B->size1);
    assert_int_equal(A->size2, B->size2);
    assert_int_equal(A->nz, B->nz);
    assert_memory_equal(A->p, B->p, (A->size1 + 1) * sizeof *A->p);
    assert_memory_equal(A->i, B->i, A->nz * sizeof *A->i);
    assert_memory_equal(A->data, B->data, A->nz * sizeof *A->data);
}

static void check_fit_transform(const tfidf_config *cfg)
{
    pt_corpus c;
    gen_corpus(&c);
    tokenizer *tok = open_default_tokenizer();
    pt_error err = {0};
    bag_set b, consumed;
    assert_int_equal(bags_build_par(&b, tok, &c, NULL, 0, 2, &err), 0);
    assert_int_equal(bags_build_par(&consumed, tok, &c, NULL, 0, 2, &err), 0);
    tfidf_model m1, m2;
    assert_int_equal(tfidf_fit(&m1, cfg, &b, NULL, 0, &err), 0);
    gsl_spmatrix *X1 = tfidf_transform(&m1, &b, NULL, 0, &err);
    gsl_spmatrix *X2 = tfidf_fit_transform(&m2, cfg, &consumed, &err);
    assert_null(consumed.raw);
    assert_null(consumed.ids);
    assert_non_null(X1);
    assert_non_null(X2);
    assert_same_matrix(X1, X2);
    assert_int_equal(vocab_size(m1.terms), vocab_size(m2.terms));
    for (uint32_t t = 0; t < vocab_size(m1.terms); t++) {
        assert_string_equal(vocab_term(m1.terms, t), vocab_term(m2.terms, t));
        assert_int_equal(m1.df[t], m2.df[t]);
        assert_true(gsl_vector_get(m1.idf, t) == gsl_vector_get(m2.idf, t));
    }
    /* Columns are in byte order of the terms. */
    for (uint32_t t = 1; t < vocab_size(m2.terms); t++)
        assert_true(strcmp(vocab_term(m2.terms, t - 1), vocab_term(m2.terms, t)) < 0);
    gsl_spmatrix_free(X1);
    gsl_spmatrix_free(X2);
    tfidf_free(&m1);
    tfidf_free(&m2);
    bags_free(&b);
    tok_close(tok);
    corpus_free(&c);
}

static void test_fit_transform_equals_fit_then_transform(void **state)
{
    (void)state;
    tfidf_config cfg;
    tfidf_config_default(&cfg);
    check_fit_transform(&cfg);
    cfg.min_df = 3;
    cfg.max_df = 0.9;
    cfg.max_features = 40;
    cfg.sublinear_tf = false;
    check_fit_transform(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idf_and_weights_raw_tf),
        cmocka_unit_test(test_sublinear_tf),
        cmocka_unit_test(test_pruning),
        cmocka_unit_test(test_fit_on_subset_and_unknown_terms),
        cmocka_unit_test(test_vocab_interning),
        cmocka_unit_test(test_bags_same_on_any_threads),
        cmocka_unit_test(test_bags_first_failure_named),
        cmocka_unit_test(test_fit_transform_equals_fit_then_transform),
    };
    return cmocka_run_group_tests_name("tfidf", tests, NULL, NULL);
}
