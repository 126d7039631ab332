/*
 * ingest.c — validating readouts one by one into the corpus store
 * (ingest.h).
 */
#include "ingest.h"

#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fsio.h"
#include "base/path.h"
#include "corpus/store.h"
#include "corpus/store_edit.h"
#include "base/xalloc.h"
#include "features/vocab.h"
#include "pipeline/cli.h"

/* The store's ids and text keys, for duplicate checks as readouts arrive. */
typedef struct {
    pt_corpus *store;
    const pt_taxonomy *tax;
    const ingest_options *opt;
    ingest_counts *counts;
    const pt_corpus *reference;
    vocab *ref_ids, *ref_texts;
    vocab *ids;          /* id -> position in store->docs (by id order) */
    size_t *id_doc;
    vocab *texts;        /* text key -> position */
    size_t *text_doc;
    size_t cap;
    ingest_files *files; /* per input file outcome, or NULL */
} ingest_state;

void ingest_files_free(ingest_files *f)
{
    for (size_t k = 0; k < f->n; k++) {
        free(f->v[k].path);
        free(f->v[k].why);
    }
    free(f->v);
    memset(f, 0, sizeof *f);
}

static void note_new(ingest_state *s, size_t pos)
{
    ingest_counts *c = s->counts;
    c->new_docs = xreallocarray(c->new_docs, c->n_new + 1, sizeof *c->new_docs);
    c->new_docs[c->n_new++] = pos;
}

/* The same readout again: with other labels, says so, and with replace
 * takes the new labels. */
static void same_text(ingest_state *s, pt_doc *old, pt_doc *d, const char *path, long line)
{
    if (store_same_labels(old, d)) {
        s->counts->duplicates++;
        return;
    }
    char was[512], now[512];
    store_labels_text(old, s->tax, was, sizeof was);
    store_labels_text(d, s->tax, now, sizeof now);
    if (!s->opt->replace) {
        s->counts->duplicates++;
        fprintf(stderr, "politrend: %s:%ld: readout '%s' is in the store as '%s' with labels %s, not %s: kept as "
                "it is (use --replace, or politrend label)\n", path, line, d->id, old->id, was, now);
        return;
    }
    store_set_themes(old, d->labelled, d->themes, d->n_themes);
    s->counts->relabelled++;
    fprintf(stderr, "politrend: %s:%ld: readout '%s': labels %s (were %s)\n", path, line, old->id, now, was);
}

static void remember(ingest_state *s, size_t pos)
{
    const pt_doc *d = &s->store->docs[pos];
    char key[65];
    store_text_key(d, key);
    uint32_t i = vocab_intern(s->ids, d->id, strlen(d->id));
    uint32_t t = vocab_intern(s->texts, key, 64);
    size_t need = (i > t ? i : t) + 1;
    if (need > s->cap) {
        s->cap = 2 * need + 64;
        s->id_doc = xreallocarray(s->id_doc, s->cap, sizeof *s->id_doc);
        s->text_doc = xreallocarray(s->text_doc, s->cap, sizeof *s->text_doc);
    }
    s->id_doc[i] = pos;
    s->text_doc[t] = pos;
}

/* The base name of path, as a safe file name: control characters (a
 * newline, a terminal escape) become '_'. */
