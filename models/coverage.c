/*
 * coverage.c — labelled sessions per theme (coverage.h).
 */
#include "coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "features/vocab.h"

const char *coverage_session_key(const pt_doc *d, char *buf, size_t size)
{
    if (d->cc > 0 && d->session > 0)
        snprintf(buf, size, "%d-%d", d->cc, d->session);
    else if (d->date != NULL)
        snprintf(buf, size, "%s", d->date);
    else
        snprintf(buf, size, "id:%s", d->id);
    return buf;
}

void coverage_sessions_per_theme(const pt_corpus *c, size_t n_themes, size_t *counts)
{
    memset(counts, 0, n_themes * sizeof *counts);
    /* One bit per (session, theme): a session counts once per theme however
     * many of its readouts carry it. */
    vocab *sessions = vocab_new();
    size_t cap = 0;
    unsigned char *seen = NULL;
    for (size_t k = 0; k < c->n; k++) {
        const pt_doc *d = &c->docs[k];
        if (!d->labelled)
            continue;
        char key[300];
        coverage_session_key(d, key, sizeof key);
        size_t s = vocab_intern(sessions, key, strlen(key));
        if ((s + 1) * n_themes > cap) {
            size_t grown = 2 * (s + 1) * n_themes + 64;
            seen = xreallocarray(seen, grown, 1);
            memset(seen + cap, 0, grown - cap);
            cap = grown;
        }
        for (size_t j = 0; j < d->n_themes; j++) {
            size_t t = (size_t)d->themes[j];
            if (t < n_themes && !seen[s * n_themes + t]) {
                seen[s * n_themes + t] = 1;
                counts[t]++;
            }
        }
    }
    free(seen);
    vocab_free(sessions);
}
