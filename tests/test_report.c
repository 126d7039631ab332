/*
 * test_report.c — the reports stage on small corpora whose answers are
 * known by hand (cmocka).
 *
 * The corpus below (three themes; probabilities and tokens given by hand,
 * so no model or tokeniser is involved) has, by construction:
 *
 *   session     date        readouts            labels          mean probs (eco, pb, def)
 *   1-1         2020-03-10  1-1-en, 1-1-zh      economy         0.8  0.2  0.1
 *   1-2         2020-06-25  1-2-en              party-building  0.2  0.6  0.1
 *   1-4         2021-07-28  1-4-en, dateonly    (model)         0.2  0.2  0.7  -> defense
 *   1-5         2021-09-30  1-5-en              (model)         0.3  0.4  0.2  -> none
 *   1-7         2021-12-01  1-7-en              [] (manual)     -> none
 *   2022-02-01  2022-02-01  d22                 (model)         0.6  0.55 0.1  -> economy
 *
 * "dateonly" has no cc/session and the date of 1-4, so it joins 1-4.
 * Missing numbers in term 1: 3 (between 1-2 in 2020 and 1-4 in 2021: put
 * in 2021, year uncertain) and 6 (between 1-5 and 1-7, both 2021).
 * Anniversaries: 1-2 is 6 days before July 1, 1-4 4 days before August 1,
 * 1-5 1 day before October 1, 1-7 4 days before the calendar's plenum on
 * 2021-12-05 (the calendar's 2020-03-25 event is 15 days after 1-1: no).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/assert_close.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/xalloc.h"
#include "reports/internal.h"

/* ---- fixture ------------------------------------------------------------------- */

static const char themes_tsv[] = "economy\tthe economy\nparty-building\tthe Party\ndefense\tarmed force\n";

static const char corpus_jsonl[] =
    "{\"id\":\"1-1-en\",\"date\":\"2020-03-10\",\"cc\":1,\"session\":1,\"lang\":\"en\","
    "\"title\":\"Markets & <growth>\",\"themes\":[\"economy\"],"
    "\"lecturers\":[{\"name\":\"A Scholar\",\"affiliation\":\"Some University\",\"role\":\"academic\"}],"
    "\"text\":\"Officials reviewed steady growth in spring. Farm output, factory orders and retail sales rose together.\"}\n"
    "{\"id\":\"1-1-zh\",\"date\":\"2020-03-10\",\"cc\":1,\"session\":1,\"lang\":\"zh\",\"title\":\"市场\","
    "\"themes\":[\"economy\"],\"text\":\"会议讨论市场稳定增长。\"}\n"
    "{\"id\":\"1-2-en\",\"date\":\"2020-06-25\",\"cc\":1,\"session\":2,\"lang\":\"en\",\"title\":\"Discipline\","
    "\"themes\":[\"party-building\"],"
    "\"lecturers\":[{\"name\":\"An Official\",\"affiliation\":\"A Ministry\",\"role\":\"official\"},"
    "{\"name\":\"Another Official\",\"affiliation\":\"A Ministry\",\"role\":\"official\"}],\"text\":\"Members heard a lecture on Party discipline. Travel rules, banquet limits and office space were named.\"}\n"
    "{\"id\":\"1-4-en\",\"date\":\"2021-07-28\",\"cc\":1,\"session\":4,\"lang\":\"en\",\"title\":\"The army\","
    "\"text\":\"Soldiers who guard border patrol roads were praised. Winter supplies reach every border patrol station late.\"}\n"
    "{\"id\":\"1-5-en\",\"date\":\"2021-09-30\",\"cc\":1,\"session\":5,\"lang\":\"en\",\"title\":\"Unclear\","
    "\"text\":\"Prices stayed calm while exports recovered slowly.\"}\n"
    "{\"id\":\"1-7-en\",\"date\":\"2021-12-01\",\"cc\":1,\"session\":7,\"lang\":\"en\",\"title\":\"Diplomacy\","
    "\"themes\":[],\"text\":\"Envoys visited border patrol posts near the northern lakes.\"}\n"
    "{\"id\":\"dateonly\",\"date\":\"2021-07-28\",\"lang\":\"en\",\"title\":\"Army translation\",\"text\":\"A translated summary described mountain training for young recruits.\"}\n"
    "{\"id\":\"d22\",\"date\":\"2022-02-01\",\"lang\":\"en\",\"title\":\"Growth again\",\"text\":\"Planners expect consumer demand and private investment to lift output again.\"}\n";

