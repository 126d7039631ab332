/*
 * terms.h — the terms of the Central Committee (corpus/terms.tsv) and the
 * term a date falls in, so that a readout's cc follows from its date.
 *
 * The table is process-wide, like the reading limits: the command loads it
 * once at start-up (terms_load); until then no term is known and
 * terms_cc_for_date answers 0.
 */
#ifndef PT_TERMS_H
#define PT_TERMS_H

#include "base/error.h"

#define PT_MAX_TERMS 64

/* Loads the table at path (lines "cc<TAB>YYYY-MM-DD", '#' comments, terms
 * and dates increasing; read by lines_each, base/lines.h) as the process's
 * table.  Returns 0, or -1 with err naming FILE:LINE (PT_ERR_NOINPUT when it
 * cannot be opened or is not a regular file, PT_ERR_DATA for a bad line);
 * the previous table stays in force on error. */
int terms_load(const char *path, pt_error *err);

/* The term whose Politburo sat on date (YYYY-MM-DD): the last term starting
 * on or before it.  0 when the date is before the first term, malformed,
 * or no table is loaded. */
int terms_cc_for_date(const char *date);

/* The first day of term cc and the first day of the next term ("" when
 * cc is the last one in the table).  Returns 1, or 0 when cc is not in it. */
int terms_bounds(int cc, char start[11], char next[11]);

#endif
