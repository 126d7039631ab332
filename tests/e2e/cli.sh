# cli.sh — the politrend command as a user meets it: help, version, usage
# errors, training on the embedded corpus, classifying, reproducibility.
. tests/lib.sh

expect "--version prints the version" 0 "" "$PT" --version
check "--version output" grep -q '^politrend [0-9]' "$TMP/out"
expect "no command is a usage error" 64 "Usage: politrend <command>" "$PT"
expect "unknown command" 64 "politrend: unknown command 'frobnicate'" "$PT" frobnicate
for cmd in train classify tokens evaluate explain; do
    expect "$cmd --help" 0 "" "$PT" $cmd --help
    check "$cmd --help shows usage" grep -q "^Usage: politrend $cmd" "$TMP/out"
done
expect "unknown option" 64 "Try 'politrend train --help'" "$PT" train --frobnicate
expect "bad number" 64 "politrend: train: --seed expects a whole number from 0 to 4294967295, not 'abc'" \
    "$PT" train --seed abc
expect "bad -C" 64 "politrend: train: -C expects a number from 1e-06 to 1e+06, not '-1'" "$PT" train -C -1
expect "bad segmenter" 64 "--segmenter must be 'bigram' or 'icu', not 'jieba'" "$PT" train --segmenter jieba
expect "bad solver" 64 "--solver must be 'auto', 'libsvm' or 'liblinear', not 'sgd'" "$PT" train --solver sgd
expect "liblinear with the RBF kernel" 64 \
    "the liblinear solver trains the linear kernel only; use --solver libsvm (or auto) with --kernel rbf" \
    "$PT" train --solver liblinear --kernel rbf --threshold 0.5 --model "$TMP/never"

# Train on the embedded corpus.
expect "train on the embedded corpus" 0 "trained 5 themes on 214 readouts" "$PT" train --model "$TMP/m1"
for f in manifest.json vocab.tsv themes.tsv lexicon.tsv theme-economy.model theme-party-building.model \
         theme-defense.model theme-culture.model theme-frontier.model; do
    check "bundle has $f" test -s "$TMP/m1/$f"
done
check "manifest names its format" grep -q '"format": "politrend-model"' "$TMP/m1/manifest.json"
check "libsvm model header" grep -q '^svm_type c_svc' "$TMP/m1/theme-economy.model"
check "no temporary directory left behind" sh -c "! ls -d '$TMP'/m1.tmp-* 2>/dev/null"

# Same corpus, same seed: byte-identical bundle.
"$PT" train -q --model "$TMP/m2"
check "training is reproducible (byte-identical bundles)" diff -r "$TMP/m1" "$TMP/m2"

# Classify a JSON Lines file and a text file.
cat > "$TMP/new.txt" <<'TXT'
Title: Strengthening the military's combat readiness
Date: 2025-07-30
Lang: en

The Political Bureau studied how to build a strong army: training troops for real combat, joint operations
of the army, navy and air force, military reform, weapons and equipment, border and coastal defense, and
the Party's absolute leadership over the people's army.
TXT
expect "classify a .txt and a .jsonl" 0 "" "$PT" classify --model "$TMP/m1" "$TMP/new.txt" corpus/readouts/cc20.jsonl
check "one JSON line per readout" test "$(wc -l < "$TMP/out")" -eq 49
check "military readout is defense" sh -c "head -1 '$TMP/out' | grep -q '\"theme\":\"defense\"'"
if command -v /usr/bin/python3 >/dev/null; then
    check "every line has the documented fields" /usr/bin/python3 -c '
import json, sys
themes = ["economy", "party-building", "defense", "culture", "frontier"]
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert list(o) == ["id", "date", "lang", "theme", "themes", "scores"], list(o)
    assert sorted(o["scores"]) == sorted(themes)
    assert all(0 <= p <= 1 for p in o["scores"].values())
    # themes: those scoring >= 0.5, highest first (scores print rounded, so equal
    # printed scores may come in either order)
    assert set(o["themes"]) == {t for t in themes if o["scores"][t] >= 0.5}, o
    assert all(o["scores"][a] >= o["scores"][b] for a, b in zip(o["themes"], o["themes"][1:])), o
    assert o["theme"] is None or o["theme"] == o["themes"][0]
' "$TMP/out"
fi
"$PT" classify --model "$TMP/m1" < corpus/readouts/cc20.jsonl > "$TMP/stdin.out"
check "classify reads stdin" test "$(wc -l < "$TMP/stdin.out")" -eq 48
"$PT" classify --model "$TMP/m1" corpus/readouts/cc20.jsonl > "$TMP/again.out"
check "classify is deterministic" cmp -s "$TMP/stdin.out" "$TMP/again.out"

