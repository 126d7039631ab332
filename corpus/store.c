/*
 * store.c — the corpus store (store.h).
 */
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fsio.h"
#include "base/sha256.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "extract.h"

char *store_real_path(const char *path, pt_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return xstrdup(path);
    char *real = realpath(path, NULL);
    if (real == NULL) {
        pt_fail(err, PT_ERR_CANTCREAT, "%s: a symlink to nothing usable (%s); the store is not created through it",
                path, strerror(errno));
        return NULL;
    }
    char *copy = xstrdup(real); /* xalloc's, like every other string of ours */
    free(real);
    return copy;
}

int store_load(pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        return pt_fail(err, PT_ERR_NOINPUT, "%s: %s", path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) /* a FIFO is not an empty store to be replaced */
        return pt_fail(err, PT_ERR_NOINPUT, "%s: the store is not a regular file; give the path of a file", path);
    if (st.st_size == 0)
        return 0; /* an empty store is not an error, unlike an empty input */
    return corpus_read_file(c, path, tax, err);
}

static void set_string(json_t *o, const char *key, const char *value)
{
    if (value != NULL)
        json_object_set_new(o, key, json_string(value));
}

/* A synopsis record must carry every field (corpus.h), so for one an
 * unknown value is written as null, never left out: the reader would refuse
 * the record otherwise, and the store would not reload. */
static void set_string_or_null(json_t *o, const char *key, const char *value, bool complete)
{
    if (value != NULL)
        json_object_set_new(o, key, json_string(value));
    else if (complete)
        json_object_set_new(o, key, json_null());
}

static void set_number_or_null(json_t *o, const char *key, int value, bool complete)
{
    if (value > 0)
        json_object_set_new(o, key, json_integer(value));
    else if (complete)
        json_object_set_new(o, key, json_null());
}

json_t *corpus_doc_json(const pt_doc *d, const pt_taxonomy *tax)
{
    bool complete = d->kind != NULL && strcmp(d->kind, "synopsis") == 0;
    json_t *o = json_object();
    set_string(o, "kind", d->kind);
    set_string_or_null(o, "id", d->id, complete);
    set_string_or_null(o, "date", d->date, complete);
    set_number_or_null(o, "cc", d->cc, complete);
    set_number_or_null(o, "session", d->session, complete);
    set_string_or_null(o, "lang", d->lang, complete);
    set_string_or_null(o, "title", d->title, complete);
    set_string(o, "source", d->url);
    set_string(o, "published", d->published);
    set_string(o, "file", d->file);
    if (d->extracted != 0) {
        json_t *arr = json_array();
        for (int k = 0; k < PT_X_COUNT; k++)
            if (d->extracted & (1u << k))
                json_array_append_new(arr, json_string(extract_field_names[k]));
        json_object_set_new(o, "extracted", arr);
    }
    if (d->n_lecturers > 0 || complete) {
        json_t *arr = json_array();
        for (size_t k = 0; k < d->n_lecturers; k++) {
            json_t *l = json_object();
            set_string(l, "name", d->lecturers[k].name);
            set_string(l, "affiliation", d->lecturers[k].affiliation);
            set_string(l, "role", d->lecturers[k].role);
            json_array_append_new(arr, l);
        }
        json_object_set_new(o, "lecturers", arr);
    }
    if (d->labelled) {
        json_t *arr = json_array();
        for (size_t k = 0; k < d->n_themes; k++)
            json_array_append_new(arr, json_string(tax->names[d->themes[k]]));
        json_object_set_new(o, "themes", arr);
    } else if (complete) {
        json_object_set_new(o, "themes", json_null());
    }
    json_object_set_new(o, "text", json_stringn(d->text, d->text_len));
    return o;
}

/* The store line of d (no newline), or NULL when jansson cannot encode it. */
static char *record_line(const pt_doc *d, const pt_taxonomy *tax)
{
    json_t *o = corpus_doc_json(d, tax);
    char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return line;
}

