/*
 * test_svmcheck.c — the libsvm model validator: a table of damaged model
 * files, each with the exact message it must produce; models libsvm really
 * wrote (linear and RBF) passing; and a bundle whose model was truncated
 * and whose manifest checksum was altered to match, refused by bundle_load
 * before libsvm sees it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/fixtures.h"

#include "base/fsio.h"
#include "base/sha256.h"
#include "models/svmcheck.h"
#include "models/train.h"

/* ---- the table ------------------------------------------------------------ */

/* A valid model over 8 features; the cases below are variations of it. */
#define H_TYPE "svm_type c_svc\n"
#define H_KERNEL "kernel_type linear\n"
#define H_CLASS "nr_class 2\n"
#define H_TOTAL "total_sv 3\n"
#define H_RHO "rho 0.5\n"
#define H_LABEL "label 1 -1\n"
#define H_PROB "probA -3.5\nprobB 0.25\n"
#define H_NRSV "nr_sv 1 2\n"
#define H_SV "SV\n"
#define SV1 "1 1:0.5 3:0.25 \n"
#define SV2 "-0.5 2:1 8:0.125 \n"
#define SV3 "-0.5 4:7.5e-1 \n"
#define HEAD_TO(x) H_TYPE H_KERNEL H_CLASS x
#define HEADER H_TYPE H_KERNEL H_CLASS H_TOTAL H_RHO H_LABEL H_PROB H_NRSV H_SV
#define VALID HEADER SV1 SV2 SV3

typedef struct {
    const char *name;
    const char *text;
    const char *want; /* the exact message after "m.model:", or NULL when valid */
} check_case;

