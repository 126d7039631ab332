/*
 * lexicon.c — loading the tifa lexicon TSV and matching its forms in
 * normalised text (the rules are in lexicon.h).
 *
 * Layout: every string (keys, themes, the forms as written, the "tifa:key"
 * tokens, the normalised forms) lives in one arena that stops growing when
 * loading ends.  Chinese forms are indexed by their first code point,
 * English forms by a hash of their first word; each index is an
 * open-addressing table mapping the key to a run of forms sorted longest
 * first, so the first form that matches is the longest.  Bitmaps of the
 * first code points of Chinese forms in the BMP and of a hash of their first
 * two code points, and a bitmap of hashed first English words, let the
 * tokeniser's per-character and per-word calls return at once almost
 * always.
 */
#include "features/lexicon.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/lines.h"
#include "base/utf8.h"
#include "base/xalloc.h"

typedef struct {
    size_t key, theme, zh, en, token; /* arena offsets                     */
    unsigned line;
} lex_entry;

typedef struct {
    size_t off;        /* arena offset of the normalised spelling           */
    const char *s;     /* the same, once the arena is final                 */
    uint32_t len;
    uint32_t entry;
    uint32_t line;
    uint64_t hkey;     /* Chinese: first code point; English: first-word hash */
} lex_form;

typedef struct {
    uint64_t hkey;
    uint32_t start, count; /* count 0: empty slot                           */
} lex_slot;

typedef struct {
    lex_slot *slot;
    size_t mask;
} lex_table;

typedef struct {
    const char *key;
    uint32_t idx;
} lex_keyref;

struct lexicon {
    char *arena;
    size_t arena_len, arena_cap;
    lex_entry *ent;
    size_t n, ent_cap;
    lex_form *zh, *en;
    size_t nzh, zh_cap, nen, en_cap;
    lex_table zh_tab, en_tab;
    lex_keyref *by_key; /* sorted by key, for lex_find                     */
    unsigned char zh_first[0x10000 / 8];
    unsigned char zh_pair[0x10000 / 8]; /* hashed (first, second) code points */
    unsigned char en_first[0x10000 / 8];/* hashed first words of English forms */
};

/* 16-bit hash of the first two code points of a Chinese form (second 0
 * for a one-character form). */
static inline uint32_t pair_hash(uint32_t a, uint32_t b)
{
    return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA77u)) >> 16;
}

