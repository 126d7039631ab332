/*
 * test_tokenize.c — the tokeniser (features/tokenize.c), its normaliser and
 * the tifa lexicon, as tables: each row is a configuration, an input text and
 * the exact token list expected (tokens joined by '|', in emission order), or
 * the exact error message expected.  Each row runs as its own cmocka test.
 *
 * The lexicon rows use a small lexicon written to a temporary file by the
 * group setup (test_lexicon_text below), not the shipped one; one test checks
 * that the shipped features/lexicon.tsv loads.
 *
 * Configuration flags of a row: 'b' bigram (default), 'i' ICU, '1'..'5'
 * ngram_max (default 2), 's' no stemming, 'l' lenient, 'x' the test lexicon.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "base/error.h"
#include "features/lexicon.h"
#include "features/normalize.h"
#include "features/tokenize.h"
#include "tests/fixtures.h"

#ifndef PT_DATADIR
#define PT_DATADIR "."
#endif

static const char test_lexicon_text[] =
    "# small test lexicon\n"
    "new-quality-productive-forces\teconomy\t新质生产力\tnew quality productive forces|"
    "new-quality productive forces\n"
    "productive-forces\teconomy\t生产力\tproductive forces\n"
    "chinese-nation-community\tfrontier\t中华民族共同体\tcommunity of the Chinese nation\n"
    "sense-of-community\tfrontier\t中华民族共同体意识\tsense of community for the Chinese nation\n"
    "\n"
    "self-reform\tparty-building\t自我革命\tself-reform\n"
    "xi-thought\tparty-building\t习近平新时代中国特色社会主义思想\tXi Jinping Thought\n"
    "xi-thought-rule-of-law\tparty-building\t习近平法治思想\tXi Jinping Thought on the Rule of Law\n"
    "peoples-congress\tparty-building\t人民代表大会|人民代表大會\tPeople's Congress\n";

static char lexicon_path[64];

/* ------------------------------------------------------------------ */
/* Helpers.                                                            */

typedef struct {
    char buf[8192];
    size_t len;
    size_t count;
    size_t stop_after; /* 0: never stop */
    int stop_value;
} collector;

static int collect(void *ctx, const char *tok, size_t len)
{
    collector *c = ctx;
    assert_true(len > 0);
    assert_true(c->len + len + 2 < sizeof c->buf);
    if (c->count > 0)
        c->buf[c->len++] = '|';
    memcpy(c->buf + c->len, tok, len);
    c->len += len;
    c->buf[c->len] = '\0';
    c->count++;
    if (c->stop_after != 0 && c->count >= c->stop_after)
        return c->stop_value;
    return 0;
}

static void config_from_flags(const char *flags, tok_config *cfg)
{
    tok_config_default(cfg);
    for (const char *f = flags; *f; f++) {
        switch (*f) {
        case 'b': cfg->segmenter = SEG_BIGRAM; break;
        case 'i': cfg->segmenter = SEG_ICU; break;
        case 's': cfg->stem = false; break;
        case 'l': cfg->lenient = true; break;
        case 'x': cfg->lexicon_path = lexicon_path; break;
        default:
            if (*f >= '1' && *f <= '5')
                cfg->ngram_max = *f - '0';
            else
                fail_msg("bad flag '%c'", *f);
        }
    }
}

static tokenizer *open_flags(const char *flags)
{
    tok_config cfg;
    config_from_flags(flags, &cfg);
    pt_error err;
    pt_error_clear(&err);
    tokenizer *t = tok_open(&cfg, &err);
    if (t == NULL)
        fail_msg("tok_open(%s): %s", flags, err.msg);
    return t;
}

/* Tokenises text and returns the joined tokens in c. */
static int run_text(tokenizer *t, const char *text, size_t len, collector *c,
                    size_t *replaced, pt_error *err)
{
    memset(c, 0, sizeof *c);
    pt_error_clear(err);
    return tok_run(t, text, len, collect, c, replaced, err);
}

/* ------------------------------------------------------------------ */
/* Token rows.                                                         */

typedef struct {
    const char *name;
    const char *flags;
    const char *input;   /* NUL-terminated unless len is set              */
    size_t len;          /* 0: strlen(input)                              */
    const char *expect;  /* tokens joined by '|'                          */
    long replaced;       /* expected U+FFFD count, -1: not checked        */
} token_row;

