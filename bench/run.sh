#!/bin/sh
# bench/run.sh BUILD POLITREND — the driver behind `make bench` (see bench/README.md).
#
# Times politrend and the scikit-learn pipeline on the same inputs, one stage per
# process, appends one JSON line per measurement to $BENCH_OUT and prints the table
# (bench/report.py).  Everything it writes goes under $BENCH_WORK, outside the repo;
# the news archive is read in place through zcat and never copied into the repo.
#
# Tuning (environment):
#   BENCH_SIZES      document counts (default "1000 10000 70000")
#   BENCH_CORPORA    "news", "gen" or both (default: news when the archive exists, else gen)
#   BENCH_TRAIN_MAX  largest size the train stage runs at (default 1000: libsvm training
#                    is O(n^2) and more; see RESULTS.md for where it stops scaling)
#   BENCH_SCALING    extra train sizes, politrend and scikit-learn (default "250 500 2000")
#   BENCH_PIPELINE   sizes at which `politrend train` with its defaults (the whole command)
#                    runs beside scikit-learn's LinearSVC pipeline (default "1000 10000 70000")
#   BENCH_JIEBA      1 (default) to also time scikit-learn with jieba words, 0 to skip
#   BENCH_REPEAT     runs of each features and classify measurement (and of the training
#                    pipeline at 10,000 documents and fewer), the fastest kept
#                    (default 3; train and jieba run once)
#   BENCH_SMALL_REPEAT  the same at 10,000 documents and fewer (default 7)
#   BENCH_WORK       scratch directory (default ${TMPDIR:-/tmp}/politrend-bench)
#   BENCH_OUT        the JSON lines (default $BENCH_WORK/results.jsonl; appended to)
set -eu

BUILD=${1:-build}
PT=${2:-./politrend}
ROOT=$(pwd)
GEN="$BUILD/bench/gen"
PTB="$BUILD/bench/ptbench"
PY=/usr/bin/python3
SK="$PY bench/sk_bench.py"
NEWS=${BENCH_NEWS:-"$ROOT/../shared/data/news-zh.jsonl.gz"}
WORK=${BENCH_WORK:-${TMPDIR:-/tmp}/politrend-bench}
OUT=${BENCH_OUT:-$WORK/results.jsonl}
SIZES=${BENCH_SIZES-"1000 10000 70000"}
TRAIN_MAX=${BENCH_TRAIN_MAX:-1000}
SCALING=${BENCH_SCALING-"250 500 2000"}
PIPELINE=${BENCH_PIPELINE-"1000 10000 70000"}
JIEBA=${BENCH_JIEBA:-1}
REPEAT=${BENCH_REPEAT:-3}
SMALL_REPEAT=${BENCH_SMALL_REPEAT:-7}
if [ -z "${BENCH_CORPORA:-}" ]; then
    if [ -r "$NEWS" ]; then BENCH_CORPORA=news; else BENCH_CORPORA=gen; fi
fi

say() { echo "bench: $*" >&2; }

# --- what the Python side needs: Debian's scikit-learn and jieba -------------------
if ! $PY -c 'import sklearn, jieba, numpy, scipy' 2>/dev/null; then
    say "python3-sklearn / python3-jieba missing: installing them with apt-get"
    apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn python3-jieba >&2
fi
case "$(cat /proc/sys/kernel/osrelease 2>/dev/null)" in
    "") say "no /proc: peak memory figures will be missing" ;;
esac

mkdir -p "$WORK"
[ -n "${BENCH_OUT:-}" ] || : > "$OUT"

# The machine, and how busy it is (other processes share its cores).
meta() {
    $PY - "$1" <<'PY' >> "$OUT"
import json, os, platform, sys, time
import sklearn, jieba, numpy
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
print(json.dumps({"meta": sys.argv[1], "date": time.strftime("%Y-%m-%d %H:%M %Z"), "cpu": cpu,
                  "cores": os.cpu_count(), "mem_mb": mem, "kernel": platform.release(),
                  "loadavg": open("/proc/loadavg").read().split()[:3], "python": platform.python_version(),
                  "sklearn": sklearn.__version__, "jieba": jieba.__version__, "numpy": numpy.__version__}))
PY
}
meta start

