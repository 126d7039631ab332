/*
 * idsort.c — the id sorts of the features stage (idsort.h).
 */
#include "features/idsort.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* Quicksort (median of three, the smaller side recursed) with insertion
 * sort below 24 keys.  Inlined comparisons; the profile had qsort's merge
 * sort and its comparator calls at a sixth of the features stage. */
void sort_u64(uint64_t *a, size_t n)
{
    while (n > 24) {
        uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            uint64_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        size_t left = j + 1; /* a[0..left) <= pivot <= a[left..n) */
        if (left < n - left) {
            sort_u64(a, left);
            a += left;
            n -= left;
        } else {
            sort_u64(a + left, n - left);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t v = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

void marks_init(id_marks *mk, size_t bound)
{
    size_t words = bound / 64 + 1;
    mk->n_sum = words / 64 + 1;
    mk->bits = xcalloc(words, sizeof *mk->bits);
    mk->summary = xcalloc(mk->n_sum, sizeof *mk->summary);
}

void marks_free(id_marks *mk)
{
    free(mk->bits);
    free(mk->summary);
}

size_t marks_take(id_marks *mk, uint32_t *out)
{
    size_t n = 0;
    for (size_t s = 0; s < mk->n_sum; s++) {
        uint64_t sw = mk->summary[s];
        mk->summary[s] = 0;
        while (sw) {
            size_t w = s * 64 + (size_t)__builtin_ctzll(sw);
            sw &= sw - 1;
            uint64_t word = mk->bits[w];
            mk->bits[w] = 0;
            while (word) {
                out[n++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(word));
                word &= word - 1;
            }
        }
    }
    return n;
}

void row_sorter_init(row_sorter *rs, size_t bound)
{
    marks_init(&rs->mk, bound);
    rs->count_of = xmalloc((bound ? bound : 1) * sizeof *rs->count_of);
    rs->keys = NULL;
    rs->cap = 0;
}

void row_sorter_free(row_sorter *rs)
{
    marks_free(&rs->mk);
    free(rs->count_of);
    free(rs->keys);
}

void sort_row(row_sorter *rs, uint32_t *ids, uint32_t *counts, size_t m)
{
    if (marks_pay(&rs->mk, m)) {
        for (size_t j = 0; j < m; j++) {
            marks_set(&rs->mk, ids[j]);
            rs->count_of[ids[j]] = counts[j];
        }
        marks_take(&rs->mk, ids);
        for (size_t j = 0; j < m; j++)
            counts[j] = rs->count_of[ids[j]];
        return;
    }
    if (m > rs->cap) {
        rs->cap = 2 * m;
        rs->keys = xreallocarray(rs->keys, rs->cap, sizeof *rs->keys);
    }
    for (size_t j = 0; j < m; j++)
        rs->keys[j] = (uint64_t)ids[j] << 32 | counts[j];
    sort_u64(rs->keys, m);
    for (size_t j = 0; j < m; j++) {
        ids[j] = (uint32_t)(rs->keys[j] >> 32);
        counts[j] = (uint32_t)rs->keys[j];
    }
}

typedef struct {
    const vocab *raw;
    const uint32_t *df;
} term_order;

/* qsort_r comparators; ctx is a term_order. */
static int cmp_by_bytes(const void *a, const void *b, void *ctx)
{
    const term_order *o = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return strcmp(vocab_term(o->raw, x), vocab_term(o->raw, y));
}

static int cmp_by_df_desc(const void *a, const void *b, void *ctx)
{
    const term_order *o = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (o->df[x] != o->df[y])
        return o->df[x] > o->df[y] ? -1 : 1;
    return cmp_by_bytes(a, b, ctx);
}

/* A term to sort by its bytes: its first 8 bytes big-endian (zero-padded,
 * so that comparing keys compares those bytes as strcmp would), and id. */
typedef struct {
    uint64_t key;
    uint32_t id;
} term_key;

/* Sorts a[0..n) by key, stably: least significant byte first, one pass per
 * byte that is not the same in every key (a Chinese bigram's 6 bytes leave
 * the last two zero everywhere).  tmp holds n keys. */
static void radix_sort_keys(term_key *a, term_key *tmp, size_t n)
{
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0};
        for (size_t j = 0; j < n; j++)
            count[(a[j].key >> shift) & 0xFF]++;
        if (count[(a[0].key >> shift) & 0xFF] == n)
            continue; /* this byte orders nothing */
        size_t pos = 0;
        for (unsigned d = 0; d < 256; d++) {
            size_t c = count[d];
            count[d] = pos;
            pos += c;
        }
        for (size_t j = 0; j < n; j++)
            tmp[count[(a[j].key >> shift) & 0xFF]++] = a[j];
        memcpy(a, tmp, n * sizeof *a);
    }
}

/* A radix sort of the terms' first 8 bytes, then each run of equal
 * prefixes (terms longer than 8 bytes) with qsort_r.  The profile of a 20k-document fit had qsort
 * calling strcmp through vocab_term over every term at a sixth of the
 * stage, and that of a 1k-document one a comparison sort of the prefixes at
 * 8%. */
void sort_by_bytes(const vocab *raw, uint32_t *ids, size_t n)
{
    if (n == 0)
        return;
    term_key *k = xmalloc(2 * n * sizeof *k);
    for (size_t j = 0; j < n; j++) {
        const unsigned char *t = (const unsigned char *)vocab_term(raw, ids[j]);
        size_t len = vocab_term_len(raw, ids[j]);
        uint64_t key = 0;
        for (size_t q = 0; q < 8; q++)
            key = key << 8 | (q < len ? t[q] : 0);
        k[j] = (term_key){key, ids[j]};
    }
    radix_sort_keys(k, k + n, n);
    for (size_t j = 0; j < n; j++)
        ids[j] = k[j].id;
    term_order order = {raw, NULL};
    for (size_t j = 0; j < n;) {
        size_t end = j + 1;
        while (end < n && k[end].key == k[j].key)
            end++;
        if (end - j > 1)
            qsort_r(ids + j, end - j, sizeof *ids, cmp_by_bytes, &order);
        j = end;
    }
    free(k);
}

void sort_by_df_desc(const vocab *raw, const uint32_t *df, uint32_t *ids, size_t n)
{
    term_order order = {raw, df};
    qsort_r(ids, n, sizeof *ids, cmp_by_df_desc, &order);
}
