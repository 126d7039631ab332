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
#include <time.h>
#include <unistd.h>

#include "base/path.h"
#include "base/xalloc.h"

FILE *fsio_open_regular(const char *path, pt_error *err)
{
    /* O_NONBLOCK: opening a FIFO with no writer would block forever. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        pt_fail(err, PT_ERR_NOINPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        pt_fail(err, PT_ERR_NOINPUT, "%s: not a regular file (a FIFO, device or directory is not read); "
                "give a file", path);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        pt_fail(err, PT_ERR_NOINPUT, "%s: cannot open: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

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
    FILE *f = fsio_open_regular(path, err);
    if (f == NULL)
        return -1;
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

void fsio_remove_dir_if(const char *dir, int (*ours)(const char *name, void *ctx), void *ctx)
{
    /* O_NOFOLLOW: a symlink put where our directory was is not followed
     * into deleting what it points to. */
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
            continue;
        if (ours == NULL || ours(e->d_name, ctx))
            unlinkat(fd, e->d_name, 0);
    }
    closedir(d);
    rmdir(dir); /* fails, harmlessly, when something was left */
}

void fsio_remove_dir(const char *dir)
{
    fsio_remove_dir_if(dir, NULL, NULL);
}

/* 1 when name is PREFIX.tmp-XXXXXX (six letters or digits, as mkstemp and
 * mkdtemp fill them in). */
static int temp_name(const char *name, const char *prefix)
{
    const char *tag = strstr(name, ".tmp-");
    if (tag == NULL || strlen(tag) != 11)
        return 0;
    if (prefix != NULL && ((size_t)(tag - name) != strlen(prefix) || strncmp(name, prefix, strlen(prefix)) != 0))
        return 0;
    for (const char *p = tag + 5; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return 0;
    return 1;
}

void fsio_clean_stale(const char *dir, const char *prefix, long min_age, int (*ours)(const char *name, void *ctx),
                      void *ctx)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!temp_name(e->d_name, prefix))
            continue;
        char *p = path_join(dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && now - st.st_mtime > min_age) {
            if (S_ISREG(st.st_mode))
                unlink(p);
            else if (S_ISDIR(st.st_mode))
                fsio_remove_dir_if(p, ours, ctx);
        }
        free(p);
    }
    closedir(d);
}

int fsio_swap_dir(const char *tmp, const char *target, pt_error *err)
{
    char *parent = dir_of(target);
    fsync_dir(tmp);
    struct stat st;
    int swapped = 0;
    if (lstat(target, &st) == 0) {
        /* Swap both names in one step: readers see the old set or the new. */
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) != 0) {
            int e = errno;
            free(parent);
            return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot swap in the new directory: %s", target, strerror(e));
        }
        swapped = 1;
    } else if (rename(tmp, target) != 0) {
        int e = errno;
        free(parent);
        return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot move the new directory into place: %s", target, strerror(e));
    }
    fsync_dir(parent);
    free(parent);
    return swapped;
}

void fsio_clean_stale_beside(const char *target, long min_age, int (*ours)(const char *name, void *ctx), void *ctx)
{
    char *dir = dir_of(target);
    char *copy = xstrdup(target);
    fsio_clean_stale(dir, basename(copy), min_age, ours, ctx);
    free(copy);
    free(dir);
}
