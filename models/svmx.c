/*
 * svmx.c — one-vs-rest libsvm training and prediction (svmx.h).
 */
#include "svmx.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "models/linear.h"
#include "models/svmx_workers.h"

void svmx_params_default(svmx_params *p)
{
    p->kernel = SVMX_LINEAR;
    p->solver = SVMX_SOLVER_AUTO;
    p->C = 1.0;
    p->gamma = 0.0;
    p->seed = 1;
    p->class_weights = true;
    p->allow_one_class = false;
    p->jobs = 0;
}

const char *svmx_kernel_name(svmx_kernel k)
{
    return k == SVMX_RBF ? "rbf" : "linear";
}

int svmx_kernel_parse(const char *name, svmx_kernel *k)
{
    if (strcmp(name, "linear") == 0)
        *k = SVMX_LINEAR;
    else if (strcmp(name, "rbf") == 0)
        *k = SVMX_RBF;
    else
        return -1;
    return 0;
}

const char *svmx_solver_name(svmx_solver s)
{
    return s == SVMX_SOLVER_LIBSVM ? "libsvm" : s == SVMX_SOLVER_LIBLINEAR ? "liblinear" : "auto";
}

int svmx_solver_parse(const char *name, svmx_solver *s)
{
    if (strcmp(name, "auto") == 0)
        *s = SVMX_SOLVER_AUTO;
    else if (strcmp(name, "libsvm") == 0)
        *s = SVMX_SOLVER_LIBSVM;
    else if (strcmp(name, "liblinear") == 0)
        *s = SVMX_SOLVER_LIBLINEAR;
    else
        return -1;
    return 0;
}

svmx_solver svmx_solver_for(const svmx_params *p, size_t n_docs)
{
    if (p->solver != SVMX_SOLVER_AUTO)
        return p->solver;
    (void)n_docs;
    return p->kernel == SVMX_LINEAR ? SVMX_SOLVER_LIBLINEAR : SVMX_SOLVER_LIBSVM;
}

int svmx_plan_theme(const svmx_params *p, size_t pos, size_t n, const char *name, double *constant, pt_error *err)
{
    if (pos > 0 && pos < n)
        return 1;
    if (p->allow_one_class) {
        *constant = pos == 0 ? 0.0 : 1.0;
        return 0;
    }
    return pt_fail(err, PT_ERR_DATA,
                   "theme '%s' has %s of the %zu training readouts; a classifier needs examples with and without it",
                   name, pos == 0 ? "none" : "all", n);
}

double svmx_scale_gamma(const gsl_spmatrix *X)
{
    /* 1 / (features × variance of all entries, zeros included), as
     * scikit-learn's gamma="scale": about 1 for L2-normalised TF-IDF rows,
     * where 1 / features would make every pair of readouts look alike. */
    double n = (double)X->size1 * (double)X->size2, sum = 0.0, sumsq = 0.0;
    for (size_t e = 0; e < X->nz; e++) {
        sum += X->data[e];
        sumsq += X->data[e] * X->data[e];
    }
    double mean = n > 0 ? sum / n : 0.0, var = n > 0 ? sumsq / n - mean * mean : 0.0;
    return var > 0 ? 1.0 / ((double)X->size2 * var) : 1.0;
}

static void print_nothing(const char *s)
{
    (void)s;
}

void svmx_quiet(void)
{
    svm_set_print_string_function(print_nothing);
}

/* libsvm wants each row as index:value nodes (indices from 1, increasing)
 * ended by index -1: lay all rows out in one block, straight from CSR. */
static void csr_to_nodes(const gsl_spmatrix *X, struct svm_node **storage, struct svm_node ***rows)
{
    size_t n = X->size1;
    *storage = xmalloc((X->nz + n) * sizeof **storage);
    *rows = xmalloc((n ? n : 1) * sizeof **rows);
    struct svm_node *out = *storage;
    for (size_t r = 0; r < n; r++) {
        (*rows)[r] = out;
        for (int e = X->p[r]; e < X->p[r + 1]; e++) {
            out->index = X->i[e] + 1;
            out->value = X->data[e];
            out++;
        }
        out->index = -1;
        out->value = 0.0;
        out++;
    }
}

/* What training any theme needs.  Each worker process has its own copy
 * (fork), so labels is scratch space the caller and every worker may
 * overwrite at will. */