/* Refuses a store line the reader would refuse for its length. */
static int check_line_length(const pt_doc *d, size_t len, const char *where, pt_error *err)
{
    size_t max = corpus_get_limits().max_line_bytes;
    if (len > max)
        return pt_fail(err, PT_ERR_DATA,
                       "%s: readout '%s' would take a store line of %zu bytes (its fields escaped as JSON), "
                       "more than the limit of %zu; shorten its title or text, or raise POLITREND_MAX_LINE_BYTES",
                       where, d->id, len, max);
    return 0;
}

int store_check_doc(const pt_doc *d, const pt_taxonomy *tax, const char *where, pt_error *err)
{
    char *line = record_line(d, tax);
    if (line == NULL)
        return pt_fail(err, PT_ERR_DATA, "%s: readout '%s' cannot be encoded as a store line", where, d->id);
    size_t len = strlen(line);
    int rc = check_line_length(d, len, where, err);
    if (rc == 0) {
        /* The reader is the judge: a record it refuses must never enter the store. */
        pt_doc back;
        pt_error why = {0};
        if (corpus_parse_line(&back, line, len, "store", 1, tax, &why) != 0)
            rc = pt_fail(err, PT_ERR_DATA, "%s: readout '%s' cannot be stored: the store would refuse it (%s)",
                         where, d->id, why.msg);
        else
            corpus_doc_free(&back);
    }
    free(line);
    return rc;
}

/* A directory with a temporary's name beside the store is not ours to empty. */
static int keep_all(const char *name, void *ctx)
{
    (void)name;
    (void)ctx;
    return 0;
}

int store_save(const pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    strbuf sb = {0};
    for (size_t k = 0; k < c->n; k++) {
        char *line = record_line(&c->docs[k], tax);
        if (line == NULL) {
            sb_free(&sb);
            return pt_fail(err, PT_ERR_INTERNAL, "%s: cannot encode readout '%s'", path, c->docs[k].id);
        }
        char where[64];
        snprintf(where, sizeof where, "record %zu", k + 1);
        if (check_line_length(&c->docs[k], strlen(line), where, err) != 0) {
            free(line);
            sb_free(&sb);
            return -1; /* the store on disk stays as it was, loadable */
        }
        sb_puts(&sb, line);
        sb_puts(&sb, "\n");
        free(line);
    }
    /* Through a symlink to its target: renaming over the link would replace
     * it with a file, leave the target stale and fork the store. */
    char *real = store_real_path(path, err);
    struct stat st;
    int rc = -1;
    if (real != NULL && stat(real, &st) == 0 && !S_ISREG(st.st_mode))
        pt_fail(err, PT_ERR_CANTCREAT, "%s: the store is not a regular file; give the path of a file", path);
    else if (real != NULL) {
        fsio_clean_stale_beside(real, FSIO_STALE_AGE, keep_all, NULL); /* a killed save's temporary */
        rc = fsio_write_atomic(real, sb.data ? sb.data : "", sb.len, err);
    }
    free(real);
    sb_free(&sb);
    return rc;
}

void store_text_key(const pt_doc *d, char hex[65])
{
    sha256_ctx ctx;
    unsigned char digest[32];
    sha256_init(&ctx);
    int pending_space = 0, started = 0;
    for (size_t k = 0; k < d->text_len; k++) {
        unsigned char ch = (unsigned char)d->text[k];
        if (isspace(ch)) {
            pending_space = started;
            continue;
        }
        if (pending_space)
            sha256_update(&ctx, " ", 1);
        pending_space = 0;
        started = 1;
        unsigned char lower = (unsigned char)tolower(ch);
        sha256_update(&ctx, &lower, 1);
    }
    sha256_final(&ctx, digest);
    sha256_to_hex(digest, hex);
}

void corpus_take(pt_corpus *c, pt_doc *src)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->docs = xreallocarray(c->docs, c->cap, sizeof *c->docs);
    }
    c->docs[c->n++] = *src;
    memset(src, 0, sizeof *src);
}
