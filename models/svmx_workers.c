/*
 * svmx_workers.c — training themes in worker processes (svmx_workers.h).
 *
 * A worker is a forked child that trains one theme, writes the model to its
 * pipe and leaves with _exit (no atexit handlers, no LeakSanitizer report:
 * the memory is the parent's copy).  The parent keeps at most `jobs` of them
 * running, takes each model as soon as its worker is done (poll), and puts
 * it in the theme's slot: the order in which workers finish never shows in
 * the result.  A worker holds nothing of the parent's but its memory: it
 * closes every inherited descriptor but its pipe and stdio (a copy of a
 * flock'd lock file would keep the store locked after the parent died), and
 * dies with the parent (PR_SET_PDEATHSIG).
 */
#include "svmx_workers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/xalloc.h"

/* How a worker exits when it has no model to send (the parent turns the
 * status into a message). */
enum { WORKER_NO_MODEL = 3, WORKER_SEND_FAILED = 4 };

/* ---- the model, in exact binary form ----
 *
 * head: nr_class, l, whether probA/probB follow; the parameters that shape
 * predictions and svm_save_model's output (as separate ints and doubles, so
 * no struct padding crosses the pipe); then label[nr_class], nSV[nr_class],
 * sv_indices[l], the nr_class - 1 rows of sv_coef[l], rho[k], and probA[k],
 * probB[k] (k = nr_class (nr_class - 1) / 2).  Support vectors are not sent:
 * sv_indices says which rows of the problem they are, and the parent has
 * those rows. */

enum { HEAD_INTS = 3, PARAM_INTS = 5, PARAM_DOUBLES = 7 };

static void param_pack(const struct svm_parameter *p, int *pi, double *pd)
{
    int ints[PARAM_INTS] = {p->svm_type, p->kernel_type, p->degree, p->shrinking, p->probability};
    double doubles[PARAM_DOUBLES] = {p->gamma, p->coef0, p->cache_size, p->eps, p->C, p->nu, p->p};
    memcpy(pi, ints, sizeof ints);
    memcpy(pd, doubles, sizeof doubles);
}

/* The class weights are not restored: they only matter while training, and
 * pointers to them would dangle (svm_train copies param's pointers). */
static void param_unpack(struct svm_parameter *p, const int *pi, const double *pd)
{
    memset(p, 0, sizeof *p);
    p->svm_type = pi[0];
    p->kernel_type = pi[1];
    p->degree = pi[2];
    p->shrinking = pi[3];
    p->probability = pi[4];
    p->gamma = pd[0];
    p->coef0 = pd[1];
    p->cache_size = pd[2];
    p->eps = pd[3];
    p->C = pd[4];
    p->nu = pd[5];
    p->p = pd[6];
}

static int model_send(int fd, const struct svm_model *m)
{
    size_t nc = (size_t)m->nr_class, l = (size_t)m->l, k = nc * (nc - 1) / 2;
    int head[HEAD_INTS] = {m->nr_class, m->l, m->probA != NULL && m->probB != NULL};
    int pi[PARAM_INTS];
    double pd[PARAM_DOUBLES];
    param_pack(&m->param, pi, pd);
    if (fsio_write_full(fd, head, sizeof head) != 0 || fsio_write_full(fd, pi, sizeof pi) != 0 ||
        fsio_write_full(fd, pd, sizeof pd) != 0 || fsio_write_full(fd, m->label, nc * sizeof(int)) != 0 ||
        fsio_write_full(fd, m->nSV, nc * sizeof(int)) != 0 || fsio_write_full(fd, m->sv_indices, l * sizeof(int)) != 0)
        return -1;
    for (size_t i = 0; i + 1 < nc; i++)
        if (fsio_write_full(fd, m->sv_coef[i], l * sizeof(double)) != 0)
            return -1;
    if (fsio_write_full(fd, m->rho, k * sizeof(double)) != 0)
        return -1;
    if (head[2] && (fsio_write_full(fd, m->probA, k * sizeof(double)) != 0 ||
                    fsio_write_full(fd, m->probB, k * sizeof(double)) != 0))
        return -1;
    return 0;
}

/* Zeroed, never NULL: libsvm frees every array with free(). */
static void *alloc_array(size_t n, size_t size)
{
    return xcalloc(n ? n : 1, size);
}

/* Checks what the arrays say about each other; sv_indices must name rows. */
static int model_consistent(const struct svm_model *m, size_t n_rows)
{
    long total = 0;
    for (int c = 0; c < m->nr_class; c++) {
        if (m->nSV[c] < 0)
            return 0;
        total += m->nSV[c];
    }
    if (total != m->l)
        return 0;
    for (int i = 0; i < m->l; i++)
        if (m->sv_indices[i] < 1 || (size_t)m->sv_indices[i] > n_rows)
            return 0;
    return 1;
}

