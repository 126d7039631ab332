/*
 * test_evaluate.c — evaluation metrics on predictions whose figures are
 * known by hand, fold assignment (sessions kept whole, strata spread,
 * reproducible), and explanations from a hand-built linear model.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/assert_close.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/evaluate.h"
#include "models/explain.h"

/* A corpus of n documents: cc, session, lang and primary theme (-1: []). */
static void make_corpus(pt_corpus *c, size_t n, const int *session, const int *theme)
{
    corpus_init(c);
    c->docs = calloc(n, sizeof *c->docs);
    c->n = c->cap = n;
    for (size_t k = 0; k < n; k++) {
        pt_doc *d = &c->docs[k];
        char id[32];
        snprintf(id, sizeof id, "d%zu", k);
        d->id = strdup(id);
        d->cc = 20;
        d->session = session[k];
        d->labelled = true;
        d->themes = malloc(sizeof *d->themes);
        if (theme[k] >= 0) {
            d->themes[0] = theme[k];
            d->n_themes = 1;
        }
    }
}

static void test_metrics_by_hand(void **state)
{
    (void)state;
    /* Two themes (0, 1).  Truth:      0  0  1  1  none
     * Predicted primary (thr 0.5):    0  1  1  -  none(abstains)
     * doc 3 abstains (max p 0.4), doc 4 is [] and abstains: right. */
    const int session[5] = {1, 2, 3, 4, 5}, theme[5] = {0, 0, 1, 1, -1};
    pt_corpus c;
    make_corpus(&c, 5, session, theme);
    const double probs[10] = {0.9, 0.1, 0.3, 0.6, 0.2, 0.8, 0.4, 0.3, 0.1, 0.2};
    eval_metrics m;
    eval_metrics_compute(&m, &c, NULL, 0, probs, 2, 0.5);
    /* accuracy: docs 0, 2, 4 right = 3/5 */
    assert_close(m.accuracy, 0.6, 1e-12);
    /* theme 0: tp 1, predicted 1, actual 2 -> P 1, R 0.5, F1 2/3
     * theme 1: tp 1, predicted 2 (docs 1, 2), actual 2 -> P 0.5, R 0.5, F1 0.5 */
    assert_close(m.precision[0], 1.0, 1e-12);
    assert_close(m.recall[0], 0.5, 1e-12);
    assert_close(m.f1[0], 2.0 / 3.0, 1e-12);
    assert_close(m.precision[1], 0.5, 1e-12);
    assert_close(m.f1[1], 0.5, 1e-12);
    assert_close(m.macro_f1, (2.0 / 3.0 + 0.5) / 2, 1e-12);
    assert_close(m.weighted_f1, (2.0 / 3.0 * 2 + 0.5 * 2) / 4, 1e-12);
    assert_int_equal(m.support[0], 2);
    /* unassigned: docs 3 and 4 */
    assert_close(m.unassigned_share, 0.4, 1e-12);
    /* Hamming: decisions at 0.5: doc1 (0 missed, 1 wrong) 2; doc3 (1 missed) 1 -> 3/10 */
    assert_close(m.hamming_loss, 0.3, 1e-12);
    /* subset: docs 0, 2, 4 have exactly the right set */
    assert_close(m.subset_accuracy, 0.6, 1e-12);
    assert_int_equal(m.confusion[0][1], 1);
    assert_int_equal(m.confusion[1][2], 1); /* true 1, predicted none */
    assert_int_equal(m.confusion[2][2], 1);
    /* the best threshold: at 0.35 doc 3 is assigned (0.4 -> theme 0: wrong either way) */
    double t = eval_best_threshold(&c, probs, 2);
    assert_true(t >= 0.0 && t <= 0.95);
    corpus_free(&c);
}

static void test_folds_keep_sessions_whole(void **state)
{
    (void)state;
    enum { N = 40 };
    int session[N], theme[N];
    for (int k = 0; k < N; k++) {
        session[k] = k / 2 + 1;     /* two readouts (en, zh) per session */
        theme[k] = (k / 2) % 4 == 3 ? -1 : (k / 2) % 3;
    }
    pt_corpus c;
    make_corpus(&c, N, session, theme);
    size_t fold[N], again[N];
    pt_error err = {0};
    assert_int_equal(eval_assign_folds(&c, 5, 7, fold, &err), 0);
    assert_int_equal(eval_assign_folds(&c, 5, 7, again, &err), 0);
    size_t per_fold[5] = {0};
    for (int k = 0; k < N; k++) {
        assert_true(fold[k] < 5);
        assert_int_equal(fold[k], again[k]); /* same seed, same folds */
        if (k % 2 == 1)
            assert_int_equal(fold[k], fold[k - 1]); /* both languages together */
        per_fold[fold[k]]++;
    }
    for (int f = 0; f < 5; f++)
        assert_int_equal(per_fold[f], 8); /* 20 sessions dealt evenly */
    size_t other[N];
    assert_int_equal(eval_assign_folds(&c, 5, 8, other, &err), 0);
    assert_memory_not_equal(fold, other, sizeof fold); /* another seed shuffles */
    assert_int_equal(eval_assign_folds(&c, 30, 7, fold, &err), -1);
    assert_string_equal(err.msg, "20 sessions cannot be split into 30 folds");
    corpus_free(&c);
}

static void test_explain_hand_built_model(void **state)
{
    (void)state;
    /* Two support vectors: SV1 = {1: 0.5, 3: 1.0} with coefficient 2,
     * SV2 = {2: 1.0} with coefficient -1.5, so w = (1.0, -1.5, 2.0). */
    struct svm_node sv1[] = {{1, 0.5}, {3, 1.0}, {-1, 0}}, sv2[] = {{2, 1.0}, {-1, 0}};
    struct svm_node *svs[] = {sv1, sv2};
    double coef[] = {2.0, -1.5}, *coefs[] = {coef};
    double rho[] = {0.0};
    int label[] = {1, -1}, nsv[] = {1, 1};
    struct svm_model m;
    memset(&m, 0, sizeof m);
    m.param.svm_type = C_SVC;
    m.param.kernel_type = LINEAR;
    m.nr_class = 2;
    m.l = 2;
    m.SV = svs;
    m.sv_coef = coefs;
    m.rho = rho;
    m.label = label;
    m.nSV = nsv;
    double w[3];
    explain_linear_weights(&m, 3, w);
    assert_close(w[0], 1.0, 1e-12);
    assert_close(w[1], -1.5, 1e-12);
    assert_close(w[2], 2.0, 1e-12);
    explain_term top[3];
    assert_int_equal(explain_top(w, 3, 3, top), 2); /* only positive weights */
    assert_int_equal(top[0].term, 2);
    assert_int_equal(top[1].term, 0);
    /* When libsvm lists the negative label first, the weights flip. */
    label[0] = -1;
    label[1] = 1;
    explain_linear_weights(&m, 3, w);
    assert_close(w[1], 1.5, 1e-12);
    assert_int_equal(explain_top(w, 3, 1, top), 1);
    assert_int_equal(top[0].term, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_by_hand),
        cmocka_unit_test(test_folds_keep_sessions_whole),
        cmocka_unit_test(test_explain_hand_built_model),
    };
    return cmocka_run_group_tests_name("evaluate", tests, NULL, NULL);
}
