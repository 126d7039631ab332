/*
 * bags.c — bags of tokens (tfidf.h): every document tokenised on every
 * core (one tokenizer per thread, tok_clone) and its tokens interned by one
 * thread in document order, so the result is byte for byte that of one
 * thread (the comment above bag_chunk says why); tokens are interned a
 * document at a time with the table slots prefetched (vocab_intern_many),
 * repeated tokens counted in a small per-document table.
 */
#include "features/tfidf.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "features/parallel.h"

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

#define BAG_POOL (BAG_AHEAD + PAR_MAX_THREADS)

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
    bool main;               /* the calling thread's part: bag_main_loop */
    int rc;                  /* main: bag_main_loop's result */
    pt_error *err;           /* main: where its error goes */
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

/* A part of par_run: the calling thread's main loop, or a helper. */
static void *bag_part(void *arg)
{
    bag_helper *h = arg;
    if (h->main)
        h->rc = bag_main_loop(h->job, h->err);
    else
        bag_helper_main(h);
    return NULL;
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
        threads = par_threads_for(total);
    if (threads > PAR_MAX_THREADS)
        threads = PAR_MAX_THREADS;
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
    bag_helper h[PAR_MAX_THREADS] = {0};
    void *args[PAR_MAX_THREADS];
    for (unsigned k = 0; k < threads; k++) {
        h[k] = (bag_helper){&job, NULL, k == 0, 0, err};
        args[k] = &h[k];
    }
    par_run(threads, bag_part, args);
    int rc = h[0].rc;
    /* On success every chunk was interned, in order, into every bag. */
    assert(rc != 0 || job.next_merge == n_chunks);
    for (unsigned k = 1; k < threads; k++)
        tok_close(h[k].tok);
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
