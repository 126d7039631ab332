/*
 * train_sources.c — the training data's sources and coverage warnings
 * (train_sources.h).
 */
#include "train_sources.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "corpus/store.h"
#include "models/coverage.h"

void train_sources_record(bundle_sources *src, char *const *paths, size_t n, const char *default_corpus,
                          const char *store)
{
    char *one[1] = {(char *)default_corpus};
    if (n == 0)
        bundle_sources_set(src, one, 1, store);
    else
        bundle_sources_set(src, paths, n, store);
}

static bool same_path(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (strcmp(a, b) == 0)
        return true;
    char ra[PATH_MAX], rb[PATH_MAX];
    return realpath(a, ra) != NULL && realpath(b, rb) != NULL && strcmp(ra, rb) == 0;
}

bool train_sources_same(const bundle_sources *a, const bundle_sources *b)
{
    if (a->n_corpora != b->n_corpora || !same_path(a->store, b->store))
        return false;
    for (size_t k = 0; k < a->n_corpora; k++)
        if (!same_path(a->corpora[k], b->corpora[k]))
            return false;
    return true;
}

const char *train_sources_text(const bundle_sources *s, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t k = 0; k < s->n_corpora; k++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s", k ? ", " : "", s->corpora[k]);
    }
    size_t used = strlen(buf);
    if (s->store)
        snprintf(buf + used, size - used, " and the labelled readouts of %s", s->store);
    else
        snprintf(buf + used, size - used, " (no store)");
    return buf;
}

int train_add_store(pt_corpus *c, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    pt_corpus store;
    corpus_init(&store);
    int rc = store_load(&store, path, tax, err);
    for (size_t k = 0; rc == 0 && k < store.n; k++)
        if (store.docs[k].labelled)
            corpus_take(c, &store.docs[k]);
    corpus_free(&store);
    return rc;
}

void train_warn_coverage(const pt_corpus *c, const pt_taxonomy *tax)
{
    size_t counts[PT_MAX_THEMES];
    coverage_sessions_per_theme(c, tax->n, counts);
    for (size_t t = 0; t < tax->n; t++)
        if (counts[t] < COVERAGE_MIN_SESSIONS)
            fprintf(stderr, "politrend: warning: theme '%s' has %zu labelled session%s (fewer than %d): its model will "
                    "be weak; label more sessions with it (politrend label ID %s)\n", tax->names[t], counts[t],
                    counts[t] == 1 ? "" : "s", COVERAGE_MIN_SESSIONS, tax->names[t]);
}
