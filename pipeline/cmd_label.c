/*
 * cmd_label.c — `politrend label` and `politrend forget`: the two changes a
 * user makes to readouts already in the store.  Both hold the store's lock
 * for the whole change and save the store atomically, so a second run
 * waits and a kill at any moment leaves the old store or the new one;
 * forget first keeps the removed readouts in forgotten.jsonl, so nothing is
 * lost even when it is killed between the two writes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "corpus/store.h"
#include "corpus/store_edit.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/lock.h"
#include "pipeline/project_cmd.h"

static void label_help(void)
{
    printf("Usage: politrend label [--store FILE] [--clear] ID|CC-SESSION [THEME...]\n"
           "\n"
           "Sets the themes of readouts in the corpus store (primary theme first): the\n"
           "readout with that id, or, given as CC-SESSION (20-13), every readout of that\n"
           "session, all languages at once.  The next run retrains the model on the new\n"
           "labels and the reports give those sessions label_source \"manual\".\n"
           "\n"
           "  --clear              remove the labels instead (the model decides again)\n"
           "  --none               label it as none of the themes ([])\n"
           "  --store FILE         the store (default: politrend.conf's, or corpus/local.jsonl)\n"
           "  --themes FILE        the taxonomy (default: corpus/themes.tsv)\n"
           "  --no-wait            exit 75 instead of waiting when another run holds the store\n"
           "  -q, --quiet          no summary\n"
           "  -h, --help           show this help\n");
}

static void forget_help(void)
{
    printf("Usage: politrend forget [--store FILE] ID|CC-SESSION...\n"
           "\n"
           "Removes readouts from the corpus store: the readout with that id, or, given as\n"
           "CC-SESSION (20-13), every readout of that session.  Nothing is lost: each removed\n"
           "readout is kept in forgotten.jsonl beside the store (ingest it again to bring\n"
           "it back).\n"
           "\n"
           "  --store FILE         the store (default: politrend.conf's, or corpus/local.jsonl)\n"
           "  --themes FILE        the taxonomy (default: corpus/themes.tsv)\n"
           "  --no-wait            exit 75 instead of waiting when another run holds the store\n"
           "  -q, --quiet          no summary\n"
           "  -h, --help           show this help\n");
}

typedef struct {
    const char *cmd, *store, *themes;
    int wait, quiet, clear, none;
} edit_options;

/* Parses the options both commands share; returns 1 to go on, 0 after
 * --help, or a usage exit code (negative). */
static int parse_edit_options(edit_options *o, int argc, char **argv, void (*help)(void), int is_label)
{
    enum { OPT_STORE = 1000, OPT_THEMES_FILE, OPT_NO_WAIT, OPT_CLEAR, OPT_NONE };
    static const struct option opts[] = {
        {"store", required_argument, 0, OPT_STORE}, {"themes", required_argument, 0, OPT_THEMES_FILE},
        {"no-wait", no_argument, 0, OPT_NO_WAIT},   {"clear", no_argument, 0, OPT_CLEAR},
        {"none", no_argument, 0, OPT_NONE},         {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},              {0, 0, 0, 0},
    };
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (opt) {
        case OPT_STORE: o->store = optarg; break;
        case OPT_THEMES_FILE: o->themes = optarg; break;
        case OPT_NO_WAIT: o->wait = 0; break;
        case OPT_CLEAR:
        case OPT_NONE:
            if (!is_label)
                return -cli_usage_error(o->cmd, "unknown option");
            *(opt == OPT_CLEAR ? &o->clear : &o->none) = 1;
            break;
        case 'q': o->quiet = 1; break;
        case 'h': help(); return 0;
        default: return -cli_usage_error(o->cmd, "unknown option");
        }
    }
    return 1;
}

/* Loads the taxonomy and, under its lock, the store. */
static int open_store(const edit_options *o, pt_taxonomy *tax, cli_lock *lock, pt_corpus *store, pt_error *err)
{
    if (taxonomy_load(tax, o->themes, err) != 0 || cli_lock_acquire(lock, o->store, o->wait, err) != 0 ||
        store_load(store, o->store, tax, err) != 0)
        return -1;
    return 0;
}

static int not_found(const edit_options *o, const char *key, pt_error *err)
{
    return pt_fail(err, PT_ERR_DATA,
                   "%s: no readout '%s' in the store %s (give a readout's id, or CC-SESSION such as 20-13 for "
                   "every language of a session; readouts of the --corpus files are edited in those files)",
                   o->cmd, key, o->store);
}

