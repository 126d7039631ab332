/*
 * vocab.c — interned-string vocabulary (vocab.h).
 *
 * Terms live back to back in arena blocks (each NUL-terminated).  The table
 * is one array of 16-byte slots, so a probe touches one cache line: per
 * slot the id + 1 (0 = empty), a tag (the top 24 bits of the term's 64-bit
 * hash above min(length, 255)) and the term's first 8 bytes, zero-padded.
 * A term of at most 8 bytes (a Chinese bigram is 6) is thus found or ruled
 * out inside the slot; a longer one is compared past its 8th byte only on a
 * full tag and prefix match.  The table grows (doubles) past 70% load and
 * is rebuilt from the terms by id, so ids never move.
 *
 * On a news archive the table outgrows the caches and nearly every probe
 * of a rare term is a miss to memory.  Three things answer that, each kept
 * because a profile of the 70k-document features stage showed it paying:
 * vocab_intern_many interns a document's tokens at once, hashing a term 16
 * positions ahead and prefetching its slot, so that misses overlap; large
 * tables sit in 2 MB pages (madvise), since the prefetches were stalling on
 * page walks; and tables are zeroed by writing, not by calloc, whose zero
 * pages cost a copy-on-write fault and a TLB flush per page on first write.
 * (The first profile, of the previous two-array table, had probing and
 * comparing at a third of the stage.)
 */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/xalloc.h"

#define ARENA_BLOCK (1u << 20)

/* How many terms ahead of use a table slot is fetched from memory. */
#define PREFETCH_AHEAD 16

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
} arena_block;

typedef struct {
    uint32_t id1;   /* id + 1, 0 when empty */
    uint32_t tag;   /* hash bits 40..63, then min(len, 255) in the low byte */
    uint64_t pre;   /* the first 8 bytes of the term, zero-padded */
} vocab_slot;

struct vocab {
    vocab_slot *slot;
    size_t slots;         /* a power of two */
    const char **terms;   /* by id */
    uint32_t *lens;
    size_t n, cap;
    arena_block *arena;
};

/* The first 8 bytes of s (fewer when len < 8), zero-padded. */
static inline uint64_t term_prefix(const char *s, size_t len)
{
    uint64_t x = 0;
    memcpy(&x, s, len < 8 ? len : 8);
    return x;
}

/* A 64-bit hash of s: multiply-xorshift over 8-byte words (the table's
 * layout only; ids do not depend on it). */
static inline uint64_t term_hash(const char *s, size_t len, uint64_t pre)
{
    uint64_t h = (pre ^ (uint64_t)len) * 0x9E3779B97F4A7C15ull;
    for (size_t k = 8; k < len; k += 8) {
        uint64_t w = 0;
        memcpy(&w, s + k, len - k < 8 ? len - k : 8);
        h = (h ^ (h >> 29) ^ w) * 0xBF58476D1CE4E5B9ull;
    }
    h ^= h >> 32;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h;
}

static inline uint32_t term_tag(uint64_t h, size_t len)
{
    return ((uint32_t)(h >> 32) & ~0xFFu) | (uint32_t)(len < 255 ? len : 255);
}

/* Tables of at least this many bytes sit in 2 MB pages where the kernel
 * allows it (madvise): every probe of a large table is a random access, and
 * with 4 KB pages most of them also missed the TLB (the profile had the
 * probes' prefetches stalled on page walks). */
#define HUGE_TABLE ((size_t)2 << 20)

/* Returns slots zeroed slots.  The zeros are written, not calloc'ed: fresh
 * calloc pages are read first (as the shared zero page) and then written,
 * each write a copy-on-write fault with a TLB flush on every CPU of a
 * threaded process.  Can't fail (exits on out of memory). */
static vocab_slot *slots_alloc(size_t slots)
{
    size_t bytes = slots * sizeof(vocab_slot);
    vocab_slot *p = NULL;
    if (bytes >= HUGE_TABLE) {
        void *q;
        if (posix_memalign(&q, HUGE_TABLE, bytes) == 0) {
            madvise(q, bytes, MADV_HUGEPAGE); /* a hint: failure is harmless */
            p = q;
        }
    }
    if (p == NULL)
        p = xmalloc(bytes);
    memset(p, 0, bytes);
    return p;
}

