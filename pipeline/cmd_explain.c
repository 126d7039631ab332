/*
 * cmd_explain.c — `politrend explain`: the terms that weigh most for each
 * theme of a linear model bundle, as JSON.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/xalloc.h"
#include "models/explain.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"

static void explain_help(void)
{
    printf("Usage: politrend explain [--model DIR] [--top N]\n"
           "\n"
           "Prints, for each theme of a linear model bundle, the terms with the strongest\n"
           "positive weight (computed from libsvm's support vectors and coefficients):\n"
           "  {\"<theme>\":[{\"term\":..,\"weight\":..},...],...}\n"
           "\n"
           "  -m, --model DIR      the model bundle (default: out/model)\n"
           "  --top N              terms per theme (1-1000, default 20)\n"
           "  -h, --help           show this help\n");
}

int cmd_explain(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'}, {"top", required_argument, 0, 'n'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0},
    };
    const char *model_dir = "out/model";
    long top = 20;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
        switch (opt) {
        case 'm': model_dir = optarg; break;
        case 'n':
            if (cli_parse_long("explain", "--top", optarg, 1, 1000, &top) != 0)
                return 64;
            break;
        case 'h': explain_help(); return 0;
        default: return cli_usage_error("explain", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("explain", "unexpected argument '%s'", argv[optind]);
    pt_error err = {0};
    pt_bundle b;
    if (bundle_load(&b, model_dir, &err) != 0)
        return cli_fail(&err);
    if (b.params.kernel != SVMX_LINEAR) {
        pt_fail(&err, PT_ERR_USAGE, "%s: explanations need a linear model; this bundle's kernel is %s", model_dir,
                svmx_kernel_name(b.params.kernel));
        bundle_free(&b);
        return cli_fail(&err);
    }
    size_t n_terms = vocab_size(b.tfidf.terms);
    double *w = xcalloc(n_terms, sizeof *w);
    explain_term *best = xcalloc((size_t)top, sizeof *best);
    json_t *out = json_object();
    for (size_t t = 0; t < b.tax.n; t++) {
        explain_linear_weights(b.svm.models[t], n_terms, w);
        size_t n = explain_top(w, n_terms, (size_t)top, best);
        json_t *arr = json_array();
        for (size_t k = 0; k < n; k++)
            json_array_append_new(arr, json_pack("{s:s, s:f}", "term", vocab_term(b.tfidf.terms, best[k].term),
                                                 "weight", best[k].weight));
        json_object_set_new(out, b.tax.names[t], arr);
    }
    char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    int rc = 0;
    if (text == NULL || puts(text) == EOF || fflush(stdout) != 0) {
        pt_fail(&err, PT_ERR_IO, "cannot write to standard output");
        rc = cli_fail(&err);
    }
    free(text);
    json_decref(out);
    free(best);
    free(w);
    bundle_free(&b);
    return rc;
}
