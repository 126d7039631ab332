/*
 * linear.c — LIBLINEAR training, Platt calibration on out-of-fold decision
 * values, and the libsvm form of the result (linear.h).
 *
 * Each theme has one block of doubles: the dense weight vector, the bias,
 * Platt's A and B, then the out-of-fold value of every row.  Its k + 1 fits
 * are separate tasks (so that two cores stay busy with five themes), each
 * writing its own part of the block: a calibration fit the decision values
 * of its held-out rows, the final fit the weights and bias.  The parent
 * fits Platt's sigmoid once a theme's tasks are done.  The blocks live in
 * an anonymous shared mapping, so a worker process writes where the parent
 * reads: no pipe protocol, nothing to rebuild.  A worker's pipe only tells
 * the parent, by closing, that the worker is gone; its exit status says
 * whether its part is complete.
 */
#include "linear.h"

#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <linear.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "models/platt.h"
#include "models/svmx_workers.h"

/* LIBLINEAR's stopping tolerance for the dual solver (its own default). */
#define LINEAR_EPS 0.1

/* How a worker exits when its theme could not be trained. */
enum { WORKER_FAILED = 3 };

/* What every theme's training needs; each worker has its own copy (fork). */
typedef struct {
    const gsl_spmatrix *X;
    struct feature_node **rows;       /* LIBLINEAR's rows, bias feature included */
    const int *index;                 /* LIBLINEAR's index of each column (from 1) */
    size_t n, n_cols;
    const unsigned char *y;
    size_t n_themes;
    const size_t *fold;
    size_t k;
    double C;
    bool class_weights;
    unsigned seed;
    double *blocks;                   /* n_themes blocks of block_len doubles */
    size_t block_len;
} linear_job;

static void print_nothing(const char *s)
{
    (void)s;
}

/* Orders two columns by falling number of non-zeros, then by index. */
static int column_cmp(const void *a, const void *b, void *counts)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const size_t *nnz = counts;
    if (nnz[x] != nnz[y])
        return nnz[x] > nnz[y] ? -1 : 1;
    return (x > y) - (x < y);
}

/* LIBLINEAR's index (from 1) for each column of X: the columns renumbered
 * by falling number of non-zeros.  Its dual solver reads and updates the
 * weight of every non-zero of a row, and a weight vector of 700,000 terms
 * (70,000 news items) does not fit a core's cache; numbered by frequency,
 * the weights touched most sit side by side.  That cut the CPU time of
 * `train` on 70,000 news items by a quarter (bench/RESULTS.md).  Ties keep
 * their order, so the numbering depends on X only. */
static int *columns_by_frequency(const gsl_spmatrix *X)
{
    size_t m = X->size2;
    size_t *nnz = xcalloc(m ? m : 1, sizeof *nnz);
    for (size_t e = 0; e < X->nz; e++)
        nnz[X->i[e]]++;
    size_t *order = xmalloc((m ? m : 1) * sizeof *order);
    for (size_t c = 0; c < m; c++)
        order[c] = c;
    qsort_r(order, m, sizeof *order, column_cmp, nnz);
    int *index = xmalloc((m ? m : 1) * sizeof *index);
    for (size_t c = 0; c < m; c++)
        index[order[c]] = (int)c + 1;
    free(order);
    free(nnz);
    return index;
}

