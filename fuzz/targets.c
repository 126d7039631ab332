/*
 * targets.c — the bodies of politrend's fuzz targets (described in
 * targets.h).  Plain C11 with no libFuzzer dependency: the libFuzzer mains
 * (fuzz/main.c) call these functions, and tests/test_fuzz_replay.c links
 * this file's object to replay the seed corpus and the regressions under
 * the normal compiler (and under ASan/UBSan in `make test`).
 *
 * Invariants are checked beyond "no crash": a refused input must carry
 * PT_ERR_DATA (or PT_ERR_NOINPUT for a bundle file the manifest names but
 * the input lacks) and a message naming the input; an accepted input must
 * produce what the headers promise (valid UTF-8 tokens, validated fields,
 * finite probabilities).  A broken invariant aborts with a message.
 */
#include "fuzz/targets.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus/corpus.h"
#include "corpus/store.h"
#include "base/fsio.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "features/tokenize.h"
#include "models/bundle.h"
#include "models/svmcheck.h"

/* ---- shared state -------------------------------------------------------- */

typedef struct {
    tok_segmenter segmenter;
    bool lenient;
    int ngram_max;
    bool stem;
} tok_variant;

static const tok_variant variants[] = {
    {SEG_BIGRAM, false, 2, true},
    {SEG_BIGRAM, true, 5, false},
    {SEG_ICU, false, 1, true},
    {SEG_ICU, true, 3, true},
};
#define N_VARIANTS (sizeof variants / sizeof variants[0])

static tokenizer *tokenizers[N_VARIANTS];
static pt_taxonomy tax;
static bool tax_loaded;
static char scratch[64]; /* the scratch directory, "" until made */
static bool registered;

/* Inputs the code under test accepted (a bundle loaded, a model passed
 * svmcheck, a record parsed, a text tokenised); the replay test reports it
 * so a seed corpus that no longer reaches the deep paths is noticed. */
static size_t fuzz_accepted;

size_t fuzz_take_accepted(void)
{
    size_t n = fuzz_accepted;
    fuzz_accepted = 0;
    return n;
}

__attribute__((noreturn, format(printf, 1, 2))) static void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz invariant broken: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

static void ensure_registered(void)
{
    if (!registered) {
        atexit(fuzz_cleanup);
        registered = true;
    }
}

/* The path of a file in the scratch directory (made on first use). */
static void scratch_path(const char *name, char *out, size_t size)
{
    ensure_registered();
    if (scratch[0] == '\0') {
        snprintf(scratch, sizeof scratch, "/tmp/pt-fuzz-XXXXXX");
        if (mkdtemp(scratch) == NULL)
            fuzz_fail("cannot make a scratch directory");
    }
    snprintf(out, size, "%s/%s", scratch, name);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
        fuzz_fail("cannot write %s", path);
}

static const pt_taxonomy *taxonomy(void)
{
    ensure_registered();
    if (!tax_loaded) {
        pt_error err = {0};
        if (taxonomy_load(&tax, PT_DATADIR "/corpus/themes.tsv", &err) != 0)
            fuzz_fail("%s", err.msg);
        tax_loaded = true;
    }
    return &tax;
}

void fuzz_cleanup(void)
{
    for (size_t k = 0; k < N_VARIANTS; k++) {
        tok_close(tokenizers[k]);
        tokenizers[k] = NULL;
    }
    if (tax_loaded)
        taxonomy_free(&tax);
    tax_loaded = false;
    if (scratch[0] != '\0') {
        char path[128];
        static const char *const files[] = {"corpus.jsonl", "corpus.txt", "fuzz.model", "store.jsonl",
                                            "store2.jsonl"};
        for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
            snprintf(path, sizeof path, "%s/%s", scratch, files[k]);
            unlink(path);
        }
        snprintf(path, sizeof path, "%s/bundle", scratch);
        fsio_remove_dir(path);
        rmdir(scratch);
        scratch[0] = '\0';
    }
}

/* A refused input: the error must be a data error naming where. */
static void expect_refusal(const pt_error *err, const char *where, pt_status also)
{
    if (err->status != PT_ERR_DATA && err->status != also)
        fuzz_fail("refused with status %d, not a data error: %s", (int)err->status, err->msg);
    if (strncmp(err->msg, where, strlen(where)) != 0)
        fuzz_fail("the message does not name %s: %s", where, err->msg);
}

/* ---- tokenize -------------------------------------------------------------- */

