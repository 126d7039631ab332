/*
 * test_models.c — libsvm and LIBLINEAR training on TF-IDF rows, a trained
 * model separating two clearly different themes, the same models for any
 * number of workers, LIBLINEAR's models in libsvm's form, Platt scaling,
 * out-of-fold probabilities, the bundle round trip, and a damaged bundle
 * refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/assert_close.h"
#include "tests/fixtures.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "base/fsio.h"
#include "models/platt.h"
#include "models/svmcheck.h"
#include "models/svmx_workers.h"
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
    gsl_spmatrix *X = fixture_csr(dense, N, F);
    svmx_params p;
    svmx_params_default(&p);
    svmx_set s;
    pt_error err = {0};
    const char *names[] = {"economy", "defense"};
    assert_int_equal(svmx_train(&s, X, y, 2, names, &p, &err), 0);

    const double probe[2 * F] = {0.9, 0.5, 0.0, 0.0, /* clearly theme 0 */
                                 0.0, 0.0, 0.8, 0.6}; /* clearly theme 1 */
    gsl_spmatrix *P = fixture_csr(probe, 2, F);
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
    gsl_spmatrix *X = fixture_csr(dense, 2, 2);
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

/* ---- training in worker processes ---- */

enum { PAR_N = 90, PAR_F = 10, PAR_T = 4 };

/* A deterministic data set where four themes overlap and no theme is
 * separable, so libsvm has many support vectors and Platt scaling real work
 * (with its rand() draws).  Theme 2 never occurs when no_theme2. */
static gsl_spmatrix *parallel_data(unsigned char *y, bool no_theme2)
{
    double dense[PAR_N * PAR_F];
    uint32_t state = 12345;
    for (size_t k = 0; k < PAR_N * PAR_F; k++) {
        state = state * 1664525u + 1013904223u;
        double u = (double)(state >> 8) / 16777216.0;
        dense[k] = u < 0.55 ? 0.0 : u;
    }
    for (size_t r = 0; r < PAR_N; r++) {
        for (size_t t = 0; t < PAR_T; t++) {
            double signal = dense[r * PAR_F + t] + dense[r * PAR_F + t + 4] - 0.3 * dense[r * PAR_F + 9];
            y[r * PAR_T + t] = signal > 0.6 || (r * 7 + t * 3) % 11 == 0;
        }
        if (no_theme2)
            y[r * PAR_T + 2] = 0;
    }
    return fixture_csr(dense, PAR_N, PAR_F);
}

static const char *par_names[PAR_T] = {"economy", "defense", "frontier", "culture"};

/* Reads a whole (small) file. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    assert_true(*len < (1 << 20));
    fclose(f);
    return buf;
}

/* Row r of X as libsvm nodes (x holds PAR_F + 1). */
static void row_nodes(const gsl_spmatrix *X, size_t r, struct svm_node *x)
{
    size_t k = 0;
    for (int e = X->p[r]; e < X->p[r + 1]; e++, k++) {
        x[k].index = X->i[e] + 1;
        x[k].value = X->data[e];
    }
    x[k].index = -1;
    x[k].value = 0.0;
}

/* Both sets hold the same models: svm_save_model writes the same bytes and
 * svm_predict_probability gives the same numbers (==, not close). */
static void assert_same_models(const svmx_set *a, const svmx_set *b, const gsl_spmatrix *X, const char *dir)
{
    assert_int_equal(a->n_themes, b->n_themes);
    for (size_t t = 0; t < a->n_themes; t++) {
        assert_true((a->models[t] == NULL) == (b->models[t] == NULL));
        if (a->models[t] == NULL) {
            assert_true(a->constant[t] == b->constant[t]);
            continue;
        }
        char pa[128], pb[128];
        snprintf(pa, sizeof pa, "%s/a-%zu.model", dir, t);
        snprintf(pb, sizeof pb, "%s/b-%zu.model", dir, t);
        assert_int_equal(svm_save_model(pa, a->models[t]), 0);
        assert_int_equal(svm_save_model(pb, b->models[t]), 0);
        size_t la, lb;
        char *ba = slurp(pa, &la), *bb = slurp(pb, &lb);
        assert_true(la > 100);
        assert_int_equal(la, lb);
        assert_memory_equal(ba, bb, la);
        free(ba);
        free(bb);
        unlink(pa);
        unlink(pb);
        for (size_t r = 0; r < PAR_N; r += 13) {
            double ea[2], eb[2];
            struct svm_node x[PAR_F + 1];
            row_nodes(X, r, x);
            double la_ = svm_predict_probability(a->models[t], x, ea);
            double lb_ = svm_predict_probability(b->models[t], x, eb);
            assert_true(la_ == lb_);
            assert_true(ea[0] == eb[0] && ea[1] == eb[1]);
        }
    }
}

