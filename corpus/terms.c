/*
 * terms.c — the Central Committee terms table (terms.h).
 */
#include "terms.h"

#include <stdio.h>
#include <string.h>

#include "base/lines.h"
#include "corpus.h"

#define TERMS_MAX_BYTES (1u << 20)
#define TERMS_MAX_LINE 256

typedef struct {
    int cc;
    char start[11];
} term_row;

static term_row table[PT_MAX_TERMS];
static size_t n_table;

/* The table being read: it replaces the process's only when whole. */
typedef struct {
    term_row rows[PT_MAX_TERMS];
    size_t n;
} terms_read;

/* One line of the table (lines_fn): TERM<TAB>YYYY-MM-DD. */
static int parse_line(void *ctx, const char *path, long lineno, char *line, size_t len, pt_error *err)
{
    terms_read *t = ctx;
    (void)len;
    int cc = 0, used = 0;
    char date[16] = "";
    if (sscanf(line, "%d\t%10[0-9-]%n", &cc, date, &used) != 2 || line[used] != '\0' || cc < 1 || cc > 9999 ||
        !corpus_valid_date(date))
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: expected 'TERM<TAB>YYYY-MM-DD'", path, lineno);
    if (t->n > 0 && (cc <= t->rows[t->n - 1].cc || strcmp(date, t->rows[t->n - 1].start) <= 0))
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: terms and their dates must increase line by line", path, lineno);
    if (t->n == PT_MAX_TERMS)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: more than %d terms", path, lineno, PT_MAX_TERMS);
    t->rows[t->n].cc = cc;
    memcpy(t->rows[t->n].start, date, 11);
    t->n++;
    return 0;
}

int terms_load(const char *path, pt_error *err)
{
    terms_read t = {.n = 0};
    if (lines_each(path, TERMS_MAX_BYTES, TERMS_MAX_LINE, parse_line, &t, err) != 0)
        return -1;
    if (t.n == 0)
        return pt_fail(err, PT_ERR_DATA, "%s: no terms in the table", path);
    memcpy(table, t.rows, t.n * sizeof t.rows[0]);
    n_table = t.n;
    return 0;
}

int terms_cc_for_date(const char *date)
{
    if (date == NULL || !corpus_valid_date(date))
        return 0;
    int cc = 0;
    /* Dates written YYYY-MM-DD compare as strings. */
    for (size_t k = 0; k < n_table && strcmp(table[k].start, date) <= 0; k++)
        cc = table[k].cc;
    return cc;
}

int terms_bounds(int cc, char start[11], char next[11])
{
    for (size_t k = 0; k < n_table; k++) {
        if (table[k].cc != cc)
            continue;
        memcpy(start, table[k].start, 11);
        if (k + 1 < n_table)
            memcpy(next, table[k + 1].start, 11);
        else
            next[0] = '\0';
        return 1;
    }
    return 0;
}
