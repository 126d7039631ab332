/*
 * surface.c — from the model's tokens back to the words as written
 * (surface.h).  English: every distinct word of the corpus as written is
 * put through the tokeniser itself (one word, no n-grams, no lexicon), so
 * the stem a spelling gives is exactly the one the model saw; the most
 * frequent spelling of each stem wins.  Chinese: phrase discovery over the
 * corpus, with no boilerplate filter (a common word is still a word).
 */
#include "features/surface.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "features/normalize.h"
#include "features/phrases.h"
#include "features/vocab.h"

struct surface_map {
    vocab *stems;          /* stem -> id */
    char **stem_word;      /* id -> most frequent spelling */
    uint32_t *stem_count;  /* its count */
    size_t cap;
    vocab *shown;          /* token -> id of its display string (memo) */
    char **shown_text;
    size_t shown_cap;
    phr_set phrases;
    bool have_phrases;
    lexicon *lex;
};

typedef struct {
    char buf[256];
    size_t len;
    int n;
} one_token;

static int take_token(void *ctx, const char *token, size_t len)
{
    one_token *t = ctx;
    if (t->n++ == 0 && len < sizeof t->buf) {
        memcpy(t->buf, token, len);
        t->len = len;
    }
    return 0;
}

/* Counts every word as written (runs of word characters with inner hyphens
 * and apostrophes) of text into words/counts. */
static void count_words(const char *s, size_t len, vocab *words, uint32_t **counts, size_t *cap)
{
    size_t pos = 0, ws, we;
    norm_class c;
    while (norm_scan_word(s, len, true, &pos, &ws, &we, &c)) {
        if (we == ws || we - ws >= 200)
            continue;
        uint32_t id = vocab_intern(words, s + ws, we - ws);
        if (id >= *cap) {
            size_t nc = *cap ? *cap * 2 : 4096;
            while (nc <= id)
                nc *= 2;
            *counts = xreallocarray(*counts, nc, sizeof **counts);
            memset(*counts + *cap, 0, (nc - *cap) * sizeof **counts);
            *cap = nc;
        }
        (*counts)[id]++;
    }
}

surface_map *surface_build(const pt_corpus *c, const tok_config *cfg, pt_error *err)
{
    surface_map *m = xcalloc(1, sizeof *m);
    m->stems = vocab_new();
    m->shown = vocab_new();
    tok_config one = *cfg;
    one.ngram_max = 1;
    one.lexicon_path = NULL;
    one.lenient = true;
    tokenizer *tok = tok_open(&one, err);
    if (tok == NULL)
        goto fail;
    if (cfg->lexicon_path && cfg->lexicon_path[0] && (m->lex = lex_load(cfg->lexicon_path, err)) == NULL)
        goto fail;

    vocab *words = vocab_new();
    uint32_t *counts = NULL;
    size_t cap = 0;
    for (size_t d = 0; d < c->n; d++)
        count_words(c->docs[d].text, c->docs[d].text_len, words, &counts, &cap);
    for (uint32_t w = 0; w < vocab_size(words); w++) {
        const char *word = vocab_term(words, w);
        size_t wl = vocab_term_len(words, w);
        one_token t = {.n = 0};
        if (tok_run(tok, word, wl, take_token, &t, NULL, err) != 0) {
            vocab_free(words);
            free(counts);
            goto fail;
        }
        if (t.n != 1 || t.len == 0)
            continue;
        uint32_t id = vocab_intern(m->stems, t.buf, t.len);
        if (id >= m->cap) {
            size_t nc = m->cap ? m->cap * 2 : 1024;
            while (nc <= id)
                nc *= 2;
            m->stem_word = xreallocarray(m->stem_word, nc, sizeof *m->stem_word);
            m->stem_count = xreallocarray(m->stem_count, nc, sizeof *m->stem_count);
            memset(m->stem_word + m->cap, 0, (nc - m->cap) * sizeof *m->stem_word);
            memset(m->stem_count + m->cap, 0, (nc - m->cap) * sizeof *m->stem_count);
            m->cap = nc;
        }
        if (m->stem_word[id] == NULL || counts[w] > m->stem_count[id] ||
            (counts[w] == m->stem_count[id] && strcmp(word, m->stem_word[id]) < 0)) {
            free(m->stem_word[id]);
            m->stem_word[id] = xstrdup(word);
            m->stem_count[id] = counts[w];
        }
    }
    vocab_free(words);
    free(counts);
    tok_close(tok);
    tok = NULL;

    /* Chinese words and phrases; the dates do not matter here. */
    phr_docinfo *info = xcalloc(c->n + 1, sizeof *info);
    for (size_t d = 0; d < c->n; d++)
        info[d].date = "2000-01-01";
    phr_config pc;
    phr_config_default(&pc);
    pc.min_count = 2;
    pc.min_readouts = 1;
    pc.max_doc_share = 1.0;
    pt_corpus view = *c;
    view.lenient = true;
    int rc = c->n ? phr_discover(&m->phrases, &view, info, &pc, NULL, NULL, err) : 0;
    free(info);
    if (rc != 0)
        goto fail;
    m->have_phrases = c->n > 0;
    return m;
fail:
    tok_close(tok);
    surface_free(m);
    return NULL;
}

