/*
 * unpublished.c — reading corpus/unpublished.tsv (unpublished.h).
 */
#include "unpublished.h"

#include <stdlib.h>
#include <string.h>

#include "base/lines.h"
#include "base/xalloc.h"

#define UNPUB_MAX_BYTES (1u << 20)
#define UNPUB_MAX_LINE 4096

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

/* One line of the file (lines_fn): cc<TAB>session<TAB>note. */
static int parse_line(void *ctx, const char *path, long lineno, char *line, size_t n, pt_error *err)
{
    pt_unpublished *u = ctx;
    char *t1 = memchr(line, '\t', n);
    char *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - line)) : NULL;
    int cc, session;
    if (t2 == NULL || parse_number(line, (size_t)(t1 - line), &cc) != 0 ||
        parse_number(t1 + 1, (size_t)(t2 - t1 - 1), &session) != 0)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: expected cc<TAB>session<TAB>note (two whole numbers, then a note)",
                       path, lineno);
    if (unpublished_find(u, cc, session) != NULL)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: session %d-%d is listed twice", path, lineno, cc, session);
    u->v = xreallocarray(u->v, u->n + 1, sizeof *u->v);
    u->v[u->n].cc = cc;
    u->v[u->n].session = session;
    u->v[u->n].note = xstrdup(t2 + 1);
    u->n++;
    return 0;
}

int unpublished_load(pt_unpublished *u, const char *path, pt_error *err)
{
    memset(u, 0, sizeof *u);
    if (path == NULL)
        return 0;
    if (lines_each(path, UNPUB_MAX_BYTES, UNPUB_MAX_LINE, parse_line, u, err) != 0) {
        unpublished_free(u);
        return -1;
    }
    return 0;
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
