# batch.sh — ingest and run as users run them, again and again: idempotent
# ingest, a mixed folder with broken files, --replace, reuse of the bundle,
# runs killed at random moments, concurrent runs, and svmlight interop.
. tests/lib.sh

cd "$TMP" || exit 1
# A small labelled corpus keeps each training fast.  The readouts made up below are of sessions
# after the corpus ends (20-26 ... 20-29, dated 2027), so their ids are new to it.
CORPUS="$REPO/corpus/readouts/cc20.jsonl"
mkdir inbox
printf 'Title: Artificial intelligence\nDate: 2027-01-29\nSession: 20-26\nLang: en\n\nThe Politburo studied artificial intelligence: chips, computing power, data, algorithms and industrial applications.\n' > inbox/ai.txt
printf '{"id":"20-28-zh","date":"2027-03-30","cc":20,"session":28,"lang":"zh","text":"中共中央政治局就海洋经济、海洋科技和海上安全进行集体学习。"}\n{"id":"bad-theme","text":"x","themes":["econ"]}\n\n{"id":"20-27-en","date":"2027-02-26","cc":20,"session":27,"themes":["party-building"],"text":"Party discipline and self-reform: the Politburo studied the rules on integrity and the conduct of cadres."}\n' > inbox/new.jsonl
printf '{"id":"broken", "text": "no end' > inbox/truncated.jsonl
printf 'caf\351\n' > inbox/latin1.txt

# --- ingest -------------------------------------------------------------------
expect "ingest a mixed folder: exit 65 because of rejections" 65 \
    "politrend: ingest: 3 added, 0 replaced, 0 relabelled, 0 duplicates, 3 rejected; store.jsonl holds 3 readouts" \
    "$PT" ingest -q --corpus store.jsonl --quarantine quarantine inbox
check "every rejection names file, line and reason" sh -c "
    grep -qF 'politrend: rejected: inbox/new.jsonl:2: unknown theme' '$TMP/err' &&
    grep -qF 'politrend: rejected: inbox/truncated.jsonl:1: malformed JSON' '$TMP/err' &&
    grep -qF 'politrend: rejected: inbox/latin1.txt:1: invalid UTF-8' '$TMP/err'"
check "quarantine holds the rejected inputs with their reasons" sh -c "
    test -f quarantine/new.jsonl.line2.jsonl && grep -q 'unknown theme' quarantine/new.jsonl.line2.jsonl.why &&
    test -f quarantine/latin1.txt && test -f quarantine/latin1.txt.why &&
    test -f quarantine/truncated.jsonl.line1.jsonl.why"
check "the store holds the three valid readouts" test "$(wc -l < store.jsonl)" -eq 3
cp store.jsonl store.first
"$PT" ingest -q --corpus store.jsonl inbox 2> "$TMP/err2"
check "ingest twice: nothing duplicated" cmp -s store.jsonl store.first
check "ingest twice: all counted as duplicates" grep -qF "0 added, 0 replaced, 0 relabelled, 3 duplicates, 3 rejected" "$TMP/err2"
printf '{"id":"20-27-en","date":"2027-02-26","cc":20,"session":27,"themes":["party-building"],"text":"Party  discipline and SELF-REFORM: the Politburo studied the rules on integrity and the conduct of cadres."}\n' > relaid.jsonl
expect "same text up to white space and case is a duplicate" 0 "1 duplicates, 0 rejected" \
    "$PT" ingest -q --corpus store.jsonl relaid.jsonl
printf '{"id":"20-27-en","date":"2027-02-26","cc":20,"session":27,"themes":["party-building"],"text":"A corrected readout of the session on Party discipline."}\n' > changed.jsonl
expect "changed text under an existing id is refused" 65 \
    "politrend: rejected: changed.jsonl:1: readout '20-27-en' is already in the store with a different text (use --replace to update it)" \
    "$PT" ingest -q --corpus store.jsonl changed.jsonl
expect "--replace updates it" 0 "0 added, 1 replaced" "$PT" ingest -q --replace --corpus store.jsonl changed.jsonl
check "replaced text is in the store, once" test "$(grep -c 'A corrected readout' store.jsonl)" -eq 1
expect "ingest needs an input" 64 "name at least one input" "$PT" ingest --corpus store.jsonl
expect "ingest --help" 0 "" "$PT" ingest --help

# --- run ----------------------------------------------------------------------
rm -rf quarantine
RUN="$PT run -q --corpus $CORPUS --store store.jsonl --model model --out reports --inbox inbox"
expect "first run trains, classifies, reports; exit 65 for the rejected inbox files" 65 \
    "run finished, but 4 inbox readouts were rejected" $RUN
check "run wrote the bundle" test -s model/manifest.json
check "run wrote classifications of the store" test "$(wc -l < reports/classified.jsonl)" -eq 3
check "run wrote the reports" sh -c "test -s reports/2027.json && test -s reports/trends.json && test -s reports/index.html"
"$PT" run --corpus "$CORPUS" --store store.jsonl --model model --out reports --inbox empty-inbox 2> "$TMP/err3"
check "second run reuses the bundle (labelled data unchanged)" grep -q "model reused" "$TMP/err3"
cp model/manifest.json manifest.before
printf '{"id":"20-29-en","date":"2027-04-27","cc":20,"session":29,"themes":["defense"],"text":"The Politburo studied the modernisation of the armed forces, joint operations and combat readiness."}\n' > inbox2.jsonl
mkdir inbox2 && mv inbox2.jsonl inbox2/
"$PT" run --corpus "$CORPUS" --store store.jsonl --model model --out reports --inbox inbox2 2> "$TMP/err4"
check "new labelled readout: the model is retrained" grep -q "model retrained" "$TMP/err4"
check "the manifest records the new training data" sh -c "! cmp -s model/manifest.json manifest.before"

