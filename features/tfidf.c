/*
 * tfidf.c — bags of tokens and TF-IDF on GSL (tfidf.h).
 *
 * Built for speed on whole news archives (bench/RESULTS.md has the figures
 * and the profiles that justified each piece):
 *  - bags: documents are tokenised on every core (one tokenizer per thread,
 *    tok_clone) and their tokens interned by one thread in document order,
 *    so the result is byte for byte that of one thread (the comment above
 *    bag_chunk says why); tokens are interned a document at a time with the
 *    table slots prefetched (vocab_intern_many), repeated tokens counted in
 *    a small per-document table;
 *  - fit: terms ordered by a radix sort of their first 8 bytes;
 *  - fit_transform: the bags become the matrix in place;
 *  - transform: row lengths first, so the CSR matrix is allocated once at
 *    its size, then the rows filled in place on every core.
 */
#include "tfidf.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"

/* ---- sorting ----------------------------------------------------------------- */

/* Sorts a[0..n) ascending: quicksort (median of three, the smaller side
 * recursed) with insertion sort below 24 keys.  Inlined comparisons; the
 * profile had qsort's merge sort and its comparator calls at a sixth of the
 * features stage. */
static void sort_u64(uint64_t *a, size_t n)
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

static void marks_init(id_marks *mk, size_t bound)
{
    size_t words = bound / 64 + 1;
    mk->n_sum = words / 64 + 1;
    mk->bits = xcalloc(words, sizeof *mk->bits);
    mk->summary = xcalloc(mk->n_sum, sizeof *mk->summary);
}

static void marks_free(id_marks *mk)
{
    free(mk->bits);
    free(mk->summary);
}

/* True when marking is cheaper than comparison sorting n ids. */
static inline bool marks_pay(const id_marks *mk, size_t n)
{
    return mk->bits != NULL && mk->n_sum <= 8 * n;
}

static inline void marks_set(id_marks *mk, uint32_t id)
{
    mk->bits[id >> 6] |= (uint64_t)1 << (id & 63);
    mk->summary[id >> 12] |= (uint64_t)1 << ((id >> 6) & 63);
}

/* Writes the marked ids to out in increasing order and clears the marks.
 * Returns how many there were. */
static size_t marks_take(id_marks *mk, uint32_t *out)
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

/* Runs fn(ctx, k) for k in [0, n) on n threads (the calling thread is k 0).
 * Falls back to running them one after another when a thread cannot be
 * started: the work, not the parallelism, is the contract. */
static void run_parallel(unsigned n, void *(*fn)(void *), void **args)
{
    pthread_t th[TFIDF_MAX_THREADS];
    bool started[TFIDF_MAX_THREADS] = {false};
    for (unsigned k = 1; k < n; k++)
        started[k] = pthread_create(&th[k], NULL, fn, args[k]) == 0;
    fn(args[0]);
    for (unsigned k = 1; k < n; k++) {
        if (started[k])
            pthread_join(th[k], NULL);
        else
            fn(args[k]);
    }
}

/* Threads to use for work of this many bytes: one per online CPU (at most
 * TFIDF_MAX_THREADS), one for small inputs. */
static unsigned threads_for(size_t work_bytes)
{
    if (work_bytes < TFIDF_PAR_MIN_BYTES)
        return 1;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1)
        return 1;
    return cpus > TFIDF_MAX_THREADS ? TFIDF_MAX_THREADS : (unsigned)cpus;
}

/* ---- bags -------------------------------------------------------------------- */

/*
 * How bags are built on several threads with the single-threaded result.
 *
 * The documents are cut into chunks (in order, about BAG_CHUNK_BYTES of
 * text each).  Tokenising a chunk -- normalising, segmenting, stemming,
 * matching the lexicon -- is done by any thread (one tokenizer each,
 * tok_clone) into the chunk's own token buffer.  Interning the tokens and
 * counting them into bags is done by the calling thread alone, chunk after
 * chunk in document order, so the raw vocabulary receives its terms in the
 * order of a single pass over the text: raw ids, bags and counts are byte
 * for byte the single-threaded ones, whatever the number of threads.  The
 * calling thread tokenises chunks too whenever the next chunk to intern is
 * not ready, and no thread runs more than BAG_AHEAD chunks ahead of the
 * interning, which bounds the token buffers alive at once.
 *
 * (An earlier scheme had each thread intern into a vocabulary of its own,
 * merged afterwards; its merge re-interned every term a thread met first,
 * so on 1,000 news items two threads were no faster than one, and the
 * per-thread vocabularies cost 100 MB on 70,000.)
 */

#define BAG_CHUNK_BYTES (64u << 10)
#define BAG_CHUNK_DOCS 256
#define BAG_AHEAD 8

enum { CH_TODO, CH_TAKEN, CH_DONE, CH_FAILED };

/* A chunk's tokens, back to back: token k is tb[toff[k]..toff[k + 1]).  The
 * buffers go from chunk to chunk (job->pool): fresh ones, as large as a
 * chunk needs, were mapped and faulted in page by page for every chunk (the
 * profile of 10,000 news items had page faults and realloc copies at 12%). */
typedef struct {
    char *tb;
    size_t tb_cap;
    uint32_t *toff;
    size_t t_cap;
} token_buf;

#define BAG_POOL (BAG_AHEAD + TFIDF_MAX_THREADS)

typedef struct {
    size_t first, last;      /* bags [first, last) */
    int state;
    token_buf buf;
    size_t tb_n, nt;
    uint32_t *doc_end;       /* the tokens of bag first + j end at doc_end[j] */
    size_t replaced;
    size_t fail_k;           /* CH_FAILED: the bag that could not be built */
    pt_error err;
} bag_chunk;

