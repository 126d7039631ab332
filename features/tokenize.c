/*
 * tokenize.c — the tokeniser behind tokenize.h: normalised text in, token
 * strings out through the sink, in one pass and without allocating per
 * token.
 *
 * Rules as implemented (normalisation itself is described in normalize.h):
 *
 * Character classes come from normalize.h.  The text is cut into Latin
 * words, Han runs, and the rest.
 *
 * Words.  A word is a maximal run of word characters (letters, digits and
 * marks of any script except Han), where a '-' or '\'' between two word
 * characters and a '.' or ',' between two ASCII digits stay inside the word:
 * "low-altitude", "xi'an", "1,000.5" are one word each.  A trailing
 * possessive "'s" is dropped ("china's" -> "china"); a trailing lone
 * apostrophe was never part of the word.  Words longer than TOK_WORD_MAX
 * bytes are dropped (and break the phrase, see below).
 *   - A word without letters (only digits and connectors) is a number: it
 *     is never emitted alone but takes part in n-grams.
 *   - A word in the English stop list (tok_stop_en below: 217 function
 *     words and contractions, checked before stemming; content words such as
 *     "party", "state", "people" are not in it) is dropped; it does not
 *     break a phrase.
 *   - Otherwise the word is stemmed with Snowball English (cfg.stem) and
 *     the stem is the unigram token.  A hyphenated word is stemmed part by
 *     part ("high-quality" -> "high-qualiti"); a direct-mapped cache keeps
 *     the stems of recent words.
 *   - n-grams 2..ngram_max are formed over the stems and numbers of one
 *     phrase, joined by one space ("product forc").  An n-gram made only
 *     of numbers is not emitted.  A phrase is broken by any punctuation or
 *     symbol (NC_PUNCT, NC_SENTENCE, a '-' that is not inside a word), by a
 *     newline, by a Han character and by a dropped over-long word; spaces,
 *     quotation marks and apostrophes outside words do not break it.  So
 *     commas end a phrase, not only sentence punctuation: a list "A, B and
 *     C" gives no "a b" bigram.
 *
 * Han runs.  A Han run is a maximal run of Han characters (utf8_is_han).
 *   - SEG_BIGRAM: the stop characters of tok_stop_han_bigram break a run
 *     and are dropped; each run piece gives its overlapping character
 *     bigrams, a one-character piece gives that character.  The list is
 *     的 了 着 之 其 及 与 是 在 为 将 被 也 而 并 以 于 这 那 都 又 吗 呢 吧
 *     啊 呀 么 或 但 即: function characters that rarely begin or end a
 *     content word.  和 对 把 中 上 下 就 等 are left out on purpose: they
 *     are parts of words that matter here (和谐 和平, 对外开放 反对, 把握,
 *     中国 中央, 上海, 下降, 就业, 平等).
 *   - SEG_ICU: the ICU word break iterator (locale "zh", opened once per
 *     tokenizer) segments each Han run; segments whose rule status is a
 *     letter, kana or ideographic word are kept, and those in the ICU stop
 *     lists are dropped: the bigram stop characters plus 和 对 把 就 等 中
 *     上 下 从 向 让 给 很 更 最 还 再 才 已 个 地 得 所 我 你 他 她 它 (as
 *     one-character words these are function words), and the common
 *     multi-character function words of tok_stop_zh_words (我们 这个 以及
 *     因为 ...).
 *
 * Lexicon.  When cfg.lexicon_path names a lexicon, each match (leftmost,
 * longest, never overlapping an earlier match; see lexicon.h for how
 * forms match) adds the token "tifa:<key>".  Chinese forms are tried at
 * each Han character, English forms at the start of each word and after
 * each hyphen inside a word.  The ordinary tokens of the matched text are
 * emitted as well.
 *
 * Order.  Tokens come in text order: at each position, first the tifa
 * token of a match starting there, then the unigram (word stem, ICU
 * segment), then the n-grams ending there.  A Han bigram counts as ending
 * at its second character, a lone Han character as ending at itself.
 *
 * Buffers: the normaliser's output buffer (tokens of the text are slices
 * of it), an n-gram ring of fixed-size slots, the stem cache and, for ICU,
 * UTF-16 and segment arrays that grow per document and are reused.
 *
 * Speed (2-core dev machine, -O2, first 20 MB of the CCTV news sample): about
 * 200 MB/s for Chinese with SEG_BIGRAM (135-150 MB/s with the shipped
 * lexicon), 12-15 MB/s with SEG_ICU (ICU's dictionary dominates), 80-170
 * MB/s for English.  OpenCC, at about 5 MB/s, only runs on documents that
 * contain a traditional character (normalize.h).
 */