static bool valid_utf8(const char *s, size_t n)
{
    size_t bad;
    return utf8_validate(s, n, &bad) == UTF8_OK;
}

/* utf8_validate, utf8_decode and utf8_encode must agree on every input. */
static void check_utf8(const uint8_t *d, size_t n)
{
    size_t bad = 0;
    utf8_status st = utf8_validate((const char *)d, n, &bad);
    utf8_status first = UTF8_OK;
    size_t first_at = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t used = 0;
        utf8_status s = utf8_decode(d + i, n - i, &cp, &used);
        if (used < 1 || used > 4 || used > n - i)
            fuzz_fail("utf8_decode consumed %zu bytes at offset %zu of %zu", used, i, n);
        if (s == UTF8_OK) {
            char enc[4];
            size_t m = utf8_encode(cp, enc);
            if (m != used || memcmp(enc, d + i, m) != 0)
                fuzz_fail("U+%04X decoded from %zu bytes at offset %zu does not encode back to them", (unsigned)cp,
                          used, i);
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                fuzz_fail("utf8_decode returned U+%04X", (unsigned)cp);
        } else if (first == UTF8_OK) {
            first = s;
            first_at = i;
        }
        i += used;
    }
    if (st != first || (st != UTF8_OK && bad != first_at))
        fuzz_fail("utf8_validate says %d at %zu, utf8_decode %d at %zu", (int)st, bad, (int)first, first_at);
}

typedef struct {
    size_t count;
    uint64_t hash; /* FNV-1a over the tokens and their ends */
} token_log;

static int check_token(void *ctx, const char *token, size_t len)
{
    token_log *log = ctx;
    if (len == 0)
        fuzz_fail("an empty token");
    if (memchr(token, '\0', len) != NULL || !valid_utf8(token, len))
        fuzz_fail("token %zu is not valid UTF-8 without NUL", log->count + 1);
    for (size_t k = 0; k < len; k++)
        log->hash = (log->hash ^ (unsigned char)token[k]) * 1099511628211u;
    log->hash = (log->hash ^ 0xFFu) * 1099511628211u;
    log->count++;
    return 0;
}

static tokenizer *tokenizer_for(size_t v)
{
    ensure_registered();
    if (tokenizers[v] == NULL) {
        tok_config cfg;
        tok_config_default(&cfg);
        cfg.segmenter = variants[v].segmenter;
        cfg.lenient = variants[v].lenient;
        cfg.ngram_max = variants[v].ngram_max;
        cfg.stem = variants[v].stem;
        cfg.lexicon_path = PT_DATADIR "/fuzz/lexicon.tsv";
        pt_error err = {0};
        tokenizers[v] = tok_open(&cfg, &err);
        if (tokenizers[v] == NULL)
            fuzz_fail("tok_open: %s", err.msg);
    }
    return tokenizers[v];
}

int fuzz_tokenize(const uint8_t *data, size_t size)
{
    check_utf8(data, size);
    if (size == 0)
        return 0;
    size_t v = data[0] % N_VARIANTS;
    tokenizer *t = tokenizer_for(v);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    bool valid = valid_utf8(text, len);
    token_log first = {0, 14695981039346656037u}, again = first;
    size_t replaced = 0;
    pt_error err = {0};
    int rc = tok_run(t, text, len, check_token, &first, &replaced, &err);
    fuzz_accepted += rc == 0;
    if (variants[v].lenient) {
        if (rc != 0)
            fuzz_fail("lenient tok_run failed: %s", err.msg);
        if (valid != (replaced == 0))
            fuzz_fail("%zu replacements in %s UTF-8", replaced, valid ? "valid" : "invalid");
    } else if (valid && rc != 0) {
        fuzz_fail("valid text refused: %s", err.msg);
    } else if (!valid && (rc != -1 || err.status != PT_ERR_DATA || strncmp(err.msg, "invalid UTF-8 at byte ", 22) != 0)) {
        fuzz_fail("invalid UTF-8 not refused as such (rc %d): %s", rc, err.msg);
    }
    /* The same text again gives the same tokens: nothing carries over. */
    rc = tok_run(t, text, len, check_token, &again, NULL, &err);
    if (first.count != again.count || first.hash != again.hash)
        fuzz_fail("a second run gave %zu tokens, the first %zu", again.count, first.count);
    return 0;
}

/* ---- corpus ------------------------------------------------------------------ */

