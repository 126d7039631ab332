# workflow.sh — the batch workflow a user runs for months, end to end on small
# hand-made readouts: init, an inbox that moves on, label, retrain, ingest
# --replace of new labels, forget, a custom model run refuses to overwrite,
# report and run agreeing, --from/--to leaving the all-years page whole,
# stale year files, unpublished sessions, per-theme F1 on the page, and
# SIGKILL at random moments during label, forget and ingest.
. tests/lib.sh

cd "$TMP" || exit 1

# A small labelled corpus (hand-written phrases, one readout per session) so
# that each training takes a fraction of a second: 20th CC sessions 1-19,
# 13 left out (held, never published).
. "$REPO/tests/small_corpus.sh"
small_corpus base.jsonl 1 2 3 4 5 6 7 8 9 10 11 12 14 15 16 17 18 19

expect "init writes politrend.conf" 0 "wrote politrend.conf" \
    "$PT" init --corpus base.jsonl --store store.jsonl --model model --out reports --inbox inbox
check "politrend.conf names the corpora, store, model and output" sh -c \
    "grep -qx 'corpus = base.jsonl' politrend.conf && grep -qx 'store = store.jsonl' politrend.conf &&
     grep -qx 'model = model' politrend.conf && grep -qx 'out = reports' politrend.conf"
expect "init refuses to overwrite it" 73 "politrend.conf exists already" "$PT" init
mkdir badconf && cp politrend.conf badconf/ && echo 'modle = x' >> badconf/politrend.conf
expect "a wrong key in politrend.conf is an error naming the line and the key" 65 \
    "politrend.conf:$(wc -l < badconf/politrend.conf): unknown key 'modle'" sh -c "cd badconf && '$PT' report"

# --- the inbox moves on ---------------------------------------------------------
mkdir inbox
printf '{"id":"20-20-en","date":"2025-01-15","cc":20,"session":20,"lang":"en","text":"The Political Bureau studied growth, markets, finance and trade in a new year."}\n{"id":"20-20-zh","date":"2025-01-15","cc":20,"session":20,"lang":"zh","text":"政治局就经济增长、市场和金融进行集体学习。"}\n' > inbox/new20.jsonl
printf 'Date: 2025-03-10\nSession: 20-22\nLang: en\nThemes: culture\n\nThe Political Bureau studied heritage, museums, literature and the arts.\n' > inbox/new22.txt
printf 'Date: 2025-02-31\nSession: 20-99\n\nA readout with a date that does not exist.\n' > inbox/bad-date.txt
printf '{"id":"20-23-en","date":"2026-01-20","cc":20,"session":23,"lang":"en","themes":["defense"],"text":"The Political Bureau studied the army, troops and combat readiness."}\n{"id":"bad-theme","date":"2026-01-21","text":"x","themes":["econ"]}\n' > inbox/mixed.jsonl
awk 'BEGIN { printf "Date: 2025-04-01\n\n"; for (i = 0; i < 400; i++) print "A readout far too long for the limit set below." }' > inbox/huge.txt
expect "first run: exit 65 for the rejected records" 65 "3 inbox readouts were rejected" \
    env POLITREND_MAX_LINE_BYTES=4096 "$PT" run
cp "$TMP/err" run1.err
check "the inbox is emptied: no readout file left in it" sh -c "! ls inbox/*.jsonl inbox/*.txt 2>/dev/null | grep -q ."
check "ingested files moved to inbox/done" sh -c "test -f inbox/done/new20.jsonl && test -f inbox/done/new22.txt && test -f inbox/done/mixed.jsonl"
check "rejected ones are in the quarantine with a .why file" sh -c \
    "test -f inbox/quarantine/bad-date.txt && grep -q 'not a calendar date\|date' inbox/quarantine/bad-date.txt.why &&
     test -f inbox/quarantine/mixed.jsonl.line2.jsonl && grep -q \"unknown theme 'econ'\" inbox/quarantine/mixed.jsonl.line2.jsonl.why &&
     test -f inbox/quarantine/huge.txt && grep -q 'more than the limit\\|limit' inbox/quarantine/huge.txt.why"