static int node_cmp(const void *a, const void *b)
{
    const struct feature_node *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

/* The rows in LIBLINEAR's layout: index:value (index[] of the column, in
 * increasing order, as LIBLINEAR wants them), then the bias feature
 * n_cols + 1 with value 1, then index -1. */
static void rows_build(const gsl_spmatrix *X, const int *index, struct feature_node **storage,
                       struct feature_node ***rows)
{
    size_t n = X->size1;
    *storage = xmalloc((X->nz + 2 * n + 1) * sizeof **storage);
    *rows = xmalloc((n ? n : 1) * sizeof **rows);
    struct feature_node *out = *storage;
    for (size_t r = 0; r < n; r++) {
        (*rows)[r] = out;
        for (int e = X->p[r]; e < X->p[r + 1]; e++) {
            out->index = index[X->i[e]];
            out->value = X->data[e];
            out++;
        }
        qsort((*rows)[r], (size_t)(out - (*rows)[r]), sizeof *out, node_cmp);
        out->index = (int)X->size2 + 1;
        out->value = 1.0;
        out++;
        out->index = -1;
        out->value = 0.0;
        out++;
    }
}

/* w . x_r + b, from the CSR row of X. */
static double decision(const gsl_spmatrix *X, size_t r, const double *w, double b)
{
    double sum = b;
    for (int e = X->p[r]; e < X->p[r + 1]; e++)
        sum += w[X->i[e]] * X->data[e];
    return sum;
}

/* One fit of theme t on the rows whose fold is not `held` (every row when
 * held is k): writes the weights into w[0..n_cols) and returns the bias in
 * *b.  Rows of one class only give the constant decision +1 or -1 (w 0), as
 * libsvm's own cross-validation does.  labels holds +1 / -1 for every row;
 * sub_x and sub_y are scratch of n entries.  Returns 0, or -1 when
 * LIBLINEAR fails. */
static int fit(const linear_job *j, const double *labels, size_t held, struct feature_node **sub_x, double *sub_y,
               double pos_weight, double *w, double *b)
{
    size_t l = 0, pos = 0;
    for (size_t r = 0; r < j->n; r++) {
        if (held < j->k && j->fold[r] == held)
            continue;
        sub_x[l] = j->rows[r];
        sub_y[l] = labels[r];
        pos += labels[r] > 0;
        l++;
    }
    memset(w, 0, j->n_cols * sizeof *w);
    if (pos == 0 || pos == l) {
        *b = l == 0 ? 0.0 : pos == 0 ? -1.0 : 1.0;
        return 0;
    }
    struct problem prob = {.l = (int)l, .n = (int)j->n_cols + 1, .y = sub_y, .x = sub_x, .bias = 1.0};
    int weight_label[1] = {1};
    double weight[1] = {pos_weight};
    struct parameter param = {.solver_type = L2R_L1LOSS_SVC_DUAL, .eps = LINEAR_EPS, .C = j->C, .p = 0.1};
    if (j->class_weights) {
        param.nr_weight = 1;
        param.weight_label = weight_label;
        param.weight = weight;
    }
    if (check_parameter(&prob, &param) != NULL)
        return -1;
    srand(j->seed); /* the dual solver shuffles its coordinates with rand() */
    struct model *m = train(&prob, &param);
    if (m == NULL)
        return -1;
    /* Two classes: one weight vector for the model's first label, the bias
     * weight last.  LIBLINEAR puts +1 first for -1/+1 labels; the sign is
     * taken from the label anyway. */
    double sign = m->label[0] == 1 ? 1.0 : -1.0;
    for (size_t c = 0; c < j->n_cols; c++)
        w[c] = j->index[c] <= m->nr_feature ? sign * m->w[j->index[c] - 1] : 0.0;
    *b = sign * m->w[m->nr_feature] * m->bias;
    free_and_destroy_model(&m);
    return 0;
}

/* One task: fit `held` of theme t (0..k-1: a calibration fit without fold
 * `held`, whose decision values on that fold go into the block's
 * out-of-fold part; k: the final fit on every row, whose weights and bias
 * go into the block's head).  The tasks of a theme write disjoint parts of
 * its block, so they may run in any order and any process.  Returns 0 or
 * -1. */
static int task_work(const linear_job *j, size_t t, size_t held)
{
    double *block = j->blocks + t * j->block_len;
    double *oof = block + j->n_cols + 3;
    size_t n = j->n, pos = 0;
    double *labels = xmalloc((n ? n : 1) * sizeof *labels);
    double *sub_y = xmalloc((n ? n : 1) * sizeof *sub_y);
    struct feature_node **sub_x = xmalloc((n ? n : 1) * sizeof *sub_x);
    for (size_t r = 0; r < n; r++) {
        labels[r] = j->y[r * j->n_themes + t] ? 1.0 : -1.0;
        pos += labels[r] > 0;
    }
    /* The weight svmx gives libsvm: n_negative / n_positive of all rows,
     * kept for every fold's fit as libsvm keeps it for its own. */
    double pos_weight = pos > 0 ? (double)(n - pos) / (double)pos : 1.0, b = 0.0;
    double *w = held == j->k ? block : xmalloc((j->n_cols ? j->n_cols : 1) * sizeof *w);
    int rc = fit(j, labels, held, sub_x, sub_y, pos_weight, w, &b);
    if (rc == 0 && held == j->k)
        block[j->n_cols] = b;
    for (size_t r = 0; rc == 0 && held < j->k && r < n; r++)
        if (j->fold[r] == held)
            oof[r] = decision(j->X, r, w, b);
    if (w != block)
        free(w);
    free(labels);
    free(sub_y);
    free(sub_x);
    return rc;
}

/* Once every task of theme t is done: Platt's sigmoid fitted to the
 * out-of-fold decision values, which become out-of-fold probabilities. */
static void theme_calibrate(const linear_job *j, size_t t)
{
    double *block = j->blocks + t * j->block_len;
    double *oof = block + j->n_cols + 3;
    unsigned char *is_pos = xmalloc(j->n ? j->n : 1);
    for (size_t r = 0; r < j->n; r++)
        is_pos[r] = j->y[r * j->n_themes + t] != 0;
    double A, B;
    platt_fit(oof, is_pos, j->n, &A, &B);
    for (size_t r = 0; r < j->n; r++)
        oof[r] = platt_prob(oof[r], A, B);
    block[j->n_cols + 1] = A;
    block[j->n_cols + 2] = B;
    free(is_pos);
}

/* ---- worker processes ---- */

/* A task: theme t, fit `held` (task_work). */
typedef struct {
    size_t t, held;
} task;

typedef struct {
    pid_t pid; /* 0: free */
    int fd;    /* read end: end of file when the worker is gone */
    size_t t;
} worker;

/* Starts a worker for task k in slot w; -1 when no process or pipe could be
 * had (the caller then does the work itself). */
static int worker_start(worker *w, const linear_job *j, task k)
{
    int fd;
    pid_t pid = svmx_worker_fork(&fd, WORKER_FAILED);
    if (pid < 0)
        return -1;
    if (pid == 0) /* _exit: no atexit handlers, no leak report */
        _exit(task_work(j, k.t, k.held) == 0 ? 0 : WORKER_FAILED);
    w->pid = pid;
    w->fd = fd;
    w->t = k.t;
    return 0;
}

/* Reaps slot w's worker; 0 when its block is complete, else -1 with err. */
static int worker_finish(worker *w, const char *const *theme_names, pt_error *err)
{
    close(w->fd);
    int status = svmx_worker_reap(w->pid);
    w->pid = 0;
    if (status == 0)
        return 0;
    if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == WORKER_FAILED)
        return pt_fail(err, PT_ERR_INTERNAL, "liblinear failed to train theme '%s'", theme_names[w->t]);
    if (status != -1 && WIFSIGNALED(status))
        return pt_fail(err, PT_ERR_INTERNAL, "training theme '%s' failed: its worker process was killed by signal %d (%s)",
                       theme_names[w->t], WTERMSIG(status), strsignal(WTERMSIG(status)));
    return pt_fail(err, PT_ERR_INTERNAL, "training theme '%s' failed: its worker process exited with status %d",
                   theme_names[w->t], status == -1 ? -1 : WEXITSTATUS(status));
}

