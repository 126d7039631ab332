/*
 * lines.h — the one reader of politrend's small line files: the taxonomy,
 * the terms table, the sessions never published, the lexicon, the
 * stop-phrase rules, the readout formulae, the bodies and the calendar.
 *
 * Each is a short UTF-8 text a person edits, one record a line, '#'
 * comments and blank lines between.  The rules of reading them are the
 * same for all and are written here once, so that a FIFO, a stray NUL or a
 * file saved by an editor with a BOM and CRLF line ends is treated alike by
 * every loader; the loaders keep only their own fields and messages.
 */
#ifndef PT_LINES_H
#define PT_LINES_H

#include <stddef.h>

#include "base/error.h"

/* Called once for each content line, in file order.  line is line number
 * lineno (from 1) of path, NUL-terminated, without its newline or the CR
 * before it, len bytes long (no NUL inside); the callback may change its
 * bytes but not keep the pointer.  Returns 0 to go on, or non-zero, with
 * err filled (naming path and lineno), to stop the walk. */
typedef int (*lines_fn)(void *ctx, const char *path, long lineno, char *line, size_t len, pt_error *err);

/* Reads the regular file path (at most max_bytes; a FIFO, a device or a
 * directory is refused without blocking, as fsio_read_all does) and calls
 * fn(ctx, ...) for every content line.  Lines end at '\n'; a last line
 * without one counts; one CR before the end is dropped.  A first line's
 * UTF-8 BOM is dropped.  Skipped: blank lines (nothing, or only spaces and
 * tabs) and comments (the first character other than a space or tab is
 * '#').  Every line, comments too, must be at most max_line bytes (CR
 * excluded), hold no NUL and be valid UTF-8 (utf8.h).  Returns 0, or -1
 * with err: PT_ERR_NOINPUT / PT_ERR_IO / PT_ERR_DATA from fsio_read_all
 * ("PATH: cannot open: ...", "PATH: not a regular file ...", "PATH: file
 * larger than the limit of N bytes"), PT_ERR_DATA "PATH:LINE: line longer
 * than N bytes", "PATH:LINE: NUL byte in the line", "PATH:LINE: invalid
 * UTF-8 at byte B of the line: REASON", or whatever fn set when it stopped
 * the walk (no later line is read). */
int lines_each(const char *path, size_t max_bytes, size_t max_line, lines_fn fn, void *ctx, pt_error *err);

#endif