check "the run says which sessions are new, their themes and where each label came from" sh -c \
    "grep -q '^  20-20 (2025-01-15; en, zh): .*(model)' run1.err && grep -q '^  20-22 (2025-03-10; en): culture (manual label)' run1.err"
check "the run says which numbers are now known to be missing" grep -q '^  20-21: not in the corpus' run1.err
expect "a second run exits 0: the inbox has moved on" 0 "nothing new" "$PT" run
check "the second run reuses the bundle" grep -q "model reused" "$TMP/err"
printf '{"id":"20-24-en","date":"2026-02-20","cc":20,"session":24,"lang":"en","text":"The Political Bureau studied growth and trade."}\n' > inbox/new24.jsonl
cp store.jsonl store.before24
expect "run --delete-ingested" 0 "1 new session" "$PT" run --delete-ingested
check "--delete-ingested removes the file instead of moving it to done/" sh -c "test ! -e inbox/new24.jsonl && test ! -e inbox/done/new24.jsonl"
check "its readout is in the store" grep -q '"id":"20-24-en"' store.jsonl
expect "forget it again" 0 "1 readout removed" "$PT" forget 20-24

# --- label, retrain ----------------------------------------------------------------
expect "label a session (every language at once)" 0 "2 readouts changed" "$PT" label 20-20 economy defense
check "both readouts of 20-20 carry the labels" test "$(grep -c '"session":20,.*"themes":\["economy","defense"\]' store.jsonl)" -eq 2
expect "label an unknown readout" 65 "no readout 'nope' in the store store.jsonl" "$PT" label nope economy
expect "label with an unknown theme" 65 "unknown theme 'econ'" "$PT" label 20-20 econ
expect "label without themes is a usage error" 64 "give the themes" "$PT" label 20-20
expect "the next run retrains on the new labels" 0 "model retrained" "$PT" run
check "the session is manual with the new themes" /usr/bin/python3 -c '
import json
y = json.load(open("reports/2025.json"))
s = [s for s in y["sessions"]["list"] if s["id"] == "20-20"][0]
assert s["label_source"] == "manual" and s["themes"] == ["economy", "defense"], s
'
expect "label --clear gives the session back to the model" 0 "unlabelled (was economy, defense)" "$PT" label --clear 20-20-zh

# --- ingest --replace of the same text with new labels --------------------------------
printf 'Date: 2025-03-10\nSession: 20-22\nLang: en\nThemes: culture, party-building\n\nThe Political Bureau studied heritage, museums, literature and the arts.\n' > relabel.txt
expect "ingest of the same text with other labels says so and keeps the store" 0 "kept as it is (use --replace" \
    "$PT" ingest -q relabel.txt
check "without --replace the labels stay" grep -q '"themes":\["culture"\],"text":"The Political Bureau studied heritage' store.jsonl
expect "ingest --replace updates the labels and says so" 0 "0 added, 0 replaced, 1 relabelled" "$PT" ingest -q --replace relabel.txt
check "the labels are updated, the readout is there once" sh -c \
    "test \$(grep -c 'studied heritage, museums' store.jsonl) -eq 1 && grep -q '\"themes\":\[\"culture\",\"party-building\"\]' store.jsonl"

# --- forget ------------------------------------------------------------------------
n_before=$(wc -l < store.jsonl)
expect "forget a session" 0 "1 readout removed" "$PT" forget 20-23
check "the store lost that readout only" test "$(wc -l < store.jsonl)" -eq $((n_before - 1))
check "it is kept in forgotten.jsonl beside the store" grep -q '"id":"20-23-en"' forgotten.jsonl
expect "forget something unknown changes nothing" 65 "no readout '20-77'" "$PT" forget 20-22 20-77
check "a refused forget removed nothing" test "$(wc -l < store.jsonl)" -eq $((n_before - 1))

