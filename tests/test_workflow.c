/*
 * test_workflow.c — the pieces of the batch workflow below the commands:
 * politrend.conf (defaults, keys, errors naming the line, a command's view
 * of it with its options over the file's values, training settings that
 * train and run share, options over them), the list of
 * unpublished sessions, finding stored readouts by id or by session,
 * keeping forgotten readouts once, labelled sessions per theme, and the
 * "unpublished" mark of a missing session number in a year report.
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

#include "corpus/store.h"
#include "corpus/store_edit.h"
#include "corpus/unpublished.h"
#include "models/coverage.h"
#include "pipeline/project.h"
#include "pipeline/project_cmd.h"
#include "pipeline/train_opts.h"
#include "tests/fixtures.h"

static pt_taxonomy tax;
static char dir[] = "/tmp/pt-workflow-XXXXXX";

static int setup(void **state)
{
    (void)state;
    if (mkdtemp(dir) == NULL)
        return -1;
    return fixture_taxonomy(&tax);
}

static int teardown(void **state)
{
    (void)state;
    taxonomy_free(&tax);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *write_file(const char *name, const char *text)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_project_defaults_and_keys(void **state)
{
    (void)state;
    project_conf p;
    pt_error err = {0};
    assert_int_equal(project_load(&p, NULL, &err), 0);
    assert_false(p.found);
    project_free(&p);
    assert_int_equal(project_load(&p, "/nonexistent/politrend.conf", &err), 0);
    assert_false(p.found);
    assert_string_equal(p.store, "corpus/local.jsonl");
    assert_string_equal(p.model, "out/model");
    assert_string_equal(p.out, "out/reports");
    assert_null(p.quarantine);
    assert_int_equal(p.n_corpora, 0);
    project_free(&p);

    char *path = write_file("a.conf", "# comment\n\ncorpus = one.jsonl\ncorpus=two dir\n  store = s.jsonl  \n"
                                      "model = m\nout = o\ninbox = in\nquarantine = q\n");
    assert_int_equal(project_load(&p, path, &err), 0);
    assert_true(p.found);
    assert_int_equal(p.n_corpora, 2);
    assert_string_equal(p.corpora[1], "two dir");
    assert_string_equal(p.store, "s.jsonl");
    assert_string_equal(p.quarantine, "q");
    /* What project_write writes, project_load reads back the same. */
    char *copy = write_file("b.conf", "");
    assert_int_equal(project_write(&p, copy, &err), 0);
    project_conf q;
    assert_int_equal(project_load(&q, copy, &err), 0);
    assert_int_equal(q.n_corpora, 2);
    assert_string_equal(q.corpora[0], "one.jsonl");
    assert_string_equal(q.model, "m");
    assert_string_equal(q.inbox, "in");
    assert_string_equal(q.quarantine, "q");
    project_free(&q);
    project_free(&p);
    free(copy);
    free(path);
}

static void test_project_errors_name_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"store = a\nmodle = x\n", ":2: unknown key 'modle'"},
        {"C = 4\nC = 0\n", ":2: C: -C expects a number from 1e-06 to 1e+06, not '0'"},
        {"seed = -1\n", ":1: seed: --seed expects a whole number"},
        {"kernel = poly\n", ":1: kernel: --kernel must be 'linear' or 'rbf', not 'poly'"},
        {"solver = fast\n", ":1: solver: --solver must be"},
        {"\nfolds = 51\n", ":2: folds: folds expects a whole number from 2 to 50, not '51'"},
        {"grid = maybe\n", ":1: grid: grid must be 'yes' or 'no', not 'maybe'"},
        {"stem = off\n", ":1: stem: stem must be 'yes' or 'no'"},
        {"threshold = 2\n", ":1: threshold: --threshold expects a number from 0 to 1"},
        {"cost = 4\n", ":1: unknown key 'cost' (known: corpus, store, model, out, inbox, quarantine, C, seed"},
        {"no-stem = yes\n", ":1: unknown key 'no-stem'"},
        {"store\n", ":1: expected 'key = value'"},
        {"# x\nmodel =   \n", ":2: 'model' has no value"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *path = write_file("bad.conf", cases[k].text);
        project_conf p;
        pt_error err = {0};
        assert_int_equal(project_load(&p, path, &err), -1);
        assert_int_equal(err.status, PT_ERR_DATA);
        if (strstr(err.msg, cases[k].want) == NULL)
            fail_msg("'%s' gave '%s', expected '%s'", cases[k].text, err.msg, cases[k].want);
        free(path);
    }
}