static const check_case cases[] = {
    {"valid", VALID, NULL},
    {"valid rbf", H_TYPE "kernel_type rbf\ngamma 0.125\n" H_CLASS H_TOTAL H_RHO H_LABEL H_PROB H_NRSV H_SV SV1 SV2 SV3,
     NULL},
    {"valid, labels the other way", H_TYPE H_KERNEL H_CLASS H_TOTAL H_RHO "label -1 1\n" H_PROB H_NRSV H_SV SV1 SV2 SV3,
     NULL},
    {"valid, a support vector without features, tabs, no trailing space",
     HEADER "1\n-0.5\t2:1\t8:0.125\n" SV3, NULL},
    {"valid, no support vectors", HEAD_TO("total_sv 0\n" H_RHO H_LABEL H_PROB "nr_sv 0 0\n" H_SV), NULL},

    /* Truncated. */
    {"empty file", "", "1: the file ends before the 'svm_type' line: it is truncated"},
    {"truncated in the header", H_TYPE H_KERNEL H_CLASS H_TOTAL,
     "5: the file ends before the 'rho' line: it is truncated"},
    {"truncated after SV", HEADER, "11: the file ends after 0 of the 3 support vectors given by total_sv: it is truncated"},
    {"truncated at a line end", HEADER SV1 SV2,
     "13: the file ends after 2 of the 3 support vectors given by total_sv: it is truncated"},
    {"truncated mid-line", HEADER SV1 SV2 "-0.5 4:0.7",
     "13: the line does not end with a newline: the file is truncated"},
    {"truncated mid-header-line", H_TYPE "kernel_ty", "2: the line does not end with a newline: the file is truncated"},

    /* Header lines missing, out of order, or wrong. */
    {"missing SV line", H_TYPE H_KERNEL H_CLASS H_TOTAL H_RHO H_LABEL H_PROB H_NRSV SV1 SV2 SV3,
     "10: expected the 'SV' line, found '1 1:0.5 3:0.25 '"},
    {"SV line with more", H_TYPE H_KERNEL H_CLASS H_TOTAL H_RHO H_LABEL H_PROB H_NRSV "SV 1\n" SV1 SV2 SV3,
     "10: the 'SV' line must hold nothing else"},
    {"header out of order", H_TYPE H_KERNEL H_TOTAL H_CLASS H_RHO H_LABEL H_PROB H_NRSV H_SV SV1 SV2 SV3,
     "3: expected the 'nr_class' line, found 'total_sv 3'"},
    {"no probability information", H_TYPE H_KERNEL H_CLASS H_TOTAL H_RHO H_LABEL H_NRSV H_SV SV1 SV2 SV3,
     "7: expected the 'probA' line, found 'nr_sv 1 2'"},
    {"not a C-SVC", "svm_type nu_svc\n" H_KERNEL, "1: svm_type must be c_svc, found 'nu_svc'"},
    {"svm_type with more", "svm_type c_svc extra\n" H_KERNEL, "1: svm_type must be c_svc, found 'c_svc extra'"},
    {"CRLF line ends", "svm_type c_svc\r\n", "1: svm_type must be c_svc, found 'c_svc?'"},
    {"polynomial kernel", H_TYPE "kernel_type poly\ndegree 3\n", "2: kernel_type must be linear or rbf, found 'poly'"},
    {"rbf without gamma", H_TYPE "kernel_type rbf\n" H_CLASS, "3: expected the 'gamma' line, found 'nr_class 2'"},
    {"gamma not positive", H_TYPE "kernel_type rbf\ngamma -1\n" H_CLASS,
     "3: gamma must be one number greater than 0 and at most 1e12"},
    {"gamma on a linear model", H_TYPE H_KERNEL "gamma 0.5\n" H_CLASS,
     "3: expected the 'nr_class' line, found 'gamma 0.5'"},
    {"three classes", H_TYPE H_KERNEL "nr_class 3\n", "3: nr_class must be 2 (one theme against the rest)"},
    {"labels not +1 and -1", HEAD_TO(H_TOTAL H_RHO "label 1 1\n"), "6: label must be '1 -1' or '-1 1'"},
    {"one label", HEAD_TO(H_TOTAL H_RHO "label 1\n"), "6: label must be '1 -1' or '-1 1'"},
    {"two rho values", HEAD_TO(H_TOTAL "rho 0.5 0.25\n"), "5: rho must be one number from -1e12 to 1e12"},

    /* Counts. */
    {"counts not summing", HEAD_TO(H_TOTAL H_RHO H_LABEL H_PROB "nr_sv 1 1\n"),
     "9: nr_sv 1 + 1 does not add up to total_sv 3"},
    {"negative count", HEAD_TO(H_TOTAL H_RHO H_LABEL H_PROB "nr_sv 4 -1\n"),
     "9: nr_sv must be two whole numbers from 0 to 16777216"},
    {"huge total_sv", HEAD_TO("total_sv 2147483647\n"), "4: total_sv must be a whole number from 0 to 16777216"},
    {"total_sv overflowing", HEAD_TO("total_sv 99999999999999999999\n"),
     "4: total_sv must be a whole number from 0 to 16777216"},
    {"huge nr_sv", HEAD_TO(H_TOTAL H_RHO H_LABEL H_PROB "nr_sv 4294967296 -4294967293\n"),
     "9: nr_sv must be two whole numbers from 0 to 16777216"},
    {"huge counts within the limit, few lines",
     HEAD_TO("total_sv 16777216\n" H_RHO H_LABEL H_PROB "nr_sv 8388608 8388608\n" H_SV) SV1 SV2 SV3,
     "14: the file ends after 3 of the 16777216 support vectors given by total_sv: it is truncated"},

    /* Support vector lines. */
    {"index out of range", HEADER SV1 "-0.5 2:1 9:0.125 \n" SV3,
     "12: support vector 2: feature index '9' is not a whole number from 1 to 8"},
    {"index zero", HEADER "1 0:0.5\n" SV2 SV3,
     "11: support vector 1: feature index '0' is not a whole number from 1 to 8"},
    {"negative index", HEADER "1 -1:0.5\n" SV2 SV3,
     "11: support vector 1: feature index '-1' is not a whole number from 1 to 8"},
    {"decreasing indices", HEADER "1 3:0.25 1:0.5\n" SV2 SV3,
     "11: support vector 1: feature index 1 follows 3 (indices must increase)"},
    {"repeated index", HEADER SV1 SV2 "-0.5 4:1 4:1\n",
     "13: support vector 3: feature index 4 follows 4 (indices must increase)"},
    {"NaN value", HEADER SV1 "-0.5 2:nan\n" SV3,
     "12: support vector 2: the value 'nan' of feature 2 is not a number from -1e12 to 1e12"},
    {"NaN coefficient", HEADER "nan 1:0.5\n" SV2 SV3,
     "11: support vector 1: the coefficient 'nan' is not a number from -1e12 to 1e12"},
    {"infinite value", HEADER SV1 SV2 "-0.5 4:inf\n",
     "13: support vector 3: the value 'inf' of feature 4 is not a number from -1e12 to 1e12"},
    {"value overflowing to infinity", HEADER SV1 SV2 "-0.5 4:1e999\n",
     "13: support vector 3: the value '1e999' of feature 4 is not a number from -1e12 to 1e12"},
    {"value too large", HEADER SV1 SV2 "-0.5 4:1.5e12\n",
     "13: support vector 3: the value '1.5e12' of feature 4 is not a number from -1e12 to 1e12"},
    {"coefficient too large", HEADER "-2e300 1:0.5\n" SV2 SV3,
     "11: support vector 1: the coefficient '-2e300' is not a number from -1e12 to 1e12"},
    {"NaN rho", HEAD_TO(H_TOTAL "rho nan\n"), "5: rho must be one number from -1e12 to 1e12"},
    {"infinite probA", HEAD_TO(H_TOTAL H_RHO H_LABEL "probA -inf\n"), "7: probA must be one number from -1e12 to 1e12"},
    {"hex coefficient", HEADER "0x1p3 1:0.5\n" SV2 SV3,
     "11: support vector 1: the coefficient '0x1p3' is not a number from -1e12 to 1e12"},
    {"non-numeric total_sv", HEAD_TO("total_sv three\n"), "4: total_sv must be a whole number from 0 to 16777216"},
    {"non-numeric index", HEADER "1 x:0.5\n" SV2 SV3,
     "11: support vector 1: feature index 'x' is not a whole number from 1 to 8"},
    {"non-numeric value", HEADER "1 1:half\n" SV2 SV3,
     "11: support vector 1: the value 'half' of feature 1 is not a number from -1e12 to 1e12"},
    {"empty value", HEADER "1 1:\n" SV2 SV3,
     "11: support vector 1: the value '' of feature 1 is not a number from -1e12 to 1e12"},
    {"pair without a colon", HEADER "1 1 0.5\n" SV2 SV3, "11: support vector 1: expected INDEX:VALUE, found '1'"},
    {"pair without an index", HEADER "1 :0.5\n" SV2 SV3, "11: support vector 1: expected INDEX:VALUE, found ':0.5'"},
    {"space around the colon", HEADER "1 1 :0.5\n" SV2 SV3, "11: support vector 1: expected INDEX:VALUE, found '1'"},
    {"empty support vector line", HEADER "\n" SV2 SV3,
     "11: support vector 1: the coefficient '' is not a number from -1e12 to 1e12"},
    {"leading space", HEADER " 1 1:0.5\n" SV2 SV3, "11: support vector 1: the coefficient '' is not a number from -1e12 to 1e12"},

    /* Extra lines. */
    {"an extra support vector", VALID "0.5 5:1\n", "14: a line after the 3 support vectors given by total_sv"},
    {"an extra blank line", VALID "\n", "14: a line after the 3 support vectors given by total_sv"},
    {"trailing bytes without a newline", VALID "x", "14: the line does not end with a newline: the file is truncated"},
};