/* Probabilities per readout, in corpus order (economy, party-building, defense). */
static const double probs[] = {
    0.9, 0.1, 0.1, /* 1-1-en */
    0.7, 0.3, 0.1, /* 1-1-zh */
    0.2, 0.6, 0.1, /* 1-2-en */
    0.1, 0.2, 0.9, /* 1-4-en */
    0.3, 0.4, 0.2, /* 1-5-en */
    0.1, 0.1, 0.1, /* 1-7-en */
    0.3, 0.2, 0.5, /* dateonly */
    0.6, 0.55, 0.1, /* d22 */
};

/* Tokens per readout, space-separated, in corpus order. */
static const char *const tokens[] = {
    "growth growth market tifa:alpha", /* 1-1-en */
    "增长 市场",                       /* 1-1-zh */
    "party discipline market",         /* 1-2-en */
    "army border border tifa:beta",    /* 1-4-en */
    "market growth",                   /* 1-5-en */
    "party border",                    /* 1-7-en */
    "army",                            /* dateonly */
    "growth growth growth market tifa:alpha tifa:beta", /* d22 */
};

static const char calendar_tsv[] = "# test calendar\n"
                                   "2021-12-05\tplenum\tTest plenum\n"
                                   "2020-03-25\tcongress\tToo late for 1-1\n";

typedef struct {
    char dir[64];
    pt_taxonomy tax;
    pt_corpus corpus;
    bag_set bags;
    tfidf_model tfidf;
    report_calendar cal;
} fixture;

