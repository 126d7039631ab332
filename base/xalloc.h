/*
 * xalloc.h — allocation that cannot return NULL.
 *
 * politrend's inputs are bounded (see the limits in corpus.h), so running out
 * of memory means the machine, not the input, is at fault.  Rather than
 * thread an error through every small allocation, these wrappers print
 * "politrend: out of memory" and exit with EX_OSERR (71).  This is the one
 * place library code may exit.
 */
#ifndef PT_XALLOC_H
#define PT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* Grows p to n elements of size bytes, checking n * size for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Says "politrend: out of memory" and exits (for allocators other than these). */
void xalloc_die(void);

#endif