static const token_row token_rows[] = {
    /* English words, stop words, stemming, possessives */
    {"en: stems, stop words, bigrams", "", "The Party's leadership is essential.", 0,
     "parti|leadership|parti leadership|essenti|leadership essenti", -1},
    {"en: only stop words", "", "and the of to it's don't", 0, "", -1},
    {"en: China's -> china", "", "China's economy", 0, "china|economi|china economi", -1},
    {"en: typographic apostrophe", "", "China\xE2\x80\x99s economy", 0,
     "china|economi|china economi", -1},
    {"en: plural possessive", "", "workers' rights", 0, "worker|right|worker right", -1},
    {"en: low-altitude is one word", "", "low-altitude economy", 0,
     "low-altitud|economi|low-altitud economi", -1},
    {"en: hyphenated word stemmed part by part", "", "high-quality development", 0,
     "high-qualiti|develop|high-qualiti develop", -1},
    {"en: U+2010 hyphen joins a word", "", "low\xE2\x80\x90" "altitude", 0, "low-altitud", -1},
    {"en: inner apostrophe kept", "", "Xi'an", 0, "xi'an", -1},
    {"en: quotes do not break bigrams", "", "Xi said: \"reform\" matters", 0,
     "xi|said|xi said|reform|matter|reform matter", -1},
    /* numbers */
    {"en: number only inside n-grams", "", "the 2035 vision", 0, "vision|2035 vision", -1},
    {"en: a lone number is dropped", "", "in 2024.", 0, "", -1},
    {"en: number with separators", "", "1,000.5 yuan", 0, "yuan|1,000.5 yuan", -1},
    {"en: 14th is a word", "", "the 14th Five-Year Plan", 0,
     "14th|five-year|14th five-year|plan|five-year plan", -1},
    {"en: number-only bigram not emitted", "", "2021 2025 plan", 0, "plan|2025 plan", -1},
    {"en: digits and hyphen are a number", "", "2021-2025 period", 0,
     "period|2021-2025 period", -1},
    /* n-gram boundaries and sizes */
    {"en: comma breaks bigrams", "", "reform, opening", 0, "reform|open", -1},
    {"en: stop words do not break bigrams", "", "reform and opening up", 0,
     "reform|open|reform open", -1},
    {"en: sentence end breaks bigrams", "", "deepen reform. Opening wider", 0,
     "deepen|reform|deepen reform|open|wider|open wider", -1},
    {"en: newline breaks bigrams", "", "reform\nopening", 0, "reform|open", -1},
    {"en: trigrams", "3", "new quality productive forces", 0,
     "new|qualiti|new qualiti|product|qualiti product|new qualiti product|forc|product forc|"
     "qualiti product forc", -1},
    {"en: unigrams only", "1", "new quality productive forces", 0,
     "new|qualiti|product|forc", -1},
    {"en: no stemming", "s", "Productive Forces, China's", 0,
     "productive|forces|productive forces|china", -1},
    {"en: over-long word dropped, breaks phrase", "",
     "reform aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa opening", 0,
     "reform|open", -1},
    {"empty text", "", "", 0, "", -1},
    /* Chinese, bigram segmenter */
    {"zh: bigrams over a run", "", "坚持和发展中国特色社会主义", 0,
     "坚持|持和|和发|发展|展中|中国|国特|特色|色社|社会|会主|主义", -1},
    {"zh: stop characters break runs", "", "我的书", 0, "我|书", -1},
    {"zh: one character alone", "", "人", 0, "人", -1},
    {"zh: punctuation breaks runs", "", "改革，开放。", 0, "改革|开放", -1},
    {"zh: traditional gives simplified tokens", "", "堅持和發展中國特色社會主義", 0,
     "坚持|持和|和发|发展|展中|中国|国特|特色|色社|社会|会主|主义", -1},
    /* mixed scripts */
    {"mixed: Latin inside Han", "", "推动AI发展", 0, "推动|ai|发展", -1},
    {"mixed: number and percent inside Han", "", "中国的GDP增长7.5%", 0, "中国|gdp|增长", -1},
    {"mixed: Han breaks English bigrams", "", "reform改革opening", 0, "reform|改革|open", -1},
    /* full-width text and NFKC */
    {"fullwidth letters and digits", "", "\xEF\xBC\xA1\xEF\xBC\x91", 0, "a1", -1},
    {"fullwidth comma breaks bigrams", "", "ＲＥＦＯＲＭ，ｏｐｅｎｉｎｇ", 0, "reform|open", -1},
    {"small comma U+FE50 is a comma", "", "reform\xEF\xB9\x90opening", 0, "reform|open", -1},
    {"ideographic space is a space", "", "reform\xE3\x80\x80opening", 0,
     "reform|open|reform open", -1},
    {"ligature and accents", "", "ﬁnance Café", 0, "financ|café|financ café", -1},
    {"zero-width space is ignored", "", "re\xE2\x80\x8B" "form", 0, "reform", -1},
    /* HTML entities */
    {"entity: nbsp is a space", "", "reform&nbsp;opening", 0, "reform|open|reform open", -1},
    {"entity: amp is punctuation", "", "R&amp;D", 0, "r|d", -1},
    {"entity: numeric decimal and hex", "", "&#20013;&#x56FD;", 0, "中国", -1},
    {"entity: numeric ideographic comma", "", "改革&#12289;开放&#x3001;发展", 0,
     "改革|开放|发展", -1},
    {"entity: decoded once", "", "&amp;lt;", 0, "lt", -1},
    {"entity: unknown name is literal", "", "&bogus; x", 0, "bogus|x", -1},
    {"entity: rsquo possessive", "", "China&rsquo;s economy", 0, "china|economi|china economi",
     -1},
    /* lexicon, longest match, both languages */
    {"tifa: zh longest match", "x", "新质生产力", 0,
     "tifa:new-quality-productive-forces|tifa:@economy|新质|质生|生产|产力", -1},
    {"tifa: zh shorter entry alone", "x", "发展生产力", 0,
     "发展|tifa:productive-forces|tifa:@economy|展生|生产|产力", -1},
    {"tifa: zh longer entry wins over its prefix", "x", "铸牢中华民族共同体意识", 0,
     "铸牢|tifa:sense-of-community|tifa:@frontier|牢中|中华|华民|民族|族共|共同|同体|体意|意识", -1},
    {"tifa: zh prefix entry alone", "x", "中华民族共同体", 0,
     "tifa:chinese-nation-community|tifa:@frontier|中华|华民|民族|族共|共同|同体", -1},
    {"tifa: zh traditional text", "x", "新質生產力", 0,
     "tifa:new-quality-productive-forces|tifa:@economy|新质|质生|生产|产力", -1},
    {"tifa: zh traditional form in lexicon", "x", "人民代表大會", 0,
     "tifa:peoples-congress|tifa:@party-building|人民|民代|代表|表大|大会", -1},
    {"tifa: en hyphenated text", "x", "New-Quality Productive Forces", 0,
     "tifa:new-quality-productive-forces|tifa:@economy|new-qualiti|product|new-qualiti product|forc|"
     "product forc", -1},
    {"tifa: en spaced text", "x", "new quality productive forces", 0,
     "tifa:new-quality-productive-forces|tifa:@economy|new|qualiti|new qualiti|product|qualiti product|forc|"
     "product forc", -1},
    {"tifa: en shorter entry", "x", "productive forces", 0,
     "tifa:productive-forces|tifa:@economy|product|forc|product forc", -1},
    {"tifa: en does not cross a sentence", "x", "productive. Forces", 0, "product|forc", -1},
    {"tifa: en word must end", "x", "productive forcesx", 0,
     "product|forcesx|product forcesx", -1},
    {"tifa: en longer entry wins over its prefix", "x", "Xi Jinping Thought on the Rule of Law",
     0, "tifa:xi-thought-rule-of-law|tifa:@party-building|xi|jinp|xi jinp|thought|jinp thought|rule|thought rule|law|"
     "rule law", -1},
    {"tifa: en prefix entry alone", "x", "Xi Jinping Thought guides", 0,
     "tifa:xi-thought|tifa:@party-building|xi|jinp|xi jinp|thought|jinp thought|guid|thought guid", -1},
    {"tifa: en possessive ignored", "x", "the People\xE2\x80\x99s Congress", 0,
     "tifa:peoples-congress|tifa:@party-building|peopl|congress|peopl congress", -1},
    {"tifa: en inside a hyphenated word", "x", "party self-reform", 0,
     "parti|tifa:self-reform|tifa:@party-building|self-reform|parti self-reform", -1},
    {"tifa: both languages in one text", "x", "坚持自我革命和self-reform", 0,
     "坚持|tifa:self-reform|tifa:@party-building|持自|自我|我革|革命|命和|tifa:self-reform|tifa:@party-building|self-reform", -1},
    {"tifa: each occurrence counts", "x", "生产力、生产力", 0,
     "tifa:productive-forces|tifa:@economy|生产|产力|tifa:productive-forces|tifa:@economy|生产|产力", -1},
    /* ICU segmenter */
    {"icu: a sentence", "i", "我们要坚持和发展中国特色社会主义", 0,
     "要|坚持|发展|中国|特色|社会|主义", -1},
    {"icu: traditional gives simplified tokens", "i", "我們要堅持和發展中國特色社會主義", 0,
     "要|坚持|发展|中国|特色|社会|主义", -1},
    {"icu: English unchanged", "i", "China's economy", 0, "china|economi|china economi", -1},
    {"icu: with the lexicon", "ix", "发展新质生产力", 0,
     "发展|tifa:new-quality-productive-forces|tifa:@economy|新|质|生产|力", -1},
    /* lenient decoding */
    {"lenient: 0xFF replaced", "l", "abc\xFF" "def", 0, "abc|def", 1},
    {"lenient: truncated sequence replaced once", "l", "x\xE4\xB8y", 0, "x|y", 1},
    {"lenient: C0 80 is two replacements", "l", "\xC0\x80z", 0, "z", 2},
    {"lenient: surrogate replaced once", "l", "x\xED\xA0\x80y", 0, "x|y", 1},
    {"lenient: valid text counts zero", "l", "clean", 0, "clean", 0},
    {"lenient: NUL is a space", "l", "re\0form", 7, "re|form|re form", 0},
};

