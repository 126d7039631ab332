/*
 * main.c — the politrend command: dispatches to a subcommand.
 *
 * politrend reads readouts of the Politburo's collective study sessions,
 * classifies them into themes and writes yearly trend reports.  Data flows
 * corpus -> features -> models -> reports; this file only chooses the
 * command.
 */
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "corpus/corpus.h"
#include "corpus/terms.h"
#include "base/version.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"train", cmd_train, "train theme classifiers on labelled readouts and write a model bundle"},
    {"classify", cmd_classify, "classify readouts with a model bundle (JSON Lines on stdout)"},
    {"tokens", cmd_tokens, "show the tokens the model sees for each readout"},
    {"report", cmd_report, "write the yearly trend reports (JSON and an HTML page)"},
    {"review", cmd_review, "the year in review: Markdown for a newsletter, or its HTML page"},
    {"evaluate", cmd_evaluate, "cross-validate the classifier and print its figures (JSON)"},
    {"explain", cmd_explain, "show the terms that weigh most for each theme (JSON)"},
    {"init", cmd_init, "write politrend.conf: the corpora, store, model and output a project uses"},
    {"import", cmd_import, "read readouts (pages, texts) and write them as JSON Lines for review"},
    {"ingest", cmd_ingest, "validate new readouts and add them to the corpus store"},
    {"label", cmd_label, "set or clear the themes of readouts in the store (by id or CC-SESSION)"},
    {"forget", cmd_forget, "remove readouts from the store (kept in forgotten.jsonl beside it)"},
    {"run", cmd_run, "the batch job: ingest the inbox, retrain if needed, classify, report"},
    {"vectorize", cmd_vectorize, "write readouts as libsvm/svmlight feature lines"},
    {"phrases", cmd_phrases, "find the phrases of a corpus and what is new each year (TSV)"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: politrend <command> [options]\n"
            "\n"
            "politrend classifies readouts of the CPC Politburo's collective study sessions\n"
            "into themes (economy, party-building, defense, culture, frontier) and writes\n"
            "yearly trend reports.\n"
            "\n"
            "Commands:\n");
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        fprintf(out, "  %-10s %s\n", commands[k].name, commands[k].summary);
    fprintf(out,
            "\n"
            "Options:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version\n"
            "\n"
            "'politrend <command> --help' describes each command.\n"
            "Environment: POLITREND_MAX_TEXT_BYTES (default 4194304) and\n"
            "POLITREND_MAX_LINE_BYTES (default 8388608) limit a readout's text and a\n"
            "line or .txt file; POLITREND_DATADIR points at the shipped data.\n"
            "Exit codes: 0 ok, 64 usage, 65 bad input data, 66 missing input,\n"
            "70 internal error, 73 cannot create output, 74 I/O error, 75 locked.\n");
}

/* Reads a size limit from the environment into *value; returns 0, or -1
 * after saying what is wrong. */
static int limit_from_env(const char *name, size_t *value)
{
    const char *s = getenv(name);
    if (s == NULL || *s == '\0')
        return 0;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < 1 || v > PT_LIMIT_CEILING) {
        fprintf(stderr, "politrend: %s must be a number of bytes from 1 to %u, not '%s'\n", name, PT_LIMIT_CEILING,
                s);
        return -1;
    }
    *value = (size_t)v;
    return 0;
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts the process; every GSL status is checked
     * where it is returned instead. */
    gsl_set_error_handler_off();
    corpus_limits limits = corpus_get_limits();
    if (limit_from_env("POLITREND_MAX_TEXT_BYTES", &limits.max_text_bytes) != 0 ||
        limit_from_env("POLITREND_MAX_LINE_BYTES", &limits.max_line_bytes) != 0)
        return EX_USAGE;
    corpus_set_limits(&limits);
    if (argc < 2) {
        usage(stderr);
        return EX_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
        printf("politrend %s\n", PT_VERSION);
        return 0;
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
        if (strcmp(name, commands[k].name) != 0)
            continue;
        /* The terms table turns a date read from a text into its term. */
        char *terms = cli_data_path("corpus/terms.tsv");
        pt_error err = {0};
        int loaded = terms_load(terms, &err);
        free(terms);
        if (loaded != 0)
            return cli_fail(&err);
        return commands[k].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "politrend: unknown command '%s'\n", name);
    usage(stderr);
    return EX_USAGE;
}
