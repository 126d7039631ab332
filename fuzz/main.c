/*
 * main.c — the libFuzzer entry point of one fuzz target.  `make fuzz`
 * compiles this file once per target with -DFUZZ_ENTRY=fuzz_<target> (see
 * targets.h) and links it with -fsanitize=fuzzer, which supplies main().
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz/targets.h"

#ifndef FUZZ_ENTRY
#error "compile with -DFUZZ_ENTRY=fuzz_<target>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return FUZZ_ENTRY(data, size);
}
