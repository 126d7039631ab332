/*
 * store.h — the corpus store: a JSON Lines file (default corpus/local.jsonl)
 * holding the readouts a user has ingested, one record a line in the input
 * format, in the order they were added.  Saving rewrites the whole file
 * atomically (temp file, fsync, rename), so a store is always whole.
 */
#ifndef PT_STORE_H
#define PT_STORE_H

#include <jansson.h>

#include "corpus.h"

/* The file a store path stands for: the target of a symlink (which must
 * exist), otherwise path itself.  Commands lock and load this path, so a
 * link and its target share one lock.  Returns a string the caller frees,
 * or NULL with err (PT_ERR_CANTCREAT). */
char *store_real_path(const char *path, pt_error *err);

/* Loads the store at path into c (appending).  A missing file is an empty
 * store; anything but a regular file (a FIFO) is refused.  Returns 0, or -1
 * with err naming PATH:LINE. */
int store_load(pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err);

/* Checks that d, written as a store line, is within the line limit and is
 * read back by the reader: ingest admits only readouts that pass, so the
 * store always reloads.  where ("FILE:LINE") starts the message.  Returns 0,
 * or -1 with err (PT_ERR_DATA). */
int store_check_doc(const pt_doc *d, const pt_taxonomy *tax, const char *where, pt_error *err);

/* Writes every document of c to path atomically (through a symlink, to its
 * target).  A record past the line
 * limit is refused (PT_ERR_DATA) and nothing is written.  Returns 0 or -1. */
int store_save(const pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err);

/* The record of one readout as JSON (keys in the documented order; themes
 * only when labelled; source, published, file and extracted when known;
 * for a kind "synopsis" record every field of the corpus format, null when
 * unknown, as the reader requires).  The caller owns the result. */
json_t *corpus_doc_json(const pt_doc *d, const pt_taxonomy *tax);

/* SHA-256 (hex) of a readout's text with runs of white space folded to one
 * space, the ends trimmed and ASCII letters lowercased: two downloads of the
 * same readout that differ only in layout get the same key. */
void store_text_key(const pt_doc *d, char hex[65]);

/* Moves document src into c (c takes its strings; src is zeroed). */
void corpus_take(pt_corpus *c, pt_doc *src);

#endif
