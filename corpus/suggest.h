/*
 * suggest.h — "did you mean ...?" for a mistyped header key or theme.
 */
#ifndef PT_SUGGEST_H
#define PT_SUGGEST_H

#include <stddef.h>

/* The name among names[0, n) nearest to s — at most 2 edits (insertion,
 * deletion, replacement, or a swap of two neighbours; ASCII case folded)
 * and fewer edits than s has bytes — or NULL when none is that near.  The
 * first of equally near names wins. */
const char *suggest_closest(const char *s, const char *const *names, size_t n);

#endif
