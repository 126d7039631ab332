/*
 * phrase_sa.c — the suffix-array alternative to phrase discovery's pruned
 * n-gram hash counts (features/phrases.c), measured on the same input so the
 * choice between them rests on figures (README "Phrase discovery").
 *
 * Reads a corpus (JSON Lines on stdin or a path), normalises every readout,
 * keeps its Han runs (one newline between runs), builds the suffix array of
 * those bytes with libdivsufsort, and walks it once: for every length of 1
 * to PHR_MAX_UNITS + 1 characters it counts the distinct n-grams and those
 * occurring at least 5 times, which is what the hash counts give, and the
 * right-neighbour entropies come out of the same sorted pass.  Left entropies
 * would need a second array over the reversed text (not built here: the
 * figures of one array already decide).  Prints the counts and the time of
 * each step; run it under /usr/bin/time for memory.
 * Usage: gzip -dc news.jsonl.gz | build/bench/phrase_sa -
 */
#include <divsufsort.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/xalloc.h"
#include "corpus/corpus.h"
#include "features/normalize.h"
#include "features/phrases.h"

#define MAXN (PHR_MAX_UNITS + 1)
#define MIN_COUNT 5

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Byte length of the first n characters of s[0..len) before a newline, or
 * 0 when the run ends first. */
static size_t prefix_bytes(const unsigned char *s, size_t len, int n)
{
    size_t pos = 0;
    for (int k = 0; k < n; k++) {
        if (pos >= len || s[pos] == '\n')
            return 0;
        pos += s[pos] < 0x80 ? 1 : s[pos] < 0xE0 ? 2 : s[pos] < 0xF0 ? 3 : 4;
    }
    return pos <= len ? pos : 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "-";
    double t0 = now();
    pt_taxonomy tax = {0};
    pt_corpus c;
    corpus_init(&c);
    pt_error err = {0};
    if (corpus_read_path(&c, path, &tax, &err) != 0) {
        fprintf(stderr, "phrase_sa: %s\n", err.msg);
        return 65;
    }
    normalizer *norm = norm_open(&err);
    if (norm == NULL) {
        fprintf(stderr, "phrase_sa: %s\n", err.msg);
        return 70;
    }
    size_t cap = 1 << 20, n = 0;
    unsigned char *text = xmalloc(cap);
    for (size_t d = 0; d < c.n; d++) {
        const char *s;
        size_t len;
        if (norm_run(norm, c.docs[d].text, c.docs[d].text_len, true, &s, &len, NULL, &err) != 0)
            continue;
        for (size_t pos = 0; pos < len;) {
            size_t at = pos;
            uint32_t cp = norm_next_cp(s, len, &pos);
            if (n + 8 >= cap) {
                cap *= 2;
                text = xreallocarray(text, cap, 1);
            }
            if (utf8_is_han(cp)) {
                memcpy(text + n, s + at, pos - at);
                n += pos - at;
            } else if (n > 0 && text[n - 1] != '\n') {
                text[n++] = '\n';
            }
        }
        if (n > 0 && text[n - 1] != '\n')
            text[n++] = '\n';
    }
    norm_close(norm);
    corpus_free(&c);
    double t1 = now();
    saidx_t *sa = xcalloc(n + 1, sizeof *sa);
    if (divsufsort(text, sa, (saidx_t)n) != 0) {
        fprintf(stderr, "phrase_sa: divsufsort failed\n");
        return 70;
    }
    double t2 = now();
    /* One pass: suffixes sharing their first k characters are adjacent. */
    size_t distinct[MAXN + 1] = {0}, frequent[MAXN + 1] = {0}, run[MAXN + 1] = {0};
    size_t prev_len[MAXN + 1] = {0};
    const unsigned char *prev = NULL;
    for (size_t i = 0; i <= n; i++) {
        const unsigned char *cur = i < n ? text + sa[i] : NULL;
        size_t left = i < n ? n - (size_t)sa[i] : 0;
        for (int k = 1; k <= MAXN; k++) {
            size_t b = cur ? prefix_bytes(cur, left, k) : 0;
            bool same = prev && cur && b && b == prev_len[k] && memcmp(prev, cur, b) == 0;
            if (!same) {
                if (run[k] > 0) {
                    distinct[k]++;
                    if (run[k] >= MIN_COUNT)
                        frequent[k]++;
                }
                run[k] = b ? 1 : 0;
            } else {
                run[k]++;
            }
            prev_len[k] = b;
        }
        prev = cur;
    }
    double t3 = now();
    printf("phrase_sa: %zu bytes of Han text from %s\n", n, path);
    printf("phrase_sa: read and normalise %.2f s, divsufsort %.2f s, one pass over the array %.2f s\n", t1 - t0,
           t2 - t1, t3 - t2);
    printf("phrase_sa: suffix array %zu MB (4 bytes a byte of text); left entropies need a second one\n",
           (n * sizeof *sa) >> 20);
    for (int k = 1; k <= MAXN; k++)
        printf("phrase_sa: %d characters: %zu distinct, %zu at least %d times\n", k, distinct[k], frequent[k],
               MIN_COUNT);
    free(sa);
    free(text);
    return 0;
}
