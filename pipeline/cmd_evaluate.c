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
#include "models/wrap.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/project_cmd.h"
#include "pipeline/train_opts.h"
#include "pipeline/train_sources.h"

static void evaluate_help(void)
{
    printf("Usage: politrend evaluate [--corpus PATH]... [--store FILE | --no-store]\n"
           "                         [--folds K|sessions] [--by-year] [--wrap] [options]\n"
           "\n"
           "Measures how well politrend's classifier does on labelled readouts (what\n"
           "`train` and `run` train on: the corpora, then the store's labelled readouts,\n"
           "politrend.conf's unless an option says otherwise) and prints\n"
           "JSON: accuracy of the primary theme, per-theme precision, recall, F1 and support,\n"
           "macro and weighted averages, the confusion matrix, Hamming loss, subset accuracy\n"
           "and the share of readouts left unassigned.\n"
           "\n"
           "k-fold (default): folds stratified by primary theme, built with a GSL random\n"
           "generator from --seed; all readouts of one session stay in one fold.\n"
           "--folds sessions: leave-one-session-out, each session held out in turn (the\n"
           "case of a new session: its own readouts are never in training).\n"
           "--by-year: for each year, train on all other years and test on that year.\n"
           "--wrap: each held-out readout is also classified wrapped in the formulae of a\n"
           "published readout (dateline, convening, presiding and lecture sentences,\n"
           "closing sentences; several variants per language) and the figures are given\n"
           "for both, with the share of predictions the wrapping changed.\n"
           "Figures are given overall and by language (en, zh); \"abstention\" counts both\n"
           "kinds of error of the threshold (themed readouts given no theme, readouts of\n"
           "no theme given one) beside taking the most probable theme.\n"
           "\n"
           "  --corpus PATH        labelled readouts; repeatable (default:\n"
           "                       " PROJECT_DEFAULT_FROM "the embedded corpus)\n"
           "  --store FILE         the corpus store, whose labelled readouts join them (default:\n"
           "                       " PROJECT_DEFAULT_FROM "corpus/local.jsonl; a missing\n"
           "                       store adds nothing)\n"
           "  --no-store           the corpora only\n"
           "  --themes FILE        the taxonomy (default: politrend.conf's, or\n"
           "                       corpus/themes.tsv)\n"
           "  --folds K|sessions   number of folds (2-50, default: politrend.conf's, or 5),\n"
           "                       or one per session\n"
           "  --by-year            evaluate year by year instead of k-fold\n"
           "  --wrap               also classify the held-out readouts wrapped in formulae\n"
           "  --per-readout        list each readout's true and predicted primary theme\n"
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

/* The metrics of the documents of c in language lang (NULL: all). */
static json_t *lang_metrics_json(const pt_corpus *c, const double *probs, const pt_taxonomy *tax, double threshold,
                                 const char *lang)
{
    size_t *rows = xcalloc(c->n + 1, sizeof *rows);
    double *sub = xcalloc(c->n * tax->n + 1, sizeof *sub);
    size_t n = 0;
    for (size_t d = 0; d < c->n; d++)
        if (lang == NULL || strcmp(c->docs[d].lang, lang) == 0) {
            memcpy(sub + n * tax->n, probs + d * tax->n, tax->n * sizeof *probs);
            rows[n++] = d;
        }
    eval_metrics m;
    eval_metrics_compute(&m, c, rows, n, sub, tax->n, threshold);
    free(rows);
    free(sub);
    return eval_metrics_json(&m, tax);
}

/* For thresholds 0, 0.05, ..., 0.95: readouts right, themed readouts
 * withheld, readouts of no theme given one. */
static json_t *threshold_sweep_json(const pt_corpus *c, const double *probs, const pt_taxonomy *tax)
{
    json_t *a = json_array();
    for (int step = 0; step < 20; step++) {
        double t = step * 0.05;
        size_t right = 0, withheld = 0, given = 0;
        for (size_t d = 0; d < c->n; d++) {
            const pt_doc *doc = &c->docs[d];
            int got = predict_primary(probs + d * tax->n, tax->n, t);
            if (doc->n_themes > 0) {
                withheld += got < 0;
                right += got == doc->themes[0];
            } else {
                given += got >= 0;
                right += got < 0;
            }
        }
        json_array_append_new(a, json_pack("{s:f, s:i, s:i, s:i}", "threshold", t, "right", (json_int_t)right,
                                           "themed_withheld", (json_int_t)withheld, "none_given_a_theme",
                                           (json_int_t)given));
    }
    return a;
}

/* Both kinds of error of abstaining under threshold, beside always taking
 * the most probable theme. */
static json_t *abstention_json(const pt_corpus *c, const double *probs, const pt_taxonomy *tax, double threshold)
{
    size_t themed_withheld = 0, themed_wrong = 0, none_assigned = 0, none_kept = 0;
    size_t mp_themed_wrong = 0, mp_none_assigned = 0, mp_right = 0, right = 0, themed = 0, none = 0;
    for (size_t d = 0; d < c->n; d++) {
        const pt_doc *doc = &c->docs[d];
        const double *p = probs + d * tax->n;
        int got = predict_primary(p, tax->n, threshold), top = predict_primary(p, tax->n, 0.0);
        if (doc->n_themes > 0) {
            themed++;
            themed_withheld += got < 0;
            themed_wrong += got >= 0 && got != doc->themes[0];
            right += got == doc->themes[0];
            mp_themed_wrong += top != doc->themes[0];
            mp_right += top == doc->themes[0];
        } else {
            none++;
            none_assigned += got >= 0;
            none_kept += got < 0;
            mp_none_assigned++;
            right += got < 0;
        }
    }
    return json_pack("{s:f, s:i, s:i, s:{s:i, s:i, s:i, s:i, s:i}, s:{s:i, s:i, s:i}, s:o}", "threshold", threshold,
                     "themed", (json_int_t)themed, "none", (json_int_t)none, "at_threshold", "right",
                     (json_int_t)right, "themed_withheld", (json_int_t)themed_withheld, "themed_wrong_theme",
                     (json_int_t)themed_wrong, "none_given_a_theme", (json_int_t)none_assigned, "none_withheld",
                     (json_int_t)none_kept, "most_probable", "right", (json_int_t)mp_right, "themed_wrong_theme",
                     (json_int_t)mp_themed_wrong, "none_given_a_theme", (json_int_t)mp_none_assigned, "by_threshold",
                     threshold_sweep_json(c, probs, tax));
}

/* Sets overall, by_language and abstention on o for probs. */
static void figures_json(json_t *o, const pt_corpus *c, const double *probs, const pt_taxonomy *tax, double threshold)
{
    json_object_set_new(o, "overall", lang_metrics_json(c, probs, tax, threshold, NULL));
    json_object_set_new(o, "by_language",
                        json_pack("{s:o, s:o}", "en", lang_metrics_json(c, probs, tax, threshold, "en"), "zh",
                                  lang_metrics_json(c, probs, tax, threshold, "zh")));
    json_object_set_new(o, "abstention", abstention_json(c, probs, tax, threshold));
}

static json_t *theme_or_null(const pt_taxonomy *tax, int t)
{
    return t >= 0 ? json_string(tax->names[t]) : json_null();
}

/* One entry per readout: id, language, true primary theme, predicted
 * primary theme (and wrapped, when probs_w is given), null for none. */
static json_t *per_readout_json(const pt_corpus *c, const double *probs, const double *probs_w,
                                const pt_taxonomy *tax, double threshold)
{
    json_t *a = json_array();
    for (size_t d = 0; d < c->n; d++) {
        const pt_doc *doc = &c->docs[d];
        json_t *o = json_pack("{s:s, s:s, s:o, s:o}", "id", doc->id, "lang", doc->lang, "true",
                              theme_or_null(tax, doc->n_themes ? doc->themes[0] : -1), "predicted",
                              theme_or_null(tax, predict_primary(probs + d * tax->n, tax->n, threshold)));
        if (probs_w != NULL)
            json_object_set_new(o, "wrapped",
                                theme_or_null(tax, predict_primary(probs_w + d * tax->n, tax->n, threshold)));
        json_array_append_new(a, o);
    }
    return a;
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
        {"wrap", no_argument, 0, 'w'},         {"per-readout", no_argument, 0, 'p'},
        {"store", required_argument, 0, 's'},  {"no-store", no_argument, 0, 'S'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    pt_error err = {0};
    project_cmd pc;
    if (project_cmd_start(&pc, argc, &err) != 0)
        return cli_fail(&err);
    train_config cfg;
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    train_cmd tc;
    train_cmd_start(&tc, "evaluate", "c:k:C:h", own, &cfg, &defaults, &pc.conf);
    const char *themes_path = tc.themes;
    long folds = tc.folds;
    int by_year = 0, sessions = 0, wrap = 0, per_readout = 0, rc = 0, opt;
    while ((opt = train_cmd_next(&tc, argc, argv, &cfg)) != -1) {
        if (opt == TRAIN_CMD_BAD) {
            rc = EX_USAGE;
            goto out;
        }
        switch (opt) {
        case 'c': project_cmd_corpus(&pc, optarg); break;
        case 's': pc.store = optarg; break;
        case 'S': pc.store = NULL; break;
        case OPT_THEMES: themes_path = optarg; break;
        case 'k':
            sessions = strcmp(optarg, "sessions") == 0;
            if (!sessions && cli_parse_long("evaluate", "--folds", optarg, 2, 50, &folds) != 0) {
                rc = EX_USAGE;
                goto out;
            }
            break;
        case 'y': by_year = 1; break;
        case 'w': wrap = 1; break;
        case 'p': per_readout = 1; break;
        case 'h': evaluate_help(); goto out;
        default: rc = cli_usage_error("evaluate", "unknown option"); goto out;
        }
    }
    if (by_year && (wrap || sessions)) {
        rc = cli_usage_error("evaluate", "--by-year cannot be combined with %s",
                             wrap ? "--wrap" : "--folds sessions");
        goto out;
    }
    if (optind < argc) {
        rc = cli_usage_error("evaluate", "unexpected argument '%s' (corpus paths go after --corpus)", argv[optind]);
        goto out;
    }
    project_cmd_end(&pc);

    pt_taxonomy tax = {0};
    pt_corpus c;
    corpus_init(&c);
    c.lenient = cfg.tok.lenient;
    double *probs = NULL, *probs_w = NULL;
    size_t *fold = NULL;
    pt_corpus wrapped = {0};
    json_t *result = NULL;
    if (taxonomy_load(&tax, themes_path, &err) != 0 ||
        cli_read_corpus(&c, pc.corpora, pc.n_corpora, defaults.corpus, &tax, &err) != 0 ||
        corpus_check_labelled(&c, &err) != 0 ||
        (pc.store != NULL && train_add_store(&c, pc.store, &tax, &err) != 0) ||
        corpus_check_unique_ids(&c, &err) != 0) {
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
    json_object_set_new(settings, "formulae",
                        json_boolean(cfg.tok.formulae_path != NULL && cfg.tok.formulae_path[0] != '\0'));
    json_object_set_new(settings, "fold_spelling", json_boolean(cfg.tok.fold_spelling));
    json_object_set_new(settings, "tifa_weight", json_real(cfg.tifa_weight));
    json_object_set_new(settings, "tifa_themes", json_boolean(cfg.tok.tifa_themes));
    result = json_pack("{s:s, s:i, s:o}", "method", by_year ? "by-year" : sessions ? "leave-session-out" : "k-fold",
                       "documents", (json_int_t)c.n, "settings", settings);
    if (by_year) {
        json_t *years = json_object();
        json_object_set_new(result, "years", years);
        rc = run_by_year(&c, &tax, &cfg, probs, years, &err);
    } else {
        fold = xcalloc(c.n + 1, sizeof *fold);
        size_t k = (size_t)folds;
        if (sessions)
            rc = eval_assign_session_folds(&c, fold, &k, &err);
        else
            rc = eval_assign_folds(&c, k, cfg.svm.seed, fold, &err);
        json_object_set_new(result, "folds", json_integer((json_int_t)k));
        if (wrap) {
            wrap_corpus(&c, &wrapped);
            probs_w = xcalloc(c.n * tax.n + 1, sizeof *probs_w);
        }
        if (rc == 0)
            rc = eval_cross_validate_also(&c, wrap ? &wrapped : NULL, &tax, &cfg, fold, k, probs, probs_w, &err);
    }
    if (rc != 0) {
        rc = cli_fail(&err);
        goto done;
    }
    figures_json(result, &c, probs, &tax, cfg.threshold);
    json_object_set_new(result, "best_threshold", json_real(eval_best_threshold(&c, probs, tax.n)));
    if (wrap) {
        json_t *w = json_object();
        figures_json(w, &wrapped, probs_w, &tax, cfg.threshold);
        size_t changed = 0;
        for (size_t d = 0; d < c.n; d++)
            changed += predict_primary(probs + d * tax.n, tax.n, cfg.threshold) !=
                       predict_primary(probs_w + d * tax.n, tax.n, cfg.threshold);
        json_object_set_new(w, "changed", json_integer((json_int_t)changed));
        json_object_set_new(w, "changed_share", json_real(c.n ? (double)changed / (double)c.n : 0.0));
        json_object_set_new(result, "wrapped", w);
    }
    if (per_readout)
        json_object_set_new(result, "readouts", per_readout_json(&c, probs, wrap ? probs_w : NULL, &tax, cfg.threshold));
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
    free(probs_w);
    if (wrapped.docs != NULL)
        wrap_corpus_free(&wrapped);
    corpus_free(&c);
    taxonomy_free(&tax);
out:
    project_cmd_free(&pc);
    cli_defaults_free(&defaults);
    return rc;
}
