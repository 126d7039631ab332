/*
 * cmd_run.c — `politrend run`: the batch job users run again and again.
 *
 *   1. lock the corpus store and the output directory (flock);
 *   2. ingest the inbox into the store (rejected files are listed, the rest
 *      go on);
 *   3. the labelled data is every labelled readout of the corpus paths and
 *      the store: retrain when its hash differs from the bundle's manifest,
 *      otherwise reuse the bundle;
 *   4. classify the store's readouts into OUT/classified.jsonl;
 *   5. regenerate the reports over corpus and store.
 * Every file is written atomically and the bundle swapped in whole, so a run
 * killed at any moment leaves the previous store, bundle and reports intact,
 * and the next run completes the work.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "base/fsio.h"
#include "corpus/store.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "models/evaluate.h"
#include "pipeline/classify_out.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/ingest.h"
#include "pipeline/lock.h"
#include "pipeline/train_opts.h"
#include "reports/report.h"

static void run_help(void)
{
    printf("Usage: politrend run [--inbox DIR] [--store FILE] [--corpus PATH]... [--model DIR] [--out DIR]\n"
           "\n"
           "The batch job: ingests the readouts dropped in the inbox into the corpus store,\n"
           "retrains the model when the labelled data changed since the bundle was made\n"
           "(the manifest records its hash; otherwise the bundle is reused), classifies the\n"
           "store's readouts into OUT/classified.jsonl and regenerates the reports over the\n"
           "corpus and the store.  A rejected inbox file is reported and the run goes on;\n"
           "the exit code is then 65.  Safe to re-run and to interrupt.\n"
           "\n"
           "  --inbox DIR          new readouts (default: inbox/; missing or empty is fine)\n"
           "  --store FILE         the corpus store (default: corpus/local.jsonl)\n"
           "  --corpus PATH        labelled readouts besides the store; repeatable\n"
           "                       (default: the embedded corpus, corpus/readouts)\n"
           "  --themes FILE        the taxonomy (default: corpus/themes.tsv)\n"
           "  -m, --model DIR      the model bundle (default: out/model)\n"
           "  -o, --out DIR        reports and classifications (default: out/reports)\n"
           "  --quarantine DIR     copy each rejected inbox file there, with a .why file\n"
           "  --no-wait            exit 75 instead of waiting when another run holds a lock\n"
           "  -q, --quiet          no progress or summary lines\n"
           "  -h, --help           show this help\n"
           "Training options (used when the model is retrained):\n%s",
           train_options_help);
}

typedef struct {
    const char *inbox, *store_path, *model_dir, *out_dir, *themes_path, *calendar_path;
    char **paths;
    size_t n_paths;
    const char *default_corpus;
    ingest_options ingest;
    int wait, quiet;
    train_config cfg;
} run_options;

static int inbox_has_files(const char *inbox)
{
    struct stat st;
    if (stat(inbox, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    char **files;
    size_t n;
    pt_error ignore;
    if (corpus_list_inputs(inbox, &files, &n, &ignore) != 0)
        return 0;
    corpus_free_list(files, n);
    return n > 0;
}

/* A view of the labelled documents of all (shallow copies: all keeps
 * ownership; free only the view's array). */
static void labelled_view(const pt_corpus *all, pt_corpus *view)
{
    corpus_init(view);
    view->docs = xcalloc(all->n + 1, sizeof *view->docs);
    for (size_t k = 0; k < all->n; k++)
        if (all->docs[k].labelled)
            view->docs[view->n++] = all->docs[k];
    view->cap = view->n;
}

/* Reuses the bundle when it was trained on exactly this labelled data;
 * otherwise trains and saves a new one.  *retrained tells which. */
