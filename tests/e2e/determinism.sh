# determinism.sh — two runs of train, classify and report on the same input
# give byte-identical outputs: the bundle (every file, manifest included),
# the classifications (with --explain) and every report file.  The second
# run of each command happens in another working directory, with another
# time zone and locale in the environment, so nothing in the outputs may
# depend on the clock, the locale or the place it ran from.  Training with
# one worker process or several gives the same bundle too.
. tests/lib.sh

# Two terms of the embedded corpus: every theme has readouts with and
# without it, and training stays quick.
CORPUS="$TMP/corpus.jsonl"
cat corpus/readouts/cc16.jsonl corpus/readouts/cc17.jsonl corpus/readouts/cc20.jsonl > "$CORPUS"
mkdir "$TMP/elsewhere"

# run2 COMMAND...: runs politrend from another directory and environment.
run2() {
    (cd "$TMP/elsewhere" && TZ=Asia/Shanghai LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$PT" "$@")
}

# same NAME DIR1 DIR2: both directories hold the same files, byte for byte.
same() {
    if diff -r "$2" "$3" > "$TMP/diff" 2>&1; then
        ok "$1"
    else
        not_ok "$1 ($(head -c 300 "$TMP/diff"))"
    fi
}

"$PT" train -q --corpus "$CORPUS" --model "$TMP/m1" || not_ok "first training"
run2 train -q --corpus "$CORPUS" --model "$TMP/m2" || not_ok "second training"
same "train: the two bundles are identical" "$TMP/m1" "$TMP/m2"
"$PT" train -q --corpus "$CORPUS" --segmenter icu --kernel rbf --model "$TMP/m3" || not_ok "first ICU/RBF training"
run2 train -q --corpus "$CORPUS" --segmenter icu --kernel rbf --model "$TMP/m4" || not_ok "second ICU/RBF training"
same "train --segmenter icu --kernel rbf: the two bundles are identical" "$TMP/m3" "$TMP/m4"

# The themes trained in one process, or by two and three worker processes
# (the default, one per core, made m1): the same bundle, byte for byte.
"$PT" train -q --corpus "$CORPUS" --jobs 1 --model "$TMP/j1" || not_ok "training with --jobs 1"
run2 train -q --corpus "$CORPUS" --jobs 2 --model "$TMP/j2" || not_ok "training with --jobs 2"
"$PT" train -q --corpus "$CORPUS" --jobs 3 --model "$TMP/j3" || not_ok "training with --jobs 3"
same "train --jobs 1 and --jobs 2: the two bundles are identical" "$TMP/j1" "$TMP/j2"
same "train --jobs 1 and --jobs 3: the two bundles are identical" "$TMP/j1" "$TMP/j3"
same "train --jobs 1 and the default: the two bundles are identical" "$TMP/j1" "$TMP/m1"

"$PT" classify --model "$TMP/m1" --explain "$CORPUS" > "$TMP/c1.jsonl" || not_ok "first classify"
run2 classify --model "$TMP/m2" --explain "$CORPUS" > "$TMP/c2.jsonl" || not_ok "second classify"
check "classify: the two outputs are identical" cmp -s "$TMP/c1.jsonl" "$TMP/c2.jsonl"
check "classify: one line per readout" test "$(wc -l < "$TMP/c1.jsonl")" -eq "$(wc -l < "$CORPUS")"

"$PT" report -q --corpus "$CORPUS" --model "$TMP/m1" --out "$TMP/r1" || not_ok "first report"
run2 report -q --corpus "$CORPUS" --model "$TMP/m2" --out "$TMP/r2" || not_ok "second report"
check "report: files were written" test -n "$(ls "$TMP/r1")"
same "report: the two report directories are identical" "$TMP/r1" "$TMP/r2"
finish
