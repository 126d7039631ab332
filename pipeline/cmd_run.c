/*
 * cmd_run.c — `politrend run`: the batch job users run again and again.
 *
 *   0. read politrend.conf (written with what this run uses when absent);
 *   1. lock the corpus store and the output directory (flock);
 *   2. ingest the inbox into the store (rejected files are listed, the rest
 *      go on), save the store, then move each ingested file to INBOX/done
 *      and remove each rejected one (its records are in the quarantine
 *      with a .why file), so the next run does not see them again;
 *   3. the labelled data is every labelled readout of the corpus paths and
 *      the store: retrain when its hash differs from the bundle's manifest,
 *      otherwise reuse the bundle; never retrain a bundle whose manifest
 *      names other sources than this run's (that would replace a model the
 *      user made on purpose), and never reuse or retrain one trained with
 *      other settings than this run's (train_settings.h): stop, name each
 *      setting and say what to do;
 *   4. classify the store's readouts into OUT/classified.jsonl;
 *   5. regenerate the reports over corpus and store;
 *   6. say what is new: the sessions added, their themes and where each
 *      label came from, and the session numbers now known to be missing.
 * Every file is written atomically and the bundle swapped in whole, so a run
 * killed at any moment leaves the previous store, bundle and reports intact,
 * and the next run completes the work.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/path.h"
#include "corpus/store.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "models/evaluate.h"
#include "pipeline/classify_out.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/ingest.h"
#include "corpus/store_edit.h"
#include "corpus/unpublished.h"
#include "models/coverage.h"
#include "pipeline/lock.h"
#include "pipeline/project_cmd.h"
#include "pipeline/train_opts.h"
#include "pipeline/train_settings.h"
#include "pipeline/train_sources.h"
#include "reports/report.h"

static void run_help(void)
{
    printf("Usage: politrend run [--inbox DIR] [--store FILE] [--corpus PATH]... [--model DIR] [--out DIR]\n"
           "\n"
           "The batch job: ingests the readouts dropped in the inbox into the corpus store\n"
           "(each ingested file then moves to INBOX/done, each rejected one to the\n"
           "quarantine with a .why file), retrains the model when the labelled data\n"
           "changed since the bundle was made (the manifest records its hash; otherwise\n"
           "the bundle is reused), classifies the store's readouts into\n"
           "OUT/classified.jsonl, regenerates the reports over the corpus and the store,\n"
           "and says what is new.  It never retrains a bundle whose manifest names other\n"
           "training data than this run's, and never reuses or retrains one trained with\n"
           "other settings (themes, tokeniser, TF-IDF, kernel, solver, C, gamma, class\n"
           "weights, seed, threshold, folds, grid) than the options below give: it stops\n"
           "(exit 65), names each setting that differs and says what to do, since a batch\n"
           "job should neither report from a model it did not ask for nor replace one made\n"
           "on purpose.  The one exception is an upgrade of politrend: when the only\n"
           "differences are politrend's own lexicon, formulae or taxonomy, changed since\n"
           "(the manifest records whether each was politrend's or given), run retrains and\n"
           "says so.  --corpus, --store, --model, --out, --inbox and --quarantine, and the\n"
           "training options below, default to politrend.conf's (the same settings train\n"
           "reads: see 'politrend init --help'); the first run writes one with what it\n"
           "used.  A rejected inbox file is reported and the run goes on; the exit code is\n"
           "then 65 (and 0 the next time, the inbox having moved on).  Safe to re-run and\n"
           "to interrupt.\n"
           "\n"
           "  --inbox DIR          new readouts (default: " PROJECT_DEFAULT_FROM "inbox/; missing or\n"
           "                       empty is fine)\n"
           "  --store FILE         the corpus store (default: " PROJECT_DEFAULT_FROM "\n"
           "                       corpus/local.jsonl)\n"
           "  --corpus PATH        labelled readouts besides the store; repeatable (default:\n"
           "                       " PROJECT_DEFAULT_FROM "the embedded corpus, corpus/readouts)\n"
           "  --themes FILE        the taxonomy (default: " PROJECT_DEFAULT_FROM "corpus/themes.tsv)\n"
           "  --folds K            folds that choose the threshold and calibrate the\n"
           "                       probabilities when retraining (2-50, default:\n"
           "                       " PROJECT_DEFAULT_FROM "5)\n"
           "  --grid, --no-grid    choose C (and gamma) by a grid search when retraining,\n"
           "                       or not (default: " PROJECT_DEFAULT_FROM "no; -C or --gamma\n"
           "                       turns politrend.conf's grid off)\n"
           "  -m, --model DIR      the model bundle (default: " PROJECT_DEFAULT_FROM "out/model;\n"
           "                       a new or empty directory, or a bundle: anything else\n"
           "                       exits 73)\n"
           "  -o, --out DIR        reports and classifications (default: " PROJECT_DEFAULT_FROM "\n"
           "                       out/reports)\n"
           "  --quarantine DIR     where rejected inbox records go, each with a .why file\n"
           "                       (default: INBOX/quarantine)\n"
           "  --delete-ingested    remove ingested inbox files instead of moving them to\n"
           "                       INBOX/done (their readouts are in the store)\n"
           "  --no-wait            exit 75 instead of waiting when another run holds a lock\n"
           "  -q, --quiet          no progress or summary lines\n"
           "  -h, --help           show this help\n"
           "Training options (default: " PROJECT_DEFAULT_FROM "as below; a bundle trained\n"
           "otherwise is refused, not retrained):\n%s",
           train_options_help);
}

typedef struct {
    const char *inbox, *store_path, *model_dir, *out_dir, *themes_path, *calendar_path, *unpublished_path;
    const char *bodies_path;
    char **paths;
    size_t n_paths;
    const char *default_corpus;
    ingest_options ingest;
    int wait, quiet, delete_ingested;
    train_config cfg;
    bool threshold_given;  /* --threshold: no threshold chosen by cross-validation */
    long folds;
    bool grid;             /* C (and gamma) chosen by a grid search when retraining */
    /* The lexicon, formulae and taxonomy are politrend's shipped files. */
    bool lexicon_shipped, formulae_shipped, themes_shipped;
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