static void test_token_row(void **state)
{
    const token_row *r = *state;
    tokenizer *t = open_flags(r->flags);
    collector c;
    pt_error err;
    size_t replaced = 12345;
    size_t len = r->len ? r->len : strlen(r->input);
    int rc = run_text(t, r->input, len, &c, &replaced, &err);
    tok_close(t);
    if (rc != 0)
        fail_msg("'%s': tok_run returned %d: %s", r->name, rc, err.msg);
    if (strcmp(c.buf, r->expect) != 0)
        fail_msg("'%s':\n  got  %s\n  want %s", r->name, c.buf, r->expect);
    if (r->replaced >= 0 && replaced != (size_t)r->replaced)
        fail_msg("'%s': %zu replacements, want %ld", r->name, replaced, r->replaced);
}

/* ------------------------------------------------------------------ */
/* Invalid UTF-8 rows (strict mode): exact messages.                    */

typedef struct {
    const char *name;
    const char *input;
    size_t len;
    const char *message;
} error_row;

#define EROW(name, lit, msg) {name, lit, sizeof(lit) - 1, msg}

static const error_row error_rows[] = {
    EROW("overlong", "ab \xE0\x80\xAF", "invalid UTF-8 at byte 3: overlong encoding"),
    EROW("overlong 4-byte", "\xF0\x80\x80\xAF", "invalid UTF-8 at byte 0: overlong encoding"),
    EROW("overlong via C0", "xy\xC0\xAF",
         "invalid UTF-8 at byte 2: byte that never appears in UTF-8"),
    EROW("surrogate", "x\xED\xA0\x80", "invalid UTF-8 at byte 1: encoded surrogate"),
    EROW("truncated by end", "中\xE5\x9B", "invalid UTF-8 at byte 3: truncated sequence"),
    EROW("truncated by ASCII", "a\xE4" "b", "invalid UTF-8 at byte 1: truncated sequence"),
    EROW("stray continuation", "abc\x80", "invalid UTF-8 at byte 3: stray continuation byte"),
    EROW("0xFF", "\xFF", "invalid UTF-8 at byte 0: byte that never appears in UTF-8"),
    EROW("above U+10FFFF", "\xF4\x90\x80\x80", "invalid UTF-8 at byte 0: code point above U+10FFFF"),
    EROW("offset counts raw bytes after an entity", "&amp;\xFF",
         "invalid UTF-8 at byte 5: byte that never appears in UTF-8"),
    EROW("offset after Han text", "坚持\xFE",
         "invalid UTF-8 at byte 6: byte that never appears in UTF-8"),
};

