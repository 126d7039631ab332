/*
 * ptbench.c — the politrend side of the benchmark: times one stage of the
 * pipeline in its own process, through the same library calls `politrend
 * train` and `politrend classify` make, and prints one JSON line of figures.
 *
 *   ptbench features FILE [--limit N] [--dump DIR]
 *       tokenise + TF-IDF fit: bags_build, tfidf_fit_transform with
 *       train's defaults (bigram segmenter, n-grams up to 2, stemming, the
 *       shipped lexicon features/lexicon.tsv, min_df 1, sublinear tf).
 *       Opening the tokenizer (OpenCC, the lexicon: about 20 ms) is set-up,
 *       outside the clock like the Python side's vectorizer and jieba
 *       dictionary, and reported as "t_open".
 *       --dump writes the matrix and labels for the scikit-learn side to
 *       train on the very same features (DIR/meta.json, X.indptr (int64),
 *       X.indices (int32), X.data (float64), y.u8 (docs x themes)).
 *   ptbench train FILE [--limit N]
 *       the features as above (not timed), then svmx_train timed with the
 *       defaults: one linear SVM per theme by LIBLINEAR, C 1, class
 *       weights, Platt probabilities on 5 calibration folds.
 *   ptbench classify MODEL FILE [--limit N]
 *       loads the bundle and the documents (not timed), then predict_corpus
 *       timed: tokenise, transform, one probability per theme per document.
 *   ptbench check FILE [--limit N]
 *       not a timing: builds the bags on 1, 2, 3 and 4 threads and compares
 *       each, byte for byte (raw term order, offsets, ids, counts), with a
 *       plain single pass (every token interned in text order, each
 *       document's distinct ids in order of first occurrence); prints
 *       TAP-style lines, exit 1 on a difference.
 *   ptbench check-classify MODEL FILE [--limit N]
 *       not a timing: predict_corpus against libsvm's svm_predict_probability
 *       row by row (svmx_predict); fails above a difference of 1e-9.
 *
 * PTBENCH_THREADS=N (environment) builds the bags on N threads instead of
 * bags_build's automatic choice, and PTBENCH_LOOPS=N runs the features
 * stage N times, the last one measured (both for profiling).
 *
 * FILE is politrend JSON Lines (bench/gen output); the first N records are
 * used with --limit.  The documents are read and validated before the clock
 * starts, on both sides of the benchmark.
 *
 * Figures: wall and CPU seconds of the stage; "peak_mb", the peak resident
 * memory of the process during the stage (the kernel's high-water mark,
 * reset through /proc/self/clear_refs just before the stage), and
 * "base_mb", the resident memory just before it (the documents, the
 * process).  Errors go to stderr with exit 1.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "corpus/corpus.h"
#include "corpus/taxonomy.h"
#include "base/xalloc.h"
#include "features/tfidf.h"
#include "models/bundle.h"
#include "models/train.h"

/* ------------------------------------------------------------------ */
/* Clocks and memory.                                                  */

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds of this process and of its finished children (the training
 * workers). */
static double cpu_now(void)
{
    double sec = 0.0;
    int who[2] = {RUSAGE_SELF, RUSAGE_CHILDREN};
    for (int k = 0; k < 2; k++) {
        struct rusage ru;
        getrusage(who[k], &ru);
        sec += (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
               (double)ru.ru_stime.tv_usec * 1e-6;
    }
    return sec;
}

/* The peak resident MB of the largest finished child (0 without one). */
static double child_peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* A field of /proc/self/status in MB ("VmRSS:", "VmHWM:"), or -1. */
static double status_mb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL)
        return -1;
    char line[256];
    double mb = -1;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, key, kl) == 0) {
            mb = strtod(line + kl, NULL) / 1024.0;
            break;
        }
    fclose(f);
    return mb;
}

/* Resets the peak-RSS mark to the current RSS (Linux >= 4.0). */
static void reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f != NULL) {
        fputs("5", f);
        fclose(f);
    }
}

typedef struct {
    double wall0, cpu0, base_mb;
} stage_clock;

static void stage_start(stage_clock *c)
{
    c->base_mb = status_mb("VmRSS:");
    reset_peak();
    c->cpu0 = cpu_now();
    c->wall0 = wall_now();
}

