/*
 * parallel.h — the one way the features stage spreads work over threads:
 * a job cut into n parts, run on n threads with the calling thread taking
 * the first, and how many threads an amount of work is worth.  Bags
 * (bags.c), the transform (tfidf.c) and the in-place fit+transform
 * (tfidf_inplace.c) all use it, so the thread count has one rule.
 */
#ifndef PT_PARALLEL_H
#define PT_PARALLEL_H

#include <stddef.h>

#define PAR_MAX_THREADS 8                    /* threads a job may use          */
#define PAR_MIN_BYTES ((size_t)256 << 10)    /* below this, one thread is best */

/* Runs fn(args[k]) for k in [0, n) on n threads (the calling thread runs
 * args[0]; n <= PAR_MAX_THREADS) and returns when all are done.  Falls
 * back to running a part on the calling thread, after the others, when
 * its thread cannot be started: the work, not the parallelism, is the
 * contract.  Can't fail. */
void par_run(unsigned n, void *(*fn)(void *), void **args);

/* Threads to use for work of this many bytes: one per online CPU (at most
 * PAR_MAX_THREADS), one below PAR_MIN_BYTES.  Can't fail. */
unsigned par_threads_for(size_t work_bytes);

#endif