#include "features/tokenize.h"

#include <assert.h>
#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utypes.h>

#include "base/xalloc.h"
#include "features/formulae.h"
#include "features/lexicon.h"
#include "features/normalize.h"

#define TOK_WORD_MAX 64   /* bytes of a word or stem                       */
#define TOK_PARTS_MAX 16  /* hyphen parts of one word tried against the lexicon */

/* ------------------------------------------------------------------ */
/* Stop lists.                                                         */

static const char *const tok_stop_en[] = {
    "a", "about", "above", "across", "after", "again", "against", "all", "almost",
    "along", "already", "also", "although", "am", "amid", "among", "an", "and",
    "another", "any", "are", "aren't", "around", "as", "at", "be", "because", "been",
    "before", "being", "below", "besides", "between", "beyond", "both", "but", "by",
    "can", "can't", "cannot", "could", "couldn't", "despite", "did", "didn't", "do",
    "does", "doesn't", "doing", "don't", "down", "during", "each", "either", "else",
    "etc", "even", "ever", "every", "few", "for", "from", "further", "had", "hadn't",
    "has", "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "hence", "her",
    "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "i'd",
    "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "its", "itself",
    "just", "let", "many", "may", "me", "might", "more", "most", "much", "must",
    "mustn't", "my", "myself", "neither", "no", "nor", "not", "of", "off", "often",
    "on", "once", "only", "onto", "or", "other", "ought", "our", "ours", "ourselves",
    "out", "over", "own", "per", "quite", "rather", "same", "shall", "she", "she'd",
    "she'll", "should", "shouldn't", "since", "so", "some", "still", "such", "than",
    "that", "the", "their", "theirs", "them", "themselves", "then", "there",
    "thereby", "therefore", "these", "they", "they'd", "they'll", "they're",
    "they've", "this", "those", "though", "through", "throughout", "thus", "to",
    "too", "toward", "towards", "under", "unless", "until", "up", "upon", "us",
    "very", "via", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were",
    "weren't", "what", "whatever", "when", "where", "whereas", "whether", "which",
    "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
    "won't", "would", "wouldn't", "yet", "you", "you'd", "you'll", "you're",
    "you've", "your", "yours", "yourself", "yourselves",
};

bool tok_is_stop_en(const char *w, size_t len)
{
    for (size_t i = 0; i < sizeof tok_stop_en / sizeof tok_stop_en[0]; i++)
        if (strlen(tok_stop_en[i]) == len && memcmp(tok_stop_en[i], w, len) == 0)
            return true;
    return false;
}

/* Break Han runs in SEG_BIGRAM; dropped as one-character ICU words. */
static const char tok_stop_han_bigram[] =
    "的了着之其及与是在为将被也而并以于这那都又吗呢吧啊呀么或但即";

/* Further one-character ICU words that are dropped. */
static const char tok_stop_han_icu[] =
    "和对把就等中上下从向让给很更最还再才已个地得所我你他她它";

/* Multi-character Chinese function words dropped in SEG_ICU. */
static const char *const tok_stop_zh_words[] = {
    "我们", "你们", "他们", "她们", "它们", "咱们", "自己", "这个", "那个", "这些",
    "那些", "这样", "那样", "这里", "那里", "这种", "那种", "以及", "因为", "所以",
    "但是", "而且", "并且", "或者", "如果", "虽然", "然而", "然后", "因此", "可以",
    "已经", "一个", "一些", "没有", "什么", "怎么", "就是", "还是", "只是", "也是",
    "都是", "这是", "不是", "其中", "之一", "等等", "对于", "关于", "由于", "为了",
    "不仅", "而是", "进行", "以来", "以上", "以下", "之间", "同时", "有关", "其他",
};

