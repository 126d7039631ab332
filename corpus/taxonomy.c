/*
 * taxonomy.c — loading corpus/themes.tsv (format in taxonomy.h).
 */
#include "taxonomy.h"
#include "base/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int taxonomy_valid_name(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

int taxonomy_load(pt_taxonomy *tax, const char *path, pt_error *err)
{
    memset(tax, 0, sizeof *tax);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return pt_fail(err, PT_ERR_NOINPUT, "%s: cannot open taxonomy: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (tab == NULL) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: expected 'name<TAB>description'", path, lineno);
            break;
        }
        *tab = '\0';
        if (!taxonomy_valid_name(line)) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: theme name '%s' must be lowercase letters, digits and '-'",
                         path, lineno, line);
            break;
        }
        if (taxonomy_find(tax, line) >= 0) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: theme '%s' is listed twice", path, lineno, line);
            break;
        }
        if (tax->n == PT_MAX_THEMES) {
            rc = pt_fail(err, PT_ERR_DATA, "%s:%ld: more than %d themes", path, lineno, PT_MAX_THEMES);
            break;
        }
        tax->names[tax->n] = xstrdup(line);
        tax->descriptions[tax->n] = xstrdup(tab + 1);
        tax->n++;
    }
    if (rc == 0 && ferror(f))
        rc = pt_fail(err, PT_ERR_IO, "%s: read error", path);
    if (rc == 0 && tax->n == 0)
        rc = pt_fail(err, PT_ERR_DATA, "%s: no themes", path);
    free(line);
    fclose(f);
    if (rc != 0)
        taxonomy_free(tax);
    return rc;
}

int taxonomy_find(const pt_taxonomy *tax, const char *name)
{
    for (size_t k = 0; k < tax->n; k++)
        if (strcmp(tax->names[k], name) == 0)
            return (int)k;
    return -1;
}

void taxonomy_free(pt_taxonomy *tax)
{
    for (size_t k = 0; k < tax->n; k++) {
        free(tax->names[k]);
        free(tax->descriptions[k]);
    }
    memset(tax, 0, sizeof *tax);
}
