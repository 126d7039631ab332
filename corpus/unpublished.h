/*
 * unpublished.h — the study sessions known to have been held whose readout
 * was never published (corpus/unpublished.tsv), so that a number missing
 * from the corpus because nothing was released can be told apart from one
 * the corpus simply has not collected.
 *
 * Format: UTF-8 lines `cc<TAB>session<TAB>note`; '#' lines and blank lines
 * are ignored; cc and session positive whole numbers, each pair once; the
 * note says what is known (may be empty).
 */
#ifndef PT_UNPUBLISHED_H
#define PT_UNPUBLISHED_H

#include <stddef.h>

#include "base/error.h"

typedef struct {
    int cc, session;
    char *note;
} pt_unpublished_entry;

typedef struct {
    pt_unpublished_entry *v;
    size_t n;
} pt_unpublished;

/* Loads path into u (path NULL: an empty list).  Returns 0, or -1 with err:
 * PT_ERR_NOINPUT when it cannot be read, PT_ERR_DATA "FILE:LINE: ...". */
int unpublished_load(pt_unpublished *u, const char *path, pt_error *err);

/* The entry for session cc-session, or NULL (u may be NULL). */
const pt_unpublished_entry *unpublished_find(const pt_unpublished *u, int cc, int session);

void unpublished_free(pt_unpublished *u);

#endif
