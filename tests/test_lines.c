/*
 * test_lines.c — base/lines.c, the one reader of the small line files
 * (taxonomy, terms, lexicon, stop phrases, formulae, bodies, calendar, the
 * unpublished sessions): which lines reach the loader and under which
 * number, and each refusal with the message a user reads — an over-long
 * line, a NUL, invalid UTF-8, an over-size file, a FIFO, a missing file, a
 * loader's own error stopping the walk.  Each case writes a small file of
 * its own into a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/lines.h"

#define MAX_SEEN 16

/* What the callback saw: each line's number and text. */
typedef struct {
    size_t n;
    long lineno[MAX_SEEN];
    char text[MAX_SEEN][64];
    const char *fail_on; /* a line starting with this stops the walk */
} seen;

static int record(void *ctx, const char *path, long lineno, char *line, size_t len, pt_error *err)
{
    seen *s = ctx;
    assert_int_equal(strlen(line), len); /* NUL-terminated at len, no NUL inside */
    assert_true(s->n < MAX_SEEN && len < sizeof s->text[0]);
    if (s->fail_on != NULL && strncmp(line, s->fail_on, strlen(s->fail_on)) == 0)
        return pt_fail(err, PT_ERR_DATA, "%s:%ld: the loader refuses '%s'", path, lineno, line);
    s->lineno[s->n] = lineno;
    memcpy(s->text[s->n], line, len + 1);
    s->n++;
    return 0;
}

