# report.sh — `politrend report` end to end on the embedded corpus: train
# into a temporary bundle, write the reports into temporary directories,
# check the facts of 2024 known from the corpus, validate every JSON file
# against reports/schema/, check that two runs give the same bytes, and
# render index.html in headless Chromium when it is installed.
. tests/lib.sh
SCHEMAS=$(pwd)/reports/schema

# ---- usage -----------------------------------------------------------------------
expect "report --help" 0 "" "$PT" report --help
check "report --help shows usage" grep -q '^Usage: politrend report' "$TMP/out"
expect "report --from after --to" 64 "politrend: report: --from 2025 is after --to 2024" \
    "$PT" report --from 2025 --to 2024
expect "report --from not a year" 64 "--from expects a whole number" "$PT" report --from abc
expect "report with a missing model" 66 "politrend: " "$PT" report --model "$TMP/no-such-model" --out "$TMP/x"

# ---- train, report ---------------------------------------------------------------
expect "train for the reports" 0 "" "$PT" train -q --model "$TMP/model"
expect "report on the embedded corpus" 0 "" "$PT" report -q --model "$TMP/model" --out "$TMP/r1"
for f in 2024.json 2002.json trends.json index.html; do
    check "report wrote $f" test -s "$TMP/r1/$f"
done
check "no temporary file left behind" sh -c "! ls '$TMP'/r1/*.tmp-* 2>/dev/null"
n_years=$(ls "$TMP/r1" | grep -c '^[0-9][0-9][0-9][0-9]\.json$')

# ---- the facts of 2024 -------------------------------------------------------------
if command -v python3 >/dev/null 2>&1; then
    facts() {  # facts NAME PYTHON-EXPRESSION (y is 2024.json; must be true)
        if python3 - "$TMP/r1/2024.json" "$2" <<'PY'
import json, sys
y = json.load(open(sys.argv[1]))
sessions = y["sessions"]["list"]
prim = {}
for s in sessions:
    prim[s["primary"]] = prim.get(s["primary"], 0) + 1
def before(session, month_day):
    return any(a["session"] == session and a["event"]["kind"] == "fixed" and a["event"]["date"].endswith(month_day)
               for a in y["anniversaries"])
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
        then ok "$1"; else not_ok "$1"; fi
    }
    facts "2024 has seven sessions" 'y["sessions"]["count"] == 7 and len(sessions) == 7'
    facts "2024 lacks 20th CC session 13 only" \
        '[(m["cc"], m["session"]) for m in y["missing_sessions"]] == [(20, 13)]'
    facts "20-13 is marked held but unpublished (corpus/unpublished.tsv)" \
        'y["missing_sessions"][0]["unpublished"] is True and y["missing_sessions"][0]["note"]'
    facts "2024: 3 economy and 1 each of the others" \
        'prim == {"economy": 3, "party-building": 1, "defense": 1, "culture": 1, "frontier": 1}'
    facts "2024 themes block agrees" \
        'y["themes"]["economy"]["count"] == 3 and abs(y["themes"]["economy"]["share"] - 3/7) < 1e-6 and y["unassigned"]["count"] == 0'
    facts "session 15 is flagged before July 1" 'before("20-15", "-07-01")'
    facts "session 16 is flagged before August 1" 'before("20-16", "-08-01")'
    facts "2024 sessions are bilingual and manual" \
        'all(s["languages"] == ["en", "zh"] and s["label_source"] == "manual" for s in sessions)'
    facts "2024 keyness compares with 2002-2023" \
        'y["terms"]["reference_years"][0] == 2002 and y["terms"]["reference_years"][-1] == 2023 and len(y["terms"]["rising"]) == 15'
else
    skip "2024 facts" "python3 not installed"
fi

# ---- schemas ---------------------------------------------------------------------------
if /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
    if /usr/bin/python3 - "$SCHEMAS" "$TMP/r1" > "$TMP/schema.out" 2>&1 <<'PY'
import glob, json, os, sys
import jsonschema
schemas, out = sys.argv[1], sys.argv[2]
def validator(name):
    s = json.load(open(os.path.join(schemas, name)))
    cls = jsonschema.validators.validator_for(s)
    cls.check_schema(s)
    return cls(s)
year, trends = validator("year.schema.json"), validator("trends.schema.json")
bad = 0
files = sorted(glob.glob(os.path.join(out, "[0-9][0-9][0-9][0-9].json")))
for f in files:
    for e in year.iter_errors(json.load(open(f))):
        print(f, "/".join(map(str, e.path)), e.message[:200]); bad += 1
