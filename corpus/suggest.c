/*
 * suggest.c — the nearest known name to a mistyped one (suggest.h): edit
 * distance with swaps of neighbours, so that "Titel" is one edit from
 * "Title" and "Datum" two from "Date".
 */
#include "suggest.h"

#include <ctype.h>
#include <string.h>

/* Edits (insert, delete, replace, or swap two neighbours, as in
 * "Titel") between two short strings, ASCII case folded; 99 when either
 * is longer than 32 bytes (never a typo of a header or a theme). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 32 || m > 32)
        return 99;
    size_t t[33][33];
    for (size_t i = 0; i <= n; i++)
        t[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        t[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int ai = tolower((unsigned char)a[i - 1]), bj = tolower((unsigned char)b[j - 1]);
            size_t best = t[i - 1][j - 1] + (ai != bj);
            if (t[i - 1][j] + 1 < best)
                best = t[i - 1][j] + 1;
            if (t[i][j - 1] + 1 < best)
                best = t[i][j - 1] + 1;
            if (i > 1 && j > 1 && ai == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == bj && t[i - 2][j - 2] + 1 < best)
                best = t[i - 2][j - 2] + 1;
            t[i][j] = best;
        }
    }
    return t[n][m];
}

const char *suggest_closest(const char *s, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t k = 0; k < n; k++) {
        size_t d = edit_distance(s, names[k]);
        if (d < best_d && d < strlen(s)) { /* "Re" is not a typo of "Id" */
            best_d = d;
            best = names[k];
        }
    }
    return best;
}