/* Refuses (-1 with err) a bundle trained with other settings than o's:
 * reusing it would report from a model this run did not ask for, and
 * retraining it would replace a model the user made on purpose.  The
 * message names each setting, with the options that match the bundle.
 * When the only differences are shipped files that changed since (an
 * upgrade of politrend), sets *stale (when not NULL) to the
 * " and "-separated names of those files (caller frees), else to NULL. */
static int check_settings(const run_options *o, const pt_bundle *b, const pt_corpus *labelled,
                          const pt_taxonomy *tax, char **stale, pt_error *err)
{
    train_recipe r = {.cfg = &o->cfg, .threshold_by_cv = !o->threshold_given, .folds = (size_t)o->folds,
                      .tax = tax, .n_docs = labelled->n, .grid = o->grid, .lexicon_shipped = o->lexicon_shipped,
                      .formulae_shipped = o->formulae_shipped, .themes_shipped = o->themes_shipped};
    strbuf what = {0}, options = {0}, shipped = {0};
    int n = train_settings_diff(b, &r, &what, &options, &shipped, err);
    if (stale != NULL)
        *stale = n == 0 && shipped.len > 0 ? xstrdup(shipped.data) : NULL;
    sb_free(&shipped);
    if (n > 0) {
        /* Long lists go on lines of their own, so the message is never cut
         * off (it has room for about 1000 bytes). */
        const char *listed = what.data, *matching = options.data ? options.data : "";
        if (what.len + options.len > 500) {
            fprintf(stderr, "politrend: run: %s was trained with: ", o->model_dir);
            cli_put_escaped(stderr, what.data);
            fprintf(stderr, "\npolitrend: run: the options that match it: ");
            cli_put_escaped(stderr, matching);
            fputc('\n', stderr);
            listed = "the settings listed above";
            matching = "the options listed above";
        }
        pt_fail(err, PT_ERR_DATA,
                "%s was trained with other settings than this run would use: %s. Reusing it would report from a "
                "model this run did not ask for, and retraining would replace one made on purpose. To use it, "
                "give this run the same settings (%s); to replace it, train it with this run's settings "
                "('politrend train --model %s' with this run's training options) and run again; or give this run "
                "another --model directory",
                o->model_dir, listed, matching, o->model_dir);
    }
    sb_free(&what);
    sb_free(&options);
    return n == 0 ? 0 : -1;
}