# --- killed at random moments ---------------------------------------------------
valid_state() {
    /usr/bin/python3 -c '
import json, sys
for line in open("store.jsonl"):
    json.loads(line)
for name in ("2024.json", "trends.json"):
    json.load(open("reports/" + name))
' && "$PT" classify --model model "$CORPUS" > /dev/null
}
i=0
all_valid=1
while [ $i -lt 6 ]; do
    # Alternate between a run that must retrain and one that reuses the bundle.
    if [ $((i % 2)) -eq 0 ]; then
        printf '{"id":"kill-%d","date":"2027-05-%02d","themes":["economy"],"text":"Industrial policy and markets, round %d: growth, investment and trade."}\n' $i $((i + 1)) $i > inbox2/kill-$i.jsonl
    fi
    $RUN --inbox inbox2 2>/dev/null &
    pid=$!
    sleep "$(awk -v s="$i" 'BEGIN { srand(s); printf "%.2f", rand() * 2.5 }')"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    valid_state || all_valid=0
    i=$((i + 1))
done
check "after each SIGKILL the store, bundle and reports are whole and loadable" test $all_valid -eq 1
check "no temporary files left visible as data" sh -c "! ls reports/*.json.tmp-* model/*.tmp-* 2>/dev/null | grep -q ."
expect "the next run completes the work" 0 "" $RUN --inbox inbox2
check "every killed round's readout is in the store exactly once" sh -c \
    "for k in 0 2 4; do test \$(grep -c \"\\\"kill-\$k\\\"\" store.jsonl) -eq 1 || exit 1; done"

# --- concurrent runs ------------------------------------------------------------
mkdir inbox3
printf '{"id":"c1","date":"2027-06-01","text":"Ecological civilisation and green development."}\n' > inbox3/c1.jsonl
$RUN --inbox inbox3 2> "$TMP/c1.err" & p1=$!
$RUN --inbox inbox3 2> "$TMP/c2.err" & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check "two concurrent runs both complete (the second waits)" test $r1 -eq 0 -a $r2 -eq 0
check "concurrent runs did not duplicate a readout" test "$(grep -c '"c1"' store.jsonl)" -eq 1
exec 9> store.jsonl.lock
flock -n 9 || true
expect "--no-wait exits 75 when another run holds the store" 75 \
    "store.jsonl is in use by another politrend run (lock store.jsonl.lock); try again later" \
    "$PT" run -q --no-wait --corpus "$CORPUS" --store store.jsonl --model model --out reports --inbox inbox3
exec 9>&-

# --- svmlight interop -----------------------------------------------------------
"$PT" vectorize --model model --theme defense "$CORPUS" > vec.txt
check "vectorize writes one line per readout with increasing 1-based indices" /usr/bin/python3 -c '
import sys
lines = open("vec.txt").read().splitlines()
assert len(lines) == 48
for l in lines:
    parts = l.split()
    assert parts[0] in ("1", "-1")
    idx = [int(p.split(":")[0]) for p in parts[1:]]
    assert idx == sorted(set(idx)) and idx[0] >= 1
'
# agree_with_svm_predict MODEL WHAT: svm-predict -b 1 on MODEL's defense model gives
# classify's probabilities and decisions.
agree_with_svm_predict() {
    "$PT" vectorize --model "$1" --theme defense "$CORPUS" > vec.txt
    svm-predict -b 1 vec.txt "$1/theme-defense.model" pred.txt > /dev/null
    "$PT" classify --model "$1" "$CORPUS" > cls.jsonl
    check "svm-predict on the bundle's model agrees with classify ($2)" /usr/bin/python3 -c '
import json
pred = open("pred.txt").read().splitlines()
header = pred[0].split()           # labels order, e.g. "labels 1 -1"
col = header.index("1")
assert len(pred) == 1 + len(open("vec.txt").read().splitlines()) == 49
for line, row in zip(open("cls.jsonl"), pred[1:]):
    ours = json.loads(line)["scores"]["defense"]
    theirs = float(row.split()[col])
    assert abs(ours - theirs) < 1e-6, (ours, theirs)
    assert (ours >= 0.5) == (row.split()[0] == "1")
'
}
if command -v svm-predict > /dev/null; then
    agree_with_svm_predict model "trained by liblinear, the default"
    "$PT" train -q --solver libsvm --corpus "$CORPUS" --model model-libsvm
    check "--solver libsvm is recorded in the manifest" grep -q '"solver": "libsvm"' model-libsvm/manifest.json
    agree_with_svm_predict model-libsvm "trained by libsvm"
else
    skip "svm-predict agrees with classify (liblinear)" "libsvm-tools not installed"
    skip "--solver libsvm is recorded in the manifest" "libsvm-tools not installed"
    skip "svm-predict agrees with classify (libsvm)" "libsvm-tools not installed"
fi
finish
