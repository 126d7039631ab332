/*
 * test_phrases.c — phrase discovery (features/phrases.h) and the
 * stop-phrase rules (features/stopphrases.h) on small corpora written for
 * this test, in both languages, whose phrases, first dates, contexts and
 * boilerplate are known by hand:
 *   - 绿色航运 (three times, 2023) and "green shipping" (three times, first
 *     2022-09-01, written "Green Shipping" twice) are cohesive and free;
 *     their fragments (绿色航, 色航运, 绿色, "shipping" alone) are not;
 *   - 会议指出 opens all six Chinese readouts: a formula, dropped by the
 *     share rule; 二〇二一年 is a date, dropped by the numeric rule;
 *     先行示范 is dropped only when a stop-phrase rule names it;
 *   - with a lexicon pairing 绿色航运 and "green shipping", the Chinese form
 *     is no longer new in 2023: its translation was seen in 2022;
 *   - fragments, each kind on a corpus of its own: a leaning verb joined to
 *     a term (推进 + 海绵城市: the term comes out, not 推进海绵城市), an edge
 *     inside a word (贯通协 of 贯通协同 / 贯通协调, where 协同 and 协调 are
 *     words), and in English an edge inside a run of capitalised words
 *     ("Department of the Central"), inside a hyphenated compound
 *     ("generated content" of AI-generated content) or on a possessive;
 *     a conjunction that stands alone (和) or 是 at a Chinese phrase's edge;
 *     an English phrase ending on a word that always has a noun after it.
 * The readouts are given out of date order, so "first" must come from dates.
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

#include "base/xalloc.h"
#include "corpus/corpus.h"
#include "features/normalize.h"
#include "features/phrases.h"
#include "features/stopphrases.h"

static const char corpus_jsonl[] =
    "{\"id\":\"z5\",\"date\":\"2023-08-09\",\"lang\":\"zh\",\"text\":\"会议指出，沿海城市发展绿色航运，内河跟上。推进绿色航运试点。\"}\n"
    "{\"id\":\"z1\",\"date\":\"2021-04-01\",\"lang\":\"zh\",\"text\":\"会议指出，二〇二一年各地推进乡村道路建设。\"}\n"
    "{\"id\":\"z2\",\"date\":\"2021-10-08\",\"lang\":\"zh\",\"text\":\"会议指出，推进基层减负，二〇二一年任务完成。\"}\n"
    "{\"id\":\"z3\",\"date\":\"2022-06-15\",\"lang\":\"zh\",\"text\":\"会议指出，先行示范要抓实，港口先行示范效果好。\"}\n"
    "{\"id\":\"z4\",\"date\":\"2023-05-02\",\"lang\":\"zh\",\"text\":\"会议指出，首次提出绿色航运，要求港口带头。\"}\n"
    "{\"id\":\"z6\",\"date\":\"2023-11-20\",\"lang\":\"zh\",\"text\":\"会议指出，总结全年工作。\"}\n"
    "{\"id\":\"e3\",\"date\":\"2023-05-02\",\"lang\":\"en\",\"text\":\"Coastal cities develop Green Shipping, and river ports follow.\"}\n"
    "{\"id\":\"e1\",\"date\":\"2021-04-01\",\"lang\":\"en\",\"text\":\"Leaders discussed rural roads and asked for cleaner ports.\"}\n"
    "{\"id\":\"e2\",\"date\":\"2022-09-01\",\"lang\":\"en\",\"text\":\"The meeting proposed green shipping for the first time. Ports should lead.\"}\n"
    "{\"id\":\"e4\",\"date\":\"2023-08-09\",\"lang\":\"en\",\"text\":\"Pilot Green Shipping zones start soon.\"}\n";

static const char lexicon_tsv[] = "# test lexicon\n"
                                  "green-shipping\teconomy\t绿色航运\tgreen shipping\n";

typedef struct {
    char dir[64];
    pt_taxonomy tax;
    pt_corpus corpus;
    phr_docinfo *info;
    phr_config cfg;
} fixture;

static void write_file(const char *dir, const char *name, const char *text, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/test_phrases.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char path[128];
    pt_error err = {0};
    write_file(f->dir, "corpus.jsonl", corpus_jsonl, path, sizeof path);
    corpus_init(&f->corpus);
    if (corpus_read_path(&f->corpus, path, &f->tax, &err) != 0)
        fail_msg("%s", err.msg);
    f->info = xcalloc(f->corpus.n, sizeof *f->info);
    for (size_t k = 0; k < f->corpus.n; k++)
        f->info[k].date = f->corpus.docs[k].date;
    /* A small corpus: phrases twice in one readout count. */
    phr_config_default(&f->cfg);
    f->cfg.min_count = 2;
    f->cfg.min_readouts = 1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return 1;
    free(f->info);
    corpus_free(&f->corpus);
    free(f);
    return 0;
}

