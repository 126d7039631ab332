/*
 * test_fuzz_replay.c — replays every seed (fuzz/corpus/<target>/) and every
 * crash ever found (fuzz/regressions/<target>/) through the fuzz targets'
 * entry points, without libFuzzer: one test per target.  A crash, an abort
 * from a broken invariant (fuzz/targets.c) or, under `make test-asan`, a
 * sanitizer report fails the suite.  The targets' object (fuzz/targets.c,
 * built by the normal compiler) is linked into this test, so `make test`
 * needs no clang.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"
#include "fuzz/targets.h"

typedef int (*fuzz_entry)(const uint8_t *data, size_t size);

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs entry on every file of dir (sorted; dot files skipped); returns how
 * many.  A missing directory holds no files. */
static size_t replay_dir(const char *dir, fuzz_entry entry)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    char *names[4096] = {NULL};
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 4096)
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t k = 0; k < n; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        char *data;
        size_t len;
        pt_error err = {0};
        if (fsio_read_all(path, 16u << 20, &data, &len, &err) != 0)
            fail_msg("%s", err.msg);
        /* An exactly sized copy, as libFuzzer passes it: an over-read is a
         * heap overflow under ASan, not a read of the NUL fsio adds. */
        uint8_t *exact = malloc(len ? len : 1);
        memcpy(exact, data, len);
        free(data);
        entry(exact, len);
        free(exact);
        free(names[k]);
    }
    return n;
}

static void replay(const char *target, fuzz_entry entry)
{
    char dir[512];
    fuzz_take_accepted();
    snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", PT_DATADIR, target);
    size_t seeds = replay_dir(dir, entry);
    snprintf(dir, sizeof dir, "%s/fuzz/regressions/%s", PT_DATADIR, target);
    size_t crashes = replay_dir(dir, entry);
    print_message("%s: %zu seeds and %zu regressions replayed, %zu accepted\n", target, seeds, crashes,
                  fuzz_take_accepted());
    assert_true(seeds > 0);
}

static void test_tokenize(void **state)
{
    (void)state;
    replay("tokenize", fuzz_tokenize);
}

static void test_corpus(void **state)
{
    (void)state;
    replay("corpus", fuzz_corpus);
}

static void test_bundle(void **state)
{
    (void)state;
    replay("bundle", fuzz_bundle);
}

static void test_svmcheck(void **state)
{
    (void)state;
    replay("svmcheck", fuzz_svmcheck);
}

static int teardown(void **state)
{
    (void)state;
    fuzz_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokenize),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_bundle),
        cmocka_unit_test(test_svmcheck),
    };
    return cmocka_run_group_tests_name("fuzz replay", tests, NULL, teardown);
}