int lex_check_themes(const lexicon *lex, const char *path, const pt_taxonomy *tax, pt_error *err)
{
    for (size_t i = 0; i < lex->n; i++) {
        const char *theme = lex->arena + lex->ent[i].theme;
        if (strcmp(theme, LEX_THEME_NONE) != 0 && taxonomy_find(tax, theme) < 0)
            return pt_fail(err, PT_ERR_DATA, "%s:%u: unknown theme '%s' (the taxonomy has %zu themes, or use "
                           LEX_THEME_NONE ")", path, lex->ent[i].line, theme, tax->n);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Small helpers.                                                      */

static uint64_t fnv1a(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Class of the code point at s[*pos]; advances *pos past it. */
static inline norm_class class_next(const char *s, size_t len, size_t *pos, uint32_t *cp)
{
    unsigned char c = (unsigned char)s[*pos];
    if (c < 0x80) {
        *pos += 1;
        *cp = c;
        return (norm_class)norm_ascii_class[c];
    }
    *cp = norm_next_cp(s, len, pos);
    return norm_classify(*cp);
}

static inline bool word_at(const char *s, size_t len, size_t pos)
{
    if (pos >= len)
        return false;
    uint32_t cp;
    return class_next(s, len, &pos, &cp) == NC_WORD;
}

/* Appends bytes (plus a NUL) to the arena; returns the offset.  Can't fail
 * (exits on out of memory, as xalloc.h does everywhere). */
static size_t arena_add(lexicon *lex, const char *s, size_t len)
{
    if (lex->arena_len + len + 1 > lex->arena_cap) {
        size_t ncap = lex->arena_cap ? lex->arena_cap : 4096;
        while (lex->arena_len + len + 1 > ncap)
            ncap *= 2;
        lex->arena = xreallocarray(lex->arena, ncap, 1);
        lex->arena_cap = ncap;
    }
    size_t off = lex->arena_len;
    memcpy(lex->arena + off, s, len);
    lex->arena[off + len] = '\0';
    lex->arena_len += len + 1;
    return off;
}

static void grow_array(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t ncap = *cap ? *cap * 2 : 64;
    while (ncap < need)
        ncap *= 2;
    *arr = xreallocarray(*arr, ncap, elem);
    *cap = ncap;
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* ------------------------------------------------------------------ */
/* English forms: reduction and matching.                               */

/* Reduces normalised text s[0..len) to its words joined by one space, a
 * possessive 's dropped, into out (room for len + 1 bytes).  Returns the
 * reduced length (0: no words), or -1 when s has Han characters or
 * sentence punctuation. */
static long en_reduce(const char *s, size_t len, char *out)
{
    size_t o = 0, pos = 0;
    bool prev_apos = false;
    while (pos < len) {
        size_t start = pos;
        uint32_t cp;
        norm_class cl = class_next(s, len, &pos, &cp);
        if (cl == NC_HAN || cl == NC_SENTENCE)
            return -1;
        if (cl != NC_WORD) {
            prev_apos = cl == NC_APOS;
            continue;
        }
        size_t end = pos;
        while (end < len) {
            size_t q = end;
            if (class_next(s, len, &q, &cp) != NC_WORD)
                break;
            end = q;
        }
        bool possessive = prev_apos && end - start == 1 && s[start] == 's' && o > 0;
        if (!possessive) {
            if (o > 0)
                out[o++] = ' ';
            memcpy(out + o, s + start, end - start);
            o += end - start;
        }
        prev_apos = false;
        pos = end;
    }
    return (long)o;
}

/* Skips the separators between two words of a match (see lexicon.h).
 * Returns true when at least one byte was skipped. */
static bool en_skip_sep(const char *s, size_t len, size_t *pos)
{
    size_t p = *pos;
    bool prev_apos = false;
    while (p < len) {
        size_t q = p;
        uint32_t cp;
        norm_class cl = class_next(s, len, &q, &cp);
        if (cl == NC_WORD) {
            if (prev_apos && cp == 's' && !word_at(s, len, q)) {
                p = q;
                prev_apos = false;
                continue;
            }
            break;
        }
        if (cl == NC_HAN || cl == NC_SENTENCE)
            break;
        prev_apos = cl == NC_APOS;
        p = q;
    }
    bool moved = p > *pos;
    *pos = p;
    return moved;
}

/* Matches reduced form f[0..flen) at s[pos]; returns the end or 0. */
static size_t en_match_form(const char *s, size_t len, size_t pos, const char *f, size_t flen)
{
    size_t t = pos, i = 0;
    while (i < flen) {
        if (f[i] == ' ') {
            if (!en_skip_sep(s, len, &t))
                return 0;
            i++;
            continue;
        }
        /* compare one word of f */
        size_t j = i;
        while (j < flen && f[j] != ' ')
            j++;
        size_t wl = j - i;
        if (wl > len - t || memcmp(s + t, f + i, wl) != 0)
            return 0;
        t += wl;
        i = j;
        if (word_at(s, len, t))
            return 0; /* the text word goes on: "china" vs "chinas" */
    }
    return t;
}

/* ------------------------------------------------------------------ */
/* Index tables.                                                       */

static const lex_slot *table_find(const lex_table *tab, uint64_t hkey)
{
    if (tab->slot == NULL)
        return NULL;
    size_t i = (size_t)(hkey * 0x9E3779B97F4A7C15ull >> 20) & tab->mask;
    for (;;) {
        const lex_slot *sl = &tab->slot[i];
        if (sl->count == 0)
            return NULL;
        if (sl->hkey == hkey)
            return sl;
        i = (i + 1) & tab->mask;
    }
}

static int form_cmp(const void *a, const void *b)
{
    const lex_form *x = a, *y = b;
    if (x->hkey != y->hkey)
        return x->hkey < y->hkey ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1; /* longest first */
    int c = memcmp(x->s, y->s, x->len);
    if (c != 0)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Sorts forms, drops duplicates within one entry, rejects duplicates
 * across entries, and builds the table. */
static int build_index(lexicon *lex, const char *path, const char *what, lex_form *f,
                       size_t *nf, lex_table *tab, pt_error *err)
{
    size_t n = *nf;
    for (size_t i = 0; i < n; i++)
        f[i].s = lex->arena + f[i].off;
    assert(n > 0); /* every entry has a form of each language, and there is an entry */
    qsort(f, n, sizeof *f, form_cmp);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0 && f[w - 1].hkey == f[i].hkey && f[w - 1].len == f[i].len &&
            memcmp(f[w - 1].s, f[i].s, f[i].len) == 0) {
            if (f[w - 1].entry == f[i].entry)
                continue;
            const lex_entry *other = &lex->ent[f[w - 1].entry];
            const lex_entry *self = &lex->ent[f[i].entry];
            const lex_entry *first = other->line < self->line ? other : self;
            const lex_entry *second = other->line < self->line ? self : other;
            return pt_fail(err, PT_ERR_DATA,
                           "%s:%u: %s form '%s' of '%s' is also a form of '%s' (line %u)", path,
                           second->line, what, f[i].s, lex->arena + second->key,
                           lex->arena + first->key, first->line);
        }
        f[w++] = f[i];
    }
    *nf = n = w;

    size_t keys = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || f[i].hkey != f[i - 1].hkey)
            keys++;
    size_t size = 16;
    while (size < keys * 2)
        size *= 2;
    tab->slot = xcalloc(size, sizeof *tab->slot);
    tab->mask = size - 1;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && f[j].hkey == f[i].hkey)
            j++;
        size_t k = (size_t)(f[i].hkey * 0x9E3779B97F4A7C15ull >> 20) & tab->mask;
        while (tab->slot[k].count != 0)
            k = (k + 1) & tab->mask;
        tab->slot[k].hkey = f[i].hkey;
        tab->slot[k].start = (uint32_t)i;
        tab->slot[k].count = (uint32_t)(j - i);
        i = j;
    }
    return 0;
}

