/*
 * train_opts.c — shared feature and model options (train_opts.h), given
 * on the command line or as settings of politrend.conf: both go through
 * set_option, so they accept the same values and mean the same.
 */
#include "train_opts.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/cli.h"

const struct option train_long_options[] = {
    {"segmenter", required_argument, 0, OPT_SEGMENTER},
    {"ngram", required_argument, 0, OPT_NGRAM},
    {"no-stem", no_argument, 0, OPT_NO_STEM},
    {"lexicon", required_argument, 0, OPT_LEXICON},
    {"no-lexicon", no_argument, 0, OPT_NO_LEXICON},
    {"min-df", required_argument, 0, OPT_MIN_DF},
    {"max-df", required_argument, 0, OPT_MAX_DF},
    {"max-features", required_argument, 0, OPT_MAX_FEATURES},
    {"no-sublinear-tf", no_argument, 0, OPT_NO_SUBLINEAR},
    {"seed", required_argument, 0, OPT_SEED},
    {"kernel", required_argument, 0, OPT_KERNEL},
    {"solver", required_argument, 0, OPT_SOLVER},
    {"gamma", required_argument, 0, OPT_GAMMA},
    {"no-class-weights", no_argument, 0, OPT_NO_CLASS_WEIGHTS},
    {"threshold", required_argument, 0, OPT_THRESHOLD},
    {"lenient", no_argument, 0, OPT_LENIENT},
    {"jobs", required_argument, 0, OPT_JOBS},
    {"formulae", required_argument, 0, OPT_FORMULAE},
    {"no-formulae", no_argument, 0, OPT_NO_FORMULAE},
    {"no-fold-spelling", no_argument, 0, OPT_NO_FOLD_SPELLING},
    {"tifa-weight", required_argument, 0, OPT_TIFA_WEIGHT},
    {"no-tifa-themes", no_argument, 0, OPT_NO_TIFA_THEMES},
    {0, 0, 0, 0},
};

const char train_options_help[] =
    "Each option below but --lenient is also a training setting of politrend.conf,\n"
    "of the same name (`C = 4`; `lexicon = none`, `stem = no` for --no-lexicon,\n"
    "--no-stem: see 'politrend init --help'); the defaults shown are those when the\n"
    "file does not set one.\n"
    "Features:\n"
    "  --segmenter NAME     Chinese segmentation: bigram (default) or icu\n"
    "  --ngram N            English word n-grams up to N (1-" TOK_NGRAM_MAX_STR ", default 2)\n"
    "  --no-stem            do not apply Snowball English stemming\n"
    "  --lexicon FILE       tifa lexicon (default: features/lexicon.tsv)\n"
    "  --no-lexicon         no lexicon phrases\n"
    "  --tifa-weight X      weight of lexicon phrase tokens against other terms\n"
    "                       (0.1-20, default 3)\n"
    "  --no-tifa-themes     lexicon phrases do not also give a token of their theme\n"
    "  --formulae FILE      readout formulae cut before tokenising\n"
    "                       (default: features/formulae.tsv)\n"
    "  --no-formulae        keep the formulae in the text\n"
    "  --no-fold-spelling   keep British spellings apart from American ones\n"
    "  --min-df N           keep terms in at least N readouts (default 1)\n"
    "  --max-df X           drop terms in more than share X of readouts (default 1.0)\n"
    "  --max-features N     keep the N most frequent terms (default 0 = all)\n"
    "  --no-sublinear-tf    raw term counts instead of 1 + ln(tf)\n"
    "  --lenient            replace invalid UTF-8 with U+FFFD instead of failing\n"
    "Models:\n"
    "  -C X                 SVM cost C (default 1)\n"
    "  --kernel NAME        linear (default) or rbf\n"
    "  --solver NAME        auto (default: liblinear for the linear kernel, libsvm for\n"
    "                       rbf), libsvm or liblinear (linear kernel only)\n"
    "  --gamma X            RBF gamma (default 1/(terms x variance of the features))\n"
    "  --no-class-weights   do not weight themes by their rarity\n"
    "  --seed N             seed for the solvers' random draws and the folds (default 1)\n"
    "  --jobs N             worker processes for training (default: one per core);\n"
    "                       the models are the same for any N\n"
    "  --threshold P        probability under which no primary theme is given (default 0.5)\n";

