/*
 * cmd_train.c — `politrend train`: labelled readouts in, model bundle out.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/xalloc.h"
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
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    struct option opts[64];
    train_opts_merge(opts, own);

    train_config cfg;
    train_config_default(&cfg);
    char *default_lexicon = cli_data_path("features/lexicon.tsv");
    char *default_themes = cli_data_path("corpus/themes.tsv");
    char *default_corpus = cli_data_path("corpus/readouts");
    cfg.tok.lexicon_path = default_lexicon;
    const char *model_dir = "out/model";
    const char *themes_path = default_themes;
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
        if (applied)
            continue;
        switch (opt) {
        case 'c': paths[n_paths++] = optarg; break;
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
    memset(&bundle, 0, sizeof bundle);
    if (taxonomy_load(&tax, themes_path, &err) != 0 ||
        cli_read_corpus(&corpus, paths, n_paths, default_corpus, &tax, &err) != 0 ||
        corpus_check_unique_ids(&corpus, &err) != 0 || corpus_check_labelled(&corpus, &err) != 0 ||
        train_bundle(&bundle, &corpus, &tax, &cfg, &err) != 0 || bundle_save(&bundle, model_dir, &err) != 0) {
        rc = cli_fail(&err);
    } else if (!quiet) {
        fprintf(stderr, "politrend: trained %zu themes on %zu readouts (%zu terms); model in %s\n", tax.n,
                corpus.n, vocab_size(bundle.tfidf.terms), model_dir);
    }
    bundle_free(&bundle);
    corpus_free(&corpus);
    taxonomy_free(&tax);
done:
    free(paths);
    free(default_lexicon);
    free(default_themes);
    free(default_corpus);
    return rc;
}
