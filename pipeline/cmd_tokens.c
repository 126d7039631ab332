/*
 * cmd_tokens.c — `politrend tokens`: show what the model sees, one readout
 * a line: the id, a tab, then the tokens separated by tabs (tokens never
 * contain a tab; an n-gram's words are joined by a space).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/path.h"
#include "base/xalloc.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/project_cmd.h"
#include "pipeline/train_opts.h"

static void tokens_help(void)
{
    printf("Usage: politrend tokens [--model DIR | feature options] [FILE|DIR|-]...\n"
           "\n"
           "Prints each readout's id and its tokens, one readout a line, tab-separated,\n"
           "so you can see what the model sees.  Lexicon phrases appear as tifa:<key>.\n"
           "With --model, that bundle's tokeniser settings, lexicon and formulae are used;\n"
           "with feature options below, those over the settings of 'politrend train'\n"
           "(politrend.conf's training settings, or the defaults); with neither, the\n"
           "settings of the project's bundle (politrend.conf's model, or out/model, as\n"
           "`run` and `classify` use), or those of 'politrend train' when there is no\n"
           "bundle there yet (said on stderr).\n"
           "\n"
           "  -m, --model DIR      use this bundle's settings (not with feature options)\n"
           "  -h, --help           show this help\n"
           "%s",
           train_options_help);
}

static int print_token(void *ctx, const char *token, size_t len)
{
    (void)ctx;
    putchar('\t');
    fwrite(token, 1, len, stdout);
    return 0;
}

int cmd_tokens(int argc, char **argv)
{
    static const struct option own[] = {
        {"model", required_argument, 0, 'm'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    pt_error err = {0};
    project_cmd pc;
    if (project_cmd_start(&pc, argc, &err) != 0)
        return cli_fail(&err);
    train_config cfg;
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    train_cmd tc;
    train_cmd_start(&tc, "tokens", "m:C:h", own, &cfg, &defaults, &pc.conf);
    const char *model_dir = NULL;
    int rc = 0, opt;
    while ((opt = train_cmd_next(&tc, argc, argv, &cfg)) != -1) {
        if (opt == TRAIN_CMD_BAD) {
            rc = EX_USAGE;
            goto out;
        }
        switch (opt) {
        case 'm': model_dir = optarg; break;
        case 'h': tokens_help(); goto out;
        default: rc = cli_usage_error("tokens", "unknown option"); goto out;
        }
    }
    if (model_dir != NULL && tc.settings_given) {
        rc = cli_usage_error("tokens", "--model uses the bundle's settings; give feature options without it");
        goto out;
    }
    if (model_dir == NULL && !tc.settings_given) {
        /* What the project's model sees, when there is one. */
        char *manifest = path_join(pc.model, "manifest.json");
        if (access(manifest, F_OK) == 0)
            model_dir = pc.model;
        else
            fprintf(stderr, "politrend: tokens: no model bundle in %s yet: the tokens of the default settings of "
                    "'politrend train'\n", pc.model);
        free(manifest);
    }

    pt_bundle bundle;
    memset(&bundle, 0, sizeof bundle);
    pt_taxonomy tax = {0};
    pt_corpus corpus;
    corpus_init(&corpus);
    corpus.lenient = cfg.tok.lenient;
    tokenizer *tok = NULL;
    const pt_taxonomy *use_tax = &tax;
    if (model_dir != NULL) {
        if (bundle_load(&bundle, model_dir, &err) != 0) {
            rc = cli_fail(&err);
            goto done;
        }
        bundle.tok.lenient = cfg.tok.lenient;
        cfg.tok = bundle.tok;
        use_tax = &bundle.tax;
    } else if (taxonomy_load(&tax, defaults.themes, &err) != 0) {
        rc = cli_fail(&err);
        goto done;
    }
    if (cli_read_corpus(&corpus, argv + optind, (size_t)(argc - optind), "-", use_tax, &err) != 0 ||
        (tok = tok_open(&cfg.tok, &err)) == NULL) {
        rc = cli_fail(&err);
        goto done;
    }
    for (size_t k = 0; k < corpus.n; k++) {
        const pt_doc *d = &corpus.docs[k];
        fputs(d->id, stdout);
        if (tok_run(tok, d->text, d->text_len, print_token, NULL, NULL, &err) != 0) {
            putchar('\n');
            pt_error_prefix(&err, "%s:%ld: %s: ", d->source, d->line, d->id);
            rc = cli_fail(&err);
            goto done;
        }
        putchar('\n');
    }
    if (fflush(stdout) != 0) {
        pt_fail(&err, PT_ERR_IO, "cannot write to standard output");
        rc = cli_fail(&err);
    }
done:
    tok_close(tok);
    corpus_free(&corpus);
    taxonomy_free(&tax);
    bundle_free(&bundle);
out:
    cli_defaults_free(&defaults);
    project_cmd_free(&pc);
    return rc;
}