static int label_run(const edit_options *o, char **args, size_t n_args, pt_error *err)
{
    pt_taxonomy tax = {0};
    pt_corpus store;
    corpus_init(&store);
    cli_lock lock = {-1};
    size_t *idx = NULL;
    int themes[PT_MAX_THEMES], n_themes = 0, rc = -1;
    if (open_store(o, &tax, &lock, &store, err) != 0)
        goto done;
    if ((n_themes = store_parse_themes(&tax, args + 1, n_args - 1, themes, err)) < 0) {
        pt_error_prefix(err, "label: ");
        goto done;
    }
    idx = xcalloc(store.n + 1, sizeof *idx);
    size_t n = store_match(&store, args[0], idx);
    if (n == 0) {
        not_found(o, args[0], err);
        goto done;
    }
    size_t changed = 0;
    for (size_t k = 0; k < n; k++) {
        pt_doc *d = &store.docs[idx[k]];
        pt_doc want = *d;
        want.labelled = !o->clear;
        want.themes = themes;
        want.n_themes = o->clear ? 0 : (size_t)n_themes;
        char was[512], now[512];
        store_labels_text(d, &tax, was, sizeof was);
        if (store_same_labels(d, &want)) {
            if (!o->quiet)
                fprintf(stderr, "politrend: label: %s is already %s\n", d->id, was);
            continue;
        }
        store_set_themes(d, want.labelled, themes, want.n_themes);
        changed++;
        if (!o->quiet)
            fprintf(stderr, "politrend: label: %s: %s (was %s)\n", d->id, store_labels_text(d, &tax, now, sizeof now),
                    was);
    }
    if (changed > 0 && store_save(&store, o->store, &tax, err) != 0)
        goto done;
    if (!o->quiet)
        fprintf(stderr, "politrend: label: %zu readout%s changed; %s holds %zu readouts%s\n", changed,
                changed == 1 ? "" : "s", o->store, store.n, changed ? " (the next run retrains)" : "");
    rc = 0;
done:
    free(idx);
    cli_lock_release(&lock);
    corpus_free(&store);
    taxonomy_free(&tax);
    return rc;
}

static int forget_run(const edit_options *o, char **args, size_t n_args, pt_error *err)
{
    pt_taxonomy tax = {0};
    pt_corpus store;
    corpus_init(&store);
    cli_lock lock = {-1};
    size_t *idx = NULL, *hits = NULL;
    char *forgotten = store_forgotten_path(o->store);
    int rc = -1;
    if (open_store(o, &tax, &lock, &store, err) != 0)
        goto done;
    /* Every key must name something before anything is removed. */
    idx = xcalloc(store.n + 1, sizeof *idx);
    hits = xcalloc(store.n + 1, sizeof *hits);
    unsigned char *gone = xcalloc(store.n + 1, 1);
    size_t n = 0;
    for (size_t a = 0; a < n_args; a++) {
        size_t m = store_match(&store, args[a], hits);
        if (m == 0) {
            free(gone);
            not_found(o, args[a], err);
            goto done;
        }
        for (size_t k = 0; k < m; k++)
            if (!gone[hits[k]]) {
                gone[hits[k]] = 1;
                n++;
            }
    }
    n = 0;
    for (size_t k = 0; k < store.n; k++)
        if (gone[k])
            idx[n++] = k;
    if (store_keep_forgotten(forgotten, &store, idx, n, &tax, err) != 0) {
        free(gone);
        goto done;
    }
    pt_corpus rest;
    corpus_init(&rest);
    for (size_t k = 0; k < store.n; k++) {
        if (gone[k]) {
            if (!o->quiet)
                fprintf(stderr, "politrend: forget: %s (kept in %s)\n", store.docs[k].id, forgotten);
            corpus_doc_free(&store.docs[k]);
            memset(&store.docs[k], 0, sizeof store.docs[k]);
        } else {
            corpus_take(&rest, &store.docs[k]);
        }
    }
    free(gone);
    corpus_free(&store);
    store = rest;
    if (store_save(&store, o->store, &tax, err) != 0)
        goto done;
    if (!o->quiet)
        fprintf(stderr, "politrend: forget: %zu readout%s removed; %s holds %zu readouts\n", n, n == 1 ? "" : "s",
                o->store, store.n);
    rc = 0;
done:
    free(idx);
    free(hits);
    free(forgotten);
    cli_lock_release(&lock);
    corpus_free(&store);
    taxonomy_free(&tax);
    return rc;
}

static int edit_main(int argc, char **argv, int is_label)
{
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    project_cmd pc;
    pt_error err = {0};
    int rc = 0;
    if (project_cmd_start(&pc, argc, &err) != 0) {
        cli_defaults_free(&defaults);
        return cli_fail(&err);
    }
    edit_options o = {.cmd = is_label ? "label" : "forget", .store = pc.store, .themes = defaults.themes,
                      .wait = 1};
    int go = parse_edit_options(&o, argc, argv, is_label ? label_help : forget_help, is_label);
    if (go <= 0) {
        rc = -go;
        goto out;
    }
    size_t n_args = (size_t)(argc - optind);
    if (n_args == 0) {
        rc = cli_usage_error(o.cmd, "name a readout: its id, or CC-SESSION (20-13) for every language of a session");
        goto out;
    }
    if (is_label) {
        int given = n_args > 1;
        if (o.clear + o.none + given != 1) {
            rc = cli_usage_error("label", "give the themes (primary first), --none or --clear, one of them");
            goto out;
        }
    }
    if ((is_label ? label_run(&o, argv + optind, n_args, &err) : forget_run(&o, argv + optind, n_args, &err)) != 0)
        rc = cli_fail(&err);
out:
    project_cmd_free(&pc);
    cli_defaults_free(&defaults);
    return rc;
}

int cmd_label(int argc, char **argv)
{
    return edit_main(argc, argv, 1);
}

int cmd_forget(int argc, char **argv)
{
    return edit_main(argc, argv, 0);
}