/* Runs the tasks tasks[0..n), at most `jobs` workers at a time (jobs 1:
 * all in this process). */
static int run_tasks(const linear_job *j, const task *tasks, size_t n, unsigned jobs,
                     const char *const *theme_names, pt_error *err)
{
    int rc = 0;
    if (jobs <= 1) {
        for (size_t i = 0; i < n && rc == 0; i++)
            if (task_work(j, tasks[i].t, tasks[i].held) != 0)
                rc = pt_fail(err, PT_ERR_INTERNAL, "liblinear failed to train theme '%s'", theme_names[tasks[i].t]);
        return rc;
    }
    size_t slots = jobs < n ? jobs : n, next = 0, running = 0;
    worker *w = xcalloc(slots ? slots : 1, sizeof *w);
    struct pollfd *pfd = xcalloc(slots ? slots : 1, sizeof *pfd);
    while (rc == 0 && (next < n || running > 0)) {
        for (size_t s = 0; s < slots && next < n && rc == 0; s++) {
            if (w[s].pid != 0)
                continue;
            task k = tasks[next++];
            if (worker_start(&w[s], j, k) == 0)
                running++;
            else if (task_work(j, k.t, k.held) != 0) /* the same seed here: the same block */
                rc = pt_fail(err, PT_ERR_INTERNAL, "liblinear failed to train theme '%s'", theme_names[k.t]);
        }
        if (rc != 0 || running == 0)
            continue;
        for (size_t s = 0; s < slots; s++) {
            pfd[s].fd = w[s].pid != 0 ? w[s].fd : -1;
            pfd[s].events = POLLIN;
            pfd[s].revents = 0;
        }
        if (poll(pfd, (nfds_t)slots, -1) < 0) {
            if (errno == EINTR)
                continue;
            rc = pt_fail(err, PT_ERR_INTERNAL, "waiting for the training workers: %s", strerror(errno));
            break;
        }
        for (size_t s = 0; s < slots && rc == 0; s++)
            if (w[s].pid != 0 && pfd[s].revents != 0) {
                rc = worker_finish(&w[s], theme_names, err);
                running--;
            }
    }
    for (size_t s = 0; s < slots; s++)
        if (w[s].pid != 0) {
            kill(w[s].pid, SIGKILL);
            close(w[s].fd);
            svmx_worker_reap(w[s].pid);
        }
    free(w);
    free(pfd);
    return rc;
}

