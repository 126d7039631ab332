/*
 * cmd_report.c — `politrend report`: readouts and a model bundle in, the
 * yearly trend reports out (reports/report.h, formats in reports/FORMAT.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/report_opts.h"
#include "reports/report.h"

enum { OPT_FROM = 1000, OPT_TO, OPT_STOP, OPT_NO_STOP, OPT_NEW_PHRASES };

static void report_help(void)
{
    printf("Usage: politrend report [--corpus PATH]... [--store FILE] [--model DIR] [--out DIR]\n"
           "                        [--from YEAR] [--to YEAR] [--calendar FILE] [--bodies FILE]\n"
           "                        [--new-phrases N] [--stop FILE] [-h]\n"
           "\n"
           "Writes the yearly trend reports of the study sessions: DIR/<YEAR>.json for\n"
           "every year with sessions, the year in review as DIR/review-<YEAR>.md and\n"
           "DIR/review-<YEAR>.html, DIR/trends.json across the years and DIR/index.html,\n"
           "as one set (formats in reports/FORMAT.md), over the corpora and the corpus\n"
           "store, as `run` does (defaults from politrend.conf): written into a new\n"
           "directory and swapped in whole, DIR's other files carried over (DIR may hold\n"
           "files only).  Year files of years the corpus no longer has are removed.  The\n"
           "readouts of one session (cc and session number, or else the date) count as\n"
           "one session.\n"
           "Sessions whose readouts carry theme labels keep them (label_source \"manual\");\n"
           "the others are classified with the model (label_source \"model\").\n"
           "\n"
           "Options:\n"
           "  --corpus PATH        a .jsonl, .txt or .html file, a directory of them, or -;\n"
           "                       repeatable (default: politrend.conf's, or the embedded\n"
           "                       corpus, corpus/readouts)\n"
           "  --store FILE         the corpus store (default: politrend.conf's, or\n"
           "                       corpus/local.jsonl; a missing store adds nothing)\n"
           "  --no-store           leave the store out\n"
           "  -m, --model DIR      the model bundle (default: politrend.conf's, or out/model)\n"
           "  -o, --out DIR        where to write the reports (default: politrend.conf's,\n"
           "                       or out/reports)\n"
           "  --from YEAR          first year to write (default: the first with sessions)\n"
           "  --to YEAR            last year to write (default: the last with sessions);\n"
           "                       keyness, first appearances and missing numbers always\n"
           "                       use the whole corpus.  A range that leaves out a year\n"
           "                       writes those years' files only: trends.json and\n"
           "                       index.html stay whole\n"
           "  --calendar FILE      plenums and congresses, lines date<TAB>kind<TAB>name\n"
           "                       (default: the shipped reports/calendar.tsv); July 1,\n"
           "                       August 1 and October 1 are built in\n"
           "  --no-calendar        use the built-in dates only\n"
           "  --new-phrases N      new_phrases per year: the N most salient phrases first seen\n"
           "                       that year, with their first sentence (default %d)\n"
           "  --stop FILE          stop-phrase rules for phrase discovery (default: the shipped\n"
           "                       features/stopphrases.tsv)\n"
           "  --no-stop            no stop-phrase rules (the data rules still apply)\n"
           "  --bodies FILE        patterns that roll lecturers' affiliations up to parent\n"
           "                       bodies (default: the shipped reports/bodies.tsv)\n"
           "  -q, --quiet          no summary on stderr\n"
           "  -h, --help           show this help\n",
           REPORT_NEW_PHRASES);
}

int cmd_report(int argc, char **argv)
{
    static const struct option own[] = {
        {"from", required_argument, 0, OPT_FROM},  {"to", required_argument, 0, OPT_TO},
        {"stop", required_argument, 0, OPT_STOP},  {"no-stop", no_argument, 0, OPT_NO_STOP},
        {"new-phrases", required_argument, 0, OPT_NEW_PHRASES},
        {"quiet", no_argument, 0, 'q'},            {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    report_cmd rcmd;
    pt_error err = {0};
    if (report_cmd_start(&rcmd, "report", "c:m:o:qh", own, argc, &err) != 0)
        return cli_fail(&err);
    report_options *ro = &rcmd.ro;
    int quiet = 0, rc = 0, opt;
    long v;

    while ((opt = report_cmd_next(&rcmd, argc, argv)) != -1) {
        switch (opt) {
        case OPT_FROM:
        case OPT_TO:
            if (cli_parse_long("report", opt == OPT_FROM ? "--from" : "--to", optarg, 1, 9999, &v) != 0) {
                rc = EX_USAGE;
                goto done;
            }
            *(opt == OPT_FROM ? &ro->from_year : &ro->to_year) = (int)v;
            break;
        case OPT_STOP: ro->stop_path = optarg; break;
        case OPT_NO_STOP: ro->stop_path = NULL; break;
        case OPT_NEW_PHRASES:
            if (cli_parse_long("report", "--new-phrases", optarg, 1, 100000, &v) != 0) {
                rc = EX_USAGE;
                goto done;
            }
            ro->new_phrases = (size_t)v;
            break;
        case 'q': quiet = 1; break;
        case 'h': report_help(); goto done;
        default: rc = cli_usage_error("report", "unknown option"); goto done;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("report", "unexpected argument '%s' (corpus paths go after --corpus)", argv[optind]);
        goto done;
    }
    if (ro->from_year && ro->to_year && ro->from_year > ro->to_year) {
        rc = cli_usage_error("report", "--from %d is after --to %d", ro->from_year, ro->to_year);
        goto done;
    }

    pt_bundle bundle;
    pt_corpus corpus;
    if (report_cmd_read(&rcmd, &bundle, &corpus, &err) != 0 || report_write_all(&corpus, &bundle, ro, &err) != 0)
        rc = cli_fail(&err);
    else if (!quiet)
        fprintf(stderr, "politrend: reports on %zu readouts in %s (%s)\n", corpus.n, ro->out_dir,
                ro->from_year || ro->to_year ? "<YEAR>.json and review-<YEAR>.md/.html of the years asked; "
                                               "trends.json and index.html are rewritten only when those are "
                                               "all the corpus's years"
                                             : "<YEAR>.json, review-<YEAR>.md/.html, trends.json, index.html");
    corpus_free(&corpus);
    bundle_free(&bundle); /* also what a failed load may hold (it starts from zero) */
done:
    report_cmd_free(&rcmd);
    return rc;
}
