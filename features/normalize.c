/*
 * normalize.c — HTML entities, NFKC_Casefold (utf8proc) and t2s (OpenCC)
 * for one document at a time; the behaviour is specified in normalize.h.
 *
 * Speed: most of a Chinese news text is CJK ideographs and ASCII, which
 * NFKC_Casefold leaves alone (ASCII only needs A-Z folded).  Those take a
 * fast path that writes UTF-8 straight into the output buffer; every other
 * code point is decomposed on its own with utf8proc_decompose_char into the
 * same buffer.  Per-character decomposition is exact except for canonical
 * reordering and composition across characters, so when any output code
 * point could take part in a composition (is not "inert", see below) the
 * whole document is passed once more through utf8proc's decompose+reencode,
 * which is what utf8proc_map does.  OpenCC, which converts at about 5 MB/s,
 * is skipped for documents without a character t2s would change.
 *
 * Buffers grow per document (doubling, up to limits derived from
 * NORM_MAX_INPUT) and are reused; nothing is allocated per character.
 */
#include "features/normalize.h"

#include <opencc/opencc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "features/spelling.h"

/* Options of the per-character decomposition and of the recomposition
 * pass: NFKC_Casefold as utf8proc_NFKC_Casefold defines it. */
#define NORM_DECOMPOSE_OPTS                                                 \
    (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |             \
     UTF8PROC_IGNORE | UTF8PROC_STABLE)
#define NORM_FULL_OPTS                                                      \
    (UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |               \
     UTF8PROC_IGNORE | UTF8PROC_STABLE)

/* Longest decomposition utf8proc produces for one code point is 18 code
 * points; 32 leaves room.  Each output code point is at most 4 bytes. */
#define NORM_DECOMP_MAX 32
#define NORM_SLACK (NORM_DECOMP_MAX * 4 + 16)

struct normalizer {
    opencc_t cc;
    char *buf;       /* normalised UTF-8 before t2s                        */
    size_t cap;
    int32_t *u32;    /* scratch for the recomposition pass                 */
    size_t u32cap;   /* in code points                                     */
    char *cc_out;    /* OpenCC's result for the last document, or NULL      */
    bool fold_spelling; /* step 6: British spellings folded (spelling.h)    */
};

/* ------------------------------------------------------------------ */
/* Character classes.                                                  */

#define S NC_SPACE
#define W NC_WORD
#define P NC_PUNCT
#define E NC_SENTENCE
const unsigned char norm_ascii_class[128] = {
    /* 0x00 */ S, S, S, S, S, S, S, S, S, S, E, S, S, E, S, S,
    /* 0x10 */ S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    /* 0x20    sp !  "         #  $  %  &  '        (  )  *  +  ,  -          .  / */
               S, E, NC_QUOTE, P, P, P, P, NC_APOS, P, P, P, P, P, NC_HYPHEN, E, P,
    /* 0x30 */ W, W, W, W, W, W, W, W, W, W, P, E, P, P, P, E,
    /* 0x40 */ P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    /* 0x50 */ W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, P,
    /* 0x60 */ P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    /* 0x70 */ W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, S,
};
#undef S
#undef W
#undef P
#undef E

norm_class norm_classify(uint32_t cp)
{
    if (cp < 0x80)
        return (norm_class)norm_ascii_class[cp];
    if (utf8_is_han(cp))
        return NC_HAN;
    if ((cp >= 0x2018 && cp <= 0x201F) || cp == 0xAB || cp == 0xBB)
        return NC_QUOTE;
    switch (cp) {
    case 0x0085: case 0x2028: case 0x2029: /* line and paragraph ends    */
    case 0x3002:                           /* 。 ideographic full stop   */
    case 0x061F: case 0x06D4:              /* Arabic ? and full stop      */
    case 0x0964: case 0x0965:              /* Devanagari danda           */
        return NC_SENTENCE;
    default:
        break;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return NC_WORD;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return NC_PUNCT;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return NC_SENTENCE;
    default:
        return NC_SPACE;
    }
}

