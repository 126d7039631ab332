/*
 * vocab.c — interned-string vocabulary (vocab.h).
 *
 * Terms live back to back in arena blocks (each NUL-terminated); the table
 * stores, per slot, an id + 1 (0 = empty) and the term's hash, so probing
 * compares strings only on a full hash match.  The table doubles at 50% load.
 */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

#include "corpus/xalloc.h"

#define ARENA_BLOCK (1u << 20)

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
} arena_block;

struct vocab {
    uint32_t *slot_id;    /* id + 1, 0 when empty */
    uint32_t *slot_hash;
    size_t slots;         /* a power of two */
    const char **terms;   /* by id */
    uint32_t *lens;
    size_t n, cap;
    arena_block *arena;
};

static uint32_t fnv1a(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < len; k++) {
        h ^= (unsigned char)s[k];
        h *= 16777619u;
    }
    return h;
}

vocab *vocab_new(void)
{
    vocab *v = xcalloc(1, sizeof *v);
    v->slots = 1024;
    v->slot_id = xcalloc(v->slots, sizeof *v->slot_id);
    v->slot_hash = xcalloc(v->slots, sizeof *v->slot_hash);
    return v;
}

void vocab_free(vocab *v)
{
    if (v == NULL)
        return;
    for (arena_block *b = v->arena, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(v->slot_id);
    free(v->slot_hash);
    free(v->terms);
    free(v->lens);
    free(v);
}

static char *arena_copy(vocab *v, const char *s, size_t len)
{
    arena_block *b = v->arena;
    if (b == NULL || b->cap - b->used < len + 1) {
        size_t cap = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
        b = xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        b->next = v->arena;
        v->arena = b;
    }
    char *p = b->data + b->used;
    memcpy(p, s, len);
    p[len] = '\0';
    b->used += len + 1;
    return p;
}

static size_t find_slot(const vocab *v, const char *s, size_t len, uint32_t h)
{
    size_t mask = v->slots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t id1 = v->slot_id[i];
        if (id1 == 0)
            return i;
        if (v->slot_hash[i] == h && v->lens[id1 - 1] == len && memcmp(v->terms[id1 - 1], s, len) == 0)
            return i;
    }
}

static void grow_table(vocab *v)
{
    size_t old_slots = v->slots;
    uint32_t *old_id = v->slot_id, *old_hash = v->slot_hash;
    v->slots *= 2;
    v->slot_id = xcalloc(v->slots, sizeof *v->slot_id);
    v->slot_hash = xcalloc(v->slots, sizeof *v->slot_hash);
    size_t mask = v->slots - 1;
    for (size_t k = 0; k < old_slots; k++) {
        if (old_id[k] == 0)
            continue;
        size_t i = old_hash[k] & mask;
        while (v->slot_id[i] != 0)
            i = (i + 1) & mask;
        v->slot_id[i] = old_id[k];
        v->slot_hash[i] = old_hash[k];
    }
    free(old_id);
    free(old_hash);
}

uint32_t vocab_intern(vocab *v, const char *term, size_t len)
{
    uint32_t h = fnv1a(term, len);
    size_t i = find_slot(v, term, len, h);
    if (v->slot_id[i] != 0)
        return v->slot_id[i] - 1;
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 1024;
        v->terms = xreallocarray(v->terms, v->cap, sizeof *v->terms);
        v->lens = xreallocarray(v->lens, v->cap, sizeof *v->lens);
    }
    uint32_t id = (uint32_t)v->n++;
    v->terms[id] = arena_copy(v, term, len);
    v->lens[id] = (uint32_t)len;
    v->slot_id[i] = id + 1;
    v->slot_hash[i] = h;
    if (2 * v->n > v->slots)
        grow_table(v);
    return id;
}

long vocab_lookup(const vocab *v, const char *term, size_t len)
{
    uint32_t h = fnv1a(term, len);
    size_t i = find_slot(v, term, len, h);
    return v->slot_id[i] ? (long)v->slot_id[i] - 1 : -1;
}

size_t vocab_size(const vocab *v)
{
    return v->n;
}

const char *vocab_term(const vocab *v, uint32_t id)
{
    return v->terms[id];
}

size_t vocab_term_len(const vocab *v, uint32_t id)
{
    return v->lens[id];
}
