/*
 * coverage.h — how many labelled sessions stand behind each theme, so that
 * `train` and `run` can warn before a theme is learnt from a handful of
 * examples.  A session is its readouts together (all languages): the key is
 * "<cc>-<session>" when a readout gives both, else its date, else its id.
 */
#ifndef PT_COVERAGE_H
#define PT_COVERAGE_H

#include <stddef.h>

#include "corpus/corpus.h"

#define COVERAGE_MIN_SESSIONS 5 /* fewer labelled sessions than this: warn */

/* counts[t] (t < n_themes) = the labelled sessions of c carrying theme t
 * among their themes (primary or not).  Can't fail. */
void coverage_sessions_per_theme(const pt_corpus *c, size_t n_themes, size_t *counts);

/* The key of d's session, as above, into buf (at least 64 bytes). */
const char *coverage_session_key(const pt_doc *d, char *buf, size_t size);

#endif
