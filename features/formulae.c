/*
 * formulae.c — readout formulae: loading the patterns and cutting them out
 * of normalised text (formulae.h).
 *
 * A pattern is compiled into items (literal bytes, a run of spaces, a slot)
 * and matched by a small backtracking matcher: slots try their longest span
 * first and give back one unit at a time, so "{name}在主持学习时强调" finds a
 * two- or three-character name.  Patterns are indexed by the first code
 * point they can match (their literal's first character, or each digit and
 * Chinese numeral for a leading {num}); at each character of a text one
 * binary search finds the few patterns worth trying, so at most positions
 * none is tried at all.
 */
#include "formulae.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/lines.h"
#include "base/xalloc.h"

typedef enum { IT_LIT, IT_SPACE, IT_NUM, IT_MONTH, IT_NAME, IT_GAP } form_item_kind;

typedef struct {
    form_item_kind kind;
    size_t off, len; /* IT_LIT: bytes in the arena */
} form_item;

typedef struct {
    bool en;
    size_t n_items;
    form_item items[FORM_ITEMS_MAX];
} form_pattern;

typedef struct {
    uint32_t cp;
    size_t pat;
} form_first;

struct formulae {
    form_pattern *pats;
    size_t n, cap;
    char *arena;
    size_t arena_len, arena_cap;
    form_first *firsts;   /* (first code point, pattern) sorted by code point, then pattern */
    size_t n_firsts;
};

/* ---- character tests on normalised text ----------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_ascii_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* True when a word character (of any script but Han) ends just before pos. */
static bool word_before(const char *s, size_t pos)
{
    if (pos == 0)
        return false;
    unsigned char c = (unsigned char)s[pos - 1];
    if (c < 0x80)
        return norm_ascii_class[c] == NC_WORD;
    size_t p = pos - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    size_t q = p;
    uint32_t cp = norm_next_cp(s, pos, &q);
    return norm_classify(cp) == NC_WORD;
}

static bool word_at(const char *s, size_t n, size_t pos)
{
    if (pos >= n)
        return false;
    unsigned char c = (unsigned char)s[pos];
    if (c < 0x80)
        return norm_ascii_class[c] == NC_WORD;
    uint32_t cp = norm_next_cp(s, n, &pos);
    return norm_classify(cp) == NC_WORD;
}

static bool han_numeral(uint32_t cp)
{
    static const uint32_t digits[] = {0x3007, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                      0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E24};
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
        if (digits[i] == cp)
            return true;
    return false;
}

/* True when the code point at s[pos] ends a sentence (the {gap} limit). */
static bool sentence_end(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == ';' || cp == '\n' || cp == 0x3002 || cp == 0xFF01 ||
           cp == 0xFF1F || cp == 0xFF1B;
}

/* ---- slots ------------------------------------------------------------------ */

static size_t num_span(const char *s, size_t n, size_t pos)
{
    size_t p = pos;
    while (p < n && s[p] >= '0' && s[p] <= '9')
        p++;
    if (p > pos) {
        static const char *const sfx[] = {"st", "nd", "rd", "th"};
        for (size_t i = 0; i < 4; i++)
            if (p + 2 <= n && memcmp(s + p, sfx[i], 2) == 0 && !(p + 2 < n && is_ascii_word(s[p + 2])))
                return p + 2 - pos;
        return is_ascii_word(p < n ? s[p] : ' ') ? 0 : p - pos;
    }
    for (;;) {
        size_t q = p;
        if (q >= n || (unsigned char)s[q] < 0x80)
            break;
        uint32_t cp = norm_next_cp(s, n, &q);
        if (!han_numeral(cp))
            break;
        p = q;
    }
    return p - pos;
}

static size_t month_span(const char *s, size_t n, size_t pos)
{
    static const char *const months[] = {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
        size_t l = strlen(months[i]);
        if (pos + l <= n && memcmp(s + pos, months[i], l) == 0 && !word_at(s, n, pos + l))
            return l + (pos + l < n && s[pos + l] == '.' ? 1 : 0);
    }
    return 0;
}

/* ---- matching --------------------------------------------------------------- */

static long match_items(const formulae *f, const form_pattern *p, size_t it, const char *s, size_t n, size_t pos);

/* Tries the rest of the pattern after a slot that could end at any of
 * ends[0..k) (longest first). */
static long try_ends(const formulae *f, const form_pattern *p, size_t it, const char *s, size_t n,
                     const size_t *ends, size_t k)
{
    for (size_t i = k; i-- > 0;) {
        long r = match_items(f, p, it + 1, s, n, ends[i]);
        if (r >= 0)
            return r;
    }
    return -1;
}

