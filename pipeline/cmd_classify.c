/*
 * cmd_classify.c — `politrend classify`: readouts in, one JSON line each out.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "base/xalloc.h"
#include "features/surface.h"
#include "models/explain.h"
#include "models/train.h"
#include "pipeline/cli.h"
#include "pipeline/classify_out.h"
#include "pipeline/commands.h"
#include "pipeline/project_cmd.h"

static void classify_help(void)
{
    printf("Usage: politrend classify [--model DIR] [--explain] [FILE|DIR|-]...\n"
           "\n"
           "Classifies readouts (.jsonl, .txt or saved .html files, directories of them, or\n"
           "- for stdin, the default) and writes one JSON object per readout to stdout:\n"
           "  {\"id\":..,\"date\":..,\"lang\":..,\"theme\":<primary theme or null>,\n"
           "   \"themes\":[themes with probability >= 0.5, most probable first],\n"
           "   \"scores\":{\"<theme>\":<probability>,...}}\n"
           "theme is null when no theme reaches the bundle's threshold.  Readouts that\n"
           "share an id are all classified, with one warning on stderr.  The model is\n"
           "politrend.conf's, as for `run` and `report`, unless --model says otherwise.\n"
           "\n"
           "Options:\n"
           "  -m, --model DIR      the model bundle (default: " PROJECT_DEFAULT_FROM "out/model)\n"
           "  --threshold P        override the bundle's threshold for the primary theme\n"
           "  --lenient            replace invalid UTF-8 with U+FFFD instead of failing\n"
           "  --explain            add \"explain\": the terms (as the readouts write them)\n"
           "                       that contributed most to the\n"
           "                       primary theme (or, with none, the most probable theme),\n"
           "                       as [{\"term\":..,\"contribution\":weight x tf-idf},...];\n"
           "                       linear models only\n"
           "  --top N              terms per explanation (1-100, default 10)\n"
           "  -q, --quiet          no progress line (shown only when stderr is a terminal)\n"
           "  -h, --help           show this help\n");
}

static void show_progress(void *ctx, size_t done)
{
    cli_progress_step(ctx, done);
}

/* Classifies every readout of c with a progress line on a terminal.
 * Returns 0 or -1 with err. */
static int predict_with_progress(const pt_bundle *b, const pt_corpus *c, double *probs, bool quiet, pt_error *err)
{
    cli_progress progress;
    cli_progress_start(&progress, quiet, "classify", c->n);
    int rc = predict_rows_progress(b, c, NULL, 0, probs, show_progress, &progress, err);
    cli_progress_end(&progress);
    return rc;
}

static int cmp_id_ptr(const void *a, const void *b)
{
    return strcmp(**(char **const *)a, **(char **const *)b);
}

/* report and train refuse duplicate ids; classify still classifies every
 * readout (its output is per readout) but says, once, that lines will share
 * an id: how many, and the first pair. */
static void warn_duplicate_ids(const pt_corpus *c)
{
    pt_error first = {0};
    if (corpus_check_unique_ids(c, &first) == 0)
        return;
    char ***ids = xcalloc(c->n + 1, sizeof *ids);
    for (size_t k = 0; k < c->n; k++)
        ids[k] = &c->docs[k].id;
    qsort(ids, c->n, sizeof *ids, cmp_id_ptr);
    size_t repeats = 0;
    for (size_t k = 1; k < c->n; k++)
        repeats += strcmp(*ids[k - 1], *ids[k]) == 0;
    free(ids);
    fprintf(stderr, "politrend: warning: %zu readout%s repeat%s the id of an earlier one, so output lines share "
            "ids (report and train refuse this); first: %s\n", repeats, repeats == 1 ? "" : "s",
            repeats == 1 ? "s" : "", first.msg);
}