/* Reads a model sent by model_send and rebuilds it as svm_train builds it:
 * every array malloc'ed on its own, SV[i] pointing at the problem's row
 * sv_indices[i] - 1, free_sv 0 (the rows are not the model's), so that
 * svm_free_and_destroy_model releases it.  NULL when the message is
 * incomplete or inconsistent. */
static struct svm_model *model_receive(int fd, struct svm_node **rows, size_t n_rows)
{
    int head[HEAD_INTS], pi[PARAM_INTS];
    double pd[PARAM_DOUBLES];
    if (fsio_read_full(fd, head, sizeof head) != 0 || fsio_read_full(fd, pi, sizeof pi) != 0 ||
        fsio_read_full(fd, pd, sizeof pd) != 0)
        return NULL;
    if (head[0] < 1 || (size_t)head[0] > n_rows || head[1] < 0 || (size_t)head[1] > n_rows)
        return NULL;
    size_t nc = (size_t)head[0], l = (size_t)head[1], k = nc * (nc - 1) / 2;

    struct svm_model *m = xcalloc(1, sizeof *m);
    param_unpack(&m->param, pi, pd);
    m->nr_class = head[0];
    m->l = head[1];
    m->free_sv = 0;
    m->label = alloc_array(nc, sizeof(int));
    m->nSV = alloc_array(nc, sizeof(int));
    m->sv_indices = alloc_array(l, sizeof(int));
    m->sv_coef = alloc_array(nc - 1, sizeof(double *));
    m->rho = alloc_array(k, sizeof(double));
    int ok = fsio_read_full(fd, m->label, nc * sizeof(int)) == 0 && fsio_read_full(fd, m->nSV, nc * sizeof(int)) == 0 &&
             fsio_read_full(fd, m->sv_indices, l * sizeof(int)) == 0;
    for (size_t i = 0; ok && i + 1 < nc; i++) {
        m->sv_coef[i] = alloc_array(l, sizeof(double));
        ok = fsio_read_full(fd, m->sv_coef[i], l * sizeof(double)) == 0;
    }
    ok = ok && fsio_read_full(fd, m->rho, k * sizeof(double)) == 0;
    if (ok && head[2]) {
        m->probA = alloc_array(k, sizeof(double));
        m->probB = alloc_array(k, sizeof(double));
        ok = fsio_read_full(fd, m->probA, k * sizeof(double)) == 0 && fsio_read_full(fd, m->probB, k * sizeof(double)) == 0;
    }
    if (!ok || !model_consistent(m, n_rows)) {
        svm_free_and_destroy_model(&m); /* frees what was allocated; free_sv 0 spares the rows */
        return NULL;
    }
    m->SV = alloc_array(l, sizeof *m->SV);
    for (size_t i = 0; i < l; i++)
        m->SV[i] = rows[m->sv_indices[i] - 1];
    return m;
}

/* ---- the workers ---- */

typedef struct {
    pid_t pid; /* 0: the slot is free */
    int fd;    /* read end of the worker's pipe */
    size_t t;  /* the theme it trains */
} worker;

/* In a new worker: death with the parent, and only stdio and keep_fd
 * open.  Returns 0, or -1 when the parent is already gone. */
static int worker_detach(int keep_fd, pid_t parent)
{
    /* Killed when the parent dies; and if it died before this was set, the
     * child has been re-parented already: leave. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        return -1;
    /* Every descriptor but stdio and the pipe: the parent's locks
     * (<store>.lock, <out>.lock), the other workers' pipes, open files. */
    if (keep_fd > 3)
        close_range(3, (unsigned)keep_fd - 1, 0);
    close_range((unsigned)keep_fd + 1, ~0u, 0);
    return 0;
}

pid_t svmx_worker_fork(int *fd, int fail_status)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    fflush(NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        if (worker_detach(fds[1], parent) != 0)
            _exit(fail_status);
        *fd = fds[1];
        return 0;
    }
    close(fds[1]); /* the parent's copy would keep the pipe open after the child died */
    *fd = fds[0];
    return pid;
}

/* In the child: trains, sends, and leaves with _exit, never exit (no atexit
 * handlers, no stdio flush, no leak report over the parent's memory). */
static _Noreturn void worker_main(int fd, svmx_theme_trainer train, void *ctx, size_t t)
{
    struct svm_model *m = train(ctx, t);
    int status = m == NULL ? WORKER_NO_MODEL : model_send(fd, m) != 0 ? WORKER_SEND_FAILED : 0;
    if (m != NULL)
        svm_free_and_destroy_model(&m); /* so valgrind, which checks children too, sees nothing lost */
    close(fd);
    _exit(status);
}

