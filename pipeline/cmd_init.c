/*
 * cmd_init.c — `politrend init`: writes the project file, politrend.conf,
 * naming the corpora, the store, the model, the output directory, the inbox
 * and the quarantine that every command then uses (project_cmd.h), and the
 * training settings commented out with their defaults.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "base/xalloc.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/project.h"

static void init_help(void)
{
    printf("Usage: politrend init [--corpus PATH]... [--store FILE] [--model DIR] [--out DIR]\n"
           "                      [--inbox DIR] [--quarantine DIR] [--force]\n"
           "\n"
           "Writes politrend.conf in the current directory: the corpora (labelled readouts\n"
           "besides the store; none: the embedded corpus), the corpus store, the model\n"
           "bundle, the output directory, the inbox and the quarantine.  Every command that\n"
           "reads readouts or a model reads it (train, run, report, review, classify,\n"
           "explain, tokens, evaluate, vectorize, phrases, ingest, label, forget), so they\n"
           "all see the same readouts and the same model; an option given to one of them\n"
           "overrides it for that command.  `run` writes it with the\n"
           "values it used when there is none.  Refuses to overwrite one without --force.\n"
           "\n"
           "It also lists, commented out with their defaults, the training settings that\n"
           "train, run, evaluate and tokens share, so that `run` reuses what `train` made:\n"
           "C, grid, seed, folds, kernel, solver, gamma, threshold, class-weights, themes,\n"
           "lexicon, formulae, tifa-weight, tifa-themes, segmenter, ngram, stem,\n"
           "fold-spelling, min-df, max-df, max-features, sublinear-tf and jobs, each\n"
           "`key = value` as the option of the same name takes it (`C = 4` for -C 4;\n"
           "`lexicon = none` for --no-lexicon; yes or no for grid and the switches).  An\n"
           "option still overrides one for that command; an unknown key or a bad value is\n"
           "an error naming the file and line (exit 65), for every command.\n"
           "\n"
           "  --corpus PATH        labelled readouts besides the store; repeatable\n"
           "  --store FILE         the corpus store (default: corpus/local.jsonl)\n"
           "  -m, --model DIR      the model bundle (default: out/model)\n"
           "  -o, --out DIR        the reports (default: out/reports)\n"
           "  --inbox DIR          new readouts for run (default: inbox)\n"
           "  --quarantine DIR     rejected inbox files (default: INBOX/quarantine)\n"
           "  --force              replace an existing politrend.conf\n"
           "  -q, --quiet          say nothing\n"
           "  -h, --help           show this help\n");
}

int cmd_init(int argc, char **argv)
{
    enum { OPT_STORE = 1000, OPT_INBOX, OPT_QUARANTINE, OPT_FORCE };
    static const struct option opts[] = {
        {"corpus", required_argument, 0, 'c'},       {"store", required_argument, 0, OPT_STORE},
        {"model", required_argument, 0, 'm'},        {"out", required_argument, 0, 'o'},
        {"inbox", required_argument, 0, OPT_INBOX},  {"quarantine", required_argument, 0, OPT_QUARANTINE},
        {"force", no_argument, 0, OPT_FORCE},        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},               {0, 0, 0, 0},
    };
    project_conf conf;
    pt_error err = {0};
    if (project_load(&conf, NULL, &err) != 0) /* the defaults only */
        return cli_fail(&err);
    char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
    size_t n_paths = 0;
    int force = 0, quiet = 0, rc = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:m:o:qh", opts, NULL)) != -1) {
        switch (opt) {
        case 'c': paths[n_paths++] = optarg; break;
        case OPT_STORE: project_set(&conf.store, optarg); break;
        case 'm': project_set(&conf.model, optarg); break;
        case 'o': project_set(&conf.out, optarg); break;
        case OPT_INBOX: project_set(&conf.inbox, optarg); break;
        case OPT_QUARANTINE: project_set(&conf.quarantine, optarg); break;
        case OPT_FORCE: force = 1; break;
        case 'q': quiet = 1; break;
        case 'h': init_help(); goto out;
        default: rc = cli_usage_error("init", "unknown option"); goto out;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
        goto out;
    }
    project_set_corpora(&conf, paths, n_paths);
    struct stat st;
    if (!force && stat(PROJECT_FILE, &st) == 0) {
        pt_fail(&err, PT_ERR_CANTCREAT, "%s exists already: edit it, or give --force to replace it", PROJECT_FILE);
        rc = cli_fail(&err);
        goto out;
    }
    if (project_write(&conf, PROJECT_FILE, &err) != 0)
        rc = cli_fail(&err);
    else if (!quiet)
        fprintf(stderr, "politrend: init: wrote %s (store %s, model %s, reports in %s)\n", PROJECT_FILE, conf.store,
                conf.model, conf.out);
out:
    free(paths);
    project_free(&conf);
    return rc;
}