static size_t doc_index(const fixture *f, const char *id)
{
    for (size_t k = 0; k < f->corpus.n; k++)
        if (strcmp(f->corpus.docs[k].id, id) == 0)
            return k;
    fail_msg("no readout %s", id);
    return 0;
}

static const phr_phrase *must_find(const phr_set *s, const char *lang, const char *key)
{
    long k = phr_find(s, lang, key);
    if (k < 0)
        fail_msg("phrase '%s' (%s) not found", key, lang);
    return &s->v[k];
}

static void test_discovers_whole_phrases(void **state)
{
    fixture *f = *state;
    phr_set s;
    pt_error err = {0};
    assert_int_equal(phr_discover(&s, &f->corpus, f->info, &f->cfg, NULL, NULL, &err), 0);
    assert_int_equal(s.n_years, 3);
    assert_int_equal(s.years[0], 2021);

    const phr_phrase *p = must_find(&s, "zh", "绿色航运");
    assert_int_equal(p->count, 3);
    assert_int_equal(p->readouts, 2);
    assert_int_equal(p->first_doc, doc_index(f, "z4"));
    assert_string_equal(p->context, "会议指出，首次提出绿色航运，要求港口带头。");
    long k = p - s.v;
    assert_int_equal(s.year_count[(size_t)k * s.n_years + 2], 3);
    assert_int_equal(s.year_count[(size_t)k * s.n_years + 1], 0);
    /* Its fragments are not phrases: each always has the same neighbour. */
    assert_int_equal(phr_find(&s, "zh", "绿色航"), -1);
    assert_int_equal(phr_find(&s, "zh", "色航运"), -1);
    assert_int_equal(phr_find(&s, "zh", "绿色"), -1);
    assert_int_equal(phr_find(&s, "zh", "航运"), -1);

    /* English: the most frequent spelling, the first sentence as written. */
    p = must_find(&s, "en", "green shipping");
    assert_string_equal(p->text, "Green Shipping");
    assert_int_equal(p->count, 3);
    assert_int_equal(p->readouts, 3);
    assert_int_equal(p->first_doc, doc_index(f, "e2"));
    assert_string_equal(p->context, "The meeting proposed green shipping for the first time.");
    assert_int_equal(phr_find(&s, "en", "shipping"), -1);
    assert_int_equal(phr_find(&s, "en", "green"), -1);
    /* "meeting" always follows "the"; no phrase starts on a stop word. */
    assert_int_equal(phr_find(&s, "en", "meeting"), -1);
    assert_int_equal(phr_find(&s, "en", "the meeting"), -1);

    /* Boilerplate: the formula in every readout, the date. */
    assert_int_equal(phr_find(&s, "zh", "会议指出"), -1);
    assert_int_equal(phr_find(&s, "zh", "二〇二一年"), -1);
    assert_true(s.n_boilerplate >= 2);
    /* Without a stop rule, 先行示范 (twice in z3) is a phrase. */
    must_find(&s, "zh", "先行示范");
    phr_set_free(&s);

    /* The share rule is what drops 会议指出: allow any share and it is back. */
    phr_config all = f->cfg;
    all.max_doc_share = 1.0;
    assert_int_equal(phr_discover(&s, &f->corpus, f->info, &all, NULL, NULL, &err), 0);
    assert_int_equal(must_find(&s, "zh", "会议指出")->readouts, 6);
    assert_int_equal(phr_find(&s, "zh", "二〇二一年"), -1);
    phr_set_free(&s);
}