typedef struct {
    const pt_corpus *c;
    const size_t *rows;
    bag_set *b;
    bag_chunk *chunks;
    size_t n_chunks;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next_take;        /* next chunk to tokenise */
    size_t next_merge;       /* next chunk to intern */
    size_t first_fail;       /* lowest failed chunk (n_chunks: none); later chunks are skipped */
    token_buf pool[BAG_POOL];/* token buffers of interned chunks, for the next ones to take */
    size_t n_pool;
    tokenizer *tok;          /* the calling thread's */
    /* The interning side, the calling thread's only: */
    uint32_t *tid;           /* a document's token ids */
    size_t tid_cap;
    uint32_t *dkey, *dval;   /* per-document table: id + 1 -> entry */
    size_t d_cap;
    size_t cap, used;        /* capacity and use of b->ids / b->counts */
} bag_job;

static int collect_token(void *ctx, const char *token, size_t len)
{
    bag_chunk *ch = ctx;
    token_buf *tk = &ch->buf;
    if (ch->tb_n + len > tk->tb_cap) {
        tk->tb_cap = 2 * (ch->tb_n + len) + 4096;
        tk->tb = xreallocarray(tk->tb, tk->tb_cap, 1);
    }
    if (ch->nt + 2 > tk->t_cap) {
        tk->t_cap = 2 * tk->t_cap + 1024;
        tk->toff = xreallocarray(tk->toff, tk->t_cap, sizeof *tk->toff);
    }
    memcpy(tk->tb + ch->tb_n, token, len);
    ch->tb_n += len;
    tk->toff[++ch->nt] = (uint32_t)ch->tb_n;
    return 0;
}

/* Tokenises the documents of chunk ch with tok.  Returns CH_DONE, or
 * CH_FAILED with ch->err and ch->fail_k set. */
static int chunk_tokenise(const bag_job *job, tokenizer *tok, bag_chunk *ch)
{
    ch->doc_end = xmalloc((ch->last - ch->first) * sizeof *ch->doc_end);
    if (ch->buf.toff == NULL) { /* room for the tokens of Chinese text: a bigram per 3 bytes */
        size_t bytes = 0;
        for (size_t k = ch->first; k < ch->last; k++)
            bytes += job->c->docs[job->rows ? job->rows[k] : k].text_len;
        ch->buf.tb_cap = 2 * bytes + 4096;
        ch->buf.tb = xmalloc(ch->buf.tb_cap);
        ch->buf.t_cap = bytes / 2 + 1024;
        ch->buf.toff = xmalloc(ch->buf.t_cap * sizeof *ch->buf.toff);
    }
    ch->buf.toff[0] = 0;
    for (size_t k = ch->first; k < ch->last; k++) {
        const pt_doc *d = &job->c->docs[job->rows ? job->rows[k] : k];
        size_t replaced = 0;
        if (tok_run(tok, d->text, d->text_len, collect_token, ch, &replaced, &ch->err) != 0) {
            pt_error_prefix(&ch->err, "%s:%ld: %s: ", d->source, d->line, d->id);
            ch->fail_k = k;
            return CH_FAILED;
        }
        ch->replaced += replaced;
        ch->doc_end[k - ch->first] = (uint32_t)ch->nt;
    }
    return CH_DONE;
}

static void chunk_release(bag_chunk *ch)
{
    free(ch->buf.tb);
    free(ch->buf.toff);
    free(ch->doc_end);
    memset(&ch->buf, 0, sizeof ch->buf);
    ch->doc_end = NULL;
}

/* Gives ch's token buffers to the pool (or frees them when it is full).
 * Called with job->mu held. */
static void chunk_recycle(bag_job *job, bag_chunk *ch)
{
    if (job->n_pool < BAG_POOL && ch->buf.toff != NULL) {
        job->pool[job->n_pool++] = ch->buf;
        memset(&ch->buf, 0, sizeof ch->buf);
    }
    chunk_release(ch);
}

static void bag_push(bag_job *job, uint32_t id)
{
    bag_set *b = job->b;
    if (job->used == job->cap) {
        job->cap = 2 * job->cap + 16384;
        b->ids = xreallocarray(b->ids, job->cap, sizeof *b->ids);
        b->counts = xreallocarray(b->counts, job->cap, sizeof *b->counts);
    }
    b->ids[job->used] = id;
    b->counts[job->used++] = 1;
}

/* Appends the bag of n token ids: the distinct ids in order of first
 * occurrence, with their counts, kept in a small table while the document
 * is read.  (Sorting them by id bought nothing: the matrix sorts its rows by
 * column anyway.) */
static void bag_add(bag_job *job, const uint32_t *tid, size_t n)
{
    size_t size = 16;
    while (size < 2 * n)
        size *= 2;
    if (size > job->d_cap) {
        job->d_cap = size;
        job->dkey = xreallocarray(job->dkey, size, sizeof *job->dkey);
        job->dval = xreallocarray(job->dval, size, sizeof *job->dval);
    }
    memset(job->dkey, 0, size * sizeof *job->dkey);
    size_t mask = size - 1, base = job->used;
    for (size_t t = 0; t < n; t++) {
        uint32_t id = tid[t];
        size_t i = (size_t)((id * 0x9E3779B1u) >> 7) & mask;
        for (;;) {
            if (job->dkey[i] == 0) {
                job->dkey[i] = id + 1;
                job->dval[i] = (uint32_t)(job->used - base);
                bag_push(job, id);
                break;
            }
            if (job->dkey[i] == id + 1) {
                job->b->counts[base + job->dval[i]]++;
                break;
            }
            i = (i + 1) & mask;
        }
    }
}