typedef struct {
    struct svm_node **rows;
    size_t n;
    const unsigned char *y;
    size_t n_themes;
    struct svm_parameter param;       /* all but the class weight, the same for every theme */
    bool class_weights;
    double pos_weight[PT_MAX_THEMES]; /* n_negative / n_positive of each theme */
    unsigned seed;
    double *labels;                   /* n: +1 / -1 for the theme being trained */
} theme_job;

/* Writes theme t's labels (+1 carries it, -1 does not); returns how many
 * readouts carry it. */
static size_t theme_labels(const theme_job *j, size_t t, double *labels)
{
    size_t pos = 0;
    for (size_t r = 0; r < j->n; r++) {
        labels[r] = j->y[r * j->n_themes + t] ? 1.0 : -1.0;
        pos += j->y[r * j->n_themes + t] != 0;
    }
    return pos;
}

/* Theme t's parameters: the shared ones plus, with class weights, the
 * positive class weighted by pos_weight[t] (weight_label: storage for the
 * label 1 that param then points to). */
static struct svm_parameter theme_param(theme_job *j, size_t t, int *weight_label)
{
    struct svm_parameter param = j->param;
    if (j->class_weights) {
        weight_label[0] = 1;
        param.nr_weight = 1;
        param.weight_label = weight_label;
        param.weight = &j->pos_weight[t];
    }
    return param;
}

/* Trains theme t (an svmx_theme_trainer: in-process or in a worker). */
static struct svm_model *train_theme(void *ctx, size_t t)
{
    theme_job *j = ctx;
    theme_labels(j, t, j->labels);
    int weight_label[1];
    struct svm_parameter param = theme_param(j, t, weight_label);
    struct svm_problem prob = {.l = (int)j->n, .y = j->labels, .x = j->rows};
    srand(j->seed); /* libsvm's probability estimation draws from rand() */
    struct svm_model *m = svm_train(&prob, &param);
    if (m != NULL) {
        /* svm_train copied param's pointers into the model, where they would
         * dangle once this frame is gone; the weights only matter while
         * training (neither prediction nor svm_save_model reads them). */
        m->param.nr_weight = 0;
        m->param.weight_label = NULL;
        m->param.weight = NULL;
    }
    return m;
}

/* Decides, before any training, what becomes of theme t: 1 it is to be
 * trained, 0 it gets a constant probability (allow_one_class), -1 error
 * (err says why).  The checks and messages are those the themes got when
 * they were trained one after the other. */
static int plan_theme(theme_job *j, size_t t, const char *name, const svmx_params *p, svmx_set *s, pt_error *err)
{
    size_t pos = theme_labels(j, t, j->labels), n = j->n;
    int plan = svmx_plan_theme(p, pos, n, name, &s->constant[t], err);
    if (plan != 1)
        return plan;
    j->pos_weight[t] = (double)(n - pos) / (double)pos;
    int weight_label[1];
    struct svm_parameter param = theme_param(j, t, weight_label);
    struct svm_problem prob = {.l = (int)n, .y = j->labels, .x = j->rows};
    const char *why = svm_check_parameter(&prob, &param);
    if (why != NULL)
        return pt_fail(err, PT_ERR_USAGE, "libsvm rejects the parameters: %s", why);
    return 1;
}

unsigned svmx_workers_for(unsigned jobs, size_t n)
{
    if (jobs == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 1 ? (unsigned)(cpus < 4096 ? cpus : 4096) : 1;
    }
    return n < jobs ? (unsigned)n : jobs;
}

int svmx_train(svmx_set *s, const gsl_spmatrix *X, const unsigned char *y, size_t n_themes,
               const char *const *theme_names, const svmx_params *p, pt_error *err)
{
    return svmx_train_cv(s, X, y, n_themes, theme_names, p, NULL, 0, NULL, err);
}

