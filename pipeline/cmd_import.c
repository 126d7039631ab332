/*
 * cmd_import.c — `politrend import`: read readouts as users have them
 * (saved web pages, pasted texts, JSON Lines) and write what was read as
 * JSON Lines, so that a person can review and correct the facts read from
 * the text before `ingest`.  Each record names its file ("file") and the
 * fields read from its text ("extracted").
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "corpus/extract.h"
#include "corpus/store.h"
#include "pipeline/cli.h"
#include "pipeline/commands.h"

static void import_help(void)
{
    printf("Usage: politrend import [--out FILE] [--themes FILE] FILE|DIR|-...\n"
           "\n"
           "Reads readouts (saved web pages *.html and *.htm, .txt files, .jsonl files,\n"
           "directories of them, or - for stdin) and writes one JSON object per readout,\n"
           "in the corpus format, to stdout (or FILE).  Facts a readout does not give in\n"
           "its headers or fields are read from its text: the session's date (from the\n"
           "formula 中共中央政治局5月27日下午……进行第X次集体学习 or \"held its 20th group\n"
           "study session on Friday\", the year from the page's publication date or its\n"
           "address), the session number, the term (from the date, corpus/terms.tsv), the\n"
           "lecturers, the title.  Each record says which in \"extracted\" and names its\n"
           "\"file\"; review them, then `politrend ingest` the result.  A readout without\n"
           "the study-session formula is written as a plain readout (dated by its\n"
           "publication when known) and said so on stderr.  Nothing is written when an\n"
           "input is bad (exit 65, naming FILE:LINE).  import does not read\n"
           "politrend.conf: its --out is the file it writes, not the project's reports.\n"
           "\n"
           "  -o, --out FILE       write there (atomically) instead of stdout\n"
           "  --themes FILE        the taxonomy (default: corpus/themes.tsv)\n"
           "  -h, --help           show this help\n");
}

/* What a person reviewing the import should know about d, on stderr. */
static void note(const pt_doc *d)
{
    /* A JSON Lines record is named by its line, a text or a page by its file. */
    char file[4200];
    size_t n = strlen(d->source);
    if (corpus_is_page(d->source) || (n >= 4 && strcmp(d->source + n - 4, ".txt") == 0) ||
        strcmp(d->source, "-") == 0)
        snprintf(file, sizeof file, "%s", d->source);
    else
        snprintf(file, sizeof file, "%s:%ld", d->source, d->line);
    if (d->plain) {
        if (d->date != NULL && !(d->extracted & PT_X_DATE))
            fprintf(stderr, "politrend: import: %s: no study-session formula in the text; imported as a plain readout\n",
                    file);
        else if (d->date != NULL)
            fprintf(stderr,
                    "politrend: import: %s: no study-session formula in the text; imported as a plain readout dated %s (its publication)\n",
                    file, d->date);
        else
            fprintf(stderr,
                    "politrend: import: %s: no study-session formula in the text; imported as a plain readout without a date (add one before ingest)\n",
                    file);
    } else if (d->year_fitted) {
        fprintf(stderr,
                "politrend: import: %s: no year is given for the session; %.4s fits session %d of the %d%s term (check the date)\n",
                file, d->date, d->session, d->cc, d->cc % 10 == 1 && d->cc != 11 ? "st" : d->cc % 10 == 2 && d->cc != 12 ? "nd" : d->cc % 10 == 3 && d->cc != 13 ? "rd" : "th");
    } else if (d->date == NULL && !(d->cc > 0 && d->session > 0)) {
        fprintf(stderr,
                "politrend: import: %s: the session's date could not be read (no year in the text, the page or its address); add a date before ingest\n",
                file);
    }
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, 0, 'o'},
        {"themes", required_argument, 0, 't'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    cli_defaults defaults;
    cli_defaults_init(&defaults);
    const char *out_path = NULL, *themes_path = defaults.themes;
    int opt_c, rc = 0;
    optind = 1;
    while ((opt_c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (opt_c) {
        case 'o': out_path = optarg; break;
        case 't': themes_path = optarg; break;
        case 'h': import_help(); goto out;
        default: rc = cli_usage_error("import", "unknown option"); goto out;
        }
    }
    if (optind == argc) {
        rc = cli_usage_error("import", "name at least one input file or directory (or - for stdin)");
        goto out;
    }

    pt_error err = {0};
    pt_taxonomy tax = {0};
    pt_corpus c;
    corpus_init(&c);
    strbuf sb = {0};
    if (taxonomy_load(&tax, themes_path, &err) != 0 ||
        cli_read_corpus(&c, argv + optind, (size_t)(argc - optind), NULL, &tax, &err) != 0) {
        rc = cli_fail(&err);
        goto done;
    }
    for (size_t k = 0; k < c.n; k++) {
        pt_doc *d = &c.docs[k];
        if (d->file == NULL)
            d->file = xstrdup(d->source);
        note(d);
        json_t *o = corpus_doc_json(d, &tax);
        if (json_object_get(o, "extracted") == NULL)
            json_object_set_new(o, "extracted", json_array()); /* said even when nothing was read */
        char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (line == NULL) {
            pt_fail(&err, PT_ERR_INTERNAL, "%s: cannot encode readout '%s'", d->source, d->id);
            rc = cli_fail(&err);
            goto done;
        }
        sb_puts(&sb, line);
        sb_puts(&sb, "\n");
        free(line);
    }
    if (out_path != NULL) {
        if (fsio_write_atomic(out_path, sb.data ? sb.data : "", sb.len, &err) != 0) {
            rc = cli_fail(&err);
            goto done;
        }
    } else if (sb.len > 0 && (fwrite(sb.data, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0)) {
        pt_fail(&err, PT_ERR_IO, "-: cannot write the records to standard output");
        rc = cli_fail(&err);
        goto done;
    }
    fprintf(stderr, "politrend: import: %zu readout%s\n", c.n, c.n == 1 ? "" : "s");
done:
    sb_free(&sb);
    corpus_free(&c);
    taxonomy_free(&tax);
out:
    cli_defaults_free(&defaults);
    return rc;
}