/* Before the inbox is touched: a bundle this run would refuse for its
 * settings is refused now, so that a refused run changes nothing. */
static int check_settings_first(const run_options *o, const pt_corpus *corpus, const pt_taxonomy *tax,
                                pt_error *err)
{
    pt_bundle b;
    pt_error ignore = {0};
    if (bundle_load(&b, o->model_dir, &ignore) != 0) { /* none, or damaged: ensure_model says so */
        bundle_free(&b);
        return 0;
    }
    int rc = check_settings(o, &b, corpus, tax, NULL, err);
    bundle_free(&b);
    return rc;
}

/* Reuses the bundle when it was trained on exactly this labelled data with
 * this run's settings; otherwise trains and saves a new one, unless the
 * bundle was made from other sources or with other settings than this
 * run's (then it refuses).  *retrained tells which. */
static int ensure_model(const run_options *o, const pt_corpus *labelled, const pt_taxonomy *tax, pt_bundle *b,
                        int *retrained, pt_error *err)
{
    char hash[65];
    train_data_hash(labelled, tax, hash);
    pt_error load_err = {0};
    *retrained = 0;
    bundle_sources mine = {0};
    train_sources_record(&mine, o->paths, o->n_paths, o->default_corpus, o->store_path);
    if (bundle_load(b, o->model_dir, &load_err) == 0) {
        int same_data = strcmp(b->data_hash, hash) == 0 && b->tax.n == tax->n;
        int data_changed = !same_data;
        char *stale = NULL;
        if ((same_data || !b->sources.known || train_sources_same(&b->sources, &mine)) &&
            check_settings(o, b, labelled, tax, &stale, err) != 0) {
            bundle_sources_free(&mine);
            return -1;
        }
        if (stale != NULL) {
            /* Trained as this run would, but with the shipped files of an
             * earlier politrend: the user chose none of them, so the model
             * follows the upgrade (retraining on the same data, or on the
             * same sources, replaces nothing the user made). */
            if (!o->quiet)
                fprintf(stderr, "politrend: run: the shipped %s changed since %s was trained: retraining\n", stale,
                        o->model_dir);
            free(stale);
        } else if (same_data) {
            bundle_sources_free(&mine);
            return 0;
        }
        if (data_changed && b->sources.known && !train_sources_same(&b->sources, &mine)) {
            char theirs[2048], ours[2048];
            pt_fail(err, PT_ERR_DATA,
                    "%s was trained on %s, but this run would train on %s: retraining would replace that model. "
                    "Give this run the same sources (--corpus/--store, or name them in politrend.conf), or another "
                    "--model directory; or retrain it yourself with 'politrend train --model %s'",
                    o->model_dir, train_sources_text(&b->sources, theirs, sizeof theirs),
                    train_sources_text(&mine, ours, sizeof ours), o->model_dir);
            bundle_sources_free(&mine);
            return -1;
        }
        bundle_free(b);
    } else if (load_err.status != PT_ERR_NOINPUT && !o->quiet) {
        fprintf(stderr, "politrend: the bundle in %s cannot be used (%s); retraining\n", o->model_dir, load_err.msg);
    }
    if (!o->quiet)
        fprintf(stderr, "politrend: training on %zu labelled readouts...\n", labelled->n);
    train_config cfg = o->cfg;
    if (corpus_check_unique_ids(labelled, err) != 0 ||
        eval_train_selected(b, labelled, tax, &cfg, (size_t)o->folds, o->grid, !o->threshold_given, err) != 0) {
        bundle_sources_free(&mine);
        return -1;
    }
    b->sources = mine;
    b->lexicon_shipped = o->lexicon_shipped;
    b->formulae_shipped = o->formulae_shipped;
    b->themes_shipped = o->themes_shipped;
    train_warn_coverage(labelled, tax);
    if (bundle_save(b, o->model_dir, err) != 0)
        return -1;
    *retrained = 1;
    /* Classify with the bundle as saved (libsvm's files round some numbers),
     * so that this run and a later `report` give the same bytes. */
    bundle_free(b);
    return bundle_load(b, o->model_dir, err);
}

/* OUT/classified.jsonl: one classification line per readout of the store,
 * which holds the documents [first, all->n) of all.  Leaves the store's
 * probabilities in *probs_out (n_store × themes; caller frees). */
