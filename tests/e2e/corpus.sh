# corpus.sh — `politrend train` validates the shipped corpus, and refuses
# broken copies of it with the file, line and what is wrong.
. tests/lib.sh

expect "the shipped corpus trains" 0 "trained 5 themes on 214 readouts" \
    "$PT" train --threshold 0.5 --model "$TMP/m"

src="$REPO/corpus/readouts/cc20.jsonl"
# break_copy NAME SED-EXPRESSION: a copy of cc20.jsonl with line 3 altered.
break_copy() {
    sed "3$2" "$src" > "$TMP/$1.jsonl"
}
break_copy no-text 's/,"text":"[^"]*"}$/}/'
break_copy no-date 's/"date":"[^"]*",//'
break_copy unknown-theme 's/"themes":\[[^]]*\]/"themes":["economics"]/'
break_copy bad-date 's/"date":"2023-01-31"/"date":"2023-02-31"/'
break_copy duplicate-id 's/"id":"20-2-en"/"id":"20-1-en"/'
break_copy no-themes 's/"themes":\[[^]]*\],//'

f="$TMP/no-text.jsonl"
expect "missing text" 65 "politrend: $f:3: readout has no 'text' field" "$PT" train --corpus "$f" --model "$TMP/x"
f="$TMP/no-date.jsonl"
expect "missing field of a synopsis" 65 "politrend: $f:3: synopsis record has no 'date' field" \
    "$PT" train --corpus "$f" --model "$TMP/x"
f="$TMP/unknown-theme.jsonl"
expect "unknown theme" 65 "politrend: $f:3: unknown theme 'economics'" "$PT" train --corpus "$f" --model "$TMP/x"
f="$TMP/bad-date.jsonl"
expect "date that does not parse" 65 "politrend: $f:3: date '2023-02-31' is not a calendar date written YYYY-MM-DD" \
    "$PT" train --corpus "$f" --model "$TMP/x"
f="$TMP/duplicate-id.jsonl"
expect "duplicate id" 65 "politrend: $f:3: duplicate id '20-1-en' (first at $f:1)" \
    "$PT" train --corpus "$f" --model "$TMP/x"
f="$TMP/no-themes.jsonl"
expect "unlabelled record" 65 "politrend: $f:3: synopsis record has no 'themes' field" \
    "$PT" train --corpus "$f" --model "$TMP/x"
check "no bundle was written by a refused training" test ! -e "$TMP/x"

# The seed year as the corpus states it: seven 2024 sessions of the 20th CC.
check "2024: sessions 11 12 14 15 16 17 18 in English and Chinese, no 13" /usr/bin/python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
y = {(r["session"], r["lang"]): r for r in rows if r["date"].startswith("2024")}
assert sorted({s for s, _ in y}) == [11, 12, 14, 15, 16, 17, 18], sorted(y)
assert all((s, l) in y for s in (11, 12, 14, 15, 16, 17, 18) for l in ("en", "zh"))
want = {11: "economy", 12: "economy", 14: "economy", 15: "party-building", 16: "defense",
        17: "culture", 18: "frontier"}
assert all(y[(s, "en")]["themes"][0] == t and y[(s, "zh")]["themes"][0] == t for s, t in want.items())
dates = {11: "2024-01-31", 12: "2024-02-29", 14: "2024-05-27", 15: "2024-06-27", 16: "2024-07-30",
         17: "2024-10-28", 18: "2024-12-09"}
assert all(y[(s, "en")]["date"] == d for s, d in dates.items())
assert [l["role"] for l in y[(11, "en")]["lecturers"]] and all(l["role"] == "self-study" for l in y[(11, "en")]["lecturers"])
' "$REPO/corpus/readouts/cc20.jsonl"

# The corpus reaches today: sessions 19-25 of the 20th CC (2025-2026), as sessions.tsv lists them.
check "2025-2026: sessions 19-25 in English and Chinese with their dates and themes" /usr/bin/python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
y = {(r["session"], r["lang"]): r for r in rows if r["date"][:4] in ("2025", "2026")}
assert sorted(y) == sorted((s, l) for s in range(19, 26) for l in ("en", "zh")), sorted(y)
want = {19: ("2025-02-28", "defense"), 20: ("2025-04-25", "economy"), 21: ("2025-06-30", "party-building"),
        22: ("2025-09-29", "frontier"), 23: ("2025-11-28", "culture"), 24: ("2026-01-30", "economy"),
        25: ("2026-04-28", "defense")}
for s, (d, t) in want.items():
    for l in ("en", "zh"):
        r = y[(s, l)]
        assert r["date"] == d and r["themes"][0] == t and r["kind"] == "synopsis" and r["lecturers"], (s, l)
' "$REPO/corpus/readouts/cc20.jsonl"

# Every synopsis keeps the corpus rules: 120-250 English words, 200-450 Chinese characters,
# one label set per session in both languages.
check "synopsis lengths and one label set per session" /usr/bin/python3 -c '
import json, sys
by = {}
for f in sys.argv[1:]:
    for l in open(f):
        r = json.loads(l)
        n = len(r["text"].split()) if r["lang"] == "en" else len(r["text"])
        assert (120 <= n <= 250) if r["lang"] == "en" else (200 <= n <= 450), (r["id"], n)
        by.setdefault((r["cc"], r["session"]), {})[r["lang"]] = r["themes"]
assert len(by) == 107 and all(v["en"] == v["zh"] for v in by.values()), [k for k, v in by.items() if v.get("en") != v.get("zh")]
' "$REPO"/corpus/readouts/*.jsonl
finish