static void stage_print_peak(const stage_clock *c, const char *stage, const pt_corpus *docs, const char *extra,
                             double peak_mb)
{
    double wall = wall_now() - c->wall0, cpu = cpu_now() - c->cpu0;
    size_t bytes = 0;
    for (size_t k = 0; k < docs->n; k++)
        bytes += docs->docs[k].text_len;
    printf("{\"side\":\"politrend\",\"stage\":\"%s\",\"docs\":%zu,\"bytes\":%zu,\"wall\":%.6f,"
           "\"cpu\":%.6f,\"peak_mb\":%.1f,\"base_mb\":%.1f%s}\n",
           stage, docs->n, bytes, wall, cpu, peak_mb, c->base_mb, extra ? extra : "");
}

static void stage_print(const stage_clock *c, const char *stage, const pt_corpus *docs, const char *extra)
{
    stage_print_peak(c, stage, docs, extra, status_mb("VmHWM:"));
}

/* ------------------------------------------------------------------ */
/* Input.                                                              */

static void die(const char *what, const pt_error *err)
{
    fprintf(stderr, "ptbench: %s: %s\n", what, err ? err->msg : "failed");
    exit(1);
}

/* Reads the first limit records (all when limit < 0) of a JSON Lines file. */
static void read_docs(pt_corpus *c, const char *path, long limit, const pt_taxonomy *tax)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    corpus_init(c);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    pt_error err = {0};
    while ((limit < 0 || (long)c->n < limit) && (len = getline(&line, &cap, f)) > 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        if (c->n == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 1024;
            c->docs = xreallocarray(c->docs, c->cap, sizeof *c->docs);
        }
        if (corpus_parse_line(&c->docs[c->n], line, (size_t)len, path, lineno, tax, &err) != 0)
            die("reading the documents", &err);
        c->n++;
    }
    free(line);
    fclose(f);
    if (c->n == 0) {
        fprintf(stderr, "ptbench: %s: no documents\n", path);
        exit(1);
    }
}

/* ------------------------------------------------------------------ */
/* Stages.                                                             */

/* Seconds spent opening the tokenizer (not timed as part of the stage) and
 * in the parts of the last features() call. */
static double t_open, t_bags, t_fit_transform;

/* Opens the tokenizer of `politrend train` (the lexicon is loaded here). */
static tokenizer *open_tokenizer(const train_config *cfg)
{
    pt_error err = {0};
    double t0 = wall_now();
    tokenizer *tok = tok_open(&cfg->tok, &err);
    if (tok == NULL)
        die("opening the tokenizer", &err);
    t_open = wall_now() - t0;
    return tok;
}

/* The features of `politrend train`: bags, fit, transform; closes tok. */
static gsl_spmatrix *features(const pt_corpus *c, const train_config *cfg, tokenizer *tok, tfidf_model *m,
                              size_t *n_raw)
{
    pt_error err = {0};
    double t1 = wall_now();
    bag_set bags;
    const char *threads = getenv("PTBENCH_THREADS"); /* for profiling: 0 or unset = automatic */
    if (bags_build_par(&bags, tok, c, NULL, 0, threads ? (unsigned)strtoul(threads, NULL, 10) : 0, &err) != 0)
        die("tokenising", &err);
    tok_close(tok);
    double t2 = wall_now();
    *n_raw = vocab_size(bags.raw);
    gsl_spmatrix *X = tfidf_fit_transform(m, &cfg->tfidf, &bags, &err); /* consumes the bags */
    if (X == NULL)
        die("fitting and transforming", &err);
    double t3 = wall_now();
    t_bags = t2 - t1;
    t_fit_transform = t3 - t2;
    return X;
}

static unsigned char *labels(const pt_corpus *c, size_t n_themes)
{
    unsigned char *y = xcalloc(c->n * n_themes + 1, 1);
    for (size_t k = 0; k < c->n; k++)
        for (size_t j = 0; j < c->docs[k].n_themes; j++)
            y[k * n_themes + (size_t)c->docs[k].themes[j]] = 1;
    return y;
}