static void test_new_in_year(void **state)
{
    fixture *f = *state;
    phr_set s;
    pt_error err = {0};
    assert_int_equal(phr_discover(&s, &f->corpus, f->info, &f->cfg, NULL, NULL, &err), 0);
    size_t idx[16];
    /* The first year has nothing to compare with. */
    assert_int_equal(phr_new_in_year(&s, 0, 16, idx), 0);
    /* 2022: green shipping (e2), 先行示范 and 港口 (z3). */
    size_t n = phr_new_in_year(&s, 1, 16, idx);
    bool gs = false, xx = false, port = false;
    for (size_t j = 0; j < n; j++) {
        gs |= strcmp(s.v[idx[j]].key, "green shipping") == 0;
        xx |= strcmp(s.v[idx[j]].key, "先行示范") == 0;
        port |= strcmp(s.v[idx[j]].key, "港口") == 0;
        assert_int_equal(phr_first_year(&s, idx[j]), 2022);
    }
    assert_true(gs && xx && port);
    /* 2023: 绿色航运 (no lexicon: nothing ties it to its translation). */
    n = phr_new_in_year(&s, 2, 16, idx);
    assert_true(n >= 1);
    bool lvhy = false;
    for (size_t j = 0; j < n; j++)
        lvhy |= strcmp(s.v[idx[j]].key, "绿色航运") == 0;
    assert_true(lvhy);
    /* ports and 推进 were first seen in 2021: never new later. */
    for (size_t y = 1; y < 3; y++) {
        n = phr_new_in_year(&s, (long)y, 16, idx);
        for (size_t j = 0; j < n; j++) {
            assert_string_not_equal(s.v[idx[j]].key, "ports");
            assert_string_not_equal(s.v[idx[j]].key, "推进");
        }
    }
    phr_set_free(&s);
}

static void test_translation_counts_as_one(void **state)
{
    fixture *f = *state;
    char path[128];
    pt_error err = {0};
    write_file(f->dir, "lexicon.tsv", lexicon_tsv, path, sizeof path);
    lexicon *lex = lex_load(path, &err);
    if (lex == NULL)
        fail_msg("%s", err.msg);
    phr_set s;
    assert_int_equal(phr_discover(&s, &f->corpus, f->info, &f->cfg, lex, NULL, &err), 0);
    const phr_phrase *zh = must_find(&s, "zh", "绿色航运"), *en = must_find(&s, "en", "green shipping");
    assert_int_equal(zh->lex_index, 0);
    assert_int_equal(en->lex_index, 0);
    assert_int_equal(zh->group, en->group);
    /* One phrase, first seen 2022-09-01 in English. */
    assert_int_equal(zh->group_first_doc, doc_index(f, "e2"));
    assert_int_equal(phr_first_year(&s, (size_t)(zh - s.v)), 2022);
    size_t idx[16];
    size_t n = phr_new_in_year(&s, 2, 16, idx);
    for (size_t j = 0; j < n; j++)
        assert_string_not_equal(s.v[idx[j]].key, "绿色航运");
    n = phr_new_in_year(&s, 1, 16, idx);
    size_t members = 0;
    for (size_t j = 0; j < n; j++)
        members += s.v[idx[j]].group == zh->group;
    assert_int_equal(members, 1); /* listed once, not once per language */
    phr_set_free(&s);
    lex_free(lex);
}

