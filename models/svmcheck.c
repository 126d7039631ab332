/*
 * svmcheck.c — the libsvm model file validator (grammar in svmcheck.h).
 *
 * The file is walked once, line by line, with a cursor; nothing is
 * allocated.  Each header line must be the next one libsvm's svm_save_model
 * writes, so libsvm's order-sensitive reader (it sizes rho, label and nr_sv
 * by the nr_class read before them) can never be confused.  Support vector
 * lines follow a grammar under which libsvm's two passes over them (one
 * counting ':' to size its node array, one filling it) agree exactly.
 */
#include "svmcheck.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"

typedef struct {
    const char *data;
    size_t len, pos;
    const char *path;
    long lineno;      /* number of the line last returned */
    pt_error *err;
} cursor;

typedef struct {
    const char *s;
    size_t n;
} word;

#define MAX_WORDS 4      /* a header line has at most 3 words; one more means "too many" */
#define MAX_NUMBER 64    /* bytes of one number written as text */
/* The messages say "1e12": SVMCHECK_MAX_ABS. */

/* Writes a printable excerpt of s[0..n) into out (non-ASCII and control
 * bytes become '?', at most 32 bytes, "..." when cut) and returns out. */
static const char *excerpt(const char *s, size_t n, char out[40])
{
    size_t k = 0;
    for (; k < n && k < 32; k++) {
        unsigned char c = (unsigned char)s[k];
        out[k] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (k < n) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
    return out;
}

/* Returns the next line in *line / *n (newline excluded) and 1, 0 at the end
 * of the data, or -1 with the error set when the line is too long, holds a
 * NUL byte or has no newline at its end. */
static int next_line(cursor *c, const char **line, size_t *n)
{
    if (c->pos >= c->len)
        return 0;
    c->lineno++;
    const char *start = c->data + c->pos;
    size_t rest = c->len - c->pos;
    const char *nl = memchr(start, '\n', rest);
    size_t len = nl ? (size_t)(nl - start) : rest;
    if (len > SVMCHECK_MAX_LINE)
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: line longer than the limit of %u bytes", c->path, c->lineno,
                       SVMCHECK_MAX_LINE);
    if (memchr(start, '\0', len) != NULL)
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: the line holds a NUL byte", c->path, c->lineno);
    if (nl == NULL)
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: the line does not end with a newline: the file is truncated",
                       c->path, c->lineno);
    c->pos += len + 1;
    *line = start;
    *n = len;
    return 1;
}

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Splits s[0..n) at runs of spaces and tabs into at most MAX_WORDS words;
 * returns how many were stored (MAX_WORDS means "that many or more"). */
static size_t split_words(const char *s, size_t n, word w[MAX_WORDS])
{
    size_t count = 0, k = 0;
    while (count < MAX_WORDS) {
        while (k < n && is_blank(s[k]))
            k++;
        if (k == n)
            break;
        size_t start = k;
        while (k < n && !is_blank(s[k]))
            k++;
        w[count].s = s + start;
        w[count].n = k - start;
        count++;
    }
    return count;
}

