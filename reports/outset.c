/*
 * outset.c — writing the report set whole or not at all (outset.h).
 *
 * The swap is the bundle's (fsio_swap_dir); what differs is that an output
 * directory is shared: run writes classified.jsonl into it, a --from/--to
 * report rewrites only some years, a user may keep a note there.  So before
 * the swap every entry the new set lacks is carried into it (a hard link:
 * no copy, no second version), and after it the old directory is emptied of
 * exactly the entries that live on in the new one.
 */
#include "reports/outset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/xalloc.h"

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* 1 when name is a temporary of fsio (NAME.tmp-XXXXXX). */
static int is_temp_name(const char *name)
{
    const char *tag = strstr(name, ".tmp-");
    return tag != NULL && strlen(tag) == 11;
}

/* The files this stage writes: YEAR.json, trends.json, index.html (and
 * run's classified.jsonl, which lives in the same directory). */
static int is_report_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 9 && strcmp(name + 4, ".json") == 0) {
        for (size_t k = 0; k < 4; k++)
            if (name[k] < '0' || name[k] > '9')
                return 0;
        return 1;
    }
    return strcmp(name, "trends.json") == 0 || strcmp(name, "index.html") == 0 ||
           strcmp(name, "classified.jsonl") == 0;
}

/* 1 when target/name exists: the entry lives on in the current set. */
static int in_target(const char *target, const char *name)
{
    char *p = join(target, name);
    struct stat st;
    int there = lstat(p, &st) == 0;
    free(p);
    return there;
}

/* What may go from a stale set left by a killed run: our files, and the
 * links it made of entries still in the output directory. */
static int stale_entry(const char *name, void *ctx)
{
    return is_report_name(name) || is_temp_name(name) || in_target(ctx, name);
}

/* What may go from the old set once the new one is in: what was carried
 * over (so lives on), our report files (a year no longer reported is
 * dropped on purpose) and our own temporaries. */
static int carried_entry(const char *name, void *ctx)
{
    return is_temp_name(name) || is_report_name(name) || in_target(ctx, name);
}

/* Inside the output directory only temporary files go, never the
 * contents of a directory that happens to have a temporary's name. */
static int no_entry(const char *name, void *ctx)
{
    (void)name;
    (void)ctx;
    return 0;
}

int report_set_begin(report_set *set, const char *out_dir, pt_error *err)
{
    set->target = NULL;
    set->tmp = NULL;
    struct stat st;
    if (lstat(out_dir, &st) == 0 && S_ISLNK(st.st_mode)) {
        /* Replace what the link points to and keep the link, as for a bundle. */
        char *real = realpath(out_dir, NULL);
        if (real == NULL)
            return pt_fail(err, PT_ERR_CANTCREAT, "%s: a symlink to nothing usable: %s", out_dir, strerror(errno));
        set->target = xstrdup(real);
        free(real);
    } else {
        set->target = xstrdup(out_dir);
    }
    char *copy = xstrdup(set->target);
    int rc = fsio_mkdirs(dirname(copy), err);
    free(copy);
    if (rc != 0)
        return -1;
    if (lstat(set->target, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return pt_fail(err, PT_ERR_CANTCREAT, "%s: exists and is not a directory", out_dir);
        fsio_clean_stale(set->target, NULL, FSIO_STALE_AGE, no_entry, NULL);
        DIR *d = opendir(set->target);
        if (d == NULL)
            return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot read the directory: %s", out_dir, strerror(errno));
        struct dirent *e;
        while (rc == 0 && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = join(set->target, e->d_name);
            if (lstat(p, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
                rc = pt_fail(err, PT_ERR_CANTCREAT,
                             "%s: holds '%s', which is not a file; the report set is swapped in whole, so the "
                             "output directory may hold files only: move it out, or choose another --out",
                             out_dir, e->d_name);
            free(p);
        }
        closedir(d);
        if (rc != 0)
            return -1;
    }
    fsio_clean_stale_beside(set->target, FSIO_STALE_AGE, stale_entry, set->target);
    set->tmp = fsio_temp_dir_for(set->target, err);
    return set->tmp == NULL ? -1 : 0;
}

/* Copies src to dst byte for byte (when a hard link cannot be made). */
static int copy_file(const char *src, const char *dst, pt_error *err)
{
    int in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0)
        return pt_fail(err, PT_ERR_IO, "%s: cannot read to carry it into the new report set: %s", src, strerror(errno));
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0) {
        int e = errno;
        close(in);
        return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot create: %s", dst, strerror(e));
    }
    char buf[1 << 16];
    ssize_t got;
    int rc = 0;
    while (rc == 0 && (got = read(in, buf, sizeof buf)) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            rc = pt_fail(err, PT_ERR_IO, "%s: read error: %s", src, strerror(errno));
            break;
        }
        for (ssize_t done = 0; rc == 0 && done < got;) {
            ssize_t w = write(out, buf + done, (size_t)(got - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                rc = pt_fail(err, PT_ERR_IO, "%s: write failed: %s", dst, strerror(errno));
            else
                done += w;
        }
    }
    if (rc == 0 && (fsync(out) != 0))
        rc = pt_fail(err, PT_ERR_IO, "%s: cannot flush to disk: %s", dst, strerror(errno));
    close(out);
    close(in);
    return rc;
}

/* Puts target/name into tmp/name: a hard link, a copy, or for a symlink a
 * new symlink to the same place. */
static int carry(const char *target, const char *tmp, const char *name, pt_error *err)
{
    char *src = join(target, name), *dst = join(tmp, name);
    struct stat st;
    int rc = 0;
    if (lstat(src, &st) != 0) {
        rc = 0; /* gone meanwhile: nothing to keep */
    } else if (S_ISLNK(st.st_mode)) {
        char where[PATH_MAX];
        ssize_t n = readlink(src, where, sizeof where - 1);
        if (n < 0 || (where[n] = '\0', symlink(where, dst) != 0))
            rc = pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot carry the symlink into the new report set: %s", src,
                         strerror(errno));
    } else if (link(src, dst) != 0) {
        rc = copy_file(src, dst, err);
    }
    free(src);
    free(dst);
    return rc;
}

int report_set_carry(report_set *set, pt_error *err)
{
    struct stat st;
    if (lstat(set->target, &st) == 0) {
        DIR *d = opendir(set->target);
        if (d == NULL)
            return pt_fail(err, PT_ERR_CANTCREAT, "%s: cannot read the directory: %s", set->target, strerror(errno));
        struct dirent *e;
        int rc = 0;
        while (rc == 0 && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || is_temp_name(e->d_name) ||
                in_target(set->tmp, e->d_name))
                continue; /* ".", a temporary, or replaced by the new set */
            rc = carry(set->target, set->tmp, e->d_name, err);
        }
        closedir(d);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int report_set_swap(report_set *set, pt_error *err)
{
    int swapped = fsio_swap_dir(set->tmp, set->target, err);
    if (swapped < 0)
        return -1;
    if (swapped == 1)
        fsio_remove_dir_if(set->tmp, carried_entry, set->target); /* the old set: all of it lives on */
    free(set->tmp);
    set->tmp = NULL;
    return 0;
}

void report_set_free(report_set *set)
{
    if (set->tmp != NULL)
        fsio_remove_dir(set->tmp); /* our new files, and links of entries still in place */
    free(set->tmp);
    free(set->target);
    set->tmp = NULL;
    set->target = NULL;
}