# A batch larger than one classification block (4,096 readouts): every readout gets the
# scores it gets alone, and a terminal sees a progress line that -q silences.
cat corpus/readouts/*.jsonl > "$TMP/all.jsonl"
i=0
while [ $i -lt 25 ]; do sed "s/\"id\":\"/\"id\":\"r$i-/" "$TMP/all.jsonl"; i=$((i + 1)); done > "$TMP/big.jsonl"
"$PT" classify --model "$TMP/m1" "$TMP/all.jsonl" > "$TMP/all.out"
"$PT" classify -q --model "$TMP/m1" "$TMP/big.jsonl" > "$TMP/big.out"
check "classify in blocks: 5,000 readouts score as each alone" /usr/bin/python3 -c '
import json, sys
alone = [json.loads(l)["scores"] for l in open(sys.argv[1])]
big = [json.loads(l)["scores"] for l in open(sys.argv[2])]
assert len(big) == 25 * len(alone) and len(big) > 4096
assert all(big[k] == alone[k % len(alone)] for k in range(len(big)))
' "$TMP/all.out" "$TMP/big.out"
if command -v script > /dev/null; then
    script -qec "$PT classify --model $TMP/m1 $TMP/big.jsonl > /dev/null" "$TMP/tty.log" > /dev/null 2>&1
    check "classify shows progress on a terminal" grep -q "classify: 5350/5350 (100%)" "$TMP/tty.log"
    script -qec "$PT classify -q --model $TMP/m1 $TMP/big.jsonl > /dev/null" "$TMP/tty-q.log" > /dev/null 2>&1
    check "classify -q shows none" sh -c "! grep -q 'classify:' '$TMP/tty-q.log'"
else
    skip "progress line on a terminal" "no script(1)"
fi

# The 2024 sessions of the embedded corpus are classified as labelled.
grep '"date":"2024' "$TMP/again.out" | sed 's/.*"theme":"\([a-z-]*\)".*/\1/' | sort | uniq -c \
    | awk '{print $2"="$1}' | tr '\n' ' ' > "$TMP/2024"
check "2024 readouts: 6 economy, 2 party-building" \
    sh -c "grep -q 'economy=6 ' '$TMP/2024' && grep -q 'party-building=2 ' '$TMP/2024'"
# Every 2024 readout carries its labelled primary theme among the themes it is given (on
# sessions labelled with two themes, such as 20-16 defense+frontier and 20-18 frontier+culture,
# both score near 1 on the training data and either may come first).
check "2024 readouts: the labelled primary theme is among those given" /usr/bin/python3 -c '
import json, sys
want = {}
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["date"].startswith("2024"):
        want[r["id"]] = r["themes"][0]
got = {o["id"]: o["themes"] for o in map(json.loads, open(sys.argv[2])) if o["id"] in want}
assert len(got) == 14 and all(want[i] in got[i] for i in want), got
' corpus/readouts/cc20.jsonl "$TMP/again.out"

# tokens shows what the model sees.
printf '{"id":"t1","text":"新质生产力"}\n' | "$PT" tokens --model "$TMP/m1" > "$TMP/tok"
check "tokens prints id and lexicon phrase" grep -q "^t1	.*tifa:new-quality-productive-forces" "$TMP/tok"

# evaluate prints the documented figures; explain the strongest terms.
"$PT" evaluate --folds 3 > "$TMP/eval.json"
check "evaluate prints accuracy, per-theme figures, confusion and multi-label figures" /usr/bin/python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
o = e["overall"]
assert e["method"] == "k-fold" and e["folds"] == 3 and o["documents"] == 214
for k in ("accuracy", "hamming_loss", "subset_accuracy", "unassigned_share"):
    assert 0 <= o[k] <= 1, k
assert set(o["themes"]) == {"economy", "party-building", "defense", "culture", "frontier"}
assert sum(t["support"] for t in o["themes"].values()) + sum(o["confusion"]["matrix"][-1]) == 214
assert o["accuracy"] > 0.7, o["accuracy"]
' "$TMP/eval.json"
"$PT" evaluate --by-year > "$TMP/byyear.json"
check "evaluate --by-year reports every year" /usr/bin/python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
assert e["method"] == "by-year" and "2024" in e["years"] and e["years"]["2024"]["documents"] == 14
' "$TMP/byyear.json"
expect "explain lists terms per theme" 0 "" "$PT" explain --model "$TMP/m1" --top 5
check "explain: defense terms include military, as written (not the stem militari)" sh -c 'grep -q '\''"military"'\'' "$1" && ! grep -q militari "$1"' sh "$TMP/out"
check "explain: no internal token (tifa:...) is shown; a theme token reads as words" sh -c '! grep -q "tifa:" "$1" && grep -q "any tifa phrase of defense" "$1"' sh "$TMP/out"
head -1 corpus/readouts/cc20.jsonl | "$PT" classify --model "$TMP/m1" --explain --top 3 > "$TMP/why"
check "classify --explain adds three terms" /usr/bin/python3 -c '
import json, sys
o = json.loads(open(sys.argv[1]).readline())
assert len(o["explain"]) == 3 and all(t["contribution"] > 0 for t in o["explain"])
assert not any(t["term"].startswith("tifa:") for t in o["explain"]), o["explain"]
' "$TMP/why"

# --lenient: invalid UTF-8 becomes U+FFFD, counted, instead of an error.
printf 'Title: x\n\ncaf\351 cr\303\250me \377 growth\n' > "$TMP/latin1.txt"
expect "strict reading names the byte" 65 "latin1.txt:3: invalid UTF-8 at byte 14 of the file: truncated sequence" \
    "$PT" classify --model "$TMP/m1" "$TMP/latin1.txt"
expect "--lenient replaces and counts" 0 "politrend: --lenient: replaced 2 invalid UTF-8 sequences with U+FFFD" \
    "$PT" classify --lenient --model "$TMP/m1" "$TMP/latin1.txt"
check "--lenient still classifies the readout" test "$(wc -l < "$TMP/out")" -eq 1

# A damaged bundle is refused.
cp -r "$TMP/m1" "$TMP/bad"
printf 'x' >> "$TMP/bad/theme-economy.model"
expect "damaged bundle refused" 65 "theme-economy.model: checksum mismatch: the bundle is damaged or was altered" \
    "$PT" classify --model "$TMP/bad" corpus/readouts/cc20.jsonl
expect "missing bundle" 66 "no model bundle here (run 'politrend train' first)" \
    "$PT" classify --model "$TMP/none" corpus/readouts/cc20.jsonl
finish
