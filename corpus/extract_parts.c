/*
 * extract_parts.c — the helpers the readers of extract.c share
 * (extract_parts.h): calendar checks, whole dates in a text, and literal
 * matching over UTF-8 byte strings (the formula's patterns are literals,
 * matched byte for byte, never regular expressions).
 */
#include "extract_parts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

int xt_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

int xt_full(ymd a)
{
    return a.y >= 1900 && a.m >= 1 && a.m <= 12 && a.d >= 1 && a.d <= xt_days_in_month(a.y, a.m);
}

int xt_digits(const char *s, size_t *n)
{
    size_t k = 0;
    while (isdigit((unsigned char)s[k]))
        k++;
    *n = k;
    return k > 0;
}

int xt_num(const char *s, size_t n)
{
    int v = 0;
    for (size_t k = 0; k < n; k++)
        v = v * 10 + (s[k] - '0');
    return v;
}

void xt_date_list_add(date_list *l, ymd d)
{
    if (l->n < 16 && xt_full(d))
        l->d[l->n++] = d;
}

/* YYYY-MM-DD, YYYY/MM/DD and YYYY.MM.DD (digits ASCII) in s. */
void xt_scan_numeric_dates(const char *s, size_t len, date_list *out)
{
    for (size_t p = 0; p + 10 <= len; p++) {
        if (p > 0 && isdigit((unsigned char)s[p - 1]))
            continue;
        size_t n;
        if (!isdigit((unsigned char)s[p]) || !xt_digits(s + p, &n) || n != 4)
            continue;
        char sep = s[p + 4];
        if (sep != '-' && sep != '/' && sep != '.')
            continue;
        size_t mn, dn;
        if (!xt_digits(s + p + 5, &mn) || mn > 2 || s[p + 5 + mn] != sep ||
            !xt_digits(s + p + 6 + mn, &dn) || dn > 2)
            continue;
        ymd d = {xt_num(s + p, 4), xt_num(s + p + 5, mn), xt_num(s + p + 6 + mn, dn)};
        if (d.y >= 1990 && d.y <= 2099)
            xt_date_list_add(out, d);
    }
}


const char *xt_find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0 || n > len)
        return NULL;
    return memmem(hay, len, needle, n);
}

int xt_at(const char *s, size_t len, size_t pos, const char *lit)
{
    size_t n = strlen(lit);
    return pos + n <= len && memcmp(s + pos, lit, n) == 0;
}

int xt_ends_with(const char *s, size_t pos, const char *lit)
{
    size_t n = strlen(lit);
    return pos >= n && memcmp(s + pos - n, lit, n) == 0;
}

size_t xt_count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t k = 0; k < len; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            n++;
    return n;
}

char *xt_dup_trim(const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == ','))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ','))
        len--;
    return len ? xstrndup(s, len) : NULL;
}

void xt_add_lecturer(extract_facts *f, char *name, char *affiliation)
{
    if (name == NULL || f->n_lecturers == PT_MAX_LECTURERS) {
        free(name);
        free(affiliation);
        return;
    }
    if (f->lecturers == NULL)
        f->lecturers = xcalloc(PT_MAX_LECTURERS, sizeof *f->lecturers);
    f->lecturers[f->n_lecturers].name = name;
    f->lecturers[f->n_lecturers].affiliation = affiliation;
    f->n_lecturers++;
}

