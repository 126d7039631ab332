/*
 * test_sha256.c — base/sha256.c against the known answers of FIPS 180
 * (the NIST examples of SHA-256: "abc", the empty message, the 448-bit
 * message of two blocks, one million 'a'), whole and fed in pieces of
 * every awkward size, so that a changed constant, rotation or padding
 * fails here and not in a checksum computed with the same code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/sha256.h"

typedef struct {
    const char *what;
    const char *message;  /* NULL: one million 'a' */
    const char *digest;   /* the published answer, lowercase hex */
} kat_row;

static const kat_row kat_rows[] = {
    {"abc (one block)", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"the empty message", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"448 bits (two blocks)", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"one million 'a'", NULL, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
};

#define MILLION 1000000

/* The message of row r (caller frees) and its length. */
static char *message_of(const kat_row *r, size_t *len)
{
    if (r->message != NULL) {
        *len = strlen(r->message);
        char *m = malloc(*len + 1);
        memcpy(m, r->message, *len + 1);
        return m;
    }
    *len = MILLION;
    char *m = malloc(MILLION);
    memset(m, 'a', MILLION);
    return m;
}

static void test_known_answers_whole(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof kat_rows / sizeof kat_rows[0]; i++) {
        size_t len;
        char *m = message_of(&kat_rows[i], &len);
        char hex[65];
        sha256_hex(m, len, hex);
        if (strcmp(hex, kat_rows[i].digest) != 0)
            fail_msg("%s: got %s, want %s", kat_rows[i].what, hex, kat_rows[i].digest);
        free(m);
    }
}

/* The same digests when the message arrives in pieces that straddle the
 * 64-byte blocks and the 56-byte padding boundary in every way. */
static void test_known_answers_in_pieces(void **state)
{
    (void)state;
    static const size_t pieces[] = {1, 3, 55, 56, 57, 63, 64, 65, 1000};
    for (size_t i = 0; i < sizeof kat_rows / sizeof kat_rows[0]; i++) {
        size_t len;
        char *m = message_of(&kat_rows[i], &len);
        for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
            sha256_ctx ctx;
            sha256_init(&ctx);
            for (size_t off = 0; off < len; off += pieces[p])
                sha256_update(&ctx, m + off, len - off < pieces[p] ? len - off : pieces[p]);
            unsigned char digest[32];
            sha256_final(&ctx, digest);
            char hex[65];
            sha256_to_hex(digest, hex);
            if (strcmp(hex, kat_rows[i].digest) != 0)
                fail_msg("%s in pieces of %zu: got %s, want %s", kat_rows[i].what, pieces[p], hex,
                         kat_rows[i].digest);
        }
        free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers_whole),
        cmocka_unit_test(test_known_answers_in_pieces),
    };
    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
