/*
 * store_edit.c — finding, relabelling and forgetting stored readouts
 * (store_edit.h).
 */
#include "store_edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store.h"

/* Parses "CC-SESSION" (two positive whole numbers); returns 1 when it is one. */
static int parse_session_key(const char *key, int *cc, int *session)
{
    char *end;
    long a = strtol(key, &end, 10);
    if (end == key || *end != '-' || a <= 0 || a > 1000)
        return 0;
    const char *rest = end + 1;
    long b = strtol(rest, &end, 10);
    if (end == rest || *end != '\0' || b <= 0 || b > 100000)
        return 0;
    *cc = (int)a;
    *session = (int)b;
    return 1;
}

size_t store_match(const pt_corpus *c, const char *key, size_t *out)
{
    size_t n = 0;
    for (size_t k = 0; k < c->n; k++)
        if (strcmp(c->docs[k].id, key) == 0)
            out[n++] = k;
    int cc, session;
    if (n == 0 && parse_session_key(key, &cc, &session))
        for (size_t k = 0; k < c->n; k++)
            if (c->docs[k].cc == cc && c->docs[k].session == session)
                out[n++] = k;
    return n;
}

int store_parse_themes(const pt_taxonomy *tax, char *const *names, size_t n, int *out, pt_error *err)
{
    if (n > PT_MAX_THEMES)
        return pt_fail(err, PT_ERR_DATA, "%zu themes given; the taxonomy has %zu", n, tax->n);
    for (size_t k = 0; k < n; k++) {
        int t = taxonomy_find(tax, names[k]);
        if (t < 0) {
            char known[512] = "";
            for (size_t j = 0; j < tax->n; j++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", j ? ", " : "",
                         tax->names[j]);
            return pt_fail(err, PT_ERR_DATA, "unknown theme '%s' (the taxonomy has: %s)", names[k], known);
        }
        for (size_t j = 0; j < k; j++)
            if (out[j] == t)
                return pt_fail(err, PT_ERR_DATA, "theme '%s' is given twice", names[k]);
        out[k] = t;
    }
    return (int)n;
}

void store_set_themes(pt_doc *d, bool labelled, const int *themes, size_t n)
{
    free(d->themes);
    d->themes = NULL;
    d->n_themes = 0;
    d->labelled = labelled;
    if (!labelled)
        return;
    d->themes = xcalloc(n ? n : 1, sizeof *d->themes);
    memcpy(d->themes, themes, n * sizeof *themes);
    d->n_themes = n;
}

bool store_same_labels(const pt_doc *a, const pt_doc *b)
{
    if (a->labelled != b->labelled)
        return false;
    if (!a->labelled)
        return true;
    return a->n_themes == b->n_themes && memcmp(a->themes, b->themes, a->n_themes * sizeof *a->themes) == 0;
}

const char *store_labels_text(const pt_doc *d, const pt_taxonomy *tax, char *buf, size_t size)
{
    if (!d->labelled)
        snprintf(buf, size, "unlabelled");
    else if (d->n_themes == 0)
        snprintf(buf, size, "[]");
    else {
        buf[0] = '\0';
        for (size_t k = 0; k < d->n_themes; k++) {
            size_t used = strlen(buf);
            snprintf(buf + used, size - used, "%s%s", k ? ", " : "", tax->names[d->themes[k]]);
        }
    }
    return buf;
}

char *store_forgotten_path(const char *store_path)
{
    const char *slash = strrchr(store_path, '/');
    size_t dir_len = slash ? (size_t)(slash - store_path) + 1 : 0;
    size_t n = dir_len + sizeof "forgotten.jsonl";
    char *p = xmalloc(n);
    memcpy(p, store_path, dir_len);
    memcpy(p + dir_len, "forgotten.jsonl", sizeof "forgotten.jsonl");
    return p;
}

int store_keep_forgotten(const char *path, const pt_corpus *c, const size_t *idx, size_t n,
                         const pt_taxonomy *tax, pt_error *err)
{
    pt_corpus kept;
    corpus_init(&kept);
    if (store_load(&kept, path, tax, err) != 0) {
        corpus_free(&kept);
        return -1;
    }
    size_t before = kept.n;
    for (size_t k = 0; k < n; k++) {
        const pt_doc *d = &c->docs[idx[k]];
        char key[65], other[65];
        store_text_key(d, key);
        int seen = 0;
        for (size_t j = 0; j < kept.n && !seen; j++) {
            if (strcmp(kept.docs[j].id, d->id) != 0)
                continue;
            store_text_key(&kept.docs[j], other);
            seen = strcmp(key, other) == 0;
        }
        if (seen)
            continue;
        /* A deep copy through the record format: the store keeps its own. */
        json_t *o = corpus_doc_json(d, tax);
        char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        pt_doc copy;
        if (line == NULL) {
            corpus_free(&kept);
            return pt_fail(err, PT_ERR_INTERNAL, "%s: cannot encode readout '%s'", path, d->id);
        }
        int rc = corpus_parse_line(&copy, line, strlen(line), path, (long)kept.n + 1, tax, err);
        free(line);
        if (rc != 0) {
            corpus_free(&kept);
            return -1;
        }
        corpus_take(&kept, &copy);
    }
    int rc = kept.n == before ? 0 : store_save(&kept, path, tax, err);
    corpus_free(&kept);
    return rc;
}
