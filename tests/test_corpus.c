/*
 * test_corpus.c — reading readouts: the JSON Lines and text formats, every
 * field check and its message, dates, language detection, duplicate ids.
 * Tests are data where they can be: a record and the error it must give.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus/corpus.h"
#include "corpus/store.h"
#include "base/fsio.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "tests/fixtures.h"

static pt_taxonomy tax;

static int setup(void **state)
{
    (void)state;
    return fixture_taxonomy(&tax);
}

static int teardown(void **state)
{
    (void)state;
    taxonomy_free(&tax);
    return 0;
}

static void test_taxonomy_shipped(void **state)
{
    (void)state;
    assert_int_equal(tax.n, 5);
    const char *want[] = {"economy", "party-building", "defense", "culture", "frontier"};
    for (int k = 0; k < 5; k++)
        assert_string_equal(tax.names[k], want[k]);
    assert_true(strlen(tax.descriptions[4]) > 100);
}

static void test_json_record_fields(void **state)
{
    (void)state;
    const char *line =
        "{\"id\":\"20-11-en\",\"date\":\"2024-01-31\",\"cc\":20,\"session\":11,\"lang\":\"en\","
        "\"title\":\"High-quality development\",\"lecturers\":[{\"name\":\"Ma Xingrui\",\"affiliation\":"
        "\"Politburo member\",\"role\":\"self-study\"}],\"themes\":[\"economy\",\"culture\"],"
        "\"text\":\"New quality productive forces.\",\"source_url\":\"ignored\"}";
    pt_corpus c;
    corpus_init(&c);
    c.docs = calloc(1, sizeof *c.docs);
    c.n = c.cap = 1;
    pt_doc *dp = &c.docs[0];
    pt_error err = {0};
    assert_int_equal(corpus_parse_json(dp, line, strlen(line), "x.jsonl:1", &tax, &err), 0);
    const pt_doc d = *dp;
    assert_string_equal(d.id, "20-11-en");
    assert_string_equal(d.date, "2024-01-31");
    assert_int_equal(d.cc, 20);
    assert_int_equal(d.session, 11);
    assert_string_equal(d.lang, "en");
    assert_int_equal(d.n_lecturers, 1);
    assert_string_equal(d.lecturers[0].role, "self-study");
    assert_true(d.labelled);
    assert_int_equal(d.n_themes, 2);
    assert_int_equal(d.themes[0], 0); /* economy first: primary */
    assert_int_equal(d.themes[1], 3);
    corpus_free(&c);
}

static void test_json_minimal_record_gets_id_and_lang(void **state)
{
    (void)state;
    const char *line = "{\"text\":\"中央政治局就新质生产力进行第十一次集体学习。\"}";
    pt_doc d = {0};
    pt_error err = {0};
    assert_int_equal(corpus_parse_json(&d, line, strlen(line), "x:1", &tax, &err), 0);
    /* "doc-" and the first 12 hex digits of the text's SHA-256, computed
     * apart from politrend (Python's hashlib), not with the code under test. */
    assert_string_equal(d.id, "doc-50af4ce64e32");
    assert_string_equal(d.lang, "zh");
    assert_false(d.labelled);
    free(d.id);
    free(d.text);
}

typedef struct {
    const char *json;
    const char *message;
} bad_case;

