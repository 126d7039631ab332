/*
 * store.c — the corpus store (store.h).
 */
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fsio.h"
#include "base/sha256.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "extract.h"

int store_load(pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        return pt_fail(err, PT_ERR_NOINPUT, "%s: %s", path, strerror(errno));
    }
    if (st.st_size == 0)
        return 0; /* an empty store is not an error, unlike an empty input */
    return corpus_read_file(c, path, tax, err);
}

static void set_string(json_t *o, const char *key, const char *value)
{
    if (value != NULL)
        json_object_set_new(o, key, json_string(value));
}

json_t *corpus_doc_json(const pt_doc *d, const pt_taxonomy *tax)
{
    json_t *o = json_object();
    set_string(o, "kind", d->kind);
    set_string(o, "id", d->id);
    set_string(o, "date", d->date);
    if (d->cc > 0)
        json_object_set_new(o, "cc", json_integer(d->cc));
    if (d->session > 0)
        json_object_set_new(o, "session", json_integer(d->session));
    set_string(o, "lang", d->lang);
    set_string(o, "title", d->title);
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
    if (d->n_lecturers > 0) {
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
    }
    json_object_set_new(o, "text", json_stringn(d->text, d->text_len));
    return o;
}

int store_save(const pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    strbuf sb = {0};
    for (size_t k = 0; k < c->n; k++) {
        json_t *o = corpus_doc_json(&c->docs[k], tax);
        char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (line == NULL) {
            sb_free(&sb);
            return pt_fail(err, PT_ERR_INTERNAL, "%s: cannot encode readout '%s'", path, c->docs[k].id);
        }
        sb_puts(&sb, line);
        sb_puts(&sb, "\n");
        free(line);
    }
    int rc = fsio_write_atomic(path, sb.data ? sb.data : "", sb.len, err);
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
