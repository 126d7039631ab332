/*
 * cmd_evaluate.c — `politrend evaluate`: cross-validated figures, as JSON.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "base/xalloc.h"
#include "models/evaluate.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/train_opts.h"

static void evaluate_help(void)
{
    printf("Usage: politrend evaluate [--corpus PATH]... [--folds K] [--by-year] [--seed N] [options]\n"
           "\n"
           "Measures how well politrend's classifier does on labelled readouts and prints\n"
           "JSON: accuracy of the primary theme, per-theme precision, recall, F1 and support,\n"
           "macro and weighted averages, the confusion matrix, Hamming loss, subset accuracy\n"
           "and the share of readouts left unassigned.\n"
           "\n"
           "k-fold (default): folds stratified by primary theme, built with a GSL random\n"
           "generator from --seed; all readouts of one session stay in one fold.\n"
           "--by-year: for each year, train on all other years and test on that year.\n"
           "\n"
           "  --corpus PATH        labelled readouts; repeatable (default: the embedded corpus)\n"
           "  --themes FILE        the taxonomy (default: corpus/themes.tsv)\n"
           "  --folds K            number of folds (2-50, default 5)\n"
           "  --by-year            evaluate year by year instead of k-fold\n"
           "  -h, --help           show this help\n"
           "%s",
           train_options_help);
}

static json_t *pr_json(double p, double r, double f1)
{
    return json_pack("{s:f, s:f, s:f}", "precision", p, "recall", r, "f1", f1);
}

/* The metrics as JSON; theme names come from tax, "none" closes the labels. */
json_t *eval_metrics_json(const eval_metrics *m, const pt_taxonomy *tax);

