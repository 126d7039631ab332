/*
 * keysent.h — key sentences of a text, chosen by extraction: the text is
 * split into sentences (English and Chinese punctuation alike), each
 * sentence becomes a TF-IDF vector over its own words (English: lower-cased
 * words without stop words; Chinese: overlapping character bigrams), and
 * TextRank (PageRank on the graph of cosine similarities between
 * sentences) ranks them.  The best few are returned in text order, each as
 * a byte span of the text, so a key sentence is always exactly a sentence
 * the text contains.
 *
 * Self-contained on purpose: it needs no model, so the same readout gives
 * the same key sentences whatever the bundle.  Deterministic: ties are
 * broken by position.  Nothing here fails except xalloc on out of memory.
 */
#ifndef PT_KEYSENT_H
#define PT_KEYSENT_H

#include <stddef.h>

#define KS_DAMPING 0.85      /* TextRank's d, as in Mihalcea & Tarau (2004) */
#define KS_MIN_KEY 2         /* fewest key sentences of a text with enough sentences */
#define KS_MAX_KEY 4         /* most key sentences */
#define KS_MIN_TOKENS 3      /* shorter sentences are never chosen */

/* A sentence: text[start .. start+len), without surrounding white space. */
typedef struct {
    size_t start, len;
    size_t text;             /* which text of a pooled set it came from (ks_select) */
} ks_span;

/* Splits text[0..len) into sentences.  A sentence ends after 。！？ (or
 * their ASCII forms ! ?), after a '.' that is followed by white space and
 * then an upper-case letter, a digit, a quote or the end of the text (but
 * not after a known abbreviation such as "Mr." or a single initial), after
 * any closing quotes or brackets that follow such a mark, and at a blank
 * line.  Sets *out (caller frees; NULL when none) and returns the number of
 * sentences.  Can't fail. */
size_t ks_split(const char *text, size_t len, ks_span **out);

/* TextRank over n sentences with the symmetric similarity matrix w (n × n,
 * row-major; the diagonal is ignored): score[i] = (1 - d) + d * Σ_j
 * w[j][i] / Σ_k w[j][k] * score[j], iterated from 1 until no score moves
 * more than 1e-10 (at most 500 rounds).  A sentence similar to none keeps
 * 1 - d.  Writes n scores.  Can't fail. */
void ks_textrank(const double *w, size_t n, double *score);

/* Cosine similarities of the sentences' TF-IDF vectors (sublinear tf,
 * smooth idf ln((1+n)/(1+df)) + 1 over these n sentences, rows
 * L2-normalised) into w (n × n, diagonal 0).  texts[s.text] is the text
 * each span points into.  Writes the number of tokens of each sentence into
 * n_tokens (may be NULL).  Can't fail. */
void ks_similarity(const char *const *texts, const ks_span *sent, size_t n, double *w, size_t *n_tokens);

/* How many key sentences a pool of n sentences gets: none for 0, all of
 * them up to KS_MIN_KEY, then one for every five sentences, between
 * KS_MIN_KEY and KS_MAX_KEY.  Can't fail. */
size_t ks_key_count(size_t n);

/* The key sentences of a pool of texts (e.g. the readouts of a session in
 * one language): splits each text, ranks all their sentences together and
 * returns the ks_key_count best of those with at least KS_MIN_TOKENS
 * tokens (every sentence when fewer qualify), in pool order (text, then
 * position).  Sets *out (caller frees; NULL when none) and returns the
 * count.  Can't fail. */
size_t ks_select(const char *const *texts, const size_t *lens, size_t n_texts, ks_span **out);

#endif