/* Interns chunk ch's tokens into the raw vocabulary and appends its bags. */
static void chunk_merge(bag_job *job, bag_chunk *ch)
{
    bag_set *b = job->b;
    if (ch->nt > job->tid_cap) {
        job->tid_cap = ch->nt;
        job->tid = xreallocarray(job->tid, job->tid_cap, sizeof *job->tid);
    }
    /* A document at a time: interning the whole chunk at once would be the
     * same, but the document's ids are then still in the cache when counted. */
    size_t start = 0;
    for (size_t k = ch->first; k < ch->last; k++) {
        size_t end = ch->doc_end[k - ch->first];
        vocab_intern_many(b->raw, ch->buf.tb, ch->buf.toff + start, end - start, job->tid);
        bag_add(job, job->tid, end - start);
        b->offsets[k + 1] = job->used;
        start = end;
    }
    b->n_replaced += ch->replaced;
}

/* Takes the next chunk to tokenise.  Returns it, or NULL with *finished
 * true when none is left, false when the tokenising is BAG_AHEAD chunks
 * ahead of the interning.  Called with job->mu held. */
static bag_chunk *chunk_take(bag_job *job, bool *finished)
{
    *finished = job->next_take >= job->n_chunks || job->next_take > job->first_fail;
    if (*finished || job->next_take >= job->next_merge + BAG_AHEAD)
        return NULL;
    bag_chunk *ch = &job->chunks[job->next_take++];
    ch->state = CH_TAKEN;
    if (job->n_pool > 0)
        ch->buf = job->pool[--job->n_pool];
    return ch;
}

/* Marks ch tokenised (state CH_DONE or CH_FAILED).  Called with job->mu
 * held. */
static void chunk_done(bag_job *job, bag_chunk *ch, int state)
{
    size_t idx = (size_t)(ch - job->chunks);
    ch->state = state;
    if (ch->state == CH_FAILED && idx < job->first_fail)
        job->first_fail = idx;
    pthread_cond_broadcast(&job->cv);
}

typedef struct {
    bag_job *job;
    tokenizer *tok;          /* its own clone, NULL when it could not be opened */
} bag_helper;

/* A helping thread: opens its tokenizer (on its own thread, so that the
 * calling thread is already at work meanwhile), then tokenises chunks until
 * none is left.  Without a tokenizer it takes no chunk: the others do. */
static void *bag_helper_main(void *arg)
{
    bag_helper *h = arg;
    bag_job *job = h->job;
    pt_error ignored = {0};
    if ((h->tok = tok_clone(job->tok, &ignored)) == NULL)
        return NULL;
    pthread_mutex_lock(&job->mu);
    for (;;) {
        bool finished;
        bag_chunk *ch = chunk_take(job, &finished);
        if (finished)
            break;
        if (ch == NULL) {
            pthread_cond_wait(&job->cv, &job->mu);
            continue;
        }
        pthread_mutex_unlock(&job->mu);
        int state = chunk_tokenise(job, h->tok, ch);
        pthread_mutex_lock(&job->mu);
        chunk_done(job, ch, state);
    }
    pthread_mutex_unlock(&job->mu);
    return NULL;
}

/* The calling thread: interns finished chunks in order, tokenising chunks
 * itself while the next one to intern is not ready.  Returns 0, or -1 with
 * err set to the first failing document's error. */
static int bag_main_loop(bag_job *job, pt_error *err)
{
    int rc = 0;
    pthread_mutex_lock(&job->mu);
    while (job->next_merge < job->n_chunks) {
        bag_chunk *m = &job->chunks[job->next_merge];
        if (m->state == CH_FAILED) {
            *err = m->err;
            rc = -1;
            break;
        }
        if (m->state == CH_DONE) {
            pthread_mutex_unlock(&job->mu);
            chunk_merge(job, m);
            pthread_mutex_lock(&job->mu);
            chunk_recycle(job, m);
            job->next_merge++;
            pthread_cond_broadcast(&job->cv); /* the helpers may take more */
            continue;
        }
        bool finished;
        bag_chunk *ch = chunk_take(job, &finished);
        if (ch != NULL) {
            pthread_mutex_unlock(&job->mu);
            int state = chunk_tokenise(job, job->tok, ch);
            pthread_mutex_lock(&job->mu);
            chunk_done(job, ch, state);
            continue;
        }
        pthread_cond_wait(&job->cv, &job->mu);
    }
    if (rc != 0) /* stop the others taking more chunks */
        job->first_fail = 0;
    pthread_cond_broadcast(&job->cv);
    pthread_mutex_unlock(&job->mu);
    return rc;
}

/* Scratch for sorting rows of (id, count) entries by id. */
typedef struct {
    id_marks mk;
    uint32_t *count_of;  /* by id */
    uint64_t *keys;
    size_t cap;
} row_sorter;

static void row_sorter_init(row_sorter *rs, size_t bound)
{
    marks_init(&rs->mk, bound);
    rs->count_of = xmalloc((bound ? bound : 1) * sizeof *rs->count_of);
    rs->keys = NULL;
    rs->cap = 0;
}

static void row_sorter_free(row_sorter *rs)
{
    marks_free(&rs->mk);
    free(rs->count_of);
    free(rs->keys);
}

/* Sorts the m entries ids[j], counts[j] by id (the ids are distinct). */
static void sort_row(row_sorter *rs, uint32_t *ids, uint32_t *counts, size_t m)
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

/* About half the distinct tokens expected in this many bytes of text
 * (Heaps' law fitted on Chinese news: 76k terms in 1.4 MB, 304k in 13 MB,
 * 718k in 99 MB), capped at 2^20: a low guess costs one late rebuild, a
 * high one memory. */
static size_t expected_terms(size_t text_bytes)
{
    double guess = 20.0 * pow((double)text_bytes, 0.55);
    return guess < 1024 ? 1024 : guess > (double)(1u << 20) ? (size_t)1 << 20 : (size_t)guess;
}

int bags_build(bag_set *b, tokenizer *tok, const pt_corpus *c, pt_error *err)
{
    return bags_build_par(b, tok, c, NULL, 0, 0, err);
}

