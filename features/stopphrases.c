/*
 * stopphrases.c — loading and matching the stop-phrase rules
 * (stopphrases.h).  The lists are short (tens to hundreds of rules) and
 * matched once per candidate phrase, not per token, so a linear scan is
 * enough and keeps the rule semantics obvious.
 */
#include "features/stopphrases.h"

#include <stdlib.h>
#include <string.h>

#include "base/lines.h"
#include "base/xalloc.h"

typedef enum { M_EXACT, M_PREFIX, M_SUFFIX, M_CONTAINS } stop_kind;

typedef struct {
    char lang[3];        /* "zh", "en" or "*" */
    stop_kind kind;
    char *text;          /* normalised */
    size_t len;
} stop_rule;

struct stop_list {
    stop_rule *v;
    size_t n;
};

stop_list *stop_empty(void)
{
    return xcalloc(1, sizeof(stop_list));
}

void stop_free(stop_list *s)
{
    if (s == NULL)
        return;
    for (size_t k = 0; k < s->n; k++)
        free(s->v[k].text);
    free(s->v);
    free(s);
}

size_t stop_count(const stop_list *s)
{
    return s ? s->n : 0;
}

/* English text reduced to its words (runs of word characters and inner
 * apostrophes) joined by one space, as phrase discovery keys English
 * phrases.  Returns a new string. */
static char *en_words(const char *s, size_t len, size_t *out_len)
{
    char *out = xmalloc(len + 1);
    size_t o = 0, pos = 0;
    bool in_word = false;
    while (pos < len) {
        size_t at = pos;
        uint32_t cp = norm_next_cp(s, len, &pos);
        norm_class c = norm_classify(cp);
        bool word = c == NC_WORD || (c == NC_APOS && in_word && pos < len);
        if (word) {
            if (!in_word && o > 0)
                out[o++] = ' ';
            memcpy(out + o, s + at, pos - at);
            o += pos - at;
        }
        in_word = word;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

typedef struct {
    stop_list *s;
    normalizer *norm;
} stop_load_ctx;

/* One rule (lines_fn): lang<TAB>match<TAB>text. */
static int parse_line(void *ctx, const char *path, long lineno, char *line, size_t len, pt_error *err)
{
    const stop_load_ctx *load = ctx;
    stop_list *s = load->s;
    normalizer *norm = load->norm;
    (void)len;
    char *f[3];
    size_t nf = 0;
    char *p = line;
    while (nf < 3) {
        f[nf++] = p;
        char *tab = strchr(p, '\t');
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    if (nf != 3 || strchr(f[2], '\t') != NULL)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: expected 3 tab-separated fields (lang, match, text)", path,
                       lineno);
    stop_rule r;
    memset(&r, 0, sizeof r);
    if (strcmp(f[0], "zh") != 0 && strcmp(f[0], "en") != 0 && strcmp(f[0], "*") != 0)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: lang must be zh, en or *, not '%s'", path, lineno, f[0]);
    strcpy(r.lang, f[0]);
    if (strcmp(f[1], "exact") == 0)
        r.kind = M_EXACT;
    else if (strcmp(f[1], "prefix") == 0)
        r.kind = M_PREFIX;
    else if (strcmp(f[1], "suffix") == 0)
        r.kind = M_SUFFIX;
    else if (strcmp(f[1], "contains") == 0)
        r.kind = M_CONTAINS;
    else
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: match must be exact, prefix, suffix or contains, not '%s'",
                       path, lineno, f[1]);
    const char *out;
    size_t out_len;
    if (norm_run(norm, f[2], strlen(f[2]), false, &out, &out_len, NULL, err) != 0) {
        pt_error_prefix(err, "%s:%ld: ", path, lineno);
        return -1;
    }
    bool has_han = false;
    for (size_t pos = 0; pos < out_len;)
        if (utf8_is_han(norm_next_cp(out, out_len, &pos)))
            has_han = true;
    if (has_han) {
        /* Chinese: the text without spaces, as Han runs are keyed. */
        r.text = xmalloc(out_len + 1);
        for (size_t k = 0; k < out_len; k++)
            if (out[k] != ' ' && out[k] != '\t')
                r.text[r.len++] = out[k];
        r.text[r.len] = '\0';
    } else {
        r.text = en_words(out, out_len, &r.len);
    }
    if (r.len == 0) {
        free(r.text);
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: the phrase is empty (it needs letters or Han characters)", path,
                       lineno);
    }
    s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
    s->v[s->n++] = r;
    return 0;
}

stop_list *stop_load(const char *path, normalizer *norm, pt_error *err)
{
    stop_load_ctx load = {stop_empty(), norm};
    if (lines_each(path, STOP_FILE_MAX, STOP_LINE_MAX, parse_line, &load, err) != 0) {
        stop_free(load.s);
        return NULL;
    }
    return load.s;
}

/* p contains needle at a word boundary (English) or anywhere (Chinese). */
static bool contains_at(const char *p, size_t len, const stop_rule *r, bool words)
{
    if (r->len > len)
        return false;
    for (size_t k = 0; k + r->len <= len; k++) {
        if (memcmp(p + k, r->text, r->len) != 0)
            continue;
        if (!words || ((k == 0 || p[k - 1] == ' ') && (k + r->len == len || p[k + r->len] == ' ')))
            return true;
    }
    return false;
}

bool stop_match(const stop_list *s, const char *lang, const char *p, size_t len)
{
    if (s == NULL)
        return false;
    bool words = strcmp(lang, "en") == 0;
    for (size_t k = 0; k < s->n; k++) {
        const stop_rule *r = &s->v[k];
        if (strcmp(r->lang, "*") != 0 && strcmp(r->lang, lang) != 0)
            continue;
        if (r->len > len)
            continue;
        switch (r->kind) {
        case M_EXACT:
            if (r->len == len && memcmp(p, r->text, len) == 0)
                return true;
            break;
        case M_PREFIX:
            if (memcmp(p, r->text, r->len) == 0 && (!words || r->len == len || p[r->len] == ' '))
                return true;
            break;
        case M_SUFFIX:
            if (memcmp(p + len - r->len, r->text, r->len) == 0 &&
                (!words || r->len == len || p[len - r->len - 1] == ' '))
                return true;
            break;
        case M_CONTAINS:
            if (contains_at(p, len, r, words))
                return true;
            break;
        }
    }
    return false;
}