# --- inputs -------------------------------------------------------------------------
max=0
for n in $SIZES $SCALING $PIPELINE; do [ "$n" -gt "$max" ] && max=$n; done
for corpus in $BENCH_CORPORA; do
    f="$WORK/$corpus.jsonl"
    case $corpus in
    news)
        if [ ! -r "$NEWS" ]; then say "$NEWS is missing: skipping the news corpus"; continue; fi
        say "labelling the first $max news items by the keyword rule (zcat, in place) -> $f"
        zcat "$NEWS" | "$GEN" --label --limit "$max" > "$f" ;;
    gen)
        say "generating $max mixed English/Chinese documents (seed 1) -> $f"
        "$GEN" --docs "$max" --seed 1 > "$f" ;;
    *) say "unknown corpus '$corpus'"; exit 64 ;;
    esac
done

say "training the default model (embedded corpus, threshold 0.5 given: no cross-validation)"
"$PT" train --model "$WORK/model" --threshold 0.5 -q

# --- one measurement: record "what" in front of the figures --------------------------
# run CORPUS SIZE COMMAND...: runs the command once, tags its JSON line, appends it to OUT.
# best CORPUS SIZE COMMAND...: runs it BENCH_REPEAT times and keeps the fastest run (the
# least disturbed by other processes), with every run's wall time in "walls".
# Short measurements (10,000 documents and fewer) are repeated SMALL_REPEAT times: a
# 30 ms stage is the one another process's time slice disturbs most.
run() { measure 1 "$@"; }
best() {
    if [ "$2" -le 10000 ] && [ "$SMALL_REPEAT" -gt "$REPEAT" ]; then measure "$SMALL_REPEAT" "$@"
    else measure "$REPEAT" "$@"; fi
}
# keep_fastest CORPUS SIZE: JSON lines of runs on stdin; appends the fastest, tagged, to OUT.
keep_fastest() {
    $PY -c '
import json, sys
runs = [json.loads(l) for l in sys.stdin.read().splitlines() if l.strip()]
r = min(runs, key=lambda x: x["wall"])
r["corpus"] = sys.argv[1]; r["size"] = int(sys.argv[2]); r["walls"] = [x["wall"] for x in runs]
print(json.dumps(r))' "$1" "$2" | tee -a "$OUT" >&2
}
measure() {
    times=$1; corpus=$2; size=$3; shift 3
    lines=""
    i=0
    while [ "$i" -lt "$times" ]; do
        line=$("$@") || { say "failed: $*"; return 1; }
        lines="$lines$line
"
        i=$((i + 1))
    done
    printf '%s' "$lines" | keep_fastest "$corpus" "$size"
}

docs_in() { wc -l < "$1" | tr -d ' '; }

bench_corpus() { # CORPUS FILE SIZE
    corpus=$1; f=$2; n=$3
    say "== $corpus, $n documents =="
    best "$corpus" "$n" "$PTB" features "$f" --limit "$n"
    best "$corpus" "$n" $SK features "$f" --limit "$n" --zh char
    if [ "$JIEBA" = 1 ]; then run "$corpus" "$n" $SK features "$f" --limit "$n" --zh jieba; fi
    if [ "$n" -le "$TRAIN_MAX" ]; then bench_train "$corpus" "$f" "$n"; fi
    best "$corpus" "$n" "$PTB" classify "$WORK/model" "$f" --limit "$n"
    best "$corpus" "$n" $SK classify corpus/readouts "$f" --limit "$n" --zh char
}

bench_train() { # CORPUS FILE SIZE: both sides train on the very same matrix
    "$PTB" features "$2" --limit "$3" --dump "$WORK/dump-$1-$3" > /dev/null
    run "$1" "$3" "$PTB" train "$2" --limit "$3"
    run "$1" "$3" $SK train "$WORK/dump-$1-$3"
    rm -rf "$WORK/dump-$1-$3"
}