static void check_doc(const pt_doc *d, const pt_taxonomy *tx)
{
    if (d->text == NULL || d->text_len == 0 || d->text_len > PT_MAX_TEXT_BYTES || strlen(d->text) != d->text_len ||
        !valid_utf8(d->text, d->text_len))
        fuzz_fail("an accepted readout has a bad text");
    if (d->id == NULL || d->id[0] == '\0' || d->source == NULL)
        fuzz_fail("an accepted readout has no id or source");
    if (d->date != NULL && !corpus_valid_date(d->date))
        fuzz_fail("an accepted readout has the date '%s'", d->date);
    if (strcmp(d->lang, "en") != 0 && strcmp(d->lang, "zh") != 0)
        fuzz_fail("an accepted readout has the language '%.3s'", d->lang);
    if (d->n_themes > PT_MAX_THEMES || d->n_lecturers > PT_MAX_LECTURERS)
        fuzz_fail("an accepted readout has %zu themes and %zu lecturers", d->n_themes, d->n_lecturers);
    for (size_t k = 0; k < d->n_themes; k++)
        if (d->themes[k] < 0 || (size_t)d->themes[k] >= tx->n)
            fuzz_fail("an accepted readout has theme index %d", d->themes[k]);
    for (size_t k = 0; k < d->n_lecturers; k++)
        if (d->lecturers[k].name == NULL || d->lecturers[k].name[0] == '\0')
            fuzz_fail("an accepted readout has a lecturer without a name");
}

static bool same_file_bytes(const char *a, const char *b)
{
    char *x, *y;
    size_t nx, ny;
    pt_error err = {0};
    if (fsio_read_all(a, 1u << 30, &x, &nx, &err) != 0)
        fuzz_fail("%s", err.msg);
    if (fsio_read_all(b, 1u << 30, &y, &ny, &err) != 0)
        fuzz_fail("%s", err.msg);
    bool same = nx == ny && memcmp(x, y, nx) == 0;
    free(x);
    free(y);
    return same;
}

/* The store's promise (issue 14): every readout the reader accepts is
 * admitted by store_check_doc (as ingest does) unless its store line would
 * pass the line limit, and what is admitted is saved, loaded back and saved
 * again to the same bytes. */
static void check_store_round_trip(const pt_corpus *c, const pt_taxonomy *tx)
{
    pt_corpus kept, back;
    corpus_init(&kept);
    corpus_init(&back);
    kept.docs = calloc(c->n + 1, sizeof *kept.docs); /* a view: c keeps the strings */
    for (size_t k = 0; k < c->n; k++) {
        pt_error err = {0};
        if (store_check_doc(&c->docs[k], tx, "store check", &err) == 0)
            kept.docs[kept.n++] = c->docs[k];
        else if (err.status != PT_ERR_DATA || strstr(err.msg, "would take a store line") == NULL)
            fuzz_fail("an accepted readout cannot be stored: %s", err.msg);
    }
    char first[128], second[128];
    scratch_path("store.jsonl", first, sizeof first);
    scratch_path("store2.jsonl", second, sizeof second);
    pt_error err = {0};
    if (store_save(&kept, first, tx, &err) != 0)
        fuzz_fail("an admitted corpus cannot be saved: %s", err.msg);
    if (store_load(&back, first, tx, &err) != 0)
        fuzz_fail("the store does not reload what was admitted: %s", err.msg);
    if (back.n != kept.n)
        fuzz_fail("the store reloads %zu of %zu readouts", back.n, kept.n);
    if (store_save(&back, second, tx, &err) != 0)
        fuzz_fail("a reloaded store cannot be saved: %s", err.msg);
    if (!same_file_bytes(first, second))
        fuzz_fail("the store is not the same bytes after a round trip");
    free(kept.docs);
    corpus_free(&back);
}

static void read_as_file(const uint8_t *data, size_t size, const char *name, bool txt)
{
    const pt_taxonomy *tx = taxonomy();
    char path[128];
    scratch_path(name, path, sizeof path);
    write_file(path, data, size);
    pt_corpus c;
    corpus_init(&c);
    pt_error err = {0};
    if (corpus_read_file(&c, path, tx, &err) == 0) {
        fuzz_accepted++;
        if (c.n == 0 || (txt && c.n != 1))
            fuzz_fail("%s: read %zu readouts", name, c.n);
        for (size_t k = 0; k < c.n; k++)
            check_doc(&c.docs[k], tx);
        check_store_round_trip(&c, tx);
        if (corpus_check_unique_ids(&c, &err) != 0)
            expect_refusal(&err, path, PT_ERR_DATA);
        corpus_check_labelled(&c, &err);
    } else {
        expect_refusal(&err, path, PT_ERR_DATA);
    }
    corpus_free(&c);
}

