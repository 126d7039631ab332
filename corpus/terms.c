/*
 * terms.c — the Central Committee terms table (terms.h).
 */
#include "terms.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

typedef struct {
    int cc;
    char start[11];
} term_row;

static term_row table[PT_MAX_TERMS];
static size_t n_table;

int terms_load(const char *path, pt_error *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return pt_fail(err, PT_ERR_NOINPUT, "%s: cannot open the table of Central Committee terms: %s", path,
                       strerror(errno));
    term_row rows[PT_MAX_TERMS];
    size_t n = 0;
    char line[256];
    long lineno = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        int cc = 0, used = 0;
        char date[16] = "";
        if (sscanf(line, "%d\t%10[0-9-]%n", &cc, date, &used) != 2 || line[used] != '\0' || cc < 1 ||
            cc > 9999 || !corpus_valid_date(date)) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: expected 'TERM<TAB>YYYY-MM-DD'", path, lineno);
            break;
        }
        if (n > 0 && (cc <= rows[n - 1].cc || strcmp(date, rows[n - 1].start) <= 0)) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: terms and their dates must increase line by line", path, lineno);
            break;
        }
        if (n == PT_MAX_TERMS) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: more than %d terms", path, lineno, PT_MAX_TERMS);
            break;
        }
        rows[n].cc = cc;
        memcpy(rows[n].start, date, 11);
        n++;
    }
    if (rc == 0 && ferror(f))
        rc = pt_fail(err, PT_ERR_IO, "%s: read error", path);
    if (rc == 0 && n == 0)
        rc = pt_fail(err, PT_ERR_DATA, "%s: no terms in the table", path);
    fclose(f);
    if (rc == 0) {
        memcpy(table, rows, n * sizeof rows[0]);
        n_table = n;
    }
    return rc;
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
