#!/bin/sh
# Runs the whole suite on the normal build, then on the ASan/UBSan build
# (build/asan), and closes with the total: "N passed, N failed, N skipped".
# Usage: tests/run-all.sh BUILD_DIR POLITREND_BINARY
build=${1:-build}
bin=${2:-./politrend}
PT_TOTALS=$(mktemp)
export PT_TOTALS
trap 'rm -f "$PT_TOTALS"' EXIT

echo "== the suite on the normal build"
sh tests/run.sh "$build" "$bin" plain
echo "== the suite under AddressSanitizer and UBSan"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    sh tests/run.sh build/asan build/asan/politrend asan

passed=$(awk '{ s += $1 } END { print s + 0 }' "$PT_TOTALS")
failed=$(awk '{ s += $2 } END { print s + 0 }' "$PT_TOTALS")
skipped=$(awk '{ s += $3 } END { print s + 0 }' "$PT_TOTALS")
runs=$(wc -l < "$PT_TOTALS")
if [ "$runs" -ne 2 ]; then failed=$((failed + 1)); fi  # a suite that did not report
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