for e in trends.iter_errors(json.load(open(os.path.join(out, "trends.json")))):
    print("trends.json", "/".join(map(str, e.path)), e.message[:200]); bad += 1
# The schemas must reject what is wrong, too.
y = json.load(open(files[-1]))
del y["sessions"]["list"][0]["label_source"]
if year.is_valid(y):
    print("year schema accepts a session without label_source"); bad += 1
sys.exit(1 if bad or not files else 0)
PY
    then ok "schema validation ($n_years year files and trends.json)"
    else not_ok "schema validation: $(head -c 600 "$TMP/schema.out")"
    fi
else
    skip "schema validation" "jsonschema not installed"
fi

# ---- reproducibility and range --------------------------------------------------------
"$PT" report -q --model "$TMP/model" --out "$TMP/r2"
check "two report runs give byte-identical files" diff -r "$TMP/r1" "$TMP/r2"
expect "report --from 2023 --to 2024" 0 "" "$PT" report -q --model "$TMP/model" --out "$TMP/r3" --from 2023 --to 2024
check "--from/--to writes only those years and their reviews (no partial page or trends)" test "$(ls "$TMP/r3" | tr '\n' ' ')" = "2023.json 2024.json review-2023.html review-2023.md review-2024.html review-2024.md "
check "a year in a range is the same report" cmp "$TMP/r1/2024.json" "$TMP/r3/2024.json"
expect "report on years without sessions" 65 "no study sessions from 2030" \
    "$PT" report -q --model "$TMP/model" --out "$TMP/r4" --from 2030

# ---- calendar ---------------------------------------------------------------------------
printf '2024-07-15\tplenum\tThird Plenum\n2024-13-01\tplenum\tBad\n' > "$TMP/cal.tsv"
expect "a bad calendar line is named" 65 "cal.tsv:2: '2024-13-01' is not a date" \
    "$PT" report -q --model "$TMP/model" --out "$TMP/r5" --calendar "$TMP/cal.tsv"
expect "report --no-calendar" 0 "" "$PT" report -q --model "$TMP/model" --out "$TMP/r6" --no-calendar
check "without the calendar, no plenum is flagged" sh -c "! grep -q '\"kind\": \"plenum\"' '$TMP/r6/2019.json'"
check "with the shipped calendar, 19-18 is flagged before the 4th Plenum" \
    grep -q '"name": "4th Plenum of the 19th Central Committee"' "$TMP/r1/2019.json"

# ---- the page ------------------------------------------------------------------------------
check "the page has one bar group per year" \
    test "$(grep -o '<g class="year"' "$TMP/r1/index.html" | wc -l)" -eq "$n_years"
check "the page loads nothing from the network" sh -c "! grep -Eq '(src|href)=\"(https?:)?//' '$TMP/r1/index.html'"
check "the page has no script" sh -c "! grep -qi '<script' '$TMP/r1/index.html'"
if [ -x /usr/bin/chromium ]; then
    chrome() {
        timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d -p "$TMP")" "$@"
    }
    chrome --screenshot="$TMP/page.png" --window-size=1400,2000 "file://$TMP/r1/index.html" > "$TMP/chrome.log" 2>&1
    check "chromium renders index.html to a PNG" \
        sh -c "test -s '$TMP/page.png' && head -c 8 '$TMP/page.png' | od -An -c | grep -q 'P   N   G'"
    chrome --dump-dom "file://$TMP/r1/index.html" > "$TMP/dom.html" 2> "$TMP/chrome.log"
    check "chromium loaded the page (DOM has the title and the charts)" \
        sh -c "grep -q 'Politburo collective study sessions' '$TMP/dom.html' && grep -q 'id=\"share-chart\"' '$TMP/dom.html' && grep -q 'id=\"timeline\"' '$TMP/dom.html' && grep -q 'id=\"session-table\"' '$TMP/dom.html'"
    check "chromium: one bar group per year ($n_years)" \
        test "$(grep -o '<g class="year"' "$TMP/dom.html" | wc -l)" -eq "$n_years"
    check "chromium: one table row per session (107)" \
        test "$(grep -o '<tr class="session"' "$TMP/dom.html" | wc -l)" -eq 107
else
    skip "chromium render" "chromium not installed"
fi

finish