/* A command sees politrend.conf of its working directory; its --corpus
 * replaces the file's corpora, and any other option replaces one value. */
static void test_project_cmd_options_over_the_file(void **state)
{
    (void)state;
    char *path = write_file("politrend.conf", "corpus = a.jsonl\ncorpus = b\nstore = s.jsonl\nmodel = m\nout = o\n");
    char old[4096];
    assert_non_null(getcwd(old, sizeof old));
    assert_int_equal(chdir(dir), 0);
    project_cmd pc;
    pt_error err = {0};
    assert_int_equal(project_cmd_start(&pc, 3, &err), 0);
    project_cmd_end(&pc);
    assert_int_equal(pc.n_corpora, 2);
    assert_string_equal(pc.corpora[1], "b");
    assert_string_equal(pc.store, "s.jsonl");
    assert_string_equal(pc.model, "m");
    assert_string_equal(pc.out, "o");
    project_cmd_free(&pc);

    assert_int_equal(project_cmd_start(&pc, 3, &err), 0);
    char mine[] = "mine.jsonl";
    project_cmd_corpus(&pc, mine);
    pc.model = "other";
    pc.store = NULL;
    project_cmd_end(&pc);
    assert_int_equal(pc.n_corpora, 1);
    assert_string_equal(pc.corpora[0], "mine.jsonl");
    assert_string_equal(pc.model, "other");
    assert_null(pc.store);
    assert_string_equal(pc.out, "o"); /* what no option changed stays the file's */
    project_cmd_free(&pc);

    free(write_file("politrend.conf", "modle = x\n"));
    assert_int_equal(project_cmd_start(&pc, 1, &err), -1);
    assert_non_null(strstr(err.msg, "politrend.conf:1: unknown key 'modle'"));
    assert_int_equal(unlink(path), 0);
    assert_int_equal(project_cmd_start(&pc, 1, &err), 0); /* no file: the defaults */
    project_cmd_end(&pc);
    assert_int_equal(pc.n_corpora, 0);
    assert_string_equal(pc.model, "out/model");
    project_cmd_free(&pc);
    assert_int_equal(chdir(old), 0);
    free(path);
}

/* Training settings: checked when the file is read, applied by
 * train_cmd_start in the file's order, and overridden by the options. */