static char *base_name(const char *path)
{
    char *copy = xstrdup(path);
    char *b = xstrdup(basename(copy));
    free(copy);
    for (unsigned char *p = (unsigned char *)b; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            *p = '_';
    return b;
}

/* dir/name, or for n > 1 dir/stem-n.ext: the first that does not exist, so
 * two rejected inputs of the same name keep a copy each. */
static char *unique_path(const char *dir, const char *name)
{
    const char *dot = strrchr(name, '.');
    size_t stem = dot && dot != name ? (size_t)(dot - name) : strlen(name);
    size_t n = strlen(dir) + strlen(name) + 32;
    char *p = xmalloc(n);
    for (unsigned k = 1;; k++) {
        if (k == 1)
            snprintf(p, n, "%s/%s", dir, name);
        else
            snprintf(p, n, "%s/%.*s-%u%s", dir, (int)stem, name, k, name + stem);
        struct stat st;
        if (lstat(p, &st) != 0)
            return p;
    }
}

/* Copies a rejected input (the bytes given) into the quarantine directory
 * with a .why file beside it. */
static int quarantine(ingest_state *s, const char *path, long line, const char *bytes, size_t len,
                      const char *why, pt_error *err)
{
    if (s->opt->quarantine == NULL || bytes == NULL)
        return 0; /* nothing to keep: the input could not be read at all */
    if (fsio_mkdirs(s->opt->quarantine, err) != 0)
        return -1;
    char *base = base_name(path);
    size_t n = strlen(base) + 48;
    char *name = xmalloc(n);
    if (line > 0)
        snprintf(name, n, "%s.line%ld.jsonl", base, line);
    else
        snprintf(name, n, "%s", base);
    free(base);
    char *dst = unique_path(s->opt->quarantine, name);
    free(name);
    int rc = fsio_write_atomic(dst, bytes, len, err);
    if (rc == 0) {
        char *why_path = xmalloc(strlen(dst) + 5);
        snprintf(why_path, strlen(dst) + 5, "%s.why", dst);
        size_t wl = strlen(why) + 2;
        char *text = xmalloc(wl);
        snprintf(text, wl, "%s\n", why);
        rc = fsio_write_atomic(why_path, text, wl - 1, err);
        free(text);
        free(why_path);
    }
    free(dst);
    return rc;
}

static int reject(ingest_state *s, const char *path, long line, const char *bytes, size_t len, const char *why,
                  pt_error *err)
{
    s->counts->rejected++;
    if (s->files && s->files->n > 0) {
        ingest_file *f = &s->files->v[s->files->n - 1];
        f->rejected++;
        f->unreadable |= bytes == NULL;
        if (f->why == NULL)
            f->why = xstrdup(why);
    }
    fputs("politrend: rejected: ", stderr);
    cli_put_escaped(stderr, why);
    fputc('\n', stderr);
    return quarantine(s, path, line, bytes, len, why, err);
}

/* A quarantine that is one of the input directories would be read back on
 * the next run, and grow on every run. */
static int check_quarantine(const ingest_options *opt, char *const *inputs, size_t n, pt_error *err)
{
    struct stat q, in;
    if (opt->quarantine == NULL || stat(opt->quarantine, &q) != 0)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (stat(inputs[k], &in) == 0 && in.st_dev == q.st_dev && in.st_ino == q.st_ino)
            return pt_fail(err, PT_ERR_USAGE, "--quarantine %s is the input directory %s: rejected files would be read "
                           "again on every run; give a directory of its own", opt->quarantine, inputs[k]);
    return 0;
}

/* Decides what happens to one valid readout; takes ownership of d. */
static int admit(ingest_state *s, pt_doc *d, const char *path, long line, const char *bytes, size_t len,
                 pt_error *err)
{
    if (d->date == NULL && !(d->cc > 0 && d->session > 0)) {
        /* Reports place every session by its date or its number: a readout
         * with neither would stop every later run, so it stays out. */
        char why[1400], where[1100];
        if (line > 0)
            snprintf(where, sizeof where, "%s:%ld", path, line);
        else
            snprintf(where, sizeof where, "%s", path);
        snprintf(why, sizeof why,
                 "%s: readout '%s' has no date and no session number, and neither could be read from its text; "
                 "add a header 'Date: YYYY-MM-DD' or 'Session: TERM-NUMBER' (in JSON: \"date\", or \"cc\" and \"session\")",
                 where, d->id);
        corpus_doc_free(d);
        return reject(s, path, line, bytes, len, why, err);
    }
    if (d->file == NULL)
        d->file = xstrdup(path);
    char where[4200];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%ld", path, line);
    else
        snprintf(where, sizeof where, "%s", path);
    pt_error bad = {0};
    if (store_check_doc(d, s->tax, where, &bad) != 0) {
        corpus_doc_free(d);
        return reject(s, path, line, bytes, len, bad.msg, err);
    }
    if (s->files && s->files->n > 0)
        s->files->v[s->files->n - 1].accepted++;
    char key[65];
    store_text_key(d, key);
    long ref_id = vocab_lookup(s->ref_ids, d->id, strlen(d->id));
    if (vocab_lookup(s->ref_texts, key, 64) >= 0 || ref_id >= 0) {
        char ref_key[65] = "";
        if (ref_id >= 0)
            store_text_key(&s->reference->docs[ref_id], ref_key);
        if (ref_id < 0 || strcmp(ref_key, key) == 0) {
            s->counts->duplicates++;
            const pt_doc *ref = ref_id >= 0 ? &s->reference->docs[ref_id] : NULL;
            if (ref != NULL && !store_same_labels(ref, d)) {
                char was[512], now[512];
                fprintf(stderr, "politrend: %s:%ld: readout '%s' is in the corpus (%s:%ld) with labels %s, not %s: "
                        "kept as it is (edit that file to change them)\n", path, line, d->id, ref->source, ref->line,
                        store_labels_text(ref, s->tax, was, sizeof was), store_labels_text(d, s->tax, now, sizeof now));
            }
            corpus_doc_free(d);
            return 0;
        }
        char why[1200];
        snprintf(why, sizeof why, "%s:%ld: readout '%s' is already in the corpus (%s:%ld) with a different text; "
                 "give it another id", path, line, d->id, s->reference->docs[ref_id].source,
                 s->reference->docs[ref_id].line);
        corpus_doc_free(d);
        return reject(s, path, line, bytes, len, why, err);
    }
    long by_id = vocab_lookup(s->ids, d->id, strlen(d->id));
    long by_text = vocab_lookup(s->texts, key, 64);
    if (by_id >= 0) {
        pt_doc *old = &s->store->docs[s->id_doc[by_id]];
        char old_key[65];
        store_text_key(old, old_key);
        if (strcmp(old_key, key) == 0) {
            same_text(s, old, d, path, line);
            corpus_doc_free(d);
            return 0;
        }
        if (!s->opt->replace) {
            char why[1200];
            snprintf(why, sizeof why, "%s:%ld: readout '%s' is already in the store with a different text "
                     "(use --replace to update it)", path, line, d->id);
            corpus_doc_free(d);
            return reject(s, path, line, bytes, len, why, err);
        }
        size_t pos = s->id_doc[by_id];
        corpus_doc_free(old);
        *old = *d;
        memset(d, 0, sizeof *d);
        s->counts->replaced++;
        remember(s, pos);
        note_new(s, pos);
        return 0;
    }
    if (by_text >= 0) {
        /* the same readout under another id */
        same_text(s, &s->store->docs[s->text_doc[by_text]], d, path, line);
        corpus_doc_free(d);
        return 0;
    }
    corpus_take(s->store, d);
    s->counts->added++;
    remember(s, s->store->n - 1);
    note_new(s, s->store->n - 1);
    return 0;
}

static int ingest_txt(ingest_state *s, const char *path, pt_error *err)
{
    pt_corpus one;
    corpus_init(&one);
    pt_error bad = {0};
    int rc = 0;
    /* The bytes as given, for the quarantine should the readout be refused. */
    char *bytes = NULL;
    size_t len = 0;
    pt_error ignore;
    if (fsio_read_all(path, corpus_get_limits().max_line_bytes, &bytes, &len, &ignore) != 0)
        bytes = NULL;
    if (corpus_read_file(&one, path, s->tax, &bad) != 0)
        rc = reject(s, path, 0, bytes, len, bad.msg, err);
    else
        rc = admit(s, &one.docs[0], path, 0, bytes, len, err);
    free(bytes);
    corpus_free(&one);
    return rc;
}

/* Reads one line (newline excluded) into *buf, keeping at most max bytes:
 * a longer line is read to its end but not kept (*too_long), so memory
 * stays within the limit whatever the input (/dev/zero has no newline, and
 * is refused earlier as not a regular file).  Returns 1 for a line, 0 at
 * end of file. */
static int next_line(FILE *f, char **buf, size_t *cap, size_t max, size_t *len, bool *too_long)
{
    *len = 0;
    *too_long = false;
    int c = 0, any = 0;
    while ((c = getc(f)) != EOF) {
        any = 1;
        if (c == '\n')
            break;
        if (*too_long)
            continue;
        if (*len >= max) {
            *too_long = true;
            continue;
        }
        if (*len + 1 >= *cap) {
            *cap = *cap ? 2 * *cap : 4096;
            *buf = xreallocarray(*buf, *cap, 1);
        }
        (*buf)[(*len)++] = (char)c;
    }
    return any;
}

static int ingest_jsonl(ingest_state *s, const char *path, pt_error *err)
{
    pt_error bad = {0};
    FILE *f = fsio_open_regular(path, &bad);
    if (f == NULL)
        return reject(s, path, 0, NULL, 0, bad.msg, err);
    size_t max = corpus_get_limits().max_line_bytes;
    char *line = NULL;
    size_t cap = 0, line_len = 0;
    bool too_long;
    long lineno = 0;
    size_t records = 0;
    int rc = 0;
    while (rc == 0 && next_line(f, &line, &cap, max, &line_len, &too_long)) {
        lineno++;
        if (!too_long && line_len > 0 && line[line_len - 1] == '\r')
            line_len--;
        size_t k = 0;
        if (lineno == 1 && line_len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            k = 3; /* a byte order mark, as the reader skips it */
        size_t skip = k;
        while (k < line_len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (!too_long && k == line_len)
            continue;
        records++;
        pt_doc d;
        if (too_long) {
            char why[600];
            snprintf(why, sizeof why, "%s:%ld: line longer than the limit of %zu bytes", path, lineno, max);
            rc = reject(s, path, 0, NULL, 0, why, err); /* too long to copy; the input itself stays where it is */
        } else if (corpus_parse_line(&d, line + skip, line_len - skip, path, lineno, s->tax, &bad) != 0) {
            rc = reject(s, path, lineno, line, line_len, bad.msg, err);
        } else {
            rc = admit(s, &d, path, lineno, line, line_len, err);
        }
    }
    int read_error = ferror(f);
    fclose(f);
    free(line);
    if (rc == 0 && read_error) {
        char why[600];
        snprintf(why, sizeof why, "%s: read error", path);
        rc = reject(s, path, 0, NULL, 0, why, err);
    } else if (rc == 0 && records == 0) {
        char why[600];
        snprintf(why, sizeof why, "%s: no readouts in this file", path);
        char *data = NULL;
        size_t len = 0;
        pt_error ignore;
        if (fsio_read_all(path, max, &data, &len, &ignore) != 0)
            data = NULL;
        rc = reject(s, path, 0, data, len, why, err);
        free(data);
    }
    return rc;
}

int ingest_inputs(pt_corpus *store, const pt_corpus *reference, char *const *inputs, size_t n_inputs,
                  const pt_taxonomy *tax, const ingest_options *opt, ingest_counts *counts, ingest_files *files,
                  pt_error *err)
{
    memset(counts, 0, sizeof *counts);
    if (files)
        memset(files, 0, sizeof *files);
    if (check_quarantine(opt, inputs, n_inputs, err) != 0)
        return -1;
    ingest_state s = {.store = store, .tax = tax, .opt = opt, .counts = counts, .reference = reference,
                      .files = files};
    /* The reference's ids and texts, by document index (first one wins). */
    s.ref_ids = vocab_new();
    s.ref_texts = vocab_new();
    for (size_t k = 0; reference != NULL && k < reference->n; k++) {
        char key[65];
        store_text_key(&reference->docs[k], key);
        const char *id = reference->docs[k].id;
        if (vocab_lookup(s.ref_ids, id, strlen(id)) < 0 && vocab_intern(s.ref_ids, id, strlen(id)) != k)
            break; /* ids are unique in a validated corpus; stop rather than misindex */
        vocab_intern(s.ref_texts, key, 64);
    }
    s.ids = vocab_new();
    s.texts = vocab_new();
    for (size_t k = 0; k < store->n; k++)
        remember(&s, k);
    int rc = 0;
    cli_progress progress;
    cli_progress_start(&progress, opt->quiet, "ingest", n_inputs);
    for (size_t k = 0; k < n_inputs && rc == 0; k++) {
        char **list;
        size_t n_files;
        pt_error bad = {0};
        if (corpus_list_inputs(inputs[k], &list, &n_files, &bad) != 0) {
            rc = reject(&s, inputs[k], 0, NULL, 0, bad.msg, err);
            continue;
        }
        for (size_t f = 0; f < n_files && rc == 0; f++) {
            if (s.files) {
                s.files->v = xreallocarray(s.files->v, s.files->n + 1, sizeof *s.files->v);
                s.files->v[s.files->n++] = (ingest_file){.path = xstrdup(list[f])};
            }
            rc = path_has_suffix(list[f], ".txt") || corpus_is_page(list[f]) ? ingest_txt(&s, list[f], err)
                                                                        : ingest_jsonl(&s, list[f], err);
        }
        corpus_free_list(list, n_files);
        cli_progress_step(&progress, k + 1);
    }
    cli_progress_end(&progress);
    vocab_free(s.ids);
    vocab_free(s.texts);
    vocab_free(s.ref_ids);
    vocab_free(s.ref_texts);
    free(s.id_doc);
    free(s.text_doc);
    return rc;
}