# --- report and run agree; stale years; --from/--to ---------------------------------
check "before the next report, 2026.json is still there" test -f reports/2026.json
expect "run after forget" 0 "" "$PT" run
check "the year the corpus no longer has is removed" test ! -e reports/2026.json
check "and so is its review" test ! -e reports/review-2026.md -a ! -e reports/review-2026.html
expect "report with the defaults of politrend.conf" 0 "" "$PT" report -q -o again
check "report and run produce the same files" sh -c \
    "for f in reports/*.json reports/index.html reports/review-*; do case \$f in *classified.jsonl) continue ;; esac;
       cmp -s \"\$f\" \"again/\${f#reports/}\" || exit 1; done && test \$(ls again | wc -l) -eq \$(ls reports/*.json reports/index.html reports/review-* | wc -l)"
check "report includes the store by default (2025 is there)" test -f again/2025.json
cp reports/index.html index.before
cp reports/trends.json trends.before
touch -d '2000-01-01' reports/2024.json
expect "report --from 2024 --to 2024" 0 "" "$PT" report -q --from 2024 --to 2024
check "--from/--to leaves the all-years page and trends whole" sh -c "cmp -s index.before reports/index.html && cmp -s trends.before reports/trends.json"
check "--from/--to rewrote that year's file" test reports/2024.json -nt index.before
check "the all-years page still covers 2022-2025" grep -q 'sessions, 2022–2025' reports/index.html

# --- unpublished, coverage, per-theme F1 ----------------------------------------------
check "20-13 is missing and marked unpublished; 20-21 is not" /usr/bin/python3 -c '
import json
m = {x["id"]: x for x in json.load(open("reports/2024.json"))["missing_sessions"]}
assert m["20-13"]["unpublished"] is True and m["20-13"]["note"], m
m = {x["id"]: x for x in json.load(open("reports/2025.json"))["missing_sessions"]}
assert m["20-21"]["unpublished"] is False and m["20-21"]["note"] is None, m
'
check "the page header counts only unpublished sessions" grep -q '1 held but never published' reports/index.html
check "the page states coverage per Central Committee term" grep -q '20th CC: 20 of sessions 1–22 in the corpus, 1 held but unpublished, 1 not collected' reports/index.html
check "the bundle records per-theme cross-validated F1" /usr/bin/python3 -c '
import json
p = json.load(open("model/manifest.json"))["selection"]["per_theme"]
assert sorted(p) == ["culture", "defense", "economy", "frontier", "party-building"], p
assert all(0 <= v["f1"] <= 1 and v["support"] >= 0 for v in p.values())
'
check "the page shows each theme's F1" sh -c "grep -q 'id=\"model\"' reports/index.html && test \$(grep -c 'class=\"theme-f1' reports/index.html) -eq 5"

# --- train warns on thin themes; a custom model run refuses to overwrite ---------------
grep -v '"themes":\["frontier"\]' base.jsonl | head -n 14 > thin.jsonl
printf '{"id":"x-1","date":"2024-12-20","cc":20,"session":30,"themes":["frontier"],"text":"The Political Bureau studied border regions and ethnic unity."}\n' >> thin.jsonl
expect "train warns about a theme with fewer than 5 labelled sessions" 0 \
    "warning: theme 'frontier' has 1 labelled session (fewer than 5)" \
    "$PT" train -q --corpus thin.jsonl --model custom
cp custom/manifest.json custom.before
expect "run refuses to retrain a bundle made from other sources" 65 \
    "custom was trained on thin.jsonl and the labelled readouts of store.jsonl, but this run would train on base.jsonl" \
    "$PT" run --model custom