int bags_build_rows(bag_set *b, tokenizer *tok, const pt_corpus *c, const size_t *rows, size_t n_rows,
                    pt_error *err)
{
    return bags_build_par(b, tok, c, rows, n_rows, 0, err);
}

int bags_tokenize(bag_set *b, const tok_config *cfg, const pt_corpus *c, const size_t *rows, size_t n_rows,
                  pt_error *err)
{
    tokenizer *tok = tok_open(cfg, err);
    if (tok == NULL) {
        memset(b, 0, sizeof *b);
        return -1;
    }
    int rc = bags_build_rows(b, tok, c, rows, n_rows, err);
    tok_close(tok);
    return rc;
}

int bags_build_par(bag_set *b, tokenizer *tok, const pt_corpus *c, const size_t *rows, size_t n_rows,
                   unsigned threads, pt_error *err)
{
    if (rows == NULL)
        n_rows = c->n;
    memset(b, 0, sizeof *b);
    b->raw = vocab_new();
    b->n_docs = n_rows;
    b->offsets = xcalloc(n_rows + 1, sizeof *b->offsets);

    /* Chunks, in document order. */
    size_t total = 0, n_chunks = 0, cap_chunks = 16;
    bag_chunk *chunks = xcalloc(cap_chunks, sizeof *chunks);
    for (size_t k = 0; k < n_rows;) {
        size_t bytes = 0, first = k;
        while (k < n_rows && k - first < BAG_CHUNK_DOCS && bytes < BAG_CHUNK_BYTES)
            bytes += c->docs[rows ? rows[k++] : k++].text_len;
        total += bytes;
        if (n_chunks == cap_chunks) {
            chunks = xreallocarray(chunks, 2 * cap_chunks, sizeof *chunks);
            memset(chunks + cap_chunks, 0, cap_chunks * sizeof *chunks);
            cap_chunks *= 2;
        }
        chunks[n_chunks].first = first;
        chunks[n_chunks].last = k;
        n_chunks++;
    }
    if (threads == 0)
        threads = threads_for(total);
    if (threads > TFIDF_MAX_THREADS)
        threads = TFIDF_MAX_THREADS;
    if (threads > n_chunks)
        threads = n_chunks ? (unsigned)n_chunks : 1;

    /* Room for the terms the text is likely to hold, so that the table
     * is not rebuilt again and again on the way (the profile of 1,000 news
     * items had rebuilding at 6%). */
    vocab_reserve(b->raw, expected_terms(total));

    bag_job job = {.c = c, .rows = rows, .b = b, .chunks = chunks, .n_chunks = n_chunks,
                   .first_fail = n_chunks, .tok = tok};
    pthread_mutex_init(&job.mu, NULL);
    pthread_cond_init(&job.cv, NULL);
    bag_helper h[TFIDF_MAX_THREADS];
    pthread_t th[TFIDF_MAX_THREADS];
    bool started[TFIDF_MAX_THREADS] = {false};
    for (unsigned k = 1; k < threads; k++) {
        h[k] = (bag_helper){&job, NULL};
        started[k] = pthread_create(&th[k], NULL, bag_helper_main, &h[k]) == 0;
    }
    int rc = bag_main_loop(&job, err);
    for (unsigned k = 1; k < threads; k++)
        if (started[k]) {
            pthread_join(th[k], NULL);
            tok_close(h[k].tok);
        }
    pthread_mutex_destroy(&job.mu);
    pthread_cond_destroy(&job.cv);
    free(job.tid);
    free(job.dkey);
    free(job.dval);
    for (size_t k = 0; k < n_chunks; k++)
        chunk_release(&chunks[k]);
    for (size_t k = 0; k < job.n_pool; k++) {
        free(job.pool[k].tb);
        free(job.pool[k].toff);
    }
    free(chunks);
    if (rc != 0) {
        bags_free(b);
        return -1;
    }
    /* Give back what the doubling over-reserved. */
    size_t keep = job.used ? job.used : 1;
    b->ids = xreallocarray(b->ids, keep, sizeof *b->ids);
    b->counts = xreallocarray(b->counts, keep, sizeof *b->counts);
    return 0;
}

void bags_free(bag_set *b)
{
    vocab_free(b->raw);
    free(b->offsets);
    free(b->ids);
    free(b->counts);
    memset(b, 0, sizeof *b);
}

/* ---- fitting ----------------------------------------------------------------- */

void tfidf_config_default(tfidf_config *cfg)
{
    cfg->min_df = 1;
    cfg->max_df = 1.0;
    cfg->max_features = 0;
    cfg->sublinear_tf = true;
}

static size_t row_at(const size_t *rows, size_t k)
{
    return rows ? rows[k] : k;
}

typedef struct {
    const vocab *raw;
    const uint32_t *df;
} term_order;

static term_order g_order; /* qsort has no context argument; set just before sorting */

static int cmp_by_bytes(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return strcmp(vocab_term(g_order.raw, x), vocab_term(g_order.raw, y));
}

static int cmp_by_df_desc(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (g_order.df[x] != g_order.df[y])
        return g_order.df[x] > g_order.df[y] ? -1 : 1;
    return cmp_by_bytes(a, b);
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

/* Sorts ids[0..n) by the bytes of their terms (strcmp order): a radix sort
 * of their first 8 bytes, then each run of equal prefixes (terms longer
 * than 8 bytes) with qsort.  The profile of a 20k-document fit had qsort
 * calling strcmp through vocab_term over every term at a sixth of the
 * stage, and that of a 1k-document one a comparison sort of the prefixes at
 * 8%. */
static void sort_by_bytes(const vocab *raw, uint32_t *ids, size_t n)
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
    g_order.raw = raw;
    for (size_t j = 0; j < n;) {
        size_t end = j + 1;
        while (end < n && k[end].key == k[j].key)
            end++;
        if (end - j > 1)
            qsort(ids + j, end - j, sizeof *ids, cmp_by_bytes);
        j = end;
    }
    free(k);
}

