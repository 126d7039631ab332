#!/bin/sh
# bench/phrases.sh BUILD POLITREND — phrase discovery's speed and memory (part of `make bench`,
# alone as `make bench-phrases`).  Whole-process figures from /usr/bin/time:
#   1. `politrend phrases --new` over the news set (../shared/data/news-zh.jsonl.gz, read in
#      place through a pipe), the target being under a minute on two cores and under 2 GB;
#   2. the suffix-array alternative on the same input (BUILD/bench/phrase_sa, libdivsufsort);
#   3. `politrend report` on the embedded corpus, and the same with PT_BASELINE (another
#      politrend binary, e.g. one built from main before phrase discovery) for comparison:
#      the target is no slower than twice the baseline.
# Scratch files go under $BENCH_WORK (default ${TMPDIR:-/tmp}/politrend-bench-phrases).
set -eu
BUILD=${1:-build}
PT=${2:-./politrend}
NEWS=${NEWS:-../shared/data/news-zh.jsonl.gz}
WORK=${BENCH_WORK:-${TMPDIR:-/tmp}/politrend-bench-phrases}
mkdir -p "$WORK"
T='%e s wall, %U s user, %S s system, %M KB peak'
say() { echo "bench-phrases: $*"; }
say "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if [ -r "$NEWS" ]; then
    gzip -dc "$NEWS" | /usr/bin/time -f "$T" -o "$WORK/time.new" "$PT" phrases --corpus - --new --top 200 \
        > "$WORK/new.tsv"
    say "politrend phrases --new --top 200 over the news set: $(cat "$WORK/time.new")"
    gzip -dc "$NEWS" | /usr/bin/time -f "$T" -o "$WORK/time.sa" "$BUILD/bench/phrase_sa" - > "$WORK/sa.txt"
    sed 's/^/bench-phrases: /' "$WORK/sa.txt"
    say "suffix array (counts and right neighbours only): $(cat "$WORK/time.sa")"
else
    say "no news set at $NEWS: skipping the news figures"
fi
"$PT" train --model "$WORK/model" > /dev/null 2>&1
/usr/bin/time -f "$T" -o "$WORK/time.report" "$PT" report --model "$WORK/model" --out "$WORK/reports" -q
say "politrend report on the embedded corpus: $(cat "$WORK/time.report")"
if [ -n "${PT_BASELINE:-}" ]; then
    /usr/bin/time -f "$T" -o "$WORK/time.base" "$PT_BASELINE" report --model "$WORK/model" --out "$WORK/base" -q
    say "baseline ($PT_BASELINE) report on the embedded corpus: $(cat "$WORK/time.base")"
fi
