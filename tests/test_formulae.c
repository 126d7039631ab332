/*
 * test_formulae.c — the readout formulae (features/formulae.c), the British
 * to American spelling fold (features/spelling.c), the tifa weight
 * (features/tifa_weight.c) and the wrapping proxy (models/wrap.c), as a user
 * would check them: which words of a readout the tokeniser still sees once
 * the formulae are cut, which spellings give the same tokens, what a bad
 * pattern file is told, and that a wrapped synopsis carries the formulae and
 * loses them again.
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

#include "base/error.h"
#include "base/strbuf.h"
#include "features/formulae.h"
#include "features/normalize.h"
#include "features/spelling.h"
#include "features/tokenize.h"
#include "models/wrap.h"

#ifndef PT_DATADIR
#define PT_DATADIR "."
#endif

static const char *formulae_tsv = PT_DATADIR "/features/formulae.tsv";
static const char *lexicon_tsv = PT_DATADIR "/features/lexicon.tsv";

typedef struct {
    strbuf sb;
} joined;

static int join_sink(void *ctx, const char *tok, size_t len)
{
    joined *j = ctx;
    if (j->sb.len > 0)
        sb_append(&j->sb, "|", 1);
    sb_append(&j->sb, tok, len);
    return 0;
}

/* The tokens of text under cfg, joined by '|' (caller frees). */
static char *tokens_of(const tok_config *cfg, const char *text)
{
    pt_error err = {0};
    tokenizer *t = tok_open(cfg, &err);
    if (t == NULL)
        fail_msg("tok_open: %s", err.msg);
    joined j = {{0}};
    assert_int_equal(tok_run(t, text, strlen(text), join_sink, &j, NULL, &err), 0);
    tok_close(t);
    return j.sb.data ? j.sb.data : calloc(1, 1);
}

static tok_config config(bool with_formulae, bool lexicon, bool fold)
{
    tok_config cfg;
    tok_config_default(&cfg);
    cfg.ngram_max = 1;
    cfg.formulae_path = with_formulae ? formulae_tsv : NULL;
    cfg.lexicon_path = lexicon ? lexicon_tsv : NULL;
    cfg.fold_spelling = fold;
    return cfg;
}

/* ---- formulae ----------------------------------------------------------- */

static void test_english_formulae_cut(void **state)
{
    (void)state;
    tok_config cfg = config(true, false, true);
    char *got = tokens_of(&cfg,
                          "BEIJING, Feb. 28 (Xinhua) -- The Political Bureau of the CPC Central Committee held its "
                          "19th group study session on Friday. Xi Jinping, general secretary of the CPC Central "
                          "Committee, presided over the session and delivered an important speech. Disaster "
                          "relief. Members of the Political Bureau listened attentively to the lecture and held "
                          "discussions.");
    assert_string_equal(got, "friday|xi|jinp|disast|relief");
    free(got);
}

static void test_chinese_formulae_cut(void **state)
{
    (void)state;
    tok_config cfg = config(true, false, true);
    char *got = tokens_of(&cfg, "新华社北京2月28日电 中共中央政治局2月28日下午就国家安全进行第十九次集体学习。"
                                "中共中央总书记习近平在主持学习时强调，统筹安全。"
                                "李燕同志就这个问题进行讲解，提出了工作上的意见和建议。");
    assert_string_equal(got, "国家|家安|安全|统筹|筹安|安全|李燕");
    free(got);
}

static void test_closing_calls_cut(void **state)
{
    (void)state;
    tok_config cfg = config(true, false, true);
    char *got = tokens_of(&cfg, "Flood control. Xi called on Party committees and governments at all levels to act "
                                "on these tasks in the new era. 防汛。习近平强调，各级党委和政府要抓好落实。");
    assert_string_equal(got, "flood|control|xi|防汛");
    free(got);
}

static void test_without_formulae_the_frame_stays(void **state)
{
    (void)state;
    tok_config cfg = config(false, false, true);
    char *got = tokens_of(&cfg, "Members of the Political Bureau listened to the lecture and held discussions.");
    assert_non_null(strstr(got, "polit|bureau"));
    free(got);
}

static void test_en_pattern_needs_word_boundaries(void **state)
{
    (void)state;
    tok_config cfg = config(true, false, true);
    /* "group study sessions" is not the formula "group study session". */
    char *got = tokens_of(&cfg, "Three group study sessions.");
    assert_string_equal(got, "three|group|studi|session");
    free(got);
}

static void bad_file(const char *text, const char *want)
{
    char path[] = "/tmp/pt-formulae-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    pt_error err = {0};
    normalizer *n = norm_open(&err);
    assert_non_null(n);
    formulae *f = form_load(path, n, &err);
    assert_null(f);
    char expect[512];
    snprintf(expect, sizeof expect, "%s:%s", path, want);
    assert_string_equal(err.msg, expect);
    norm_close(n);
    unlink(path);
}

static void test_bad_pattern_files_are_named(void **state)
{
    (void)state;
    bad_file("# ok\nfr\tbonjour\n", "2: language 'fr' is neither en nor zh");
    bad_file("en no tab here\n", "1: expected 'en' or 'zh', a TAB, then the pattern");
    bad_file("en\t{name} spoke\n",
             "1: a pattern must begin with literal text or {num}, not another slot or a space");
    bad_file("zh\t中央{date}学习\n", "1: unknown slot at '{date}学习' (the slots are {num}, {month}, {name}, {gap})");
}

