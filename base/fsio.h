/*
 * fsio.h — file input and output that never leaves a half-written file.
 *
 * Every file politrend writes goes to a temporary file in the same
 * directory, is fsync'd, then renamed over the target (and the directory is
 * fsync'd), so a reader sees the old file or the new one, never a mix, even
 * if the process is killed.  Directories (the model bundle) are built under a
 * temporary name and swapped in with one atomic rename (RENAME_EXCHANGE).
 * Lives in base/, the ground floor, so every stage can use it.
 */
#ifndef PT_FSIO_H
#define PT_FSIO_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

/* Opens path for reading only when it is a regular file (after symlinks):
 * a FIFO, a device such as /dev/zero or a directory is refused without a
 * blocking open or a read.  Returns the stream, or NULL with err
 * (PT_ERR_NOINPUT: cannot open, or not a regular file). */
FILE *fsio_open_regular(const char *path, pt_error *err);

/* Reads a whole regular file of at most max bytes into a NUL-terminated
 * buffer the caller frees (*data, *len bytes before the NUL).  Errors:
 * PT_ERR_NOINPUT (cannot open, or not a regular file), PT_ERR_DATA ("PATH:
 * file larger than the limit of N bytes"), PT_ERR_IO (read error).  The one
 * whole-file reader: every stage reads files through it or through
 * fsio_read_stream. */
int fsio_read_all(const char *path, size_t max, char **data, size_t *len, pt_error *err);

/* Same, from the stream f already opened on path (path only names it in
 * messages); f stays open. */
int fsio_read_stream(FILE *f, const char *path, size_t max, char **data, size_t *len, pt_error *err);

/* Writes all len bytes of buf to fd, retrying short writes and EINTR.
 * Returns 0, or -1 with errno set. */
int fsio_write_full(int fd, const void *buf, size_t len);

/* Reads exactly len bytes from fd into buf, retrying short reads and
 * EINTR.  Returns 0, or -1 with errno set (0 at end of file). */
int fsio_read_full(int fd, void *buf, size_t len);

/* Writes data to path atomically (temp file, fsync, rename, fsync dir).
 * Errors: PT_ERR_CANTCREAT, PT_ERR_IO; on error path is left untouched. */
int fsio_write_atomic(const char *path, const void *data, size_t len, pt_error *err);

/* Flushes an already-written file to disk. */
int fsio_fsync_path(const char *path, pt_error *err);

/* Creates dir and its missing parents (mode 0777 & umask).  Returns 0 when
 * it exists already. */
int fsio_mkdirs(const char *dir, pt_error *err);

/* Creates a fresh, empty directory next to target (target.tmp-XXXXXX) and
 * returns its path (caller frees), or NULL with err set. */
char *fsio_temp_dir_for(const char *target, pt_error *err);

/* Puts the fully written directory tmp in place of target in one atomic
 * step (RENAME_EXCHANGE when target exists; target itself is swapped, never
 * followed when it is a symlink: resolve it first).  Returns 1 when an old
 * target existed and now lies at tmp (the caller decides what of it to
 * remove), 0 when there was none, -1 with err (target untouched). */
int fsio_swap_dir(const char *tmp, const char *target, pt_error *err);

/* Removes from dir the regular files and symlinks (never their targets)
 * whose names ours(name, ctx) accepts (every one when ours is NULL), then
 * the directory itself if that leaves it empty.  A symlinked dir is not
 * entered.  Subdirectories and anything else are left alone. */
void fsio_remove_dir_if(const char *dir, int (*ours)(const char *name, void *ctx), void *ctx);

/* Removes our stale temporaries from dir: entries named PREFIX.tmp-XXXXXX
 * (any PREFIX when prefix is NULL), as fsio_write_atomic and
 * fsio_temp_dir_for make them, last changed more than min_age seconds ago.
 * A file is unlinked; a directory is emptied of what ours accepts (as
 * fsio_remove_dir_if) and removed when that leaves it empty.  Call it
 * holding the lock of what dir holds: the age guards writers without one. */
void fsio_clean_stale(const char *dir, const char *prefix, long min_age, int (*ours)(const char *name, void *ctx),
                      void *ctx);

/* fsio_clean_stale for the temporaries made for target: in its directory,
 * named after it (target.tmp-XXXXXX). */
void fsio_clean_stale_beside(const char *target, long min_age, int (*ours)(const char *name, void *ctx), void *ctx);

/* How old (seconds) a temporary of ours must be to count as stale. */
#define FSIO_STALE_AGE (15 * 60)

/* fsio_remove_dir_if(dir, NULL): for temporary directories of our own. */
void fsio_remove_dir(const char *dir);

#endif
