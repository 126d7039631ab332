# hostile_input.sh — damaged model bundles and inputs past the limits, each
# refused with its exact exit code and message: never a crash or a hang.
# The static broken readouts live in tests/bad/ (bad_input.sh); the inputs
# here are made on the fly: a bundle damaged after training (its checksum
# in manifest.json altered to match, so only the model validator,
# models/svmcheck.c, stands between the file and libsvm), and 8 MiB files.
. tests/lib.sh

CORPUS="$TMP/corpus.jsonl"
cat corpus/readouts/cc16.jsonl corpus/readouts/cc17.jsonl corpus/readouts/cc20.jsonl > "$CORPUS"
"$PT" train -q --corpus "$CORPUS" --model "$TMP/good" || not_ok "train the bundle to damage"
printf '{"id":"probe","text":"Party building, the economy and national defense."}\n' > "$TMP/probe.jsonl"
expect "the undamaged bundle classifies" 0 "" "$PT" classify --model "$TMP/good" "$TMP/probe.jsonl"

M=theme-economy.model
V=$(sed -n 's/.*"vocabulary_size": *\([0-9]*\).*/\1/p' "$TMP/good/manifest.json")
N=$(sed -n 's/^total_sv //p' "$TMP/good/$M")
SV1=$(grep -n '^SV$' "$TMP/good/$M" | cut -d: -f1)
SV1=$((SV1 + 1)) # the line of the first support vector
FIRST=$(sed -n "${SV1}p" "$TMP/good/$M" | sed 's/^[^ ]* \([0-9]*\):.*/\1/') # its first feature

# damaged NAME: a fresh copy of the good bundle in $TMP/NAME.
damaged() {
    rm -rf "$TMP/$1"
    cp -r "$TMP/good" "$TMP/$1"
}
# fix_checksum DIR FILE: records FILE's real SHA-256 in DIR/manifest.json.
fix_checksum() {
    old=$(sha256sum "$TMP/good/$2" | cut -d' ' -f1)
    new=$(sha256sum "$1/$2" | cut -d' ' -f1)
    sed -i "s/$old/$new/" "$1/manifest.json"
}
# refused NAME EXIT MESSAGE: classify with bundle $TMP/NAME fails just so.
refused() {
    expect "$1" "$2" "$3" "$PT" classify --model "$TMP/$1" "$TMP/probe.jsonl"
    check "$1: message is exactly the documented one" test "$(head -1 "$TMP/err")" = "$3"
}

damaged truncated-after-header
head -n $((SV1 - 1)) "$TMP/good/$M" > "$TMP/truncated-after-header/$M"
fix_checksum "$TMP/truncated-after-header" $M
refused truncated-after-header 65 "politrend: $TMP/truncated-after-header/$M:$SV1: the file ends after 0 of the $N support vectors given by total_sv: it is truncated"

damaged truncated-mid-line
head -c 3000 "$TMP/good/$M" > "$TMP/truncated-mid-line/$M"
fix_checksum "$TMP/truncated-mid-line" $M
L=$(($(head -c 3000 "$TMP/good/$M" | wc -l) + 1))
refused truncated-mid-line 65 "politrend: $TMP/truncated-mid-line/$M:$L: the line does not end with a newline: the file is truncated"

damaged empty-model
: > "$TMP/empty-model/$M"
fix_checksum "$TMP/empty-model" $M
refused empty-model 65 "politrend: $TMP/empty-model/$M:1: the file ends before the 'svm_type' line: it is truncated"

damaged index-out-of-range
sed -i "${SV1}s/ $FIRST:/ $((V + 1)):/" "$TMP/index-out-of-range/$M"
fix_checksum "$TMP/index-out-of-range" $M
refused index-out-of-range 65 "politrend: $TMP/index-out-of-range/$M:$SV1: support vector 1: feature index '$((V + 1))' is not a whole number from 1 to $V"

damaged nan-value
sed -i "${SV1}s/ $FIRST:[^ ]*/ $FIRST:nan/" "$TMP/nan-value/$M"
fix_checksum "$TMP/nan-value" $M
refused nan-value 65 "politrend: $TMP/nan-value/$M:$SV1: support vector 1: the value 'nan' of feature $FIRST is not a number from -1e12 to 1e12"