static const bad_case bad_records[] = {
    {"{\"text\":\"x\",\"themes\":[\"econ\"]}",
     "x:7: unknown theme 'econ' (the taxonomy has 5 themes; see corpus/themes.tsv)"},
    {"{\"text\":\"x\",\"date\":\"2024-02-30\"}", "x:7: date '2024-02-30' is not a calendar date written YYYY-MM-DD"},
    {"{\"text\":\"x\",\"date\":\"31/01/2024\"}", "x:7: date '31/01/2024' is not a calendar date written YYYY-MM-DD"},
    {"{\"text\":\"   \"}", "x:7: text is empty"},
    {"{\"title\":\"no text\"}", "x:7: readout has no 'text' field"},
    {"{\"text\":42}", "x:7: field 'text' must be a string"},
    {"{\"text\":\"x\",\"cc\":\"20\"}", "x:7: field 'cc' must be a whole number from 1 to 99"},
    {"{\"text\":\"x\",\"session\":0}", "x:7: field 'session' must be a whole number from 1 to 99"},
    {"{\"text\":\"x\",\"lang\":\"fr\"}", "x:7: lang 'fr' is not supported (use \"en\" or \"zh\")"},
    {"{\"text\":\"x\",\"themes\":\"economy\"}", "x:7: field 'themes' must be an array of theme names"},
    {"{\"text\":\"x\",\"themes\":[\"economy\",\"economy\"]}", "x:7: theme 'economy' is listed twice"},
    {"{\"text\":\"x\",\"lecturers\":[{\"affiliation\":\"CASS\"}]}", "x:7: lecturer 1 has no name"},
    {"{\"text\":\"x\",\"lecturers\":[{\"name\":\"A\",\"role\":\"professor\"}]}",
     "x:7: lecturer role 'professor' is not one of academic, think-tank, official, military, self-study"},
    {"{\"text\":\"x\",\"id\":\"\"}", "x:7: id is empty"},
    {"[1,2]", "x:7: a readout must be a JSON object"},
    {"{\"text\":\"x\"", "x:7: malformed JSON: '}' expected near end of file (column 11)"},
    {"{\"text\":\"a\\u0000b\"}", "x:7: malformed JSON: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"a\\u0000b\"' (column 18)"},
    {"{\"text\":\"x\",\"text\":\"y\"}", "x:7: malformed JSON: duplicate object key near '\"text\"' (column 18)"},
};

static void test_json_bad_records(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof bad_records / sizeof bad_records[0]; k++) {
        pt_corpus c;
        corpus_init(&c);
        pt_doc *d = calloc(1, sizeof *d);
        c.docs = d;
        c.n = c.cap = 1;
        pt_error err = {0};
        int rc = corpus_parse_json(d, bad_records[k].json, strlen(bad_records[k].json), "x:7", &tax, &err);
        if (rc != -1 || strcmp(err.msg, bad_records[k].message) != 0)
            fail_msg("record %zu %s\n  got:  %s\n  want: %s", k, bad_records[k].json, err.msg,
                     bad_records[k].message);
        assert_int_equal(err.status, PT_ERR_DATA);
        corpus_free(&c);
    }
}

static void test_dates(void **state)
{
    (void)state;
    assert_true(corpus_valid_date("2024-02-29"));
    assert_false(corpus_valid_date("2023-02-29"));
    assert_true(corpus_valid_date("2000-02-29"));
    assert_false(corpus_valid_date("1900-02-29"));
    assert_false(corpus_valid_date("2024-13-01"));
    assert_false(corpus_valid_date("2024-04-31"));
    assert_false(corpus_valid_date("2024-4-1"));
    assert_false(corpus_valid_date("2024-01-01x"));
}

static char *write_temp(const char *name, const char *content, size_t len)
{
    static char dir[64];
    if (dir[0] == '\0') {
        snprintf(dir, sizeof dir, "/tmp/pt-corpus-XXXXXX");
        assert_non_null(mkdtemp(dir));
    }
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    fwrite(content, 1, len, f);
    fclose(f);
    return path;
}

static void test_txt_format(void **state)
{
    (void)state;
    const char *txt = "Title: Border defense\nDate: 2024-07-30\nSession: 20-16\nLang: en\n"
                      "Themes: defense, frontier\nLecturer: Huang Jizhong (Joint Staff Department); military\n"
                      "\nThe Politburo studied border, coastal and air defense.\nSecond line.\n";
    char *path = write_temp("a.txt", txt, strlen(txt));
    pt_corpus c;
    corpus_init(&c);
    pt_error err = {0};
    assert_int_equal(corpus_read_path(&c, path, &tax, &err), 0);
    assert_int_equal(c.n, 1);
    pt_doc *d = &c.docs[0];
    assert_string_equal(d->title, "Border defense");
    assert_int_equal(d->cc, 20);
    assert_int_equal(d->session, 16);
    assert_int_equal(d->n_themes, 2);
    assert_int_equal(d->themes[0], 2);
    assert_string_equal(d->lecturers[0].name, "Huang Jizhong");
    assert_string_equal(d->lecturers[0].affiliation, "Joint Staff Department");
    assert_string_equal(d->lecturers[0].role, "military");
    assert_string_equal(d->text, "The Politburo studied border, coastal and air defense.\nSecond line.\n");
    corpus_free(&c);
    free(path);
}

