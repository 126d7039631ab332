/*
 * lock.h — advisory locks that keep two politrend runs from interleaving
 * their writes to one corpus store or one output directory.  The lock is an
 * flock(2) on "<path>.lock" beside the thing it protects; the kernel drops
 * it when the process ends, however it ends, so a killed run never leaves a
 * stale lock behind.
 */
#ifndef PT_LOCK_H
#define PT_LOCK_H

#include <stdbool.h>

#include "base/error.h"

typedef struct {
    int fd;
} cli_lock;

/* Locks path (exclusively).  When another process holds it: waits (saying
 * so on stderr when it is a terminal), or with wait false fails with
 * PT_ERR_TEMPFAIL and a message naming the path.  Returns 0 or -1. */
int cli_lock_acquire(cli_lock *l, const char *path, bool wait, pt_error *err);

/* Releases the lock (closing its file); safe on a lock never acquired. */
void cli_lock_release(cli_lock *l);

#endif
