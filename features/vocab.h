/*
 * vocab.h — a vocabulary: terms interned in an arena, looked up through an
 * open-addressing hash table (linear probing, FNV-1a), ids dense from 0 in
 * order of first insertion.  Interning a term that is already present costs
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

/* Returns the id of term[0..len), or -1 when absent. */
long vocab_lookup(const vocab *v, const char *term, size_t len);

size_t vocab_size(const vocab *v);

/* The NUL-terminated term with this id (valid while v lives). */
const char *vocab_term(const vocab *v, uint32_t id);
size_t vocab_term_len(const vocab *v, uint32_t id);

#endif
