/*
 * context.c — from report_inputs to a report_ctx (internal.h): readouts
 * grouped into sessions (sessions.c), the missing session numbers, the
 * years with sessions and those shown, and per-token statistics (first
 * session of every token, the tifa phrases and their yearly series) that
 * the output files read.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "reports/internal.h"

long report_year_index(const report_ctx *r, int year)
{
    for (size_t k = 0; k < r->n_years; k++)
        if (r->years[k] == year)
            return (long)k;
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* first_session and is_tifa for every raw token. */
static void token_stats(report_ctx *r)
{
    const bag_set *bags = r->in.bags;
    size_t n_raw = vocab_size(bags->raw);
    r->first_session = xcalloc(n_raw + 1, sizeof *r->first_session);
    r->is_tifa = xcalloc(n_raw + 1, sizeof *r->is_tifa);
    for (size_t t = 0; t < n_raw; t++) {
        r->first_session[t] = -1;
        r->is_tifa[t] = lex_is_token(vocab_term(bags->raw, (uint32_t)t));
    }
    for (size_t d = 0; d < bags->n_docs; d++) {
        long s = (long)r->sessions.doc_session[d];
        for (size_t e = bags->offsets[d]; e < bags->offsets[d + 1]; e++) {
            uint32_t t = bags->ids[e];
            if (r->first_session[t] < 0 || s < r->first_session[t])
                r->first_session[t] = s;
        }
    }
}

/* The tifa phrases: lexicon entries in file order, then the keys of tifa
 * tokens the lexicon lacks, sorted. */
static void tifa_list(report_ctx *r)
{
    const lexicon *lex = r->in.lex;
    const vocab *raw = r->in.bags->raw;
    size_t n_lex = lex ? lex_count(lex) : 0, n_raw = vocab_size(raw);
    for (size_t t = 0; t < n_raw; t++) {
        if (!r->is_tifa[t])
            continue;
        const char *term = vocab_term(raw, (uint32_t)t), *key = term + LEX_TOKEN_PREFIX_LEN;
        if (lex_is_theme_token(term) || (lex && lex_find(lex, key) >= 0))
            continue; /* a theme token is a feature, not a phrase */
        r->tifa_extra = xreallocarray(r->tifa_extra, r->n_tifa_extra + 1, sizeof *r->tifa_extra);
        r->tifa_extra[r->n_tifa_extra++] = xstrdup(key);
    }
    if (r->n_tifa_extra > 1)
        qsort(r->tifa_extra, r->n_tifa_extra, sizeof *r->tifa_extra, cmp_str);
    r->n_tifa = n_lex + r->n_tifa_extra;
    r->tifa = xcalloc(r->n_tifa + 1, sizeof *r->tifa);
    for (size_t k = 0; k < r->n_tifa; k++) {
        report_tifa *x = &r->tifa[k];
        x->key = k < n_lex ? lex_key(lex, k) : r->tifa_extra[k - n_lex];
        x->lex_index = k < n_lex ? (long)k : -1;
        size_t klen = strlen(x->key);
        char *tok = xmalloc(LEX_TOKEN_PREFIX_LEN + klen + 1);
        memcpy(tok, LEX_TOKEN_PREFIX, LEX_TOKEN_PREFIX_LEN);
        memcpy(tok + LEX_TOKEN_PREFIX_LEN, x->key, klen + 1);
        x->token = vocab_lookup(raw, tok, LEX_TOKEN_PREFIX_LEN + klen);
        free(tok);
    }

    /* Yearly series, in one pass over the readouts in session order. */
    const bag_set *bags = r->in.bags;
    long *phrase_of = xcalloc(n_raw + 1, sizeof *phrase_of);
    for (size_t t = 0; t < n_raw; t++)
        phrase_of[t] = -1;
    for (size_t k = 0; k < r->n_tifa; k++)
        if (r->tifa[k].token >= 0)
            phrase_of[r->tifa[k].token] = (long)k;
    long *last = xcalloc(r->n_tifa + 1, sizeof *last);
    for (size_t k = 0; k < r->n_tifa; k++)
        last[k] = -1;
    r->tifa_count = xcalloc(r->n_tifa * r->n_years + 1, sizeof *r->tifa_count);
    r->tifa_sessions = xcalloc(r->n_tifa * r->n_years + 1, sizeof *r->tifa_sessions);
    for (size_t i = 0; i < r->sessions.n; i++) {
        const report_session *s = &r->sessions.v[i];
        long yi = report_year_index(r, s->year);
        assert(yi >= 0); /* r->years holds the year of every session */
        size_t y = (size_t)yi;
        for (size_t j = 0; j < s->n_docs; j++)
            for (size_t e = bags->offsets[s->docs[j]]; e < bags->offsets[s->docs[j] + 1]; e++) {
                long k = phrase_of[bags->ids[e]];
                if (k < 0)
                    continue;
                r->tifa_count[(size_t)k * r->n_years + y] += bags->counts[e];
                if (last[k] != (long)i) {
                    r->tifa_sessions[(size_t)k * r->n_years + y]++;
                    last[k] = (long)i;
                }
            }
    }
    free(last);
    free(phrase_of);
}

