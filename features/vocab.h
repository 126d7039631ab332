/*
 * vocab.h — a vocabulary: terms interned in an arena, looked up through an
 * open-addressing hash table (linear probing, a multiply-xorshift hash over
 * 8-byte words; vocab.c describes the slots), ids dense from 0 in order of
 * first insertion.  Interning a term that is already present costs
 * one hash and one compare and allocates nothing, so the tokeniser's hot
 * path stays free of per-token heap allocation.
 */
#ifndef PT_VOCAB_H
#define PT_VOCAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct vocab vocab;

/* Returns an empty vocabulary.  Can't fail (exits on out of memory). */
vocab *vocab_new(void);
void vocab_free(vocab *v);

/* Returns the id of term[0..len), adding it when absent. */
uint32_t vocab_intern(vocab *v, const char *term, size_t len);

/* Interns n terms at once: term k is buf[off[k]..off[k+1]) and ids[k]
 * receives its id.  The result is that of n vocab_intern calls in order
 * (the same ids); it is faster on a large vocabulary, since the table
 * slots of the next terms are fetched from memory while one is resolved. */
void vocab_intern_many(vocab *v, const char *buf, const uint32_t *off, size_t n, uint32_t *ids);

/* Returns the id of term[0..len), or -1 when absent. */
long vocab_lookup(const vocab *v, const char *term, size_t len);

/* Looks up the terms of `from` with ids [first, first + n) in v:
 * out[k] = vocab_lookup(v, term first + k of from) (-1 when absent), with
 * the table slots fetched ahead as in vocab_intern_many.  Can't fail. */
void vocab_lookup_many(const vocab *v, const vocab *from, uint32_t first, size_t n, long *out);

/* Makes room for n terms in all, so that interning up to n terms does not
 * rebuild the table.  Can't fail (exits on out of memory). */
void vocab_reserve(vocab *v, size_t n);

/* Keeps only the terms with ids keep[0..n) (distinct), which become ids
 * 0..n-1 in that order; the others are forgotten (their bytes stay in the
 * arena until vocab_free).  Copies no term.  Can't fail (exits on out of
 * memory). */
void vocab_keep(vocab *v, const uint32_t *keep, size_t n);

size_t vocab_size(const vocab *v);

/* The NUL-terminated term with this id (valid while v lives). */
const char *vocab_term(const vocab *v, uint32_t id);
size_t vocab_term_len(const vocab *v, uint32_t id);

#endif