/* The smooth idf of a term found in df of n documents. */
static double idf_of(size_t n, uint32_t df)
{
    return log((1.0 + (double)n) / (1.0 + (double)df)) + 1.0;
}

/* A fit's columns: the raw ids of the kept terms in column order
 * (kept[0..n_kept)), and df by raw id, counted over the listed bags. */
typedef struct {
    uint32_t *df;
    uint32_t *kept;
    size_t n_kept, n_rows;
} fit_columns;

static void fit_columns_free(fit_columns *fc)
{
    free(fc->df);
    free(fc->kept);
    memset(fc, 0, sizeof *fc);
}

static int choose_columns(fit_columns *fc, const tfidf_config *cfg, const bag_set *b, const size_t *rows,
                          size_t n_rows, pt_error *err)
{
    memset(fc, 0, sizeof *fc);
    if (rows == NULL)
        n_rows = b->n_docs;
    if (n_rows == 0)
        return pt_fail(err, PT_ERR_DATA, "no documents to fit the vocabulary on");
    size_t n_raw = vocab_size(b->raw);
    uint32_t *df = xcalloc(n_raw ? n_raw : 1, sizeof *df);
    for (size_t k = 0; k < n_rows; k++) {
        size_t r = row_at(rows, k);
        for (size_t e = b->offsets[r]; e < b->offsets[r + 1]; e++)
            df[b->ids[e]]++;
    }
    /* Keep terms within [min_df, max_df * n]. */
    double max_count = cfg->max_df * (double)n_rows;
    uint32_t *kept = xcalloc(n_raw ? n_raw : 1, sizeof *kept);
    size_t n_kept = 0;
    for (uint32_t t = 0; t < n_raw; t++)
        if (df[t] > 0 && df[t] >= cfg->min_df && (double)df[t] <= max_count)
            kept[n_kept++] = t;
    g_order.raw = b->raw;
    g_order.df = df;
    if (cfg->max_features > 0 && n_kept > cfg->max_features) {
        qsort(kept, n_kept, sizeof *kept, cmp_by_df_desc);
        n_kept = cfg->max_features;
    }
    if (n_kept == 0) {
        free(df);
        free(kept);
        return pt_fail(err, PT_ERR_DATA,
                       "no term is left after vocabulary pruning (min_df %zu, max_df %g, %zu documents)",
                       cfg->min_df, cfg->max_df, n_rows);
    }
    sort_by_bytes(b->raw, kept, n_kept);
    *fc = (fit_columns){df, kept, n_kept, n_rows};
    return 0;
}

/* Makes m of terms (the kept terms in column order) with their df and idf. */
static void model_of_terms(tfidf_model *m, const tfidf_config *cfg, vocab *terms, const fit_columns *fc)
{
    uint32_t *kept_df = xmalloc(fc->n_kept * sizeof *kept_df);
    gsl_vector *idf = gsl_vector_alloc(fc->n_kept);
    if (idf == NULL)
        xalloc_die();
    for (size_t k = 0; k < fc->n_kept; k++) {
        kept_df[k] = fc->df[fc->kept[k]];
        gsl_vector_set(idf, k, idf_of(fc->n_rows, kept_df[k]));
    }
    tfidf_from_parts(m, cfg, terms, kept_df, idf, fc->n_rows);
}

/* Makes m of the chosen columns: the kept terms interned in column order,
 * their df and idf.  Can't fail (exits on out of memory). */
static void model_of_columns(tfidf_model *m, const tfidf_config *cfg, const bag_set *b, const fit_columns *fc)
{
    size_t n_kept = fc->n_kept, bytes = 0;
    for (size_t k = 0; k < n_kept; k++)
        bytes += vocab_term_len(b->raw, fc->kept[k]);
    char *buf = xmalloc(bytes + 1);
    uint32_t *off = xmalloc((n_kept + 1) * sizeof *off), *col = xmalloc(n_kept * sizeof *col);
    size_t o = 0;
    for (size_t k = 0; k < n_kept; k++) {
        size_t len = vocab_term_len(b->raw, fc->kept[k]);
        off[k] = (uint32_t)o;
        memcpy(buf + o, vocab_term(b->raw, fc->kept[k]), len);
        o += len;
    }
    off[n_kept] = (uint32_t)o;
    vocab *terms = vocab_new();
    vocab_reserve(terms, n_kept);
    vocab_intern_many(terms, buf, off, n_kept, col);
    free(buf);
    free(off);
    free(col);
    model_of_terms(m, cfg, terms, fc);
}

/* Makes m of the chosen columns by keeping them in b's raw vocabulary
 * itself, which m takes over (b->raw is then NULL): no term is copied or
 * hashed again (building a second vocabulary was the slowest part of
 * fitting 1,000 news items). */
static void model_of_raw(tfidf_model *m, const tfidf_config *cfg, bag_set *b, const fit_columns *fc)
{
    vocab_keep(b->raw, fc->kept, fc->n_kept);
    model_of_terms(m, cfg, b->raw, fc);
    b->raw = NULL;
}

int tfidf_fit(tfidf_model *m, const tfidf_config *cfg, const bag_set *b,
              const size_t *rows, size_t n_rows, pt_error *err)
{
    memset(m, 0, sizeof *m);
    fit_columns fc;
    if (choose_columns(&fc, cfg, b, rows, n_rows, err) != 0)
        return -1;
    model_of_columns(m, cfg, b, &fc);
    fit_columns_free(&fc);
    return 0;
}

void tfidf_from_parts(tfidf_model *m, const tfidf_config *cfg, vocab *terms,
                      uint32_t *df, gsl_vector *idf, size_t n_docs)
{
    m->cfg = *cfg;
    m->terms = terms;
    m->df = df;
    m->idf = idf;
    m->n_docs = n_docs;
}