check "the refusal says what to do" grep -q "Give this run the same sources" "$TMP/err"
check "the custom bundle is untouched" cmp -s custom/manifest.json custom.before
expect "run with the bundle's own sources uses it" 0 "" "$PT" run -q --corpus thin.jsonl --model custom -o custom-reports

# --- SIGKILL during label, forget and ingest ------------------------------------------
mkdir big && cd big || exit 1
awk 'BEGIN { for (i = 1; i <= 3000; i++)
    printf "{\"id\":\"k-%d\",\"date\":\"2024-05-%02d\",\"cc\":%d,\"session\":%d,\"lang\":\"en\",\"text\":\"Readout %d on growth, border regions, the arts and the army; numbered %d for the test.\"}\n", i, (i % 28) + 1, 1 + int((i - 1) / 99), 1 + (i - 1) % 99, i, i }' > store.jsonl
cut -d'"' -f4 store.jsonl | sort > ids.all
store_whole() { # every id once; with forget, the others in forgotten.jsonl
    /usr/bin/python3 - "$1" <<'EOF' || return 1
import json, os, sys
ids = [json.loads(l)["id"] for l in open("store.jsonl")]
assert len(ids) == len(set(ids)), "doubled readout"
gone = set()
if os.path.exists("forgotten.jsonl"):
    gone = {json.loads(l)["id"] for l in open("forgotten.jsonl")}
want = set(open("ids.all").read().split()) | set(sys.argv[1].split())
missing = want - set(ids) - gone
assert not missing, "lost: %s" % sorted(missing)[:5]
EOF
}
delay() { awk -v s="$1" 'BEGIN { srand(s); printf "%.3f", rand() * 0.3 }'; }
ok_label=1 ok_forget=1 ok_ingest=1 extra=""
i=1
while [ $i -le 8 ]; do
    "$PT" label -q --store store.jsonl k-$i economy 2>/dev/null & pid=$!
    sleep "$(delay $i)"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
    store_whole "$extra" || ok_label=0
    "$PT" forget -q --store store.jsonl k-$((i + 100)) 2>/dev/null & pid=$!
    sleep "$(delay $((i + 50)))"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
    store_whole "$extra" || ok_forget=0
    awk -v r=$i 'BEGIN { for (j = 1; j <= 300; j++)
        printf "{\"id\":\"n-%d-%d\",\"date\":\"2024-06-01\",\"text\":\"New readout %d of round %d on trade and the navy.\"}\n", r, j, j, r }' > new-$i.jsonl
    "$PT" ingest -q --store store.jsonl new-$i.jsonl 2>/dev/null & pid=$!
    sleep "$(delay $((i + 90)))"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
    n=$(grep -c "\"n-$i-" store.jsonl)
    if [ "$n" -ne 0 ] && [ "$n" -ne 300 ]; then ok_ingest=0; fi
    [ "$n" -eq 300 ] && extra="$extra $(cut -d'"' -f4 new-$i.jsonl | tr '\n' ' ')"
    store_whole "$extra" || ok_ingest=0
    i=$((i + 1))
done
check "SIGKILL during label leaves the store whole (no readout lost or doubled)" test $ok_label -eq 1
check "SIGKILL during forget leaves the store whole (each readout in the store or in forgotten.jsonl)" test $ok_forget -eq 1
check "SIGKILL during ingest leaves the store whole (a file's readouts all in or all out)" test $ok_ingest -eq 1
# A forget killed between its two writes leaves the readout in both files;
# repeating it must keep one copy.
grep '"k-200"' store.jsonl >> forgotten.jsonl
"$PT" forget -q --store store.jsonl k-200
check "forget after a killed forget keeps one copy in forgotten.jsonl" sh -c \
    "test \$(grep -c '\"k-200\"' forgotten.jsonl) -eq 1 && ! grep -q '\"k-200\"' store.jsonl"
cd "$TMP" || exit 1

for cmd in init label forget; do
    expect "$cmd --help" 0 "" "$PT" $cmd --help
done
finish