static bool word_is(word w, const char *text)
{
    return w.n == strlen(text) && memcmp(w.s, text, w.n) == 0;
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Parses a plain decimal real ([+-]digits[.digits][e[+-]digits], digits on
 * at least one side of the point) whose magnitude is at most
 * SVMCHECK_MAX_ABS.  No "nan", "inf" or hex: strtod alone would take them. */
static bool parse_real(const char *s, size_t n, double *out)
{
    size_t k = 0, digits = 0;
    if (n == 0 || n >= MAX_NUMBER)
        return false;
    if (s[k] == '+' || s[k] == '-')
        k++;
    while (k < n && is_digit(s[k]))
        k++, digits++;
    if (k < n && s[k] == '.') {
        k++;
        while (k < n && is_digit(s[k]))
            k++, digits++;
    }
    if (digits == 0)
        return false;
    if (k < n && (s[k] == 'e' || s[k] == 'E')) {
        k++;
        if (k < n && (s[k] == '+' || s[k] == '-'))
            k++;
        size_t exp_digits = 0;
        while (k < n && is_digit(s[k]))
            k++, exp_digits++;
        if (exp_digits == 0)
            return false;
    }
    if (k != n)
        return false;
    char buf[MAX_NUMBER];
    memcpy(buf, s, n);
    buf[n] = '\0';
    double v = strtod(buf, NULL);
    if (!(fabs(v) <= SVMCHECK_MAX_ABS)) /* also false for NaN */
        return false;
    *out = v;
    return true;
}

/* Parses a decimal integer ([-]digits, no '+', at most 10 digits) within
 * min..max. */
static bool parse_int(const char *s, size_t n, long min, long max, long *out)
{
    size_t k = 0;
    bool neg = false;
    if (n > 0 && s[0] == '-') {
        neg = true;
        k++;
    }
    if (k == n || n - k > 10)
        return false;
    long long v = 0; /* 10 digits fit */
    for (; k < n; k++) {
        if (!is_digit(s[k]))
            return false;
        v = v * 10 + (s[k] - '0');
    }
    if (neg)
        v = -v;
    if (v < min || v > max)
        return false;
    *out = (long)v;
    return true;
}

/* ---- the header ------------------------------------------------------------ */

typedef struct {
    bool rbf;
    long total_sv;
    long nr_sv[2];
} header;

/* Reads the next header line, which must start with key; stores its value
 * words (after the key) in w, their number in *nw, and all of the line after
 * the key (for messages) in *rest. */
static int expect_key(cursor *c, const char *key, word w[MAX_WORDS], size_t *nw, word *rest)
{
    const char *line;
    size_t n;
    int got = next_line(c, &line, &n);
    if (got < 0)
        return -1;
    if (got == 0)
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: the file ends before the '%s' line: it is truncated", c->path,
                       c->lineno + 1, key);
    word all[MAX_WORDS];
    size_t count = split_words(line, n, all);
    if (count == 0 || !word_is(all[0], key)) {
        char shown[40];
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: expected the '%s' line, found '%s'", c->path, c->lineno, key,
                       excerpt(line, n, shown));
    }
    *nw = count - 1;
    memcpy(w, all + 1, (count - 1) * sizeof *w);
    rest->s = count > 1 ? all[1].s : line + n;
    rest->n = (size_t)(line + n - rest->s);
    return 0;
}

/* A header line "key X" with one number in range, > 0 when positive is set. */
static int one_real(cursor *c, const char *key, bool positive)
{
    word w[MAX_WORDS], rest;
    size_t nw;
    double v;
    if (expect_key(c, key, w, &nw, &rest) != 0)
        return -1;
    if (nw != 1 || !parse_real(w[0].s, w[0].n, &v) || (positive && !(v > 0)))
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: %s must be one number %s 1e12", c->path, c->lineno, key,
                       positive ? "greater than 0 and at most" : "from -1e12 to");
    return 0;
}

static int read_header(cursor *c, header *h)
{
    word w[MAX_WORDS], rest;
    size_t nw;
    char shown[40];
    long v, v2;

    if (expect_key(c, "svm_type", w, &nw, &rest) != 0)
        return -1;
    if (nw != 1 || !word_is(w[0], "c_svc"))
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: svm_type must be c_svc, found '%s'", c->path, c->lineno,
                       excerpt(rest.s, rest.n, shown));

    if (expect_key(c, "kernel_type", w, &nw, &rest) != 0)
        return -1;
    if (nw != 1 || !(word_is(w[0], "linear") || word_is(w[0], "rbf")))
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: kernel_type must be linear or rbf, found '%s'", c->path,
                       c->lineno, excerpt(rest.s, rest.n, shown));
    h->rbf = word_is(w[0], "rbf");
    if (h->rbf && one_real(c, "gamma", true) != 0)
        return -1;

    if (expect_key(c, "nr_class", w, &nw, &rest) != 0)
        return -1;
    if (nw != 1 || !parse_int(w[0].s, w[0].n, 2, 2, &v))
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: nr_class must be 2 (one theme against the rest)", c->path,
                       c->lineno);

    if (expect_key(c, "total_sv", w, &nw, &rest) != 0)
        return -1;
    if (nw != 1 || !parse_int(w[0].s, w[0].n, 0, SVMCHECK_MAX_SV, &h->total_sv))
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: total_sv must be a whole number from 0 to %ld", c->path,
                       c->lineno, SVMCHECK_MAX_SV);

    if (one_real(c, "rho", false) != 0)
        return -1;

    if (expect_key(c, "label", w, &nw, &rest) != 0)
        return -1;
    if (nw != 2 || !parse_int(w[0].s, w[0].n, -1, 1, &v) || !parse_int(w[1].s, w[1].n, -1, 1, &v2) ||
        !((v == 1 && v2 == -1) || (v == -1 && v2 == 1)))
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: label must be '1 -1' or '-1 1'", c->path, c->lineno);

    if (one_real(c, "probA", false) != 0 || one_real(c, "probB", false) != 0)
        return -1;

    if (expect_key(c, "nr_sv", w, &nw, &rest) != 0)
        return -1;
    if (nw != 2 || !parse_int(w[0].s, w[0].n, 0, SVMCHECK_MAX_SV, &h->nr_sv[0]) ||
        !parse_int(w[1].s, w[1].n, 0, SVMCHECK_MAX_SV, &h->nr_sv[1]))
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: nr_sv must be two whole numbers from 0 to %ld", c->path,
                       c->lineno, SVMCHECK_MAX_SV);
    if (h->nr_sv[0] + h->nr_sv[1] != h->total_sv)
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: nr_sv %ld + %ld does not add up to total_sv %ld", c->path,
                       c->lineno, h->nr_sv[0], h->nr_sv[1], h->total_sv);

    if (expect_key(c, "SV", w, &nw, &rest) != 0)
        return -1;
    if (nw != 0)
        return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: the 'SV' line must hold nothing else", c->path, c->lineno);
    return 0;
}

