#!/bin/sh
# Runs every cmocka suite (BUILD/tests/test_*) and every end-to-end script
# (tests/e2e/*.sh, TAP-style "ok"/"not ok" lines), then prints one summary
# line "N passed, N failed, N skipped".  A check that did not run (a TAP
# "ok ... # SKIP reason" line, a cmocka "[  SKIPPED ]" test) counts as
# skipped, never as passed.  Exits non-zero when anything failed.
# Usage: tests/run.sh BUILD_DIR POLITREND_BINARY [LABEL]
# With LABEL the summary reads "LABEL: N passed, N failed, N skipped"; with
# $PT_TOTALS set, "P F S" is also appended to that file (tests/run-all.sh
# sums them).
build=${1:-build}
bin=${2:-./politrend}
label=${3:-}
passed=0
failed=0
skipped=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

for t in "$build"/tests/test_*; do
    case "$t" in *.o|*.d) continue ;; esac
    [ -x "$t" ] || continue
    name=$(basename "$t")
    CMOCKA_MESSAGE_OUTPUT=stdout "$t" > "$log/$name.out" 2>&1
    rc=$?
    ran=$(grep -c '^\[ RUN      \]' "$log/$name.out")
    ok=$(grep -c '^\[       OK \]' "$log/$name.out")
    skip=$(grep -c '^\[  SKIPPED \]' "$log/$name.out")
    bad=$((ran - ok - skip))
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi  # crashed outside a test
    passed=$((passed + ok))
    failed=$((failed + bad))
    skipped=$((skipped + skip))
    if [ "$bad" -ne 0 ]; then
        echo "FAIL $name (exit $rc):"; sed 's/^/    /' "$log/$name.out"
    else
        echo "pass $name: $ok tests, $skip skipped"
    fi
done

for s in tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    name=$(basename "$s" .sh)
    POLITREND="$bin" sh "$s" > "$log/$name.out" 2>&1
    rc=$?
    all=$(grep -c '^ok ' "$log/$name.out")
    skip=$(grep -c '^ok .*# SKIP' "$log/$name.out")
    ok=$((all - skip))
    bad=$(grep -c '^not ok ' "$log/$name.out")
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
    passed=$((passed + ok))
    failed=$((failed + bad))
    skipped=$((skipped + skip))
    if [ "$bad" -ne 0 ]; then
        echo "FAIL e2e/$name (exit $rc):"; sed 's/^/    /' "$log/$name.out"
    else
        echo "pass e2e/$name: $ok checks, $skip skipped"
        grep '^ok .*# SKIP' "$log/$name.out" | sed 's/^/    /'
    fi
done

if [ -n "$label" ]; then
    echo "$label: $passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed, $skipped skipped"
fi
if [ -n "${PT_TOTALS:-}" ]; then echo "$passed $failed $skipped" >> "$PT_TOTALS"; fi
[ "$failed" -eq 0 ]
