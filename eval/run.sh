#!/bin/sh
# eval/run.sh — `make eval`: checks of phrase discovery on real text, the CCTV
# evening news set in ../shared/data/news-zh.jsonl.gz (read in place through a
# pipe, never copied).  Needs ../shared/, so `make test` does not run it.
#   1. `politrend phrases --new --top 200` names, among each year's top 200 new
#      phrases, 新发展格局 (2020-05-14), 全过程人民民主 (2021-07-01), 两个确立
#      (2021-11-15) and 新质生产力 (2023-09-08), with those first dates;
#   2. `politrend phrases` finds 低空经济 as a phrase (first 2023-12-05, 80 items);
#   3. quality of the top 50 new phrases of each year (eval/quality.py, jieba as
#      the judge): share of whole words and share of boilerplate.
# TAP lines "ok"/"not ok"; exit 1 when a check fails.
# Usage: sh eval/run.sh [./politrend]   (NEWS=path overrides the data file)
set -u
PT=${1:-./politrend}
NEWS=${NEWS:-../shared/data/news-zh.jsonl.gz}
[ -f "$NEWS" ] || NEWS=/work/shared/data/news-zh.jsonl.gz
if [ ! -f "$NEWS" ]; then
    echo "1..0 # SKIP no news set at ../shared/data/news-zh.jsonl.gz"
    exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }

echo "# politrend phrases --new --top 200 over $NEWS"
if ! gzip -dc "$NEWS" | /usr/bin/time -f '%e s wall, %U s user, %S s system, %M KB peak' -o "$tmp/time.new" \
        "$PT" phrases --corpus - --new --top 200 > "$tmp/new.tsv"; then
    notok "phrases --new exits 0"
else
    ok "phrases --new exits 0"
fi
echo "# time: $(cat "$tmp/time.new")"
for pair in 新发展格局:2020-05-14 全过程人民民主:2021-07-01 两个确立:2021-11-15 新质生产力:2023-09-08; do
    p=${pair%%:*}
    d=${pair#*:}
    row=$(awk -F'\t' -v p="$p" '$1 == p' "$tmp/new.tsv" | head -1)
    got=$(printf '%s' "$row" | cut -f3)
    rank=$(awk -F'\t' -v p="$p" -v y="${d%%-*}" 'substr($3, 1, 4) == y { k++ } $1 == p { print k; exit }' "$tmp/new.tsv")
    if [ "$got" = "$d" ]; then
        ok "$p is new in ${d%%-*}, first seen $d (rank $rank of the year, $(printf '%s' "$row" | cut -f5) times in $(printf '%s' "$row" | cut -f6) items)"
    else
        notok "$p is new in ${d%%-*}, first seen $d (got '${got:-not among the top 200}')"
    fi
done

echo "# politrend phrases over $NEWS"
gzip -dc "$NEWS" | /usr/bin/time -f '%e s wall, %U s user, %S s system, %M KB peak' -o "$tmp/time.all" \
    "$PT" phrases --corpus - > "$tmp/all.tsv"
echo "# time: $(cat "$tmp/time.all"); $(($(wc -l < "$tmp/all.tsv") - 1)) phrases"
row=$(awk -F'\t' '$1 == "低空经济"' "$tmp/all.tsv")
if [ "$(printf '%s' "$row" | cut -f3)" = 2023-12-05 ] && [ "$(printf '%s' "$row" | cut -f6)" = 80 ]; then
    ok "低空经济 is a phrase, first seen 2023-12-05, in 80 items"
else
    notok "低空经济 is a phrase, first seen 2023-12-05, in 80 items (got '$(printf '%s' "$row" | cut -f1-6)')"
fi

echo "# quality of the top 50 new phrases of each year (jieba judges word boundaries)"
if /usr/bin/python3 -c 'import jieba' 2>/dev/null; then
    /usr/bin/python3 eval/quality.py 50 < "$tmp/new.tsv" > "$tmp/quality.txt"
    sed 's/^/# /' "$tmp/quality.txt"
    all=$(awk -F'\t' '$1 == "all"' "$tmp/quality.txt")
    whole=$(printf '%s' "$all" | cut -f3 | tr -d %)
    boiler=$(printf '%s' "$all" | cut -f4 | tr -d %)
    if awk -v w="$whole" 'BEGIN { exit !(w >= 90) }'; then ok "whole words $whole% >= 90%"; else notok "whole words $whole% >= 90%"; fi
    if awk -v b="$boiler" 'BEGIN { exit !(b <= 5) }'; then ok "boilerplate $boiler% <= 5%"; else notok "boilerplate $boiler% <= 5%"; fi
else
    n=$((n + 1)); echo "ok $n # SKIP python3-jieba is not installed (scripts/install-deps.sh eval)"
fi
echo "1..$n"
exit $fail