static void write_raw(const char *dir, const char *name, const void *p, size_t size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || (size && fwrite(p, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* Writes X and the labels for the scikit-learn side (see the header). */
static void dump(const char *dir, const gsl_spmatrix *X, const pt_corpus *c, const pt_taxonomy *tax)
{
    mkdir(dir, 0755);
    size_t n = X->size1, nz = X->nz;
    int64_t *indptr = xmalloc((n + 1) * sizeof *indptr);
    for (size_t r = 0; r <= n; r++)
        indptr[r] = X->p[r];
    write_raw(dir, "X.indptr", indptr, (n + 1) * sizeof *indptr);
    free(indptr);
    write_raw(dir, "X.indices", X->i, nz * sizeof *X->i);
    write_raw(dir, "X.data", X->data, nz * sizeof *X->data);
    unsigned char *y = labels(c, tax->n);
    write_raw(dir, "y.u8", y, c->n * tax->n);
    free(y);
    char meta[256];
    int len = snprintf(meta, sizeof meta, "{\"rows\":%zu,\"cols\":%zu,\"nnz\":%zu,\"themes\":%zu}\n", n,
                       X->size2, nz, tax->n);
    write_raw(dir, "meta.json", meta, (size_t)len);
}

/* ---- check: bags on 1..4 threads against a plain single pass ---------- */

typedef struct {
    vocab *raw;
    uint32_t *ids;
    size_t n, cap;
} ref_doc;

static int ref_collect(void *ctx, const char *token, size_t len)
{
    ref_doc *d = ctx;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 4096;
        d->ids = xreallocarray(d->ids, d->cap, sizeof *d->ids);
    }
    d->ids[d->n++] = vocab_intern(d->raw, token, len);
    return 0;
}

/* The bags as a plain single pass makes them: intern every token in text
 * order, then each document's distinct ids in order of first occurrence,
 * with their counts. */
static void ref_bags(bag_set *b, tokenizer *tok, const pt_corpus *c)
{
    memset(b, 0, sizeof *b);
    b->raw = vocab_new();
    b->n_docs = c->n;
    b->offsets = xcalloc(c->n + 1, sizeof *b->offsets);
    size_t used = 0, cap = 0, seen_cap = 0;
    size_t *seen_doc = NULL, *seen_at = NULL; /* by id: last document + 1, and its entry there */
    ref_doc dt = {.raw = b->raw};
    pt_error err = {0};
    for (size_t k = 0; k < c->n; k++) {
        dt.n = 0;
        size_t replaced = 0;
        if (tok_run(tok, c->docs[k].text, c->docs[k].text_len, ref_collect, &dt, &replaced, &err) != 0)
            die("tokenising", &err);
        b->n_replaced += replaced;
        if (vocab_size(b->raw) > seen_cap) {
            size_t old = seen_cap;
            seen_cap = 2 * vocab_size(b->raw);
            seen_doc = xreallocarray(seen_doc, seen_cap, sizeof *seen_doc);
            seen_at = xreallocarray(seen_at, seen_cap, sizeof *seen_at);
            memset(seen_doc + old, 0, (seen_cap - old) * sizeof *seen_doc);
        }
        if (used + dt.n > cap) {
            cap = 2 * (used + dt.n) + 1024;
            b->ids = xreallocarray(b->ids, cap, sizeof *b->ids);
            b->counts = xreallocarray(b->counts, cap, sizeof *b->counts);
        }
        for (size_t t = 0; t < dt.n; t++) {
            uint32_t id = dt.ids[t];
            if (seen_doc[id] == k + 1) {
                b->counts[seen_at[id]]++;
                continue;
            }
            seen_doc[id] = k + 1;
            seen_at[id] = used;
            b->ids[used] = id;
            b->counts[used++] = 1;
        }
        b->offsets[k + 1] = used;
    }
    free(seen_doc);
    free(seen_at);
    free(dt.ids);
}

/* Returns NULL when a and b are the same bags with the same raw vocabulary. */
static const char *bags_differ(const bag_set *a, const bag_set *b)
{
    if (a->n_docs != b->n_docs || a->n_replaced != b->n_replaced)
        return "document or replacement counts";
    if (vocab_size(a->raw) != vocab_size(b->raw))
        return "raw vocabulary size";
    for (uint32_t t = 0; t < vocab_size(a->raw); t++)
        if (vocab_term_len(a->raw, t) != vocab_term_len(b->raw, t) ||
            memcmp(vocab_term(a->raw, t), vocab_term(b->raw, t), vocab_term_len(a->raw, t)) != 0)
            return "raw term order";
    if (memcmp(a->offsets, b->offsets, (a->n_docs + 1) * sizeof *a->offsets) != 0)
        return "offsets";
    size_t n = a->offsets[a->n_docs];
    if (memcmp(a->ids, b->ids, n * sizeof *a->ids) != 0)
        return "ids";
    if (memcmp(a->counts, b->counts, n * sizeof *a->counts) != 0)
        return "counts";
    return NULL;
}

static int check(const pt_corpus *c, const train_config *cfg)
{
    pt_error err = {0};
    tokenizer *tok = tok_open(&cfg->tok, &err);
    if (tok == NULL)
        die("opening the tokenizer", &err);
    bag_set ref;
    ref_bags(&ref, tok, c);
    int bad = 0;
    for (unsigned threads = 1; threads <= 4; threads++) {
        bag_set b;
        if (bags_build_par(&b, tok, c, NULL, 0, threads, &err) != 0)
            die("tokenising", &err);
        const char *why = bags_differ(&ref, &b);
        printf("%s - bags on %u thread%s equal the single pass (%zu docs, %zu terms, %zu entries)%s%s\n",
               why ? "not ok" : "ok", threads, threads > 1 ? "s" : "", c->n, vocab_size(b.raw),
               b.offsets[b.n_docs], why ? ": differ in " : "", why ? why : "");
        bad |= why != NULL;
        bags_free(&b);
    }
    bags_free(&ref);
    tok_close(tok);
    return bad;
}

/* predict_corpus against libsvm's own svm_predict_probability, row by row
 * (svmx_predict): the largest difference must stay below 1e-9. */
static int check_classify(const pt_bundle *b, const pt_corpus *c)
{
    pt_error err = {0};
    size_t T = b->tax.n;
    double *fast = xcalloc(c->n * T + 1, sizeof *fast), *slow = xcalloc(T + 1, sizeof *slow);
    if (predict_corpus(b, c, fast, &err) != 0)
        die("classifying", &err);
    tokenizer *tok = tok_open(&b->tok, &err);
    if (tok == NULL)
        die("opening the tokenizer", &err);
    bag_set bags;
    if (bags_build(&bags, tok, c, &err) != 0)
        die("tokenising", &err);
    gsl_spmatrix *X = tfidf_transform(&b->tfidf, &bags, NULL, 0, &err);
    if (X == NULL)
        die("transforming", &err);
    double worst = 0;
    for (size_t d = 0; d < c->n; d++) {
        svmx_predict(&b->svm, X, d, slow);
        for (size_t t = 0; t < T; t++)
            worst = fmax(worst, fabs(fast[d * T + t] - slow[t]));
    }
    printf("%s - predict_corpus equals svm_predict_probability on %zu documents (largest difference %.3g)\n",
           worst < 1e-9 ? "ok" : "not ok", c->n, worst);
    gsl_spmatrix_free(X);
    bags_free(&bags);
    tok_close(tok);
    free(fast);
    free(slow);
    return worst < 1e-9 ? 0 : 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: ptbench features FILE [--limit N] [--dump DIR]\n"
                    "       ptbench train FILE [--limit N]\n"
                    "       ptbench classify MODEL FILE [--limit N]\n"
                    "       ptbench check FILE [--limit N]\n"
                    "       ptbench check-classify MODEL FILE [--limit N]\n");
    return 64;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    const char *stage = argv[1], *model = NULL, *file, *dump_dir = NULL;
    int k = 2;
    if (strcmp(stage, "classify") == 0 || strcmp(stage, "check-classify") == 0) {
        if (argc < 4)
            return usage();
        model = argv[k++];
    } else if (strcmp(stage, "features") != 0 && strcmp(stage, "train") != 0 && strcmp(stage, "check") != 0) {
        return usage();
    }
    file = argv[k++];
    long limit = -1;
    for (; k < argc; k++) {
        if (strcmp(argv[k], "--limit") == 0 && k + 1 < argc) {
            char *end;
            limit = strtol(argv[++k], &end, 10);
            if (*end != '\0' || limit < 1)
                return usage();
        } else if (strcmp(argv[k], "--dump") == 0 && k + 1 < argc) {
            dump_dir = argv[++k];
        } else {
            return usage();
        }
    }

    pt_error err = {0};
    pt_taxonomy tax = {0};
    if (taxonomy_load(&tax, PT_DATADIR "/corpus/themes.tsv", &err) != 0)
        die("loading the themes", &err);
    train_config cfg;
    train_config_default(&cfg);
    cfg.tok.lexicon_path = PT_DATADIR "/features/lexicon.tsv";
    pt_corpus c;
    stage_clock clk;
    char extra[256];

    if (strcmp(stage, "check") == 0) {
        read_docs(&c, file, limit, &tax);
        int bad = check(&c, &cfg);
        corpus_free(&c);
        taxonomy_free(&tax);
        return bad;
    }
    if (model != NULL) {
        pt_bundle b;
        if (bundle_load(&b, model, &err) != 0)
            die("loading the model", &err);
        read_docs(&c, file, limit, &b.tax);
        if (strcmp(stage, "check-classify") == 0) {
            int bad = check_classify(&b, &c);
            bundle_free(&b);
            corpus_free(&c);
            taxonomy_free(&tax);
            return bad;
        }
        double *probs = xcalloc(c.n * b.tax.n + 1, sizeof *probs);
        stage_start(&clk);
        if (predict_corpus(&b, &c, probs, &err) != 0)
            die("classifying", &err);
        size_t sv = 0;
        for (size_t t = 0; t < b.svm.n_themes; t++)
            sv += (size_t)svm_get_nr_sv(b.svm.models[t]);
        double check = 0;
        for (size_t j = 0; j < c.n * b.tax.n; j++)
            check += probs[j];
        snprintf(extra, sizeof extra, ",\"terms\":%zu,\"support_vectors\":%zu,\"mean_prob\":%.6f",
                 vocab_size(b.tfidf.terms), sv, check / (double)(c.n * b.tax.n));
        stage_print(&clk, "classify", &c, extra);
        free(probs);
        bundle_free(&b);
    } else if (strcmp(stage, "features") == 0) {
        read_docs(&c, file, limit, &tax);
        tfidf_model m;
        size_t n_raw;
        /* PTBENCH_LOOPS=N (profiling): run the stage N - 1 more times first. */
        for (long loops = getenv("PTBENCH_LOOPS") ? atol(getenv("PTBENCH_LOOPS")) : 1; loops > 1; loops--) {
            gsl_spmatrix_free(features(&c, &cfg, open_tokenizer(&cfg), &m, &n_raw));
            tfidf_free(&m);
        }
        tokenizer *tok = open_tokenizer(&cfg); /* set-up, as the Python side's vectorizer */
        stage_start(&clk);
        gsl_spmatrix *X = features(&c, &cfg, tok, &m, &n_raw);
        snprintf(extra, sizeof extra,
                 ",\"terms\":%zu,\"raw_terms\":%zu,\"nnz\":%zu,\"t_open\":%.4f,\"t_bags\":%.4f,"
                 "\"t_fit_transform\":%.4f",
                 vocab_size(m.terms), n_raw, X->nz, t_open, t_bags, t_fit_transform);
        stage_print(&clk, "features", &c, extra);
        if (dump_dir != NULL)
            dump(dump_dir, X, &c, &tax);
        gsl_spmatrix_free(X);
        tfidf_free(&m);
    } else {
        read_docs(&c, file, limit, &tax);
        tfidf_model m;
        size_t n_raw;
        gsl_spmatrix *X = features(&c, &cfg, open_tokenizer(&cfg), &m, &n_raw);
        unsigned char *y = labels(&c, tax.n);
        svmx_set s;
        stage_start(&clk);
        if (svmx_train(&s, X, y, tax.n, (const char *const *)tax.names, &cfg.svm, &err) != 0)
            die("training", &err);
        size_t sv = 0;
        for (size_t t = 0; t < s.n_themes; t++)
            sv += (size_t)svm_get_nr_sv(s.models[t]);
        snprintf(extra, sizeof extra, ",\"terms\":%zu,\"support_vectors\":%zu", vocab_size(m.terms), sv);
        /* The workers' memory is theirs, not in this process's peak: count
         * each running worker as large as the largest one was (an upper
         * bound: pages they share with this process are counted twice). */
        size_t len = strlen(extra);
        unsigned workers = svmx_workers_for(cfg.svm.jobs, tax.n);
        snprintf(extra + len, sizeof extra - len, ",\"parent_peak_mb\":%.1f,\"worker_peak_mb\":%.1f,\"workers\":%u",
                 status_mb("VmHWM:"), child_peak_mb(), workers);
        stage_print_peak(&clk, "train", &c, extra,
                         status_mb("VmHWM:") + child_peak_mb() * workers);
        svmx_free(&s);
        free(y);
        gsl_spmatrix_free(X);
        tfidf_free(&m);
    }
    corpus_free(&c);
    taxonomy_free(&tax);
    return 0;
}
