/*
 * store_edit.h — the changes a user makes to readouts already in the store:
 * finding them by id or by session, setting or clearing their themes, and
 * keeping removed readouts in forgotten.jsonl beside the store so nothing a
 * user gave is lost.  Nothing here locks or saves the store: the command
 * holds the store's lock and saves it once, atomically (store_save).
 */
#ifndef PT_STORE_EDIT_H
#define PT_STORE_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "corpus.h"

/* The documents of c named by key: those whose id is key, or, when no id
 * matches and key is written CC-SESSION ("20-13"), every readout of that
 * session (all languages).  Writes their indices, in corpus order, into
 * out (room for c->n) and returns how many.  Can't fail. */
size_t store_match(const pt_corpus *c, const char *key, size_t *out);

/* Parses theme names into taxonomy indices (out has room for
 * PT_MAX_THEMES).  Returns the count, or -1 with err (PT_ERR_DATA) naming
 * an unknown or repeated theme. */
int store_parse_themes(const pt_taxonomy *tax, char *const *names, size_t n, int *out, pt_error *err);

/* Gives d the themes[0..n) (primary first), or, with labelled false, no
 * themes field at all.  Can't fail. */
void store_set_themes(pt_doc *d, bool labelled, const int *themes, size_t n);

/* True when a and b carry the same labels (both none, or the same themes
 * in the same order). */
bool store_same_labels(const pt_doc *a, const pt_doc *b);

/* The themes of d as "economy, defense", "[]" (labelled none) or
 * "unlabelled", into buf.  Returns buf. */
const char *store_labels_text(const pt_doc *d, const pt_taxonomy *tax, char *buf, size_t size);

/* forgotten.jsonl in the directory of store_path (caller frees). */
char *store_forgotten_path(const char *store_path);

/* Adds the documents idx[0..n) of c to the forgotten file at path (read,
 * appended, written atomically), leaving out any already there with the
 * same id and text, so that repeating an interrupted forget keeps one copy.
 * Returns 0 or -1 with err. */
int store_keep_forgotten(const char *path, const pt_corpus *c, const size_t *idx, size_t n,
                         const pt_taxonomy *tax, pt_error *err);

#endif