/* Starts a worker for theme t in the free slot w.  Returns 0, or -1 when no
 * process (or pipe) could be had: the caller then trains t itself. */
static int worker_start(worker *w, size_t t, svmx_theme_trainer train, void *ctx)
{
    int fd;
    pid_t pid = svmx_worker_fork(&fd, WORKER_SEND_FAILED);
    if (pid < 0)
        return -1;
    if (pid == 0)
        worker_main(fd, train, ctx, t);
    w->pid = pid;
    w->fd = fd;
    w->t = t;
    return 0;
}

int svmx_worker_reap(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return status;
}

/* Why a worker sent no (complete) model. */
static void worker_failure(int status, char *buf, size_t size)
{
    if (status == -1)
        snprintf(buf, size, "its worker process could not be waited for");
    else if (WIFSIGNALED(status))
        snprintf(buf, size, "its worker process was killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else if (WIFEXITED(status) && WEXITSTATUS(status) == WORKER_SEND_FAILED)
        snprintf(buf, size, "its worker process could not send the model");
    else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        snprintf(buf, size, "its worker process exited with status %d", WEXITSTATUS(status));
    else
        snprintf(buf, size, "its worker process sent an incomplete model");
}

/* Takes w's model into models[w->t], reaps the worker and frees the slot.
 * Returns 0, or -1 with err. */
static int worker_finish(worker *w, struct svm_node **rows, size_t n_rows, struct svm_model **models,
                         const char *const *theme_names, pt_error *err)
{
    struct svm_model *m = model_receive(w->fd, rows, n_rows);
    close(w->fd);
    int status = svmx_worker_reap(w->pid);
    w->pid = 0;
    if (m != NULL && status == 0) {
        models[w->t] = m;
        return 0;
    }
    if (m != NULL)
        svm_free_and_destroy_model(&m);
    if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == WORKER_NO_MODEL)
        return pt_fail(err, PT_ERR_INTERNAL, "libsvm failed to train theme '%s'", theme_names[w->t]);
    char why[160];
    worker_failure(status, why, sizeof why);
    return pt_fail(err, PT_ERR_INTERNAL, "training theme '%s' failed: %s", theme_names[w->t], why);
}

/* Blocks until a running worker has something to say (its model, or end of
 * file when it died).  Returns its slot, or -1 when poll fails. */
static long wait_ready(const worker *w, size_t jobs, struct pollfd *pfd)
{
    for (size_t k = 0; k < jobs; k++) {
        pfd[k].fd = w[k].pid != 0 ? w[k].fd : -1; /* poll skips negative descriptors */
        pfd[k].events = POLLIN;
        pfd[k].revents = 0;
    }
    for (;;) {
        if (poll(pfd, (nfds_t)jobs, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        for (size_t k = 0; k < jobs; k++)
            if (pfd[k].revents != 0)
                return (long)k;
    }
}

/* After a failure: kills and reaps whatever still runs. */
static void workers_stop(worker *w, size_t jobs)
{
    for (size_t k = 0; k < jobs; k++) {
        if (w[k].pid == 0)
            continue;
        kill(w[k].pid, SIGKILL);
        close(w[k].fd);
        svmx_worker_reap(w[k].pid);
        w[k].pid = 0;
    }
}

int svmx_train_workers(const size_t *themes, size_t n, unsigned jobs, svmx_theme_trainer train, void *ctx,
                       struct svm_node **rows, size_t n_rows, struct svm_model **models,
                       const char *const *theme_names, pt_error *err)
{
    size_t slots = jobs < 1 ? 1 : jobs < n ? jobs : n, next = 0, running = 0;
    if (n == 0)
        return 0;
    worker *w = xcalloc(slots, sizeof *w);
    struct pollfd *pfd = xcalloc(slots, sizeof *pfd);
    int rc = 0;
    while (rc == 0 && (next < n || running > 0)) {
        for (size_t k = 0; k < slots && next < n && rc == 0; k++) {
            if (w[k].pid != 0)
                continue;
            size_t t = themes[next++];
            if (worker_start(&w[k], t, train, ctx) == 0) {
                running++;
            } else if ((models[t] = train(ctx, t)) == NULL) { /* same seed here: same model */
                rc = pt_fail(err, PT_ERR_INTERNAL, "libsvm failed to train theme '%s'", theme_names[t]);
            }
        }
        if (rc != 0 || running == 0)
            continue;
        long k = wait_ready(w, slots, pfd);
        if (k < 0) {
            rc = pt_fail(err, PT_ERR_INTERNAL, "waiting for the training workers: %s", strerror(errno));
            break;
        }
        rc = worker_finish(&w[k], rows, n_rows, models, theme_names, err);
        running--;
    }
    workers_stop(w, slots);
    free(w);
    free(pfd);
    return rc;
}
