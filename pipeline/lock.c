/*
 * lock.c — flock-based advisory locks (lock.h).
 */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/xalloc.h"

int cli_lock_acquire(cli_lock *l, const char *path, bool wait, pt_error *err)
{
    l->fd = -1;
    size_t n = strlen(path) + 8;
    char *lock_path = xmalloc(n);
    snprintf(lock_path, n, "%s.lock", path);
    char *parent = xstrdup(lock_path);
    char *slash = strrchr(parent, '/');
    if (slash != NULL && slash != parent) {
        *slash = '\0';
        if (fsio_mkdirs(parent, err) != 0) {
            free(parent);
            free(lock_path);
            return -1;
        }
    }
    free(parent);
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot create lock file: %s", lock_path, strerror(errno));
        free(lock_path);
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK) {
            pt_fail(err, PT_ERR_IO, "%s: cannot lock: %s", lock_path, strerror(errno));
            close(fd);
            free(lock_path);
            return -1;
        }
        if (!wait) {
            pt_fail(err, PT_ERR_TEMPFAIL, "%s is in use by another politrend run (lock %s); try again later",
                    path, lock_path);
            close(fd);
            free(lock_path);
            return -1;
        }
        if (isatty(STDERR_FILENO))
            fprintf(stderr, "politrend: waiting for another run to release %s...\n", path);
        while (flock(fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                pt_fail(err, PT_ERR_IO, "%s: cannot lock: %s", lock_path, strerror(errno));
                close(fd);
                free(lock_path);
                return -1;
            }
        }
    }
    free(lock_path);
    l->fd = fd;
    return 0;
}

void cli_lock_release(cli_lock *l)
{
    if (l->fd >= 0)
        close(l->fd); /* closing the last descriptor drops the flock */
    l->fd = -1;
}