static int write_classified(const run_options *o, const pt_bundle *b, const pt_corpus *all, size_t first,
                            double **probs_out, pt_error *err)
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
        char *path = path_join(o->out_dir, "classified.jsonl");
        rc = fsio_mkdirs(o->out_dir, err);
        if (rc == 0)
            rc = fsio_write_atomic(path, sb.data ? sb.data : "", sb.len, err);
        free(path);
    }
    *probs_out = probs;
    sb_free(&sb);
    return rc;
}

/* Moves file into dir under its own name, or NAME.1, NAME.2, ... when that
 * is taken (a file of the same name moved earlier is never replaced).
 * Sets *moved_to (caller frees) when not NULL. */
static int move_into(const char *file, const char *dir, char **moved_to, pt_error *err)
{
    if (fsio_mkdirs(dir, err) != 0)
        return -1;
    const char *slash = strrchr(file, '/');
    const char *base = slash ? slash + 1 : file;
    char *dst = path_join(dir, base);
    for (int k = 1; access(dst, F_OK) == 0; k++) {
        free(dst);
        size_t n = strlen(base) + 16;
        char *name = xmalloc(n);
        snprintf(name, n, "%s.%d", base, k);
        dst = path_join(dir, name);
        free(name);
    }
    int rc = 0;
    if (rename(file, dst) != 0)
        rc = pt_fail(err, PT_ERR_IO, "%s: cannot move it to %s: %s", file, dst, strerror(errno));
    else
        rc = fsio_fsync_path(dir, err);
    if (rc == 0 && moved_to != NULL)
        *moved_to = dst;
    else
        free(dst);
    return rc;
}

/* After the store is saved: every inbox file whose readouts are all in the
 * store moves to INBOX/done (or is removed with --delete-ingested); a file
 * with rejected records keeps them in the quarantine (each with a .why
 * file), and the file itself moves to done when it also gave readouts, or
 * is removed when the quarantine holds all of it.  A file that could not be
 * read (or is over the size limit) moves to the quarantine whole, with its
 * .why file, so the next run does not stumble on it again. */
