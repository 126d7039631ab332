# politrend — build, run, test.  The two commands a new user needs:
#   make run    install what is missing, build, train on the embedded corpus, write the reports
#   make test   install what is missing, build with -Werror, run every suite (plain and ASan+UBSan)
# Other targets: all (just build), lint, test-asan, test-valgrind, bench, fuzz, clean.

CC       ?= cc
# The warning set the code is clean under; `make test` adds -Werror (WERROR),
# so CI (.ci/run runs `make test`) fails on any warning.
WARN      = -Wall -Wextra -Wpedantic -Wshadow -Wconversion
CFLAGS   ?= -std=c11 $(WARN) -O2 -g
WERROR   ?=
PKGS      = gsl jansson libutf8proc opencc icu-uc icu-i18n libxml-2.0 libcmark
CPPFLAGS += -D_DEFAULT_SOURCE -D_GNU_SOURCE -I. -DPT_DATADIR='"$(CURDIR)"'
CPPFLAGS += $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lsvm -llinear -lstemmer -lpthread -lm
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

BUILD    ?= build
STAGES    = base corpus features models reports pipeline
LIB_SRCS  = $(filter-out pipeline/main.c,$(foreach d,$(STAGES),$(wildcard $(d)/*.c)))
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o)
# The stages as one archive: the command, the tests, fuzz and bench link it.
LIB       = $(BUILD)/libpolitrend.a
TEST_SRCS = $(wildcard tests/test_*.c)
TEST_BINS = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
BIN      ?= politrend

.PHONY: all deps run test test-asan asan-build bench bench-phrases eval clean lint
all: $(BIN)

deps:
	@sh scripts/install-deps.sh

# Objects are rebuilt when the compile flags change (with or without
# -Werror, say): the flags of the last build are kept in $(BUILD)/flags.
FLAGS_NOW  = $(CC) $(CPPFLAGS) $(CFLAGS) $(WERROR)
FLAGS_FILE = $(BUILD)/flags
ifneq ($(MAKECMDGOALS),clean)
ifneq ($(file <$(FLAGS_FILE)),$(FLAGS_NOW))
$(shell mkdir -p $(BUILD))
$(file >$(FLAGS_FILE),$(FLAGS_NOW))
endif
endif

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/pipeline/main.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WERROR) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LDLIBS)

# The replay of the fuzz inputs links the targets' object (no #include of a .c).
$(BUILD)/tests/test_fuzz_replay: $(BUILD)/tests/test_fuzz_replay.o $(BUILD)/fuzz/targets.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LDLIBS)

# The default run: the batch job with its defaults — ingest inbox/ (if any)
# into corpus/local.jsonl, train on the embedded corpus (or reuse the bundle),
# classify, and write the reports.
run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) run
	@echo "make run: model in out/model, reports in out/reports (open out/reports/index.html)"

# The whole suite, twice: on the normal build, then on a build with
# AddressSanitizer and UBSan (so CI, which runs `make test`, runs both).
# Both builds use -Werror: a warning fails the test run.
test: deps
	@sh scripts/install-deps.sh test
	@$(MAKE) --no-print-directory WERROR=-Werror all $(TEST_BINS)
	@$(MAKE) --no-print-directory WERROR=-Werror asan-build
	@sh tests/run-all.sh $(BUILD) ./$(BIN)

# The suite under AddressSanitizer and UBSan only, in a build tree of its own.
ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
test-asan: deps
	@sh scripts/install-deps.sh test
	@$(MAKE) --no-print-directory asan-build
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    sh tests/run.sh build/asan build/asan/politrend asan

asan-build:
	@$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/politrend \
	    CFLAGS="-std=c11 $(WARN) -O1 -g $(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" \
	    build/asan/politrend $(TEST_SRCS:tests/%.c=build/asan/tests/%)

clean:
	rm -rf $(BUILD) $(BIN) out

-include $(LIB_OBJS:.o=.d) $(BUILD)/pipeline/main.d $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%.d) $(BUILD)/fuzz/targets.d

# cppcheck over every C file of the project (warnings, performance,
# portability); any finding fails.  fuzz/main.c needs a target to compile.
# Then the floors of ARCHITECTURE.md: no stage includes a header of a stage
# above it, no file includes a .c file (scripts/check-layers.sh).
CPPCHECK_FLAGS = --std=c11 --enable=warning,performance,portability --inline-suppr --error-exitcode=1 \
                 --quiet -I. -D_GNU_SOURCE -DPT_DATADIR='"."' -DFUZZ_ENTRY=fuzz_tokenize
lint: deps
	@sh scripts/install-deps.sh lint
	cppcheck $(CPPCHECK_FLAGS) base corpus features models reports pipeline tests bench fuzz
	@sh scripts/check-layers.sh

# Phrase discovery checked on real text (eval/run.sh): needs ../shared/data/news-zh.jsonl.gz and
# python3-jieba, so `make test` never runs it.
eval: deps
	@sh scripts/install-deps.sh eval
	@$(MAKE) --no-print-directory all
	@sh eval/run.sh ./$(BIN)

# The benchmark against scikit-learn (bench/README.md).  Not a test: `make test` never runs it.
# BENCH_* variables tune it (BENCH_SIZES, BENCH_CORPORA, ...: see bench/README.md).
BENCH_BINS = $(BUILD)/bench/gen $(BUILD)/bench/ptbench $(BUILD)/bench/phrase_sa
bench: deps
	@sh scripts/install-deps.sh eval
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@sh bench/run.sh $(BUILD) ./$(BIN)
	@sh bench/phrases.sh $(BUILD) ./$(BIN)

# Phrase discovery only (bench/phrases.sh): speed and memory of `politrend phrases --new` on the
# news set, the suffix-array alternative, and `politrend report` on the embedded corpus.
bench-phrases: deps
	@sh scripts/install-deps.sh eval
	@$(MAKE) --no-print-directory all $(BUILD)/bench/phrase_sa
	@sh bench/phrases.sh $(BUILD) ./$(BIN)

$(BUILD)/bench/phrase_sa: $(BUILD)/bench/phrase_sa.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ldivsufsort

$(BUILD)/bench/ptbench: $(BUILD)/bench/ptbench.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bench/gen: $(BUILD)/bench/gen.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- hostile input: fuzzing and valgrind (issue 9) -----------------------------------------
# `make fuzz` builds one libFuzzer binary per target of fuzz/targets.h with clang
# (-fsanitize=fuzzer,address,undefined) and runs each for FUZZ_SECONDS, starting from
# fuzz/corpus/<target> and fuzz/regressions/<target>; new inputs go to build/fuzz/work/<target>,
# crashes to build/fuzz/crashes/ (fix the bug, then add the crash to fuzz/regressions/<target>:
# `make test` replays both directories through tests/test_fuzz_replay.c).
FUZZ_TARGETS = tokenize corpus bundle svmcheck
FUZZ_SECONDS ?= 60
FUZZ_BUILD    = build/fuzz
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

.PHONY: fuzz fuzz-build test-valgrind
fuzz-build: deps
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang \
	    CFLAGS="-std=c11 $(WARN) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link" \
	    LDFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer" $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz/fuzz_%)

fuzz: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/crashes
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_BUILD)/work/$$t fuzz/regressions/$$t; \
	    dict=""; if [ -f fuzz/dict/$$t.dict ]; then dict=-dict=fuzz/dict/$$t.dict; fi; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	    $(FUZZ_BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	        -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- $$dict \
	        $(FUZZ_BUILD)/work/$$t fuzz/corpus/$$t fuzz/regressions/$$t || exit 1; \
	done

# fuzz/main.c with -DFUZZ_ENTRY=fuzz_<target>; libFuzzer supplies main().
$(BUILD)/fuzz/fuzz_%: fuzz/main.c $(BUILD)/fuzz/targets.o $(LIB)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -DFUZZ_ENTRY=fuzz_$* -o $@ $^ $(LDLIBS)

# The cmocka suites and the politrend runs of key end-to-end scripts under
# valgrind --error-exitcode=1 --leak-check=full (tests/valgrind.sh).
test-valgrind: deps
	@sh scripts/install-deps.sh test
	@$(MAKE) --no-print-directory all $(TEST_BINS)
	@sh tests/valgrind.sh $(BUILD) ./$(BIN)