static void test_txt_body_only(void **state)
{
    (void)state;
    const char *txt = "中共中央政治局10月28日下午就建设文化强国进行第十七次集体学习。";
    char *path = write_temp("b.txt", txt, strlen(txt));
    pt_corpus c;
    corpus_init(&c);
    pt_error err = {0};
    assert_int_equal(corpus_read_path(&c, path, &tax, &err), 0);
    assert_string_equal(c.docs[0].text, txt);
    assert_string_equal(c.docs[0].lang, "zh");
    assert_false(c.docs[0].labelled);
    corpus_free(&c);
    free(path);
}

typedef struct {
    const char *name;
    const char *content;
    size_t len;
    const char *suffix; /* expected message after the file's path */
} bad_file;

static void test_bad_files(void **state)
{
    (void)state;
    static const bad_file cases[] = {
        {"e.jsonl", "", 0, ": no readouts in this file"},
        {"u.jsonl", "{\"text\":\"ok\"}\n{\"text\":\"caf\xC3\"}\n", 29,
         ":2: invalid UTF-8 at byte 13 of the line: truncated sequence"},
        {"h.txt", "Title: x\nColour: red\n\nbody", 26,
         ":2: unknown header 'Colour' (the headers are Title, Date, Session, Lang, Themes, Lecturer, Source, Id, "
         "Kind; a blank line ends them)"},
        {"g.txt", "Title: x\nnot a header\n\nbody", 27,
         ":2: expected a header 'Key: value' (Title, Date, Session, Lang, Themes, Lecturer, Source, Id, Kind) or a "
         "blank line before the body"},
        {"s.txt", "Session: 20/11\n\nbody", 20, ":1: Session '20/11' must be written TERM-NUMBER, e.g. 20-11 (term 1 to 99, number 1 to 99)"},
        {"n.txt", "Title: x\n\nbo\0dy", 15, ":3: file contains a NUL byte"},
        {"o.txt", "Title: x\n\nover\xC0\xAFlong", 20, ":3: invalid UTF-8 at byte 15 of the file: byte that never appears in UTF-8"},
        {"t.txt", "Title: x\n\n \n", 12, ":3: text is empty"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *path = write_temp(cases[k].name, cases[k].content, cases[k].len);
        pt_corpus c;
        corpus_init(&c);
        pt_error err = {0};
        char want[512];
        snprintf(want, sizeof want, "%s%s", path, cases[k].suffix);
        int rc = corpus_read_path(&c, path, &tax, &err);
        if (rc != -1 || strcmp(err.msg, want) != 0)
            fail_msg("case %s\n  got:  %s\n  want: %s", cases[k].name, err.msg, want);
        assert_int_equal(err.status, PT_ERR_DATA);
        corpus_free(&c);
        free(path);
    }
}

static void test_missing_path(void **state)
{
    (void)state;
    pt_corpus c;
    corpus_init(&c);
    pt_error err = {0};
    assert_int_equal(corpus_read_path(&c, "/nonexistent/readouts.jsonl", &tax, &err), -1);
    assert_int_equal(err.status, PT_ERR_NOINPUT);
    assert_string_equal(err.msg, "/nonexistent/readouts.jsonl: No such file or directory");
}

static void test_duplicate_ids_and_labels(void **state)
{
    (void)state;
    const char *jl = "{\"id\":\"a\",\"text\":\"one\",\"themes\":[]}\n"
                     "{\"id\":\"b\",\"text\":\"two\"}\n"
                     "{\"id\":\"a\",\"text\":\"three\",\"themes\":[]}\n";
    char *path = write_temp("d.jsonl", jl, strlen(jl));
    pt_corpus c;
    corpus_init(&c);
    pt_error err = {0};
    assert_int_equal(corpus_read_path(&c, path, &tax, &err), 0);
    assert_int_equal(c.n, 3);
    char want[512];
    assert_int_equal(corpus_check_unique_ids(&c, &err), -1);
    snprintf(want, sizeof want, "%s:3: duplicate id 'a' (first at %s:1)", path, path);
    assert_string_equal(err.msg, want);
    assert_int_equal(corpus_check_labelled(&c, &err), -1);
    snprintf(want, sizeof want,
             "%s:2: readout 'b' has no themes field; training needs labelled readouts (use [] for none of the themes)",
             path);
    assert_string_equal(err.msg, want);
    corpus_free(&c);
    free(path);
}

static void test_embedded_corpus_is_valid(void **state)
{
    (void)state;
    pt_corpus c;
    pt_error err = {0};
    fixture_embedded_corpus(&c, &tax);
    assert_int_equal(corpus_check_unique_ids(&c, &err), 0);
    assert_int_equal(corpus_check_labelled(&c, &err), 0);
    assert_true(c.n >= 200);
    size_t en = 0, zh = 0;
    for (size_t k = 0; k < c.n; k++) {
        const pt_doc *d = &c.docs[k];
        assert_non_null(d->date);
        assert_true(d->cc >= 16 && d->session >= 1);
        char want[32];
        snprintf(want, sizeof want, "%d-%d-%s", d->cc, d->session, d->lang);
        if (strcmp(want, d->id) != 0)
            fail_msg("%s:%ld: id %s should be %s", d->source, d->line, d->id, want);
        assert_non_null(d->kind);
        assert_string_equal(d->kind, "synopsis");
        if (strcmp(d->lang, "en") == 0) {
            en++;
            size_t words = 0;
            for (const char *p = d->text; *p;) {
                while (*p == ' ' || *p == '\n' || *p == '\t')
                    p++;
                if (*p == '\0')
                    break;
                words++;
                while (*p && *p != ' ' && *p != '\n' && *p != '\t')
                    p++;
            }
            if (words < 120 || words > 250)
                fail_msg("%s: %zu words, not 120-250", d->id, words);
        } else {
            zh++;
            size_t chars = 0;
            for (const unsigned char *p = (const unsigned char *)d->text; *p; p++)
                if ((*p & 0xC0) != 0x80 && *p != ' ' && *p != '\n')
                    chars++;
            if (chars < 200 || chars > 450)
                fail_msg("%s: %zu characters, not 200-450", d->id, chars);
        }
        for (size_t l = 0; l < d->n_lecturers; l++)
            assert_non_null(d->lecturers[l].role);
    }
    assert_int_equal(en, zh);
    assert_true(en >= 100);
    corpus_free(&c);
}

/* Issue 14, fault 1: whatever ingest accepts, the store reader accepts,
 * byte for byte.  Every readout of the embedded corpus passes the store
 * check, and saving, loading and saving again gives the same bytes. */
static void test_store_round_trip_embedded(void **state)
{
    (void)state;
    pt_corpus c, back;
    fixture_embedded_corpus(&c, &tax);
    corpus_init(&back);
    pt_error err = {0};
    for (size_t k = 0; k < c.n; k++)
        if (store_check_doc(&c.docs[k], &tax, c.docs[k].id, &err) != 0)
            fail_msg("%s", err.msg);
    char dir[] = "/tmp/pt-store-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char first[64], second[64];
    snprintf(first, sizeof first, "%s/a.jsonl", dir);
    snprintf(second, sizeof second, "%s/b.jsonl", dir);
    if (store_save(&c, first, &tax, &err) != 0 || store_load(&back, first, &tax, &err) != 0 ||
        store_save(&back, second, &tax, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(back.n, c.n);
    char *a, *b;
    size_t na, nb;
    assert_int_equal(fsio_read_all(first, 64u << 20, &a, &na, &err), 0);
    assert_int_equal(fsio_read_all(second, 64u << 20, &b, &nb, &err), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
    unlink(first);
    unlink(second);
    rmdir(dir);
    corpus_free(&back);
    corpus_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_taxonomy_shipped),
        cmocka_unit_test(test_json_record_fields),
        cmocka_unit_test(test_json_minimal_record_gets_id_and_lang),
        cmocka_unit_test(test_json_bad_records),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_txt_format),
        cmocka_unit_test(test_txt_body_only),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_missing_path),
        cmocka_unit_test(test_duplicate_ids_and_labels),
        cmocka_unit_test(test_embedded_corpus_is_valid),
        cmocka_unit_test(test_store_round_trip_embedded),
    };
    return cmocka_run_group_tests_name("corpus", tests, setup, teardown);
}
