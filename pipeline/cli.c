/*
 * cli.c — shared command-line plumbing (cli.h).
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "base/path.h"
#include "base/xalloc.h"

#ifndef PT_DATADIR
#define PT_DATADIR "."
#endif

int cli_exit_code(pt_status st)
{
    switch (st) {
    case PT_OK:            return 0;
    case PT_ERR_USAGE:     return EX_USAGE;
    case PT_ERR_DATA:      return EX_DATAERR;
    case PT_ERR_NOINPUT:   return EX_NOINPUT;
    case PT_ERR_INTERNAL:  return EX_SOFTWARE;
    case PT_ERR_CANTCREAT: return EX_CANTCREAT;
    case PT_ERR_IO:        return EX_IOERR;
    case PT_ERR_TEMPFAIL:  return EX_TEMPFAIL;
    }
    return EX_SOFTWARE;
}

void cli_put_escaped(FILE *f, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t k = 0; u[k] != '\0'; k++) {
        if (u[k] < 0x20 || u[k] == 0x7F)
            fprintf(f, "\\x%02x", u[k]);
        else if (u[k] == 0xC2 && u[k + 1] >= 0x80 && u[k + 1] <= 0x9F) /* C1 controls: U+009B starts an escape too */
            fprintf(f, "\\u%04x", u[++k]);
        else
            fputc(u[k], f);
    }
}

int cli_fail(const pt_error *err)
{
    /* Messages quote file names and ids from the input: a newline or a
     * terminal escape in one is shown, not obeyed. */
    fputs("politrend: ", stderr);
    cli_put_escaped(stderr, err->msg);
    fputc('\n', stderr);
    return cli_exit_code(err->status);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "politrend: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'politrend %s --help'.\n", cmd);
    return EX_USAGE;
}

const char *cli_datadir(void)
{
    const char *env = getenv("POLITREND_DATADIR");
    return env && env[0] ? env : PT_DATADIR;
}

char *cli_data_path(const char *rel)
{
    return path_join(cli_datadir(), rel);
}

void cli_defaults_init(cli_defaults *d)
{
    d->corpus = cli_data_path("corpus/readouts");
    d->themes = cli_data_path("corpus/themes.tsv");
    d->lexicon = cli_data_path("features/lexicon.tsv");
    d->formulae = cli_data_path("features/formulae.tsv");
    d->calendar = cli_data_path("reports/calendar.tsv");
    d->bodies = cli_data_path("reports/bodies.tsv");
}

void cli_defaults_free(cli_defaults *d)
{
    free(d->corpus);
    free(d->themes);
    free(d->lexicon);
    free(d->formulae);
    free(d->calendar);
    free(d->bodies);
}

int cli_parse_long(const char *cmd, const char *opt, const char *s, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
        cli_usage_error(cmd, "%s expects a whole number from %ld to %ld, not '%s'", opt, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_double(const char *cmd, const char *opt, const char *s, double min, double max, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v < min || v > max) {
        cli_usage_error(cmd, "%s expects a number from %g to %g, not '%s'", opt, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_read_corpus(pt_corpus *c, char **paths, size_t n, const char *default_path,
                    const pt_taxonomy *tax, pt_error *err)
{
    int rc = 0;
    if (n == 0 && default_path != NULL) /* NULL: the caller made sure a path is named */
        rc = corpus_read_path(c, default_path, tax, err);
    for (size_t k = 0; k < n && rc == 0; k++)
        rc = corpus_read_path(c, paths[k], tax, err);
    if (rc == 0 && c->n_replaced > 0)
        fprintf(stderr, "politrend: --lenient: replaced %zu invalid UTF-8 sequence%s with U+FFFD\n", c->n_replaced,
                c->n_replaced == 1 ? "" : "s");
    return rc;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, bool quiet, const char *what, size_t total)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->what = what;
    p->total = total;
    p->last = 0.0;
}

void cli_progress_step(cli_progress *p, size_t done)
{
    if (!p->enabled)
        return;
    double t = now_seconds();
    if (t - p->last < 0.2 && done < p->total)
        return;
    p->last = t;
    if (p->total > 0)
        fprintf(stderr, "\r%s: %zu/%zu (%.0f%%)", p->what, done, p->total, 100.0 * (double)done / (double)p->total);
    else
        fprintf(stderr, "\r%s: %zu", p->what, done);
}

void cli_progress_end(cli_progress *p)
{
    if (p->enabled)
        fprintf(stderr, "\r\033[K");
}