int cmd_classify(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'}, {"threshold", required_argument, 0, 't'},
        {"lenient", no_argument, 0, 'l'},     {"help", no_argument, 0, 'h'},
        {"explain", no_argument, 0, 'e'},     {"top", required_argument, 0, 'n'},
        {"quiet", no_argument, 0, 'q'},       {0, 0, 0, 0},
    };
    pt_error err = {0};
    project_cmd pc;
    if (project_cmd_start(&pc, argc, &err) != 0)
        return cli_fail(&err);
    double threshold = -1.0;
    int lenient = 0, explain = 0, opt, usage = -1;
    bool quiet = false;
    long top = 10;
    optind = 1;
    while (usage < 0 && (opt = getopt_long(argc, argv, "m:qh", opts, NULL)) != -1) {
        switch (opt) {
        case 'm': pc.model = optarg; break;
        case 't':
            if (cli_parse_double("classify", "--threshold", optarg, 0.0, 1.0, &threshold) != 0)
                usage = EX_USAGE;
            break;
        case 'l': lenient = 1; break;
        case 'e': explain = 1; break;
        case 'q': quiet = true; break;
        case 'n':
            if (cli_parse_long("classify", "--top", optarg, 1, 100, &top) != 0)
                usage = EX_USAGE;
            break;
        case 'h': classify_help(); usage = 0; break;
        default: usage = cli_usage_error("classify", "unknown option"); break;
        }
    }
    pt_bundle bundle;
    if (usage < 0 && bundle_load(&bundle, pc.model, &err) != 0)
        usage = cli_fail(&err);
    project_cmd_free(&pc); /* the bundle keeps its own copy of the path */
    if (usage >= 0)
        return usage;
    bundle.tok.lenient = lenient;
    if (threshold < 0)
        threshold = bundle.threshold;

    pt_corpus corpus;
    corpus_init(&corpus);
    corpus.lenient = lenient;
    char *stdin_path = "-";
    int rc = 0;
    double *probs = NULL;
    int *explain_theme = NULL;
    explain_term *why = NULL;
    size_t *why_n = NULL;
    surface_map *surf = NULL;
    if (cli_read_corpus(&corpus, argv + optind, (size_t)(argc - optind), stdin_path, &bundle.tax, &err) != 0) {
        rc = cli_fail(&err);
        goto done;
    }
    warn_duplicate_ids(&corpus);
    probs = xcalloc(corpus.n * bundle.tax.n + 1, sizeof *probs);
    if (predict_with_progress(&bundle, &corpus, probs, quiet, &err) != 0) {
        rc = cli_fail(&err);
        goto done;
    }
    if (explain) {
        explain_theme = xcalloc(corpus.n + 1, sizeof *explain_theme);
        why = xcalloc(corpus.n * (size_t)top + 1, sizeof *why);
        why_n = xcalloc(corpus.n + 1, sizeof *why_n);
        for (size_t d = 0; d < corpus.n; d++)
            explain_theme[d] = predict_primary(probs + d * bundle.tax.n, bundle.tax.n, 0.0);
        /* The terms as the readouts write them, not the model's stems or bigrams. */
        if (explain_documents(&bundle, &corpus, explain_theme, (size_t)top, why, why_n, &err) != 0 ||
            (surf = surface_build(&corpus, &bundle.tok, &err)) == NULL) {
            rc = cli_fail(&err);
            goto done;
        }
    }
    for (size_t d = 0; d < corpus.n; d++) {
        json_t *o = classification_json(&bundle, &corpus.docs[d], probs + d * bundle.tax.n, threshold);
        if (explain) {
            json_t *terms = json_array();
            for (size_t k = 0; k < why_n[d]; k++) {
                const explain_term *e = &why[d * (size_t)top + k];
                json_array_append_new(terms, json_pack("{s:s, s:f}", "term", surface_of(surf, vocab_term(bundle.tfidf.terms, e->term)),
                                                       "contribution", e->weight));
            }
            json_object_set_new(o, "explain", terms);
        }
        char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        json_decref(o);
        if (line == NULL || puts(line) == EOF) {
            free(line);
            err.status = PT_ERR_IO;
            snprintf(err.msg, sizeof err.msg, "cannot write to standard output");
            rc = cli_fail(&err);
            goto done;
        }
        free(line);
    }
    if (fflush(stdout) != 0) {
        pt_fail(&err, PT_ERR_IO, "cannot write to standard output");
        rc = cli_fail(&err);
    }
done:
    free(explain_theme);
    surface_free(surf);
    free(why);
    free(why_n);
    free(probs);
    corpus_free(&corpus);
    bundle_free(&bundle);
    return rc;
}