/* ------------------------------------------------------------------ */
/* A small set of strings (stop words), open addressing on FNV-1a.      */

#define TOK_SET_SIZE 512 /* power of two, > 2x the largest list          */

typedef struct {
    const char *word[TOK_SET_SIZE];
    unsigned char len[TOK_SET_SIZE];
} tok_set;

static uint32_t tok_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static void set_add(tok_set *set, const char *w)
{
    size_t len = strlen(w);
    uint32_t i = tok_hash(w, len) & (TOK_SET_SIZE - 1);
    while (set->word[i] != NULL) {
        if (set->len[i] == len && memcmp(set->word[i], w, len) == 0)
            return;
        i = (i + 1) & (TOK_SET_SIZE - 1);
    }
    set->word[i] = w;
    set->len[i] = (unsigned char)len;
}

static bool set_has(const tok_set *set, const char *s, size_t len)
{
    uint32_t i = tok_hash(s, len) & (TOK_SET_SIZE - 1);
    while (set->word[i] != NULL) {
        if (set->len[i] == len && memcmp(set->word[i], s, len) == 0)
            return true;
        i = (i + 1) & (TOK_SET_SIZE - 1);
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* The tokenizer.                                                      */

#define HAN_BITS_FIRST 0x3400u
#define HAN_BITS_LAST 0x9FFFu
#define HAN_BITS_BYTES ((HAN_BITS_LAST - HAN_BITS_FIRST + 1 + 7) / 8)

typedef struct {
    uint32_t start, end; /* byte offsets in the normalised text */
} tok_span;

/* Direct-mapped cache of word -> stem: Snowball is the costliest step for
 * English text, and word frequencies are Zipfian. */
#define TOK_STEM_CACHE 4096 /* entries, power of two                      */
#define TOK_STEM_KEY 24     /* longest word and stem cached, bytes        */
typedef struct {
    unsigned char wlen, slen; /* wlen 0: empty                              */
    char word[TOK_STEM_KEY];
    char stem[TOK_STEM_KEY];
} tok_stem_entry;

struct tokenizer {
    tok_config cfg;
    normalizer *norm;
    lexicon *lex;
    bool lex_shared; /* a clone's: the lexicon belongs to the original     */
    formulae *form;  /* readout formulae cut before tokenising, or NULL    */
    bool form_shared;/* a clone's: the formulae belong to the original     */
    strbuf form_buf; /* the text with its formulae cut out                 */
    struct sb_stemmer *stemmer;
    UBreakIterator *brk;
    tok_set stop_en;
    tok_set stop_zh; /* multi-character ICU stop words */
    unsigned char stop_bigram[HAN_BITS_BYTES];
    unsigned char stop_icu[HAN_BITS_BYTES];
    /* n-gram ring: the last ngram_max stems/numbers of the phrase */
    char ring[TOK_NGRAM_MAX][TOK_WORD_MAX];
    unsigned char ring_len[TOK_NGRAM_MAX];
    bool ring_num[TOK_NGRAM_MAX];
    char gram[TOK_NGRAM_MAX * (TOK_WORD_MAX + 1)];
    char stem_buf[TOK_WORD_MAX]; /* a hyphenated word's stem             */
    tok_stem_entry stem_cache[TOK_STEM_CACHE];
    /* ICU scratch, grown per document */
    UChar *u16;
    uint32_t *u16_off; /* byte offset of each UTF-16 unit, plus one past  */
    size_t u16_cap;
    tok_span *seg;
    size_t seg_cap;
};

/* State of one tok_run. */
typedef struct {
    tokenizer *t;
    const char *s;
    size_t len;
    tok_sink sink;
    void *ctx;
    int rc;           /* the sink's non-zero value, once it stops us      */
    bool failed;      /* an internal error, with err set                  */
    size_t block;     /* no lexicon match may start before this offset   */
    size_t chain;     /* words in the current phrase                     */
    size_t head;      /* ring slot of the next word                      */
    size_t han_n;     /* characters in the current bigram run piece      */
    size_t han_prev;  /* start of the previous Han character of the piece */
    size_t han_prev_end;
} tok_state;

void tok_config_default(tok_config *cfg)
{
    cfg->segmenter = SEG_BIGRAM;
    cfg->ngram_max = 2;
    cfg->stem = true;
    cfg->lenient = false;
    cfg->lexicon_path = NULL;
    cfg->formulae_path = NULL;
    cfg->fold_spelling = true;
    cfg->tifa_themes = true;
}

const char *tok_segmenter_name(tok_segmenter seg)
{
    switch (seg) {
    case SEG_BIGRAM: return "bigram";
    case SEG_ICU:    return "icu";
    }
    return "unknown";
}

int tok_segmenter_parse(const char *name, tok_segmenter *seg)
{
    if (name == NULL)
        return -1;
    if (strcmp(name, "bigram") == 0) {
        *seg = SEG_BIGRAM;
        return 0;
    }
    if (strcmp(name, "icu") == 0) {
        *seg = SEG_ICU;
        return 0;
    }
    return -1;
}

static void han_bits_set(unsigned char *bits, const char *list)
{
    size_t len = strlen(list), pos = 0;
    while (pos < len) {
        uint32_t cp = norm_next_cp(list, len, &pos);
        if (cp >= HAN_BITS_FIRST && cp <= HAN_BITS_LAST) {
            uint32_t b = cp - HAN_BITS_FIRST;
            bits[b >> 3] |= (unsigned char)(1u << (b & 7));
        }
    }
}

static inline bool han_bit(const unsigned char *bits, uint32_t cp)
{
    if (cp < HAN_BITS_FIRST || cp > HAN_BITS_LAST)
        return false;
    uint32_t b = cp - HAN_BITS_FIRST;
    return (bits[b >> 3] >> (b & 7)) & 1;
}

tokenizer *tok_open(const tok_config *cfg, pt_error *err)
{
    if (cfg->segmenter != SEG_BIGRAM && cfg->segmenter != SEG_ICU) {
        pt_fail(err, PT_ERR_USAGE, "unknown segmenter %d", (int)cfg->segmenter);
        return NULL;
    }
    if (cfg->ngram_max < 1 || cfg->ngram_max > TOK_NGRAM_MAX) {
        pt_fail(err, PT_ERR_USAGE, "ngram_max must be between 1 and %d, not %d",
                TOK_NGRAM_MAX, cfg->ngram_max);
        return NULL;
    }
    tokenizer *t = xcalloc(1, sizeof *t);
    t->cfg = *cfg;
    t->cfg.lexicon_path = NULL; /* not kept: the caller owns the string */
    t->cfg.formulae_path = NULL;

    for (size_t i = 0; i < sizeof tok_stop_en / sizeof tok_stop_en[0]; i++)
        set_add(&t->stop_en, tok_stop_en[i]);
    for (size_t i = 0; i < sizeof tok_stop_zh_words / sizeof tok_stop_zh_words[0]; i++)
        set_add(&t->stop_zh, tok_stop_zh_words[i]);
    han_bits_set(t->stop_bigram, tok_stop_han_bigram);
    han_bits_set(t->stop_icu, tok_stop_han_bigram);
    han_bits_set(t->stop_icu, tok_stop_han_icu);

    t->norm = norm_open(err);
    if (t->norm == NULL)
        goto fail;
    /* Before the lexicon and formulae load, so their forms fold the same way. */
    norm_set_fold_spelling(t->norm, cfg->fold_spelling);
    if (cfg->formulae_path != NULL && cfg->formulae_path[0] != '\0') {
        t->form = form_load(cfg->formulae_path, t->norm, err);
        if (t->form == NULL)
            goto fail;
    }
    if (cfg->lexicon_path != NULL && cfg->lexicon_path[0] != '\0') {
        t->lex = lex_load_with(cfg->lexicon_path, t->norm, err);
        if (t->lex == NULL)
            goto fail;
    }
    if (cfg->stem) {
        t->stemmer = sb_stemmer_new("english", NULL);
        if (t->stemmer == NULL) {
            pt_fail(err, PT_ERR_INTERNAL, "cannot open the Snowball English stemmer");
            goto fail;
        }
    }
    if (cfg->segmenter == SEG_ICU) {
        UErrorCode status = U_ZERO_ERROR;
        t->brk = ubrk_open(UBRK_WORD, "zh", NULL, 0, &status);
        if (U_FAILURE(status)) {
            pt_fail(err, PT_ERR_INTERNAL, "cannot open the ICU word break iterator: %s",
                    u_errorName(status));
            t->brk = NULL;
            goto fail;
        }
    }
    return t;
fail:
    tok_close(t);
    return NULL;
}

tokenizer *tok_clone(const tokenizer *t, pt_error *err)
{
    tok_config cfg = t->cfg; /* lexicon_path is NULL: nothing is loaded */
    tokenizer *c = tok_open(&cfg, err);
    if (c == NULL)
        return NULL;
    c->lex = t->lex;
    c->lex_shared = true;
    c->form = t->form;
    c->form_shared = true;
    return c;
}

const lexicon *tok_lexicon(const tokenizer *t)
{
    return t->lex;
}

void tok_close(tokenizer *t)
{
    if (t == NULL)
        return;
    norm_close(t->norm);
    if (!t->lex_shared)
        lex_free(t->lex);
    if (!t->form_shared)
        form_free(t->form);
    sb_free(&t->form_buf);
    if (t->stemmer)
        sb_stemmer_delete(t->stemmer);
    if (t->brk)
        ubrk_close(t->brk);
    free(t->u16);
    free(t->u16_off);
    free(t->seg);
    free(t);
}

/* ------------------------------------------------------------------ */
/* Emitting.                                                           */

static inline int emit(tok_state *st, const char *tok, size_t len)
{
    if (st->rc == 0)
        st->rc = st->sink(st->ctx, tok, len);
    return st->rc;
}

static int emit_tifa(tok_state *st, long entry)
{
    const char *tok = lex_token(st->t->lex, (size_t)entry);
    if (emit(st, tok, strlen(tok)) || !st->t->cfg.tifa_themes)
        return st->rc;
    char theme[48];
    int n = snprintf(theme, sizeof theme, LEX_THEME_TOKEN_PREFIX "%s", lex_theme(st->t->lex, (size_t)entry));
    return n > 0 && (size_t)n < sizeof theme ? emit(st, theme, (size_t)n) : st->rc;
}

/* Ends the current bigram run piece, emitting a lone character. */
static inline int han_flush(tok_state *st)
{
    if (st->han_n == 1)
        emit(st, st->s + st->han_prev, st->han_prev_end - st->han_prev);
    st->han_n = 0;
    return st->rc;
}

/* Adds a stem or number to the phrase and emits the n-grams ending at it. */
static int push_word(tok_state *st, const char *w, size_t len, bool number)
{
    tokenizer *t = st->t;
    int nmax = t->cfg.ngram_max;
    if (nmax < 2)
        return 0;
    size_t slot = st->head;
    memcpy(t->ring[slot], w, len);
    t->ring_len[slot] = (unsigned char)len;
    t->ring_num[slot] = number;
    st->head = (slot + 1) % (size_t)nmax;
    st->chain++;
    size_t have = st->chain < (size_t)nmax ? st->chain : (size_t)nmax;
    for (size_t k = 2; k <= have; k++) {
        /* words slot-k+1 .. slot, oldest first */
        size_t first = (slot + (size_t)nmax * 2 - (k - 1)) % (size_t)nmax;
        size_t o = 0;
        bool all_num = true;
        for (size_t j = 0; j < k; j++) {
            size_t s = (first + j) % (size_t)nmax;
            if (j > 0)
                t->gram[o++] = ' ';
            memcpy(t->gram + o, t->ring[s], t->ring_len[s]);
            o += t->ring_len[s];
            all_num = all_num && t->ring_num[s];
        }
        if (!all_num && emit(st, t->gram, o))
            return st->rc;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Words.                                                              */

static inline bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

/* True when a word character starts at s[pos]. */
static inline bool word_char_at(const char *s, size_t len, size_t pos)
{
    if (pos >= len)
        return false;
    unsigned char c = (unsigned char)s[pos];
    if (c < 0x80)
        return norm_ascii_class[c] == NC_WORD;
    uint32_t cp = norm_next_cp(s, len, &pos);
    return norm_classify(cp) == NC_WORD;
}

/* Stems s[0..len) (no hyphen) through the tokenizer's stem cache.  Returns
 * the stem and its length, or NULL when the stemmer fails or the stem is
 * longer than TOK_WORD_MAX. */
static const char *stem_part(tokenizer *t, const char *s, size_t len, size_t *slen)
{
    tok_stem_entry *ce = NULL;
    if (len <= TOK_STEM_KEY) {
        ce = &t->stem_cache[tok_hash(s, len) & (TOK_STEM_CACHE - 1)];
        if (ce->wlen == len && memcmp(ce->word, s, len) == 0) {
            *slen = ce->slen;
            return ce->stem;
        }
    }
    const sb_symbol *stem = sb_stemmer_stem(t->stemmer, (const sb_symbol *)s, (int)len);
    int sl = stem ? sb_stemmer_length(t->stemmer) : 0;
    if (sl <= 0 || sl > TOK_WORD_MAX)
        return NULL;
    if (ce != NULL && sl <= TOK_STEM_KEY) {
        memcpy(ce->word, s, len);
        ce->wlen = (unsigned char)len;
        memcpy(ce->stem, stem, (size_t)sl);
        ce->slen = (unsigned char)sl;
    }
    *slen = (size_t)sl;
    return (const char *)stem;
}

/* Replaces (*w, *wlen) by the word's stem.  A hyphenated word is stemmed
 * part by part ("high-quality" -> "high-qualiti", as "quality" ->
 * "qualiti"); Snowball would otherwise treat it as one word whose regions
 * start after the first part.  On any stemmer failure the word is kept. */
static void stem_word(tokenizer *t, const char **w, size_t *wlen)
{
    const char *s = *w;
    size_t len = *wlen, sl;
    if (memchr(s, '-', len) == NULL) {
        const char *stem = stem_part(t, s, len, &sl);
        if (stem != NULL) {
            *w = stem;
            *wlen = sl;
        }
        return;
    }
    size_t o = 0, p = 0;
    while (p <= len) {
        const char *dash = memchr(s + p, '-', len - p);
        size_t q = dash ? (size_t)(dash - s) : len;
        const char *stem = stem_part(t, s + p, q - p, &sl);
        if (stem == NULL || o + sl + 1 > TOK_WORD_MAX)
            return;
        if (o > 0)
            t->stem_buf[o++] = '-';
        memcpy(t->stem_buf + o, stem, sl);
        o += sl;
        p = q + 1;
    }
    *w = t->stem_buf;
    *wlen = o;
}

/* Handles the word starting at *pos and advances *pos past it. */
static int do_word(tok_state *st, size_t *pos)
{
    tokenizer *t = st->t;
    const char *s = st->s;
    size_t len = st->len, start = *pos, p = start;
    bool letters = false;
    size_t parts[TOK_PARTS_MAX], runs[TOK_PARTS_MAX]; /* part start, its first run's end */
    size_t nparts = 0;
    parts[nparts] = start;
    runs[nparts++] = 0;
    for (;;) {
        while (p < len) {
            unsigned char c = (unsigned char)s[p];
            if (c < 0x80) {
                if (norm_ascii_class[c] != NC_WORD)
                    break;
                letters = letters || c > '9';
                p++;
            } else {
                size_t q = p;
                uint32_t cp = norm_next_cp(s, len, &q);
                if (norm_classify(cp) != NC_WORD)
                    break;
                letters = true;
                p = q;
            }
        }
        if (runs[nparts - 1] == 0)
            runs[nparts - 1] = p;
        if (p + 1 < len) {
            char c = s[p];
            if ((c == '-' || c == '\'') && word_char_at(s, len, p + 1)) {
                if (c == '-' && nparts < TOK_PARTS_MAX) {
                    parts[nparts] = p + 1;
                    runs[nparts++] = 0;
                }
                p++;
                continue;
            }
            if ((c == '.' || c == ',') && ascii_digit(s[p - 1]) && ascii_digit(s[p + 1])) {
                p++;
                continue;
            }
        }
        break;
    }
    *pos = p;

    if (t->lex != NULL) {
        for (size_t i = 0; i < nparts; i++) {
            size_t end;
            if (parts[i] < st->block)
                continue;
            long e = lex_match_en(t->lex, s, len, parts[i], runs[i], &end);
            if (e >= 0) {
                st->block = end;
                if (emit_tifa(st, e))
                    return st->rc;
            }
        }
    }

    size_t wlen = p - start;
    if (wlen >= 3 && s[p - 2] == '\'' && s[p - 1] == 's')
        wlen -= 2;
    if (wlen > TOK_WORD_MAX) {
        st->chain = 0;
        return 0;
    }
    const char *w = s + start;
    if (!letters)
        return push_word(st, w, wlen, true);
    if (set_has(&t->stop_en, w, wlen))
        return 0;
    if (t->stemmer != NULL)
        stem_word(t, &w, &wlen);
    if (emit(st, w, wlen))
        return st->rc;
    return push_word(st, w, wlen, false);
}

/* ------------------------------------------------------------------ */
/* Han runs.                                                           */

static inline void lex_try_zh(tok_state *st, size_t start, uint32_t cp)
{
    size_t end;
    if (start < st->block)
        return;
    long e = lex_match_zh(st->t->lex, st->s, st->len, start, cp, &end);
    if (e >= 0) {
        st->block = end;
        emit_tifa(st, e);
    }
}

/* SEG_BIGRAM: one Han character at s[start..end). */
static inline int han_bigram_char(tok_state *st, size_t start, size_t end, uint32_t cp)
{
    if (st->t->lex != NULL)
        lex_try_zh(st, start, cp);
    if (han_bit(st->t->stop_bigram, cp))
        return han_flush(st);
    if (st->han_n > 0)
        emit(st, st->s + st->han_prev, end - st->han_prev);
    st->han_prev = start;
    st->han_prev_end = end;
    st->han_n++;
    return st->rc;
}

static void grow_icu(tokenizer *t, size_t units, size_t segs)
{
    if (units + 1 > t->u16_cap) {
        size_t cap = t->u16_cap ? t->u16_cap : 1024;
        while (cap < units + 1)
            cap *= 2;
        t->u16 = xreallocarray(t->u16, cap, sizeof *t->u16);
        t->u16_off = xreallocarray(t->u16_off, cap, sizeof *t->u16_off);
        t->u16_cap = cap;
    }
    if (segs > t->seg_cap) {
        size_t cap = t->seg_cap ? t->seg_cap : 256;
        while (cap < segs)
            cap *= 2;
        t->seg = xreallocarray(t->seg, cap, sizeof *t->seg);
        t->seg_cap = cap;
    }
}

/* True when the ICU segment s[a..b) is a Chinese stop word. */
static bool icu_stop(const tokenizer *t, const char *s, size_t a, size_t b)
{
    size_t p = a;
    uint32_t cp = norm_next_cp(s, b, &p);
    if (p == b)
        return han_bit(t->stop_icu, cp);
    return set_has(&t->stop_zh, s + a, b - a);
}

/* SEG_ICU: the Han run starting at *pos; advances *pos past it.  Returns
 * -1 with err set and st->failed on an internal error, else 0 (the sink's
 * verdict is in st->rc). */
static int han_icu_run(tok_state *st, size_t *pos, pt_error *err)
{
    tokenizer *t = st->t;
    const char *s = st->s;
    size_t len = st->len, start = *pos, end = start, units = 0;
    while (end < len) {
        size_t q = end;
        uint32_t cp = norm_next_cp(s, len, &q);
        if (!utf8_is_han(cp))
            break;
        units += cp >= 0x10000 ? 2 : 1;
        end = q;
    }
    /* norm_run's output is at most NORM_MAX_INPUT * 4 bytes and slack
     * (about 1 GiB), so offsets into a run fit the 32 bits u16_off holds. */
    assert(end - start <= UINT32_MAX);
    grow_icu(t, units, units);
    size_t u = 0;
    for (size_t p = start; p < end;) {
        size_t at = p;
        uint32_t cp = norm_next_cp(s, len, &p);
        if (cp >= 0x10000) {
            t->u16[u] = (UChar)(0xD800 + ((cp - 0x10000) >> 10));
            t->u16_off[u++] = (uint32_t)(at - start);
            t->u16[u] = (UChar)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            t->u16[u] = (UChar)cp;
        }
        t->u16_off[u++] = (uint32_t)(at - start);
    }
    t->u16_off[u] = (uint32_t)(end - start);

    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(t->brk, t->u16, (int32_t)u, &status);
    if (U_FAILURE(status)) {
        st->failed = true;
        return pt_fail(err, PT_ERR_INTERNAL, "ICU word break failed: %s", u_errorName(status));
    }
    size_t nseg = 0;
    int32_t a = ubrk_first(t->brk);
    for (int32_t b = ubrk_next(t->brk); b != UBRK_DONE; a = b, b = ubrk_next(t->brk)) {
        int32_t rule = ubrk_getRuleStatus(t->brk);
        if (rule < UBRK_WORD_LETTER || rule >= UBRK_WORD_IDEO_LIMIT)
            continue;
        size_t sa = start + t->u16_off[a], sb = start + t->u16_off[b];
        if (icu_stop(t, s, sa, sb))
            continue;
        t->seg[nseg].start = (uint32_t)sa - (uint32_t)start;
        t->seg[nseg].end = (uint32_t)sb - (uint32_t)start;
        nseg++;
    }

    size_t k = 0;
    for (size_t p = start; p < end && st->rc == 0;) {
        size_t at = p;
        uint32_t cp = norm_next_cp(s, len, &p);
        if (t->lex != NULL)
            lex_try_zh(st, at, cp);
        while (k < nseg && start + t->seg[k].start <= at) {
            emit(st, s + start + t->seg[k].start, t->seg[k].end - t->seg[k].start);
            k++;
        }
    }
    *pos = end;
    return 0;
}

/* ------------------------------------------------------------------ */
/* The pass.                                                           */

int tok_run(tokenizer *t, const char *text, size_t len, tok_sink sink, void *ctx,
            size_t *n_replaced, pt_error *err)
{
    const char *s;
    size_t n;
    if (norm_run(t->norm, text, len, t->cfg.lenient, &s, &n, n_replaced, err) != 0)
        return -1;
    if (t->form != NULL && form_strip(t->form, s, n, &t->form_buf, NULL) > 0) {
        s = t->form_buf.data;
        n = t->form_buf.len;
    }
    tok_state st = {0};
    st.t = t;
    st.s = s;
    st.len = n;
    st.sink = sink;
    st.ctx = ctx;
    bool icu = t->cfg.segmenter == SEG_ICU;

    size_t pos = 0;
    while (pos < n && st.rc == 0) {
        unsigned char c = (unsigned char)s[pos];
        if (c < 0x80) {
            norm_class cl = (norm_class)norm_ascii_class[c];
            if (cl == NC_WORD) {
                if (st.han_n)
                    han_flush(&st);
                do_word(&st, &pos);
                continue;
            }
            if (st.han_n)
                han_flush(&st);
            if (cl != NC_SPACE && cl != NC_QUOTE && cl != NC_APOS)
                st.chain = 0;
            pos++;
            continue;
        }
        size_t start = pos;
        uint32_t cp = norm_next_cp(s, n, &pos);
        if (utf8_is_han(cp)) {
            st.chain = 0;
            if (icu) {
                pos = start;
                if (han_icu_run(&st, &pos, err) != 0)
                    return -1;
            } else {
                han_bigram_char(&st, start, pos, cp);
            }
            continue;
        }
        if (st.han_n)
            han_flush(&st);
        norm_class cl = norm_classify(cp);
        if (cl == NC_WORD) {
            pos = start;
            do_word(&st, &pos);
        } else if (cl != NC_SPACE && cl != NC_QUOTE && cl != NC_APOS) {
            st.chain = 0;
        }
    }
    if (st.rc == 0 && st.han_n)
        han_flush(&st);
    return st.rc;
}