static void test_stop_rules(void **state)
{
    fixture *f = *state;
    char path[128];
    pt_error err = {0};
    normalizer *norm = norm_open(&err);
    assert_non_null(norm);
    write_file(f->dir, "stop.tsv",
               "# rules\nzh\texact\t先行示范\nen\tprefix\tgreen\n*\tcontains\t港口\n", path, sizeof path);
    stop_list *stop = stop_load(path, norm, &err);
    if (stop == NULL)
        fail_msg("%s", err.msg);
    assert_int_equal(stop_count(stop), 3);
    assert_true(stop_match(stop, "en", "green shipping", 14));
    assert_false(stop_match(stop, "en", "greenery", 8)); /* whole words only */
    phr_set s;
    assert_int_equal(phr_discover(&s, &f->corpus, f->info, &f->cfg, NULL, stop, &err), 0);
    assert_int_equal(phr_find(&s, "zh", "先行示范"), -1);
    assert_int_equal(phr_find(&s, "zh", "港口"), -1);
    assert_int_equal(phr_find(&s, "en", "green shipping"), -1);
    must_find(&s, "zh", "绿色航运");
    phr_set_free(&s);
    stop_free(stop);

    /* A bad rule names the file and line. */
    write_file(f->dir, "bad.tsv", "zh\texact\t好\nxx\texact\tword\n", path, sizeof path);
    assert_null(stop_load(path, norm, &err));
    assert_int_equal(err.status, PT_ERR_DATA);
    assert_non_null(strstr(err.msg, "bad.tsv:2: lang must be zh, en or *"));
    write_file(f->dir, "bad2.tsv", "zh\tsome\tword\n", path, sizeof path);
    assert_null(stop_load(path, norm, &err));
    assert_non_null(strstr(err.msg, "bad2.tsv:1: match must be"));
    norm_close(norm);
}

