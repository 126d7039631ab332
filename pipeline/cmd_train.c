/*
 * cmd_train.c — `politrend train`: labelled readouts in, model bundle out.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sysexits.h>

#include "models/evaluate.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/project_cmd.h"
#include "pipeline/train_opts.h"
#include "pipeline/train_sources.h"

static void train_help(void)
{
    printf("Usage: politrend train [--corpus PATH]... [--model DIR] [--seed N] [-C X] [options]\n"
           "\n"
           "Trains one SVM per theme (one-vs-rest, Platt-scaled probabilities; LIBLINEAR for\n"
           "the linear kernel, libsvm for rbf: see --solver; models in libsvm's format) on\n"
           "labelled readouts and writes a model bundle: the corpora, then the labelled\n"
           "readouts of the store (what `run` trains on, so run reuses the bundle).  Every\n"
           "readout of the corpora must carry a themes field ([] for none of the themes).\n"
           "Warns when a theme has fewer than 5 labelled sessions.  The bundle records its\n"
           "sources, each theme's cross-validated F1, and whether the lexicon, formulae and\n"
           "taxonomy were politrend's own.  Defaults come from politrend.conf: its corpora,\n"
           "store and model, and its training settings (C, seed, kernel, folds, grid,\n"
           "lexicon, themes, ...: see 'politrend init --help'), which run uses too; an\n"
           "option overrides one for this command.\n"
           "\n"
           "Input and output:\n"
           "  --corpus PATH        a .jsonl, .txt or .html file, a directory of them, or -;\n"
           "                       repeatable (default: politrend.conf's, or the embedded\n"
           "                       corpus, corpus/readouts)\n"
           "  --store FILE         the corpus store (default: politrend.conf's, or\n"
           "                       corpus/local.jsonl; a missing store adds nothing)\n"
           "  --no-store           train on the corpora only\n"
           "  --themes FILE        the taxonomy (default: politrend.conf's, or\n"
           "                       corpus/themes.tsv)\n"
           "  --model DIR          where to write the bundle (default: politrend.conf's, or\n"
           "                       out/model): a new or empty directory, or a bundle;\n"
           "                       anything else exits 73\n"
           "\n"
           "Model selection (by grouped, stratified k-fold cross-validation):\n"
           "  --grid               choose C (and gamma with --kernel rbf) over a log2 grid\n"
           "                       (default: politrend.conf's grid, or no)\n"
           "  --no-grid            train with C as given, even when politrend.conf says grid\n"
           "  --folds K            folds for selection (2-50, default: politrend.conf's, or 5)\n"
           "  The threshold under which no primary theme is given is chosen by the same\n"
           "  cross-validation (maximising macro F1) unless --threshold is given.  With\n"
           "  LIBLINEAR that costs no extra training: the folds that calibrate the\n"
           "  probabilities give the out-of-fold figures.\n"
           "  -q, --quiet          no summary on stderr\n"
           "  -h, --help           show this help\n"
           "%s",
           train_options_help);
}

int cmd_train(int argc, char **argv)
{
    static const struct option own[] = {
        {"corpus", required_argument, 0, 'c'}, {"model", required_argument, 0, 'm'},
        {"themes", required_argument, 0, OPT_THEMES}, {"quiet", no_argument, 0, 'q'},
        {"grid", no_argument, 0, 'g'}, {"no-grid", no_argument, 0, 'G'}, {"folds", required_argument, 0, 'k'},
        {"store", required_argument, 0, 's'}, {"no-store", no_argument, 0, 'S'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    project_cmd pc;
    pt_error conf_err = {0};
    if (project_cmd_start(&pc, argc, &conf_err) != 0)
        return cli_fail(&conf_err);
    train_config cfg;
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    train_cmd tc;
    train_cmd_start(&tc, "train", "c:m:C:qh", own, &cfg, &defaults, &pc.conf);
    long folds = tc.folds;
    int grid = -1; /* -1: no --grid or --no-grid */
    int quiet = 0, rc = 0, opt;

    while ((opt = train_cmd_next(&tc, argc, argv, &cfg)) != -1) {
        if (opt == TRAIN_CMD_BAD) {
            rc = EX_USAGE;
            goto done;
        }
        switch (opt) {
        case 'c': project_cmd_corpus(&pc, optarg); break;
        case 'g': grid = 1; break;
        case 'G': grid = 0; break;
        case 'k':
            if (cli_parse_long("train", "--folds", optarg, 2, 50, &folds) != 0) {
                rc = EX_USAGE;
                goto done;
            }
            break;
        case 'm': pc.model = optarg; break;
        case 's': pc.store = optarg; break;
        case 'S': pc.store = NULL; break;
        case OPT_THEMES:
            tc.themes = optarg;
            tc.themes_given = true;
            break;
        case 'q': quiet = 1; break;
        case 'h': train_help(); goto done;
        default: rc = cli_usage_error("train", "unknown option"); goto done;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("train", "unexpected argument '%s' (corpus paths go after --corpus)", argv[optind]);
        goto done;
    }
    project_cmd_end(&pc);
    if (grid < 0) /* politrend.conf's grid, unless this command gives C or gamma */
        grid = tc.grid && !tc.cost_given;
    const char *model_dir = pc.model, *store_path = pc.store, *themes_path = tc.themes;
    char **paths = pc.corpora;
    size_t n_paths = pc.n_corpora;

    pt_error err = {0};
    pt_taxonomy tax = {0};
    pt_corpus corpus;
    pt_bundle bundle;
    corpus_init(&corpus);
    corpus.lenient = cfg.tok.lenient;
    memset(&bundle, 0, sizeof bundle);
    if (grid && !quiet && isatty(STDERR_FILENO))
        fprintf(stderr, "politrend: searching the C%s grid by %ld-fold cross-validation...\n",
                cfg.svm.kernel == SVMX_RBF ? " and gamma" : "", folds);
    char *target = NULL; /* refused before training, not after */
    if (bundle_check_target(model_dir, &target, &err) != 0 || taxonomy_load(&tax, themes_path, &err) != 0 ||
        cli_read_corpus(&corpus, paths, n_paths, defaults.corpus, &tax, &err) != 0 ||
        corpus_check_labelled(&corpus, &err) != 0 ||
        (store_path != NULL && train_add_store(&corpus, store_path, &tax, &err) != 0) ||
        corpus_check_unique_ids(&corpus, &err) != 0 ||
        eval_train_selected(&bundle, &corpus, &tax, &cfg, (size_t)folds, grid, !tc.threshold_given, &err) != 0) {
        rc = cli_fail(&err);
    } else {
        train_sources_record(&bundle.sources, paths, n_paths, defaults.corpus, store_path);
        bundle.lexicon_shipped = !tc.lexicon_given; /* so that `run` retrains after an upgrade */
        bundle.formulae_shipped = !tc.formulae_given;
        bundle.themes_shipped = !tc.themes_given;
        train_warn_coverage(&corpus, &tax); /* trained, but thin: say which themes */
        if (bundle_save(&bundle, model_dir, &err) != 0)
            rc = cli_fail(&err);
        else if (!quiet)
            fprintf(stderr, "politrend: trained %zu themes on %zu readouts (%zu terms, C=%g, threshold %.2f); model in %s\n",
                    tax.n, corpus.n, vocab_size(bundle.tfidf.terms), cfg.svm.C, cfg.threshold, model_dir);
    }
    free(target);
    bundle_free(&bundle);
    corpus_free(&corpus);
    taxonomy_free(&tax);
done:
    cli_defaults_free(&defaults);
    project_cmd_free(&pc);
    return rc;
}