int svmx_train_cv(svmx_set *s, const gsl_spmatrix *X, const unsigned char *y, size_t n_themes,
                  const char *const *theme_names, const svmx_params *p, const size_t *fold, size_t k, double *oof,
                  pt_error *err)
{
    memset(s, 0, sizeof *s);
    if (p->solver == SVMX_SOLVER_LIBLINEAR && p->kernel != SVMX_LINEAR)
        return pt_fail(err, PT_ERR_USAGE, "the liblinear solver trains the linear kernel only; use --solver libsvm "
                                          "(or auto) with --kernel %s", svmx_kernel_name(p->kernel));
    if (svmx_solver_for(p, X->size1) == SVMX_SOLVER_LIBLINEAR)
        return linear_train(s, X, y, n_themes, theme_names, p, fold, k, oof, err);
    if (oof != NULL)
        return pt_fail(err, PT_ERR_INTERNAL, "out-of-fold probabilities need the liblinear solver");
    svmx_quiet();
    size_t n = X->size1;
    if (n_themes > PT_MAX_THEMES)
        return pt_fail(err, PT_ERR_INTERNAL, "too many themes (%zu)", n_themes);
    csr_to_nodes(X, &s->storage, &s->rows);
    s->n_themes = n_themes;

    theme_job j;
    memset(&j, 0, sizeof j);
    j.rows = s->rows;
    j.n = n;
    j.y = y;
    j.n_themes = n_themes;
    j.param.svm_type = C_SVC;
    j.param.kernel_type = p->kernel == SVMX_RBF ? RBF : LINEAR;
    j.param.gamma = p->gamma > 0 ? p->gamma : svmx_scale_gamma(X);
    j.param.C = p->C;
    j.param.cache_size = 100;
    j.param.eps = 1e-3;
    j.param.shrinking = 1;
    j.param.probability = 1;
    j.class_weights = p->class_weights;
    j.seed = p->seed;
    j.labels = xmalloc((n ? n : 1) * sizeof *j.labels);

    /* Every theme is checked before any is trained, so a bad one is
     * reported at once, not after minutes spent on the others. */
    size_t todo[PT_MAX_THEMES], n_todo = 0;
    int rc = 0;
    for (size_t t = 0; t < n_themes && rc == 0; t++) {
        rc = plan_theme(&j, t, theme_names[t], p, s, err);
        if (rc == 1) {
            todo[n_todo++] = t;
            rc = 0;
        }
    }
    /* A model depends only on its theme's labels, the parameters and the
     * seed, so worker processes, each with a rand() of its own, give the
     * models the loop below gives, bit for bit; a single worker would only
     * add a fork. */
    unsigned jobs = svmx_workers_for(p->jobs, n_todo);
    if (rc == 0 && jobs > 1) {
        rc = svmx_train_workers(todo, n_todo, jobs, train_theme, &j, s->rows, n, s->models, theme_names, err);
    } else {
        for (size_t i = 0; i < n_todo && rc == 0; i++)
            if ((s->models[todo[i]] = train_theme(&j, todo[i])) == NULL)
                rc = pt_fail(err, PT_ERR_INTERNAL, "libsvm failed to train theme '%s'", theme_names[todo[i]]);
    }
    free(j.labels);
    if (rc != 0)
        svmx_free(s);
    return rc;
}

void svmx_predict(const svmx_set *s, const gsl_spmatrix *X, size_t r, double *probs)
{
    size_t len = (size_t)(X->p[r + 1] - X->p[r]);
    struct svm_node stack_nodes[256];
    struct svm_node *nodes = len + 1 <= 256 ? stack_nodes : xmalloc((len + 1) * sizeof *nodes);
    size_t k = 0;
    for (int e = X->p[r]; e < X->p[r + 1]; e++, k++) {
        nodes[k].index = X->i[e] + 1;
        nodes[k].value = X->data[e];
    }
    nodes[k].index = -1;
    for (size_t t = 0; t < s->n_themes; t++) {
        const struct svm_model *m = s->models[t];
        if (m == NULL) {
            probs[t] = s->constant[t];
            continue;
        }
        int labels[2] = {0, 0};
        double est[2] = {0.0, 0.0};
        svm_get_labels(m, labels);
        svm_predict_probability(m, nodes, est);
        probs[t] = labels[0] == 1 ? est[0] : est[1];
    }
    if (nodes != stack_nodes)
        free(nodes);
}

void svmx_free(svmx_set *s)
{
    for (size_t t = 0; t < s->n_themes; t++)
        if (s->models[t])
            svm_free_and_destroy_model(&s->models[t]);
    free(s->storage);
    free(s->rows);
    memset(s, 0, sizeof *s);
}