static void test_undated_readout_is_an_error(void **state)
{
    fixture *f = *state;
    phr_docinfo *info = xcalloc(f->corpus.n, sizeof *info);
    memcpy(info, f->info, f->corpus.n * sizeof *info);
    info[3].date = NULL;
    phr_set s;
    pt_error err = {0};
    assert_int_equal(phr_discover(&s, &f->corpus, info, &f->cfg, NULL, NULL, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    assert_non_null(strstr(err.msg, "corpus.jsonl:4: z3: the readout has no date"));
    free(info);
}

static void test_context_cut(void **state)
{
    (void)state;
    /* One sentence of 400+ characters: the context keeps the phrase and at
     * most 300 characters. */
    char text[2048] = "";
    for (int k = 0; k < 40; k++)
        strcat(text, k == 20 ? "tidal power " : "lorem ipsum ");
    strcat(text, "and tidal power again.");
    char line[2300];
    snprintf(line, sizeof line, "{\"id\":\"a\",\"date\":\"2020-01-01\",\"lang\":\"en\",\"text\":\"%s\"}", text);
    pt_taxonomy tax = {0};
    pt_corpus c;
    corpus_init(&c);
    pt_doc d;
    pt_error err = {0};
    assert_int_equal(corpus_parse_line(&d, line, strlen(line), "mem", 1, &tax, &err), 0);
    c.docs = xcalloc(1, sizeof *c.docs);
    c.docs[0] = d;
    c.n = c.cap = 1;
    phr_docinfo info = {"2020-01-01", NULL};
    phr_config cfg;
    phr_config_default(&cfg);
    cfg.min_count = 2;
    cfg.min_readouts = 1;
    cfg.min_entropy = 0.5;
    phr_set s;
    assert_int_equal(phr_discover(&s, &c, &info, &cfg, NULL, NULL, &err), 0);
    const phr_phrase *p = must_find(&s, "en", "tidal power");
    size_t chars = 0;
    for (const unsigned char *q = (const unsigned char *)p->context; *q; q++)
        chars += (*q & 0xC0) != 0x80;
    assert_true(chars <= PHR_CONTEXT_CHARS);
    assert_non_null(strstr(p->context, "tidal power"));
    assert_non_null(strstr(p->context, "\xe2\x80\xa6")); /* marked as cut */
    phr_set_free(&s);
    corpus_free(&c);
}

/* Discovery over a corpus of the given JSON Lines, with the default
 * settings except that twice is often enough (the corpora are tiny). */
static void discover_text(const char *jsonl, const char *lexicon_text, phr_set *s, pt_corpus *c)
{
    char dir[64], path[128];
    snprintf(dir, sizeof dir, "/tmp/test_phrases.XXXXXX");
    assert_non_null(mkdtemp(dir));
    write_file(dir, "corpus.jsonl", jsonl, path, sizeof path);
    pt_error err = {0};
    pt_taxonomy tax;
    memset(&tax, 0, sizeof tax);
    corpus_init(c);
    if (corpus_read_path(c, path, &tax, &err) != 0)
        fail_msg("%s", err.msg);
    lexicon *lex = NULL;
    if (lexicon_text) {
        write_file(dir, "lexicon.tsv", lexicon_text, path, sizeof path);
        lex = lex_load(path, &err);
        if (lex == NULL)
            fail_msg("%s", err.msg);
    }
    phr_docinfo *info = xcalloc(c->n + 1, sizeof *info);
    for (size_t k = 0; k < c->n; k++)
        info[k].date = c->docs[k].date;
    phr_config cfg;
    phr_config_default(&cfg);
    cfg.min_count = 2;
    cfg.min_readouts = 1;
    if (phr_discover(s, c, info, &cfg, lex, NULL, &err) != 0)
        fail_msg("%s", err.msg);
    free(info);
    if (lex)
        lex_free(lex);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void must_lack(const phr_set *s, const char *lang, const char *key)
{
    if (phr_find(s, lang, key) >= 0)
        fail_msg("fragment '%s' (%s) found as a phrase", key, lang);
}

/* 推进 opens twenty clauses, each with another object: by the data it is a
 * verb that leans on what follows.  Joined to the term 海绵城市 it makes no
 * phrase of its own; the term is the phrase. */
static void test_leaning_verb_is_not_part_of_the_term(void **state)
{
    (void)state;
    static const char jsonl[] =
        "{\"id\":\"a\",\"date\":\"2023-03-01\",\"lang\":\"zh\",\"text\":\"推进改革，推进开放，推进教育，推进医疗，推进交通，"
        "推进水利，推进文化，推进体育，推进科研，推进金融。\"}\n"
        "{\"id\":\"b\",\"date\":\"2023-09-01\",\"lang\":\"zh\",\"text\":\"推进养老，推进住房，推进就业，推进环保，推进农业，"
        "推进林业，推进渔业，推进旅游，推进外贸，推进司法。\"}\n"
        "{\"id\":\"c\",\"date\":\"2024-04-01\",\"lang\":\"zh\",\"text\":\"今年推进海绵城市，雨水得到利用。\"}\n"
        "{\"id\":\"d\",\"date\":\"2024-10-01\",\"lang\":\"zh\",\"text\":\"各地推进海绵城市，效果明显。\"}\n";
    static const char lex[] = "sponge-city\teconomy\t海绵城市\tsponge city\n";
    phr_set s;
    pt_corpus c;
    discover_text(jsonl, lex, &s, &c);
    must_lack(&s, "zh", "推进海绵城市");
    const phr_phrase *p = must_find(&s, "zh", "海绵城市");
    assert_int_equal(p->count, 2);
    /* It is what 2024 calls new. */
    size_t idx[8];
    size_t n = phr_new_in_year(&s, phr_year_index(&s, 2024), 8, idx);
    bool listed = false;
    for (size_t j = 0; j < n; j++)
        listed |= strcmp(s.v[idx[j]].key, "海绵城市") == 0;
    assert_true(listed);
    assert_true(s.n_fragments >= 1);
    phr_set_free(&s);
    corpus_free(&c);
}

/* 协同 and 协调 are words (each seen in several places); 贯通协 ends inside
 * one of them every time it occurs, so it is a fragment, while the words
 * that cut it are found. */
static void test_edge_inside_a_word(void **state)
{
    (void)state;
    static const char jsonl[] =
        "{\"id\":\"a\",\"date\":\"2023-03-01\",\"lang\":\"zh\",\"text\":\"区域协同，部门协同，上下协同；城乡协调，内外协调，"
        "快慢协调。\"}\n"
        "{\"id\":\"b\",\"date\":\"2024-04-01\",\"lang\":\"zh\",\"text\":\"各类监督贯通协同，形成合力。\"}\n"
        "{\"id\":\"c\",\"date\":\"2024-10-01\",\"lang\":\"zh\",\"text\":\"多种力量贯通协调，效果更好。\"}\n";
    phr_set s;
    pt_corpus c;
    discover_text(jsonl, NULL, &s, &c);
    must_lack(&s, "zh", "贯通协");
    must_find(&s, "zh", "协同");
    must_find(&s, "zh", "协调");
    phr_set_free(&s);
    corpus_free(&c);
}

/* English: no phrase begins or ends inside a run of capitalised words, inside
 * a hyphenated compound, or on a possessive. */
static void test_english_edges(void **state)
{
    (void)state;
    static const char jsonl[] =
        "{\"id\":\"a\",\"date\":\"2023-03-01\",\"lang\":\"en\",\"text\":\"The head of the Organisation Department of the "
        "Central Committee spoke. Rules on AI-generated content were set. Members weighed a ruling Party's work.\"}\n"
        "{\"id\":\"b\",\"date\":\"2024-04-01\",\"lang\":\"en\",\"text\":\"A deputy of the Publicity Department of the "
        "Central Military Commission listened. Labels for machine-generated content followed. Scholars studied the ruling Party's "
        "rules.\"}\n";
    phr_set s;
    pt_corpus c;
    discover_text(jsonl, NULL, &s, &c);
    must_lack(&s, "en", "department of the central");
    must_lack(&s, "en", "generated content");
    must_lack(&s, "en", "ruling party's");
    assert_true(s.n_fragments >= 2); /* the first two were candidates, and were dropped */
    phr_set_free(&s);
    corpus_free(&c);
}

/* 和 joins two words twenty times and belongs to none: by the data it
 * stands alone, so 和绿地 (twice, after different words) is no phrase; nor is
 * 是城市更新, which begins on 是. */
static void test_standalone_characters(void **state)
{
    (void)state;
    static const char jsonl[] =
        "{\"id\":\"a\",\"date\":\"2023-03-01\",\"lang\":\"zh\",\"text\":\"山川和河流，森林和草原，道路和桥梁，学校和医院，"
        "工厂和农田，港口和机场，铁路和公路，图书和报刊，粮食和蔬菜，电力和燃气。\"}\n"
        "{\"id\":\"b\",\"date\":\"2023-09-01\",\"lang\":\"zh\",\"text\":\"老人和儿童，工人和农民，教师和学生，城镇和乡村，"
        "书法和绘画，音乐和舞蹈，茶叶和水果，煤炭和石油，钢铁和水泥，车辆和船舶。\"}\n"
        "{\"id\":\"c\",\"date\":\"2024-04-01\",\"lang\":\"zh\",\"text\":\"修好公园和绿地，今年重点是城市更新。\"}\n"
        "{\"id\":\"d\",\"date\":\"2024-10-01\",\"lang\":\"zh\",\"text\":\"扩大广场和绿地，明年任务是城市更新。\"}\n";
    phr_set s;
    pt_corpus c;
    discover_text(jsonl, NULL, &s, &c);
    must_lack(&s, "zh", "和绿地");
    must_lack(&s, "zh", "是城市更新");
    phr_set_free(&s);
    corpus_free(&c);
}

/* "economic" is followed by a noun every time: "steady economic" (twice,
 * with different words around it) is cut from a longer phrase. */
static void test_english_modifier_end(void **state)
{
    (void)state;
    static const char jsonl[] =
        "{\"id\":\"a\",\"date\":\"2023-03-01\",\"lang\":\"en\",\"text\":\"They discussed economic policy. Then economic reform. "
        "Later economic planning. We want a steady economic recovery.\"}\n"
        "{\"id\":\"b\",\"date\":\"2024-04-01\",\"lang\":\"en\",\"text\":\"They noted economic data. Also economic ties. "
        "It seeks the steady economic growth.\"}\n";
    phr_set s;
    pt_corpus c;
    discover_text(jsonl, NULL, &s, &c);
    must_lack(&s, "en", "steady economic");
    must_lack(&s, "en", "economic");
    phr_set_free(&s);
    corpus_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_discovers_whole_phrases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_in_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_translation_counts_as_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undated_readout_is_an_error, setup, teardown),
        cmocka_unit_test(test_context_cut),
        cmocka_unit_test(test_leaning_verb_is_not_part_of_the_term),
        cmocka_unit_test(test_edge_inside_a_word),
        cmocka_unit_test(test_english_edges),
        cmocka_unit_test(test_standalone_characters),
        cmocka_unit_test(test_english_modifier_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