static void test_parallel_training_gives_identical_models(void **state)
{
    (void)state;
    unsigned char y[PAR_N * PAR_T];
    gsl_spmatrix *X = parallel_data(y, false);
    char dir[] = "/tmp/pt-svmx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    /* libsvm's linear and RBF kernels (rand() in its Platt scaling), and
     * LIBLINEAR (rand() in its dual solver). */
    const struct {
        svmx_kernel kernel;
        svmx_solver solver;
    } combos[] = {{SVMX_LINEAR, SVMX_SOLVER_LIBSVM}, {SVMX_RBF, SVMX_SOLVER_LIBSVM}, {SVMX_LINEAR, SVMX_SOLVER_LIBLINEAR}};
    for (size_t combo = 0; combo < sizeof combos / sizeof combos[0]; combo++) {
        svmx_params p;
        svmx_params_default(&p);
        p.kernel = combos[combo].kernel;
        p.solver = combos[combo].solver;
        p.jobs = 1;
        svmx_set serial, par;
        pt_error err = {0};
        if (svmx_train(&serial, X, y, PAR_T, par_names, &p, &err) != 0)
            fail_msg("%s", err.msg);
        const unsigned jobs[] = {2, 3, 7 /* more workers than themes */, 0 /* one per CPU */};
        for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
            p.jobs = jobs[k];
            if (svmx_train(&par, X, y, PAR_T, par_names, &p, &err) != 0)
                fail_msg("%s", err.msg);
            assert_same_models(&serial, &par, X, dir);
            svmx_free(&par);
        }
        svmx_free(&serial);
    }
    rmdir(dir);
    gsl_spmatrix_free(X);
}

