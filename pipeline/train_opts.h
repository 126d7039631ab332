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
#include "pipeline/project.h"

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
    bool threshold_given;               /* --threshold, or threshold in politrend.conf */
    bool settings_given;                /* a shared option that changes the model (not --jobs, --lenient) */
    bool cost_given;                    /* -C or --gamma among the options (not politrend.conf's) */
    /* A lexicon, formulae or taxonomy given (option or politrend.conf),
     * not politrend's shipped one (recorded in the bundle: bundle.h). */
    bool lexicon_given, formulae_given, themes_given;
    const char *themes;                 /* the taxonomy: shipped, politrend.conf's, or the command's --themes */
    long folds;                         /* cross-validation folds: 5, or politrend.conf's */
    bool grid;                          /* choose C (and gamma) by a grid search: politrend.conf's grid */
} train_cmd;

/* The keys of politrend.conf that are training settings, for messages. */
extern const char train_conf_keys[];

/* Applies one training setting of politrend.conf, `key = value` (key: an
 * option's long name without "--", "C" for -C, or folds, grid, themes;
 * "none" for lexicon and formulae, yes|no for grid and the switches stem,
 * class-weights, sublinear-tf, fold-spelling, tifa-themes), to cfg and tc
 * as the option would.  value must outlive cfg and tc.  Returns 1 when
 * applied, 0 when key is not a training setting, -1 with why (a phrase of
 * at most n bytes) when the value is not one the option accepts. */
int train_conf_apply(const char *key, const char *value, train_config *cfg, train_cmd *tc, char *why, size_t n);

/* Returned by train_cmd_next after it printed a usage error. */
#define TRAIN_CMD_BAD (-2)

/* Starts parsing: merges own with the shared options, sets *cfg to
 * train_config_default with the shipped lexicon, formulae and taxonomy of
 * defaults, then applies the training settings of conf (politrend.conf,
 * checked by project_load; NULL: none), which the options then override,
 * and resets getopt.  Can't fail. */
void train_cmd_start(train_cmd *tc, const char *cmd, const char *shortopts, const struct option *own,
                     train_config *cfg, const cli_defaults *defaults, const project_conf *conf);

/* The next option that is the command's own (getopt_long's value, optarg
 * set), the shared ones applied to cfg on the way; -1 after the last
 * option, TRAIN_CMD_BAD after a usage error was printed (exit EX_USAGE). */
int train_cmd_next(train_cmd *tc, int argc, char **argv, train_config *cfg);

#endif