static void test_error_row(void **state)
{
    const error_row *r = *state;
    tokenizer *t = open_flags("");
    collector c;
    pt_error err;
    int rc = run_text(t, r->input, r->len, &c, NULL, &err);
    tok_close(t);
    if (rc != -1)
        fail_msg("'%s': tok_run returned %d, want -1", r->name, rc);
    assert_int_equal(err.status, PT_ERR_DATA);
    assert_string_equal(err.msg, r->message);
    assert_int_equal(c.count, 0);
}

/* ------------------------------------------------------------------ */
/* Lexicon load error rows.                                             */

typedef struct {
    const char *name;
    const char *content;
    pt_status status;
    const char *message; /* "%s" stands for the file's path */
} lexerr_row;

static const lexerr_row lexerr_rows[] = {
    {"three fields", "# c\nkey\teconomy\t改革\n", PT_ERR_DATA,
     "%s:2: expected 4 tab-separated fields, found 3"},
    {"five fields", "a\teconomy\t改革\treform\textra\n", PT_ERR_DATA,
     "%s:1: expected 4 tab-separated fields, found 5"},
    {"badly spelled theme", "a\tEcon omy\t改革\treform\n", PT_ERR_DATA,
     "%s:1: bad theme 'Econ omy' (a theme name of the taxonomy, or none)"},
    {"uppercase key", "Reform\teconomy\t改革\treform\n", PT_ERR_DATA,
     "%s:1: bad key 'Reform' (lowercase ASCII letters, digits and inner hyphens, at most 64 "
     "bytes)"},
    {"duplicate key", "a\teconomy\t改革\treform\n\na\tculture\t文化\tculture\n", PT_ERR_DATA,
     "%s:3: duplicate key 'a' (first on line 1)"},
    {"Chinese form not Han", "a\teconomy\t《改革》\treform\n", PT_ERR_DATA,
     "%s:1: Chinese form '《改革》' must begin with a Han character"},
    {"empty form", "a\teconomy\t改革||开放\treform\n", PT_ERR_DATA, "%s:1: empty Chinese form"},
    {"empty English field", "a\teconomy\t改革\t\n", PT_ERR_DATA, "%s:1: empty English form"},
    {"English form with a full stop", "a\teconomy\t改革\tU.S. reform\n", PT_ERR_DATA,
     "%s:1: English form 'U.S. reform' has Han characters or sentence punctuation"},
    {"form shared by two entries", "a\teconomy\t改革\treform\nb\teconomy\t改革\tchange\n",
     PT_ERR_DATA, "%s:2: Chinese form '改革' of 'b' is also a form of 'a' (line 1)"},
    {"English forms equal after normalisation", "a\teconomy\t改革\tNew-Era\n"
     "b\teconomy\t开放\tnew era\n", PT_ERR_DATA,
     "%s:2: English form 'new era' of 'b' is also a form of 'a' (line 1)"},
    {"invalid UTF-8", "a\teconomy\t改\xFF\treform\n", PT_ERR_DATA,
     "%s:1: invalid UTF-8 at byte 13 of the line: byte that never appears in UTF-8"},
};