int fuzz_corpus(const uint8_t *data, size_t size)
{
    const pt_taxonomy *tx = taxonomy();
    pt_doc d;
    pt_error err = {0};
    if (corpus_parse_line(&d, (const char *)data, size, "fuzz.jsonl", 7, tx, &err) == 0) {
        fuzz_accepted++;
        check_doc(&d, tx);
        corpus_doc_free(&d);
    } else {
        expect_refusal(&err, "fuzz.jsonl:7: ", PT_ERR_DATA);
    }
    read_as_file(data, size, "corpus.jsonl", false);
    read_as_file(data, size, "corpus.txt", true);
    read_as_file(data, size, "corpus.html", true); /* libxml2's HTML parser, the body rules, the extraction */
    return 0;
}

/* ---- bundle ------------------------------------------------------------------ */

#define MAX_SECTIONS 16

typedef struct {
    char name[65];
    const uint8_t *data;
    size_t len;
} section;

static bool header_at(const uint8_t *d, size_t n, size_t i)
{
    return (i == 0 || d[i - 1] == '\n') && n - i >= 3 && memcmp(d + i, "@@ ", 3) == 0;
}

/* A file name the bundle could hold: [A-Za-z0-9._-], not starting with '.'. */
static bool good_name(const uint8_t *s, size_t n)
{
    if (n == 0 || n > 64 || s[0] == '.')
        return false;
    for (size_t k = 0; k < n; k++)
        if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') ||
              s[k] == '.' || s[k] == '_' || s[k] == '-'))
            return false;
    return true;
}

/* Splits the input into "@@ NAME\n" sections; bytes before the first
 * header and sections with unusable names are ignored. */
static size_t split_sections(const uint8_t *d, size_t n, section out[MAX_SECTIONS])
{
    size_t count = 0, i = 0;
    while (i < n && !header_at(d, n, i))
        i++;
    while (i < n && count < MAX_SECTIONS) {
        size_t name = i + 3;
        const uint8_t *nl = memchr(d + name, '\n', n - name);
        size_t name_end = nl ? (size_t)(nl - d) : n;
        size_t body = nl ? name_end + 1 : n;
        size_t j = body;
        while (j < n && !header_at(d, n, j))
            j++;
        if (good_name(d + name, name_end - name)) {
            memcpy(out[count].name, d + name, name_end - name);
            out[count].name[name_end - name] = '\0';
            out[count].data = d + body;
            out[count].len = j - body;
            count++;
        }
        i = j;
    }
    return count;
}

/* manifest.json with every checksum it lists for a file of the input
 * replaced by that file's real SHA-256; NULL when it is not a JSON object
 * with a "files" object (then the input's bytes are written as they are). */
static char *manifest_with_checksums(const section *man, const section *s, size_t n)
{
    json_t *root = json_loadb((const char *)man->data, man->len, 0, NULL);
    json_t *files = root ? json_object_get(root, "files") : NULL;
    char *text = NULL;
    if (json_is_object(files)) {
        for (size_t k = 0; k < n; k++) {
            if (json_object_get(files, s[k].name) != NULL) {
                char hex[65];
                sha256_hex(s[k].data, s[k].len, hex);
                json_object_set_new(files, s[k].name, json_string(hex));
            }
        }
        text = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    }
    json_decref(root);
    return text;
}

static void check_bundle(const pt_bundle *b)
{
    size_t v = vocab_size(b->tfidf.terms);
    if (b->tax.n == 0 || b->svm.n_themes != b->tax.n || v == 0 || !(b->threshold >= 0 && b->threshold <= 1))
        fuzz_fail("a loaded bundle has %zu themes, %zu models, %zu terms", b->tax.n, b->svm.n_themes, v);
    for (size_t t = 0; t < b->svm.n_themes; t++)
        if (b->svm.models[t] == NULL)
            fuzz_fail("a loaded bundle has no model for theme %zu", t);
    /* A unit-length row touching the first, middle and last features. */
    gsl_spmatrix *coo = gsl_spmatrix_alloc(1, v);
    gsl_spmatrix_set(coo, 0, 0, 0.6);
    if (v > 2)
        gsl_spmatrix_set(coo, 0, v / 2, 0.48);
    gsl_spmatrix_set(coo, 0, v - 1, v > 2 ? 0.64 : 0.8);
    gsl_spmatrix *row = gsl_spmatrix_compress(coo, GSL_SPMATRIX_CSR);
    double probs[PT_MAX_THEMES];
    svmx_predict(&b->svm, row, 0, probs);
    for (size_t t = 0; t < b->svm.n_themes; t++)
        if (!(probs[t] >= 0 && probs[t] <= 1))
            fuzz_fail("a loaded bundle predicts %g for theme %zu", probs[t], t);
    gsl_spmatrix_free(row);
    gsl_spmatrix_free(coo);
}

