/*
 * test_utf8.c — the decoder policy of base/utf8.c, as tables: every
 * accepted form, every rejected form with its reason and the number of bytes
 * a lenient caller skips, validation offsets, and encoding round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/utf8.h"

typedef struct {
    const char *what;
    const char *bytes;
    size_t len;
    utf8_status status;
    uint32_t cp;  /* when status is UTF8_OK */
    size_t used;
} decode_row;

#define ROW(what, lit, st, cp, used) {what, lit, sizeof(lit) - 1, st, cp, used}

static const decode_row decode_rows[] = {
    ROW("ASCII", "A", UTF8_OK, 0x41, 1),
    ROW("NUL is valid", "\x00", UTF8_OK, 0, 1),
    ROW("DEL", "\x7F", UTF8_OK, 0x7F, 1),
    ROW("two bytes, smallest", "\xC2\x80", UTF8_OK, 0x80, 2),
    ROW("two bytes", "\xC2\xA9", UTF8_OK, 0xA9, 2),
    ROW("two bytes, largest", "\xDF\xBF", UTF8_OK, 0x7FF, 2),
    ROW("three bytes, smallest", "\xE0\xA0\x80", UTF8_OK, 0x800, 3),
    ROW("Han", "\xE4\xB8\xAD", UTF8_OK, 0x4E2D, 3),
    ROW("just below surrogates", "\xED\x9F\xBF", UTF8_OK, 0xD7FF, 3),
    ROW("just above surrogates", "\xEE\x80\x80", UTF8_OK, 0xE000, 3),
    ROW("U+FFFF", "\xEF\xBF\xBF", UTF8_OK, 0xFFFF, 3),
    ROW("four bytes, smallest", "\xF0\x90\x80\x80", UTF8_OK, 0x10000, 4),
    ROW("emoji", "\xF0\x9F\x98\x80", UTF8_OK, 0x1F600, 4),
    ROW("U+10FFFF", "\xF4\x8F\xBF\xBF", UTF8_OK, 0x10FFFF, 4),
    ROW("decodes only the first", "\x41\xE4\xB8\xAD", UTF8_OK, 0x41, 1),

    ROW("overlong 3-byte slash", "\xE0\x80\xAF", UTF8_OVERLONG, 0, 3),
    ROW("overlong U+07FF", "\xE0\x9F\xBF", UTF8_OVERLONG, 0, 3),
    ROW("overlong 4-byte slash", "\xF0\x80\x80\xAF", UTF8_OVERLONG, 0, 4),
    ROW("overlong U+FFFF", "\xF0\x8F\xBF\xBF", UTF8_OVERLONG, 0, 4),
    ROW("C0 (overlong lead)", "\xC0\xAF", UTF8_BAD_LEAD, 0, 1),
    ROW("C1 (overlong lead)", "\xC1\xBF", UTF8_BAD_LEAD, 0, 1),
    ROW("first surrogate", "\xED\xA0\x80", UTF8_SURROGATE, 0, 3),
    ROW("last surrogate", "\xED\xBF\xBF", UTF8_SURROGATE, 0, 3),
    ROW("above U+10FFFF", "\xF4\x90\x80\x80", UTF8_TOO_LARGE, 0, 4),
    ROW("F5 lead", "\xF5\x80\x80\x80", UTF8_BAD_LEAD, 0, 1),
    ROW("FE", "\xFE", UTF8_BAD_LEAD, 0, 1),
    ROW("FF", "\xFF", UTF8_BAD_LEAD, 0, 1),
    ROW("stray 80", "\x80", UTF8_STRAY, 0, 1),
    ROW("stray BF", "\xBF\x41", UTF8_STRAY, 0, 1),
    ROW("2-byte cut by end", "\xC2", UTF8_TRUNCATED, 0, 1),
    ROW("3-byte cut by end after 1", "\xE4", UTF8_TRUNCATED, 0, 1),
    ROW("3-byte cut by end after 2", "\xE4\xB8", UTF8_TRUNCATED, 0, 2),
    ROW("4-byte cut by end after 3", "\xF0\x9F\x98", UTF8_TRUNCATED, 0, 3),
    ROW("3-byte cut by ASCII", "\xE4\x41\x42", UTF8_TRUNCATED, 0, 1),
    ROW("3-byte cut by a lead byte", "\xE4\xB8\xE4\xB8\xAD", UTF8_TRUNCATED, 0, 2),
};