json_t *eval_metrics_json(const eval_metrics *m, const pt_taxonomy *tax)
{
    json_t *themes = json_object();
    for (size_t t = 0; t < m->n_themes; t++) {
        json_t *o = pr_json(m->precision[t], m->recall[t], m->f1[t]);
        json_object_set_new(o, "support", json_integer((json_int_t)m->support[t]));
        json_object_set_new(themes, tax->names[t], o);
    }
    json_t *labels = json_array(), *matrix = json_array();
    for (size_t i = 0; i <= m->n_themes; i++) {
        json_array_append_new(labels, json_string(i < m->n_themes ? tax->names[i] : "none"));
        json_t *row = json_array();
        for (size_t j = 0; j <= m->n_themes; j++)
            json_array_append_new(row, json_integer((json_int_t)m->confusion[i][j]));
        json_array_append_new(matrix, row);
    }
    return json_pack("{s:i, s:f, s:o, s:o, s:o, s:f, s:f, s:f, s:{s:o, s:o, s:s}}", "documents",
                     (json_int_t)m->n_docs, "accuracy", m->accuracy, "themes", themes, "macro",
                     pr_json(m->macro_precision, m->macro_recall, m->macro_f1), "weighted",
                     pr_json(m->weighted_precision, m->weighted_recall, m->weighted_f1), "hamming_loss",
                     m->hamming_loss, "subset_accuracy", m->subset_accuracy, "unassigned_share",
                     m->unassigned_share, "confusion", "labels", labels, "matrix", matrix, "rows",
                     "true primary theme; columns: predicted");
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int run_by_year(const pt_corpus *c, const pt_taxonomy *tax, const train_config *cfg, double *probs,
                       json_t *years, pt_error *err)
{
    /* The distinct years, in order. */
    int *year = xcalloc(c->n + 1, sizeof *year);
    for (size_t d = 0; d < c->n; d++) {
        year[d] = corpus_doc_year(&c->docs[d]);
        if (year[d] <= 0) {
            free(year);
            return pt_fail(err, PT_ERR_DATA, "%s:%ld: %s: --by-year needs a date on every readout",
                           c->docs[d].source, c->docs[d].line, c->docs[d].id);
        }
    }
    qsort(year, c->n, sizeof *year, cmp_int);
    size_t n_years = 0;
    for (size_t d = 0; d < c->n; d++)
        if (n_years == 0 || year[n_years - 1] != year[d])
            year[n_years++] = year[d];

    size_t *rows = xcalloc(c->n + 1, sizeof *rows);
    double *year_probs = xcalloc(c->n * tax->n + 1, sizeof *year_probs);
    int rc = 0;
    for (size_t k = 0; k < n_years && rc == 0; k++) {
        int y = year[k];
        rc = eval_holdout_year(c, tax, cfg, y, probs, err);
        if (rc != 0)
            break;
        size_t n = 0;
        for (size_t d = 0; d < c->n; d++)
            if (corpus_doc_year(&c->docs[d]) == y) {
                memcpy(year_probs + n * tax->n, probs + d * tax->n, tax->n * sizeof *probs);
                rows[n++] = d;
            }
        eval_metrics m;
        eval_metrics_compute(&m, c, rows, n, year_probs, tax->n, cfg->threshold);
        char key[16];
        snprintf(key, sizeof key, "%d", y);
        json_object_set_new(years, key, eval_metrics_json(&m, tax));
    }
    free(rows);
    free(year_probs);
    free(year);
    return rc;
}

int cmd_evaluate(int argc, char **argv)
{
    static const struct option own[] = {
        {"corpus", required_argument, 0, 'c'}, {"themes", required_argument, 0, OPT_THEMES},
        {"folds", required_argument, 0, 'k'},  {"by-year", no_argument, 0, 'y'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0},
    };
    train_config cfg;
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    train_cmd tc;
    train_cmd_start(&tc, "evaluate", "c:k:C:h", own, &cfg, &defaults);
    const char *themes_path = defaults.themes;
    char **paths = xcalloc((size_t)argc, sizeof *paths);
    size_t n_paths = 0;
    long folds = 5;
    int by_year = 0, rc = 0, opt;
    while ((opt = train_cmd_next(&tc, argc, argv, &cfg)) != -1) {
        if (opt == TRAIN_CMD_BAD) {
            rc = EX_USAGE;
            goto out;
        }
        switch (opt) {
        case 'c': paths[n_paths++] = optarg; break;
        case OPT_THEMES: themes_path = optarg; break;
        case 'k':
            if (cli_parse_long("evaluate", "--folds", optarg, 2, 50, &folds) != 0) {
                rc = EX_USAGE;
                goto out;
            }
            break;
        case 'y': by_year = 1; break;
        case 'h': evaluate_help(); goto out;
        default: rc = cli_usage_error("evaluate", "unknown option"); goto out;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("evaluate", "unexpected argument '%s' (corpus paths go after --corpus)", argv[optind]);
        goto out;
    }

    pt_error err = {0};
    pt_taxonomy tax = {0};
    pt_corpus c;
    corpus_init(&c);
    c.lenient = cfg.tok.lenient;
    double *probs = NULL;
    size_t *fold = NULL;
    json_t *result = NULL;
    if (taxonomy_load(&tax, themes_path, &err) != 0 ||
        cli_read_corpus(&c, paths, n_paths, defaults.corpus, &tax, &err) != 0 ||
        corpus_check_unique_ids(&c, &err) != 0 || corpus_check_labelled(&c, &err) != 0) {
        rc = cli_fail(&err);
        goto done;
    }
    probs = xcalloc(c.n * tax.n + 1, sizeof *probs);
    json_t *settings = json_pack(
        "{s:s, s:i, s:b, s:b, s:s, s:s, s:f, s:f, s:b, s:f, s:i}", "segmenter", tok_segmenter_name(cfg.tok.segmenter),
        "ngram_max", cfg.tok.ngram_max, "stem", cfg.tok.stem, "lexicon",
        cfg.tok.lexicon_path != NULL && cfg.tok.lexicon_path[0] != '\0', "kernel", svmx_kernel_name(cfg.svm.kernel),
        "solver", svmx_solver_name(svmx_solver_for(&cfg.svm, c.n)),
        "C", cfg.svm.C, "gamma", cfg.svm.gamma, "class_weights", cfg.svm.class_weights, "threshold", cfg.threshold,
        "seed", (json_int_t)cfg.svm.seed);
    result = json_pack("{s:s, s:i, s:o}", "method", by_year ? "by-year" : "k-fold", "documents", (json_int_t)c.n,
                       "settings", settings);
    if (by_year) {
        json_t *years = json_object();
        json_object_set_new(result, "years", years);
        rc = run_by_year(&c, &tax, &cfg, probs, years, &err);
    } else {
        fold = xcalloc(c.n, sizeof *fold);
        json_object_set_new(result, "folds", json_integer(folds));
        rc = eval_assign_folds(&c, (size_t)folds, cfg.svm.seed, fold, &err);
        if (rc == 0)
            rc = eval_cross_validate(&c, &tax, &cfg, fold, (size_t)folds, probs, &err);
    }
    if (rc != 0) {
        rc = cli_fail(&err);
        goto done;
    }
    eval_metrics m;
    eval_metrics_compute(&m, &c, NULL, 0, probs, tax.n, cfg.threshold);
    json_object_set_new(result, "overall", eval_metrics_json(&m, &tax));
    json_object_set_new(result, "best_threshold", json_real(eval_best_threshold(&c, probs, tax.n)));
    char *text = json_dumps(result, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    if (text == NULL || puts(text) == EOF || fflush(stdout) != 0) {
        pt_fail(&err, PT_ERR_IO, "cannot write to standard output");
        rc = cli_fail(&err);
    }
    free(text);
done:
    json_decref(result);
    free(fold);
    free(probs);
    corpus_free(&c);
    taxonomy_free(&tax);
out:
    free(paths);
    cli_defaults_free(&defaults);
    return rc;
}