/* ------------------------------------------------------------------ */
/* Which BMP CJK characters t2s changes, computed once per process.     */

#define T2S_FIRST 0x2E80u
#define T2S_LAST 0x9FFFu
static unsigned char t2s_bits[(T2S_LAST - T2S_FIRST + 1 + 7) / 8];
static int t2s_bits_ok; /* 0: unknown, so convert every CJK document */
static pthread_once_t norm_once = PTHREAD_ONCE_INIT;

/* Converts every character of the range, one per line, in one OpenCC
 * call, and sets the bit of each character whose line changed. */
static void t2s_bits_build(void)
{
    opencc_t cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (cc == (opencc_t)-1)
        return;
    size_t count = T2S_LAST - T2S_FIRST + 1;
    char *in = xmalloc(count * 4 + 1);
    size_t n = 0;
    for (uint32_t cp = T2S_FIRST; cp <= T2S_LAST; cp++) {
        n += utf8_encode(cp, in + n);
        in[n++] = '\n';
    }
    char *out = opencc_convert_utf8(cc, in, n);
    if (out != NULL) {
        const char *p = out;
        uint32_t cp = T2S_FIRST;
        int ok = 1;
        while (*p != '\0' && cp <= T2S_LAST) {
            const char *nl = strchr(p, '\n');
            if (nl == NULL) {
                ok = 0;
                break;
            }
            char want[4];
            size_t wl = utf8_encode(cp, want);
            if ((size_t)(nl - p) != wl || memcmp(p, want, wl) != 0) {
                uint32_t bit = cp - T2S_FIRST;
                t2s_bits[bit >> 3] |= (unsigned char)(1u << (bit & 7));
            }
            p = nl + 1;
            cp++;
        }
        if (ok && cp == T2S_LAST + 1 && *p == '\0')
            t2s_bits_ok = 1;
        opencc_convert_utf8_free(out);
    }
    free(in);
    opencc_close(cc);
}

/* True when a document containing cp (normalised) needs t2s. */
static inline int t2s_needed(uint32_t cp)
{
    if (cp < T2S_FIRST)
        return 0;
    if (cp <= T2S_LAST) {
        if (!t2s_bits_ok)
            return 1;
        uint32_t bit = cp - T2S_FIRST;
        return (t2s_bits[bit >> 3] >> (bit & 7)) & 1;
    }
    return cp >= 0x20000 && cp <= 0x323AF; /* rare: convert to be safe */
}

/* ------------------------------------------------------------------ */
/* HTML character references.                                          */

typedef struct {
    const char *name;
    uint32_t cp;
} norm_entity;

static const norm_entity norm_entities[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
    {"AMP", '&'}, {"LT", '<'}, {"GT", '>'}, {"QUOT", '"'},
    {"nbsp", 0xA0}, {"ensp", 0x2002}, {"emsp", 0x2003}, {"thinsp", 0x2009},
    {"zwnj", 0x200C}, {"zwj", 0x200D}, {"lrm", 0x200E}, {"rlm", 0x200F},
    {"shy", 0xAD}, {"hyphen", 0x2010}, {"ndash", 0x2013}, {"mdash", 0x2014},
    {"minus", 0x2212}, {"hellip", 0x2026}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"bdquo", 0x201E}, {"laquo", 0xAB}, {"raquo", 0xBB},
    {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"middot", 0xB7},
    {"bull", 0x2022}, {"deg", 0xB0}, {"plusmn", 0xB1}, {"times", 0xD7},
    {"divide", 0xF7}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122},
    {"sect", 0xA7}, {"para", 0xB6}, {"cent", 0xA2}, {"pound", 0xA3},
    {"yen", 0xA5}, {"euro", 0x20AC}, {"permil", 0x2030},
    {"frac12", 0xBD}, {"frac14", 0xBC}, {"frac34", 0xBE}, {"sup2", 0xB2},
    {"sup3", 0xB3}, {"micro", 0xB5}, {"iexcl", 0xA1}, {"iquest", 0xBF},
    {"aacute", 0xE1}, {"agrave", 0xE0}, {"acirc", 0xE2}, {"auml", 0xE4},
    {"ccedil", 0xE7}, {"eacute", 0xE9}, {"egrave", 0xE8}, {"ecirc", 0xEA},
    {"euml", 0xEB}, {"iacute", 0xED}, {"iuml", 0xEF}, {"ntilde", 0xF1},
    {"oacute", 0xF3}, {"ouml", 0xF6}, {"uacute", 0xFA}, {"uuml", 0xFC},
    {"szlig", 0xDF}, {"Eacute", 0xC9}, {"Ouml", 0xD6}, {"Uuml", 0xDC},
};

