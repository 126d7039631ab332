/*
 * parallel.c — n parts of a job on n POSIX threads (parallel.h).
 */
#include "features/parallel.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

void par_run(unsigned n, void *(*fn)(void *), void **args)
{
    assert(n >= 1 && n <= PAR_MAX_THREADS);
    pthread_t th[PAR_MAX_THREADS];
    bool started[PAR_MAX_THREADS] = {false};
    for (unsigned k = 1; k < n; k++)
        started[k] = pthread_create(&th[k], NULL, fn, args[k]) == 0;
    fn(args[0]);
    for (unsigned k = 1; k < n; k++) {
        if (started[k])
            pthread_join(th[k], NULL);
        else
            fn(args[k]);
    }
}

unsigned par_threads_for(size_t work_bytes)
{
    if (work_bytes < PAR_MIN_BYTES)
        return 1;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1)
        return 1;
    return cpus > PAR_MAX_THREADS ? PAR_MAX_THREADS : (unsigned)cpus;
}
