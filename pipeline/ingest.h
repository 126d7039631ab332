/*
 * ingest.h — adding newly downloaded readouts to the corpus store, shared
 * by `politrend ingest` and `politrend run`.
 *
 * Every readout is validated on its own: a bad line of a .jsonl file or a
 * bad .txt file is rejected (listed on stderr with its reason, and copied to
 * the quarantine directory with a .why file when one is given) while the
 * rest go on.  A readout already in the store — same id and same text, or
 * the same text under another id (compared after folding white space and
 * ASCII case) — is a duplicate and is skipped; a changed text under an
 * existing id is rejected unless replace is set.  The same text with other
 * labels is a duplicate too, said on stderr; with replace it updates the
 * stored readout's labels (counted as relabelled).  Nothing is written here:
 * the caller saves the store once, atomically.
 */
#ifndef PT_INGEST_H
#define PT_INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "corpus/corpus.h"

typedef struct {
    bool replace;            /* a changed text under an existing id replaces it */
    const char *quarantine;  /* directory for rejected inputs, or NULL */
    bool quiet;              /* no progress line */
} ingest_options;

typedef struct {
    size_t added, duplicates, replaced, relabelled, rejected;
    size_t *new_docs;        /* store indices of the readouts added or replaced (owned; free) */
    size_t n_new;
} ingest_counts;

/* What became of one input file, for the inbox (ingest_inputs fills it
 * when files is not NULL). */
typedef struct {
    char *path;              /* owned */
    size_t rejected;         /* its records (or the file itself) that were rejected */
    size_t accepted;         /* its valid records (added, duplicates, replaced, relabelled) */
    bool unreadable;         /* could not be read at all (or too large): nothing was copied */
    char *why;               /* the first reason it or a record of it was rejected (owned), or NULL */
} ingest_file;

typedef struct {
    ingest_file *v;
    size_t n;
} ingest_files;

void ingest_files_free(ingest_files *f);

/* Ingests every input (files or directories of *.jsonl / *.txt / *.html) into store.
 * reference (may be NULL) holds readouts kept elsewhere (the embedded corpus):
 * a readout found there is a duplicate too, and a changed text under one of
 * its ids is rejected (it cannot be replaced from here).
 * Returns 0 when it could go through all of them (rejections included), or
 * -1 with err for a failure that stops everything (quarantine not
 * writable). */
int ingest_inputs(pt_corpus *store, const pt_corpus *reference, char *const *inputs, size_t n_inputs,
                  const pt_taxonomy *tax, const ingest_options *opt, ingest_counts *counts, ingest_files *files,
                  pt_error *err);

#endif