/* ---- support vectors --------------------------------------------------------- */

/* Checks one support vector line: COEF then INDEX:VALUE pairs. */
static int check_sv(cursor *c, const char *line, size_t n, long sv, size_t n_features)
{
    char shown[40];
    size_t k = 0;
    while (k < n && !is_blank(line[k]))
        k++;
    double v;
    if (!parse_real(line, k, &v))
        return pt_fail(c->err, PT_ERR_DATA,
                       "%s:%ld: support vector %ld: the coefficient '%s' is not a number from -1e12 to 1e12", c->path,
                       c->lineno, sv, excerpt(line, k, shown));
    long prev = 0;
    long max_index = n_features > INT_MAX ? INT_MAX : (long)n_features;
    for (;;) {
        while (k < n && is_blank(line[k]))
            k++;
        if (k == n)
            return 0;
        size_t start = k;
        while (k < n && !is_blank(line[k]))
            k++;
        const char *tok = line + start;
        size_t tn = k - start;
        const char *colon = memchr(tok, ':', tn);
        if (colon == NULL || colon == tok)
            return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: support vector %ld: expected INDEX:VALUE, found '%s'",
                           c->path, c->lineno, sv, excerpt(tok, tn, shown));
        size_t in = (size_t)(colon - tok);
        long index;
        if (!parse_int(tok, in, 1, max_index, &index))
            return pt_fail(c->err, PT_ERR_DATA, "%s:%ld: support vector %ld: feature index '%s' is not a whole number from 1 to %zu",
                           c->path, c->lineno, sv, excerpt(tok, in, shown), n_features);
        if (index <= prev)
            return pt_fail(c->err, PT_ERR_DATA,
                           "%s:%ld: support vector %ld: feature index %ld follows %ld (indices must increase)", c->path,
                           c->lineno, sv, index, prev);
        if (!parse_real(colon + 1, tn - in - 1, &v))
            return pt_fail(c->err, PT_ERR_DATA,
                           "%s:%ld: support vector %ld: the value '%s' of feature %ld is not a number from -1e12 to 1e12",
                           c->path, c->lineno, sv, excerpt(colon + 1, tn - in - 1, shown), index);
        prev = index;
    }
}

int svmcheck_buffer(const char *data, size_t len, const char *path, size_t n_features, pt_error *err)
{
    cursor c = {.data = data, .len = len, .pos = 0, .path = path, .lineno = 0, .err = err};
    header h;
    if (read_header(&c, &h) != 0)
        return -1;
    const char *line;
    size_t n;
    for (long sv = 1; sv <= h.total_sv; sv++) {
        int got = next_line(&c, &line, &n);
        if (got < 0)
            return -1;
        if (got == 0)
            return pt_fail(err, PT_ERR_DATA,
                           "%s:%ld: the file ends after %ld of the %ld support vectors given by total_sv: it is truncated",
                           path, c.lineno + 1, sv - 1, h.total_sv);
        if (check_sv(&c, line, n, sv, n_features) != 0)
            return -1;
    }
    int got = next_line(&c, &line, &n);
    if (got < 0)
        return -1;
    if (got > 0)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: a line after the %ld support vectors given by total_sv", path,
                       c.lineno, h.total_sv);
    return 0;
}

int svmcheck_file(const char *path, size_t n_features, pt_error *err)
{
    char *data;
    size_t len;
    if (fsio_read_all(path, SVMCHECK_MAX_FILE, &data, &len, err) != 0)
        return -1;
    int rc = svmcheck_buffer(data, len, path, n_features, err);
    free(data);
    return rc;
}