static void test_project_training_settings(void **state)
{
    (void)state;
    char *path = write_file("t.conf", "C = 4\nseed = 7\nkernel = rbf\ngrid = yes\nfolds = 3\nlexicon = none\n"
                                      "themes = my.tsv\nstem = no\nclass-weights = yes\nthreshold = 0.4\nC = 8\n"
                                      "sublinear-tf = no\nsublinear-tf = yes\n");
    project_conf p;
    pt_error err = {0};
    assert_int_equal(project_load(&p, path, &err), 0);
    assert_int_equal(p.n_settings, 13);
    assert_int_equal(p.settings[10].line, 11);
    cli_defaults d = {.themes = "T", .lexicon = "L", .formulae = "F"};
    train_cmd tc;
    train_config cfg;
    char *argv0[] = {"train", NULL};
    train_cmd_start(&tc, "train", "C:", (const struct option[]){{0, 0, 0, 0}}, &cfg, &d, &p);
    assert_int_equal(train_cmd_next(&tc, 1, argv0, &cfg), -1);
    assert_true(cfg.svm.C == 8); /* a later line wins */
    assert_int_equal(cfg.svm.seed, 7);
    assert_int_equal(cfg.svm.kernel, SVMX_RBF);
    assert_true(tc.grid);
    assert_int_equal(tc.folds, 3);
    assert_null(cfg.tok.lexicon_path);
    assert_true(tc.lexicon_given);
    assert_string_equal(cfg.tok.formulae_path, "F"); /* unset: the shipped file */
    assert_false(tc.formulae_given);
    assert_string_equal(tc.themes, "my.tsv");
    assert_true(tc.themes_given);
    assert_false(cfg.tok.stem);
    assert_true(cfg.svm.class_weights);
    assert_true(cfg.tfidf.sublinear_tf); /* turned off, then on again by a later line */
    assert_true(tc.threshold_given && cfg.threshold == 0.4);
    assert_false(tc.settings_given); /* the file is not an option */
    assert_false(tc.cost_given);

    /* An option wins over the file, for that command. */
    char *argv[] = {"train", "-C", "2", "--seed", "9", "--lexicon", "x.tsv", NULL};
    train_cmd_start(&tc, "train", "C:", (const struct option[]){{0, 0, 0, 0}}, &cfg, &d, &p);
    assert_int_equal(train_cmd_next(&tc, 7, argv, &cfg), -1);
    assert_true(cfg.svm.C == 2);
    assert_int_equal(cfg.svm.seed, 9);
    assert_string_equal(cfg.tok.lexicon_path, "x.tsv");
    assert_true(tc.cost_given && tc.settings_given);
    assert_int_equal(cfg.svm.kernel, SVMX_RBF); /* what no option changed stays the file's */

    /* Without the file: the defaults and the shipped files. */
    train_cmd_start(&tc, "train", "C:", (const struct option[]){{0, 0, 0, 0}}, &cfg, &d, NULL);
    assert_true(cfg.svm.C == 1);
    assert_string_equal(cfg.tok.lexicon_path, "L");
    assert_string_equal(tc.themes, "T");
    assert_false(tc.lexicon_given || tc.themes_given || tc.grid);
    assert_int_equal(tc.folds, 5);

    /* What project_write writes keeps the settings; its commented defaults,
     * uncommented, are settings the file accepts. */
    char *copy = write_file("t2.conf", "");
    assert_int_equal(project_write(&p, copy, &err), 0);
    project_conf q;
    assert_int_equal(project_load(&q, copy, &err), 0);
    assert_int_equal(q.n_settings, 13);
    assert_string_equal(q.settings[2].key, "kernel");
    assert_string_equal(q.settings[2].value, "rbf");
    project_free(&q);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "sed -n 's/^# \\([a-zC-][a-z-]*\\) = /\\1 = /p' '%s' > '%s/t3.conf'", copy, dir);
    assert_int_equal(system(cmd), 0);
    char *open_defaults = malloc(strlen(dir) + 16);
    sprintf(open_defaults, "%s/t3.conf", dir);
    assert_int_equal(project_load(&q, open_defaults, &err), 0);
    assert_int_equal(q.n_settings, 23); /* every training setting is shown */
    project_free(&q);
    free(open_defaults);
    free(copy);
    project_free(&p);
    free(path);
}

static void test_unpublished_list(void **state)
{
    (void)state;
    pt_unpublished u;
    pt_error err = {0};
    assert_int_equal(unpublished_load(&u, PT_DATADIR "/corpus/unpublished.tsv", &err), 0);
    const pt_unpublished_entry *e = unpublished_find(&u, 20, 13);
    assert_non_null(e);
    assert_true(strlen(e->note) > 0);
    assert_null(unpublished_find(&u, 20, 12));
    unpublished_free(&u);

    char *path = write_file("u.tsv", "# c\n20\t13\tfirst\n20\t13\tagain\n");
    assert_int_equal(unpublished_load(&u, path, &err), -1);
    assert_non_null(strstr(err.msg, ":3: session 20-13 is listed twice"));
    free(path);
    path = write_file("u.tsv", "20\tx\tnote\n");
    assert_int_equal(unpublished_load(&u, path, &err), -1);
    assert_non_null(strstr(err.msg, ":1: expected cc<TAB>session<TAB>note"));
    free(path);
}

static void load_store(pt_corpus *c, const char *text)
{
    char *path = write_file("store.jsonl", text);
    pt_error err = {0};
    corpus_init(c);
    assert_int_equal(store_load(c, path, &tax, &err), 0);
    free(path);
}

static const char *three =
    "{\"id\":\"20-5-en\",\"date\":\"2023-05-01\",\"cc\":20,\"session\":5,\"lang\":\"en\",\"text\":\"On trade.\"}\n"
    "{\"id\":\"20-5-zh\",\"date\":\"2023-05-01\",\"cc\":20,\"session\":5,\"lang\":\"zh\",\"themes\":[\"economy\"],"
    "\"text\":\"贸易。\"}\n"
    "{\"id\":\"20-6\",\"date\":\"2023-06-01\",\"cc\":20,\"session\":7,\"lang\":\"en\",\"themes\":[\"economy\","
    "\"defense\"],\"text\":\"On the army and trade.\"}\n";