/* One cmocka test per row of the table (the row is the test's state). */
static void test_case(void **state)
{
    const check_case *t = *state;
    pt_error err = {0};
    int rc = svmcheck_buffer(t->text, strlen(t->text), "m.model", 8, &err);
    if (t->want == NULL) {
        if (rc != 0)
            fail_msg("refused: %s", err.msg);
        return;
    }
    char want[512];
    snprintf(want, sizeof want, "m.model:%s", t->want);
    assert_int_equal(rc, -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    assert_string_equal(err.msg, want);
}

/* A NUL byte and an over-long line, which string literals cannot carry. */
static void test_nul_and_long_line(void **state)
{
    (void)state;
    static const char nul[] = HEADER "1 1:0.5\0 3:0.25\n" SV2 SV3;
    pt_error err = {0};
    assert_int_equal(svmcheck_buffer(nul, sizeof nul - 1, "m.model", 8, &err), -1);
    assert_string_equal(err.msg, "m.model:11: the line holds a NUL byte");

    size_t head = strlen(HEADER), n = head + SVMCHECK_MAX_LINE + 2;
    char *big = malloc(n);
    memcpy(big, HEADER, head);
    memset(big + head, ' ', n - head - 1);
    big[head] = '1';
    big[n - 1] = '\n';
    assert_int_equal(svmcheck_buffer(big, n, "m.model", 8, &err), -1);
    assert_string_equal(err.msg, "m.model:11: line longer than the limit of 16777216 bytes");
    free(big);

    /* The buffer need not be NUL-terminated: a copy of exactly its length. */
    size_t vn = strlen(VALID);
    char *exact = malloc(vn);
    memcpy(exact, VALID, vn);
    assert_int_equal(svmcheck_buffer(exact, vn, "m.model", 8, &err), 0);
    free(exact);
}

/* ---- models libsvm wrote ----------------------------------------------------- */

static void train_save_check(svmx_kernel kernel)
{
    enum { N = 24, F = 6 };
    double dense[N * F];
    unsigned char y[N];
    for (int r = 0; r < N; r++) {
        int pos = r % 3 == 0;
        double jitter = 0.03 * (r % 7);
        for (int c = 0; c < F; c++)
            dense[r * F + c] = ((c < 3) == pos) ? 0.5 + jitter : (c == 5 ? 0.0 : 0.1 * (r % 4));
        y[r] = (unsigned char)pos;
    }
    gsl_spmatrix *X = fixture_csr(dense, N, F);
    svmx_params p;
    svmx_params_default(&p);
    p.kernel = kernel;
    p.gamma = kernel == SVMX_RBF ? 0.5 : 0;
    svmx_set s;
    pt_error err = {0};
    const char *names[] = {"economy"};
    if (svmx_train(&s, X, y, 1, names, &p, &err) != 0)
        fail_msg("%s", err.msg);
    char path[] = "/tmp/pt-svmcheck-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(svm_save_model(path, s.models[0]), 0);
    if (svmcheck_file(path, F, &err) != 0)
        fail_msg("a model libsvm wrote was refused: %s", err.msg);
    /* The vocabulary it is checked against matters: feature 5 is used. */
    assert_int_equal(svmcheck_file(path, 4, &err), -1);
    assert_non_null(strstr(err.msg, "is not a whole number from 1 to 4"));
    unlink(path);
    assert_int_equal(svmcheck_file(path, F, &err), -1);
    assert_int_equal(err.status, PT_ERR_NOINPUT);
    svmx_free(&s);
    gsl_spmatrix_free(X);
}

static void test_trained_linear_model_passes(void **state)
{
    (void)state;
    train_save_check(SVMX_LINEAR);
}

static void test_trained_rbf_model_passes(void **state)
{
    (void)state;
    train_save_check(SVMX_RBF);
}

/* ---- a damaged bundle whose checksum was made to match ----------------------- */


/* Replaces the first occurrence of from (same length as to) in path. */
static void replace_in_file(const char *path, const char *from, const char *to)
{
    char *data;
    size_t len;
    pt_error err = {0};
    assert_int_equal(fsio_read_all(path, 1u << 20, &data, &len, &err), 0);
    char *at = strstr(data, from);
    assert_non_null(at);
    assert_int_equal(strlen(from), strlen(to));
    memcpy(at, to, strlen(to));
    assert_int_equal(fsio_write_atomic(path, data, len, &err), 0);
    free(data);
}

static void test_bundle_refuses_truncated_model_with_matching_checksum(void **state)
{
    (void)state;
    pt_taxonomy tax;
    pt_error err = {0};
    assert_int_equal(fixture_taxonomy(&tax), 0);
    pt_corpus c;
    fixture_small_corpus(&c, &tax);
    train_config cfg;
    train_config_default(&cfg);
    cfg.tok.lexicon_path = NULL;
    pt_bundle b;
    if (train_bundle(&b, &c, &tax, &cfg, &err) != 0)
        fail_msg("%s", err.msg);
    char dir[] = "/tmp/pt-svmcheck-bundle-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char model[64], file[128], manifest[128];
    snprintf(model, sizeof model, "%s/model", dir);
    snprintf(file, sizeof file, "%s/theme-defense.model", model);
    snprintf(manifest, sizeof manifest, "%s/manifest.json", model);
    if (bundle_save(&b, model, &err) != 0)
        fail_msg("%s", err.msg);

    /* Cut the model after its header, then record the new checksum. */
    char *data;
    size_t len;
    assert_int_equal(fsio_read_all(file, 1u << 20, &data, &len, &err), 0);
    char old_hex[65], new_hex[65];
    sha256_hex(data, len, old_hex);
    char *sv = strstr(data, "\nSV\n");
    assert_non_null(sv);
    size_t cut = (size_t)(sv - data) + 4;
    long header_lines = 0;
    for (size_t k = 0; k < cut; k++)
        header_lines += data[k] == '\n';
    assert_int_equal(fsio_write_atomic(file, data, cut, &err), 0);
    sha256_hex(data, cut, new_hex);
    free(data);
    replace_in_file(manifest, old_hex, new_hex);

    pt_bundle loaded;
    assert_int_equal(bundle_load(&loaded, model, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    char want[256];
    snprintf(want, sizeof want, "%s:%ld: the file ends after 0 of the ", file, header_lines + 1);
    if (strncmp(err.msg, want, strlen(want)) != 0)
        fail_msg("got: %s\nwant the start: %s", err.msg, want);
    assert_non_null(strstr(err.msg, "support vectors given by total_sv: it is truncated"));

    fsio_remove_dir(model);
    rmdir(dir);
    bundle_free(&b);
    corpus_free(&c);
    taxonomy_free(&tax);
}

int main(void)
{
    enum { N_CASES = sizeof cases / sizeof cases[0] };
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_nul_and_long_line),
        cmocka_unit_test(test_trained_linear_model_passes),
        cmocka_unit_test(test_trained_rbf_model_passes),
        cmocka_unit_test(test_bundle_refuses_truncated_model_with_matching_checksum),
    };
    enum { N_FIXED = sizeof fixed / sizeof fixed[0] };
    struct CMUnitTest tests[N_CASES + N_FIXED];
    for (size_t k = 0; k < N_CASES; k++)
        tests[k] = (struct CMUnitTest){cases[k].name, test_case, NULL, NULL, (void *)&cases[k]};
    for (size_t k = 0; k < N_FIXED; k++)
        tests[N_CASES + k] = fixed[k];
    return _cmocka_run_group_tests("svmcheck", tests, N_CASES + N_FIXED, NULL, NULL);
}