typedef struct {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    strcpy(f->dir, "/tmp/pt-lines-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/x.tsv", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Writes len bytes of content to the fixture's file. */
static void write_bytes(fixture *f, const char *content, size_t len)
{
    FILE *out = fopen(f->path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(content, 1, len, out), len);
    assert_int_equal(fclose(out), 0);
}

#define WRITE(f, lit) write_bytes(f, lit, sizeof(lit) - 1)

/* Walks the fixture's file with generous limits. */
static int walk(fixture *f, seen *s, pt_error *err)
{
    return lines_each(f->path, 1u << 16, 32, record, s, err);
}

/* The message err should carry: fmt with the fixture's path. */
static void assert_msg(const fixture *f, const pt_error *err, pt_status status, const char *fmt)
{
    char want[512];
    snprintf(want, sizeof want, fmt, f->path);
    assert_int_equal(err->status, status);
    assert_string_equal(err->msg, want);
}

static void comments_and_blank_lines(void **state)
{
    fixture *f = *state;
    WRITE(f, "# a header\n\nalpha\n   \n\t# an indented comment\n\t\nbeta\tgamma\n#\nlast # not a comment\n");
    seen s = {0};
    pt_error err = {0};
    assert_int_equal(walk(f, &s, &err), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.lineno[0], 3);
    assert_string_equal(s.text[0], "alpha");
    assert_int_equal(s.lineno[1], 7);
    assert_string_equal(s.text[1], "beta\tgamma");
    assert_int_equal(s.lineno[2], 9);
    assert_string_equal(s.text[2], "last # not a comment");
}

static void crlf_line_ends(void **state)
{
    fixture *f = *state;
    WRITE(f, "one\r\n\r\n# c\r\ntwo\rinside\r\nthree\r");
    seen s = {0};
    pt_error err = {0};
    assert_int_equal(walk(f, &s, &err), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.lineno[0], 1);
    assert_string_equal(s.text[0], "one");
    assert_int_equal(s.lineno[1], 4);
    assert_string_equal(s.text[1], "two\rinside"); /* only the CR before the end goes */
    assert_int_equal(s.lineno[2], 5);
    assert_string_equal(s.text[2], "three");
}

static void missing_final_newline(void **state)
{
    fixture *f = *state;
    WRITE(f, "first\nsecond");
    seen s = {0};
    pt_error err = {0};
    assert_int_equal(walk(f, &s, &err), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.lineno[1], 2);
    assert_string_equal(s.text[1], "second");
    WRITE(f, "");
    seen none = {0};
    assert_int_equal(walk(f, &none, &err), 0);
    assert_int_equal(none.n, 0);
}

static void bom_on_the_first_line(void **state)
{
    fixture *f = *state;
    WRITE(f, "\xEF\xBB\xBF" "first\n\xEF\xBB\xBF" "second\n");
    seen s = {0};
    pt_error err = {0};
    assert_int_equal(walk(f, &s, &err), 0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.text[0], "first");
    assert_string_equal(s.text[1], "\xEF\xBB\xBF" "second"); /* a BOM only opens a file */
    WRITE(f, "\xEF\xBB\xBF# a comment after a BOM\nentry\n");
    seen c = {0};
    assert_int_equal(walk(f, &c, &err), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.lineno[0], 2);
}

static void over_long_line(void **state)
{
    fixture *f = *state;
    /* 32 bytes (the limit, a CR after it) pass; 33 do not, comment or not. */
    WRITE(f, "ok\n12345678901234567890123456789012\r\n123456789012345678901234567890123\nnever\n");
    seen s = {0};
    pt_error err = {0};
    assert_int_equal(walk(f, &s, &err), -1);
    assert_msg(f, &err, PT_ERR_DATA, "%s:3: line longer than 32 bytes");
    assert_int_equal(s.n, 2);
    assert_int_equal(s.lineno[1], 2);
    WRITE(f, "x\n# a comment of more than thirty-two bytes\n");
    seen c = {0};
    assert_int_equal(walk(f, &c, &err), -1);
    assert_msg(f, &err, PT_ERR_DATA, "%s:2: line longer than 32 bytes");
}

static void invalid_utf8(void **state)
{
    fixture *f = *state;
    WRITE(f, "ok\n# fine\nab\xC3(\n");
    seen s = {0};
    pt_error err = {0};
    assert_int_equal(walk(f, &s, &err), -1);
    assert_msg(f, &err, PT_ERR_DATA, "%s:3: invalid UTF-8 at byte 2 of the line: truncated sequence");
    assert_int_equal(s.n, 1);
    WRITE(f, "# caf\xE9 in Latin-1\n");
    assert_int_equal(walk(f, &s, &err), -1);
    assert_msg(f, &err, PT_ERR_DATA, "%s:1: invalid UTF-8 at byte 5 of the line: truncated sequence");
}

static void nul_byte(void **state)
{
    fixture *f = *state;
    WRITE(f, "a\nb\0c\n");
    seen s = {0};
    pt_error err = {0};
    assert_int_equal(walk(f, &s, &err), -1);
    assert_msg(f, &err, PT_ERR_DATA, "%s:2: NUL byte in the line");
    assert_int_equal(s.n, 1);
}

static void over_size_file(void **state)
{
    fixture *f = *state;
    WRITE(f, "0123456\n89abcde\n"); /* 16 bytes: at the limit */
    seen s = {0};
    pt_error err = {0};
    assert_int_equal(lines_each(f->path, 16, 32, record, &s, &err), 0);
    assert_int_equal(s.n, 2);
    WRITE(f, "0123456\n89abcdef\n"); /* 17 bytes */
    seen none = {0};
    assert_int_equal(lines_each(f->path, 16, 32, record, &none, &err), -1);
    assert_msg(f, &err, PT_ERR_DATA, "%s: file larger than the limit of 16 bytes");
    assert_int_equal(none.n, 0); /* refused before any line is handed on */
}

static void callback_error_stops_the_walk(void **state)
{
    fixture *f = *state;
    WRITE(f, "one\n# two\nbad three\nfour\n");
    seen s = {.fail_on = "bad"};
    pt_error err = {0};
    assert_int_equal(walk(f, &s, &err), -1);
    assert_msg(f, &err, PT_ERR_DATA, "%s:3: the loader refuses 'bad three'");
    assert_int_equal(s.n, 1); /* line 4 never reached the loader */
    assert_string_equal(s.text[0], "one");
}

static void not_a_regular_file(void **state)
{
    fixture *f = *state;
    /* A FIFO with no writer: refused at once; alarm() fails a regression
     * that would block instead of hanging the suite. */
    assert_int_equal(mkfifo(f->path, 0600), 0);
    seen s = {0};
    pt_error err = {0};
    alarm(10);
    assert_int_equal(walk(f, &s, &err), -1);
    alarm(0);
    assert_msg(f, &err, PT_ERR_NOINPUT,
               "%s: not a regular file (a FIFO, device or directory is not read); give a file");
    unlink(f->path);
    assert_int_equal(lines_each(f->dir, 1u << 16, 32, record, &s, &err), -1);
    assert_int_equal(err.status, PT_ERR_NOINPUT);
    assert_int_equal(walk(f, &s, &err), -1);
    assert_msg(f, &err, PT_ERR_NOINPUT, "%s: cannot open: No such file or directory");
    assert_int_equal(s.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(comments_and_blank_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(crlf_line_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_final_newline, setup, teardown),
        cmocka_unit_test_setup_teardown(bom_on_the_first_line, setup, teardown),
        cmocka_unit_test_setup_teardown(over_long_line, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(nul_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(over_size_file, setup, teardown),
        cmocka_unit_test_setup_teardown(callback_error_stops_the_walk, setup, teardown),
        cmocka_unit_test_setup_teardown(not_a_regular_file, setup, teardown),
    };
    return cmocka_run_group_tests_name("lines", tests, NULL, NULL);
}
