/*
 * targets.h — politrend's fuzz targets: one entry point per parser that
 * takes hostile bytes.  The same functions serve the libFuzzer binaries
 * (fuzz/main.c, built by `make fuzz` with clang -fsanitize=fuzzer,...) and
 * the replay test (tests/test_fuzz_replay.c, run by `make test`), which
 * feeds them every seed in fuzz/corpus/<target>/ and every crash ever found
 * in fuzz/regressions/<target>/.
 *
 * Each entry point returns 0 (libFuzzer's convention).  An input that the
 * code under test refuses with a proper error is fine; a crash, a sanitizer
 * report, or a broken invariant (checked here and reported by abort()) is a
 * finding.
 *
 *   fuzz_tokenize  the UTF-8 decoder (utf8_validate / utf8_decode /
 *                  utf8_encode agree) and tok_run; the first byte picks one
 *                  of four tokenizer settings (bigram or ICU segmentation,
 *                  strict or lenient, n-gram sizes, stemming) with the small
 *                  lexicon fuzz/lexicon.tsv, the rest is the text.
 *   fuzz_corpus    corpus_parse_line on the input as one JSON Lines record,
 *                  then corpus_read_file on it written as a .jsonl file, as
 *                  a .txt file and as a saved .html page (every path also
 *                  reads facts from the text: extract.h).
 *   fuzz_bundle    bundle_load on a directory built from the input: sections
 *                  "@@ NAME\n" followed by the file's bytes (manifest.json,
 *                  themes.tsv, vocab.tsv, theme-*.model, ...).  The
 *                  manifest's checksums are rewritten to match the files, so
 *                  the fuzzer reaches the parsers behind the checksum check.
 *                  A bundle that loads must predict finite probabilities.
 *   fuzz_svmcheck  svmcheck_buffer on a raw libsvm model file (64 features);
 *                  whatever it accepts is then loaded by libsvm's
 *                  svm_load_model and must predict finite probabilities.
 *
 * The targets keep a few things open between inputs (tokenizers, the
 * taxonomy, a scratch directory under /tmp); fuzz_cleanup releases them.
 */
#ifndef PT_FUZZ_TARGETS_H
#define PT_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/* Each runs one input through its target (see above) and returns 0; data
 * need not be NUL-terminated.  A broken invariant prints a message to
 * stderr and aborts; nothing else is printed. */
int fuzz_tokenize(const uint8_t *data, size_t size);
int fuzz_corpus(const uint8_t *data, size_t size);
int fuzz_bundle(const uint8_t *data, size_t size);
int fuzz_svmcheck(const uint8_t *data, size_t size);

/* How many inputs the code under test accepted since the last call (a
 * bundle loaded, a model passed svmcheck, a record parsed, a text
 * tokenised), and starts counting again from 0.  Can't fail. */
size_t fuzz_take_accepted(void);

/* Closes what the targets keep open and removes the scratch directory.
 * Registered with atexit on first use; calling it twice is harmless. */
void fuzz_cleanup(void);

#endif