static void slots_free(vocab_slot *p, size_t slots)
{
    (void)slots;
    free(p);
}

vocab *vocab_new(void)
{
    vocab *v = xcalloc(1, sizeof *v);
    v->slots = 1024;
    v->slot = slots_alloc(v->slots);
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
    slots_free(v->slot, v->slots);
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

/* The slot holding term s, or the empty slot where it would go. */
static inline size_t find_slot(const vocab *v, const char *s, size_t len, uint64_t h, uint32_t tag,
                               uint64_t pre)
{
    size_t mask = v->slots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const vocab_slot *sl = &v->slot[i];
        if (sl->id1 == 0)
            return i;
        if (sl->tag == tag && sl->pre == pre &&
            (len <= 8 || (v->lens[sl->id1 - 1] == len && memcmp(v->terms[sl->id1 - 1] + 8, s + 8, len - 8) == 0)))
            return i;
    }
}

/* Rebuilds the table with `slots` slots (a power of two), re-inserting
 * every term by id and fetching the slot of a term a few ids ahead of the
 * one being placed. */
static void grow_table(vocab *v, size_t slots)
{
    slots_free(v->slot, v->slots);
    v->slots = slots;
    v->slot = slots_alloc(slots);
    size_t mask = v->slots - 1;
    uint64_t hs[PREFETCH_AHEAD], pres[PREFETCH_AHEAD];
    for (size_t k = 0; k < v->n + PREFETCH_AHEAD; k++) {
        size_t r = k % PREFETCH_AHEAD;
        if (k >= PREFETCH_AHEAD) {
            size_t id = k - PREFETCH_AHEAD, i = (size_t)hs[r] & mask;
            while (v->slot[i].id1 != 0)
                i = (i + 1) & mask;
            v->slot[i] = (vocab_slot){(uint32_t)id + 1, term_tag(hs[r], v->lens[id]), pres[r]};
        }
        if (k < v->n) {
            pres[r] = term_prefix(v->terms[k], v->lens[k]);
            hs[r] = term_hash(v->terms[k], v->lens[k], pres[r]);
            __builtin_prefetch(&v->slot[(size_t)hs[r] & mask], 1);
        }
    }
}

/* Adds term (absent: its empty slot is i) and returns its new id. */
static uint32_t add_term(vocab *v, const char *term, size_t len, size_t i, uint32_t tag, uint64_t pre)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 1024;
        v->terms = xreallocarray(v->terms, v->cap, sizeof *v->terms);
        v->lens = xreallocarray(v->lens, v->cap, sizeof *v->lens);
    }
    uint32_t id = (uint32_t)v->n++;
    v->terms[id] = arena_copy(v, term, len);
    v->lens[id] = (uint32_t)len;
    v->slot[i] = (vocab_slot){id + 1, tag, pre};
    if (10 * v->n > 7 * v->slots)
        grow_table(v, 2 * v->slots);
    return id;
}

uint32_t vocab_intern(vocab *v, const char *term, size_t len)
{
    uint64_t pre = term_prefix(term, len), h = term_hash(term, len, pre);
    uint32_t tag = term_tag(h, len);
    size_t i = find_slot(v, term, len, h, tag, pre);
    if (v->slot[i].id1 != 0)
        return v->slot[i].id1 - 1;
    return add_term(v, term, len, i, tag, pre);
}

