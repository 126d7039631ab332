# bad_input.sh — the table-driven bad-input suite: every file in tests/bad/
# listed in tests/bad/cases.tsv must be refused with its exact exit code and
# message, and must leave no output behind.
. tests/lib.sh

"$PT" train -q --model "$TMP/model" || not_ok "train the reference model"

tab=$(printf '\t')
while IFS="$tab" read -r file command want_rc message; do
    case "$file" in ''|'#'*) continue ;; esac
    path="tests/bad/$file"
    want=$(printf '%s' "$message" | sed "s|FILE|$path|g")
    case "$command" in
        train)    expect "$file: $command" "$want_rc" "$want" "$PT" train -q --corpus "$path" --model "$TMP/out-model" ;;
        classify) expect "$file: $command" "$want_rc" "$want" "$PT" classify --model "$TMP/model" "$path" ;;
        ingest)   expect "$file: $command" "$want_rc" "$want" "$PT" ingest -q --corpus "$TMP/store.jsonl" "$path"
                  check "$file: nothing stored" test ! -s "$TMP/store.jsonl" ;;
        lexicon)  expect "$file: $command" "$want_rc" "$want" "$PT" tokens --lexicon "$path" corpus/readouts/cc20.jsonl ;;
    esac
    # The whole message, not only a part: the first stderr line must be it.
    check "$file: message is exactly the documented one" test "$(head -1 "$TMP/err")" = "$want"
done < tests/bad/cases.tsv

check "a refused training wrote no bundle" test ! -e "$TMP/out-model"

# Limits: a text over 4 MiB is refused, naming the limit.
/usr/bin/python3 -c 'import json; print(json.dumps({"id": "big", "text": "x " * 2700000, "themes": []}))' > "$TMP/huge.jsonl"
expect "huge text field" 65 "politrend: $TMP/huge.jsonl:1: text is 5400000 bytes, more than the limit of 4194304" \
    "$PT" classify --model "$TMP/model" "$TMP/huge.jsonl"
printf '{"id":"a","text":"0123456789ABCDEF"}\n' > "$TMP/sixteen.jsonl"
expect "a configured text limit" 65 "politrend: $TMP/sixteen.jsonl:1: text is 16 bytes, more than the limit of 10" \
    env POLITREND_MAX_TEXT_BYTES=10 "$PT" classify --model "$TMP/model" "$TMP/sixteen.jsonl"
expect "a configured line limit" 65 "politrend: $TMP/sixteen.jsonl:1: line longer than the limit of 20 bytes" \
    env POLITREND_MAX_LINE_BYTES=20 "$PT" classify --model "$TMP/model" "$TMP/sixteen.jsonl"
expect "a bad limit is a usage error" 64 \
    "politrend: POLITREND_MAX_LINE_BYTES must be a number of bytes from 1 to 1073741824, not '2G'" \
    env POLITREND_MAX_LINE_BYTES=2G "$PT" classify --model "$TMP/model" "$TMP/sixteen.jsonl"
expect "missing input file" 66 "politrend: $TMP/nope.jsonl: No such file or directory" \
    "$PT" classify --model "$TMP/model" "$TMP/nope.jsonl"
mkdir "$TMP/emptydir"
expect "directory without readouts" 66 "politrend: $TMP/emptydir: directory holds no *.jsonl, *.txt or *.html files" \
    "$PT" train --corpus "$TMP/emptydir"
printf 'Title: x\n\nbody\n' > "$TMP/ok.txt"
chmod 000 "$TMP/ok.txt"
if [ "$(id -u)" -ne 0 ]; then
    expect "unreadable file" 66 "cannot open" "$PT" classify --model "$TMP/model" "$TMP/ok.txt"
fi
mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
    expect "unwritable model directory" 73 "cannot create" "$PT" train -q --model "$TMP/ro/model"
fi
finish
