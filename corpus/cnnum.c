/*
 * cnnum.c — Chinese numerals and digits to numbers (cnnum.h).
 *
 * Two ways of writing coexist in readouts: the additive one of ordinals
 * (二十三 = 2×10+3, 十一 = 10+1, 一百零五) and the positional one of years
 * (二〇二三).  A run containing a unit character (十百千) is read additively,
 * a run without one positionally; digits are always positional.
 */
#include "cnnum.h"

#include <string.h>

/* The value of the numeral character at s (a digit 0-9, or 10, 100, 1000
 * for the units), with its length in *n; -1 when s is not one. */
static int numeral_at(const char *s, size_t len, size_t *n)
{
    static const struct {
        const char *ch;
        int value;
    } table[] = {
        {"零", 0}, {"〇", 0}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4}, {"五", 5},
        {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}, {"十", 10}, {"百", 100}, {"千", 1000},
    };
    for (size_t k = 0; k < sizeof table / sizeof table[0]; k++) {
        size_t m = strlen(table[k].ch);
        if (len >= m && memcmp(s, table[k].ch, m) == 0) {
            *n = m;
            return table[k].value;
        }
    }
    return -1;
}

/* An ASCII digit (n = 1) or a full-width digit U+FF10..U+FF19 (n = 3). */
static int digit_at(const char *s, size_t len, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 1 && u[0] >= '0' && u[0] <= '9') {
        *n = 1;
        return u[0] - '0';
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
        *n = 3;
        return u[2] - 0x90;
    }
    return -1;
}

long cnnum_parse(const char *s, size_t len, size_t *used)
{
    size_t pos = 0, n = 0;
    long value = 0;
    *used = 0;
    if (digit_at(s, len, &n) >= 0) {
        int d;
        while (pos < len && (d = digit_at(s + pos, len - pos, &n)) >= 0) {
            value = value * 10 + d;
            if (value > 99999)
                return -1;
            pos += n;
        }
        *used = pos;
        return value;
    }
    /* Additive when a unit occurs anywhere in the run, else positional. */
    int has_unit = 0, v;
    size_t end = 0;
    while (end < len && (v = numeral_at(s + end, len - end, &n)) >= 0) {
        if (v >= 10)
            has_unit = 1;
        end += n;
    }
    if (end == 0)
        return -1;
    long pending = -1; /* the digit waiting for its unit */
    for (pos = 0; pos < end; pos += n) {
        v = numeral_at(s + pos, end - pos, &n);
        if (v < 10) {
            if (has_unit)
                pending = v; /* 零 in 一百零五 only marks a gap */
            else
                value = value * 10 + v;
        } else {
            value += (pending < 0 ? 1 : pending) * v;
            pending = -1;
        }
        if (value > 99999)
            return -1;
    }
    if (pending > 0)
        value += pending;
    *used = end;
    return value;
}

/* The start of the UTF-8 character that ends at s + end. */
static size_t char_start_before(const char *s, size_t end)
{
    size_t k = end - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

long cnnum_parse_before(const char *s, size_t end, size_t *start)
{
    size_t pos = end, n = 0;
    int kind = 0; /* 1 digits, 2 numerals */
    while (pos > 0) {
        size_t k = char_start_before(s, pos);
        int is_digit = digit_at(s + k, pos - k, &n) >= 0 && n == pos - k;
        int is_numeral = !is_digit && numeral_at(s + k, pos - k, &n) >= 0 && n == pos - k;
        int this_kind = is_digit ? 1 : is_numeral ? 2 : 0;
        if (this_kind == 0 || (kind != 0 && this_kind != kind))
            break;
        kind = this_kind;
        pos = k;
    }
    if (pos == end)
        return -1;
    size_t used;
    long v = cnnum_parse(s + pos, end - pos, &used);
    if (v < 0 || used != end - pos)
        return -1;
    *start = pos;
    return v;
}
