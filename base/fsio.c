/*
 * fsio.c — atomic file and directory replacement (fsio.h).
 */
#include "base/fsio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"
#include "base/xalloc.h"

int fsio_read_stream(FILE *f, const char *path, size_t max, char **data, size_t *len, pt_error *err)
{
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n > max) {
            free(buf);
            return pt_fail(err, PT_ERR_DATA, "%s: file larger than the limit of %zu bytes", path, max);
        }
        if (n + 1 == cap) {
            cap *= 2;
            buf = xreallocarray(buf, cap, 1);
        }
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        return pt_fail(err, PT_ERR_IO, "%s: read error: %s", path, strerror(e));
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

int fsio_read_all(const char *path, size_t max, char **data, size_t *len, pt_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return pt_fail(err, PT_ERR_NOINPUT, "%s: cannot open: %s", path, strerror(errno));
    int rc = fsio_read_stream(f, path, max, data, len, err);
    fclose(f);
    return rc;
}

int fsio_write_full(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t k = write(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k == 0)
            errno = EIO;
        if (k <= 0)
            return -1;
        p += k;
        len -= (size_t)k;
    }
    return 0;
}

int fsio_read_full(int fd, void *buf, size_t len)
{
    char *p = buf;
    while (len > 0) {
        ssize_t k = read(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k == 0)
            errno = 0;
        if (k <= 0)
            return -1;
        p += k;
        len -= (size_t)k;
    }
    return 0;
}

static char *dir_of(const char *path)
{
    char *copy = xstrdup(path);
    char *d = xstrdup(dirname(copy));
    free(copy);
    return d;
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd); /* best effort: some file systems refuse fsync on directories */
        close(fd);
    }
}

int fsio_write_atomic(const char *path, const void *data, size_t len, pt_error *err)
{
    size_t n = strlen(path) + 16;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot create: %s", path, strerror(e));
    }
    fchmod(fd, 0644);
    if (fsio_write_full(fd, data, len) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return pt_fail(err, PT_ERR_IO, "%s: write failed: %s", path, strerror(e));
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return pt_fail(err, PT_ERR_IO, "%s: cannot flush to disk: %s", path, strerror(e));
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot rename into place: %s", path, strerror(e));
    }
    free(tmp);
    char *dir = dir_of(path);
    fsync_dir(dir);
    free(dir);
    return 0;
}

int fsio_fsync_path(const char *path, pt_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return pt_fail(err, PT_ERR_IO, "%s: cannot open to flush: %s", path, strerror(errno));
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    if (rc != 0)
        return pt_fail(err, PT_ERR_IO, "%s: cannot flush to disk: %s", path, strerror(e));
    return 0;
}

int fsio_mkdirs(const char *dir, pt_error *err)
{
    char *copy = xstrdup(dir);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot create directory: %s", copy, strerror(e));
            free(copy);
            return -1;
        }
        *p = '/';
    }
    int rc = 0;
    if (mkdir(copy, 0777) != 0 && errno != EEXIST)
        rc = pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot create directory: %s", copy, strerror(errno));
    free(copy);
    return rc;
}

char *fsio_temp_dir_for(const char *target, pt_error *err)
{
    size_t n = strlen(target) + 16;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s.tmp-XXXXXX", target);
    if (mkdtemp(tmp) == NULL) {
        pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot create a temporary directory: %s", target, strerror(errno));
        free(tmp);
        return NULL;
    }
    chmod(tmp, 0755); /* mkdtemp makes it private; a bundle is for sharing */
    return tmp;
}

void fsio_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = path_join(dir, e->d_name);
        unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

int fsio_replace_dir(const char *tmp, const char *target, pt_error *err)
{
    char *parent = dir_of(target);
    fsync_dir(tmp);
    struct stat st;
    if (stat(target, &st) == 0) {
        /* Swap both names in one step: readers see the old bundle or the new. */
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) != 0) {
            int e = errno;
            free(parent);
            return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot swap in the new directory: %s", target, strerror(e));
        }
        fsync_dir(parent);
        fsio_remove_dir(tmp); /* now holds the old contents */
    } else if (rename(tmp, target) != 0) {
        int e = errno;
        free(parent);
        return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot move the new directory into place: %s", target, strerror(e));
    }
    fsync_dir(parent);
    free(parent);
    return 0;
}
