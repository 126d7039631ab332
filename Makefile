# politrend — build, run, test.  The two commands a new user needs:
#   make run    install what is missing, build, train on the embedded corpus, write the reports
#   make test   install what is missing, build, run every test suite
# Other targets: all (just build), test-asan, bench, clean.

CC       ?= cc
CFLAGS   ?= -std=c11 -Wall -Wextra -O2 -g
PKGS      = gsl jansson libutf8proc opencc icu-uc icu-i18n
CPPFLAGS += -D_DEFAULT_SOURCE -D_GNU_SOURCE -I. -DPT_DATADIR='"$(CURDIR)"'
CPPFLAGS += $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lsvm -lstemmer -lpthread -lm
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

BUILD    ?= build
STAGES    = corpus features models reports pipeline
LIB_SRCS  = $(filter-out pipeline/main.c,$(foreach d,$(STAGES),$(wildcard $(d)/*.c)))
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o)
TEST_SRCS = $(wildcard tests/test_*.c)
TEST_BINS = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
BIN      ?= politrend

.PHONY: all deps run test test-asan bench clean
all: $(BIN)

deps:
	@sh scripts/install-deps.sh

$(BIN): $(BUILD)/pipeline/main.o $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LDLIBS)

# The default run: the batch job with its defaults — ingest inbox/ (if any)
# into corpus/local.jsonl, train on the embedded corpus (or reuse the bundle),
# classify, and write the reports.
run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) run
	@echo "make run: model in out/model, reports in out/reports (open out/reports/index.html)"

test: deps
	@sh scripts/install-deps.sh test
	@$(MAKE) --no-print-directory all $(TEST_BINS)
	@sh tests/run.sh $(BUILD) ./$(BIN)

# Same suite under AddressSanitizer and UBSan, in a build tree of its own.
test-asan: deps
	@sh scripts/install-deps.sh test
	@$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/politrend \
	    CFLAGS="-std=c11 -Wall -Wextra -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" build/asan/politrend \
	    $(TEST_SRCS:tests/%.c=build/asan/tests/%)
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    sh tests/run.sh build/asan build/asan/politrend

clean:
	rm -rf $(BUILD) $(BIN) out

-include $(LIB_OBJS:.o=.d) $(BUILD)/pipeline/main.d
