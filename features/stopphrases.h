/*
 * stopphrases.h — the editable list of phrases that phrase discovery
 * (phrases.h) treats as boilerplate whatever the data say: readout and
 * broadcast formulae, datelines, weekday and month names.
 *
 * The file (features/stopphrases.tsv ships one; its header explains the
 * format) is UTF-8 text, one rule a line: `lang<TAB>match<TAB>text`, where
 * lang is zh, en or * (both), match is exact, prefix, suffix or contains,
 * and text is the phrase as written (it is normalised, so case and
 * full-width forms do not matter; English words are compared as words
 * joined by one space).  '#' lines and blank lines are ignored.  Rules are
 * data, not code: add a line, no rebuild.
 *
 * Ownership: stop_load returns a list the caller frees with stop_free; it
 * is read-only afterwards and may be shared between threads.
 */
#ifndef PT_STOPPHRASES_H
#define PT_STOPPHRASES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "features/normalize.h"

typedef struct stop_list stop_list;

#define STOP_FILE_MAX (4u << 20) /* bytes of the whole file */
#define STOP_LINE_MAX 1024       /* bytes of a line         */

/* Loads the rules at path, normalising each text with norm.  Returns NULL
 * with err: PT_ERR_NOINPUT when the file cannot be read, PT_ERR_DATA
 * "FILE:LINE: what is wrong" for a bad line (unknown lang or match, empty
 * text, wrong number of fields). */
stop_list *stop_load(const char *path, normalizer *norm, pt_error *err);

/* An empty list (no rules).  Can't fail. */
stop_list *stop_empty(void);

void stop_free(stop_list *s);

/* Number of rules.  Can't fail. */
size_t stop_count(const stop_list *s);

/* True when the normalised phrase p[0..len) of language lang ("zh" or
 * "en"; English as lowercase words joined by one space) matches a rule.
 * Can't fail. */
bool stop_match(const stop_list *s, const char *lang, const char *p, size_t len);

#endif