void vocab_intern_many(vocab *v, const char *buf, const uint32_t *off, size_t n, uint32_t *ids)
{
    uint64_t hs[PREFETCH_AHEAD], pres[PREFETCH_AHEAD];
    for (size_t k = 0; k < n + PREFETCH_AHEAD; k++) {
        size_t r = k % PREFETCH_AHEAD;
        if (k >= PREFETCH_AHEAD) { /* resolve term k - AHEAD, fetched a while ago */
            size_t j = k - PREFETCH_AHEAD, len = off[j + 1] - off[j];
            const char *s = buf + off[j];
            uint64_t h = hs[r], pre = pres[r];
            uint32_t tag = term_tag(h, len);
            size_t i = find_slot(v, s, len, h, tag, pre);
            ids[j] = v->slot[i].id1 != 0 ? v->slot[i].id1 - 1 : add_term(v, s, len, i, tag, pre);
        }
        if (k < n) { /* hash term k and start fetching its slot */
            const char *s = buf + off[k];
            size_t len = off[k + 1] - off[k];
            pres[r] = term_prefix(s, len);
            hs[r] = term_hash(s, len, pres[r]);
            __builtin_prefetch(&v->slot[(size_t)hs[r] & (v->slots - 1)]);
        }
    }
}

void vocab_lookup_many(const vocab *v, const vocab *from, uint32_t first, size_t n, long *out)
{
    uint64_t hs[PREFETCH_AHEAD], pres[PREFETCH_AHEAD];
    size_t mask = v->slots - 1;
    for (size_t k = 0; k < n + PREFETCH_AHEAD; k++) {
        size_t r = k % PREFETCH_AHEAD;
        if (k >= PREFETCH_AHEAD) {
            size_t j = k - PREFETCH_AHEAD, len = from->lens[first + j];
            uint32_t tag = term_tag(hs[r], len);
            size_t i = find_slot(v, from->terms[first + j], len, hs[r], tag, pres[r]);
            out[j] = v->slot[i].id1 ? (long)v->slot[i].id1 - 1 : -1;
        }
        if (k < n) {
            const char *s = from->terms[first + k];
            size_t len = from->lens[first + k];
            pres[r] = term_prefix(s, len);
            hs[r] = term_hash(s, len, pres[r]);
            __builtin_prefetch(&v->slot[(size_t)hs[r] & mask]);
        }
    }
}

void vocab_reserve(vocab *v, size_t n)
{
    size_t slots = v->slots;
    while (10 * n > 7 * slots)
        slots *= 2;
    if (slots > v->slots)
        grow_table(v, slots);
    if (n > v->cap) {
        v->cap = n;
        v->terms = xreallocarray(v->terms, v->cap, sizeof *v->terms);
        v->lens = xreallocarray(v->lens, v->cap, sizeof *v->lens);
    }
}

void vocab_keep(vocab *v, const uint32_t *keep, size_t n)
{
    const char **terms = xmalloc((n ? n : 1) * sizeof *terms);
    uint32_t *lens = xmalloc((n ? n : 1) * sizeof *lens);
    for (size_t k = 0; k < n; k++) {
        terms[k] = v->terms[keep[k]];
        lens[k] = v->lens[keep[k]];
    }
    if (n == v->n) {
        /* Every term stays: only the ids in the slots change. */
        uint32_t *new_id = xmalloc((n ? n : 1) * sizeof *new_id);
        for (size_t k = 0; k < n; k++)
            new_id[keep[k]] = (uint32_t)k;
        for (size_t i = 0; i < v->slots; i++)
            if (v->slot[i].id1 != 0)
                v->slot[i].id1 = new_id[v->slot[i].id1 - 1] + 1;
        free(new_id);
    }
    free(v->terms);
    free(v->lens);
    v->terms = terms;
    v->lens = lens;
    v->cap = n ? n : 1;
    if (n != v->n) { /* terms are gone: a new table of the kept ones */
        v->n = n;
        size_t slots = 1024;
        while (10 * n > 7 * slots)
            slots *= 2;
        grow_table(v, slots);
    }
    v->n = n;
}

long vocab_lookup(const vocab *v, const char *term, size_t len)
{
    uint64_t pre = term_prefix(term, len), h = term_hash(term, len, pre);
    size_t i = find_slot(v, term, len, h, term_tag(h, len), pre);
    return v->slot[i].id1 ? (long)v->slot[i].id1 - 1 : -1;
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