static int settle_inbox(const run_options *o, const ingest_files *files, pt_error *err)
{
    char *done_dir = path_join(o->inbox, "done");
    int rc = 0;
    for (size_t k = 0; k < files->n && rc == 0; k++) {
        const ingest_file *f = &files->v[k];
        if (f->unreadable) {
            char *dst = NULL;
            rc = move_into(f->path, o->ingest.quarantine, &dst, err);
            if (rc == 0) {
                char *why_path = xmalloc(strlen(dst) + 5), *why = xmalloc(strlen(f->why) + 2);
                sprintf(why_path, "%s.why", dst);
                sprintf(why, "%s\n", f->why);
                rc = fsio_write_atomic(why_path, why, strlen(why), err);
                free(why);
                free(why_path);
            }
            free(dst);
            continue;
        }
        int whole_in_quarantine = f->rejected > 0 && f->accepted == 0;
        if (whole_in_quarantine || (f->rejected == 0 && o->delete_ingested)) {
            if (unlink(f->path) != 0)
                rc = pt_fail(err, PT_ERR_IO, "%s: cannot remove it: %s", f->path, strerror(errno));
        } else {
            rc = move_into(f->path, done_dir, NULL, err);
        }
    }
    if (rc == 0 && files->n > 0)
        rc = fsio_fsync_path(o->inbox, err); /* the files are gone from here for good */
    free(done_dir);
    return rc;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The numbers missing within each term of docs[0..n) (those of the docs
 * marked skip left out): cc * 100000 + number, sorted.  Sets *out (caller
 * frees) and returns the count. */
static size_t missing_numbers(const pt_corpus *c, const unsigned char *skip, long **out)
{
    long *known = xcalloc(c->n + 1, sizeof *known);
    size_t n = 0;
    for (size_t k = 0; k < c->n; k++)
        if ((!skip || !skip[k]) && c->docs[k].cc > 0 && c->docs[k].session > 0)
            known[n++] = (long)c->docs[k].cc * 100000 + c->docs[k].session;
    qsort(known, n, sizeof *known, cmp_long);
    size_t cap = 16, m = 0;
    long *miss = xcalloc(cap, sizeof *miss);
    for (size_t k = 1; k < n; k++) {
        if (known[k] / 100000 != known[k - 1] / 100000)
            continue;
        for (long v = known[k - 1] + 1; v < known[k]; v++) {
            if (m == cap)
                miss = xreallocarray(miss, cap *= 2, sizeof *miss);
            miss[m++] = v;
        }
    }
    free(known);
    *out = miss;
    return m;
}

/* Says what this run brought: the sessions of the readouts added or
 * replaced (their themes, and whether a person or the model gave them),
 * and the session numbers that are missing now and were not before. */
static void print_news(const run_options *o, const pt_corpus *all, size_t first_store, const ingest_counts *counts,
                       const pt_bundle *b, const double *store_probs, const pt_unpublished *unpub)
{
    if (counts->n_new == 0) {
        fprintf(stderr, "politrend: run: nothing new in %s\n", o->inbox);
        return;
    }
    size_t nt = b->tax.n;
    unsigned char *is_new = xcalloc(all->n + 1, 1), *done = xcalloc(all->n + 1, 1);
    for (size_t k = 0; k < counts->n_new; k++)
        is_new[first_store + counts->new_docs[k]] = 1;
    size_t n_sessions = 0;
    strbuf sb = {0};
    double *mean = xcalloc(nt + 1, sizeof *mean);
    for (size_t k = first_store; k < all->n; k++) {
        if (!is_new[k] || done[k])
            continue;
        char key[300], other[300];
        coverage_session_key(&all->docs[k], key, sizeof key);
        /* The session's new readouts, all languages. */
        size_t n_docs = 0;
        const pt_doc *manual = NULL;
        char langs[64] = "";
        memset(mean, 0, nt * sizeof *mean);
        for (size_t j = k; j < all->n; j++) {
            if (!is_new[j] || done[j] || strcmp(coverage_session_key(&all->docs[j], other, sizeof other), key) != 0)
                continue;
            done[j] = 1;
            n_docs++;
            if (manual == NULL && all->docs[j].labelled)
                manual = &all->docs[j];
            snprintf(langs + strlen(langs), sizeof langs - strlen(langs), "%s%s", langs[0] ? ", " : "",
                     all->docs[j].lang);
            for (size_t t = 0; t < nt; t++)
                mean[t] += store_probs[(j - first_store) * nt + t];
        }
        n_sessions++;
        const pt_doc *d = &all->docs[k];
        sb_printf(&sb, "  %s (%s; %s): ", key, d->date ? d->date : "no date", langs);
        if (manual != NULL) {
            char labels[512];
            store_labels_text(manual, &b->tax, labels, sizeof labels);
            sb_printf(&sb, "%s (manual label)\n", strcmp(labels, "[]") == 0 ? "none of the themes" : labels);
            continue;
        }
        for (size_t t = 0; t < nt; t++)
            mean[t] /= (double)n_docs;
        int primary = predict_primary(mean, nt, b->threshold);
        if (primary < 0) {
            sb_puts(&sb, "no theme confident enough (model)\n");
            continue;
        }
        sb_printf(&sb, "%s %.2f", b->tax.names[primary], mean[primary]);
        for (size_t t = 0; t < nt; t++)
            if ((int)t != primary && mean[t] >= PREDICT_THEME_P)
                sb_printf(&sb, ", %s %.2f", b->tax.names[t], mean[t]);
        sb_puts(&sb, " (model)\n");
    }
    fprintf(stderr, "politrend: run: %zu new session%s:\n%s", n_sessions, n_sessions == 1 ? "" : "s",
            sb.data ? sb.data : "");
    sb_free(&sb);
    long *before, *after;
    size_t n_before = missing_numbers(all, is_new, &before), n_after = missing_numbers(all, NULL, &after);
    size_t shown = 0;
    for (size_t k = 0, j = 0; k < n_after; k++) {
        while (j < n_before && before[j] < after[k])
            j++;
        if (j < n_before && before[j] == after[k])
            continue;
        int cc = (int)(after[k] / 100000), num = (int)(after[k] % 100000);
        const pt_unpublished_entry *e = unpublished_find(unpub, cc, num);
        fprintf(stderr, "%s  %d-%d: %s%s\n", shown++ ? "" : "politrend: run: now known to be missing:\n", cc, num,
                e ? "held but never published: " : "not in the corpus (unpublished ones go in corpus/unpublished.tsv)",
                e ? e->note : "");
    }
    free(before);
    free(after);
    free(mean);
    free(is_new);
    free(done);
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
    ingest_files files = {0};
    pt_unpublished unpub = {0};
    double *store_probs = NULL;
    int rc = -1, retrained = 0;
    char *model_target = NULL;

    /* The model directory is checked once the locks are held (a lock file
     * inside it is then seen) and before any work. */
    if (taxonomy_load(&tax, o->themes_path, err) != 0 || unpublished_load(&unpub, o->unpublished_path, err) != 0 ||
        cli_lock_acquire(&store_lock, o->store_path, o->wait, err) != 0 ||
        cli_lock_acquire(&out_lock, o->out_dir, o->wait, err) != 0 ||
        bundle_check_target(o->model_dir, &model_target, err) != 0 ||
        cli_read_corpus(&corpus, o->paths, o->n_paths, o->default_corpus, &tax, err) != 0 ||
        corpus_check_unique_ids(&corpus, err) != 0 || store_load(&store, o->store_path, &tax, err) != 0 ||
        check_settings_first(o, &corpus, &tax, err) != 0)
        goto done;
    if (inbox_has_files(o->inbox)) {
        char *inbox = (char *)o->inbox;
        if (ingest_inputs(&store, &corpus, &inbox, 1, &tax, &o->ingest, &counts, &files, err) != 0)
            goto done;
        if ((counts.added > 0 || counts.replaced > 0 || counts.relabelled > 0) &&
            store_save(&store, o->store_path, &tax, err) != 0)
            goto done;
        if (!o->quiet)
            fprintf(stderr, "politrend: ingest: %zu added, %zu replaced, %zu relabelled, %zu duplicates, "
                    "%zu rejected\n", counts.added, counts.replaced, counts.relabelled, counts.duplicates,
                    counts.rejected);
        /* Only now that the store holds them do the files leave the inbox. */
        if (settle_inbox(o, &files, err) != 0)
            goto done;
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
        write_classified(o, &bundle, &all, first_store, &store_probs, err) != 0)
        goto done;
    char *stop_path = cli_data_path("features/stopphrases.tsv");
    report_options ro = {.out_dir = o->out_dir, .calendar_path = o->calendar_path,
                         .unpublished_path = o->unpublished_path, .stop_path = stop_path,
                         .bodies_path = o->bodies_path};
    rc = report_write_all(&all, &bundle, &ro, err);
    free(stop_path);
    if (rc == 0 && !o->quiet) {
        fprintf(stderr, "politrend: run: %zu readouts (%zu in the store, %zu labelled); model %s in %s; "
                "reports in %s\n", all.n, n_store, labelled.n, retrained ? "retrained" : "reused", o->model_dir,
                o->out_dir);
        print_news(o, &all, first_store, &counts, &bundle, store_probs, &unpub);
    }
    if (rc == 0 && counts.rejected > 0) {
        rc = -1;
        pt_fail(err, PT_ERR_DATA, "run finished, but %zu inbox readout%s rejected (listed above; kept in %s with a "
                ".why file each)", counts.rejected, counts.rejected == 1 ? " was" : "s were", o->ingest.quarantine);
    }
done:
    free(model_target);
    free(labelled.docs); /* a view: the strings belong to all */
    free(store_probs);
    free(counts.new_docs);
    ingest_files_free(&files);
    unpublished_free(&unpub);
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
    enum { OPT_DELETE_INGESTED = 2000, OPT_FOLDS, OPT_GRID, OPT_NO_GRID };
    static const struct option own[] = {
        {"inbox", required_argument, 0, 'i'},     {"store", required_argument, 0, 's'},
        {"corpus", required_argument, 0, 'c'},    {"themes", required_argument, 0, OPT_THEMES},
        {"model", required_argument, 0, 'm'},     {"out", required_argument, 0, 'o'},
        {"quarantine", required_argument, 0, 'Q'}, {"no-wait", no_argument, 0, 'n'},
        {"delete-ingested", no_argument, 0, OPT_DELETE_INGESTED}, {"folds", required_argument, 0, OPT_FOLDS},
        {"grid", no_argument, 0, OPT_GRID},       {"no-grid", no_argument, 0, OPT_NO_GRID},
        {"quiet", no_argument, 0, 'q'},           {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    project_cmd pc;
    pt_error err = {0};
    if (project_cmd_start(&pc, argc, &err) != 0)
        return cli_fail(&err);
    const project_conf *conf = &pc.conf;
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    char *unpublished = cli_data_path("corpus/unpublished.tsv");
    run_options o = {.inbox = conf->inbox, .default_corpus = defaults.corpus,
                     .calendar_path = defaults.calendar, .unpublished_path = unpublished,
                     .bodies_path = defaults.bodies, .wait = 1};
    o.ingest.quarantine = conf->quarantine;
    train_cmd tc;
    train_cmd_start(&tc, "run", "i:s:c:m:o:C:qh", own, &o.cfg, &defaults, conf);
    o.folds = tc.folds;
    char *quarantine = NULL;
    int rc = 0, opt, grid = -1; /* -1: no --grid or --no-grid */
    while ((opt = train_cmd_next(&tc, argc, argv, &o.cfg)) != -1) {
        if (opt == TRAIN_CMD_BAD) {
            rc = EX_USAGE;
            goto out;
        }
        switch (opt) {
        case 'i': o.inbox = optarg; break;
        case 's': pc.store = optarg; break;
        case 'c': project_cmd_corpus(&pc, optarg); break;
        case OPT_THEMES:
            tc.themes = optarg;
            tc.themes_given = true;
            break;
        case OPT_GRID: grid = 1; break;
        case OPT_NO_GRID: grid = 0; break;
        case 'm': pc.model = optarg; break;
        case 'o': pc.out = optarg; break;
        case OPT_FOLDS:
            if (cli_parse_long("run", "--folds", optarg, 2, 50, &o.folds) != 0) {
                rc = EX_USAGE;
                goto out;
            }
            break;
        case 'Q': o.ingest.quarantine = optarg; break;
        case 'n': o.wait = 0; break;
        case OPT_DELETE_INGESTED: o.delete_ingested = 1; break;
        case 'q': o.quiet = 1; break;
        case 'h': run_help(); goto out;
        default: rc = cli_usage_error("run", "unknown option"); goto out;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("run", "unexpected argument '%s'", argv[optind]);
        goto out;
    }
    project_cmd_end(&pc);
    o.paths = pc.corpora;
    o.n_paths = pc.n_corpora;
    o.store_path = pc.store;
    o.model_dir = pc.model;
    o.out_dir = pc.out;
    o.threshold_given = tc.threshold_given;
    o.grid = grid >= 0 ? grid : tc.grid && !tc.cost_given; /* as train decides it */
    o.themes_path = tc.themes;
    o.lexicon_shipped = !tc.lexicon_given;
    o.formulae_shipped = !tc.formulae_given;
    o.themes_shipped = !tc.themes_given;
    if (o.ingest.quarantine == NULL) {
        quarantine = path_join(o.inbox, "quarantine");
        o.ingest.quarantine = quarantine;
    }
    o.ingest.quiet = o.quiet;
    if (!conf->found) {
        /* The first run: politrend.conf says from now on what it used, so
         * that every other command sees the same readouts and model. */
        project_conf first;
        if (project_load(&first, NULL, &err) == 0) {
            project_set_corpora(&first, o.paths, o.n_paths);
            project_set(&first.store, o.store_path);
            project_set(&first.model, o.model_dir);
            project_set(&first.out, o.out_dir);
            project_set(&first.inbox, o.inbox);
            if (o.ingest.quarantine != quarantine)
                project_set(&first.quarantine, o.ingest.quarantine);
            if (project_write(&first, PROJECT_FILE, &err) != 0)
                fprintf(stderr, "politrend: run: warning: cannot write %s (%s); going on\n", PROJECT_FILE, err.msg);
            else if (!o.quiet)
                fprintf(stderr, "politrend: run: wrote %s with what this run uses (every command reads it)\n",
                        PROJECT_FILE);
            project_free(&first);
        }
        pt_error_clear(&err);
    }
    char *real_store = store_real_path(o.store_path, &err); /* one lock for a link and its target */
    if (real_store == NULL) {
        rc = cli_fail(&err);
        goto out;
    }
    o.store_path = real_store;
    if (run_batch(&o, &err) != 0)
        rc = cli_fail(&err);
    free(real_store);
out:
    free(quarantine);
    free(unpublished);
    project_cmd_free(&pc);
    cli_defaults_free(&defaults);
    return rc;
}