void tfidf_free(tfidf_model *m)
{
    vocab_free(m->terms);
    free(m->df);
    if (m->idf)
        gsl_vector_free(m->idf);
    memset(m, 0, sizeof *m);
}

/* ---- transforming ------------------------------------------------------------ */

/* The tf weight of a term occurring count times in a document. */
static double tf_weight(bool sublinear, uint32_t count)
{
    return sublinear ? 1.0 + log((double)count) : (double)count;
}

/* tf weights of small counts, computed once per transform. */
#define TF_TABLE 64

/* A raw term as the transform sees it: its column (-1 when the model lacks
 * the term) and the column's idf, side by side so that an entry costs one
 * random access, not two. */
typedef struct {
    int col;
    double idf;
} raw_column;

typedef struct {
    size_t n_cols;
    const bag_set *b;
    const size_t *rows;
    const raw_column *rc;    /* by raw id */
    const double *tf;        /* tf weight of counts below TF_TABLE */
    bool sublinear;
    gsl_spmatrix *X;
    int *row_len;            /* count_rows: row k's non-zeros go to row_len[k + 1] */
    size_t first, last;      /* rows of X this part counts or fills */
} transform_part;

/* Counts the non-zeros of rows [first, last). */
static void *count_rows(void *arg)
{
    transform_part *tp = arg;
    const bag_set *b = tp->b;
    for (size_t k = tp->first; k < tp->last; k++) {
        size_t r = row_at(tp->rows, k);
        int n = 0;
        for (size_t e = b->offsets[r]; e < b->offsets[r + 1]; e++)
            n += tp->rc[b->ids[e]].col >= 0;
        tp->row_len[k + 1] = n;
    }
    return NULL;
}

/* Fills rows [first, last) of X: weights, L2 norm, columns sorted. */
static void *transform_rows(void *arg)
{
    transform_part *tp = arg;
    const bag_set *b = tp->b;
    gsl_spmatrix *X = tp->X;
    size_t n_cols = tp->n_cols;
    id_marks mk;
    marks_init(&mk, n_cols);
    double *w_of = xmalloc(n_cols * sizeof *w_of);  /* a row's weights by column */
    uint32_t *cols = NULL;
    uint64_t *keys = NULL;
    double *w = NULL;
    size_t cap = 0;
    for (size_t k = tp->first; k < tp->last; k++) {
        size_t r = row_at(tp->rows, k), n = 0, need = b->offsets[r + 1] - b->offsets[r];
        if (need > cap) {
            cap = 2 * need;
            cols = xreallocarray(cols, cap, sizeof *cols);
            keys = xreallocarray(keys, cap, sizeof *keys);
            w = xreallocarray(w, cap, sizeof *w);
        }
        for (size_t e = b->offsets[r]; e < b->offsets[r + 1]; e++) {
            const raw_column *rc = &tp->rc[b->ids[e]];
            if (rc->col < 0)
                continue;
            uint32_t count = b->counts[e];
            double tf = count < TF_TABLE ? tp->tf[count] : tf_weight(tp->sublinear, count);
            cols[n] = (uint32_t)rc->col;
            w[n++] = tf * rc->idf;
        }
        /* Columns in order, then the norm taken in that order: the row's
         * bits do not depend on the order of the bag's entries. */
        size_t pos = (size_t)X->p[k];
        if (marks_pay(&mk, n)) { /* a row's columns are distinct */
            for (size_t j = 0; j < n; j++) {
                marks_set(&mk, cols[j]);
                w_of[cols[j]] = w[j];
            }
            marks_take(&mk, cols);
            for (size_t j = 0; j < n; j++)
                w[j] = w_of[cols[j]];
        } else {
            for (size_t j = 0; j < n; j++)
                keys[j] = (uint64_t)cols[j] << 32 | j;
            sort_u64(keys, n);
            for (size_t j = 0; j < n; j++) {
                cols[j] = (uint32_t)(keys[j] >> 32);
                w_of[cols[j]] = w[(uint32_t)keys[j]];
            }
            for (size_t j = 0; j < n; j++)
                w[j] = w_of[cols[j]];
        }
        double norm2 = 0.0;
        for (size_t j = 0; j < n; j++)
            norm2 += w[j] * w[j];
        double scale = norm2 > 0.0 ? 1.0 / sqrt(norm2) : 0.0;
        for (size_t j = 0; j < n; j++, pos++) {
            X->i[pos] = (int)cols[j];
            X->data[pos] = w[j] * scale;
        }
    }
    free(cols);
    free(keys);
    free(w);
    free(w_of);
    marks_free(&mk);
    return NULL;
}