# The whole training with defaults, side by side: the `politrend train` command (process
# start, reading the JSON Lines, tokenising, five-fold threshold selection, writing the
# bundle; wall and peak resident memory by /usr/bin/time) against the scikit-learn
# pipeline's fit (documents read and imports done before its clock starts).  At 10,000
# documents and fewer each side runs BENCH_REPEAT times and its fastest run is kept (the
# least disturbed by other processes); above, once.
bench_pipeline() { # CORPUS FILE SIZE
    head -n "$3" "$2" > "$WORK/pipeline-input.jsonl"
    bytes=$(wc -c < "$WORK/pipeline-input.jsonl" | tr -d ' ')
    reps=1
    [ "$3" -le 10000 ] && reps=$REPEAT
    lines=""
    i=0
    while [ "$i" -lt "$reps" ]; do
        rm -rf "$WORK/pipeline-model"
        /usr/bin/time -f '%e %M %U %S' -o "$WORK/pipeline.time" \
            "$PT" train -q --corpus "$WORK/pipeline-input.jsonl" --model "$WORK/pipeline-model"
        read -r secs kb user sys < "$WORK/pipeline.time"
        lines="$lines{\"side\":\"politrend\",\"stage\":\"pipeline\",\"docs\":$3,\"bytes\":$bytes,\"wall\":$secs,\"cpu\":$(awk "BEGIN { print $user + $sys }"),\"peak_mb\":$((kb / 1024))}
"
        i=$((i + 1))
    done
    printf '%s' "$lines" | keep_fastest "$1" "$3"
    measure "$reps" "$1" "$3" $SK pipeline "$2" --limit "$3"
    rm -rf "$WORK/pipeline-input.jsonl" "$WORK/pipeline.time" "$WORK/pipeline-model"
}

# Correctness first: threaded bags and the folded linear classifier agree with the
# plain computations (no timing).
for corpus in $BENCH_CORPORA; do
    f="$WORK/$corpus.jsonl"; [ -r "$f" ] || continue
    "$PTB" check "$f" --limit 5000 >&2
    "$PTB" check-classify "$WORK/model" "$f" --limit 5000 >&2
done

# The embedded corpus: every stage, classify with the default model.
emb=$(cat corpus/readouts/*.jsonl | wc -l | tr -d ' ')
cat corpus/readouts/*.jsonl > "$WORK/embedded.jsonl"
bench_train_emb() {
    "$PTB" features "$WORK/embedded.jsonl" --dump "$WORK/dump-embedded" > /dev/null
    run embedded "$emb" "$PTB" train "$WORK/embedded.jsonl"
    run embedded "$emb" $SK train "$WORK/dump-embedded"
    rm -rf "$WORK/dump-embedded"
}
say "== embedded corpus, $emb documents =="
best embedded "$emb" "$PTB" features "$WORK/embedded.jsonl"
best embedded "$emb" $SK features "$WORK/embedded.jsonl" --zh char
if [ "$JIEBA" = 1 ]; then run embedded "$emb" $SK features "$WORK/embedded.jsonl" --zh jieba; fi
bench_train_emb
best embedded "$emb" "$PTB" classify "$WORK/model" "$WORK/embedded.jsonl"
best embedded "$emb" $SK classify corpus/readouts "$WORK/embedded.jsonl" --zh char

for corpus in $BENCH_CORPORA; do
    f="$WORK/$corpus.jsonl"; [ -r "$f" ] || continue
    have=$(docs_in "$f")
    for n in $SIZES; do
        [ "$n" -le "$have" ] || { say "$corpus has only $have documents: skipping $n"; continue; }
        bench_corpus "$corpus" "$f" "$n"
    done
    for n in $PIPELINE; do
        [ "$n" -le "$have" ] || { say "$corpus has only $have documents: skipping $n"; continue; }
        say "== $corpus, $n documents: politrend train beside the scikit-learn pipeline =="
        bench_pipeline "$corpus" "$f" "$n"
    done
    # Where libsvm training stops scaling: more train sizes.
    for n in $SCALING; do
        [ "$n" -le "$have" ] && bench_train "$corpus" "$f" "$n"
    done
    # The whole `politrend classify` command at the largest size: reading, JSON output.
    n=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -1)
    if [ -n "$n" ] && [ "$n" -le "$have" ] && [ -x /usr/bin/time ]; then
        head -n "$n" "$f" > "$WORK/cli-input.jsonl"
        /usr/bin/time -f '%e %M' -o "$WORK/cli.time" "$PT" classify --model "$WORK/model" "$WORK/cli-input.jsonl" > /dev/null
        read -r secs kb < "$WORK/cli.time"
        bytes=$(wc -c < "$WORK/cli-input.jsonl" | tr -d ' ')
        echo "{\"side\":\"politrend-cli\",\"stage\":\"classify-cli\",\"docs\":$n,\"bytes\":$bytes,\"wall\":$secs,\"peak_mb\":$((kb / 1024)),\"corpus\":\"$corpus\",\"size\":$n}" | tee -a "$OUT" >&2
        rm -f "$WORK/cli-input.jsonl" "$WORK/cli.time"
    fi
done

meta end
$PY bench/report.py "$OUT" | tee "$WORK/table.md"
say "figures in $OUT, table in $WORK/table.md"
