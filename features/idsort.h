/*
 * idsort.h — sorting ids, the way the features stage needs it fast: 64-bit
 * keys (a quicksort with inlined comparisons), sets of distinct ids below
 * a bound (a two-level bitmap read back in order), rows of (id, count)
 * entries by id, and term ids by the bytes of their terms or by document
 * frequency.  bench/RESULTS.md has the profiles that chose each method.
 *
 * Every sort here gives the one order its contract names (the keys or ids
 * are distinct, or ties are broken by the term's bytes), so the output
 * never depends on the method or the input order.
 */
#ifndef PT_IDSORT_H
#define PT_IDSORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "features/vocab.h"

/* Sorts a[0..n) ascending.  Can't fail. */
void sort_u64(uint64_t *a, size_t n);

/* Sorting distinct ids below a bound by marking them in a two-level
 * bitmap and reading the marks back in order: linear in the ids plus one
 * pass over the summary (a bit per 4096 ids).  Bags and matrix rows are
 * sets of distinct ids, a few hundred out of up to millions, and the
 * profile of the 70k-document features had comparison sorting them at a
 * quarter of the stage, mostly in mispredicted branches. */
typedef struct {
    uint64_t *bits;      /* bit id: id is marked */
    uint64_t *summary;   /* bit w: bits[w] is not zero */
    size_t n_sum;
} id_marks;

/* Marks for ids below bound, none set.  Can't fail (exits on out of
 * memory). */
void marks_init(id_marks *mk, size_t bound);
void marks_free(id_marks *mk);

/* True when marking is cheaper than comparison sorting n ids. */
static inline bool marks_pay(const id_marks *mk, size_t n)
{
    return mk->bits != NULL && mk->n_sum <= 8 * n;
}

/* Marks id (below the bound). */
static inline void marks_set(id_marks *mk, uint32_t id)
{
    mk->bits[id >> 6] |= (uint64_t)1 << (id & 63);
    mk->summary[id >> 12] |= (uint64_t)1 << ((id >> 6) & 63);
}

/* Writes the marked ids to out in increasing order and clears the marks.
 * Returns how many there were. */
size_t marks_take(id_marks *mk, uint32_t *out);

/* Scratch for sorting rows of (id, count) entries by id. */
typedef struct {
    id_marks mk;
    uint32_t *count_of;  /* by id */
    uint64_t *keys;
    size_t cap;
} row_sorter;

/* A sorter for ids below bound.  Can't fail (exits on out of memory). */
void row_sorter_init(row_sorter *rs, size_t bound);
void row_sorter_free(row_sorter *rs);

/* Sorts the m entries ids[j], counts[j] by id (the ids are distinct). */
void sort_row(row_sorter *rs, uint32_t *ids, uint32_t *counts, size_t m);

/* Sorts ids[0..n) (distinct ids of raw) by the bytes of their terms, in
 * strcmp order.  Can't fail (exits on out of memory). */
void sort_by_bytes(const vocab *raw, uint32_t *ids, size_t n);

/* Sorts ids[0..n) of raw by df[id], largest first, ties by the bytes of
 * their terms.  Can't fail. */
void sort_by_df_desc(const vocab *raw, const uint32_t *df, uint32_t *ids, size_t n);

#endif
