/*
 * test_keysent.c — the key-sentence unit (reports/keysent.h) on texts whose
 * answers are known by hand (cmocka): the splitter in English and Chinese,
 * TextRank on a graph solved on paper, and the choice of key sentences on
 * a made-up text whose central sentences are obvious.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/assert_close.h"

#include <stdlib.h>
#include <string.h>

#include "reports/keysent.h"

static void expect_split(const char *text, const char *const *want, size_t n_want)
{
    ks_span *v = NULL;
    size_t n = ks_split(text, strlen(text), &v);
    if (n != n_want) {
        for (size_t i = 0; i < n; i++)
            print_message("sentence %zu: [%.*s]\n", i, (int)v[i].len, text + v[i].start);
    }
    assert_int_equal(n, n_want);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(v[i].len, strlen(want[i]));
        assert_memory_equal(text + v[i].start, want[i], v[i].len);
    }
    free(v);
}

static void split_english(void **state)
{
    (void)state;
    const char *text = "The session met on 27 June. Mr. Zhang of the U.S. desk spoke for 3.5 hours! "
                       "Was it \"useful?\" Yes.  J. Smith agreed (later).\n\nA new paragraph without a stop";
    const char *want[] = {"The session met on 27 June.", "Mr. Zhang of the U.S. desk spoke for 3.5 hours!",
                          "Was it \"useful?\"", "Yes.", "J. Smith agreed (later).",
                          "A new paragraph without a stop"};
    expect_split(text, want, 6);
}

static void split_chinese(void **state)
{
    (void)state;
    const char *text = "　就业是最基本的民生。会议指出：“要稳就业！”要不要继续？"
                       "要。最后一句没有句号";
    const char *want[] = {"就业是最基本的民生。", "会议指出：“要稳就业！”", "要不要继续？", "要。",
                          "最后一句没有句号"};
    expect_split(text, want, 5);
}

static void split_nothing(void **state)
{
    (void)state;
    ks_span *v = (ks_span *)1;
    assert_int_equal(ks_split("  \n\n  ", 6, &v), 0);
    assert_null(v);
}

/* A star: 0 is linked to 1 and 2 with weight 1, 1 and 2 not to each other.
 * s1 = s2 = 0.15 + 0.85 s0 / 2 and s0 = 0.15 + 0.85 (s1 + s2), so
 * s0 = 0.405 / 0.2775 = 1.459459..., s1 = s2 = 0.770270...; an isolated
 * node 3 keeps 0.15. */
static void textrank_star(void **state)
{
    (void)state;
    const double w[16] = {0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    double s[4];
    ks_textrank(w, 4, s);
    assert_close(s[0], 0.405 / 0.2775, 1e-8);
    assert_close(s[1], 0.15 + 0.425 * 0.405 / 0.2775, 1e-8);
    assert_close(s[2], s[1], 1e-12);
    assert_close(s[3], 0.15, 1e-12);
}

static void similarity_is_cosine(void **state)
{
    (void)state;
    /* Two identical sentences have cosine 1; a sentence sharing no word, 0. */
    const char *text = "Grain security matters greatly. Grain security matters greatly. Orbital rockets fly.";
    const char *texts[] = {text};
    ks_span *v = NULL;
    size_t n = ks_split(text, strlen(text), &v);
    assert_int_equal(n, 3);
    double w[9];
    size_t toks[3];
    ks_similarity(texts, v, n, w, toks);
    assert_close(w[0 * 3 + 1], 1.0, 1e-12);
    assert_close(w[0 * 3 + 2], 0.0, 1e-12);
    assert_close(w[1 * 3 + 0], 1.0, 1e-12);
    assert_int_equal(toks[0], 4);
    assert_int_equal(toks[2], 3);
    free(v);
}

static void key_counts(void **state)
{
    (void)state;
    assert_int_equal(ks_key_count(0), 0);
    assert_int_equal(ks_key_count(1), 1);
    assert_int_equal(ks_key_count(2), 2);
    assert_int_equal(ks_key_count(3), 2);
    assert_int_equal(ks_key_count(10), 2);
    assert_int_equal(ks_key_count(11), 3);
    assert_int_equal(ks_key_count(20), 4);
    assert_int_equal(ks_key_count(200), 4);
}

/* Ten sentences: 2 and 6 (0-based) repeat the words the others share in
 * pieces ("grain", "harvest", "farmers", "reserves", "security"), the rest
 * are about one thing each.  Ten sentences give two key sentences, and
 * TextRank must pick the two hubs, in text order. */
static void select_hubs(void **state)
{
    (void)state;
    const char *text =
        "Farmers brought in the harvest early this autumn. "
        "The weather in the north stayed dry for weeks. "
        "Grain security rests on farmers, the harvest and state reserves of grain. "
        "Reserves are kept in large silos near ports. "
        "Security of supply also depends on imports. "
        "Rockets launched from the coast reached orbit. "
        "Farmers, reserves and the harvest together decide grain security. "
        "The museum opened a hall of bronze vessels. "
        "Harvest festivals draw crowds in the villages. "
        "Rail freight carried coal to the south.";
    const char *texts[] = {text};
    size_t lens[] = {strlen(text)};
    ks_span *v = NULL;
    size_t n = ks_select(texts, lens, 1, &v);
    assert_int_equal(n, 2);
    const char *a = "Grain security rests on farmers, the harvest and state reserves of grain.";
    const char *b = "Farmers, reserves and the harvest together decide grain security.";
    assert_int_equal(v[0].len, strlen(a));
    assert_memory_equal(text + v[0].start, a, v[0].len);
    assert_int_equal(v[1].len, strlen(b));
    assert_memory_equal(text + v[1].start, b, v[1].len);
    free(v);
}

/* The same across two texts in Chinese: the hub sentence of the second
 * text shares bigrams with sentences of both. */
static void select_pooled_chinese(void **state)
{
    (void)state;
    const char *t1 = "粮食安全是国家安全的重要基础。今天天气晴朗。储备粮食要管好。";
    const char *t2 = "火箭发射成功。粮食安全和粮食储备是国家安全的基础。博物馆开放了。";
    const char *texts[] = {t1, t2};
    size_t lens[] = {strlen(t1), strlen(t2)};
    ks_span *v = NULL;
    size_t n = ks_select(texts, lens, 2, &v);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].text, 0);
    assert_int_equal(v[0].start, 0);
    assert_memory_equal(t1, "粮食安全是国家安全的重要基础。", v[0].len);
    assert_int_equal(v[1].text, 1);
    const char *hub = "粮食安全和粮食储备是国家安全的基础。";
    assert_int_equal(v[1].len, strlen(hub));
    assert_memory_equal(t2 + v[1].start, hub, v[1].len);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_english),        cmocka_unit_test(split_chinese),
        cmocka_unit_test(split_nothing),        cmocka_unit_test(textrank_star),
        cmocka_unit_test(similarity_is_cosine), cmocka_unit_test(key_counts),
        cmocka_unit_test(select_hubs),          cmocka_unit_test(select_pooled_chinese),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