/* The matrix of the listed bags, given each raw id's column and idf. */
static gsl_spmatrix *transform_columns(const raw_column *rc, size_t n_cols, bool sublinear, const bag_set *b,
                                       const size_t *rows, size_t n_rows, pt_error *err)
{
    double tf[TF_TABLE];
    tf[0] = 0.0;
    for (uint32_t c = 1; c < TF_TABLE; c++)
        tf[c] = tf_weight(sublinear, c);

    /* Row lengths first (counted on several threads when there are many
     * rows), so that the matrix is allocated once at its size and every
     * row's place in it is known; then the rows are filled in place. */
    size_t entries = 0;
    for (size_t k = 0; k < n_rows; k++)
        entries += b->offsets[row_at(rows, k) + 1] - b->offsets[row_at(rows, k)];
    unsigned threads = threads_for(entries * 16); /* about 16 bytes of text per entry */
    if (threads > n_rows)
        threads = (unsigned)n_rows;
    int *p = xmalloc((n_rows + 1) * sizeof *p);
    p[0] = 0;
    transform_part parts[TFIDF_MAX_THREADS];
    void *args[TFIDF_MAX_THREADS];
    size_t first = 0, seen = 0;
    for (unsigned t = 0; t < threads; t++) {
        /* Equal shares of the entries. */
        size_t last = first, goal = (size_t)((double)entries * (t + 1) / threads);
        while (last < n_rows && (t + 1 == threads || seen < goal)) {
            seen += b->offsets[row_at(rows, last) + 1] - b->offsets[row_at(rows, last)];
            last++;
        }
        parts[t] = (transform_part){n_cols, b, rows, rc, tf, sublinear, NULL, p, first, last};
        args[t] = &parts[t];
        first = last;
    }
    run_parallel(threads, count_rows, args);
    size_t nnz = 0;
    for (size_t k = 0; k < n_rows; k++) {
        nnz += (size_t)p[k + 1];
        if (nnz > (size_t)INT_MAX) {
            free(p);
            pt_fail(err, PT_ERR_DATA, "too many non-zero weights for one matrix (over %d)", INT_MAX);
            return NULL;
        }
        p[k + 1] = (int)nnz;
    }
    gsl_spmatrix *X = gsl_spmatrix_alloc_nzmax(n_rows, n_cols, nnz ? nnz : 1, GSL_SPMATRIX_CSR);
    if (X == NULL) {
        free(p);
        pt_fail(err, PT_ERR_INTERNAL, "cannot allocate a %zu x %zu sparse matrix", n_rows, n_cols);
        return NULL;
    }
    memcpy(X->p, p, (n_rows + 1) * sizeof *p);
    free(p);
    X->nz = nnz;
    for (unsigned t = 0; t < threads; t++)
        parts[t].X = X;
    run_parallel(threads, transform_rows, args);
    return X;
}

static bool matrix_shape_ok(size_t n_rows, size_t n_cols, pt_error *err)
{
    if (n_rows == 0 || n_cols == 0) {
        pt_fail(err, PT_ERR_INTERNAL, "empty matrix (%zu rows, %zu columns)", n_rows, n_cols);
        return false;
    }
    return true;
}

gsl_spmatrix *tfidf_transform(const tfidf_model *m, const bag_set *b,
                              const size_t *rows, size_t n_rows, pt_error *err)
{
    if (rows == NULL)
        n_rows = b->n_docs;
    size_t n_cols = vocab_size(m->terms);
    if (!matrix_shape_ok(n_rows, n_cols, err))
        return NULL;
    /* Map each raw id to its column and idf once. */
    size_t n_raw = vocab_size(b->raw);
    raw_column *rc = xmalloc((n_raw ? n_raw : 1) * sizeof *rc);
    long *found = xmalloc(4096 * sizeof *found);
    for (size_t t = 0; t < n_raw; t += 4096) {
        size_t n = n_raw - t < 4096 ? n_raw - t : 4096;
        vocab_lookup_many(m->terms, b->raw, (uint32_t)t, n, found);
        for (size_t j = 0; j < n; j++) {
            rc[t + j].col = (int)found[j];
            rc[t + j].idf = found[j] >= 0 ? gsl_vector_get(m->idf, (size_t)found[j]) : 0.0;
        }
    }
    free(found);
    gsl_spmatrix *X = transform_columns(rc, n_cols, m->cfg.sublinear_tf, b, rows, n_rows, err);
    free(rc);
    return X;
}

/* ---- fitting and transforming at once ---------------------------------------- */

/*
 * tfidf_fit_transform turns the bags into the matrix in place: a bag's raw
 * ids become the row's columns (the same 4 bytes an entry, so the ids array
 * becomes the matrix's column array), and the counts array, grown to 8
 * bytes an entry, becomes its weights, filled from the last entry back so
 * that no count is overwritten before it is read.  Bags and matrix are thus
 * never held at once: on 70,000 news items that is 140 MB less at the peak.
 * Likewise the raw vocabulary becomes the model's, its kept terms renumbered
 * in column order (vocab_keep).
 */

typedef struct {
    bag_set *b;
    const int *col_of;       /* raw id -> column, -1 when not kept */
    const double *idf;       /* by column */
    const double *tf;        /* tf weight of counts below TF_TABLE */
    bool sublinear;
    size_t n_cols;
    size_t first, last;      /* bags [first, last) */
    size_t end;              /* where this part's compacted entries end */
    double *scale;           /* by bag: 1 / L2 norm of its row */
    size_t *row_len;         /* by bag: entries kept */
} remap_part;

/* Rewrites bags [first, last) as rows: kept terms only, compacted from the
 * part's first entry on, columns for ids, sorted by column; the L2 norm of
 * each row's weights is taken in column order, as tfidf_transform does. */
static void *remap_rows(void *arg)
{
    remap_part *rp = arg;
    bag_set *b = rp->b;
    row_sorter rs;
    row_sorter_init(&rs, rp->n_cols);
    size_t out = b->offsets[rp->first];
    for (size_t k = rp->first; k < rp->last; k++) {
        size_t row = out;
        for (size_t e = b->offsets[k]; e < b->offsets[k + 1]; e++) {
            int col = rp->col_of[b->ids[e]];
            if (col < 0)
                continue;
            b->ids[out] = (uint32_t)col;
            b->counts[out++] = b->counts[e];
        }
        sort_row(&rs, b->ids + row, b->counts + row, out - row);
        double norm2 = 0.0;
        for (size_t e = row; e < out; e++) {
            uint32_t count = b->counts[e];
            double tf = count < TF_TABLE ? rp->tf[count] : tf_weight(rp->sublinear, count);
            double x = tf * rp->idf[b->ids[e]];
            norm2 += x * x;
        }
        rp->scale[k] = norm2 > 0.0 ? 1.0 / sqrt(norm2) : 0.0;
        rp->row_len[k] = out - row;
    }
    rp->end = out;
    row_sorter_free(&rs);
    return NULL;
}

/* Grows counts (n entries of 4 bytes) to n weights of 8 bytes in place:
 * weight of entry e = tf(count) × idf(column) × its row's scale. */
