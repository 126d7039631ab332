/*
 * report_opts.c — the shared prologue of `report` and `review`
 * (report_opts.h).
 */
#include "report_opts.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/store.h"

enum { ROPT_CALENDAR = 1100, ROPT_NO_CALENDAR, ROPT_BODIES, ROPT_STORE, ROPT_NO_STORE };

static const struct option report_long_options[] = {
    {"corpus", required_argument, 0, 'c'},        {"model", required_argument, 0, 'm'},
    {"out", required_argument, 0, 'o'},           {"calendar", required_argument, 0, ROPT_CALENDAR},
    {"no-calendar", no_argument, 0, ROPT_NO_CALENDAR}, {"bodies", required_argument, 0, ROPT_BODIES},
    {"store", required_argument, 0, ROPT_STORE},  {"no-store", no_argument, 0, ROPT_NO_STORE},
    {0, 0, 0, 0},
};

int report_cmd_start(report_cmd *rc, const char *cmd, const char *shortopts, const struct option *own, int argc,
                     pt_error *err)
{
    memset(rc, 0, sizeof *rc);
    if (project_cmd_start(&rc->proj, argc, err) != 0)
        return -1;
    size_t n = 0;
    for (const struct option *o = own; o->name; o++)
        rc->opts[n++] = *o;
    for (const struct option *o = report_long_options; o->name; o++)
        rc->opts[n++] = *o;
    assert(n < REPORT_OPTS_MAX); /* room for the ending zero entry */
    memset(&rc->opts[n], 0, sizeof rc->opts[n]);
    rc->cmd = cmd;
    rc->shortopts = shortopts;
    cli_defaults_init(&rc->defaults);
    rc->unpublished = cli_data_path("corpus/unpublished.tsv");
    rc->stop = cli_data_path("features/stopphrases.tsv"); /* report and review: the same new_phrases */
    rc->ro.out_dir = rc->proj.out;
    rc->ro.calendar_path = rc->defaults.calendar;
    rc->ro.bodies_path = rc->defaults.bodies;
    rc->ro.unpublished_path = rc->unpublished;
    rc->ro.stop_path = rc->stop;
    optind = 1;
    return 0;
}

int report_cmd_next(report_cmd *rc, int argc, char **argv)
{
    int opt;
    while ((opt = getopt_long(argc, argv, rc->shortopts, rc->opts, NULL)) != -1) {
        switch (opt) {
        case 'c': project_cmd_corpus(&rc->proj, optarg); break;
        case 'm': rc->proj.model = optarg; break;
        case 'o': rc->ro.out_dir = optarg; break;
        case ROPT_CALENDAR: rc->ro.calendar_path = optarg; break;
        case ROPT_NO_CALENDAR: rc->ro.calendar_path = NULL; break;
        case ROPT_BODIES: rc->ro.bodies_path = optarg; break;
        case ROPT_STORE: rc->proj.store = optarg; break;
        case ROPT_NO_STORE: rc->proj.store = NULL; break;
        default: return opt;
        }
    }
    return -1;
}

int report_cmd_read(report_cmd *rc, pt_bundle *b, pt_corpus *c, pt_error *err)
{
    project_cmd_end(&rc->proj);
    corpus_init(c);
    if (bundle_load(b, rc->proj.model, err) != 0)
        return -1;
    const char *store = rc->proj.store;
    if (cli_read_corpus(c, rc->proj.corpora, rc->proj.n_corpora, rc->defaults.corpus, &b->tax, err) != 0 ||
        (store != NULL && store_load(c, store, &b->tax, err) != 0) || corpus_check_unique_ids(c, err) != 0)
        return -1;
    return 0;
}

void report_cmd_free(report_cmd *rc)
{
    free(rc->unpublished);
    free(rc->stop);
    cli_defaults_free(&rc->defaults);
    project_cmd_free(&rc->proj);
}