void surface_free(surface_map *m)
{
    if (m == NULL)
        return;
    for (size_t k = 0; k < m->cap; k++)
        free(m->stem_word[k]);
    free(m->stem_word);
    free(m->stem_count);
    for (size_t k = 0; k < m->shown_cap; k++)
        free(m->shown_text[k]);
    free(m->shown_text);
    vocab_free(m->stems);
    vocab_free(m->shown);
    if (m->have_phrases)
        phr_set_free(&m->phrases);
    lex_free(m->lex);
    free(m);
}

/* The phrase for a Chinese token: itself when discovered, else the most
 * frequent discovered phrase containing it. */
static const char *zh_surface(const surface_map *m, const char *token)
{
    if (!m->have_phrases)
        return NULL;
    if (phr_find(&m->phrases, "zh", token) >= 0)
        return NULL; /* a word already */
    const phr_phrase *best = NULL;
    for (size_t k = 0; k < m->phrases.n; k++) {
        const phr_phrase *p = &m->phrases.v[k];
        if (strcmp(p->lang, "zh") != 0 || strstr(p->key, token) == NULL)
            continue;
        if (best == NULL || p->count > best->count ||
            (p->count == best->count && strlen(p->key) < strlen(best->key)))
            best = p;
    }
    return best ? best->text : NULL;
}

static char *display(const surface_map *m, const char *token)
{
    if (lex_is_theme_token(token)) {
        const char *theme = token + LEX_THEME_TOKEN_PREFIX_LEN;
        size_t n = strlen(theme) + sizeof "any tifa phrase of ";
        char *s = xmalloc(n);
        snprintf(s, n, "any tifa phrase of %s", theme);
        return s;
    }
    if (lex_is_token(token)) {
        long e = m->lex ? lex_find(m->lex, token + LEX_TOKEN_PREFIX_LEN) : -1;
        if (e < 0)
            return NULL;
        const char *zh = lex_zh(m->lex, (size_t)e), *en = lex_en(m->lex, (size_t)e);
        size_t n = strlen(zh) + strlen(en) + 4;
        char *s = xmalloc(n);
        snprintf(s, n, "%s / %s", zh, en);
        return s;
    }
    size_t len = strlen(token), pos = 0;
    bool han = len > 0 && utf8_is_han(norm_next_cp(token, len, &pos));
    if (han) {
        const char *z = zh_surface(m, token);
        return z ? xstrdup(z) : NULL;
    }
    /* English: each word of the n-gram by its most frequent spelling. */
    char *out = xmalloc(len * 8 + 64);
    size_t o = 0;
    bool changed = false;
    for (size_t a = 0; a <= len;) {
        size_t b = a;
        while (b < len && token[b] != ' ')
            b++;
        long id = vocab_lookup(m->stems, token + a, b - a);
        const char *w = id >= 0 && (size_t)id < m->cap && m->stem_word[id] ? m->stem_word[id] : NULL;
        if (o > 0)
            out[o++] = ' ';
        if (w && strlen(w) < len * 7 + 32 - o) {
            changed |= strncmp(w, token + a, b - a) != 0 || strlen(w) != b - a;
            memcpy(out + o, w, strlen(w));
            o += strlen(w);
        } else {
            memcpy(out + o, token + a, b - a);
            o += b - a;
        }
        a = b + 1;
    }
    out[o] = '\0';
    if (!changed) {
        free(out);
        return NULL;
    }
    return out;
}

const char *surface_of(surface_map *m, const char *token)
{
    if (m == NULL)
        return token;
    uint32_t id = vocab_intern(m->shown, token, strlen(token));
    if (id >= m->shown_cap) {
        size_t nc = m->shown_cap ? m->shown_cap * 2 : 256;
        while (nc <= id)
            nc *= 2;
        m->shown_text = xreallocarray(m->shown_text, nc, sizeof *m->shown_text);
        memset(m->shown_text + m->shown_cap, 0, (nc - m->shown_cap) * sizeof *m->shown_text);
        m->shown_cap = nc;
    }
    if (m->shown_text[id] == NULL) {
        char *d = display(m, token);
        m->shown_text[id] = d ? d : xstrdup(token);
    }
    return m->shown_text[id];
}