static long match_items(const formulae *f, const form_pattern *p, size_t it, const char *s, size_t n, size_t pos)
{
    if (it == p->n_items) {
        if (p->en && word_before(s, pos) && word_at(s, n, pos))
            return -1; /* an en pattern ends at a word boundary */
        return (long)pos;
    }
    const form_item *x = &p->items[it];
    size_t ends[FORM_GAP_MAX + 1], k = 0;
    switch (x->kind) {
    case IT_LIT:
        if (n - pos < x->len || memcmp(s + pos, f->arena + x->off, x->len) != 0)
            return -1;
        return match_items(f, p, it + 1, s, n, pos + x->len);
    case IT_SPACE: {
        size_t q = pos;
        while (q < n && is_space(s[q]))
            q++;
        if (p->en && q == pos)
            return -1;
        return match_items(f, p, it + 1, s, n, q);
    }
    case IT_NUM: {
        size_t l = num_span(s, n, pos);
        return l ? match_items(f, p, it + 1, s, n, pos + l) : -1;
    }
    case IT_MONTH: {
        size_t l = month_span(s, n, pos);
        return l ? match_items(f, p, it + 1, s, n, pos + l) : -1;
    }
    case IT_NAME: {
        size_t q = pos;
        if (q < n && (unsigned char)s[q] >= 0x80) {
            for (size_t c = 0; c < 4 && q < n; c++) {
                size_t r = q;
                if (!utf8_is_han(norm_next_cp(s, n, &r)))
                    break;
                q = r;
                if (c >= 1)
                    ends[k++] = q;
            }
        } else {
            for (size_t w = 0; w < 4; w++) {
                size_t r = q;
                while (r < n && (is_ascii_word(s[r]) || s[r] == '-' || s[r] == '\''))
                    r++;
                if (r == q)
                    break;
                ends[k++] = r;
                if (r + 1 >= n || s[r] != ' ' || !is_ascii_word(s[r + 1]))
                    break;
                q = r + 1;
            }
        }
        return try_ends(f, p, it, s, n, ends, k);
    }
    case IT_GAP: {
        size_t q = pos;
        while (q < n && q - pos < FORM_GAP_MAX) {
            size_t r = q;
            uint32_t cp = norm_next_cp(s, n, &r);
            if (sentence_end(cp) || r - pos > FORM_GAP_MAX)
                break;
            q = r;
            ends[k++] = q;
        }
        return try_ends(f, p, it, s, n, ends, k);
    }
    }
    return -1;
}

