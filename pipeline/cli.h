/*
 * cli.h — what every politrend command shares: exit codes, error printing,
 * where the shipped data lives, option parsing helpers and the progress line.
 * Only pipeline/ decides exit codes; the stages return pt_error values.
 */
#ifndef PT_CLI_H
#define PT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "corpus/corpus.h"
#include "base/error.h"
#include "corpus/taxonomy.h"

/* Maps an error kind to its sysexits.h code. */
int cli_exit_code(pt_status st);

/* Writes s to f with control characters (C0, DEL, C1) shown as \xHH or
 * \u00HH, so a name from the input cannot break a line or drive the
 * terminal. */
void cli_put_escaped(FILE *f, const char *s);

/* Prints "politrend: <message>" (escaped) to stderr and returns the exit code. */
int cli_fail(const pt_error *err);

/* Prints "politrend: <cmd>: <message>" and a hint to stderr; returns EX_USAGE (64). */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The directory holding the shipped data (corpus/, features/lexicon.tsv):
 * $POLITREND_DATADIR when set, otherwise the source tree politrend was
 * built in. */
const char *cli_datadir(void);

/* cli_datadir() + "/" + rel, in a buffer the caller frees. */
char *cli_data_path(const char *rel);

/* Where the shipped defaults live (each under cli_datadir()). */
typedef struct {
    char *corpus;    /* corpus/readouts */
    char *themes;    /* corpus/themes.tsv */
    char *lexicon;   /* features/lexicon.tsv */
    char *formulae;  /* features/formulae.tsv */
    char *calendar;  /* reports/calendar.tsv */
    char *bodies;    /* reports/bodies.tsv */
} cli_defaults;

void cli_defaults_init(cli_defaults *d);
void cli_defaults_free(cli_defaults *d);

/* Strict number parsing for option values: the whole string must be a
 * number within [min, max].  Return 0, or -1 after printing a usage error
 * naming the option. */
int cli_parse_long(const char *cmd, const char *opt, const char *s, long min, long max, long *out);
int cli_parse_double(const char *cmd, const char *opt, const char *s, double min, double max, double *out);

/* Reads every path (default_path when n == 0) into c, validating themes
 * against tax; with c->lenient set, says on stderr how many invalid UTF-8
 * sequences were replaced.  Returns 0 or -1 with err. */
int cli_read_corpus(pt_corpus *c, char **paths, size_t n, const char *default_path,
                    const pt_taxonomy *tax, pt_error *err);

/* A progress line on stderr, shown only when stderr is a terminal and not
 * silenced; rewritten in place at most a few times a second. */
typedef struct {
    bool enabled;
    const char *what;
    size_t total;
    double last;
} cli_progress;

void cli_progress_start(cli_progress *p, bool quiet, const char *what, size_t total);
void cli_progress_step(cli_progress *p, size_t done);
void cli_progress_end(cli_progress *p);

#endif