#define NORM_ENTITY_MAX 12 /* longest reference looked at: "&#x10FFFF;" etc. */

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* s[0] is '&'.  Returns 1 with *cp and *used (bytes, incl. '&' and ';')
 * for a reference this module decodes, 0 when the '&' is literal text. */
static int entity_decode(const unsigned char *s, size_t len, uint32_t *cp, size_t *used)
{
    size_t lim = len < NORM_ENTITY_MAX ? len : NORM_ENTITY_MAX;
    size_t i = 1;
    if (i < lim && s[i] == '#') {
        i++;
        int hex = 0;
        if (i < lim && (s[i] == 'x' || s[i] == 'X')) {
            hex = 1;
            i++;
        }
        uint32_t v = 0;
        size_t digits = 0;
        for (; i < lim; i++) {
            int d = hex ? hex_value(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
            if (d < 0)
                break;
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
            if (v > 0x10FFFF)
                return 0;
            digits++;
        }
        if (digits == 0 || i >= lim || s[i] != ';')
            return 0;
        if (v == 0 || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = v;
        *used = i + 1;
        return 1;
    }
    size_t start = i;
    while (i < lim && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                       (s[i] >= '0' && s[i] <= '9')))
        i++;
    if (i == start || i >= lim || s[i] != ';')
        return 0;
    size_t nlen = i - start;
    for (size_t k = 0; k < sizeof norm_entities / sizeof norm_entities[0]; k++) {
        const char *name = norm_entities[k].name;
        if (strlen(name) == nlen && memcmp(name, s + start, nlen) == 0) {
            *cp = norm_entities[k].cp;
            *used = i + 1;
            return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Normalisation.                                                      */

/* ASCII after case folding and control mapping, filled by norm_init. */
static unsigned char ascii_fold[128];

/* Process-wide tables, built once (pthread_once) by the first norm_open. */
static void norm_init(void)
{
    for (int c = 0; c < 128; c++) {
        unsigned char v = (unsigned char)c;
        if (c >= 'A' && c <= 'Z')
            v = (unsigned char)(c - 'A' + 'a');
        else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            v = ' ';
        ascii_fold[c] = v;
    }
    t2s_bits_build();
}

/* A code point that can never be the second half of a canonical
 * composition, nor be reordered: Latin-1 and Latin Extended, general
 * punctuation, CJK punctuation, kana (except the combining sound marks),
 * the CJK blocks, U+FFFD and the supplementary ideographs.  Anything else
 * sends the document through the recomposition pass. */
static inline int inert(uint32_t cp)
{
    return cp < 0x300 || (cp >= 0x2000 && cp < 0x20D0) ||
           (cp >= 0x3000 && cp <= 0x3029) || (cp >= 0x3030 && cp <= 0x3098) ||
           (cp >= 0x309B && cp <= 0x9FFF) || cp == 0xFFFD ||
           (cp >= 0x20000 && cp <= 0x323AF);
}

static int grow(char **buf, size_t *cap, size_t need, size_t max, pt_error *err)
{
    if (need <= *cap)
        return 0;
    if (need > max)
        return pt_fail(err, PT_ERR_DATA, "document too large to normalise (limit %zu bytes)",
                       NORM_MAX_INPUT);
    size_t ncap = *cap ? *cap : 4096;
    while (ncap < need)
        ncap *= 2;
    if (ncap > max)
        ncap = max;
    *buf = xreallocarray(*buf, ncap, 1);
    *cap = ncap;
    return 0;
}

normalizer *norm_open(pt_error *err)
{
    pthread_once(&norm_once, norm_init);
    normalizer *n = xcalloc(1, sizeof *n);
    n->cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (n->cc == (opencc_t)-1) {
        const char *why = opencc_error();
        pt_fail(err, PT_ERR_INTERNAL, "cannot open OpenCC t2s.json: %s",
                why ? why : "unknown error");
        free(n);
        return NULL;
    }
    return n;
}

void norm_close(normalizer *n)
{
    if (n == NULL)
        return;
    if (n->cc_out)
        opencc_convert_utf8_free(n->cc_out);
    opencc_close(n->cc);
    free(n->buf);
    free(n->u32);
    free(n);
}

/* Runs the utf8proc decompose+reencode pass over n->buf[0..*olen). */
static int recompose(normalizer *n, size_t *olen, pt_error *err)
{
    for (;;) {
        utf8proc_ssize_t got = utf8proc_decompose((const utf8proc_uint8_t *)n->buf,
                                                  (utf8proc_ssize_t)*olen, n->u32,
                                                  (utf8proc_ssize_t)n->u32cap, NORM_FULL_OPTS);
        if (got < 0)
            return pt_fail(err, PT_ERR_INTERNAL, "utf8proc: %s", utf8proc_errmsg(got));
        if ((size_t)got + 1 <= n->u32cap) {
            utf8proc_ssize_t bytes = utf8proc_reencode(n->u32, got, NORM_FULL_OPTS);
            if (bytes < 0)
                return pt_fail(err, PT_ERR_INTERNAL, "utf8proc: %s", utf8proc_errmsg(bytes));
            if (grow(&n->buf, &n->cap, (size_t)bytes + 1, NORM_MAX_INPUT * 4 + NORM_SLACK, err))
                return -1;
            memcpy(n->buf, n->u32, (size_t)bytes);
            *olen = (size_t)bytes;
            return 0;
        }
        size_t want = (size_t)got + 1;
        if (want > (NORM_MAX_INPUT * 4 + NORM_SLACK) / sizeof(int32_t))
            return pt_fail(err, PT_ERR_DATA, "document too large to normalise");
        n->u32 = xreallocarray(n->u32, want, sizeof *n->u32);
        n->u32cap = want;
    }
}

int norm_run(normalizer *n, const char *text, size_t len, bool lenient,
             const char **out, size_t *out_len, size_t *n_replaced, pt_error *err)
{
    if (n_replaced)
        *n_replaced = 0;
    if (len > NORM_MAX_INPUT)
        return pt_fail(err, PT_ERR_DATA, "document of %zu bytes exceeds the limit of %zu",
                       len, NORM_MAX_INPUT);
    if (n->cc_out) {
        opencc_convert_utf8_free(n->cc_out);
        n->cc_out = NULL;
    }
    /* The buffer is checked for NORM_SLACK bytes of room (the longest
     * output of one input code point) before each input code point. */
    const size_t max = NORM_MAX_INPUT * 4 + NORM_SLACK;
    if (grow(&n->buf, &n->cap, len + NORM_SLACK + 1, max, err))
        return -1;

    const unsigned char *fold = ascii_fold;
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0, o = 0, replaced = 0;
    int need_recompose = 0, need_cc = 0;
    char *b = n->buf;

    while (i < len) {
        if (n->cap - o < NORM_SLACK) {
            if (grow(&n->buf, &n->cap, n->cap + NORM_SLACK, max, err))
                return -1;
            b = n->buf;
        }
        unsigned char c = u[i];
        uint32_t cp;
        if (c < 0x80) {
            size_t used;
            if (c != '&' || !entity_decode(u + i, len - i, &cp, &used)) {
                b[o++] = (char)fold[c];
                i++;
                continue;
            }
            i += used;
            if (cp < 0x80) {
                b[o++] = (char)fold[cp];
                continue;
            }
        } else {
            /* Fast path: a well-formed 3-byte sequence for U+3400..U+9FFF. */
            if (c >= 0xE3 && c <= 0xE9 && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
                (u[i + 2] & 0xC0) == 0x80) {
                cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) |
                     (u[i + 2] & 0x3F);
                if (cp >= 0x3400 && (cp <= 0x4DBF || cp >= 0x4E00)) {
                    b[o] = (char)c;
                    b[o + 1] = (char)u[i + 1];
                    b[o + 2] = (char)u[i + 2];
                    o += 3;
                    i += 3;
                    if (!need_cc && t2s_needed(cp))
                        need_cc = 1;
                    continue;
                }
            }
            size_t used;
            utf8_status st = utf8_decode(u + i, len - i, &cp, &used);
            if (st != UTF8_OK) {
                if (!lenient)
                    return pt_fail(err, PT_ERR_DATA, "invalid UTF-8 at byte %zu: %s", i,
                                   utf8_status_text(st));
                replaced++;
                cp = 0xFFFD;
            }
            i += used;
        }
        /* Slow path: one code point through utf8proc. */
        utf8proc_int32_t dec[NORM_DECOMP_MAX];
        int boundclass = 0;
        utf8proc_ssize_t nd = utf8proc_decompose_char((utf8proc_int32_t)cp, dec,
                                                      NORM_DECOMP_MAX, NORM_DECOMPOSE_OPTS,
                                                      &boundclass);
        if (nd < 0 || nd > NORM_DECOMP_MAX) {
            dec[0] = (utf8proc_int32_t)cp;
            nd = 1;
        }
        for (utf8proc_ssize_t k = 0; k < nd; k++) {
            uint32_t d = (uint32_t)dec[k];
            if (d < 0x80) {
                b[o++] = (char)fold[d];
                continue;
            }
            if (d == 0x2019)
                d = '\'';
            else if (d == 0x2010 || d == 0x2011)
                d = '-';
            else if (d == 0x85)
                d = '\n';
            else if (d < 0xA0)
                d = ' '; /* C1 controls */
            if (!inert(d))
                need_recompose = 1;
            if (!need_cc && t2s_needed(d))
                need_cc = 1;
            o += utf8_encode(d, b + o);
        }
    }
    if (need_recompose && recompose(n, &o, err))
        return -1;
    n->buf[o] = '\0';
    if (n_replaced)
        *n_replaced = replaced;

    if (need_cc) {
        char *conv = opencc_convert_utf8(n->cc, n->buf, o);
        if (conv == NULL) {
            const char *why = opencc_error();
            return pt_fail(err, PT_ERR_INTERNAL, "OpenCC conversion failed: %s",
                           why ? why : "unknown error");
        }
        n->cc_out = conv;
        *out = conv;
        *out_len = n->fold_spelling ? spell_fold(conv, strlen(conv)) : strlen(conv);
        return 0;
    }
    *out = n->buf;
    *out_len = n->fold_spelling ? spell_fold(n->buf, o) : o;
    return 0;
}

void norm_set_fold_spelling(normalizer *n, bool on)
{
    n->fold_spelling = on;
}

bool norm_scan_word(const char *s, size_t len, bool hyphens, size_t *pos, size_t *ws, size_t *we, norm_class *c)
{
    if (*pos > len)
        return false;
    size_t p = *pos;
    bool in = false;
    *ws = p;
    for (;;) {
        size_t at = p;
        if (p == len) {
            *we = in ? at : (*ws = at);
            *c = NC_SPACE;
            *pos = len + 1;
            return true;
        }
        uint32_t cp = norm_next_cp(s, len, &p);
        norm_class k = cp == 0x2019 ? NC_APOS : norm_classify(cp);
        if (k == NC_WORD) {
            if (!in)
                *ws = at;
            in = true;
            continue;
        }
        if ((k == NC_APOS || (hyphens && k == NC_HYPHEN)) && in && p < len) {
            size_t peek = p;
            if (norm_classify(norm_next_cp(s, len, &peek)) == NC_WORD)
                continue;
        }
        *we = in ? at : (*ws = at);
        *c = k;
        *pos = p;
        return true;
    }
}
