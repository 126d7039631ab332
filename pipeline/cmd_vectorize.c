/*
 * cmd_vectorize.c — `politrend vectorize`: readouts as libsvm/svmlight
 * lines, "<label> <index>:<value> ...", indices from 1 and increasing, the
 * bundle's TF-IDF features, so svm-train, svm-predict, liblinear or
 * scikit-learn's load_svmlight_file can use them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "features/tfidf.h"
#include "models/bundle.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/project_cmd.h"

static void vectorize_help(void)
{
    printf("Usage: politrend vectorize [--model DIR] [--theme NAME] [FILE|DIR|-]...\n"
           "\n"
           "Writes each readout as one libsvm/svmlight line on stdout:\n"
           "  <label> <index>:<value> ...   (indices from 1, increasing; the bundle's\n"
           "                                 TF-IDF features, vocab.tsv line = index)\n"
           "The label is the 1-based position of the readout's primary theme in the\n"
           "bundle's themes (0 when it has none or no labels); with --theme NAME it is\n"
           "+1 when the readout carries that theme, -1 when it does not, 0 when unlabelled.\n"
           "\n"
           "  -m, --model DIR      the model bundle (default: " PROJECT_DEFAULT_FROM "out/model,\n"
           "                       as for `run` and `report`)\n"
           "  --theme NAME         binary labels for one theme\n"
           "  -h, --help           show this help\n");
}

static int doc_label(const pt_doc *d, int theme)
{
    if (!d->labelled)
        return 0;
    if (theme < 0)
        return d->n_themes > 0 ? d->themes[0] + 1 : 0;
    for (size_t k = 0; k < d->n_themes; k++)
        if (d->themes[k] == theme)
            return 1;
    return -1;
}

int cmd_vectorize(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'}, {"theme", required_argument, 0, 't'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0},
    };
    pt_error err = {0};
    project_cmd pc;
    if (project_cmd_start(&pc, argc, &err) != 0)
        return cli_fail(&err);
    const char *theme_name = NULL;
    int opt, usage = -1;
    optind = 1;
    while (usage < 0 && (opt = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
        switch (opt) {
        case 'm': pc.model = optarg; break;
        case 't': theme_name = optarg; break;
        case 'h': vectorize_help(); usage = 0; break;
        default: usage = cli_usage_error("vectorize", "unknown option"); break;
        }
    }
    pt_bundle b;
    if (usage < 0 && bundle_load(&b, pc.model, &err) != 0)
        usage = cli_fail(&err);
    project_cmd_free(&pc); /* the bundle keeps its own copy of the path */
    if (usage >= 0)
        return usage;
    int theme = -1, rc = 0;
    if (theme_name != NULL && (theme = taxonomy_find(&b.tax, theme_name)) < 0) {
        bundle_free(&b);
        return cli_usage_error("vectorize", "the bundle has no theme '%s'", theme_name);
    }
    pt_corpus c;
    corpus_init(&c);
    bag_set bags;
    memset(&bags, 0, sizeof bags);
    gsl_spmatrix *X = NULL;
    if (cli_read_corpus(&c, argv + optind, (size_t)(argc - optind), "-", &b.tax, &err) != 0 ||
        bags_tokenize(&bags, &b.tok, &c, NULL, 0, &err) != 0 ||
        (X = tfidf_transform(&b.tfidf, &bags, NULL, 0, &err)) == NULL) {
        rc = cli_fail(&err);
        goto done;
    }
    for (size_t d = 0; d < c.n; d++) {
        printf("%d", doc_label(&c.docs[d], theme));
        for (int e = X->p[d]; e < X->p[d + 1]; e++)
            printf(" %d:%.17g", X->i[e] + 1, X->data[e]);
        putchar('\n');
    }
    if (fflush(stdout) != 0) {
        pt_fail(&err, PT_ERR_IO, "cannot write to standard output");
        rc = cli_fail(&err);
    }
done:
    if (X)
        gsl_spmatrix_free(X);
    bags_free(&bags);
    corpus_free(&c);
    bundle_free(&b);
    return rc;
}