static int keyref_cmp(const void *a, const void *b)
{
    const lex_keyref *x = a, *y = b;
    return strcmp(x->key, y->key);
}

/* ------------------------------------------------------------------ */
/* Loading.                                                            */

static bool key_valid(const char *s, size_t len)
{
    if (len == 0 || len > LEX_KEY_MAX || s[0] == '-' || s[len - 1] == '-')
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

/* Adds the forms of one field ("a|b|c") of entry ei.  zh selects Chinese
 * (normalised, must start with Han) or English (normalised and reduced). */
static int add_forms(lexicon *lex, normalizer *norm, const char *path, unsigned line,
                     uint32_t ei, const char *field, size_t flen, bool zh, char *scratch,
                     pt_error *err)
{
    const char *what = zh ? "Chinese" : "English";
    size_t p = 0;
    bool first = true;
    for (;;) {
        size_t q = p;
        while (q < flen && field[q] != '|')
            q++;
        const char *raw = field + p;
        size_t rlen = q - p;
        trim(&raw, &rlen);
        if (rlen == 0)
            return pt_fail(err, PT_ERR_DATA, "%s:%u: empty %s form", path, line, what);
        const char *nt;
        size_t nlen;
        if (norm_run(norm, raw, rlen, false, &nt, &nlen, NULL, err) != 0) {
            pt_error_prefix(err, "%s:%u: %s form: ", path, line, what);
            return -1;
        }
        if (nlen > LEX_LINE_MAX * 4)
            return pt_fail(err, PT_ERR_DATA, "%s:%u: %s form too long", path, line, what);
        lex_form f = {0};
        f.entry = ei;
        f.line = line;
        if (zh) {
            size_t pos = 0;
            uint32_t cp = norm_next_cp(nt, nlen, &pos);
            if (!utf8_is_han(cp))
                return pt_fail(err, PT_ERR_DATA,
                               "%s:%u: Chinese form '%.*s' must begin with a Han character",
                               path, line, (int)rlen, raw);
            f.hkey = cp;
            f.off = arena_add(lex, nt, nlen);
            f.len = (uint32_t)nlen;
            if (cp < 0x10000)
                lex->zh_first[cp >> 3] |= (unsigned char)(1u << (cp & 7));
            uint32_t cp2 = pos < nlen ? norm_next_cp(nt, nlen, &pos) : 0;
            uint32_t ph = pair_hash(cp, cp2);
            lex->zh_pair[ph >> 3] |= (unsigned char)(1u << (ph & 7));
        } else {
            long rl = en_reduce(nt, nlen, scratch);
            if (rl < 0)
                return pt_fail(err, PT_ERR_DATA,
                               "%s:%u: English form '%.*s' has Han characters or sentence "
                               "punctuation", path, line, (int)rlen, raw);
            if (rl == 0)
                return pt_fail(err, PT_ERR_DATA, "%s:%u: English form '%.*s' has no words",
                               path, line, (int)rlen, raw);
            size_t w = 0;
            while (w < (size_t)rl && scratch[w] != ' ')
                w++;
            f.hkey = fnv1a(scratch, w);
            uint32_t eh = (uint32_t)(f.hkey >> 48);
            lex->en_first[eh >> 3] |= (unsigned char)(1u << (eh & 7));
            f.off = arena_add(lex, scratch, (size_t)rl);
            f.len = (uint32_t)rl;
        }
        if (first) {
            size_t off = arena_add(lex, raw, rlen);
            if (zh)
                lex->ent[ei].zh = off;
            else
                lex->ent[ei].en = off;
            first = false;
        }
        if (zh) {
            grow_array((void **)&lex->zh, &lex->zh_cap, lex->nzh + 1, sizeof *lex->zh);
            lex->zh[lex->nzh++] = f;
        } else {
            grow_array((void **)&lex->en, &lex->en_cap, lex->nen + 1, sizeof *lex->en);
            lex->en[lex->nen++] = f;
        }
        if (q >= flen)
            return 0;
        p = q + 1;
    }
}

/* Parses one non-comment line into a new entry. */
static int parse_line(lexicon *lex, normalizer *norm, const char *path, unsigned line,
                      const char *s, size_t len, char *scratch, pt_error *err)
{
    const char *field[4];
    size_t flen[4];
    size_t nf = 0, p = 0;
    for (;;) {
        size_t q = p;
        while (q < len && s[q] != '\t')
            q++;
        if (nf < 4) {
            field[nf] = s + p;
            flen[nf] = q - p;
        }
        nf++;
        if (q >= len)
            break;
        p = q + 1;
    }
    if (nf != 4)
        return pt_fail(err, PT_ERR_DATA, "%s:%u: expected 4 tab-separated fields, found %zu",
                       path, line, nf);
    for (int i = 0; i < 2; i++)
        trim(&field[i], &flen[i]);
    if (!key_valid(field[0], flen[0]))
        return pt_fail(err, PT_ERR_DATA,
                       "%s:%u: bad key '%.*s' (lowercase ASCII letters, digits and inner "
                       "hyphens, at most %d bytes)",
                       path, line, (int)(flen[0] > 80 ? 80 : flen[0]), field[0], LEX_KEY_MAX);
    char theme[32];
    if (flen[1] < sizeof theme) {
        memcpy(theme, field[1], flen[1]);
        theme[flen[1]] = '\0';
    }
    if (flen[1] >= sizeof theme || !taxonomy_valid_name(theme))
        return pt_fail(err, PT_ERR_DATA,
                       "%s:%u: bad theme '%.*s' (a theme name of the taxonomy, or " LEX_THEME_NONE ")",
                       path, line, (int)(flen[1] > 80 ? 80 : flen[1]), field[1]);

    grow_array((void **)&lex->ent, &lex->ent_cap, lex->n + 1, sizeof *lex->ent);
    uint32_t ei = (uint32_t)lex->n;
    lex_entry *e = &lex->ent[ei];
    memset(e, 0, sizeof *e);
    e->line = line;
    lex->n++;
    lex->ent[ei].key = arena_add(lex, field[0], flen[0]);
    lex->ent[ei].theme = arena_add(lex, theme, flen[1]);
    char token[LEX_TOKEN_PREFIX_LEN + LEX_KEY_MAX];
    memcpy(token, LEX_TOKEN_PREFIX, LEX_TOKEN_PREFIX_LEN);
    memcpy(token + LEX_TOKEN_PREFIX_LEN, field[0], flen[0]);
    lex->ent[ei].token = arena_add(lex, token, LEX_TOKEN_PREFIX_LEN + flen[0]);
    if (add_forms(lex, norm, path, line, ei, field[2], flen[2], true, scratch, err))
        return -1;
    return add_forms(lex, norm, path, line, ei, field[3], flen[3], false, scratch, err);
}

/* The lexicon being read, and the buffer its English forms are reduced in. */
typedef struct {
    lexicon *lex;
    normalizer *norm;
    char *scratch;
} lex_load_ctx;

/* One entry line (lines_fn). */
static int load_line(void *ctx, const char *path, long lineno, char *s, size_t len, pt_error *err)
{
    const lex_load_ctx *load = ctx;
    return parse_line(load->lex, load->norm, path, (unsigned)lineno, s, len, load->scratch, err);
}

lexicon *lex_load_with(const char *path, normalizer *norm, pt_error *err)
{
    lexicon *lex = xcalloc(1, sizeof *lex);
    lex_load_ctx load = {lex, norm, xmalloc(LEX_LINE_MAX * 4 + 1)};
    int rc = lines_each(path, LEX_FILE_MAX, LEX_LINE_MAX, load_line, &load, err);
    free(load.scratch);
    if (rc == 0 && lex->n == 0)
        rc = pt_fail(err, PT_ERR_DATA, "%s: the lexicon has no entries (give a lexicon with at least one, "
                     "or --no-lexicon for none)", path);
    if (rc == 0)
        rc = build_index(lex, path, "Chinese", lex->zh, &lex->nzh, &lex->zh_tab, err);
    if (rc == 0)
        rc = build_index(lex, path, "English", lex->en, &lex->nen, &lex->en_tab, err);
    if (rc == 0) {
        lex->by_key = xcalloc(lex->n ? lex->n : 1, sizeof *lex->by_key);
        for (size_t i = 0; i < lex->n; i++) {
            lex->by_key[i].key = lex->arena + lex->ent[i].key;
            lex->by_key[i].idx = (uint32_t)i;
        }
        qsort(lex->by_key, lex->n, sizeof *lex->by_key, keyref_cmp);
        for (size_t i = 1; i < lex->n && rc == 0; i++) {
            if (strcmp(lex->by_key[i - 1].key, lex->by_key[i].key) == 0) {
                const lex_entry *a = &lex->ent[lex->by_key[i - 1].idx];
                const lex_entry *b = &lex->ent[lex->by_key[i].idx];
                const lex_entry *later = a->line > b->line ? a : b;
                const lex_entry *earlier = a->line > b->line ? b : a;
                rc = pt_fail(err, PT_ERR_DATA, "%s:%u: duplicate key '%s' (first on line %u)",
                             path, later->line, lex->by_key[i].key, earlier->line);
            }
        }
    }
    if (rc != 0) {
        lex_free(lex);
        return NULL;
    }
    return lex;
}

lexicon *lex_load(const char *path, pt_error *err)
{
    normalizer *norm = norm_open(err);
    if (norm == NULL)
        return NULL;
    lexicon *lex = lex_load_with(path, norm, err);
    norm_close(norm);
    return lex;
}

void lex_free(lexicon *lex)
{
    if (lex == NULL)
        return;
    free(lex->arena);
    free(lex->ent);
    free(lex->zh);
    free(lex->en);
    free(lex->zh_tab.slot);
    free(lex->en_tab.slot);
    free(lex->by_key);
    free(lex);
}

/* ------------------------------------------------------------------ */
/* Accessors and matching.                                             */

size_t lex_count(const lexicon *lex) { return lex->n; }
const char *lex_key(const lexicon *lex, size_t i) { return lex->arena + lex->ent[i].key; }
const char *lex_theme(const lexicon *lex, size_t i) { return lex->arena + lex->ent[i].theme; }
const char *lex_zh(const lexicon *lex, size_t i) { return lex->arena + lex->ent[i].zh; }
const char *lex_en(const lexicon *lex, size_t i) { return lex->arena + lex->ent[i].en; }
const char *lex_token(const lexicon *lex, size_t i) { return lex->arena + lex->ent[i].token; }

long lex_find(const lexicon *lex, const char *key)
{
    size_t lo = 0, hi = lex->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, lex->by_key[mid].key);
        if (c == 0)
            return (long)lex->by_key[mid].idx;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

long lex_match_zh(const lexicon *lex, const char *s, size_t len, size_t pos, uint32_t cp,
                  size_t *end)
{
    if (cp < 0x10000 && !((lex->zh_first[cp >> 3] >> (cp & 7)) & 1))
        return -1;
    size_t p2 = pos;
    norm_next_cp(s, len, &p2);
    uint32_t cp2 = p2 < len ? norm_next_cp(s, len, &p2) : 0;
    uint32_t ph = pair_hash(cp, cp2), ph0 = pair_hash(cp, 0);
    if (!((lex->zh_pair[ph >> 3] >> (ph & 7)) & 1) && !((lex->zh_pair[ph0 >> 3] >> (ph0 & 7)) & 1))
        return -1;
    const lex_slot *sl = table_find(&lex->zh_tab, cp);
    if (sl == NULL)
        return -1;
    for (uint32_t k = sl->start; k < sl->start + sl->count; k++) {
        const lex_form *f = &lex->zh[k];
        if (f->len <= len - pos && memcmp(s + pos, f->s, f->len) == 0) {
            *end = pos + f->len;
            return (long)f->entry;
        }
    }
    return -1;
}

long lex_match_en(const lexicon *lex, const char *s, size_t len, size_t pos, size_t run_end,
                  size_t *end)
{
    if (lex->nen == 0 || run_end <= pos)
        return -1;
    uint64_t h = fnv1a(s + pos, run_end - pos);
    uint32_t eh = (uint32_t)(h >> 48);
    if (!((lex->en_first[eh >> 3] >> (eh & 7)) & 1))
        return -1;
    const lex_slot *sl = table_find(&lex->en_tab, h);
    if (sl == NULL)
        return -1;
    for (uint32_t k = sl->start; k < sl->start + sl->count; k++) {
        const lex_form *f = &lex->en[k];
        size_t e = en_match_form(s, len, pos, f->s, f->len);
        if (e != 0) {
            *end = e;
            return (long)f->entry;
        }
    }
    return -1;
}
