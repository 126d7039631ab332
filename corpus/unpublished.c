/*
 * unpublished.c — reading corpus/unpublished.tsv (unpublished.h).
 */
#include "unpublished.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"
#include "base/utf8.h"
#include "base/xalloc.h"

static int parse_number(const char *s, size_t len, int *out)
{
    if (len == 0 || len > 6)
        return -1;
    int v = 0;
    for (size_t k = 0; k < len; k++) {
        if (s[k] < '0' || s[k] > '9')
            return -1;
        v = v * 10 + (s[k] - '0');
    }
    if (v <= 0)
        return -1;
    *out = v;
    return 0;
}

int unpublished_load(pt_unpublished *u, const char *path, pt_error *err)
{
    memset(u, 0, sizeof *u);
    if (path == NULL)
        return 0;
    char *data;
    size_t len;
    if (fsio_read_all(path, (size_t)1 << 20, &data, &len, err) != 0)
        return -1;
    int rc = 0;
    long lineno = 0;
    for (size_t pos = 0; pos < len && rc == 0;) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        char *line = data + pos;
        size_t n = end - pos;
        pos = end + 1;
        lineno++;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (n == 0 || line[0] == '#')
            continue;
        char *t1 = memchr(line, '\t', n);
        char *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - line)) : NULL;
        int cc, session;
        if (t2 == NULL || parse_number(line, (size_t)(t1 - line), &cc) != 0 ||
            parse_number(t1 + 1, (size_t)(t2 - t1 - 1), &session) != 0) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: expected cc<TAB>session<TAB>note (two whole numbers, then a note)",
                         path, lineno);
            break;
        }
        size_t note_len = n - (size_t)(t2 + 1 - line);
        if (memchr(t2 + 1, '\0', note_len) != NULL || utf8_validate(t2 + 1, note_len, NULL) != UTF8_OK) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: the note is not valid UTF-8 text", path, lineno);
            break;
        }
        if (unpublished_find(u, cc, session) != NULL) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: session %d-%d is listed twice", path, lineno, cc, session);
            break;
        }
        u->v = xreallocarray(u->v, u->n + 1, sizeof *u->v);
        u->v[u->n].cc = cc;
        u->v[u->n].session = session;
        u->v[u->n].note = xstrndup(t2 + 1, note_len);
        u->n++;
    }
    free(data);
    if (rc != 0)
        unpublished_free(u);
    return rc;
}

const pt_unpublished_entry *unpublished_find(const pt_unpublished *u, int cc, int session)
{
    for (size_t k = 0; u != NULL && k < u->n; k++)
        if (u->v[k].cc == cc && u->v[k].session == session)
            return &u->v[k];
    return NULL;
}

void unpublished_free(pt_unpublished *u)
{
    for (size_t k = 0; k < u->n; k++)
        free(u->v[k].note);
    free(u->v);
    memset(u, 0, sizeof *u);
}