static void test_shipped_formulae_load(void **state)
{
    (void)state;
    pt_error err = {0};
    normalizer *n = norm_open(&err);
    formulae *f = form_load(formulae_tsv, n, &err);
    if (f == NULL)
        fail_msg("%s", err.msg);
    assert_true(form_count(f) > 80);
    /* Nothing cut from a sentence of content. */
    strbuf out = {0};
    const char *s = "the sinicization of religion and ethnic unity in border regions";
    assert_int_equal(form_strip(f, s, strlen(s), &out, NULL), 0);
    form_free(f);
    norm_close(n);
    sb_free(&out);
}

/* ---- spelling ----------------------------------------------------------- */

static void test_spelling_fold(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"defence of the centre", "defense of the center"},
        {"civilisation mobilisation organisations", "civilization mobilization organizations"},
        {"the programmes of labour", "the programs of labor"},
        {"modernise, prioritised, realising", "modernize, prioritized, realizing"},
        /* words spelt -ise in American English too, and -ise after a vowel */
        {"exercise enterprise advertising surprise otherwise praise franchise", NULL},
        {"rise wise noise premises compromise", NULL},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", pairs[i][0]);
        size_t n = spell_fold(buf, strlen(buf));
        assert_string_equal(buf, pairs[i][1] ? pairs[i][1] : pairs[i][0]);
        assert_int_equal(n, strlen(buf));
    }
}

static void test_british_and_american_tokens_match(void **state)
{
    (void)state;
    tok_config cfg = config(false, true, true);
    char *gb = tokens_of(&cfg, "National defence mobilisation and ecological civilisation.");
    char *us = tokens_of(&cfg, "National defense mobilization and ecological civilization.");
    assert_string_equal(gb, us);
    assert_non_null(strstr(gb, "tifa:national-defense-mobilization"));
    assert_non_null(strstr(gb, "tifa:ecological-civilization"));
    /* each phrase also gives its lexicon theme */
    assert_non_null(strstr(gb, "tifa:national-defense-mobilization|tifa:@defense"));
    assert_non_null(strstr(gb, "tifa:ecological-civilization|tifa:@economy"));
    free(gb);
    free(us);
    cfg.tifa_themes = false;
    gb = tokens_of(&cfg, "National defence mobilisation.");
    assert_null(strstr(gb, "tifa:@"));
    free(gb);
    cfg.tifa_themes = true;
    cfg.fold_spelling = false;
    gb = tokens_of(&cfg, "National defence mobilisation.");
    assert_null(strstr(gb, "tifa:national-defense-mobilization"));
    free(gb);
}

/* ---- wrapping ------------------------------------------------------------ */

static pt_doc doc(const char *id, const char *lang, const char *text)
{
    static pt_lecturer lect = {"Li Yan", "Southwest University of Political Science and Law", "academic"};
    pt_doc d;
    memset(&d, 0, sizeof d);
    d.id = (char *)id;
    d.date = "2025-02-28";
    d.cc = 20;
    d.session = 19;
    snprintf(d.lang, sizeof d.lang, "%s", lang);
    d.title = strcmp(lang, "zh") == 0 ? "国家安全" : "National security";
    d.lecturers = &lect;
    d.n_lecturers = 1;
    d.text = (char *)text;
    d.text_len = strlen(text);
    return d;
}

static void test_wrap_adds_formulae_the_stripper_removes(void **state)
{
    (void)state;
    tok_config with = config(true, false, true), without = config(false, false, true);
    const char *ids[] = {"20-19-en", "a", "b", "c", "d", "e", "f", "g"};
    size_t differs = 0;
    strbuf first = {0};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        pt_doc d = doc(ids[i], "en", "Fraud across borders and public safety.");
        strbuf sb = {0};
        wrap_doc(&d, &sb);
        assert_non_null(strstr(sb.data, "Fraud across borders and public safety."));
        assert_true(sb.len > d.text_len + 60);
        strbuf again = {0};
        wrap_doc(&d, &again);
        assert_string_equal(sb.data, again.data); /* deterministic */
        if (i == 0)
            sb_append(&first, sb.data, sb.len);
        else
            differs += strcmp(first.data, sb.data) != 0;
        char *raw = tokens_of(&without, sb.data), *cut = tokens_of(&with, sb.data);
        assert_true(strlen(cut) < strlen(raw));
        assert_non_null(strstr(cut, "fraud"));
        free(raw);
        free(cut);
        sb_free(&sb);
        sb_free(&again);
    }
    assert_true(differs > 0); /* several variants */
    sb_free(&first);

    pt_doc z = doc("20-19-zh", "zh", "统筹发展和安全。");
    strbuf sb = {0};
    wrap_doc(&z, &sb);
    assert_non_null(strstr(sb.data, "统筹发展和安全。"));
    assert_non_null(strstr(sb.data, "习近平"));
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_formulae_cut),
        cmocka_unit_test(test_chinese_formulae_cut),
        cmocka_unit_test(test_closing_calls_cut),
        cmocka_unit_test(test_without_formulae_the_frame_stays),
        cmocka_unit_test(test_en_pattern_needs_word_boundaries),
        cmocka_unit_test(test_bad_pattern_files_are_named),
        cmocka_unit_test(test_shipped_formulae_load),
        cmocka_unit_test(test_spelling_fold),
        cmocka_unit_test(test_british_and_american_tokens_match),
        cmocka_unit_test(test_wrap_adds_formulae_the_stripper_removes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
