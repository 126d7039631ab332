/*
 * utf8.h — strict UTF-8 validation and decoding.
 *
 * Policy (written here, beside the decoder, as SQLite does): a byte sequence
 * is accepted only if it is the shortest encoding of a Unicode scalar value.
 * Rejected: overlong encodings, surrogates (U+D800..U+DFFF), values above
 * U+10FFFF, stray continuation bytes, sequences truncated by the end of
 * input or by a non-continuation byte, and the bytes 0xC0, 0xC1, 0xF5..0xFF.
 * NUL is valid UTF-8; callers that forbid it check for it themselves.
 */
#ifndef PT_UTF8_H
#define PT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The one definition of a Han character (the reader's language guess, the
 * normaliser's classes, the tokeniser's Han runs and the lexicon's Chinese
 * forms all use it): U+3005, U+3007, U+3400..4DBF, U+4E00..9FFF,
 * U+F900..FAFF, U+20000..323AF.  Can't fail. */
static inline bool utf8_is_han(uint32_t cp)
{
    if (cp < 0x3005)
        return false;
    if (cp >= 0x4E00 && cp <= 0x9FFF)
        return true;
    return cp == 0x3005 || cp == 0x3007 || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x323AF);
}

typedef enum {
    UTF8_OK = 0,
    UTF8_TRUNCATED,     /* input ends or a non-continuation byte arrives mid-sequence */
    UTF8_STRAY,         /* a continuation byte where a sequence should start   */
    UTF8_BAD_LEAD,      /* 0xC0, 0xC1, 0xF5..0xFF                               */
    UTF8_OVERLONG,      /* a longer encoding than the value needs               */
    UTF8_SURROGATE,     /* U+D800..U+DFFF                                      */
    UTF8_TOO_LARGE      /* above U+10FFFF                                      */
} utf8_status;

/* Human-readable reason, e.g. "overlong encoding".  Can't fail. */
const char *utf8_status_text(utf8_status st);

/* Decodes one scalar value at s[0..len) (len > 0).  On success stores it in
 * *cp, returns UTF8_OK and sets *used to the bytes consumed (1..4).  On
 * failure returns the reason and sets *used to the number of bytes to skip
 * (at least 1) so a lenient caller can substitute U+FFFD and go on. */
utf8_status utf8_decode(const unsigned char *s, size_t len, uint32_t *cp, size_t *used);

/* Validates s[0..len).  Returns UTF8_OK, or the first error and its byte
 * offset in *bad_offset. */
utf8_status utf8_validate(const char *s, size_t len, size_t *bad_offset);

/* Returns a copy of s[0..len) (NUL-terminated, caller frees) in which every
 * invalid sequence — as utf8_decode delimits it — is replaced by U+FFFD;
 * *out_len gets the new length and *n_replaced (added to) the number of
 * replacements.  For --lenient reading. */
char *utf8_repair(const char *s, size_t len, size_t *out_len, size_t *n_replaced);

/* Encodes cp (a valid scalar value) into out (4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char out[4]);

#endif
