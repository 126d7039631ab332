/*
 * xalloc.c — allocation wrappers that exit cleanly on exhaustion (xalloc.h).
 */
#include "base/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

void xalloc_die(void)
{
    fputs("politrend: out of memory\n", stderr);
    exit(EX_OSERR);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        xalloc_die();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        xalloc_die();
    return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        xalloc_die();
    size_t bytes = n * size;
    void *q = realloc(p, bytes != 0 ? bytes : 1);
    if (q == NULL)
        xalloc_die();
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