/* Index of the first entry of f->firsts with code point cp, or n_firsts. */
static size_t first_lookup(const formulae *f, uint32_t cp)
{
    size_t lo = 0, hi = f->n_firsts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->firsts[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->n_firsts && f->firsts[lo].cp == cp ? lo : f->n_firsts;
}

size_t form_strip(const formulae *f, const char *s, size_t n, strbuf *out, size_t *cut_bytes)
{
    size_t matches = 0, cut = 0, copied = 0, pos = 0;
    while (pos < n) {
        size_t next = pos;
        uint32_t cp = norm_next_cp(s, n, &next);
        long best = -1;
        size_t i = f != NULL ? first_lookup(f, cp) : 0;
        if (f != NULL && i < f->n_firsts) {
            for (; i < f->n_firsts && f->firsts[i].cp == cp; i++) {
                const form_pattern *p = &f->pats[f->firsts[i].pat];
                if (p->en && word_before(s, pos) && word_at(s, n, pos))
                    continue;
                long e = match_items(f, p, 0, s, n, pos);
                if (e > best)
                    best = e;
            }
        }
        if (best > (long)pos) {
            if (matches == 0)
                out->len = 0;
            sb_append(out, s + copied, pos - copied);
            sb_append(out, "\n", 1);
            cut += (size_t)best - pos;
            matches++;
            pos = copied = (size_t)best;
            continue;
        }
        pos = next;
    }
    if (matches > 0)
        sb_append(out, s + copied, n - copied);
    if (cut_bytes)
        *cut_bytes = cut;
    return matches;
}

/* ---- loading ---------------------------------------------------------------- */

static void add_first(formulae *f, uint32_t cp, size_t pat, size_t *cap)
{
    if (f->n_firsts == *cap) {
        *cap = *cap ? *cap * 2 : 128;
        f->firsts = xreallocarray(f->firsts, *cap, sizeof *f->firsts);
    }
    f->firsts[f->n_firsts].cp = cp;
    f->firsts[f->n_firsts].pat = pat;
    f->n_firsts++;
}

static int first_cmp(const void *a, const void *b)
{
    const form_first *x = a, *y = b;
    if (x->cp != y->cp)
        return x->cp < y->cp ? -1 : 1;
    return (x->pat > y->pat) - (x->pat < y->pat);
}

/* Indexes the patterns by the code points they can start with: the first
 * character of a leading literal, or every digit and Han numeral for a
 * leading {num}.  Within one code point, file order. */
static void build_index(formulae *f)
{
    static const uint32_t han[] = {0x3007, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                   0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E24};
    size_t cap = 0;
    for (size_t i = 0; i < f->n; i++) {
        const form_item *x = &f->pats[i].items[0];
        if (x->kind == IT_LIT) {
            size_t pos = 0;
            add_first(f, norm_next_cp(f->arena + x->off, x->len, &pos), i, &cap);
            continue;
        }
        for (uint32_t c = '0'; c <= '9'; c++)
            add_first(f, c, i, &cap);
        for (size_t k = 0; k < sizeof han / sizeof han[0]; k++)
            add_first(f, han[k], i, &cap);
    }
    if (f->n_firsts > 0)
        qsort(f->firsts, f->n_firsts, sizeof *f->firsts, first_cmp);
}

static size_t arena_add(formulae *f, const char *s, size_t len)
{
    if (f->arena_len + len + 1 > f->arena_cap) {
        f->arena_cap = (f->arena_len + len + 1) * 2;
        f->arena = xreallocarray(f->arena, f->arena_cap, 1);
    }
    memcpy(f->arena + f->arena_len, s, len);
    size_t off = f->arena_len;
    f->arena_len += len;
    return off;
}

static int compile(formulae *f, form_pattern *p, const char *s, size_t n, const char *path, unsigned line,
                   pt_error *err)
{
    static const struct {
        const char *name;
        form_item_kind kind;
    } slots[] = {{"{num}", IT_NUM}, {"{month}", IT_MONTH}, {"{name}", IT_NAME}, {"{gap}", IT_GAP}};
    size_t pos = 0;
    while (pos < n) {
        if (p->n_items == FORM_ITEMS_MAX)
            return pt_fail(err, PT_ERR_DATA, "%s:%u: more than %d pieces in one pattern", path, line,
                           FORM_ITEMS_MAX);
        form_item *x = &p->items[p->n_items];
        if (is_space(s[pos])) {
            while (pos < n && is_space(s[pos]))
                pos++;
            x->kind = IT_SPACE;
        } else if (s[pos] == '{') {
            size_t k = 0;
            for (; k < sizeof slots / sizeof slots[0]; k++) {
                size_t l = strlen(slots[k].name);
                if (pos + l <= n && memcmp(s + pos, slots[k].name, l) == 0) {
                    x->kind = slots[k].kind;
                    pos += l;
                    break;
                }
            }
            if (k == sizeof slots / sizeof slots[0])
                return pt_fail(err, PT_ERR_DATA,
                               "%s:%u: unknown slot at '%.12s' (the slots are {num}, {month}, {name}, {gap})",
                               path, line, s + pos);
        } else {
            size_t q = pos;
            while (q < n && !is_space(s[q]) && s[q] != '{')
                q++;
            x->kind = IT_LIT;
            x->len = q - pos;
            x->off = arena_add(f, s + pos, q - pos);
            pos = q;
        }
        p->n_items++;
    }
    if (p->n_items == 0 || (p->items[0].kind != IT_LIT && p->items[0].kind != IT_NUM))
        return pt_fail(err, PT_ERR_DATA,
                       "%s:%u: a pattern must begin with literal text or {num}, not another slot or a space", path,
                       line);
    if (p->items[p->n_items - 1].kind == IT_SPACE)
        p->n_items--;
    return 0;
}

typedef struct {
    formulae *f;
    normalizer *norm;
} form_load_ctx;

/* One pattern line (lines_fn): lang<TAB>pattern. */
static int parse_line(void *ctx, const char *path, long lineno, char *l, size_t len, pt_error *err)
{
    const form_load_ctx *load = ctx;
    formulae *f = load->f;
    unsigned line = (unsigned)lineno; /* a file of at most 4 MiB */
    while (len > 0 && l[len - 1] == ' ')
        len--;
    const char *tab = memchr(l, '\t', len);
    if (tab == NULL)
        return pt_fail(err, PT_ERR_DATA, "%s:%u: expected 'en' or 'zh', a TAB, then the pattern", path, line);
    size_t ll = (size_t)(tab - l);
    bool en = ll == 2 && memcmp(l, "en", 2) == 0;
    if (!en && !(ll == 2 && memcmp(l, "zh", 2) == 0))
        return pt_fail(err, PT_ERR_DATA, "%s:%u: language '%.*s' is neither en nor zh", path, line, (int)ll, l);
    const char *pat = tab + 1;
    size_t plen = len - ll - 1;
    while (plen > 0 && is_space(*pat)) {
        pat++;
        plen--;
    }
    const char *nt;
    size_t nlen;
    if (norm_run(load->norm, pat, plen, false, &nt, &nlen, NULL, err) != 0) {
        pt_error_prefix(err, "%s:%u: ", path, line);
        return -1;
    }
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->pats = xreallocarray(f->pats, f->cap, sizeof *f->pats);
    }
    form_pattern *p = &f->pats[f->n];
    memset(p, 0, sizeof *p);
    p->en = en;
    if (compile(f, p, nt, nlen, path, line, err) != 0)
        return -1;
    f->n++;
    return 0;
}

formulae *form_load(const char *path, normalizer *norm, pt_error *err)
{
    formulae *f = xcalloc(1, sizeof *f);
    form_load_ctx load = {f, norm};
    if (lines_each(path, FORM_FILE_MAX, FORM_LINE_MAX, parse_line, &load, err) != 0) {
        form_free(f);
        return NULL;
    }
    build_index(f);
    return f;
}

void form_free(formulae *f)
{
    if (f == NULL)
        return;
    free(f->pats);
    free(f->arena);
    free(f->firsts);
    free(f);
}

size_t form_count(const formulae *f)
{
    return f ? f->n : 0;
}
