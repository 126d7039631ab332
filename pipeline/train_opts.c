/*
 * train_opts.c — shared feature and model options (train_opts.h).
 */
#include "train_opts.h"

#include <assert.h>
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

int train_opts_apply(const char *cmd, int opt, const char *arg, train_config *cfg)
{
    long v;
    double x;
    switch (opt) {
    case OPT_SEGMENTER:
        if (tok_segmenter_parse(arg, &cfg->tok.segmenter) != 0) {
            cli_usage_error(cmd, "--segmenter must be 'bigram' or 'icu', not '%s'", arg);
            return -1;
        }
        return 1;
    case OPT_NGRAM:
        if (cli_parse_long(cmd, "--ngram", arg, 1, TOK_NGRAM_MAX, &v) != 0)
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
        if (cli_parse_long(cmd, "--min-df", arg, 1, 1000000000, &v) != 0)
            return -1;
        cfg->tfidf.min_df = (size_t)v;
        return 1;
    case OPT_MAX_DF:
        if (cli_parse_double(cmd, "--max-df", arg, 0.0001, 1.0, &x) != 0)
            return -1;
        cfg->tfidf.max_df = x;
        return 1;
    case OPT_MAX_FEATURES:
        if (cli_parse_long(cmd, "--max-features", arg, 0, 100000000, &v) != 0)
            return -1;
        cfg->tfidf.max_features = (size_t)v;
        return 1;
    case OPT_NO_SUBLINEAR:
        cfg->tfidf.sublinear_tf = false;
        return 1;
    case 'C':
        if (cli_parse_double(cmd, "-C", arg, 1e-6, 1e6, &x) != 0)
            return -1;
        cfg->svm.C = x;
        return 1;
    case OPT_KERNEL:
        if (svmx_kernel_parse(arg, &cfg->svm.kernel) != 0) {
            cli_usage_error(cmd, "--kernel must be 'linear' or 'rbf', not '%s'", arg);
            return -1;
        }
        return 1;
    case OPT_SOLVER:
        if (svmx_solver_parse(arg, &cfg->svm.solver) != 0) {
            cli_usage_error(cmd, "--solver must be 'auto', 'libsvm' or 'liblinear', not '%s'", arg);
            return -1;
        }
        return 1;
    case OPT_GAMMA:
        if (cli_parse_double(cmd, "--gamma", arg, 1e-9, 1e6, &x) != 0)
            return -1;
        cfg->svm.gamma = x;
        return 1;
    case OPT_NO_CLASS_WEIGHTS:
        cfg->svm.class_weights = false;
        return 1;
    case OPT_SEED:
        if (cli_parse_long(cmd, "--seed", arg, 0, 4294967295L, &v) != 0)
            return -1;
        cfg->svm.seed = (unsigned)v;
        return 1;
    case OPT_JOBS:
        if (cli_parse_long(cmd, "--jobs", arg, 1, 1024, &v) != 0)
            return -1;
        cfg->svm.jobs = (unsigned)v;
        return 1;
    case OPT_THRESHOLD:
        if (cli_parse_double(cmd, "--threshold", arg, 0.0, 1.0, &x) != 0)
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
        if (cli_parse_double(cmd, "--tifa-weight", arg, 0.1, 20.0, &x) != 0)
            return -1;
        cfg->tifa_weight = x;
        return 1;
    }
    return 0;
}

void train_cmd_start(train_cmd *tc, const char *cmd, const char *shortopts, const struct option *own,
                     train_config *cfg, const cli_defaults *defaults)
{
    train_opts_merge(tc->opts, own);
    tc->cmd = cmd;
    tc->shortopts = shortopts;
    tc->threshold_given = false;
    tc->settings_given = false;
    train_config_default(cfg);
    cfg->tok.lexicon_path = defaults->lexicon;
    cfg->tok.formulae_path = defaults->formulae;
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
        tc->settings_given |= opt != OPT_JOBS && opt != OPT_LENIENT;
    }
    return -1;
}
