/*
 * cmd_ingest.c — `politrend ingest`: validate new readouts and add them to
 * the corpus store.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "corpus/store.h"
#include "base/xalloc.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/ingest.h"
#include "pipeline/lock.h"
#include "pipeline/project_cmd.h"

static void ingest_help(void)
{
    printf("Usage: politrend ingest [--store FILE] [--replace] [--quarantine DIR] INPUT...\n"
           "\n"
           "Validates each readout of the inputs (.jsonl, .txt or saved .html pages, or\n"
           "directories of them) and appends it to the corpus store, one JSON line per\n"
           "readout; a date, term and session number a readout does not give are read\n"
           "from its text (see `politrend import`), and a readout with neither a date nor a\n"
           "term and session number is rejected, with what to add.  A readout\n"
           "already present (same id, or the same text up to white space and case) is\n"
           "skipped and counted (the same text with other labels is said so, and with\n"
           "--replace takes the new labels); a changed text under an existing id is\n"
           "rejected unless --replace.  A readout that fails validation is not added: it\n"
           "is listed with its reason.  Ends with a summary; exits 65 when anything was\n"
           "rejected.  The store's lock is held throughout and the store saved atomically.\n"
           "\n"
           "  --corpus, --store FILE  the store (default: politrend.conf's, or\n"
           "                       corpus/local.jsonl)\n"
           "  --themes FILE        the taxonomy (default: corpus/themes.tsv)\n"
           "  --replace            let a changed text replace the stored one, and new labels\n"
           "                       of the same text replace the stored labels\n"
           "  --quarantine DIR     copy each rejected input there, with a .why file (a\n"
           "                       second of the same name as NAME-2.EXT; not an input dir)\n"
           "  --no-wait            fail (exit 75) instead of waiting when another run holds the store\n"
           "  -q, --quiet          no progress line\n"
           "  -h, --help           show this help\n");
}

int cmd_ingest(int argc, char **argv)
{
    static const struct option opts[] = {
        {"corpus", required_argument, 0, 'c'}, {"store", required_argument, 0, 'c'},
        {"themes", required_argument, 0, 't'},
        {"replace", no_argument, 0, 'r'},      {"quarantine", required_argument, 0, 'Q'},
        {"no-wait", no_argument, 0, 'n'},      {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0},
    };
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    project_cmd pc;
    pt_error conf_err = {0};
    if (project_cmd_start(&pc, argc, &conf_err) != 0) {
        cli_defaults_free(&defaults);
        return cli_fail(&conf_err);
    }
    const char *store_path = pc.store, *themes_path = defaults.themes;
    ingest_options opt = {0};
    int wait = 1, opt_c, rc = 0;
    optind = 1;
    while ((opt_c = getopt_long(argc, argv, "c:qh", opts, NULL)) != -1) {
        switch (opt_c) {
        case 'c': store_path = optarg; break;
        case 't': themes_path = optarg; break;
        case 'r': opt.replace = true; break;
        case 'Q': opt.quarantine = optarg; break;
        case 'n': wait = 0; break;
        case 'q': opt.quiet = true; break;
        case 'h': ingest_help(); goto out;
        default: rc = cli_usage_error("ingest", "unknown option"); goto out;
        }
    }
    if (optind == argc) {
        rc = cli_usage_error("ingest", "name at least one input file or directory");
        goto out;
    }

    pt_error err = {0};
    pt_taxonomy tax = {0};
    pt_corpus store;
    corpus_init(&store);
    cli_lock lock = {-1};
    ingest_counts counts = {0};
    char *real_store = store_real_path(store_path, &err); /* one lock for a link and its target */
    if (real_store == NULL) {
        rc = cli_fail(&err);
        goto out;
    }
    store_path = real_store;
    if (taxonomy_load(&tax, themes_path, &err) != 0 || cli_lock_acquire(&lock, store_path, wait, &err) != 0 ||
        store_load(&store, store_path, &tax, &err) != 0 ||
        ingest_inputs(&store, NULL, argv + optind, (size_t)(argc - optind), &tax, &opt, &counts, NULL, &err) != 0) {
        rc = cli_fail(&err);
        goto done;
    }
    if ((counts.added > 0 || counts.replaced > 0 || counts.relabelled > 0) && store_save(&store, store_path, &tax, &err) != 0) {
        rc = cli_fail(&err);
        goto done;
    }
    fprintf(stderr, "politrend: ingest: %zu added, %zu replaced, %zu relabelled, %zu duplicates, %zu rejected; "
            "%s holds %zu readouts\n", counts.added, counts.replaced, counts.relabelled, counts.duplicates,
            counts.rejected, store_path, store.n);
    if (counts.rejected > 0)
        rc = EX_DATAERR;
done:
    free(counts.new_docs);
    cli_lock_release(&lock);
    corpus_free(&store);
    taxonomy_free(&tax);
    free(real_store);
out:
    project_cmd_free(&pc);
    cli_defaults_free(&defaults);
    return rc;
}
