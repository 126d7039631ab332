# lib.sh — helpers for the end-to-end scripts: each check prints a TAP-style
# "ok - name" or "not ok - name" line; tests/run.sh counts them.
# $POLITREND is the binary under test (an absolute path is made of it).

PT=${POLITREND:-./politrend}
case "$PT" in /*) ;; *) PT="$(pwd)/$PT" ;; esac
REPO=$(pwd)
failures=0

ok()     { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; failures=$((failures + 1)); }
# skip NAME REASON: a check that could not run ("ok - NAME # SKIP REASON",
# the TAP directive), counted as skipped by tests/run.sh, never as passed.
skip()   { echo "ok - $1 # SKIP $2"; }

# check NAME COMMAND...: passes when the command succeeds.
check() {
    name=$1; shift
    if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# expect NAME EXIT STDERR-SUBSTRING COMMAND...: runs the command, checks its
# exit code and that stderr contains the text (exactly, as a fixed string).
expect() {
    name=$1; want_rc=$2; want_err=$3; shift 3
    "$@" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    if [ "$rc" -ne "$want_rc" ]; then
        not_ok "$name (exit $rc, expected $want_rc; stderr: $(head -c 300 "$TMP/err"))"
    elif [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$TMP/err"; then
        not_ok "$name (stderr was: $(head -c 300 "$TMP/err"); expected: $want_err)"
    else
        ok "$name"
    fi
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

finish() { [ "$failures" -eq 0 ]; }
