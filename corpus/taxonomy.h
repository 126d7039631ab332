/*
 * taxonomy.h — the theme taxonomy (corpus/themes.tsv): the themes a readout
 * may carry, each with the description that decides borderline cases.
 *
 * File format: UTF-8 text, one theme a line, `name<TAB>description`; blank
 * lines and '#' comments are ignored (read by lines_each, base/lines.h).
 * Names are lowercase ASCII letters, digits and '-', unique, at most
 * PT_MAX_THEMES of them.
 */
#ifndef PT_TAXONOMY_H
#define PT_TAXONOMY_H

#include <stddef.h>

#include "base/error.h"

#define PT_MAX_THEMES 64
#define TAXONOMY_MAX_BYTES (1u << 20) /* bytes of the file               */
#define TAXONOMY_MAX_LINE 16384       /* bytes of a line, newline excluded */

typedef struct {
    size_t n;
    char *names[PT_MAX_THEMES];
    char *descriptions[PT_MAX_THEMES];
} pt_taxonomy;

/* Loads a taxonomy file into *tax (which the caller frees with
 * taxonomy_free).  Returns 0, or -1 with err: PT_ERR_NOINPUT when it cannot
 * be opened or is not a regular file (a FIFO is refused, not waited on),
 * PT_ERR_DATA naming FILE:LINE for bad content. */
int taxonomy_load(pt_taxonomy *tax, const char *path, pt_error *err);

/* 1 when s is spelled as a theme name may be (non-empty, lowercase ASCII
 * letters, digits and '-'), else 0.  Can't fail. */
int taxonomy_valid_name(const char *s);

/* Returns the index of a theme name, or -1 when it is not in the taxonomy. */
int taxonomy_find(const pt_taxonomy *tax, const char *name);

void taxonomy_free(pt_taxonomy *tax);

#endif
