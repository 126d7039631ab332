/*
 * utf8.c — strict UTF-8 decoding; the acceptance policy is in utf8.h.
 */
#include "base/utf8.h"

#include <string.h>

#include "base/xalloc.h"

const char *utf8_status_text(utf8_status st)
{
    switch (st) {
    case UTF8_OK:        return "valid";
    case UTF8_TRUNCATED: return "truncated sequence";
    case UTF8_STRAY:     return "stray continuation byte";
    case UTF8_BAD_LEAD:  return "byte that never appears in UTF-8";
    case UTF8_OVERLONG:  return "overlong encoding";
    case UTF8_SURROGATE: return "encoded surrogate";
    case UTF8_TOO_LARGE: return "code point above U+10FFFF";
    }
    return "unknown error";
}

static int is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

utf8_status utf8_decode(const unsigned char *s, size_t len, uint32_t *cp, size_t *used)
{
    unsigned char b = s[0];
    *used = 1;
    if (b < 0x80) {
        *cp = b;
        return UTF8_OK;
    }
    if (is_continuation(b))
        return UTF8_STRAY;
    if (b == 0xC0 || b == 0xC1 || b >= 0xF5)
        return UTF8_BAD_LEAD;

    size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    uint32_t value = b & (0x7F >> need);
    for (size_t k = 1; k < need; k++) {
        if (k >= len || !is_continuation(s[k])) {
            *used = k; /* resume at the byte that broke the sequence */
            return UTF8_TRUNCATED;
        }
        value = (value << 6) | (s[k] & 0x3F);
    }
    *used = need;
    static const uint32_t shortest[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < shortest[need])
        return UTF8_OVERLONG;
    if (value >= 0xD800 && value <= 0xDFFF)
        return UTF8_SURROGATE;
    if (value > 0x10FFFF)
        return UTF8_TOO_LARGE;
    *cp = value;
    return UTF8_OK;
}

utf8_status utf8_validate(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80) { /* ASCII fast path */
            i++;
            continue;
        }
        uint32_t cp;
        size_t used;
        utf8_status st = utf8_decode(u + i, len - i, &cp, &used);
        if (st != UTF8_OK) {
            if (bad_offset)
                *bad_offset = i;
            return st;
        }
        i += used;
    }
    return UTF8_OK;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *utf8_repair(const char *s, size_t len, size_t *out_len, size_t *n_replaced)
{
    /* U+FFFD takes 3 bytes and replaces at least 1: 3 * len bounds the copy. */
    char *out = xmalloc(3 * len + 1);
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t used;
        if (utf8_decode(u + i, len - i, &cp, &used) == UTF8_OK) {
            memcpy(out + o, s + i, used);
            o += used;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            (*n_replaced)++;
        }
        i += used;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}