static void test_decode_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof decode_rows / sizeof decode_rows[0]; i++) {
        const decode_row *r = &decode_rows[i];
        uint32_t cp = 0xDEADBEEF;
        size_t used = 0;
        utf8_status st = utf8_decode((const unsigned char *)r->bytes, r->len, &cp, &used);
        if (st != r->status || used != r->used || (st == UTF8_OK && cp != r->cp))
            fail_msg("row '%s': got status %d (%s) used %zu cp U+%04X, want %d used %zu cp U+%04X",
                     r->what, (int)st, utf8_status_text(st), used, (unsigned)cp, (int)r->status,
                     r->used, (unsigned)r->cp);
    }
}

typedef struct {
    const char *what;
    const char *bytes;
    size_t len;
    utf8_status status;
    size_t offset;
} validate_row;

#define VROW(what, lit, st, off) {what, lit, sizeof(lit) - 1, st, off}

static const validate_row validate_rows[] = {
    VROW("empty", "", UTF8_OK, 0),
    VROW("mixed valid", "ab\xE4\xB8\xAD" "c\xF0\x9F\x98\x80", UTF8_OK, 0),
    VROW("NUL inside", "a\x00" "b", UTF8_OK, 0),
    VROW("stray after ASCII", "abc\x80", UTF8_STRAY, 3),
    VROW("FF after Han", "\xE4\xB8\xAD\xFF", UTF8_BAD_LEAD, 3),
    VROW("surrogate first", "\xED\xA0\x80" "abc", UTF8_SURROGATE, 0),
    VROW("truncated at end", "x\xE4\xB8", UTF8_TRUNCATED, 1),
    VROW("overlong in the middle", "ab \xE0\x80\xAF z", UTF8_OVERLONG, 3),
    VROW("first error wins", "a\x80\xFF", UTF8_STRAY, 1),
};

static void test_validate_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof validate_rows / sizeof validate_rows[0]; i++) {
        const validate_row *r = &validate_rows[i];
        size_t off = 12345;
        utf8_status st = utf8_validate(r->bytes, r->len, &off);
        if (st != r->status || (st != UTF8_OK && off != r->offset))
            fail_msg("row '%s': got %d at %zu, want %d at %zu", r->what, (int)st, off,
                     (int)r->status, r->offset);
    }
}

typedef struct {
    uint32_t cp;
    const char *bytes;
    size_t len;
} encode_row;

static const encode_row encode_rows[] = {
    {0x41, "A", 1},
    {0x00, "\x00", 1},
    {0xA9, "\xC2\xA9", 2},
    {0x7FF, "\xDF\xBF", 2},
    {0x800, "\xE0\xA0\x80", 3},
    {0x4E2D, "\xE4\xB8\xAD", 3},
    {0xFFFD, "\xEF\xBF\xBD", 3},
    {0x10000, "\xF0\x90\x80\x80", 4},
    {0x10FFFF, "\xF4\x8F\xBF\xBF", 4},
};

static void test_encode_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof encode_rows / sizeof encode_rows[0]; i++) {
        const encode_row *r = &encode_rows[i];
        char out[4];
        size_t n = utf8_encode(r->cp, out);
        assert_int_equal(n, r->len);
        assert_memory_equal(out, r->bytes, n);
        uint32_t cp;
        size_t used;
        assert_int_equal(utf8_decode((const unsigned char *)out, n, &cp, &used), UTF8_OK);
        assert_int_equal(cp, r->cp);
        assert_int_equal(used, n);
    }
}

static void test_status_texts(void **state)
{
    (void)state;
    static const struct {
        utf8_status st;
        const char *text;
    } rows[] = {
        {UTF8_OK, "valid"},
        {UTF8_TRUNCATED, "truncated sequence"},
        {UTF8_STRAY, "stray continuation byte"},
        {UTF8_BAD_LEAD, "byte that never appears in UTF-8"},
        {UTF8_OVERLONG, "overlong encoding"},
        {UTF8_SURROGATE, "encoded surrogate"},
        {UTF8_TOO_LARGE, "code point above U+10FFFF"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_string_equal(utf8_status_text(rows[i].st), rows[i].text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_table),
        cmocka_unit_test(test_validate_table),
        cmocka_unit_test(test_encode_round_trip),
        cmocka_unit_test(test_status_texts),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
