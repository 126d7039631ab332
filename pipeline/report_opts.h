/*
 * report_opts.h — the prologue `report` and `review` share: the options
 * both take (--corpus, --store/--no-store, --model, --out, --calendar/
 * --no-calendar, --bodies), their defaults (politrend.conf, the shipped
 * calendar, bodies, unpublished sessions and stop phrases), and reading the
 * bundle and the readouts they both report on.  As train_cmd_start and
 * train_cmd_next do for the commands that train.
 */
#ifndef PT_REPORT_OPTS_H
#define PT_REPORT_OPTS_H

#include <getopt.h>

#include "corpus/corpus.h"
#include "models/bundle.h"
#include "pipeline/cli.h"
#include "pipeline/project_cmd.h"
#include "reports/report.h"

/* Entries of a command's merged option table. */
#define REPORT_OPTS_MAX 40

typedef struct {
    struct option opts[REPORT_OPTS_MAX]; /* the command's own, then the shared ones */
    const char *cmd, *shortopts;
    project_cmd proj;      /* corpora, store, model (and out) of politrend.conf or the options */
    cli_defaults defaults;
    char *unpublished;     /* owned: the shipped corpus/unpublished.tsv */
    char *stop;            /* owned: the shipped features/stopphrases.tsv */
    report_options ro;     /* out_dir starts as politrend.conf's; -o sets it */
} report_cmd;

/* Starts parsing for cmd: merges own (ended by a zero entry) with the
 * shared options, reads politrend.conf, sets rc->ro to the defaults and
 * resets getopt.  Returns 0, or -1 with err (politrend.conf is bad; rc
 * then holds nothing to free). */
int report_cmd_start(report_cmd *rc, const char *cmd, const char *shortopts, const struct option *own, int argc,
                     pt_error *err);

/* The next option that is the command's own (getopt_long's value, optarg
 * set), the shared ones applied on the way; -1 after the last option. */
int report_cmd_next(report_cmd *rc, int argc, char **argv);

/* After the options: loads the bundle of rc->proj.model into b, then reads
 * the corpora (the embedded one when none) and the store into c and checks
 * that their ids are unique.  Returns 0, or -1 with err (b and c then hold
 * what the caller frees as on success). */
int report_cmd_read(report_cmd *rc, pt_bundle *b, pt_corpus *c, pt_error *err);

void report_cmd_free(report_cmd *rc);

#endif