static void write_file(const char *dir, const char *name, const char *text, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* A bag_set from space-separated tokens, as bags_build would make it. */
static void hand_bags(bag_set *b, const char *const *texts, size_t n)
{
    memset(b, 0, sizeof *b);
    b->raw = vocab_new();
    b->n_docs = n;
    b->offsets = xcalloc(n + 1, sizeof *b->offsets);
    size_t used = 0, cap = 256;
    b->ids = xcalloc(cap, sizeof *b->ids);
    b->counts = xcalloc(cap, sizeof *b->counts);
    for (size_t k = 0; k < n; k++) {
        uint32_t ids[64] = {0};
        size_t m = 0;
        const char *p = texts[k];
        while (*p) {
            const char *end = strchr(p, ' ');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            ids[m++] = vocab_intern(b->raw, p, len);
            p += len + (end != NULL);
        }
        qsort(ids, m, sizeof *ids, cmp_u32);
        for (size_t t = 0; t < m;) {
            size_t run = t;
            while (run < m && ids[run] == ids[t])
                run++;
            b->ids[used] = ids[t];
            b->counts[used] = (uint32_t)(run - t);
            used++;
            t = run;
        }
        b->offsets[k + 1] = used;
    }
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/test_report.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char path[256];
    pt_error err = {0};
    write_file(f->dir, "themes.tsv", themes_tsv, path, sizeof path);
    assert_int_equal(taxonomy_load(&f->tax, path, &err), 0);
    write_file(f->dir, "corpus.jsonl", corpus_jsonl, path, sizeof path);
    corpus_init(&f->corpus);
    if (corpus_read_path(&f->corpus, path, &f->tax, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(f->corpus.n, 8);
    hand_bags(&f->bags, tokens, 8);
    tfidf_config cfg;
    tfidf_config_default(&cfg);
    assert_int_equal(tfidf_fit(&f->tfidf, &cfg, &f->bags, NULL, 0, &err), 0);
    write_file(f->dir, "calendar.tsv", calendar_tsv, path, sizeof path);
    if (report_calendar_load(&f->cal, path, &err) != 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    report_calendar_free(&f->cal);
    tfidf_free(&f->tfidf);
    bags_free(&f->bags);
    corpus_free(&f->corpus);
    taxonomy_free(&f->tax);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static report_inputs inputs(const fixture *f)
{
    return (report_inputs){
        .corpus = &f->corpus, .tax = &f->tax, .probs = probs, .threshold = 0.5,
        .bags = &f->bags, .tfidf = &f->tfidf, .lex = NULL, .cal = &f->cal,
        .version = "test", .model_checksum = "0123456789abcdef",
    };
}

static json_t *get(json_t *o, const char *path)
{
    /* "a.b.c": nested object fields. */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = strtok(buf, "."); p && o; p = strtok(NULL, "."))
        o = json_object_get(o, p);
    return o;
}

static long long iget(json_t *o, const char *path)
{
    json_t *v = get(o, path);
    if (!json_is_integer(v))
        fail_msg("%s is not an integer", path);
    return json_integer_value(v);
}

static double rget(json_t *o, const char *path)
{
    json_t *v = get(o, path);
    if (!json_is_number(v))
        fail_msg("%s is not a number", path);
    return json_number_value(v);
}

/* ---- sessions ------------------------------------------------------------------ */

static void test_sessions_grouping(void **state)
{
    fixture *f = *state;
    report_sessions s;
    pt_error err = {0};
    assert_int_equal(report_sessions_build(&s, &f->corpus, 3, probs, 0.5, &err), 0);
    assert_int_equal(s.n, 6);
    const char *ids[] = {"1-1", "1-2", "1-4", "1-5", "1-7", "2022-02-01"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(s.v[i].id, ids[i]);

    /* 1-1: two readouts, manual, scores the mean. */
    assert_int_equal(s.v[0].n_docs, 2);
    assert_true(s.v[0].manual);
    assert_int_equal(s.v[0].primary, 0);
    assert_close(s.v[0].scores[0], 0.8, 1e-12);
    assert_close(s.v[0].scores[1], 0.2, 1e-12);
    assert_int_equal(s.v[0].title_doc, 0); /* the English readout's title */

    /* 1-4: joined by the date-only readout; the model decides: defense. */
    assert_int_equal(s.v[2].n_docs, 2);
    assert_false(s.v[2].manual);
    assert_int_equal(s.v[2].primary, 2);
    assert_close(s.v[2].scores[2], 0.7, 1e-12);
    assert_int_equal(s.v[2].n_themes, 1);

    /* 1-5: no theme reaches the threshold. */
    assert_int_equal(s.v[3].primary, -1);
    assert_int_equal(s.v[3].n_themes, 0);

    /* 1-7: labelled with [] -> manual, no theme. */
    assert_true(s.v[4].manual);
    assert_int_equal(s.v[4].primary, -1);

    /* 2022-02-01: two themes >= 0.5, most probable first. */
    assert_int_equal(s.v[5].cc, 0);
    assert_int_equal(s.v[5].primary, 0);
    assert_int_equal(s.v[5].n_themes, 2);
    assert_int_equal(s.v[5].themes[0], 0);
    assert_int_equal(s.v[5].themes[1], 1);
    assert_int_equal(s.v[5].year, 2022);
    assert_int_equal(report_sessions_find(&s, "1-7"), 4);
    assert_int_equal(report_sessions_find(&s, "1-3"), -1);
    report_sessions_free(&s);
}

static void test_missing_numbers(void **state)
{
    fixture *f = *state;
    report_sessions s;
    pt_error err = {0};
    assert_int_equal(report_sessions_build(&s, &f->corpus, 3, probs, 0.5, &err), 0);
    report_missing *m;
    size_t n = report_missing_find(&s, &m);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].cc, 1);
    assert_int_equal(m[0].number, 3);
    assert_int_equal(m[0].year, 2021);      /* the year of the next session, 1-4 */
    assert_false(m[0].year_certain);        /* 1-2 was in 2020 */
    assert_string_equal(s.v[m[0].prev].id, "1-2");
    assert_string_equal(s.v[m[0].next].id, "1-4");
    assert_int_equal(m[1].number, 6);
    assert_int_equal(m[1].year, 2021);
    assert_true(m[1].year_certain);
    free(m);
    report_sessions_free(&s);
}

static void test_session_needs_date(void **state)
{
    fixture *f = *state;
    char path[256];
    pt_error err = {0};
    write_file(f->dir, "undated.jsonl", "{\"id\":\"x\",\"lang\":\"en\",\"text\":\"t\"}\n", path, sizeof path);
    pt_corpus c;
    corpus_init(&c);
    assert_int_equal(corpus_read_path(&c, path, &f->tax, &err), 0);
    report_sessions s;
    double p[3] = {0};
    assert_int_equal(report_sessions_build(&s, &c, 3, p, 0.5, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    assert_non_null(strstr(err.msg, "undated.jsonl:1: x: readout has neither a date nor cc and session"));
    corpus_free(&c);
}

/* ---- dates, calendar, anniversaries -------------------------------------------- */

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(report_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(report_days_from_civil(2000, 3, 1) - report_days_from_civil(2000, 2, 28), 2); /* leap */
    assert_int_equal(report_days_from_civil(2024, 7, 1) - report_days_from_civil(2024, 6, 27), 4);
    int y, m, d;
    long day;
    assert_int_equal(report_parse_date("2024-02-29", &y, &m, &d, &day), 0);
    assert_int_equal(report_parse_date("2023-02-29", &y, &m, &d, &day), -1);
}

static void test_calendar_errors(void **state)
{
    fixture *f = *state;
    char path[256];
    pt_error err = {0};
    report_calendar cal;
    write_file(f->dir, "bad1.tsv", "# c\n2021-01-01\tparty\tX\n", path, sizeof path);
    assert_int_equal(report_calendar_load(&cal, path, &err), -1);
    assert_non_null(strstr(err.msg, "bad1.tsv:2: kind 'party' is neither congress nor plenum"));
    write_file(f->dir, "bad2.tsv", "2021-02-30\tplenum\tX\n", path, sizeof path);
    assert_int_equal(report_calendar_load(&cal, path, &err), -1);
    assert_non_null(strstr(err.msg, "bad2.tsv:1: '2021-02-30' is not a date"));
    write_file(f->dir, "bad3.tsv", "2021-02-03 plenum X\n", path, sizeof path);
    assert_int_equal(report_calendar_load(&cal, path, &err), -1);
    assert_non_null(strstr(err.msg, "bad3.tsv:1: expected 3 tab-separated fields"));
    assert_int_equal(report_calendar_load(&cal, "/nonexistent/cal.tsv", &err), -1);
    assert_int_equal(err.status, PT_ERR_NOINPUT);
    assert_int_equal(report_calendar_load(&cal, NULL, &err), 0);
    assert_int_equal(cal.n, 0);
    /* The shipped calendar loads. */
    assert_int_equal(report_calendar_load(&cal, PT_DATADIR "/reports/calendar.tsv", &err), 0);
    assert_true(cal.n >= 30);
    report_calendar_free(&cal);
}

static void test_anniversaries(void **state)
{
    fixture *f = *state;
    report_ctx r;
    report_inputs in = inputs(f);
    pt_error err = {0};
    assert_int_equal(report_ctx_build(&r, &in, &err), 0);
    report_anniv an[8];
    /* 1-1 (2020-03-10): the congress on 2020-03-25 is 15 days later: none. */
    assert_int_equal(report_anniversaries(&f->cal, &r.sessions.v[0], an, 8), 0);
    /* 1-2 (2020-06-25): 6 days before July 1. */
    assert_int_equal(report_anniversaries(&f->cal, &r.sessions.v[1], an, 8), 1);
    assert_int_equal(an[0].days_before, 6);
    assert_string_equal(an[0].date, "2020-07-01");
    assert_string_equal(an[0].kind, "fixed");

    json_t *y = report_year_json(&r, 2021, &err);
    assert_non_null(y);
    json_t *a = json_object_get(y, "anniversaries");
    assert_int_equal(json_array_size(a), 3);
    const char *sess[] = {"1-4", "1-5", "1-7"};
    const long days[] = {4, 1, 4};
    const char *when[] = {"2021-08-01", "2021-10-01", "2021-12-05"};
    for (size_t k = 0; k < 3; k++) {
        json_t *x = json_array_get(a, k);
        assert_string_equal(json_string_value(get(x, "session")), sess[k]);
        assert_int_equal(iget(x, "days_before"), days[k]);
        assert_string_equal(json_string_value(get(x, "event.date")), when[k]);
    }
    assert_string_equal(json_string_value(get(json_array_get(a, 0), "primary")), "defense");
    assert_true(json_is_null(get(json_array_get(a, 1), "primary")));
    assert_string_equal(json_string_value(get(json_array_get(a, 2), "event.kind")), "plenum");
    json_decref(y);
    report_ctx_free(&r);
}

/* ---- counts, shares and the year report ---------------------------------------- */

static void test_year_counts_and_shares(void **state)
{
    fixture *f = *state;
    report_ctx r;
    report_inputs in = inputs(f);
    pt_error err = {0};
    assert_int_equal(report_ctx_build(&r, &in, &err), 0);
    assert_int_equal(r.n_years, 3);

    json_t *y = report_year_json(&r, 2020, &err);
    assert_non_null(y);
    assert_int_equal(iget(y, "year"), 2020);
    assert_int_equal(iget(y, "sessions.count"), 2);
    assert_int_equal(iget(y, "themes.economy.count"), 1);
    assert_close(rget(y, "themes.economy.share"), 0.5, 1e-12);
    /* mean probability over the year's sessions: (0.8 + 0.2) / 2 */
    assert_close(rget(y, "themes.economy.mean_probability"), 0.5, 1e-12);
    assert_int_equal(iget(y, "themes.party-building.count"), 1);
    assert_int_equal(iget(y, "themes.defense.count"), 0);
    assert_close(rget(y, "themes.defense.share"), 0.0, 0);
    assert_int_equal(iget(y, "unassigned.count"), 0);
    assert_int_equal(json_array_size(get(y, "missing_sessions")), 0);
    /* Months: March and June. */
    assert_int_equal(iget(json_array_get(get(y, "calendar"), 2), "count"), 1);
    assert_int_equal(iget(json_array_get(get(y, "calendar"), 5), "count"), 1);
    /* Lecturers: the English readouts' lecturers. */
    assert_int_equal(iget(y, "lecturers.roles.official.lecturers"), 2);
    assert_int_equal(iget(y, "lecturers.roles.official.sessions"), 1);
    assert_int_equal(iget(y, "lecturers.roles.academic.lecturers"), 1);
    json_t *s0 = json_array_get(get(y, "sessions.list"), 0);
    assert_string_equal(json_string_value(get(s0, "label_source")), "manual");
    assert_int_equal(json_array_size(get(s0, "languages")), 2);
    assert_int_equal(json_array_size(get(s0, "readouts")), 2);
    assert_string_equal(json_string_value(get(y, "generated_by.model_checksum")), "0123456789abcdef");
    json_decref(y);

    y = report_year_json(&r, 2021, &err);
    assert_int_equal(iget(y, "sessions.count"), 3);
    assert_int_equal(iget(y, "themes.defense.count"), 1);
    assert_int_equal(iget(y, "unassigned.count"), 2);
    assert_close(rget(y, "unassigned.share"), 2.0 / 3.0, 1e-12);
    json_t *miss = get(y, "missing_sessions");
    assert_int_equal(json_array_size(miss), 2);
    assert_string_equal(json_string_value(get(json_array_get(miss, 0), "id")), "1-3");
    assert_true(json_is_false(get(json_array_get(miss, 0), "year_certain")));
    assert_string_equal(json_string_value(get(json_array_get(miss, 1), "id")), "1-6");
    json_t *s14 = json_array_get(get(y, "sessions.list"), 0);
    assert_string_equal(json_string_value(get(s14, "label_source")), "model");
    assert_close(rget(s14, "confidence"), 0.7, 1e-12);
    json_t *s15 = json_array_get(get(y, "sessions.list"), 1);
    assert_true(json_is_null(get(s15, "primary")));
    assert_true(json_is_null(get(s15, "confidence")));
    json_decref(y);
    report_ctx_free(&r);
}

/* ---- keyness ---------------------------------------------------------------------- */

static void test_g2_by_hand(void **state)
{
    (void)state;
    /* "border" in 2021 (target) against 2020 (reference): a = 3, b = 0,
     * each year has 8 term tokens, so c = 5, d = 8, N = 16.
     *   E11 = (a+b)(a+c)/N = 3·8/16 = 1.5    E12 = (a+b)(b+d)/N = 1.5
     *   E21 = (c+d)(a+c)/N = 13·8/16 = 6.5   E22 = (c+d)(b+d)/N = 6.5
     *   G² = 2 [3 ln(3/1.5) + 0 + 5 ln(5/6.5) + 8 ln(8/6.5)]
     *      = 2 [2.0794415 − 1.3118213 + 1.6611152] = 4.8574703
     *   q  = 1 + (16/3 + 16/13 − 1)(16/8 + 16/8 − 1) / (6·16)
     *      = 1 + 5.5641026 · 3 / 96 = 1.1738782
     *   G²/q = 4.1379679, positive since a = 3 > E11 = 1.5. */
    assert_close(report_g2(3, 0, 5, 8), 4.1379679, 1e-6);
    /* The mirror table: the term is under-used in the target. */
    assert_close(report_g2(0, 3, 8, 5), -4.1379679, 1e-6);
    /* A second table: 10 of 100 against 5 of 200:
     *   E11 = 5, E12 = 10, E21 = 95, E22 = 190,
     *   G² = 2 [10 ln 2 + 5 ln 0.5 + 90 ln(90/95) + 195 ln(195/190)] = 7.3298123,
     *   q = 1 + (20 + 300/285 − 1)(3 + 1.5 − 1)/1800 = 1.0389912, G²/q = 7.0547393 */
    assert_close(report_g2(10, 5, 90, 195), 7.0547393, 1e-6);
    /* Empty margins give 0, never NaN. */
    assert_close(report_g2(0, 0, 5, 5), 0.0, 0);
    assert_close(report_g2(1, 1, 0, 0), 0.0, 0);
}

static void test_rising_falling_first_seen(void **state)
{
    fixture *f = *state;
    report_ctx r;
    report_inputs in = inputs(f);
    pt_error err = {0};
    assert_int_equal(report_ctx_build(&r, &in, &err), 0);

    /* The texts hold two phrases that recur: "output" (1-1-en in 2020, d22
     * in 2022) and "border patrol" (twice in 1-4-en, once in 1-7-en, 2021).
     * 2020 is the first year: nothing to compare with, and it says so. */
    json_t *y = report_year_json(&r, 2020, &err);
    assert_int_equal(json_array_size(get(y, "terms.rising")), 0);
    assert_int_equal(json_array_size(get(y, "terms.falling")), 0);
    assert_int_equal(json_array_size(get(y, "new_phrases")), 0);
    assert_non_null(strstr(json_string_value(get(y, "new_phrases_note")), "nothing to compare with"));
    /* Phrases first seen in 2020 in >= 2 of its readouts: none ("output" is in one). */
    assert_int_equal(json_array_size(get(y, "first_seen.terms")), 0);
    json_t *ft = get(y, "first_seen.tifa");
    assert_int_equal(json_array_size(ft), 1);
    assert_string_equal(json_string_value(get(json_array_get(ft, 0), "key")), "alpha");
    assert_true(json_is_null(get(y, "tifa.previous_year")));
    /* Top terms are phrases as written. */
    json_t *tt = get(y, "terms.top");
    assert_int_equal(json_array_size(tt), 1);
    assert_string_equal(json_string_value(get(json_array_get(tt, 0), "term")), "output");
    assert_string_equal(json_string_value(get(json_array_get(tt, 0), "lang")), "en");
    json_decref(y);

    y = report_year_json(&r, 2021, &err);
    assert_true(json_is_null(get(y, "new_phrases_note")));
    json_t *np = get(y, "new_phrases");
    assert_int_equal(json_array_size(np), 1);
    json_t *p = json_array_get(np, 0);
    assert_string_equal(json_string_value(get(p, "phrase")), "border patrol");
    assert_string_equal(json_string_value(get(p, "lang")), "en");
    assert_string_equal(json_string_value(get(p, "first_seen")), "2021-07-28");
    assert_string_equal(json_string_value(get(p, "session")), "1-4");
    assert_string_equal(json_string_value(get(p, "readout")), "1-4-en");
    assert_int_equal(iget(p, "count"), 3);
    assert_int_equal(iget(p, "readouts"), 2);
    assert_int_equal(iget(p, "sessions"), 2);
    assert_string_equal(json_string_value(get(p, "context")), "Soldiers who guard border patrol roads were praised.");
    /* Keyness on phrases: 3 phrase occurrences in 2021 (border patrol),
     * 1 before (output in 2020). */
    assert_int_equal(iget(y, "terms.target_tokens"), 3);
    assert_int_equal(iget(y, "terms.reference_tokens"), 1);
    json_t *rising = get(y, "terms.rising");
    assert_int_equal(json_array_size(rising), 1);
    json_t *top = json_array_get(rising, 0);
    assert_string_equal(json_string_value(get(top, "term")), "border patrol");
    assert_int_equal(iget(top, "count"), 3);
    assert_int_equal(iget(top, "count_earlier"), 0);
    assert_close(rget(top, "g2"), report_g2(3, 0, 0, 1), 1e-9);
    assert_true(rget(top, "g2") > 0);
    json_t *falling = get(y, "terms.falling");
    assert_int_equal(json_array_size(falling), 1);
    assert_string_equal(json_string_value(get(json_array_get(falling, 0), "term")), "output");
    assert_close(rget(json_array_get(falling, 0), "g2"), report_g2(0, 1, 3, 0), 1e-9);
    assert_true(rget(json_array_get(falling, 0), "g2") < 0);
    /* First seen in 2021: border patrol, in session 1-4. */
    json_t *fs = get(y, "first_seen.terms");
    assert_int_equal(json_array_size(fs), 1);
    assert_string_equal(json_string_value(get(json_array_get(fs, 0), "term")), "border patrol");
    assert_string_equal(json_string_value(get(json_array_get(fs, 0), "session")), "1-4");
    ft = get(y, "first_seen.tifa");
    assert_int_equal(json_array_size(ft), 1);
    assert_string_equal(json_string_value(get(json_array_get(ft, 0), "key")), "beta");
    /* tifa counts: beta once (new), alpha gone (1 → 0). */
    assert_int_equal(iget(y, "tifa.previous_year"), 2020);
    json_t *ph = get(y, "tifa.phrases");
    assert_int_equal(json_array_size(ph), 2);
    assert_string_equal(json_string_value(get(json_array_get(ph, 0), "key")), "beta");
    assert_int_equal(iget(json_array_get(ph, 0), "change"), 1);
    assert_string_equal(json_string_value(get(json_array_get(ph, 1), "key")), "alpha");
    assert_int_equal(iget(json_array_get(ph, 1), "change"), -1);
    /* No internal token anywhere a person reads. */
    for (size_t k = 0; k < json_array_size(get(y, "terms.top")); k++)
        assert_null(strstr(json_string_value(get(json_array_get(get(y, "terms.top"), k), "term")), "tifa:"));
    json_decref(y);

    /* 2022: "output" was seen in 2020, so nothing is new. */
    y = report_year_json(&r, 2022, &err);
    assert_int_equal(json_array_size(get(y, "new_phrases")), 0);
    assert_true(json_is_null(get(y, "new_phrases_note")));
    json_decref(y);
    report_ctx_free(&r);
}

/* ---- trends --------------------------------------------------------------------------- */

static void test_fit_known_slope(void **state)
{
    (void)state;
    report_fit f;
    /* An exact line: y = 2x − 4001 over 2001..2005. */
    double x[] = {2001, 2002, 2003, 2004, 2005}, y[] = {1, 3, 5, 7, 9};
    report_fit_series(x, y, NULL, 5, &f);
    assert_true(f.has_slope && f.has_se);
    assert_close(f.slope, 2.0, 1e-9);
    assert_close(f.slope_se, 0.0, 1e-6);
    /* A noisy one: x = 0..3, y = 1, 2, 2, 4.  x̄ = 1.5, ȳ = 2.25, Sxx = 5,
     * Sxy = 4.5, slope = 0.9, intercept = 0.9; residuals 0.1, 0.2, −0.7,
     * 0.4, SS = 0.7, s² = 0.7/2 = 0.35, se = sqrt(0.35/5) = 0.2645751. */
    double x2[] = {0, 1, 2, 3}, y2[] = {1, 2, 2, 4};
    report_fit_series(x2, y2, NULL, 4, &f);
    assert_close(f.slope, 0.9, 1e-9);
    assert_close(f.intercept, 0.9, 1e-9);
    assert_close(f.slope_se, 0.2645751, 1e-6);
    /* Equal relative weights give the same line and the same error. */
    double w[] = {2, 2, 2, 2};
    report_fit_series(x2, y2, w, 4, &f);
    assert_close(f.slope, 0.9, 1e-9);
    assert_close(f.slope_se, 0.2645751, 1e-6);
    /* Two points: a slope, no standard error; one point: nothing. */
    report_fit_series(x2, y2, NULL, 2, &f);
    assert_true(f.has_slope);
    assert_false(f.has_se);
    report_fit_series(x2, y2, NULL, 1, &f);
    assert_false(f.has_slope);
    double med[] = {5, 1, 3}, med2[] = {4, 1, 3, 2};
    assert_close(report_median(med, 3), 3.0, 0);
    assert_close(report_median(med2, 4), 2.5, 0);
}

static void test_trends_json(void **state)
{
    fixture *f = *state;
    report_ctx r;
    report_inputs in = inputs(f);
    pt_error err = {0};
    assert_int_equal(report_ctx_build(&r, &in, &err), 0);
    json_t *t = report_trends_json(&r);
    assert_int_equal(json_array_size(get(t, "years")), 3);
    json_t *spy = get(t, "sessions_per_year");
    assert_int_equal(iget(json_array_get(spy, 0), "count"), 2);
    assert_int_equal(iget(json_array_get(spy, 1), "count"), 3);
    assert_int_equal(iget(json_array_get(spy, 1), "missing"), 2);
    /* economy counts 1, 0, 1 -> slope 0; party-building counts 1, 0, 0 ->
     * slope -0.5 (x̄ = 2021, Sxy = (−1)(2/3) + 1(−1/3) = −1, Sxx = 2). */
    assert_close(rget(t, "themes.economy.trend.count.slope"), 0.0, 1e-9);
    assert_close(rget(t, "themes.party-building.trend.count.slope"), -0.5, 1e-9);
    assert_int_equal(json_array_size(get(t, "themes.economy.trend.count.years_used")), 3);
    /* Cadence of term 1: pairs 1→2 (107 days) and 4→5 (64 days). */
    json_t *cad = json_array_get(get(t, "cadence"), 0);
    assert_int_equal(iget(cad, "cc"), 1);
    assert_int_equal(iget(cad, "intervals"), 2);
    assert_close(rget(cad, "median_days"), 85.5, 1e-9);
    assert_int_equal(iget(cad, "min_days"), 64);
    assert_int_equal(iget(cad, "max_days"), 107);
    /* Per term: term 1 has 5 sessions, the dated one has no term. */
    json_t *cc = get(t, "cc_terms");
    assert_int_equal(json_array_size(cc), 2);
    assert_int_equal(iget(json_array_get(cc, 0), "sessions"), 5);
    assert_true(json_is_null(get(json_array_get(cc, 1), "cc")));
    /* tifa yearly counts: alpha 1, 0, 1. */
    json_t *alpha = json_array_get(get(t, "tifa"), 0);
    assert_string_equal(json_string_value(get(alpha, "key")), "alpha");
    assert_int_equal(json_integer_value(json_array_get(get(alpha, "counts"), 1)), 0);
    assert_int_equal(iget(alpha, "total"), 2);
    json_decref(t);
    report_ctx_free(&r);
}

/* ---- range, files, page -------------------------------------------------------------- */

static void test_range_and_files(void **state)
{
    fixture *f = *state;
    report_ctx r;
    report_inputs in = inputs(f);
    in.from_year = 2021;
    pt_error err = {0};
    assert_int_equal(report_ctx_build(&r, &in, &err), 0);
    assert_int_equal(r.n_shown, 2);
    char out[256];
    snprintf(out, sizeof out, "%s/out/nested", f->dir);
    assert_int_equal(report_write_ctx(&r, out, &err), 0);
    char path[320];
    struct stat st;
    snprintf(path, sizeof path, "%s/2020.json", out);
    assert_int_not_equal(stat(path, &st), 0); /* outside the range */
    snprintf(path, sizeof path, "%s/2021.json", out);
    assert_int_equal(stat(path, &st), 0);
    /* Keyness still compares 2021 with 2020 (output, once), and the
     * phrase first seen in 2021 is still new. */
    json_t *y = json_load_file(path, 0, NULL);
    assert_non_null(y);
    assert_int_equal(iget(y, "terms.reference_tokens"), 1);
    assert_int_equal(json_array_size(get(y, "new_phrases")), 1);
    json_decref(y);
    /* A partial range never writes a partial all-years page or trends. */
    snprintf(path, sizeof path, "%s/trends.json", out);
    assert_int_not_equal(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/index.html", out);
    assert_int_not_equal(stat(path, &st), 0);
    report_ctx_free(&r);

    /* The whole range writes them, and removes the year files of years the
     * corpus has no session in (and nothing else). */
    snprintf(path, sizeof path, "%s/1999.json", out);
    assert_int_equal(fsio_write_atomic(path, "{}\n", 3, &err), 0);
    snprintf(path, sizeof path, "%s/notes.json", out);
    assert_int_equal(fsio_write_atomic(path, "{}\n", 3, &err), 0);
    in.from_year = 0;
    assert_int_equal(report_ctx_build(&r, &in, &err), 0);
    assert_int_equal(report_write_ctx(&r, out, &err), 0);
    snprintf(path, sizeof path, "%s/1999.json", out);
    assert_int_not_equal(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/notes.json", out);
    assert_int_equal(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/2020.json", out);
    assert_int_equal(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/trends.json", out);
    assert_int_equal(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/index.html", out);
    char *page;
    size_t len;
    assert_int_equal(fsio_read_all(path, 1 << 24, &page, &len, &err), 0);
    size_t groups = 0;
    for (const char *p = page; (p = strstr(p, "<g class=\"year\"")) != NULL; p++)
        groups++;
    assert_int_equal(groups, 3);
    assert_null(strstr(page, "<script"));
    /* "New this year" shows the phrase, its session and its sentence. */
    assert_non_null(strstr(page, "<h2>New this year</h2>"));
    assert_non_null(strstr(page, "<td>border patrol</td><td>2021-07-28</td><td>1-4</td>"));
    assert_non_null(strstr(page, "Soldiers who guard border patrol roads were praised."));
    free(page);
    report_ctx_free(&r);

    in.from_year = 2030;
    assert_int_equal(report_ctx_build(&r, &in, &err), -1);
    assert_int_equal(err.status, PT_ERR_DATA);
    assert_non_null(strstr(err.msg, "no study sessions from 2030"));
}

static void test_html_escapes(void **state)
{
    fixture *f = *state;
    report_ctx r;
    report_inputs in = inputs(f);
    pt_error err = {0};
    assert_int_equal(report_ctx_build(&r, &in, &err), 0);
    json_t *years[3];
    for (size_t k = 0; k < 3; k++)
        years[k] = report_year_json(&r, r.shown[k], &err);
    json_t *t = report_trends_json(&r);
    size_t len;
    char *page = report_html(&r, years, t, &len);
    assert_int_equal(strlen(page), len);
    assert_non_null(strstr(page, "Markets &amp; &lt;growth&gt;"));
    assert_null(strstr(page, "<growth>"));
    size_t groups = 0;
    for (const char *p = page; (p = strstr(p, "<g class=\"year\"")) != NULL; p++)
        groups++;
    assert_int_equal(groups, 3);
    /* Reproducible: the same inputs give the same bytes. */
    size_t len2;
    char *again = report_html(&r, years, t, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(page, again, len);
    free(again);
    free(page);
    json_decref(t);
    for (size_t k = 0; k < 3; k++)
        json_decref(years[k]);
    report_ctx_free(&r);
}

static void test_json_text(void **state)
{
    (void)state;
    pt_error err = {0};
    json_t *o = json_object();
    json_object_set_new(o, "b", json_real(1.0 / 3.0));
    json_object_set_new(o, "a", json_integer(1));
    char *s = report_json_text(o, &err);
    assert_string_equal(s, "{\n  \"a\": 1,\n  \"b\": 0.333333\n}\n");
    free(s);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sessions_grouping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_needs_date, setup, teardown),
        cmocka_unit_test(test_dates),
        cmocka_unit_test_setup_teardown(test_calendar_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_anniversaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_counts_and_shares, setup, teardown),
        cmocka_unit_test(test_g2_by_hand),
        cmocka_unit_test_setup_teardown(test_rising_falling_first_seen, setup, teardown),
        cmocka_unit_test(test_fit_known_slope),
        cmocka_unit_test_setup_teardown(test_trends_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_range_and_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_escapes, setup, teardown),
        cmocka_unit_test(test_json_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