int report_ctx_build(report_ctx *r, const report_inputs *in, pt_error *err)
{
    memset(r, 0, sizeof *r);
    r->in = *in;
    const pt_corpus *c = in->corpus;
    if (c->n == 0)
        return pt_fail(err, PT_ERR_DATA, "no readouts to report on");
    if (in->bags->n_docs != c->n)
        return pt_fail(err, PT_ERR_INTERNAL, "reports: %zu token bags for %zu readouts", in->bags->n_docs, c->n);
    if (report_sessions_build(&r->sessions, c, in->tax->n, in->probs, in->threshold, err) != 0)
        return -1;
    r->n_missing = report_missing_find(&r->sessions, &r->missing);
    for (size_t k = 0; k < r->n_missing; k++) {
        const pt_unpublished_entry *e = unpublished_find(in->unpublished, r->missing[k].cc, r->missing[k].number);
        r->missing[k].unpublished = e ? e->note : NULL;
    }

    r->years = xcalloc(r->sessions.n + 1, sizeof *r->years);
    r->shown = xcalloc(r->sessions.n + 1, sizeof *r->shown);
    for (size_t i = 0; i < r->sessions.n; i++) {
        int y = r->sessions.v[i].year;
        if (r->n_years == 0 || r->years[r->n_years - 1] != y) {
            r->years[r->n_years++] = y;
            if ((in->from_year == 0 || y >= in->from_year) && (in->to_year == 0 || y <= in->to_year))
                r->shown[r->n_shown++] = y;
        }
    }
    if (r->n_shown == 0) {
        char from[16] = "the first year", to[16] = "the last";
        if (in->from_year)
            snprintf(from, sizeof from, "%d", in->from_year);
        if (in->to_year)
            snprintf(to, sizeof to, "%d", in->to_year);
        int first = r->years[0], last = r->years[r->n_years - 1];
        report_ctx_free(r);
        return pt_fail(err, PT_ERR_DATA, "no study sessions from %s to %s (the corpus has %d to %d)", from, to,
                       first, last);
    }
    token_stats(r);
    tifa_list(r);
    if (rp_phrases_build(r, err) != 0) {
        report_ctx_free(r);
        return -1;
    }
    return 0;
}

void report_ctx_free(report_ctx *r)
{
    report_sessions_free(&r->sessions);
    free(r->missing);
    free(r->years);
    free(r->shown);
    free(r->first_session);
    free(r->is_tifa);
    free(r->tifa);
    free(r->tifa_count);
    free(r->tifa_sessions);
    for (size_t k = 0; k < r->n_tifa_extra; k++)
        free(r->tifa_extra[k]);
    free(r->tifa_extra);
    rp_phrases_free(r);
    memset(r, 0, sizeof *r);
}
