/*
 * bodies.c — lecturers' affiliations rolled up to the parent bodies a
 * reader compares (review.h): the Chinese Academy of Social Sciences, the
 * academies of sciences and engineering, universities, the Central Party
 * School, ministries and commissions, the CMC's departments and academies,
 * self-study.  Affiliations are free text in two languages ("Professor,
 * Peking University; Academician, Chinese Academy of Engineering"), so the
 * roll-up is a small editable file of patterns (reports/bodies.tsv) rather
 * than code: the first-named post decides, which is why the pattern found
 * earliest in the text wins.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/lines.h"
#include "base/xalloc.h"
#include "reports/review.h"

#define BODIES_MAX_BYTES (1u << 20)
#define BODIES_MAX_LINE 1024

static void add_name(rp_bodies *b, const char *body)
{
    for (size_t k = 0; k < b->n_names; k++)
        if (strcmp(b->names[k], body) == 0)
            return;
    b->names = xreallocarray(b->names, b->n_names + 1, sizeof *b->names);
    b->names[b->n_names++] = xstrdup(body);
}

/* One line of the file (lines_fn): body<TAB>pattern. */
static int parse_line(void *ctx, const char *path, long lineno, char *line, size_t len, pt_error *err)
{
    rp_bodies *b = ctx;
    char *tab = strchr(line, '\t');
    if (tab == NULL || strchr(tab + 1, '\t') != NULL)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: expected 2 tab-separated fields: body, pattern", path, lineno);
    *tab = '\0';
    const char *body = line, *pattern = tab + 1;
    if (body[0] == '\0' || pattern[0] == '\0')
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: the %s is empty", path, lineno, body[0] ? "pattern" : "body");
    for (const char *p = line; p < line + len; p++)
        if (p != tab && ((unsigned char)*p < 0x20 || *p == 0x7f))
            return pt_fail(err, PT_ERR_DATA, "%s:%ld: a control character in the line", path, lineno);
    b->body = xreallocarray(b->body, b->n + 1, sizeof *b->body);
    b->pattern = xreallocarray(b->pattern, b->n + 1, sizeof *b->pattern);
    b->body[b->n] = xstrdup(body);
    b->pattern[b->n] = xstrdup(pattern);
    b->n++;
    add_name(b, body);
    return 0;
}

int rp_bodies_load(rp_bodies *b, const char *path, pt_error *err)
{
    memset(b, 0, sizeof *b);
    if (path == NULL)
        return 0;
    if (lines_each(path, BODIES_MAX_BYTES, BODIES_MAX_LINE, parse_line, b, err) != 0) {
        rp_bodies_free(b);
        return -1;
    }
    return 0;
}

void rp_bodies_free(rp_bodies *b)
{
    for (size_t k = 0; k < b->n; k++) {
        free(b->body[k]);
        free(b->pattern[k]);
    }
    for (size_t k = 0; k < b->n_names; k++)
        free(b->names[k]);
    free(b->body);
    free(b->pattern);
    free(b->names);
    memset(b, 0, sizeof *b);
}

/* Offset of the first occurrence of pat in s (ASCII letters folded), or -1. */
static long find_folded(const char *s, const char *pat)
{
    size_t m = strlen(pat);
    for (size_t i = 0; s[i]; i++) {
        size_t k = 0;
        while (k < m && s[i + k]) {
            unsigned char a = (unsigned char)s[i + k], c = (unsigned char)pat[k];
            if (a >= 'A' && a <= 'Z')
                a = (unsigned char)(a | 0x20);
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c | 0x20);
            if (a != c)
                break;
            k++;
        }
        if (k == m)
            return (long)i;
    }
    return -1;
}

const char *rp_body_of(const rp_bodies *b, const char *affiliation, const char *role)
{
    if (role && strcmp(role, "self-study") == 0)
        return RP_BODY_SELF_STUDY;
    if (affiliation == NULL || affiliation[0] == '\0')
        return RP_BODY_NOT_STATED;
    long best = -1;
    const char *body = RP_BODY_OTHER;
    for (size_t k = 0; b && k < b->n; k++) {
        long at = find_folded(affiliation, b->pattern[k]);
        if (at >= 0 && (best < 0 || at < best)) {
            best = at;
            body = b->body[k];
        }
    }
    return body;
}
