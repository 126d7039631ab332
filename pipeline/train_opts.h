/*
 * train_opts.h — the options that shape features and models, shared by the
 * commands that train (train, evaluate, run) or tokenise (tokens).
 */
#ifndef PT_TRAIN_OPTS_H
#define PT_TRAIN_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "models/train.h"
#include "pipeline/cli.h"

enum {
    OPT_SEGMENTER = 1000, OPT_NGRAM, OPT_NO_STEM, OPT_LEXICON, OPT_NO_LEXICON, OPT_MIN_DF,
    OPT_MAX_DF, OPT_MAX_FEATURES, OPT_NO_SUBLINEAR, OPT_SEED, OPT_KERNEL, OPT_GAMMA,
    OPT_NO_CLASS_WEIGHTS, OPT_THRESHOLD, OPT_LENIENT, OPT_THEMES, OPT_QUIET, OPT_JOBS, OPT_SOLVER,
    OPT_FORMULAE, OPT_NO_FORMULAE, OPT_NO_FOLD_SPELLING, OPT_TIFA_WEIGHT, OPT_NO_TIFA_THEMES
};

/* getopt_long entries for the options above, ended by a zero entry; append
 * them to a command's own table with train_opts_merge. */
extern const struct option train_long_options[];

/* Help text for those options. */
extern const char train_options_help[];

/* Entries of a command's merged option table. */
#define TRAIN_OPTS_MAX 64

/* Copies a command's own options then the shared ones into out (which must
 * hold TRAIN_OPTS_MAX entries). */
void train_opts_merge(struct option *out, const struct option *own);

/* Applies option opt (value arg) to cfg.  Returns 1 when the option was one
 * of the shared ones, 0 when not, -1 after a usage error was printed. */
int train_opts_apply(const char *cmd, int opt, const char *arg, train_config *cfg);

/* The option parsing every command that trains or tokenises shares (train,
 * evaluate, run, tokens), written once. */
typedef struct {
    struct option opts[TRAIN_OPTS_MAX]; /* the command's own, then the shared ones */
    const char *cmd;                    /* its name, for messages */
    const char *shortopts;
    bool threshold_given;               /* --threshold was among the options */
    bool settings_given;                /* a shared option that changes the model (not --jobs, --lenient) */
} train_cmd;

/* Returned by train_cmd_next after it printed a usage error. */
#define TRAIN_CMD_BAD (-2)

/* Starts parsing: merges own with the shared options, sets *cfg to
 * train_config_default with the shipped lexicon of defaults, and resets
 * getopt.  Can't fail. */
void train_cmd_start(train_cmd *tc, const char *cmd, const char *shortopts, const struct option *own,
                     train_config *cfg, const cli_defaults *defaults);

/* The next option that is the command's own (getopt_long's value, optarg
 * set), the shared ones applied to cfg on the way; -1 after the last
 * option, TRAIN_CMD_BAD after a usage error was printed (exit EX_USAGE). */
int train_cmd_next(train_cmd *tc, int argc, char **argv, train_config *cfg);

#endif