int fuzz_bundle(const uint8_t *data, size_t size)
{
    section s[MAX_SECTIONS];
    size_t n = split_sections(data, size, s);
    char dir[128], path[256];
    scratch_path("bundle", dir, sizeof dir);
    fsio_remove_dir(dir);
    if (mkdir(dir, 0700) != 0)
        fuzz_fail("cannot make %s", dir);
    for (size_t k = 0; k < n; k++) {
        if (snprintf(path, sizeof path, "%s/%s", dir, s[k].name) >= (int)sizeof path)
            fuzz_fail("scratch path too long");
        char *fixed = strcmp(s[k].name, "manifest.json") == 0 ? manifest_with_checksums(&s[k], s, n) : NULL;
        if (fixed != NULL)
            write_file(path, fixed, strlen(fixed));
        else
            write_file(path, s[k].data, s[k].len);
        free(fixed);
    }
    pt_bundle b;
    pt_error err = {0};
    if (bundle_load(&b, dir, &err) == 0) {
        fuzz_accepted++;
        check_bundle(&b);
        bundle_free(&b);
    } else {
        expect_refusal(&err, dir, PT_ERR_NOINPUT);
    }
    return 0;
}

/* ---- svmcheck ---------------------------------------------------------------- */

#define FUZZ_FEATURES 64

int fuzz_svmcheck(const uint8_t *data, size_t size)
{
    pt_error err = {0};
    if (svmcheck_buffer((const char *)data, size, "fuzz.model", FUZZ_FEATURES, &err) != 0) {
        expect_refusal(&err, "fuzz.model:", PT_ERR_DATA);
        return 0;
    }
    /* Accepted: libsvm must read it, and the model must be usable. */
    fuzz_accepted++;
    char path[128];
    scratch_path("fuzz.model", path, sizeof path);
    write_file(path, data, size);
    struct svm_model *m = svm_load_model(path);
    if (m == NULL)
        fuzz_fail("svmcheck accepted a model libsvm cannot read");
    if (svm_get_svm_type(m) != C_SVC || svm_get_nr_class(m) != 2 || svm_check_probability_model(m) == 0)
        fuzz_fail("svmcheck accepted a model that is not a two-class C-SVC with probabilities");
    int labels[2];
    svm_get_labels(m, labels);
    if (labels[0] * labels[1] != -1)
        fuzz_fail("svmcheck accepted labels %d %d", labels[0], labels[1]);
    for (int k = 0; k < m->l; k++) {
        int prev = 0;
        for (const struct svm_node *x = m->SV[k]; x->index != -1; x++) {
            if (x->index <= prev || x->index > FUZZ_FEATURES || !isfinite(x->value))
                fuzz_fail("libsvm read support vector %d with feature %d = %g", k + 1, x->index, x->value);
            prev = x->index;
        }
    }
    if (m->nSV[0] < 0 || m->nSV[1] < 0 || m->nSV[0] + m->nSV[1] != m->l)
        fuzz_fail("libsvm read nr_sv %d %d for %d support vectors", m->nSV[0], m->nSV[1], m->l);
    const struct svm_node probe[] = {{1, 0.6}, {7, 0.48}, {FUZZ_FEATURES, 0.64}, {-1, 0}};
    double probs[2], dec;
    svm_predict_values(m, probe, &dec);
    svm_predict_probability(m, probe, probs);
    if (!isfinite(dec) || !(probs[0] >= 0 && probs[0] <= 1) || !(probs[1] >= 0 && probs[1] <= 1))
        fuzz_fail("decision value %g, probabilities %g %g", dec, probs[0], probs[1]);
    svm_free_and_destroy_model(&m);
    return 0;
}
