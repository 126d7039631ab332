/*
 * lines.c — the walk over a small line file (lines.h).  The whole file is
 * read at once (these files are kilobytes, and reading them whole keeps the
 * size limit and the regular-file rule in fsio), then cut in place: each
 * newline becomes the NUL that ends the line handed to the callback.
 */
#include "base/lines.h"

#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"
#include "base/utf8.h"

/* 1 when line[0..len) is blank or a comment: nothing to hand on. */
static int skipped(const char *line, size_t len)
{
    size_t k = 0;
    while (k < len && (line[k] == ' ' || line[k] == '\t'))
        k++;
    return k == len || line[k] == '#';
}

/* Checks one line (NUL-terminated at len) and hands it to fn unless it is
 * blank or a comment. */
static int one_line(const char *path, long lineno, char *line, size_t len, size_t max_line, lines_fn fn, void *ctx,
                    pt_error *err)
{
    /* The checks come before the comment test: a comment is text too, and a
     * binary file should be named as such, not read as one long comment. */
    if (len > max_line)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: line longer than %zu bytes", path, lineno, max_line);
    if (memchr(line, '\0', len) != NULL)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: NUL byte in the line", path, lineno);
    size_t bad;
    utf8_status st = utf8_validate(line, len, &bad);
    if (st != UTF8_OK)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: invalid UTF-8 at byte %zu of the line: %s", path, lineno, bad,
                       utf8_status_text(st));
    if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3; /* a BOM left by an editor */
        len -= 3;
    }
    if (skipped(line, len))
        return 0;
    return fn(ctx, path, lineno, line, len, err) == 0 ? 0 : -1;
}

int lines_each(const char *path, size_t max_bytes, size_t max_line, lines_fn fn, void *ctx, pt_error *err)
{
    char *data;
    size_t len;
    if (fsio_read_all(path, max_bytes, &data, &len, err) != 0)
        return -1;
    int rc = 0;
    long lineno = 0;
    for (size_t pos = 0; pos < len && rc == 0;) {
        char *line = data + pos;
        char *nl = memchr(line, '\n', len - pos);
        size_t n = nl != NULL ? (size_t)(nl - line) : len - pos;
        pos += n + 1;
        lineno++;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        line[n] = '\0'; /* the newline, the CR, or the NUL fsio put after the last byte */
        rc = one_line(path, lineno, line, n, max_line, fn, ctx, err);
    }
    free(data);
    return rc;
}