damaged huge-total-sv
sed -i 's/^total_sv .*/total_sv 2147483647/' "$TMP/huge-total-sv/$M"
fix_checksum "$TMP/huge-total-sv" $M
refused huge-total-sv 65 "politrend: $TMP/huge-total-sv/$M:4: total_sv must be a whole number from 0 to 16777216"

damaged counts-not-summing
sed -i 's/^nr_sv .*/nr_sv 1 1/' "$TMP/counts-not-summing/$M"
fix_checksum "$TMP/counts-not-summing" $M
refused counts-not-summing 65 "politrend: $TMP/counts-not-summing/$M:9: nr_sv 1 + 1 does not add up to total_sv $N"

damaged extra-line
echo "1 1:0.5" >> "$TMP/extra-line/$M"
fix_checksum "$TMP/extra-line" $M
refused extra-line 65 "politrend: $TMP/extra-line/$M:$((SV1 + N)): a line after the $N support vectors given by total_sv"

damaged checksum-not-fixed
sed -i 's/^rho .*/rho 1000/' "$TMP/checksum-not-fixed/$M"
refused checksum-not-fixed 65 "politrend: $TMP/checksum-not-fixed/$M: checksum mismatch: the bundle is damaged or was altered"

damaged vocab-truncated
head -n 10 "$TMP/good/vocab.tsv" > "$TMP/vocab-truncated/vocab.tsv"
fix_checksum "$TMP/vocab-truncated" vocab.tsv
refused vocab-truncated 65 "politrend: $TMP/vocab-truncated/vocab.tsv: 10 lines, but the manifest says $V terms"

# A count in the manifest must not size an allocation beyond what the files hold.
damaged huge-vocabulary
sed -i 's/"vocabulary_size": *[0-9]*/"vocabulary_size": 1000000000000/' "$TMP/huge-vocabulary/manifest.json"
refused huge-vocabulary 65 "politrend: $TMP/huge-vocabulary/vocab.tsv: $(wc -l < "$TMP/good/vocab.tsv") lines, but the manifest says 1000000000000 terms"

damaged model-missing
rm "$TMP/model-missing/$M"
expect "model-missing" 66 "politrend: $TMP/model-missing/$M: cannot open" "$PT" classify --model "$TMP/model-missing" "$TMP/probe.jsonl"

damaged manifest-truncated
head -c 200 "$TMP/good/manifest.json" > "$TMP/manifest-truncated/manifest.json"
expect "manifest-truncated" 65 "politrend: $TMP/manifest-truncated/manifest.json:" "$PT" classify --model "$TMP/manifest-truncated" "$TMP/probe.jsonl"
check "manifest-truncated: says malformed JSON" grep -qF "malformed JSON" "$TMP/err"

# manifest.json names files only: not "", ".." or a path, and each must be a
# regular file (a FIFO would block the reader forever).
damaged empty-file-name
/usr/bin/python3 - "$TMP/empty-file-name/manifest.json" << 'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["files"][""] = "0" * 64
json.dump(m, open(sys.argv[1], "w"), indent=2, sort_keys=True)
PY
refused empty-file-name 65 "politrend: $TMP/empty-file-name/manifest.json: bad entry '' in files"

damaged fifo-in-bundle
rm "$TMP/fifo-in-bundle/vocab.tsv"
mkfifo "$TMP/fifo-in-bundle/vocab.tsv"
expect "fifo-in-bundle: refused, not waited on" 65 "politrend: $TMP/fifo-in-bundle/vocab.tsv: not a regular file" \
    timeout 120 "$PT" classify --model "$TMP/fifo-in-bundle" "$TMP/probe.jsonl"

# Limits (corpus.h): a JSON line and a .txt file of more than 8 MiB.
/usr/bin/python3 -c 'import json; print(json.dumps({"id": "big", "title": "t" * 9000000, "text": "x"}))' > "$TMP/long-line.jsonl"
expect "a line over the limit" 65 "politrend: $TMP/long-line.jsonl:1: line longer than the limit of 8388608 bytes" \
    "$PT" classify --model "$TMP/good" "$TMP/long-line.jsonl"
/usr/bin/python3 -c 'print("Title: big\n\n" + "word " * 1700000)' > "$TMP/big.txt"
expect "a .txt file over the limit" 65 "politrend: $TMP/big.txt: file larger than the limit of 8388608 bytes" \
    "$PT" classify --model "$TMP/good" "$TMP/big.txt"
finish
