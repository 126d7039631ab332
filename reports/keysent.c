/*
 * keysent.c — key sentences by TextRank over TF-IDF sentence similarity
 * (keysent.h).
 *
 * The steps are the classic extractive summariser's: split, weigh each
 * sentence's words by TF-IDF computed over the sentences themselves (a
 * word every sentence shares says nothing about which one is central),
 * link every pair of sentences by the cosine of their vectors, and rank
 * with PageRank on that weighted graph.  A sentence that shares much with
 * many others is central; the chosen ones are given back in text order so
 * that they read as the text runs.
 */
#include "reports/keysent.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/xalloc.h"

/* ---- splitting -------------------------------------------------------------- */

/* The code point at text[i] (U+FFFD for a bad byte) and its length. */
static uint32_t cp_at(const char *text, size_t len, size_t i, size_t *used)
{
    uint32_t cp = 0;
    if (utf8_decode((const unsigned char *)text + i, len - i, &cp, used) != UTF8_OK) {
        *used = 1;
        return 0xFFFD;
    }
    return cp;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0;
}

static bool is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FA1F);
}

/* Marks that end a sentence wherever they stand. */
static bool is_strong_end(uint32_t cp)
{
    return cp == 0x3002 /* 。 */ || cp == 0xFF01 /* ！ */ || cp == 0xFF1F /* ？ */ || cp == '!' || cp == '?';
}

/* Quotes and brackets that close after a sentence's final mark. */
static bool is_closer(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == 0x201D || cp == 0x2019 || cp == 0xFF09 ||
           cp == 0x300D || cp == 0x300F || cp == 0x300B;
}