void train_opts_merge(struct option *out, const struct option *own)
{
    size_t n = 0;
    for (const struct option *o = own; o->name; o++)
        out[n++] = *o;
    for (const struct option *o = train_long_options; o->name; o++)
        out[n++] = *o;
    assert(n < TRAIN_OPTS_MAX); /* room for the ending zero entry */
    memset(&out[n], 0, sizeof out[n]);
}

/* Parsers that say what is wrong in why instead of printing (the option
 * and the politrend.conf paths print it each their own way). */
static int parse_long(const char *opt, const char *s, long min, long max, long *out, char *why, size_t n)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
        snprintf(why, n, "%s expects a whole number from %ld to %ld, not '%s'", opt, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_double(const char *opt, const char *s, double min, double max, double *out, char *why, size_t n)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v < min || v > max) {
        snprintf(why, n, "%s expects a number from %g to %g, not '%s'", opt, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* train_opts_apply without printing: -1 with why set. */
static int set_option(int opt, const char *arg, train_config *cfg, char *why, size_t n)
{
    long v;
    double x;
    switch (opt) {
    case OPT_SEGMENTER:
        if (tok_segmenter_parse(arg, &cfg->tok.segmenter) != 0) {
            snprintf(why, n, "--segmenter must be 'bigram' or 'icu', not '%s'", arg);
            return -1;
        }
        return 1;
    case OPT_NGRAM:
        if (parse_long("--ngram", arg, 1, TOK_NGRAM_MAX, &v, why, n) != 0)
            return -1;
        cfg->tok.ngram_max = (int)v;
        return 1;
    case OPT_NO_STEM:
        cfg->tok.stem = false;
        return 1;
    case OPT_LEXICON:
        cfg->tok.lexicon_path = arg;
        return 1;
    case OPT_NO_LEXICON:
        cfg->tok.lexicon_path = NULL;
        return 1;
    case OPT_MIN_DF:
        if (parse_long("--min-df", arg, 1, 1000000000, &v, why, n) != 0)
            return -1;
        cfg->tfidf.min_df = (size_t)v;
        return 1;
    case OPT_MAX_DF:
        if (parse_double("--max-df", arg, 0.0001, 1.0, &x, why, n) != 0)
            return -1;
        cfg->tfidf.max_df = x;
        return 1;
    case OPT_MAX_FEATURES:
        if (parse_long("--max-features", arg, 0, 100000000, &v, why, n) != 0)
            return -1;
        cfg->tfidf.max_features = (size_t)v;
        return 1;
    case OPT_NO_SUBLINEAR:
        cfg->tfidf.sublinear_tf = false;
        return 1;
    case 'C':
        if (parse_double("-C", arg, 1e-6, 1e6, &x, why, n) != 0)
            return -1;
        cfg->svm.C = x;
        return 1;
    case OPT_KERNEL:
        if (svmx_kernel_parse(arg, &cfg->svm.kernel) != 0) {
            snprintf(why, n, "--kernel must be 'linear' or 'rbf', not '%s'", arg);
            return -1;
        }
        return 1;
    case OPT_SOLVER:
        if (svmx_solver_parse(arg, &cfg->svm.solver) != 0) {
            snprintf(why, n, "--solver must be 'auto', 'libsvm' or 'liblinear', not '%s'", arg);
            return -1;
        }
        return 1;
    case OPT_GAMMA:
        if (parse_double("--gamma", arg, 1e-9, 1e6, &x, why, n) != 0)
            return -1;
        cfg->svm.gamma = x;
        return 1;
    case OPT_NO_CLASS_WEIGHTS:
        cfg->svm.class_weights = false;
        return 1;
    case OPT_SEED:
        if (parse_long("--seed", arg, 0, 4294967295L, &v, why, n) != 0)
            return -1;
        cfg->svm.seed = (unsigned)v;
        return 1;
    case OPT_JOBS:
        if (parse_long("--jobs", arg, 1, 1024, &v, why, n) != 0)
            return -1;
        cfg->svm.jobs = (unsigned)v;
        return 1;
    case OPT_THRESHOLD:
        if (parse_double("--threshold", arg, 0.0, 1.0, &x, why, n) != 0)
            return -1;
        cfg->threshold = x;
        return 1;
    case OPT_LENIENT:
        cfg->tok.lenient = true;
        return 1;
    case OPT_FORMULAE:
        cfg->tok.formulae_path = arg;
        return 1;
    case OPT_NO_FORMULAE:
        cfg->tok.formulae_path = NULL;
        return 1;
    case OPT_NO_FOLD_SPELLING:
        cfg->tok.fold_spelling = false;
        return 1;
    case OPT_NO_TIFA_THEMES:
        cfg->tok.tifa_themes = false;
        return 1;
    case OPT_TIFA_WEIGHT:
        if (parse_double("--tifa-weight", arg, 0.1, 20.0, &x, why, n) != 0)
            return -1;
        cfg->tifa_weight = x;
        return 1;
    }
    return 0;
}

int train_opts_apply(const char *cmd, int opt, const char *arg, train_config *cfg)
{
    char why[256];
    int rc = set_option(opt, arg, cfg, why, sizeof why);
    if (rc < 0)
        cli_usage_error(cmd, "%s", why);
    return rc;
}

/* The settings of politrend.conf that are shared options: the key is the
 * option's long name ("C" for -C); "none" for a file is its --no- option,
 * and "no" for a switch is its --no- option ("yes" is the default). */
static const struct {
    const char *key;
    int opt, no_opt; /* no_opt 0: a value; opt 0: a switch (yes|no) */
} conf_keys[] = {
    {"C", 'C', 0},
    {"seed", OPT_SEED, 0},
    {"kernel", OPT_KERNEL, 0},
    {"solver", OPT_SOLVER, 0},
    {"gamma", OPT_GAMMA, 0},
    {"threshold", OPT_THRESHOLD, 0},
    {"jobs", OPT_JOBS, 0},
    {"lexicon", OPT_LEXICON, OPT_NO_LEXICON},
    {"formulae", OPT_FORMULAE, OPT_NO_FORMULAE},
    {"segmenter", OPT_SEGMENTER, 0},
    {"ngram", OPT_NGRAM, 0},
    {"min-df", OPT_MIN_DF, 0},
    {"max-df", OPT_MAX_DF, 0},
    {"max-features", OPT_MAX_FEATURES, 0},
    {"tifa-weight", OPT_TIFA_WEIGHT, 0},
    {"stem", 0, OPT_NO_STEM},
    {"class-weights", 0, OPT_NO_CLASS_WEIGHTS},
    {"sublinear-tf", 0, OPT_NO_SUBLINEAR},
    {"fold-spelling", 0, OPT_NO_FOLD_SPELLING},
    {"tifa-themes", 0, OPT_NO_TIFA_THEMES},
};

const char train_conf_keys[] = "C, seed, kernel, solver, gamma, threshold, jobs, lexicon, formulae, segmenter, "
                               "ngram, min-df, max-df, max-features, tifa-weight, stem, class-weights, "
                               "sublinear-tf, fold-spelling, tifa-themes, folds, grid, themes";

/* A switch set to yes: on, as by default (a later line of politrend.conf
 * may turn back on what an earlier one turned off). */
static void switch_on(int no_opt, train_config *cfg)
{
    switch (no_opt) {
    case OPT_NO_STEM: cfg->tok.stem = true; break;
    case OPT_NO_CLASS_WEIGHTS: cfg->svm.class_weights = true; break;
    case OPT_NO_SUBLINEAR: cfg->tfidf.sublinear_tf = true; break;
    case OPT_NO_FOLD_SPELLING: cfg->tok.fold_spelling = true; break;
    case OPT_NO_TIFA_THEMES: cfg->tok.tifa_themes = true; break;
    }
}

static int yes_no(const char *key, const char *value, bool *out, char *why, size_t n)
{
    if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0) {
        *out = strcmp(value, "yes") == 0;
        return 0;
    }
    snprintf(why, n, "%s must be 'yes' or 'no', not '%s'", key, value);
    return -1;
}

int train_conf_apply(const char *key, const char *value, train_config *cfg, train_cmd *tc, char *why, size_t n)
{
    bool on;
    if (strcmp(key, "folds") == 0) {
        long v;
        if (parse_long("folds", value, 2, 50, &v, why, n) != 0)
            return -1;
        tc->folds = v;
        return 1;
    }
    if (strcmp(key, "grid") == 0) {
        if (yes_no(key, value, &on, why, n) != 0)
            return -1;
        tc->grid = on;
        return 1;
    }
    if (strcmp(key, "themes") == 0) {
        tc->themes = value;
        tc->themes_given = true;
        return 1;
    }
    for (size_t k = 0; k < sizeof conf_keys / sizeof conf_keys[0]; k++) {
        if (strcmp(key, conf_keys[k].key) != 0)
            continue;
        int opt = conf_keys[k].opt;
        if (opt == 0) { /* a switch */
            if (yes_no(key, value, &on, why, n) != 0)
                return -1;
            if (on)
                switch_on(conf_keys[k].no_opt, cfg);
            return on ? 1 : set_option(conf_keys[k].no_opt, NULL, cfg, why, n);
        }
        if (conf_keys[k].no_opt != 0 && strcmp(value, "none") == 0)
            opt = conf_keys[k].no_opt;
        int rc = set_option(opt, value, cfg, why, n);
        if (rc > 0) {
            tc->threshold_given |= opt == OPT_THRESHOLD;
            tc->lexicon_given |= opt == OPT_LEXICON || opt == OPT_NO_LEXICON;
            tc->formulae_given |= opt == OPT_FORMULAE || opt == OPT_NO_FORMULAE;
        }
        return rc;
    }
    return 0;
}

void train_cmd_start(train_cmd *tc, const char *cmd, const char *shortopts, const struct option *own,
                     train_config *cfg, const cli_defaults *defaults, const project_conf *conf)
{
    train_opts_merge(tc->opts, own);
    tc->cmd = cmd;
    tc->shortopts = shortopts;
    tc->threshold_given = false;
    tc->settings_given = false;
    tc->cost_given = false;
    tc->lexicon_given = tc->formulae_given = tc->themes_given = false;
    tc->themes = defaults->themes;
    tc->folds = 5;
    tc->grid = false;
    train_config_default(cfg);
    cfg->tok.lexicon_path = defaults->lexicon;
    cfg->tok.formulae_path = defaults->formulae;
    for (size_t k = 0; conf != NULL && k < conf->n_settings; k++) {
        char why[256];
        /* project_load checked every value with this same function. */
        int applied = train_conf_apply(conf->settings[k].key, conf->settings[k].value, cfg, tc, why, sizeof why);
        assert(applied == 1);
        (void)applied;
    }
    optind = 1;
}

int train_cmd_next(train_cmd *tc, int argc, char **argv, train_config *cfg)
{
    int opt;
    while ((opt = getopt_long(argc, argv, tc->shortopts, tc->opts, NULL)) != -1) {
        int applied = train_opts_apply(tc->cmd, opt, optarg, cfg);
        if (applied < 0)
            return TRAIN_CMD_BAD;
        if (!applied)
            return opt;
        tc->threshold_given |= opt == OPT_THRESHOLD;
        tc->lexicon_given |= opt == OPT_LEXICON || opt == OPT_NO_LEXICON;
        tc->formulae_given |= opt == OPT_FORMULAE || opt == OPT_NO_FORMULAE;
        tc->settings_given |= opt != OPT_JOBS && opt != OPT_LENIENT;
        tc->cost_given |= opt == 'C' || opt == OPT_GAMMA;
    }
    return -1;
}