/* ---- the libsvm form ---- */

/* A libsvm model whose decision value is w . x + b, owning all its memory
 * (free_sv 1: svm_free_and_destroy_model frees the support vector too). */
static struct svm_model *as_libsvm(const double *w, size_t n_cols, double b, double A, double B, double C)
{
    size_t nz = 0;
    for (size_t c = 0; c < n_cols; c++)
        nz += w[c] != 0.0;
    struct svm_model *m = xcalloc(1, sizeof *m);
    m->param.svm_type = C_SVC;
    m->param.kernel_type = LINEAR;
    m->param.C = C;
    m->param.probability = 1;
    m->nr_class = 2;
    m->l = 1;
    m->SV = xmalloc(sizeof *m->SV);
    struct svm_node *sv = xmalloc((nz + 1) * sizeof *sv);
    size_t k = 0;
    for (size_t c = 0; c < n_cols; c++)
        if (w[c] != 0.0) {
            sv[k].index = (int)c + 1;
            sv[k].value = w[c];
            k++;
        }
    sv[k].index = -1;
    sv[k].value = 0.0;
    m->SV[0] = sv;
    m->sv_coef = xmalloc(sizeof *m->sv_coef);
    m->sv_coef[0] = xmalloc(sizeof **m->sv_coef);
    m->sv_coef[0][0] = 1.0;
    m->rho = xmalloc(sizeof *m->rho);
    m->rho[0] = -b;
    m->probA = xmalloc(sizeof *m->probA);
    m->probA[0] = A;
    m->probB = xmalloc(sizeof *m->probB);
    m->probB[0] = B;
    m->label = xmalloc(2 * sizeof *m->label);
    m->label[0] = 1;
    m->label[1] = -1;
    m->nSV = xmalloc(2 * sizeof *m->nSV);
    m->nSV[0] = 1;
    m->nSV[1] = 0;
    m->free_sv = 1;
    return m;
}

/* Rows dealt to k folds after a shuffle seeded with seed. */
static void shuffled_folds(size_t n, size_t k, unsigned seed, size_t *fold)
{
    size_t *perm = xmalloc((n ? n : 1) * sizeof *perm);
    for (size_t r = 0; r < n; r++)
        perm[r] = r;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    if (n > 1)
        gsl_ran_shuffle(rng, perm, n, sizeof *perm);
    gsl_rng_free(rng);
    for (size_t i = 0; i < n; i++)
        fold[perm[i]] = i % k;
    free(perm);
}