static void test_lexerr_row(void **state)
{
    const lexerr_row *r = *state;
    char path[] = "/tmp/pt_lexerr_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(r->content);
    assert_int_equal(write(fd, r->content, n), (ssize_t)n);
    close(fd);
    pt_error err;
    pt_error_clear(&err);
    lexicon *lex = lex_load(path, &err);
    unlink(path);
    if (lex != NULL) {
        lex_free(lex);
        fail_msg("'%s': loaded, want an error", r->name);
    }
    char want[1024];
    snprintf(want, sizeof want, r->message, path);
    assert_int_equal(err.status, r->status);
    assert_string_equal(err.msg, want);
}

/* ------------------------------------------------------------------ */
/* Other tests.                                                        */

static void test_config_defaults(void **state)
{
    (void)state;
    tok_config cfg;
    memset(&cfg, 0x5A, sizeof cfg);
    tok_config_default(&cfg);
    assert_int_equal(cfg.segmenter, SEG_BIGRAM);
    assert_int_equal(cfg.ngram_max, 2);
    assert_true(cfg.stem);
    assert_false(cfg.lenient);
    assert_null(cfg.lexicon_path);
}

static void test_segmenter_names(void **state)
{
    (void)state;
    tok_segmenter seg = SEG_ICU;
    assert_string_equal(tok_segmenter_name(SEG_BIGRAM), "bigram");
    assert_string_equal(tok_segmenter_name(SEG_ICU), "icu");
    assert_int_equal(tok_segmenter_parse("bigram", &seg), 0);
    assert_int_equal(seg, SEG_BIGRAM);
    assert_int_equal(tok_segmenter_parse("icu", &seg), 0);
    assert_int_equal(seg, SEG_ICU);
    assert_int_equal(tok_segmenter_parse("ICU", &seg), -1);
    assert_int_equal(tok_segmenter_parse("", &seg), -1);
    assert_int_equal(tok_segmenter_parse(NULL, &seg), -1);
}

