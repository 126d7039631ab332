/*
 * train_sources.h — what a model is trained on, shared by `train` and `run`
 * so that both train on the same readouts by default (the corpora of
 * politrend.conf, or the embedded corpus, then the labelled readouts of the
 * store) and so that `run` never retrains a bundle made from other data:
 * the bundle records its sources and run compares them with its own.
 */
#ifndef PT_TRAIN_SOURCES_H
#define PT_TRAIN_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "corpus/corpus.h"
#include "models/bundle.h"

/* Sets src to the corpora paths[0..n) (or default_corpus when n is 0) and
 * the store (NULL: none). */
void train_sources_record(bundle_sources *src, char *const *paths, size_t n, const char *default_corpus,
                          const char *store);

/* True when a and b name the same files (compared after resolving each
 * existing path to its real path, so "./x" and "x" agree). */
bool train_sources_same(const bundle_sources *a, const bundle_sources *b);

/* "a.jsonl, b.jsonl and the labelled readouts of s.jsonl" into buf. */
const char *train_sources_text(const bundle_sources *s, char *buf, size_t size);

/* Appends to c the labelled readouts of the store at path (a missing store
 * adds none).  Returns 0 or -1 with err. */
int train_add_store(pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err);

/* Says on stderr which themes have fewer than COVERAGE_MIN_SESSIONS
 * labelled sessions in c (the model will be weak on them). */
void train_warn_coverage(const pt_corpus *c, const pt_taxonomy *tax);

#endif
