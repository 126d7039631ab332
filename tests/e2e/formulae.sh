# formulae.sh — readout formulae, spelling and the wrapping proxy, end to end: evaluate
# --folds sessions and --wrap on a small part of the embedded corpus (the 16th and 17th CC:
# 11 sessions, 22 readouts), the formulae file and tifa weight in the bundle, and what a user
# is told about a bad formulae file.
. tests/lib.sh

small="--corpus $REPO/corpus/readouts/cc16.jsonl --corpus $REPO/corpus/readouts/cc17.jsonl"

# shellcheck disable=SC2086
expect "evaluate --folds sessions --wrap" 0 "" "$PT" evaluate $small --folds sessions --wrap --per-readout
cp "$TMP/out" "$TMP/loso.json"
check "leave-session-out: one fold per session, plain and wrapped figures by language" /usr/bin/python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
assert e["method"] == "leave-session-out" and e["folds"] == 11 and e["documents"] == 22, (e["method"], e["folds"])
for block in (e, e["wrapped"]):
    assert block["overall"]["documents"] == 22
    assert block["by_language"]["en"]["documents"] == 11 and block["by_language"]["zh"]["documents"] == 11
    a = block["abstention"]
    assert a["themed"] == 22 and a["none"] == 0 and len(a["at_threshold"]) == 5 and len(a["by_threshold"]) == 20
    assert a["most_probable"]["right"] + a["most_probable"]["themed_wrong_theme"] == 22
w = e["wrapped"]
assert 0 <= w["changed"] <= 22 and abs(w["changed_share"] - w["changed"] / 22) < 1e-9
r = e["readouts"]
assert len(r) == 22 and {x["id"] for x in r} == {x["id"] for x in r} and all("wrapped" in x for x in r)
changed = sum(x["predicted"] != x["wrapped"] for x in r)
assert changed == w["changed"], (changed, w["changed"])
assert e["settings"]["formulae"] is True and e["settings"]["fold_spelling"] is True
' "$TMP/loso.json"
# shellcheck disable=SC2086
"$PT" evaluate $small --folds sessions --wrap --per-readout > "$TMP/loso2.json" 2>/dev/null
check "leave-session-out is deterministic" cmp -s "$TMP/loso.json" "$TMP/loso2.json"
expect "--by-year with --wrap is refused" 64 "politrend: evaluate: --by-year cannot be combined with --wrap" \
    "$PT" evaluate --by-year --wrap
expect "--folds takes a number or 'sessions'" 64 "--folds" "$PT" evaluate --folds some

# The bundle carries the formulae (checksummed), the spelling fold and the tifa weight.
# shellcheck disable=SC2086
expect "train on a small corpus" 0 "" "$PT" train -q $small --corpus "$REPO/corpus/readouts/cc20.jsonl" \
    --threshold 0.5 --tifa-weight 2 --model "$TMP/m"
check "bundle has formulae.tsv, the same as the shipped one" cmp -s "$TMP/m/formulae.tsv" "$REPO/features/formulae.tsv"
check "manifest records formulae, spelling fold and tifa weight" /usr/bin/python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
assert m["tokenizer"]["formulae"] == "formulae.tsv" and m["tokenizer"]["fold_spelling"] is True
assert m["tfidf"]["tifa_weight"] == 2 and "formulae.tsv" in m["files"]
' "$TMP/m/manifest.json"
printf '{"id":"f1","lang":"en","text":"Members of the Political Bureau listened attentively to the lecture and held discussions."}\n' \
    > "$TMP/formula.jsonl"
"$PT" tokens --model "$TMP/m" "$TMP/formula.jsonl" > "$TMP/tok"
check "tokens with the bundle: a formula sentence leaves no token" test "$(cat "$TMP/tok")" = "f1"
"$PT" tokens --no-formulae "$TMP/formula.jsonl" > "$TMP/tok2"
check "without the formulae the same sentence has tokens" grep -q "polit" "$TMP/tok2"
printf '{"id":"s1","lang":"en","text":"national defence mobilisation"}\n{"id":"s2","lang":"en","text":"national defense mobilization"}\n' \
    > "$TMP/spell.jsonl"
"$PT" tokens --model "$TMP/m" "$TMP/spell.jsonl" | cut -f2- > "$TMP/spell"
check "British and American spellings give the same tokens" test "$(sed -n 1p "$TMP/spell")" = "$(sed -n 2p "$TMP/spell")"
check "... and match the lexicon" grep -q "tifa:national-defense-mobilization" "$TMP/spell"
cp -r "$TMP/m" "$TMP/m-bad"
printf 'en\textra pattern\n' >> "$TMP/m-bad/formulae.tsv"
expect "an altered formulae.tsv in a bundle is refused" 65 "m-bad/formulae.tsv: checksum mismatch" \
    "$PT" classify --model "$TMP/m-bad" "$TMP/formula.jsonl"

# A bad formulae file is named with its line.
printf '# test\nen\tpresided over {who}\n' > "$TMP/bad.tsv"
expect "a bad formulae file is named with its line" 65 \
    "$TMP/bad.tsv:2: unknown slot at '{who}' (the slots are {num}, {month}, {name}, {gap})" \
    "$PT" train --threshold 0.5 --formulae "$TMP/bad.tsv" --model "$TMP/x"
expect "a missing formulae file" 66 "nope.tsv" "$PT" train --formulae "$TMP/nope.tsv" --model "$TMP/x"
finish
