/*
 * wrap.h — a proxy for real readouts: each synopsis wrapped in the formulae
 * a published readout puts around its content.
 *
 * The held-back real readouts are not part of the project, but what they
 * have and synopses lack can be written down: a dateline, the convening
 * sentence with the session's number and date, who presided and spoke, who
 * lectured (or which members spoke, for a self-study session), how the
 * members listened and discussed, a closing call to action, page furniture.
 * wrap_doc puts a synopsis inside such sentences, written for politrend in
 * several variants per language (each part of the wrapping chosen by a hash
 * of the readout's id, so the same readout is always wrapped the same way).
 * The variants were written apart from features/formulae.tsv and on purpose
 * include sentences it does not cover (the closing calls to action, "heard
 * a lecture by", "近日"), so the proxy does not only measure the stripper
 * against itself.
 *
 * `politrend evaluate --wrap` classifies each held-out fold both plain and
 * wrapped and reports both, with the share of predictions the wrapping
 * changed.
 */
#ifndef PT_WRAP_H
#define PT_WRAP_H

#include "base/strbuf.h"
#include "corpus/corpus.h"

/* Appends to sb the text of d wrapped in formulae of d's language ("zh", or
 * English for anything else).  Can't fail. */
void wrap_doc(const pt_doc *d, strbuf *sb);

/* Fills out with one document per document of c, in order: the same id,
 * labels and facts (shared with c, not copied: c must outlive out), and the
 * wrapped text (owned by out).  Free with wrap_corpus_free, never
 * corpus_free.  Can't fail. */
void wrap_corpus(const pt_corpus *c, pt_corpus *out);

/* Frees what wrap_corpus allocated.  Can't fail. */
void wrap_corpus_free(pt_corpus *out);

#endif