int linear_train(svmx_set *s, const gsl_spmatrix *X, const unsigned char *y, size_t n_themes,
                 const char *const *theme_names, const svmx_params *p, const size_t *fold, size_t k, double *oof,
                 pt_error *err)
{
    memset(s, 0, sizeof *s);
    if (n_themes > PT_MAX_THEMES)
        return pt_fail(err, PT_ERR_INTERNAL, "too many themes (%zu)", n_themes);
    if (X->size2 >= (size_t)INT32_MAX - 2 || X->size1 >= (size_t)INT32_MAX)
        return pt_fail(err, PT_ERR_DATA, "%zu documents x %zu terms: more than liblinear can index", X->size1,
                       X->size2);
    size_t n = X->size1;
    s->n_themes = n_themes;
    size_t todo[PT_MAX_THEMES], n_todo = 0;
    for (size_t t = 0; t < n_themes; t++) {
        size_t pos = 0;
        for (size_t r = 0; r < n; r++)
            pos += y[r * n_themes + t] != 0;
        int plan = svmx_plan_theme(p, pos, n, theme_names[t], &s->constant[t], err);
        if (plan < 0)
            return -1;
        if (plan == 1)
            todo[n_todo++] = t;
    }
    set_print_string_function(print_nothing);

    size_t *own_fold = NULL;
    if (fold == NULL || k < 2) {
        k = n < LINEAR_CAL_FOLDS ? (n > 1 ? n : 1) : LINEAR_CAL_FOLDS;
        own_fold = xmalloc((n ? n : 1) * sizeof *own_fold);
        shuffled_folds(n, k, p->seed, own_fold);
        fold = own_fold;
    }
    struct feature_node *storage, **rows;
    int *index = columns_by_frequency(X);
    rows_build(X, index, &storage, &rows);
    linear_job j = {.X = X, .rows = rows, .index = index, .n = n, .n_cols = X->size2, .y = y, .n_themes = n_themes,
                    .fold = fold, .k = k, .C = p->C, .class_weights = p->class_weights, .seed = p->seed};
    j.block_len = j.n_cols + 3 + n;
    /* One block per theme, indexed by theme (a constant theme's stays
     * unused): mapped shared, so that workers write where the parent reads. */
    size_t bytes = (n_themes ? n_themes : 1) * j.block_len * sizeof(double);
    void *map = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int rc = 0;
    if (map == MAP_FAILED) {
        rc = pt_fail(err, PT_ERR_INTERNAL, "cannot map %zu bytes for the models: %s", bytes, strerror(errno));
    } else {
        j.blocks = map;
        /* k + 1 tasks a theme, not one: with 5 themes on 2 cores a worker
         * would idle through the last theme.  The final fits (all rows, the
         * longest) go first. */
        task *tasks = xmalloc((n_todo ? n_todo : 1) * (k + 1) * sizeof *tasks);
        size_t n_tasks = 0;
        for (size_t held = k + 1; held-- > 0;)
            for (size_t i = 0; i < n_todo; i++)
                tasks[n_tasks++] = (task){todo[i], held};
        rc = run_tasks(&j, tasks, n_tasks, svmx_workers_for(p->jobs, n_tasks), theme_names, err);
        free(tasks);
        for (size_t i = 0; i < n_todo && rc == 0; i++)
            theme_calibrate(&j, todo[i]);
        for (size_t i = 0; i < n_todo && rc == 0; i++) {
            size_t t = todo[i];
            const double *block = j.blocks + t * j.block_len;
            s->models[t] = as_libsvm(block, j.n_cols, block[j.n_cols], block[j.n_cols + 1], block[j.n_cols + 2], p->C);
        }
        if (rc == 0 && oof != NULL) {
            for (size_t t = 0; t < n_themes; t++) {
                const double *probs = s->models[t] ? j.blocks + t * j.block_len + j.n_cols + 3 : NULL;
                for (size_t r = 0; r < n; r++)
                    oof[r * n_themes + t] = probs ? probs[r] : s->constant[t];
            }
        }
        munmap(map, bytes);
    }
    free(own_fold);
    free(storage);
    free(rows);
    free(index);
    if (rc != 0)
        svmx_free(s);
    return rc;
}