static void test_open_rejects_bad_config(void **state)
{
    (void)state;
    static const int bad_ngrams[] = {0, -1, 6};
    for (size_t i = 0; i < sizeof bad_ngrams / sizeof bad_ngrams[0]; i++) {
        tok_config cfg;
        tok_config_default(&cfg);
        cfg.ngram_max = bad_ngrams[i];
        pt_error err;
        assert_null(tok_open(&cfg, &err));
        assert_int_equal(err.status, PT_ERR_USAGE);
    }
    tok_config cfg;
    tok_config_default(&cfg);
    cfg.lexicon_path = "/nonexistent/lexicon.tsv";
    pt_error err;
    assert_null(tok_open(&cfg, &err));
    assert_int_equal(err.status, PT_ERR_NOINPUT);
    assert_string_equal(err.msg, "/nonexistent/lexicon.tsv: cannot open: No such file or directory");
    cfg.lexicon_path = ""; /* "" means no lexicon */
    tokenizer *t = tok_open(&cfg, &err);
    assert_non_null(t);
    tok_close(t);
}

/* Traditional text must give the tokens of its simplified form. */
static void test_traditional_equals_simplified(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"堅持和發展中國特色社會主義", "坚持和发展中国特色社会主义"},
        {"全面從嚴治黨，推進黨的自我革命。", "全面从严治党，推进党的自我革命。"},
        {"鑄牢中華民族共同體意識", "铸牢中华民族共同体意识"},
        {"總體國家安全觀與軍民融合發展", "总体国家安全观与军民融合发展"},
        {"綠水青山就是金山銀山", "绿水青山就是金山银山"},
    };
    static const char *const configs[] = {"x", "ix"};
    for (size_t k = 0; k < 2; k++) {
        tokenizer *t = open_flags(configs[k]);
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            collector a, b;
            pt_error err;
            assert_int_equal(run_text(t, pairs[i][0], strlen(pairs[i][0]), &a, NULL, &err), 0);
            assert_int_equal(run_text(t, pairs[i][1], strlen(pairs[i][1]), &b, NULL, &err), 0);
            if (strcmp(a.buf, b.buf) != 0)
                fail_msg("%s (%s):\n  traditional %s\n  simplified  %s", pairs[i][1],
                         configs[k], a.buf, b.buf);
            assert_true(b.count > 0);
        }
        tok_close(t);
    }
}

static void test_sink_stops_the_run(void **state)
{
    (void)state;
    tokenizer *t = open_flags("");
    collector c;
    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    c.stop_value = 7;
    pt_error err;
    pt_error_clear(&err);
    const char *text = "reform opening development 改革开放";
    assert_int_equal(tok_run(t, text, strlen(text), collect, &c, NULL, &err), 7);
    assert_int_equal(c.count, 2);
    assert_string_equal(c.buf, "reform|open");
    /* the tokenizer is reusable afterwards */
    assert_int_equal(run_text(t, "改革", strlen("改革"), &c, NULL, &err), 0);
    assert_string_equal(c.buf, "改革");
    tok_close(t);
}

/* The normaliser's fast paths and per-character decomposition must agree
 * with utf8proc's own NFKC_Casefold on text it does not fold further. */
