/*
 * svmx_workers.h — training themes in worker processes (internal to svmx.c;
 * the tests use it too).
 *
 * libsvm's Platt scaling draws from the process-wide rand(), so the themes
 * cannot be trained on threads and stay reproducible.  Each theme is trained
 * instead in a forked child, which has a rand() of its own and seeds it
 * exactly as the serial code does.  The child sends the model back over a
 * pipe in exact binary form (raw ints and doubles) and the parent rebuilds
 * it over its own copy of the rows: svm_save_model writes the same bytes and
 * svm_predict_probability gives the same numbers as for a model trained
 * in-process, whatever the number of workers.
 */
#ifndef PT_SVMX_WORKERS_H
#define PT_SVMX_WORKERS_H

#include <libsvm/svm.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/error.h"

/* Trains theme t and returns its model, whose support vectors point into the
 * rows given to svmx_train_workers (as svm_train's do into prob.x), or NULL
 * when libsvm fails.  Runs in a worker process, or in the caller when no
 * process can be started; must not leave the model's param pointing at
 * memory it owns (weight, weight_label). */
typedef struct svm_model *(*svmx_theme_trainer)(void *ctx, size_t t);

/* Trains the themes themes[0..n) with train(ctx, t), at most `jobs` worker
 * processes at a time, and stores the model of theme t in models[t], its
 * support vectors pointing into rows[0..n_rows).  Falls back to training a
 * theme in-process when fork (or pipe) fails.  Returns 0, or -1 with err
 * (PT_ERR_INTERNAL, naming the theme from theme_names) once every worker has
 * been stopped and reaped; models received before the failure stay in
 * models, for the caller to free. */
int svmx_train_workers(const size_t *themes, size_t n, unsigned jobs, svmx_theme_trainer train, void *ctx,
                       struct svm_node **rows, size_t n_rows, struct svm_model **models,
                       const char *const *theme_names, pt_error *err);

/* Starts a worker process joined to this one by a pipe.  In the parent:
 * returns the worker's pid with *fd the pipe's read end (end of file once
 * the worker is gone).  In the worker: returns 0 with *fd the write end,
 * the worker detached first: SIGKILL asked for when the parent dies, every
 * inherited descriptor but stdio and the pipe closed (the parent's lock
 * files among them, so a killed run's store is not kept locked by its
 * workers); a worker that cannot detach (the parent already gone) leaves
 * by _exit(fail_status).  Returns -1 when no pipe or process could be had
 * (the caller then does the work itself).  Output buffered in stdio is
 * flushed before the fork, or the worker would inherit it. */
pid_t svmx_worker_fork(int *fd, int fail_status);

/* Waits for the worker pid, retrying on EINTR; returns its wait status, or
 * -1 when it cannot be had. */
int svmx_worker_reap(pid_t pid);

#endif
