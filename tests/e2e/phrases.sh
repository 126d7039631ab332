# phrases.sh — `politrend phrases` end to end on a small corpus written for
# this test (two languages, three years): the TSV and its header, --new with
# the first year left out and said so, --year, --suggest, determinism, and
# clear errors for bad input.
. tests/lib.sh

cat > "$TMP/c.jsonl" <<'J'
{"id":"z1","date":"2021-04-01","cc":1,"session":1,"lang":"zh","text":"会议指出，二〇二一年各地推进乡村道路建设。"}
{"id":"z2","date":"2021-10-08","cc":1,"session":2,"lang":"zh","text":"会议指出，推进基层减负，二〇二一年任务完成。"}
{"id":"z3","date":"2022-06-15","cc":1,"session":3,"lang":"zh","text":"会议指出，先行示范要抓实，港口先行示范效果好。"}
{"id":"z4","date":"2023-05-02","cc":1,"session":4,"lang":"zh","text":"会议指出，首次提出绿色航运，要求港口带头。"}
{"id":"z5","date":"2023-08-09","cc":1,"session":5,"lang":"zh","text":"会议指出，沿海城市发展绿色航运，内河跟上。推进绿色航运试点。"}
{"id":"z6","date":"2023-11-20","cc":1,"session":6,"lang":"zh","text":"会议指出，总结全年工作。"}
{"id":"e1","date":"2021-04-01","cc":1,"session":1,"lang":"en","text":"Leaders discussed rural roads and asked for cleaner ports."}
{"id":"e2","date":"2022-09-01","lang":"en","text":"The meeting proposed green shipping for the first time. Ports should lead."}
{"id":"e3","date":"2023-05-02","cc":1,"session":4,"lang":"en","text":"Coastal cities develop Green Shipping, and river ports follow."}
{"id":"e4","date":"2023-08-09","cc":1,"session":5,"lang":"en","text":"Pilot Green Shipping zones start soon."}
J
P="$PT phrases --corpus $TMP/c.jsonl --min-count 2 --no-lexicon"

expect "phrases exits 0" 0 "" $P
check "the header names the columns" sh -c \
    '[ "$(head -1 "$1")" = "$(printf "phrase\tlang\tfirst_seen\tsession\tcount\treadouts\tcontext")" ]' sh "$TMP/out"
check "green shipping: most frequent spelling, first date, no session, count, readouts, sentence" grep -qxF \
    "$(printf 'Green Shipping\ten\t2022-09-01\t-\t3\t3\tThe meeting proposed green shipping for the first time.')" "$TMP/out"
check "绿色航运 with its first session and sentence" grep -qxF \
    "$(printf '绿色航运\tzh\t2023-05-02\t1-4\t3\t2\t会议指出，首次提出绿色航运，要求港口带头。')" "$TMP/out"
check "no fragment of 绿色航运" sh -c '! cut -f1 "$1" | grep -qxE "绿色航|色航运|绿色|航运"' sh "$TMP/out"
check "boilerplate left out: the formula in every readout, the date" \
    sh -c '! cut -f1 "$1" | grep -qxE "会议指出|二〇二一年"' sh "$TMP/out"
check "every row has 7 fields" sh -c 'awk -F"\t" "NF != 7 { exit 1 }" "$1"' sh "$TMP/out"

expect "phrases --new says the first year has nothing to compare with" 0 \
    "2021 is the first year of the corpus: nothing to compare with" $P --new
check "--new: nothing from 2021" sh -c '! tail -n +2 "$1" | cut -f3 | grep -q ^2021' sh "$TMP/out"
check "--new: green shipping is new in 2022" grep -q "^Green Shipping	en	2022-09-01" "$TMP/out"
check "--new: 绿色航运 is new in 2023" grep -q "^绿色航运	zh	2023-05-02" "$TMP/out"
check "--new: ports (2021) is never new" sh -c '! cut -f1 "$1" | grep -qx ports' sh "$TMP/out"
$P --new > "$TMP/new2" 2>/dev/null
check "same input, same bytes" cmp -s "$TMP/out" "$TMP/new2"

expect "--new --year 2023 --top 1" 0 "" $P --new --year 2023 --top 1
check "--top 1 gives one row after the header" sh -c '[ "$(wc -l < "$1")" -eq 2 ]' sh "$TMP/out"
check "--year 2023: only 2023" sh -c '[ "$(tail -n +2 "$1" | cut -f3 | cut -c1-4)" = 2023 ]' sh "$TMP/out"

expect "--suggest" 0 "" $P --new --suggest
check "--suggest prints lexicon lines to fill in" grep -qxF "$(printf 'green-shipping\tnone\t??\tGreen Shipping')" "$TMP/out"
check "--suggest marks the missing key and translation" grep -qxF "$(printf '??\tnone\t绿色航运\t??')" "$TMP/out"

# With the lexicon pairing the two, the Chinese form is not new in 2023.
printf 'green-shipping\teconomy\t绿色航运\tgreen shipping\n' > "$TMP/lex.tsv"
expect "--lexicon" 0 "" $PT phrases --corpus "$TMP/c.jsonl" --min-count 2 --lexicon "$TMP/lex.tsv" --new
check "a phrase and its translation count as one" sh -c '! grep -q "^绿色航运" "$1"' sh "$TMP/out"

# A stop-phrase rule removes a phrase.
printf 'en\tcontains\tshipping\n' > "$TMP/stop.tsv"
expect "--stop" 0 "" $P --stop "$TMP/stop.tsv"
check "the stop rule removes green shipping" sh -c '! grep -qi "^green shipping" "$1"' sh "$TMP/out"

# Errors.
printf '{"id":"u1","lang":"en","text":"No date here."}\n' > "$TMP/undated.jsonl"
expect "undated readout: 65 naming file, line and id" 65 "undated.jsonl:1: u1: the readout has no date" \
    $PT phrases --corpus "$TMP/undated.jsonl"
printf 'xx\texact\tword\n' > "$TMP/badstop.tsv"
expect "bad stop-phrase file: 65 naming file and line" 65 "badstop.tsv:1: lang must be zh, en or *" \
    $P --stop "$TMP/badstop.tsv"
expect "missing corpus: 66" 66 "" $PT phrases --corpus "$TMP/none.jsonl"
expect "year without readouts: 65" 65 "no readouts in 1999 (the corpus has 2021 to 2023)" $P --year 1999
expect "unknown option: 64" 64 "Try 'politrend phrases --help'" $PT phrases --bogus
expect "--top 0: 64" 64 "--top expects a whole number" $PT phrases --top 0
expect "--help" 0 "" $PT phrases --help
check "--help names the columns" grep -q "phrase  lang  first_seen  session  count  readouts  context" "$TMP/out"

finish
