/*
 * cmd_train.c — `politrend train`: labelled readouts in, model bundle out.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "models/evaluate.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/train_opts.h"

static void train_help(void)
{
    printf("Usage: politrend train [--corpus PATH]... [--model DIR] [--seed N] [-C X] [options]\n"
           "\n"
           "Trains one libsvm classifier per theme (one-vs-rest, Platt-scaled probabilities)\n"
           "on labelled readouts and writes a model bundle.  Every readout must carry a\n"
           "themes field ([] for none of the themes).\n"
           "\n"
           "Input and output:\n"
           "  --corpus PATH        a .jsonl or .txt file, a directory of them, or - for stdin;\n"
           "                       repeatable (default: the embedded corpus, corpus/readouts)\n"
           "  --themes FILE        the taxonomy (default: corpus/themes.tsv)\n"
           "  --model DIR          where to write the bundle (default: out/model)\n"
           "\n"
           "Model selection (by grouped, stratified k-fold cross-validation):\n"
           "  --grid               choose C (and gamma with --kernel rbf) over a log2 grid\n"
           "  --folds K            folds for selection (2-50, default 5)\n"
           "  The threshold under which no primary theme is given is chosen by the same\n"
           "  cross-validation (maximising macro F1) unless --threshold is given.\n"
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
        {"grid", no_argument, 0, 'g'}, {"folds", required_argument, 0, 'k'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    struct option opts[64];
    train_opts_merge(opts, own);
    long folds = 5;
    int grid = 0, threshold_given = 0;

    train_config cfg;
    train_config_default(&cfg);
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    cfg.tok.lexicon_path = defaults.lexicon;
    const char *model_dir = "out/model";
    const char *themes_path = defaults.themes;
    char **paths = xcalloc((size_t)argc, sizeof *paths);
    size_t n_paths = 0;
    int quiet = 0, rc = 0, opt;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:m:C:qh", opts, NULL)) != -1) {
        int applied = train_opts_apply("train", opt, optarg, &cfg);
        if (applied < 0) {
            rc = 64;
            goto done;
        }
        if (applied) {
            threshold_given |= opt == OPT_THRESHOLD;
            continue;
        }
        switch (opt) {
        case 'c': paths[n_paths++] = optarg; break;
        case 'g': grid = 1; break;
        case 'k':
            if (cli_parse_long("train", "--folds", optarg, 2, 50, &folds) != 0) {
                rc = 64;
                goto done;
            }
            break;
        case 'm': model_dir = optarg; break;
        case OPT_THEMES: themes_path = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': train_help(); goto done;
        default: rc = cli_usage_error("train", "unknown option"); goto done;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("train", "unexpected argument '%s' (corpus paths go after --corpus)", argv[optind]);
        goto done;
    }

    pt_error err = {0};
    pt_taxonomy tax = {0};
    pt_corpus corpus;
    pt_bundle bundle;
    corpus_init(&corpus);
    corpus.lenient = cfg.tok.lenient;
    memset(&bundle, 0, sizeof bundle);
    bundle_selection sel = {0};
    if (grid && !quiet && isatty(STDERR_FILENO))
        fprintf(stderr, "politrend: searching the C%s grid by %ld-fold cross-validation...\n",
                cfg.svm.kernel == SVMX_RBF ? " and gamma" : "", folds);
    if (taxonomy_load(&tax, themes_path, &err) != 0 ||
        cli_read_corpus(&corpus, paths, n_paths, defaults.corpus, &tax, &err) != 0 ||
        corpus_check_unique_ids(&corpus, &err) != 0 || corpus_check_labelled(&corpus, &err) != 0 ||
        eval_select_parameters(&corpus, &tax, &cfg, (size_t)folds, grid, !threshold_given, &sel, &err) != 0 ||
        train_bundle(&bundle, &corpus, &tax, &cfg, &err) != 0) {
        rc = cli_fail(&err);
        free(sel.grid);
    } else {
        bundle.selection = sel; /* the bundle owns the grid now */
        if (bundle_save(&bundle, model_dir, &err) != 0)
            rc = cli_fail(&err);
        else if (!quiet)
            fprintf(stderr, "politrend: trained %zu themes on %zu readouts (%zu terms, C=%g, threshold %.2f); model in %s\n",
                    tax.n, corpus.n, vocab_size(bundle.tfidf.terms), cfg.svm.C, cfg.threshold, model_dir);
    }
    bundle_free(&bundle);
    corpus_free(&corpus);
    taxonomy_free(&tax);
done:
    free(paths);
    cli_defaults_free(&defaults);
    return rc;
}
