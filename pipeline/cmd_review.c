/*
 * cmd_review.c — `politrend review YEAR`: the year in review, as Markdown
 * for a newsletter or as the HTML page rendered from it (reports/report.h;
 * the layout is described in reports/FORMAT.md).
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

enum { OPT_HTML = 1000 };

static void review_help(void)
{
    printf("Usage: politrend review YEAR [--corpus PATH]... [--store FILE | --no-store] [--model DIR]\n"
           "                        [--html] [--out DIR] [--calendar FILE | --no-calendar]\n"
           "                        [--bodies FILE] [-h]\n"
           "\n"
           "The study sessions of YEAR in review: each session in date order with its date,\n"
           "number, title, lecturers (post and role), themes with the model's probability and\n"
           "whether the label is manual, how near it came to July 1, August 1, October 1 or a\n"
           "plenum, the key sentences of its readouts in each language (TextRank) and the\n"
           "phrases it used first; then the year's summary: themes against the previous\n"
           "year, sessions held but unpublished, set phrases said more and less, phrases\n"
           "first seen, and the bodies that briefed.  Prints CommonMark on stdout; `report`\n"
           "and `run` also write it as review-<YEAR>.md and review-<YEAR>.html, over the\n"
           "same readouts (the corpora and the store, defaults from politrend.conf).\n"
           "\n"
           "Options:\n"
           "  --corpus PATH        a .jsonl or .txt file, a directory of them, or - for stdin;\n"
           "                       repeatable (default: politrend.conf's, or the embedded corpus)\n"
           "  --store FILE         the corpus store (default: politrend.conf's, or corpus/local.jsonl)\n"
           "  --no-store           leave the store out\n"
           "  -m, --model DIR      the model bundle (default: politrend.conf's, or out/model)\n"
           "  --html               print the HTML page (rendered from the Markdown by libcmark)\n"
           "  -o, --out DIR        write review-YEAR.md and review-YEAR.html into DIR instead\n"
           "                       (not politrend.conf's out: without --out the review prints)\n"
           "  --calendar FILE      plenums and congresses (default: reports/calendar.tsv)\n"
           "  --no-calendar        use the built-in dates only\n"
           "  --bodies FILE        affiliation patterns -> parent bodies (default:\n"
           "                       reports/bodies.tsv)\n"
           "  -h, --help           show this help\n");
}

int cmd_review(int argc, char **argv)
{
    static const struct option own[] = {
        {"html", no_argument, 0, OPT_HTML}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    report_cmd rcmd;
    pt_error err = {0};
    if (report_cmd_start(&rcmd, "review", "c:m:o:h", own, argc, &err) != 0)
        return cli_fail(&err);
    report_options *ro = &rcmd.ro;
    ro->out_dir = NULL; /* the review prints; --out DIR writes its two files there instead */
    report_review_mode mode = REPORT_REVIEW_MARKDOWN;
    int rc = 0, opt, html = 0;
    long year = 0;

    while ((opt = report_cmd_next(&rcmd, argc, argv)) != -1) {
        switch (opt) {
        case OPT_HTML: html = 1; break;
        case 'h': review_help(); goto done;
        default: rc = cli_usage_error("review", "unknown option"); goto done;
        }
    }
    if (optind >= argc) {
        rc = cli_usage_error("review", "which year? (politrend review YEAR)");
        goto done;
    }
    if (cli_parse_long("review", "YEAR", argv[optind], 1, 9999, &year) != 0) {
        rc = EX_USAGE;
        goto done;
    }
    if (optind + 1 < argc) {
        rc = cli_usage_error("review", "unexpected argument '%s' (corpus paths go after --corpus)", argv[optind + 1]);
        goto done;
    }
    if (ro->out_dir && html) {
        rc = cli_usage_error("review", "--out writes both files; --html prints the page: give one of them");
        goto done;
    }
    if (ro->out_dir)
        mode = REPORT_REVIEW_FILES;
    else if (html)
        mode = REPORT_REVIEW_HTML;

    pt_bundle bundle;
    pt_corpus corpus;
    char *text = NULL;
    size_t len = 0;
    if (report_cmd_read(&rcmd, &bundle, &corpus, &err) != 0 ||
        report_review(&corpus, &bundle, ro, (int)year, mode, &text, &len, &err) != 0) {
        rc = cli_fail(&err);
    } else if (text && (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)) {
        fprintf(stderr, "politrend: review: cannot write to standard output\n");
        rc = EX_IOERR;
    }
    free(text);
    corpus_free(&corpus);
    bundle_free(&bundle);
done:
    report_cmd_free(&rcmd);
    return rc;
}