static void test_normalize_matches_utf8proc(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "Cafe\xCC\x81 na\xC3\xAFve",           /* e + combining acute            */
        "\xEF\xAC\x81nance \xEF\xAC\x82ow",      /* ligatures                      */
        "A\xCC\x8A \xE2\x84\xAB",               /* A + ring, Angstrom sign        */
        "Stra\u00DFe \u01C5",                  /* sharp s, titlecase dz          */
        "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB",
        "\xEF\xBE\x80\xEF\xBE\x9E",              /* halfwidth ta + voiced mark    */
        "x\xCC\xA7\xCC\x81 q\xCC\x81\xCC\xA7", /* marks in both orders          */
        "\xE2\x85\xAB \xE2\x91\xA0 \xE3\x8E\x8F", /* roman numeral, circled, kg   */
        "改革开放，中国ＡＢＣ１２３",
        "\xEF\xA8\x8C\xEF\xA7\x9C",              /* CJK compatibility ideographs  */
    };
    pt_error err;
    normalizer *n = norm_open(&err);
    assert_non_null(n);
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        const char *out;
        size_t out_len;
        assert_int_equal(norm_run(n, inputs[i], strlen(inputs[i]), false, &out, &out_len, NULL,
                                  &err), 0);
        utf8proc_uint8_t *want = NULL;
        utf8proc_ssize_t wl = utf8proc_map((const utf8proc_uint8_t *)inputs[i],
                                           (utf8proc_ssize_t)strlen(inputs[i]), &want,
                                           UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                               UTF8PROC_CASEFOLD | UTF8PROC_IGNORE |
                                               UTF8PROC_STABLE);
        assert_true(wl >= 0);
        if ((size_t)wl != out_len || memcmp(out, want, out_len) != 0)
            fail_msg("input %zu: got '%.*s', utf8proc gives '%s'", i, (int)out_len, out,
                     (const char *)want);
        free(want);
    }
    norm_close(n);
}

static void test_lexicon_accessors(void **state)
{
    (void)state;
    pt_error err;
    lexicon *lex = lex_load(lexicon_path, &err);
    if (lex == NULL)
        fail_msg("%s", err.msg);
    assert_int_equal(lex_count(lex), 8);
    assert_string_equal(lex_key(lex, 0), "new-quality-productive-forces");
    assert_string_equal(lex_theme(lex, 0), "economy");
    assert_string_equal(lex_zh(lex, 0), "新质生产力");
    assert_string_equal(lex_en(lex, 0), "new quality productive forces");
    assert_string_equal(lex_token(lex, 0), "tifa:new-quality-productive-forces");
    long i = lex_find(lex, "peoples-congress");
    assert_int_equal(i, 7);
    assert_string_equal(lex_en(lex, (size_t)i), "People's Congress");
    assert_string_equal(lex_theme(lex, (size_t)i), "party-building");
    assert_int_equal(lex_find(lex, "self-reform"), 4);
    assert_int_equal(lex_find(lex, "absent"), -1);
    assert_int_equal(lex_find(lex, ""), -1);
    lex_free(lex);
    lex_free(NULL);

    assert_null(lex_load("/nonexistent/x.tsv", &err));
    assert_int_equal(err.status, PT_ERR_NOINPUT);
    assert_string_equal(err.msg, "/nonexistent/x.tsv: cannot open: No such file or directory");
}