static int ensure_model(const run_options *o, const pt_corpus *labelled, const pt_taxonomy *tax, pt_bundle *b,
                        int *retrained, pt_error *err)
{
    char hash[65];
    train_data_hash(labelled, tax, hash);
    pt_error load_err = {0};
    *retrained = 0;
    if (bundle_load(b, o->model_dir, &load_err) == 0) {
        if (strcmp(b->data_hash, hash) == 0 && b->tax.n == tax->n)
            return 0;
        bundle_free(b);
    } else if (load_err.status != PT_ERR_NOINPUT && !o->quiet) {
        fprintf(stderr, "politrend: the bundle in %s cannot be used (%s); retraining\n", o->model_dir, load_err.msg);
    }
    if (!o->quiet)
        fprintf(stderr, "politrend: training on %zu labelled readouts...\n", labelled->n);
    train_config cfg = o->cfg;
    bundle_selection sel = {0};
    if (corpus_check_unique_ids(labelled, err) != 0 ||
        eval_select_parameters(labelled, tax, &cfg, 5, false, true, &sel, err) != 0 ||
        train_bundle(b, labelled, tax, &cfg, err) != 0) {
        free(sel.grid);
        return -1;
    }
    b->selection = sel;
    if (bundle_save(b, o->model_dir, err) != 0)
        return -1;
    *retrained = 1;
    return 0;
}

/* OUT/classified.jsonl: one classification line per readout of the store,
 * which holds the documents [first, all->n) of all. */
static int write_classified(const run_options *o, const pt_bundle *b, const pt_corpus *all, size_t first,
                            pt_error *err)
{
    strbuf sb = {0};
    size_t n_store = all->n - first;
    size_t *rows = xcalloc(n_store + 1, sizeof *rows);
    for (size_t k = 0; k < n_store; k++)
        rows[k] = first + k;
    double *probs = xcalloc(n_store * b->tax.n + 1, sizeof *probs);
    int rc = predict_rows(b, all, rows, n_store, probs, err);
    for (size_t k = 0; rc == 0 && k < n_store; k++) {
        json_t *j = classification_json(b, &all->docs[rows[k]], probs + k * b->tax.n, b->threshold);
        char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        json_decref(j);
        sb_puts(&sb, line);
        sb_puts(&sb, "\n");
        free(line);
    }
    free(rows);
    if (rc == 0) {
        size_t n = strlen(o->out_dir) + 32;
        char *path = xmalloc(n);
        snprintf(path, n, "%s/classified.jsonl", o->out_dir);
        rc = fsio_mkdirs(o->out_dir, err);
        if (rc == 0)
            rc = fsio_write_atomic(path, sb.data ? sb.data : "", sb.len, err);
        free(path);
    }
    free(probs);
    sb_free(&sb);
    return rc;
}