static double *counts_to_weights(uint32_t *counts, const uint32_t *cols, const int *p, size_t n_rows,
                                 const double *idf, const double *tf, bool sublinear, const double *scale)
{
    size_t n = (size_t)p[n_rows];
    unsigned char *buf = (unsigned char *)xreallocarray(counts, n ? n : 1, sizeof(double));
    for (size_t k = n_rows; k-- > 0;)
        for (size_t e = (size_t)p[k + 1]; e-- > (size_t)p[k];) {
            uint32_t count;
            memcpy(&count, buf + 4 * e, sizeof count); /* read before the write below covers it */
            double x = count < TF_TABLE ? tf[count] : tf_weight(sublinear, count);
            double w = x * idf[cols[e]] * scale[k];
            memcpy(buf + 8 * e, &w, sizeof w);
        }
    return (double *)(void *)buf;
}

/* A CSR matrix around arrays of ours (malloc'ed; gsl_spmatrix_free frees
 * them, as it frees its own). */
static gsl_spmatrix *csr_adopt(size_t n_rows, size_t n_cols, int *p, int *cols, double *data, size_t nnz,
                               pt_error *err)
{
    gsl_spmatrix *X = gsl_spmatrix_alloc_nzmax(n_rows, n_cols, 1, GSL_SPMATRIX_CSR);
    if (X == NULL) {
        pt_fail(err, PT_ERR_INTERNAL, "cannot allocate a %zu x %zu sparse matrix", n_rows, n_cols);
        return NULL;
    }
    free(X->i);
    free(X->data);
    X->i = cols;
    X->data = data;
    X->nzmax = nnz ? nnz : 1;
    X->nz = nnz;
    memcpy(X->p, p, (n_rows + 1) * sizeof *p);
    return X;
}

/* Rewrites every bag of b as a matrix row in place (remap_rows on every
 * core), closes the gaps the parts left where terms were not kept, and
 * returns the entries left.  scale and row_len receive each row's. */
static size_t remap_bags(bag_set *b, const int *col_of, const double *idf, const double *tf, bool sublinear,
                         size_t n_cols, double *scale, size_t *row_len)
{
    size_t n_rows = b->n_docs, entries = b->offsets[n_rows];
    unsigned threads = threads_for(entries * 16);
    if (threads > n_rows)
        threads = (unsigned)n_rows;
    remap_part parts[TFIDF_MAX_THREADS];
    void *args[TFIDF_MAX_THREADS];
    size_t first = 0;
    for (unsigned t = 0; t < threads; t++) {
        size_t last = first, goal = (size_t)((double)entries * (t + 1) / threads);
        while (last < n_rows && (t + 1 == threads || b->offsets[last + 1] <= goal))
            last++;
        parts[t] = (remap_part){b, col_of, idf, tf, sublinear, n_cols, first, last, 0, scale, row_len};
        args[t] = &parts[t];
        first = last;
    }
    run_parallel(threads, remap_rows, args);
    size_t nnz = parts[0].end;
    for (unsigned t = 1; t < threads; t++) {
        size_t from = b->offsets[parts[t].first], n = parts[t].end - from;
        if (from != nnz) {
            memmove(b->ids + nnz, b->ids + from, n * sizeof *b->ids);
            memmove(b->counts + nnz, b->counts + from, n * sizeof *b->counts);
        }
        nnz += n;
    }
    return nnz;
}

gsl_spmatrix *tfidf_fit_transform(tfidf_model *m, const tfidf_config *cfg, bag_set *b, pt_error *err)
{
    memset(m, 0, sizeof *m);
    fit_columns fc;
    if (choose_columns(&fc, cfg, b, NULL, 0, err) != 0) {
        bags_free(b);
        return NULL;
    }
    size_t n_rows = b->n_docs, n_raw = vocab_size(b->raw), n_cols = fc.n_kept;
    int *col_of = xmalloc((n_raw ? n_raw : 1) * sizeof *col_of);
    double *idf = xmalloc(n_cols * sizeof *idf);
    for (size_t t = 0; t < n_raw; t++)
        col_of[t] = -1;
    for (size_t k = 0; k < n_cols; k++) {
        col_of[fc.kept[k]] = (int)k;
        idf[k] = idf_of(fc.n_rows, fc.df[fc.kept[k]]);
    }
    double tf[TF_TABLE];
    tf[0] = 0.0;
    for (uint32_t c = 1; c < TF_TABLE; c++)
        tf[c] = tf_weight(cfg->sublinear_tf, c);
    model_of_raw(m, cfg, b, &fc);
    fit_columns_free(&fc);

    double *scale = xmalloc(n_rows * sizeof *scale);
    size_t *row_len = xmalloc(n_rows * sizeof *row_len);
    size_t nnz = remap_bags(b, col_of, idf, tf, cfg->sublinear_tf, n_cols, scale, row_len);
    free(col_of);
    gsl_spmatrix *X = NULL;
    if (nnz > (size_t)INT_MAX) {
        pt_fail(err, PT_ERR_DATA, "too many non-zero weights for one matrix (over %d)", INT_MAX);
    } else {
        int *p = xmalloc((n_rows + 1) * sizeof *p);
        p[0] = 0;
        for (size_t k = 0; k < n_rows; k++)
            p[k + 1] = p[k] + (int)row_len[k];
        double *data = counts_to_weights(b->counts, b->ids, p, n_rows, idf, tf, cfg->sublinear_tf, scale);
        b->counts = NULL;
        X = csr_adopt(n_rows, n_cols, p, (int *)(void *)b->ids, data, nnz, err);
        if (X != NULL)
            b->ids = NULL;
        else
            free(data);
        free(p);
    }
    free(row_len);
    free(scale);
    free(idf);
    bags_free(b);
    if (X == NULL)
        tfidf_free(m);
    return X;
}