static void test_shipped_lexicon(void **state)
{
    (void)state;
    const char *path = PT_DATADIR "/features/lexicon.tsv";
    pt_error err;
    lexicon *lex = lex_load(path, &err);
    if (lex == NULL)
        fail_msg("%s", err.msg);
    size_t n = lex_count(lex);
    if (n < 150)
        fail_msg("%s has %zu entries, want at least 150", path, n);
    for (size_t i = 0; i < n; i++) {
        assert_true(lex_zh(lex, i)[0] != '\0');
        assert_true(lex_en(lex, i)[0] != '\0');
        assert_int_equal(lex_find(lex, lex_key(lex, i)), (long)i);
    }
    /* Every theme is one of the shipped taxonomy's, or none. */
    pt_taxonomy tax;
    assert_int_equal(fixture_taxonomy(&tax), 0);
    if (lex_check_themes(lex, path, &tax, &err) != 0)
        fail_msg("%s", err.msg);
    lex_free(lex);

    /* A theme the taxonomy lacks is refused, naming the line. */
    char bad[256];
    snprintf(bad, sizeof bad, "%s/lexicon-theme-%d.tsv", P_tmpdir, (int)getpid());
    FILE *f = fopen(bad, "w");
    assert_non_null(f);
    fputs("# c\nok\tnone\t改革\treform\nx\tdiplomacy\t外交\tdiplomacy\n", f);
    fclose(f);
    lex = lex_load(bad, &err);
    assert_non_null(lex);
    assert_int_equal(lex_check_themes(lex, bad, &tax, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    char want[512];
    snprintf(want, sizeof want, "%s:3: unknown theme 'diplomacy' (the taxonomy has 5 themes, or use none)", bad);
    assert_string_equal(err.msg, want);
    lex_free(lex);
    unlink(bad);
    taxonomy_free(&tax);

    /* a few phrases of the issue, in both languages */
    tok_config cfg;
    tok_config_default(&cfg);
    cfg.lexicon_path = path;
    tokenizer *t = tok_open(&cfg, &err);
    if (t == NULL)
        fail_msg("%s", err.msg);
    static const char *const probes[][2] = {
        {"发展新质生产力", "tifa:new-quality-productive-forces"},
        {"new-quality productive forces", "tifa:new-quality-productive-forces"},
        {"推进党的自我革命", "tifa:self-reform"},
        {"铸牢中华民族共同体意识", "tifa:sense-of-community-chinese-nation"},
        {"坚持总体国家安全观", "tifa:holistic-national-security"},
        {"the holistic approach to national security", "tifa:holistic-national-security"},
        {"绿水青山就是金山银山", "tifa:lucid-waters-lush-mountains"},
        {"山水林田湖草沙一体化保护", "tifa:mountains-rivers-forests"},
        {"Xi Jinping Thought on the Rule of Law", "tifa:xi-thought-on-rule-of-law"},
        {"構建人類命運共同體", "tifa:community-with-shared-future"},
        {"the Belt and Road Initiative", "tifa:belt-and-road"},
    };
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        collector c;
        assert_int_equal(run_text(t, probes[i][0], strlen(probes[i][0]), &c, NULL, &err), 0);
        if (strstr(c.buf, probes[i][1]) == NULL)
            fail_msg("'%s' gave %s, want %s", probes[i][0], c.buf, probes[i][1]);
    }
    tok_close(t);
}

/* ------------------------------------------------------------------ */

static int group_setup(void **state)
{
    (void)state;
    snprintf(lexicon_path, sizeof lexicon_path, "/tmp/pt_test_lexicon_XXXXXX");
    int fd = mkstemp(lexicon_path);
    if (fd < 0)
        return -1;
    size_t n = sizeof test_lexicon_text - 1;
    ssize_t w = write(fd, test_lexicon_text, n);
    close(fd);
    return w == (ssize_t)n ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    unlink(lexicon_path);
    return 0;
}

#define N_TOKEN (sizeof token_rows / sizeof token_rows[0])
#define N_ERROR (sizeof error_rows / sizeof error_rows[0])
#define N_LEXERR (sizeof lexerr_rows / sizeof lexerr_rows[0])

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_config_defaults),
        cmocka_unit_test(test_segmenter_names),
        cmocka_unit_test(test_open_rejects_bad_config),
        cmocka_unit_test(test_traditional_equals_simplified),
        cmocka_unit_test(test_sink_stops_the_run),
        cmocka_unit_test(test_normalize_matches_utf8proc),
        cmocka_unit_test(test_lexicon_accessors),
        cmocka_unit_test(test_shipped_lexicon),
    };
    enum { N_FIXED = sizeof fixed / sizeof fixed[0] };
    static struct CMUnitTest tests[N_FIXED + N_TOKEN + N_ERROR + N_LEXERR];
    static char names[N_TOKEN + N_ERROR + N_LEXERR][128];
    size_t n = 0, k = 0;
    for (size_t i = 0; i < N_FIXED; i++)
        tests[n++] = fixed[i];
    for (size_t i = 0; i < N_TOKEN; i++, k++) {
        snprintf(names[k], sizeof names[k], "tokens: %s", token_rows[i].name);
        tests[n++] = (struct CMUnitTest){names[k], test_token_row, NULL, NULL,
                                         (void *)&token_rows[i]};
    }
    for (size_t i = 0; i < N_ERROR; i++, k++) {
        snprintf(names[k], sizeof names[k], "invalid UTF-8: %s", error_rows[i].name);
        tests[n++] = (struct CMUnitTest){names[k], test_error_row, NULL, NULL,
                                         (void *)&error_rows[i]};
    }
    for (size_t i = 0; i < N_LEXERR; i++, k++) {
        snprintf(names[k], sizeof names[k], "lexicon error: %s", lexerr_rows[i].name);
        tests[n++] = (struct CMUnitTest){names[k], test_lexerr_row, NULL, NULL,
                                         (void *)&lexerr_rows[i]};
    }
    return _cmocka_run_group_tests("tokenize", tests, n, group_setup, group_teardown);
}