static void test_store_match_by_id_or_session(void **state)
{
    (void)state;
    pt_corpus c;
    load_store(&c, three);
    size_t idx[3];
    assert_int_equal(store_match(&c, "20-5-zh", idx), 1);
    assert_int_equal(idx[0], 1);
    assert_int_equal(store_match(&c, "20-5", idx), 2); /* the session: both languages */
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 1);
    assert_int_equal(store_match(&c, "20-6", idx), 1); /* an id wins over a session key */
    assert_int_equal(idx[0], 2);
    assert_int_equal(store_match(&c, "20-7", idx), 1);
    assert_int_equal(store_match(&c, "20-8", idx), 0);
    assert_int_equal(store_match(&c, "20-", idx), 0);

    int themes[PT_MAX_THEMES];
    pt_error err = {0};
    char *names[] = {"defense", "economy"};
    assert_int_equal(store_parse_themes(&tax, names, 2, themes, &err), 2);
    store_set_themes(&c.docs[0], true, themes, 2);
    char buf[128];
    assert_string_equal(store_labels_text(&c.docs[0], &tax, buf, sizeof buf), "defense, economy");
    assert_false(store_same_labels(&c.docs[0], &c.docs[2])); /* same themes, other order */
    store_set_themes(&c.docs[0], false, NULL, 0);
    assert_string_equal(store_labels_text(&c.docs[0], &tax, buf, sizeof buf), "unlabelled");
    char *bad[] = {"economy", "economy"};
    assert_int_equal(store_parse_themes(&tax, bad, 2, themes, &err), -1);
    assert_non_null(strstr(err.msg, "theme 'economy' is given twice"));
    corpus_free(&c);
}

static void test_forgotten_kept_once(void **state)
{
    (void)state;
    pt_corpus c;
    load_store(&c, three);
    char *store_path = malloc(strlen(dir) + 32);
    sprintf(store_path, "%s/store.jsonl", dir);
    char *path = store_forgotten_path(store_path);
    assert_non_null(strstr(path, "/forgotten.jsonl"));
    assert_int_equal(strncmp(path, dir, strlen(dir)), 0);
    size_t idx[] = {1, 2};
    pt_error err = {0};
    unlink(path);
    assert_int_equal(store_keep_forgotten(path, &c, idx, 2, &tax, &err), 0);
    assert_int_equal(store_keep_forgotten(path, &c, idx, 2, &tax, &err), 0); /* an interrupted forget repeated */
    pt_corpus kept;
    corpus_init(&kept);
    assert_int_equal(store_load(&kept, path, &tax, &err), 0);
    assert_int_equal(kept.n, 2);
    assert_string_equal(kept.docs[0].id, "20-5-zh");
    assert_int_equal(kept.docs[0].n_themes, 1);
    assert_string_equal(kept.docs[1].id, "20-6");
    corpus_free(&kept);
    char *bare = store_forgotten_path("store.jsonl");
    assert_string_equal(bare, "forgotten.jsonl");
    free(bare);
    free(path);
    free(store_path);
    corpus_free(&c);
}

static void test_sessions_per_theme(void **state)
{
    (void)state;
    pt_corpus c;
    load_store(&c, three);
    size_t counts[PT_MAX_THEMES];
    coverage_sessions_per_theme(&c, tax.n, counts);
    /* economy: 20-5 (only its zh readout is labelled) and 20-7; defense: 20-7. */
    assert_int_equal(counts[taxonomy_find(&tax, "economy")], 2);
    assert_int_equal(counts[taxonomy_find(&tax, "defense")], 1);
    assert_int_equal(counts[taxonomy_find(&tax, "culture")], 0);
    char key[64];
    assert_string_equal(coverage_session_key(&c.docs[2], key, sizeof key), "20-7");
    corpus_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_project_defaults_and_keys),
        cmocka_unit_test(test_project_errors_name_the_line),
        cmocka_unit_test(test_project_cmd_options_over_the_file),
        cmocka_unit_test(test_project_training_settings),
        cmocka_unit_test(test_unpublished_list),
        cmocka_unit_test(test_store_match_by_id_or_session),
        cmocka_unit_test(test_forgotten_kept_once),
        cmocka_unit_test(test_sessions_per_theme),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
