/*
 * main.c — the politrend command: dispatches to a subcommand.
 *
 * politrend reads readouts of the Politburo's collective study sessions,
 * classifies them into themes and writes yearly trend reports.  Data flows
 * corpus -> features -> models -> reports; this file only chooses the
 * command.
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "corpus/version.h"
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
    {"evaluate", cmd_evaluate, "cross-validate the classifier and print its figures (JSON)"},
    {"explain", cmd_explain, "show the terms that weigh most for each theme (JSON)"},
    {"ingest", cmd_ingest, "validate new readouts and add them to the corpus store"},
    {"run", cmd_run, "the batch job: ingest the inbox, retrain if needed, classify, report"},
    {"vectorize", cmd_vectorize, "write readouts as libsvm/svmlight feature lines"},
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
            "Exit codes: 0 ok, 64 usage, 65 bad input data, 66 missing input,\n"
            "70 internal error, 73 cannot create output, 74 I/O error, 75 locked.\n");
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts the process; every GSL status is checked
     * where it is returned instead. */
    gsl_set_error_handler_off();
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
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(name, commands[k].name) == 0)
            return commands[k].run(argc - 1, argv + 1);
    fprintf(stderr, "politrend: unknown command '%s'\n", name);
    usage(stderr);
    return EX_USAGE;
}