/* Words after which a '.' is an abbreviation's, not a sentence's end. */
static bool is_abbreviation(const char *w, size_t n)
{
    static const char *const abbr[] = {"mr", "mrs", "ms", "dr", "prof", "st", "no", "gen", "lt", "col",
                                       "jr", "sr", "vs", "e.g", "i.e", "u.s", "u.k", "cf", "approx",
                                       "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                                       "oct", "nov", "dec", "fig", "vol", "art", "para"};
    if (n == 1 && w[0] >= 'A' && w[0] <= 'Z')
        return true; /* an initial: "J. Smith" */
    for (size_t k = 0; k < sizeof abbr / sizeof abbr[0]; k++) {
        size_t m = strlen(abbr[k]);
        if (m != n)
            continue;
        size_t i = 0;
        while (i < n && (w[i] | 0x20) == abbr[k][i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Whether the '.' at text[i] ends a sentence; after is the index just past
 * the closers that follow it. */
static bool period_ends(const char *text, size_t len, size_t i, size_t after)
{
    size_t w = i;
    while (w > 0 && (((unsigned char)text[w - 1] | 0x20) >= 'a' && ((unsigned char)text[w - 1] | 0x20) <= 'z'))
        w--;
    while (w > 1 && text[w - 1] == '.' && ((unsigned char)text[w - 2] | 0x20) >= 'a' &&
           ((unsigned char)text[w - 2] | 0x20) <= 'z') {
        w -= 2; /* dotted abbreviations: "U.S." */
        while (w > 0 && (((unsigned char)text[w - 1] | 0x20) >= 'a' && ((unsigned char)text[w - 1] | 0x20) <= 'z'))
            w--;
    }
    if (is_abbreviation(text + w, i - w))
        return false;
    if (after >= len)
        return true;
    size_t used;
    uint32_t cp = cp_at(text, len, after, &used);
    if (!is_space(cp))
        return false; /* "3.5", "politrend.org" */
    size_t j = after;
    while (j < len && is_space(cp = cp_at(text, len, j, &used)))
        j += used;
    if (j >= len)
        return true;
    return (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '"' || cp == '\'' || cp == '(' ||
           cp == 0x201C || cp == 0x2018 || is_han(cp);
}

static void push_span(ks_span **v, size_t *n, size_t *cap, const char *text, size_t start, size_t end)
{
    size_t used;
    while (start < end && is_space(cp_at(text, end, start, &used)))
        start += used;
    while (end > start) {
        /* back over trailing ASCII white space and U+3000 (3 bytes) */
        if (is_space((unsigned char)text[end - 1]))
            end--;
        else if (end - start >= 3 && memcmp(text + end - 3, "\xE3\x80\x80", 3) == 0)
            end -= 3;
        else
            break;
    }
    if (end <= start)
        return;
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *v = xreallocarray(*v, *cap, sizeof **v);
    }
    (*v)[(*n)++] = (ks_span){start, end - start, 0};
}

size_t ks_split(const char *text, size_t len, ks_span **out)
{
    ks_span *v = NULL;
    size_t n = 0, cap = 0, start = 0, i = 0;
    while (i < len) {
        size_t used;
        uint32_t cp = cp_at(text, len, i, &used);
        size_t next = i + used;
        if (cp == '\n') {
            size_t j = next;
            while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
                j++;
            if (j < len && text[j] == '\n') {
                push_span(&v, &n, &cap, text, start, i);
                start = i = j + 1;
                continue;
            }
        } else if (is_strong_end(cp) || cp == '.') {
            size_t after = next;
            for (;;) {
                size_t u2;
                if (after >= len)
                    break;
                uint32_t c2 = cp_at(text, len, after, &u2);
                if (!is_closer(c2) && !is_strong_end(c2))
                    break;
                after += u2;
            }
            if (is_strong_end(cp) || period_ends(text, len, i, after)) {
                push_span(&v, &n, &cap, text, start, after);
                start = i = after;
                continue;
            }
        }
        i = next;
    }
    push_span(&v, &n, &cap, text, start, len);
    *out = v;
    return n;
}

/* ---- tokens ------------------------------------------------------------------- */

/* Words too common in any English text to tell sentences apart. */
static bool is_stop(const char *w, size_t n)
{
    static const char *const stop[] = {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have",
        "he", "his", "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to",
        "was", "were", "which", "with", "who", "will", "would", "not", "also", "they", "we", "our", "more",
        "than", "into", "all", "one", "so", "such", "these", "those", "there", "them", "should", "must"};
    for (size_t k = 0; k < sizeof stop / sizeof stop[0]; k++)
        if (strlen(stop[k]) == n && memcmp(stop[k], w, n) == 0)
            return true;
    return false;
}

typedef struct {
    size_t off, len;   /* in the token arena */
    size_t sent;
} tok_rec;

typedef struct {
    strbuf arena;
    tok_rec *v;
    size_t n, cap;
} tok_list;

static void tok_add(tok_list *t, const char *s, size_t len, size_t sent)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
    }
    t->v[t->n++] = (tok_rec){t->arena.len, len, sent};
    sb_append(&t->arena, s, len);
}

/* The tokens of one sentence: lower-cased ASCII words of two or more
 * characters that are not stop words, and the bigrams of every run of Han
 * characters (a lone character stands for itself). */
static size_t tokenize_sentence(tok_list *t, const char *s, size_t len, size_t sent)
{
    size_t count = 0, i = 0;
    char word[64];
    while (i < len) {
        size_t used;
        uint32_t cp = cp_at(s, len, i, &used);
        if ((cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) || (cp >= '0' && cp <= '9')) {
            size_t n = 0;
            while (i < len) {
                unsigned char c = (unsigned char)s[i];
                bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
                if (!alpha && !(c >= '0' && c <= '9'))
                    break;
                if (n < sizeof word)
                    word[n++] = (char)(alpha ? (c | 0x20) : c);
                i++;
            }
            if (n >= 2 && !is_stop(word, n)) {
                tok_add(t, word, n, sent);
                count++;
            }
        } else if (is_han(cp)) {
            size_t run_start = i, prev = i, chars = 0;
            while (i < len) {
                uint32_t c = cp_at(s, len, i, &used);
                if (!is_han(c))
                    break;
                if (chars > 0) {
                    tok_add(t, s + prev, i + used - prev, sent); /* the bigram ending here */
                    count++;
                }
                prev = i;
                i += used;
                chars++;
            }
            if (chars == 1) {
                tok_add(t, s + run_start, i - run_start, sent);
                count++;
            }
        } else {
            i += used;
        }
    }
    return count;
}

/* Orders tokens by their bytes (arena is the token arena), then sentence. */
static int cmp_tok(const void *a, const void *b, void *arena)
{
    const char *g_arena = arena;
    const tok_rec *x = a, *y = b;
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(g_arena + x->off, g_arena + y->off, m);
    if (c != 0)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->sent < y->sent ? -1 : (x->sent > y->sent);
}

static bool same_term(const char *arena, const tok_rec *x, const tok_rec *y)
{
    return x->len == y->len && memcmp(arena + x->off, arena + y->off, x->len) == 0;
}

void ks_similarity(const char *const *texts, const ks_span *sent, size_t n, double *w, size_t *n_tokens)
{
    memset(w, 0, n * n * sizeof *w);
    tok_list t = {0};
    for (size_t i = 0; i < n; i++) {
        size_t c = tokenize_sentence(&t, texts[sent[i].text] + sent[i].start, sent[i].len, i);
        if (n_tokens)
            n_tokens[i] = c;
    }
    if (t.n == 0) {
        sb_free(&t.arena);
        return;
    }
    qsort_r(t.v, t.n, sizeof *t.v, cmp_tok, t.arena.data);

    /* Per term: its (sentence, weight) entries; weights are squared into
     * the row norms first, then the pair products accumulate. */
    double *norm = xcalloc(n + 1, sizeof *norm);
    size_t *ent_sent = xcalloc(t.n, sizeof *ent_sent);
    double *ent_w = xcalloc(t.n, sizeof *ent_w);
    size_t *term_start = xcalloc(t.n + 1, sizeof *term_start), n_terms = 0, n_ent = 0;
    for (size_t a = 0; a < t.n;) {
        size_t b = a;
        while (b < t.n && same_term(t.arena.data, &t.v[a], &t.v[b]))
            b++;
        term_start[n_terms++] = n_ent;
        size_t first = n_ent;
        for (size_t k = a; k < b;) {
            size_t e = k;
            while (e < b && t.v[e].sent == t.v[k].sent)
                e++;
            ent_sent[n_ent] = t.v[k].sent;
            ent_w[n_ent++] = 1.0 + log((double)(e - k));
            k = e;
        }
        double df = (double)(n_ent - first);
        double idf = log((1.0 + (double)n) / (1.0 + df)) + 1.0;
        for (size_t e = first; e < n_ent; e++) {
            ent_w[e] *= idf;
            norm[ent_sent[e]] += ent_w[e] * ent_w[e];
        }
        a = b;
    }
    term_start[n_terms] = n_ent;
    for (size_t i = 0; i < n; i++)
        norm[i] = norm[i] > 0 ? sqrt(norm[i]) : 1.0;
    for (size_t k = 0; k < n_terms; k++)
        for (size_t x = term_start[k]; x < term_start[k + 1]; x++)
            for (size_t y = x + 1; y < term_start[k + 1]; y++) {
                size_t i = ent_sent[x], j = ent_sent[y];
                double p = ent_w[x] / norm[i] * ent_w[y] / norm[j];
                w[i * n + j] += p;
                w[j * n + i] += p;
            }
    free(term_start);
    free(ent_w);
    free(ent_sent);
    free(norm);
    free(t.v);
    sb_free(&t.arena);
}

/* ---- ranking ------------------------------------------------------------------- */

void ks_textrank(const double *w, size_t n, double *score)
{
    double *out = xcalloc(n + 1, sizeof *out), *next = xcalloc(n + 1, sizeof *next);
    for (size_t i = 0; i < n; i++) {
        score[i] = 1.0;
        for (size_t k = 0; k < n; k++)
            if (k != i)
                out[i] += w[i * n + k];
    }
    for (int round = 0; round < 500; round++) {
        double moved = 0;
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t j = 0; j < n; j++)
                if (j != i && out[j] > 0)
                    s += w[j * n + i] / out[j] * score[j];
            next[i] = (1.0 - KS_DAMPING) + KS_DAMPING * s;
            moved = fmax(moved, fabs(next[i] - score[i]));
        }
        memcpy(score, next, n * sizeof *score);
        if (moved < 1e-10)
            break;
    }
    free(next);
    free(out);
}

size_t ks_key_count(size_t n)
{
    if (n <= KS_MIN_KEY)
        return n;
    size_t k = (n + 4) / 5;
    return k < KS_MIN_KEY ? KS_MIN_KEY : (k > KS_MAX_KEY ? KS_MAX_KEY : k);
}

typedef struct {
    size_t index;
    double score;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->index < y->index ? -1 : (x->index > y->index);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : (x > y);
}

size_t ks_select(const char *const *texts, const size_t *lens, size_t n_texts, ks_span **out)
{
    ks_span *all = NULL;
    size_t n = 0;
    for (size_t t = 0; t < n_texts; t++) {
        ks_span *v = NULL;
        size_t m = ks_split(texts[t], lens[t], &v);
        all = xreallocarray(all, n + m + 1, sizeof *all);
        for (size_t k = 0; k < m; k++) {
            all[n + k] = v[k];
            all[n + k].text = t;
        }
        n += m;
        free(v);
    }
    *out = NULL;
    if (n == 0) {
        free(all);
        return 0;
    }
    double *w = xcalloc(n * n, sizeof *w), *score = xcalloc(n, sizeof *score);
    size_t *n_tok = xcalloc(n, sizeof *n_tok);
    ks_similarity(texts, all, n, w, n_tok);
    ks_textrank(w, n, score);

    size_t eligible = 0;
    for (size_t i = 0; i < n; i++)
        eligible += n_tok[i] >= KS_MIN_TOKENS;
    ranked *r = xcalloc(n, sizeof *r);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (n_tok[i] >= KS_MIN_TOKENS || eligible == 0)
            r[m++] = (ranked){i, score[i]};
    qsort(r, m, sizeof *r, cmp_ranked);
    size_t k = ks_key_count(n);
    if (k > m)
        k = m;
    size_t *pick = xcalloc(k + 1, sizeof *pick);
    for (size_t i = 0; i < k; i++)
        pick[i] = r[i].index;
    qsort(pick, k, sizeof *pick, cmp_size);
    ks_span *res = xcalloc(k + 1, sizeof *res);
    for (size_t i = 0; i < k; i++)
        res[i] = all[pick[i]];
    free(pick);
    free(r);
    free(n_tok);
    free(score);
    free(w);
    free(all);
    *out = res;
    return k;
}
