/*
 * cmd_explain.c — `politrend explain`: the terms that weigh most for each
 * theme of a linear model bundle, as JSON.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "base/xalloc.h"
#include "corpus/store.h"
#include "features/surface.h"
#include "models/explain.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/project_cmd.h"

static void explain_help(void)
{
    printf("Usage: politrend explain [--model DIR] [--top N] [--corpus PATH]...\n"
           "                         [--store FILE | --no-store]\n"
           "\n"
           "Prints, for each theme of a linear model bundle, the terms with the strongest\n"
           "positive weight (computed from libsvm's support vectors and coefficients):\n"
           "  {\"<theme>\":[{\"term\":..,\"weight\":..},...],...}\n"
           "Terms are shown as the readouts write them: an English stem as its most\n"
           "frequent spelling in the corpus, a Chinese character bigram as the word or\n"
           "phrase it comes from (the most frequent one found in the corpus), a lexicon\n"
           "phrase as \"zh / en\", and the feature every lexicon phrase of a theme also\n"
           "gives as \"any tifa phrase of THEME\".  The model and the readouts are\n"
           "politrend.conf's, as for `run` and `report`, unless an option says otherwise.\n"
           "\n"
           "  --corpus PATH        readouts to learn the spellings from; repeatable\n"
           "                       (default: " PROJECT_DEFAULT_FROM "the embedded corpus)\n"
           "  --store FILE         the corpus store, whose readouts join them (default:\n"
           "                       " PROJECT_DEFAULT_FROM "corpus/local.jsonl; a missing\n"
           "                       store adds nothing)\n"
           "  --no-store           leave the store out\n"
           "  -m, --model DIR      the model bundle (default: " PROJECT_DEFAULT_FROM "out/model)\n"
           "  --top N              terms per theme (1-1000, default 20)\n"
           "  -h, --help           show this help\n");
}

int cmd_explain(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'}, {"top", required_argument, 0, 'n'},
        {"corpus", required_argument, 0, 'c'}, {"help", no_argument, 0, 'h'},
        {"store", required_argument, 0, 's'}, {"no-store", no_argument, 0, 'S'},
        {0, 0, 0, 0},
    };
    pt_error err = {0};
    project_cmd pc;
    if (project_cmd_start(&pc, argc, &err) != 0)
        return cli_fail(&err);
    long top = 20;
    int opt, usage = -1;
    optind = 1;
    while (usage < 0 && (opt = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
        switch (opt) {
        case 'm': pc.model = optarg; break;
        case 'c': project_cmd_corpus(&pc, optarg); break;
        case 's': pc.store = optarg; break;
        case 'S': pc.store = NULL; break;
        case 'n':
            if (cli_parse_long("explain", "--top", optarg, 1, 1000, &top) != 0)
                usage = EX_USAGE;
            break;
        case 'h': explain_help(); usage = 0; break;
        default: usage = cli_usage_error("explain", "unknown option"); break;
        }
    }
    if (usage < 0 && optind < argc)
        usage = cli_usage_error("explain", "unexpected argument '%s'", argv[optind]);
    if (usage >= 0) {
        project_cmd_free(&pc);
        return usage;
    }
    project_cmd_end(&pc);
    pt_bundle b;
    if (bundle_load(&b, pc.model, &err) != 0) {
        project_cmd_free(&pc);
        return cli_fail(&err);
    }
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    pt_corpus corpus;
    corpus_init(&corpus);
    corpus.lenient = true;
    surface_map *surf = NULL;
    /* The spellings of every readout of the project: the corpora and the
     * store, as the reports see them. */
    int rc = cli_read_corpus(&corpus, pc.corpora, pc.n_corpora, defaults.corpus, &b.tax, &err);
    if (rc == 0 && pc.store != NULL)
        rc = store_load(&corpus, pc.store, &b.tax, &err);
    if (rc == 0 && (surf = surface_build(&corpus, &b.tok, &err)) == NULL)
        rc = -1;
    corpus_free(&corpus);
    cli_defaults_free(&defaults);
    if (rc != 0) {
        bundle_free(&b);
        project_cmd_free(&pc);
        return cli_fail(&err);
    }
    if (b.params.kernel != SVMX_LINEAR) {
        pt_fail(&err, PT_ERR_USAGE, "%s: explanations need a linear model; this bundle's kernel is %s", pc.model,
                svmx_kernel_name(b.params.kernel));
        bundle_free(&b);
        project_cmd_free(&pc);
        return cli_fail(&err);
    }
    project_cmd_free(&pc);
    size_t n_terms = vocab_size(b.tfidf.terms);
    double *w = xcalloc(n_terms, sizeof *w);
    explain_term *best = xcalloc((size_t)top, sizeof *best);
    json_t *out = json_object();
    for (size_t t = 0; t < b.tax.n; t++) {
        explain_linear_weights(b.svm.models[t], n_terms, w);
        size_t n = explain_top(w, n_terms, (size_t)top, best);
        json_t *arr = json_array();
        for (size_t k = 0; k < n; k++)
            json_array_append_new(arr, json_pack("{s:s, s:f}", "term", surface_of(surf, vocab_term(b.tfidf.terms, best[k].term)),
                                                 "weight", best[k].weight));
        json_object_set_new(out, b.tax.names[t], arr);
    }
    char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    if (text == NULL || puts(text) == EOF || fflush(stdout) != 0) {
        pt_fail(&err, PT_ERR_IO, "cannot write to standard output");
        rc = cli_fail(&err);
    }
    free(text);
    json_decref(out);
    free(best);
    free(w);
    surface_free(surf);
    bundle_free(&b);
    return rc;
}
