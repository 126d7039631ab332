#!/bin/sh
# valgrind.sh — `make test-valgrind`: every cmocka suite (BUILD/tests/test_*)
# and every politrend run of a few key end-to-end scripts under
#   valgrind --error-exitcode=1 --leak-check=full
# The e2e scripts get POLITREND set to a wrapper that runs the binary under
# valgrind.  Each process writes its own valgrind log; with --quiet valgrind
# writes only what it finds, so a clean run leaves every log empty.  A suite
# fails when one of its tests fails or one of its logs is not empty.
# Prints one line per suite and "N passed, N failed"; exits non-zero on any
# failure.  Usage: tests/valgrind.sh BUILD_DIR POLITREND_BINARY
# VALGRIND_E2E lists the e2e scripts (default below: the hostile-input,
# bad-input and determinism scripts, which cover train, classify, report and
# every refusal path; the whole e2e suite under valgrind takes too long).
build=${1:-build}
bin=${2:-./politrend}
e2e=${VALGRIND_E2E:-"hostile_input bad_input determinism"}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac

if ! command -v valgrind > /dev/null; then
    echo "test-valgrind: valgrind is not installed (apt-get install valgrind)" >&2
    exit 1
fi

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
mkdir "$log/vg"
VG="valgrind --error-exitcode=1 --leak-check=full --num-callers=30 --quiet"
passed=0
failed=0

# report_logs PATTERN: prints the non-empty logs matching PATTERN; returns 1
# when there is one.
report_logs() {
    dirty=0
    for f in "$log"/vg/$1; do
        [ -s "$f" ] || continue
        dirty=1
        echo "    valgrind ($(basename "$f")):"
        sed 's/^/      /' "$f" | head -n 60
    done
    [ "$dirty" -eq 0 ]
}

for t in "$build"/tests/test_*; do
    case "$t" in *.o|*.d) continue ;; esac
    [ -x "$t" ] || continue
    name=$(basename "$t")
    CMOCKA_MESSAGE_OUTPUT=stdout $VG --log-file="$log/vg/$name.log" "$t" > "$log/$name.out" 2>&1
    rc=$?
    ran=$(grep -c '^\[ RUN      \]' "$log/$name.out")
    ok=$(grep -c '^\[       OK \]' "$log/$name.out")
    bad=$((ran - ok))
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
    if ! report_logs "$name.log" > "$log/$name.vg" && [ "$bad" -eq 0 ]; then bad=1; fi
    passed=$((passed + ok))
    failed=$((failed + bad))
    if [ "$bad" -ne 0 ]; then
        echo "FAIL $name (exit $rc):"
        grep -v '^\[       OK \]\|^\[ RUN      \]' "$log/$name.out" | sed 's/^/    /' | head -n 40
        cat "$log/$name.vg"
    else
        echo "pass $name under valgrind: $ok tests"
    fi
done

cat > "$log/politrend" << EOF
#!/bin/sh
exec $VG --log-file="$log/vg/e2e.\$E2E_NAME.%p.log" "$bin" "\$@"
EOF
chmod +x "$log/politrend"

for s in $e2e; do
    script="tests/e2e/$s.sh"
    [ -f "$script" ] || { echo "FAIL e2e/$s: no such script"; failed=$((failed + 1)); continue; }
    E2E_NAME=$s POLITREND="$log/politrend" sh "$script" > "$log/$s.out" 2>&1
    rc=$?
    ok=$(grep -c '^ok ' "$log/$s.out")
    bad=$(grep -c '^not ok ' "$log/$s.out")
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
    if ! report_logs "e2e.$s.*.log" > "$log/$s.vg" && [ "$bad" -eq 0 ]; then bad=1; fi
    runs=$(ls "$log"/vg/e2e."$s".*.log 2> /dev/null | wc -l)
    passed=$((passed + ok))
    failed=$((failed + bad))
    if [ "$bad" -ne 0 ]; then
        echo "FAIL e2e/$s (exit $rc):"
        grep '^not ok ' "$log/$s.out" | sed 's/^/    /'
        cat "$log/$s.vg"
    else
        echo "pass e2e/$s under valgrind: $ok checks, $runs politrend runs clean"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