static void one_class_theme_with_workers(svmx_solver solver)
{
    unsigned char y[PAR_N * PAR_T];
    gsl_spmatrix *X = parallel_data(y, true);
    svmx_params p;
    svmx_params_default(&p);
    p.solver = solver;
    p.jobs = 2;
    svmx_set s;
    pt_error err = {0};
    assert_int_equal(svmx_train(&s, X, y, PAR_T, par_names, &p, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    assert_string_equal(err.msg, "theme 'frontier' has none of the 90 training readouts; a classifier needs "
                                 "examples with and without it");

    /* Cross-validation's leniency: a constant 0 for that theme, the three
     * others trained by the workers as by one process. */
    p.allow_one_class = true;
    if (svmx_train(&s, X, y, PAR_T, par_names, &p, &err) != 0)
        fail_msg("%s", err.msg);
    assert_null(s.models[2]);
    assert_true(s.constant[2] == 0.0);
    svmx_set serial;
    p.jobs = 1;
    if (svmx_train(&serial, X, y, PAR_T, par_names, &p, &err) != 0)
        fail_msg("%s", err.msg);
    char dir[] = "/tmp/pt-svmx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_same_models(&serial, &s, X, dir);
    rmdir(dir);
    double probs[PAR_T];
    svmx_predict(&s, X, 0, probs);
    assert_true(probs[2] == 0.0);
    svmx_free(&serial);
    svmx_free(&s);
    gsl_spmatrix_free(X);
}

static void test_one_class_theme_with_workers(void **state)
{
    (void)state;
    one_class_theme_with_workers(SVMX_SOLVER_LIBSVM);
    one_class_theme_with_workers(SVMX_SOLVER_LIBLINEAR);
}

/* When no pipe (or process) can be had, the themes are trained in-process:
 * the same models.  Too few descriptors make pipe() fail.  (Under valgrind,
 * which keeps the descriptor limit to itself, the workers simply run.) */
static void no_workers_falls_back_in_process(svmx_solver solver)
{
    unsigned char y[PAR_N * PAR_T];
    gsl_spmatrix *X = parallel_data(y, false);
    svmx_params p;
    svmx_params_default(&p);
    p.solver = solver;
    p.jobs = 1;
    svmx_set serial, par;
    pt_error err = {0};
    if (svmx_train(&serial, X, y, PAR_T, par_names, &p, &err) != 0)
        fail_msg("%s", err.msg);
    char dir[] = "/tmp/pt-svmx-XXXXXX";
    assert_non_null(mkdtemp(dir)); /* before the limit: saving needs descriptors */

    struct rlimit old, low;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    int lowest_free = dup(0);
    assert_true(lowest_free >= 0);
    close(lowest_free);
    low = old;
    low.rlim_cur = (rlim_t)lowest_free; /* no new descriptor at all */
    setrlimit(RLIMIT_NOFILE, &low);
    p.jobs = 2;
    int rc = svmx_train(&par, X, y, PAR_T, par_names, &p, &err);
    setrlimit(RLIMIT_NOFILE, &old);
    if (rc != 0)
        fail_msg("%s", err.msg);
    assert_same_models(&serial, &par, X, dir);
    rmdir(dir);
    svmx_free(&par);
    svmx_free(&serial);
    gsl_spmatrix_free(X);
}

static void test_no_workers_falls_back_in_process(void **state)
{
    (void)state;
    no_workers_falls_back_in_process(SVMX_SOLVER_LIBSVM);
    no_workers_falls_back_in_process(SVMX_SOLVER_LIBLINEAR);
}

/* A trainer for svmx_train_workers: theme 0 and 3 get a real model, theme 1
 * none (as when svm_train fails), theme 2 kills its own process. */
typedef struct {
    struct svm_problem prob;
    struct svm_parameter param;
    bool kill_theme2;
} failing_ctx;

static struct svm_model *failing_trainer(void *ctx, size_t t)
{
    failing_ctx *c = ctx;
    if (t == 1)
        return NULL;
    if (t == 2 && c->kill_theme2)
        raise(SIGKILL);
    srand(1);
    return svm_train(&c->prob, &c->param);
}

static int open_fds(void)
{
    int n = 0;
    for (int fd = 0; fd < 1024; fd++)
        n += fcntl(fd, F_GETFD) != -1;
    return n;
}

static void test_worker_failures_are_errors(void **state)
{
    (void)state;
    unsigned char y[PAR_N * PAR_T];
    gsl_spmatrix *X = parallel_data(y, false);
    svmx_set s; /* only for its rows */
    svmx_params p;
    svmx_params_default(&p);
    p.solver = SVMX_SOLVER_LIBSVM; /* the libsvm workers' protocol */
    p.jobs = 1;
    pt_error err = {0};
    if (svmx_train(&s, X, y, PAR_T, par_names, &p, &err) != 0)
        fail_msg("%s", err.msg);
    double labels[PAR_N];
    for (size_t r = 0; r < PAR_N; r++)
        labels[r] = y[r * PAR_T] ? 1.0 : -1.0;
    failing_ctx c = {.prob = {.l = PAR_N, .y = labels, .x = s.rows}};
    c.param.svm_type = C_SVC;
    c.param.kernel_type = LINEAR;
    c.param.C = 1;
    c.param.cache_size = 10;
    c.param.eps = 1e-3;
    c.param.probability = 1;

    int fds_before = open_fds();
    struct {
        size_t themes[3];
        bool kill;
        const char *want;
    } cases[] = {
        {{0, 1, 3}, false, "libsvm failed to train theme 'defense'"},
        {{2, 0, 3}, true, "training theme 'frontier' failed: its worker process was killed by signal 9"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct svm_model *models[PAR_T] = {NULL};
        c.kill_theme2 = cases[k].kill;
        pt_error_clear(&err);
        assert_int_equal(svmx_train_workers(cases[k].themes, 3, 2, failing_trainer, &c, s.rows, PAR_N, models,
                                            par_names, &err),
                         -1);
        assert_int_equal(err.status, PT_ERR_INTERNAL);
        if (strncmp(err.msg, cases[k].want, strlen(cases[k].want)) != 0)
            fail_msg("got '%s', expected '%s...'", err.msg, cases[k].want);
        for (size_t t = 0; t < PAR_T; t++)
            if (models[t] != NULL)
                svm_free_and_destroy_model(&models[t]);
        /* Every worker was reaped and every pipe closed. */
        assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
        assert_int_equal(errno, ECHILD);
        assert_int_equal(open_fds(), fds_before);
    }

    /* The same trainer without failures: models for all, built from the
     * pipe exactly as svm_train built them in the worker. */
    size_t good[2] = {0, 3};
    struct svm_model *models[PAR_T] = {NULL};
    assert_int_equal(svmx_train_workers(good, 2, 2, failing_trainer, &c, s.rows, PAR_N, models, par_names, &err), 0);
    struct svm_model *here = failing_trainer(&c, 0);
    char dir[] = "/tmp/pt-svmx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char pa[64], pb[64];
    snprintf(pa, sizeof pa, "%s/a", dir);
    snprintf(pb, sizeof pb, "%s/b", dir);
    assert_int_equal(svm_save_model(pa, here), 0);
    assert_int_equal(svm_save_model(pb, models[3]), 0);
    size_t la, lb;
    char *ba = slurp(pa, &la), *bb = slurp(pb, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    free(ba);
    free(bb);
    unlink(pa);
    unlink(pb);
    rmdir(dir);
    svm_free_and_destroy_model(&here);
    svm_free_and_destroy_model(&models[0]);
    svm_free_and_destroy_model(&models[3]);
    svmx_free(&s);
    gsl_spmatrix_free(X);
}

/* ---- LIBLINEAR's models in libsvm's form, Platt, out-of-fold ---- */

/* The themes of X, y trained by LIBLINEAR with the defaults, in process. */
static void train_liblinear(const gsl_spmatrix *X, const unsigned char *y, svmx_set *s)
{
    svmx_params p;
    svmx_params_default(&p);
    p.solver = SVMX_SOLVER_LIBLINEAR;
    p.jobs = 1;
    pt_error err = {0};
    if (svmx_train(s, X, y, PAR_T, par_names, &p, &err) != 0)
        fail_msg("%s", err.msg);
}

/* The dense weights w[0..PAR_F) of a LIBLINEAR model's one support vector. */
static void model_weights(const struct svm_model *m, double *w)
{
    memset(w, 0, PAR_F * sizeof *w);
    for (const struct svm_node *x = m->SV[0]; x->index != -1; x++) {
        assert_true(x->index >= 1 && x->index <= PAR_F);
        w[x->index - 1] = x->value;
    }
}

/* A LIBLINEAR model is one support vector w with coefficient 1 and
 * rho = -b: svm_save_model writes it, the bundle's validator accepts it,
 * svm_load_model reads it back, and libsvm's decision value on any row is
 * w . x + b computed here from the support vector. */
static void test_liblinear_model_in_libsvm_form(void **state)
{
    (void)state;
    unsigned char y[PAR_N * PAR_T];
    gsl_spmatrix *X = parallel_data(y, false);
    svmx_set s;
    pt_error err = {0};
    train_liblinear(X, y, &s);
    assert_null(s.rows); /* nothing points into training rows */
    char dir[] = "/tmp/pt-svmx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t t = 0; t < PAR_T; t++) {
        const struct svm_model *m = s.models[t];
        assert_non_null(m);
        assert_int_equal(m->l, 1);
        assert_true(m->sv_coef[0][0] == 1.0);
        assert_int_equal(m->label[0], 1);
        assert_int_equal(m->label[1], -1);
        assert_int_equal(svm_check_probability_model(m), 1);
        assert_true(m->probA[0] < 0); /* larger decision value, more probable */
        double w[PAR_F];
        model_weights(m, w);
        char path[96];
        snprintf(path, sizeof path, "%s/t%zu.model", dir, t);
        assert_int_equal(svm_save_model(path, m), 0);
        if (svmcheck_file(path, PAR_F, &err) != 0)
            fail_msg("%s", err.msg);
        struct svm_model *back = svm_load_model(path);
        assert_non_null(back);
        for (size_t r = 0; r < PAR_N; r++) {
            struct svm_node x[PAR_F + 1];
            row_nodes(X, r, x);
            double here = -m->rho[0];
            for (int e = X->p[r]; e < X->p[r + 1]; e++)
                here += w[X->i[e]] * X->data[e];
            double dec, dec_back, est[2], est_back[2];
            svm_predict_values(m, x, &dec);
            svm_predict_values(back, x, &dec_back);
            assert_close(dec, here, 1e-12);
            assert_close(dec_back, here, 1e-6); /* the file keeps 8 digits of w */
            svm_predict_probability(m, x, est);
            svm_predict_probability(back, x, est_back);
            assert_close(est[0], platt_prob(dec, m->probA[0], m->probB[0]), 1e-12);
            assert_close(est_back[0], est[0], 1e-6);
        }
        svm_free_and_destroy_model(&back);
        unlink(path);
    }
    rmdir(dir);
    svmx_free(&s);
    gsl_spmatrix_free(X);
}

/* LIBLINEAR sees the columns renumbered by frequency (models/linear.c);
 * the weights come back under their own terms.  The same data with its
 * columns in reverse order is the same problem (the dual solver walks the
 * rows, not the columns): each term gets the same weight, and every
 * decision is the same, up to the order of the sums. */
static void test_liblinear_weights_follow_their_columns(void **state)
{
    (void)state;
    unsigned char y[PAR_N * PAR_T];
    gsl_spmatrix *X = parallel_data(y, false);
    double dense[PAR_N * PAR_F];
    for (size_t r = 0; r < PAR_N; r++)
        for (size_t c = 0; c < PAR_F; c++)
            dense[r * PAR_F + (PAR_F - 1 - c)] = gsl_spmatrix_get(X, r, c);
    gsl_spmatrix *R = fixture_csr(dense, PAR_N, PAR_F);
    svmx_set s, sr;
    train_liblinear(X, y, &s);
    train_liblinear(R, y, &sr);
    for (size_t t = 0; t < PAR_T; t++) {
        double w[PAR_F], wr[PAR_F];
        model_weights(s.models[t], w);
        model_weights(sr.models[t], wr);
        double norm = 0.0;
        for (size_t c = 0; c < PAR_F; c++) {
            assert_close(wr[PAR_F - 1 - c], w[c], 1e-9);
            norm += fabs(w[c]);
        }
        assert_true(norm > 0.1); /* a model that learnt something */
        assert_close(sr.models[t]->rho[0], s.models[t]->rho[0], 1e-9);
    }
    svmx_free(&s);
    svmx_free(&sr);
    gsl_spmatrix_free(X);
    gsl_spmatrix_free(R);
}

/* Platt's fit recovers the sigmoid the labels were drawn from: at each of
 * 61 decision values, 200 examples of which round(200 p) are positive,
 * p = 1 / (1 + exp(-2 f + 0.5)). */
static void test_platt_recovers_the_sigmoid(void **state)
{
    (void)state;
    enum { STEPS = 61, EACH = 200 };
    static double dec[STEPS * EACH];
    static unsigned char pos[STEPS * EACH];
    size_t n = 0;
    for (int k = 0; k < STEPS; k++) {
        double f = -3.0 + 0.1 * k, prob = 1.0 / (1.0 + exp(-2.0 * f + 0.5));
        int n_pos = (int)lround(prob * EACH);
        for (int i = 0; i < EACH; i++, n++) {
            dec[n] = f;
            pos[n] = i < n_pos;
        }
    }
    double A, B;
    platt_fit(dec, pos, n, &A, &B);
    assert_close(A, -2.0, 0.02);
    assert_close(B, 0.5, 0.02);
    assert_close(platt_prob(0.25, A, B), 0.5, 0.01);
    /* No positive at all: a defined, small probability everywhere. */
    memset(pos, 0, sizeof pos);
    platt_fit(dec, pos, n, &A, &B);
    assert_true(platt_prob(3.0, A, B) < 0.01);
}

/* The out-of-fold probabilities are those of models that did not see the
 * row: for the rows of fold 0, LIBLINEAR trained on the other folds alone
 * gives the decision value that the final model's sigmoid turns into the
 * out-of-fold probability. */
static void test_out_of_fold_probabilities(void **state)
{
    (void)state;
    unsigned char y[PAR_N * PAR_T];
    gsl_spmatrix *X = parallel_data(y, false);
    svmx_params p;
    svmx_params_default(&p);
    p.solver = SVMX_SOLVER_LIBLINEAR;
    p.class_weights = false; /* the weight of the subset's own training would differ */
    p.jobs = 2;
    size_t fold[PAR_N], rest[PAR_N], n_rest = 0;
    for (size_t r = 0; r < PAR_N; r++) {
        fold[r] = (r * 7) % 3;
        if (fold[r] != 0)
            rest[n_rest++] = r;
    }
    static double oof[PAR_N * PAR_T];
    svmx_set s;
    pt_error err = {0};
    if (svmx_train_cv(&s, X, y, PAR_T, par_names, &p, fold, 3, oof, &err) != 0)
        fail_msg("%s", err.msg);

    /* The other folds' rows, in order, as a matrix and labels of their own. */
    double dense[PAR_N * PAR_F] = {0};
    unsigned char y_rest[PAR_N * PAR_T];
    for (size_t k = 0; k < n_rest; k++) {
        for (int e = X->p[rest[k]]; e < X->p[rest[k] + 1]; e++)
            dense[k * PAR_F + (size_t)X->i[e]] = X->data[e];
        memcpy(y_rest + k * PAR_T, y + rest[k] * PAR_T, PAR_T);
    }
    gsl_spmatrix *R = fixture_csr(dense, n_rest, PAR_F);
    svmx_set sub;
    if (svmx_train(&sub, R, y_rest, PAR_T, par_names, &p, &err) != 0)
        fail_msg("%s", err.msg);
    size_t checked = 0;
    for (size_t r = 0; r < PAR_N; r++) {
        if (fold[r] != 0)
            continue;
        struct svm_node x[PAR_F + 1];
        row_nodes(X, r, x);
        for (size_t t = 0; t < PAR_T; t++) {
            double dec;
            svm_predict_values(sub.models[t], x, &dec);
            assert_close(oof[r * PAR_T + t], platt_prob(dec, s.models[t]->probA[0], s.models[t]->probB[0]), 1e-9);
            checked++;
        }
    }
    assert_true(checked >= 20 * PAR_T);
    /* Out of fold, the rows are not all fitted as the final model fits them. */
    size_t differ = 0;
    for (size_t r = 0; r < PAR_N; r++) {
        double probs[PAR_T];
        svmx_predict(&s, X, r, probs);
        differ += fabs(probs[0] - oof[r * PAR_T]) > 1e-6;
    }
    assert_true(differ > PAR_N / 2);
    svmx_free(&sub);
    svmx_free(&s);
    gsl_spmatrix_free(R);
    gsl_spmatrix_free(X);
}

/* --solver liblinear trains the linear kernel only. */
static void test_liblinear_refuses_rbf(void **state)
{
    (void)state;
    unsigned char y[PAR_N * PAR_T];
    gsl_spmatrix *X = parallel_data(y, false);
    svmx_params p;
    svmx_params_default(&p);
    p.solver = SVMX_SOLVER_LIBLINEAR;
    p.kernel = SVMX_RBF;
    svmx_set s;
    pt_error err = {0};
    assert_int_equal(svmx_train(&s, X, y, PAR_T, par_names, &p, &err), -1);
    assert_int_equal(err.status, PT_ERR_USAGE);
    assert_string_equal(err.msg, "the liblinear solver trains the linear kernel only; use --solver libsvm (or auto) "
                                 "with --kernel rbf");
    p.solver = SVMX_SOLVER_AUTO;
    assert_int_equal(svmx_solver_for(&p, 100000), SVMX_SOLVER_LIBSVM);
    p.kernel = SVMX_LINEAR;
    assert_int_equal(svmx_solver_for(&p, 10), SVMX_SOLVER_LIBLINEAR);
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
        cmocka_unit_test(test_parallel_training_gives_identical_models),
        cmocka_unit_test(test_one_class_theme_with_workers),
        cmocka_unit_test(test_no_workers_falls_back_in_process),
        cmocka_unit_test(test_worker_failures_are_errors),
        cmocka_unit_test(test_liblinear_model_in_libsvm_form),
        cmocka_unit_test(test_liblinear_weights_follow_their_columns),
        cmocka_unit_test(test_platt_recovers_the_sigmoid),
        cmocka_unit_test(test_out_of_fold_probabilities),
        cmocka_unit_test(test_liblinear_refuses_rbf),
        cmocka_unit_test(test_bundle_round_trip_and_damage),
    };
    return cmocka_run_group_tests_name("models", tests, setup, teardown);
}
