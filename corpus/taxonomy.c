/*
 * taxonomy.c — loading corpus/themes.tsv (format in taxonomy.h).
 */
#include "taxonomy.h"
#include "base/lines.h"
#include "base/xalloc.h"

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

/* One line of the file (lines_fn): name<TAB>description. */
static int parse_line(void *ctx, const char *path, long lineno, char *line, size_t len, pt_error *err)
{
    pt_taxonomy *tax = ctx;
    (void)len;
    char *tab = strchr(line, '\t');
    if (tab == NULL)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: expected 'name<TAB>description'", path, lineno);
    *tab = '\0';
    if (!taxonomy_valid_name(line))
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: theme name '%s' must be lowercase letters, digits and '-'", path,
                       lineno, line);
    if (taxonomy_find(tax, line) >= 0)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: theme '%s' is listed twice", path, lineno, line);
    if (tax->n == PT_MAX_THEMES)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: more than %d themes", path, lineno, PT_MAX_THEMES);
    tax->names[tax->n] = xstrdup(line);
    tax->descriptions[tax->n] = xstrdup(tab + 1);
    tax->n++;
    return 0;
}

int taxonomy_load(pt_taxonomy *tax, const char *path, pt_error *err)
{
    memset(tax, 0, sizeof *tax);
    int rc = lines_each(path, TAXONOMY_MAX_BYTES, TAXONOMY_MAX_LINE, parse_line, tax, err);
    if (rc == 0 && tax->n == 0)
        rc = pt_fail(err, PT_ERR_DATA, "%s: no themes", path);
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