static int run_batch(const run_options *o, pt_error *err)
{
    pt_taxonomy tax = {0};
    pt_corpus corpus, store, all, labelled;
    corpus_init(&corpus);
    corpus_init(&store);
    corpus_init(&all);
    corpus_init(&labelled);
    pt_bundle bundle;
    memset(&bundle, 0, sizeof bundle);
    cli_lock store_lock = {-1}, out_lock = {-1};
    ingest_counts counts = {0};
    int rc = -1, retrained = 0;

    if (taxonomy_load(&tax, o->themes_path, err) != 0 ||
        cli_lock_acquire(&store_lock, o->store_path, o->wait, err) != 0 ||
        cli_lock_acquire(&out_lock, o->out_dir, o->wait, err) != 0 ||
        cli_read_corpus(&corpus, o->paths, o->n_paths, o->default_corpus, &tax, err) != 0 ||
        corpus_check_unique_ids(&corpus, err) != 0 || store_load(&store, o->store_path, &tax, err) != 0)
        goto done;
    if (inbox_has_files(o->inbox)) {
        char *inbox = (char *)o->inbox;
        if (ingest_inputs(&store, &corpus, &inbox, 1, &tax, &o->ingest, &counts, err) != 0)
            goto done;
        if ((counts.added > 0 || counts.replaced > 0) && store_save(&store, o->store_path, &tax, err) != 0)
            goto done;
        if (!o->quiet)
            fprintf(stderr, "politrend: ingest: %zu added, %zu replaced, %zu duplicates, %zu rejected\n",
                    counts.added, counts.replaced, counts.duplicates, counts.rejected);
    }
    /* Everything: the corpus paths, then the store as just saved (the
     * documents move into all; nothing is read twice). */
    size_t first_store = corpus.n, n_store = store.n;
    for (size_t k = 0; k < corpus.n; k++)
        corpus_take(&all, &corpus.docs[k]);
    for (size_t k = 0; k < store.n; k++)
        corpus_take(&all, &store.docs[k]);
    if (corpus_check_unique_ids(&all, err) != 0)
        goto done;
    labelled_view(&all, &labelled);
    if (ensure_model(o, &labelled, &tax, &bundle, &retrained, err) != 0 ||
        write_classified(o, &bundle, &all, first_store, err) != 0)
        goto done;
    report_options ro = {.out_dir = o->out_dir, .calendar_path = o->calendar_path};
    rc = report_write_all(&all, &bundle, &ro, err);
    if (rc == 0 && !o->quiet)
        fprintf(stderr, "politrend: run: %zu readouts (%zu in the store, %zu labelled); model %s in %s; "
                "reports in %s\n", all.n, n_store, labelled.n, retrained ? "retrained" : "reused", o->model_dir,
                o->out_dir);
    if (rc == 0 && counts.rejected > 0) {
        rc = -1;
        pt_fail(err, PT_ERR_DATA, "run finished, but %zu inbox readout%s rejected (listed above)", counts.rejected,
                counts.rejected == 1 ? " was" : "s were");
    }
done:
    free(labelled.docs); /* a view: the strings belong to all */
    bundle_free(&bundle);
    corpus_free(&all);
    corpus_free(&store);
    corpus_free(&corpus);
    taxonomy_free(&tax);
    cli_lock_release(&out_lock);
    cli_lock_release(&store_lock);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    static const struct option own[] = {
        {"inbox", required_argument, 0, 'i'},     {"store", required_argument, 0, 's'},
        {"corpus", required_argument, 0, 'c'},    {"themes", required_argument, 0, OPT_THEMES},
        {"model", required_argument, 0, 'm'},     {"out", required_argument, 0, 'o'},
        {"quarantine", required_argument, 0, 'Q'}, {"no-wait", no_argument, 0, 'n'},
        {"quiet", no_argument, 0, 'q'},           {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    struct option opts[64];
    train_opts_merge(opts, own);
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    run_options o = {.inbox = "inbox", .store_path = "corpus/local.jsonl", .model_dir = "out/model",
                     .out_dir = "out/reports", .themes_path = defaults.themes, .default_corpus = defaults.corpus,
                     .calendar_path = defaults.calendar,
                     .wait = 1};
    train_config_default(&o.cfg);
    o.cfg.tok.lexicon_path = defaults.lexicon;
    o.paths = xcalloc((size_t)argc + 1, sizeof *o.paths);
    int rc = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "i:s:c:m:o:C:qh", opts, NULL)) != -1) {
        int applied = train_opts_apply("run", opt, optarg, &o.cfg);
        if (applied < 0) {
            rc = 64;
            goto out;
        }
        if (applied)
            continue;
        switch (opt) {
        case 'i': o.inbox = optarg; break;
        case 's': o.store_path = optarg; break;
        case 'c': o.paths[o.n_paths++] = optarg; break;
        case OPT_THEMES: o.themes_path = optarg; break;
        case 'm': o.model_dir = optarg; break;
        case 'o': o.out_dir = optarg; break;
        case 'Q': o.ingest.quarantine = optarg; break;
        case 'n': o.wait = 0; break;
        case 'q': o.quiet = 1; break;
        case 'h': run_help(); goto out;
        default: rc = cli_usage_error("run", "unknown option"); goto out;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("run", "unexpected argument '%s'", argv[optind]);
        goto out;
    }
    o.ingest.quiet = o.quiet;
    pt_error err = {0};
    if (run_batch(&o, &err) != 0)
        rc = cli_fail(&err);
out:
    free(o.paths);
    cli_defaults_free(&defaults);
    return rc;
}
