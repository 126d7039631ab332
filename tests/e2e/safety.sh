# safety.sh — what the README's "Safety" paragraph promises, and the faults
# of issue 14 that broke it: the store reloads whatever ingest accepted,
# nothing outside a bundle is ever removed, a report set is whole or absent,
# no input (FIFO, /dev/zero, a BOM, a symlink) hangs, floods or forks a
# run.  Each block names the fault it guards against.
. tests/lib.sh

cd "$TMP" || exit 1
CORPUS="$REPO/corpus/readouts/cc20.jsonl"

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 1. the store survives its own round trip -------------------------------------
expect "1: the embedded corpus file ingests into an empty store" 0 "12 added" \
    "$PT" ingest -q --corpus s1.jsonl "$REPO/corpus/readouts/cc17.jsonl"
expect "1: ... and the store it wrote loads again" 0 "12 duplicates, 0 rejected" \
    "$PT" ingest -q --corpus s1.jsonl "$REPO/corpus/readouts/cc17.jsonl"
printf '{"kind":"synopsis","id":"n-1","date":"2024-01-02","cc":null,"session":null,"lang":"en","title":null,"lecturers":[],"themes":[],"text":"A synopsis whose facts are unknown."}\n' > nulls.jsonl
"$PT" ingest -q --corpus s1b.jsonl nulls.jsonl 2> /dev/null
expect "1: a synopsis with null fields reloads" 0 "1 duplicates" "$PT" ingest -q --corpus s1b.jsonl nulls.jsonl
printf 'Kind: synopsis\nTitle: Half a synopsis\n\nA synopsis without its date, session or themes.\n' > half.txt
expect "1: a .txt synopsis gets the synopsis check" 65 \
    "half.txt:1: synopsis record has no 'Id' header" "$PT" ingest -q --corpus s1c.jsonl half.txt
check "1: ... and the store is not written" test ! -e s1c.jsonl
# A .txt title of 1.5 MB of control bytes: 9 MB once escaped, past the 8 MiB line limit.
python3 -c '
import sys
sys.stdout.write("Id: ctl\nDate: 2024-01-02\nTitle: " + "\x01" * 1500000 + "\n\nShort text.\n")' > ctl.txt
expect "1: a readout whose store line would pass the line limit is refused" 65 \
    "ctl.txt: readout 'ctl' would take a store line of 9000" "$PT" ingest -q --corpus s1d.jsonl ctl.txt
check "1: ... and the store stays loadable (not written)" test ! -e s1d.jsonl

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 2. --model never removes what is not a bundle ---------------------------------
mkdir notes && echo precious > notes/todo.txt
expect "2: train --model on a directory that is not a bundle exits 73" 73 \
    "notes: exists and is not a politrend model bundle" "$PT" train -q --corpus "$CORPUS" --model notes
check "2: ... and its file is still there" grep -q precious notes/todo.txt
"$PT" train -q --corpus "$CORPUS" --model real-model || not_ok "2: train a bundle"
ln -s real-model linked
expect "2: train through a symlinked model dir" 0 "" "$PT" train -q --corpus "$CORPUS" --model linked
check "2: ... the link is still a link to a whole bundle" sh -c "test -L linked && test -s real-model/manifest.json && test -s real-model/vocab.tsv"
expect "2: ... and the bundle loads through it" 0 "" "$PT" explain --model linked
mkdir other && echo keep > other/keep.txt && ln -s other linked-other
expect "2: a symlink to a directory that is not a bundle is refused" 73 \
    "not a politrend model bundle" "$PT" train -q --corpus "$CORPUS" --model linked-other
check "2: ... and the target keeps its file" test -f other/keep.txt
cp -r real-model extra && echo mine > extra/notes.md
expect "2: a bundle holding a file of the user's is refused" 73 "notes.md" \
    "$PT" train -q --corpus "$CORPUS" --model extra
check "2: ... and the file is kept" test -f extra/notes.md
mkdir m empty-inbox
expect "2: run --store m/store.jsonl --model m is refused" 73 "not a politrend model bundle" \
    "$PT" run -q --corpus "$CORPUS" --store m/store.jsonl --model m --out m-out --inbox empty-inbox
printf '{"id":"s2","date":"2025-01-02","cc":20,"session":18,"themes":["economy"],"text":"The economy."}\n' > m/store.jsonl
expect "2: ... also when the store already holds readouts" 73 "not a politrend model bundle" \
    "$PT" run -q --corpus "$CORPUS" --store m/store.jsonl --model m --out m-out --inbox empty-inbox
check "2: ... and the store is still there" grep -q '"s2"' m/store.jsonl

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 3. regular files only: a FIFO never hangs a run ------------------------------
mkdir fifo-inbox && mkfifo fifo-inbox/pipe.jsonl fifo-inbox/pipe.txt
cp "$CORPUS" fifo-inbox/good.jsonl
expect "3: ingest: FIFOs in a directory are rejected, not waited on" 65 \
    "fifo-inbox/pipe.jsonl: not a regular file" timeout 60 "$PT" ingest -q --corpus s3.jsonl fifo-inbox
n_good=$(grep -c . "$CORPUS")
check "3: ... the other file is ingested" sh -c "grep -qF '$n_good added' '$TMP/err' && grep -qF ' 2 rejected' '$TMP/err'"
expect "3: classify refuses a FIFO given by name" 66 "pipe.txt: not a regular file" \
    timeout 60 "$PT" classify --model real-model fifo-inbox/pipe.txt
expect "3: run with FIFOs in the inbox finishes (exit 65 for them)" 65 "2 inbox readouts were rejected" \
    timeout 120 "$PT" run -q --corpus "$CORPUS" --store s3r.jsonl --model m3 --out o3 --inbox fifo-inbox

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 14. a FIFO given as a data file is refused, not waited on --------------------------
# The taxonomy, the lexicon and the terms table were opened with fopen, which
# blocks on a FIFO with no writer; every data file now goes through lines_each.
mkfifo data.fifo
FIFO_ERR="data.fifo: not a regular file"
expect "14: train --themes FIFO" 66 "$FIFO_ERR" timeout 10 "$PT" train -q --corpus "$CORPUS" --themes data.fifo --model m14
expect "14: train --lexicon FIFO" 66 "$FIFO_ERR" timeout 10 "$PT" train -q --corpus "$CORPUS" --lexicon data.fifo --model m14
expect "14: train --formulae FIFO" 66 "$FIFO_ERR" timeout 10 "$PT" train -q --corpus "$CORPUS" --formulae data.fifo --model m14
expect "14: phrases --stop FIFO" 66 "$FIFO_ERR" timeout 10 "$PT" phrases --corpus "$CORPUS" --stop data.fifo
expect "14: report --calendar FIFO" 66 "$FIFO_ERR" \
    timeout 10 "$PT" report -q --corpus "$CORPUS" --model real-model --out r14 --calendar data.fifo
expect "14: review --bodies FIFO" 66 "$FIFO_ERR" timeout 10 "$PT" review 2024 --corpus "$CORPUS" --model real-model --bodies data.fifo
mkdir -p dd14/corpus && mkfifo dd14/corpus/terms.tsv
expect "14: a FIFO terms table (corpus/terms.tsv of POLITREND_DATADIR), read by every command" 66 \
    "dd14/corpus/terms.tsv: not a regular file" env POLITREND_DATADIR=dd14 timeout 10 "$PT" tokens "$CORPUS"
rm dd14/corpus/terms.tsv && cp "$REPO/corpus/terms.tsv" dd14/corpus/ && mkfifo dd14/corpus/unpublished.tsv
expect "14: a FIFO corpus/unpublished.tsv" 66 "dd14/corpus/unpublished.tsv: not a regular file" \
    env POLITREND_DATADIR=dd14 timeout 10 "$PT" report -q --corpus "$CORPUS" --model real-model --out r14 \
    --calendar "$REPO/reports/calendar.tsv"
check "14: ... and no report set was written" test ! -e r14

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 5. stream input with the line limit --------------------------------------------
# maxrss COMMAND...: the peak resident memory (KiB) of the command, as a child.
maxrss() {
    python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
mkdir zero-inbox && ln -s /dev/zero zero-inbox/zero.jsonl
expect "5: /dev/zero (through a symlink in the inbox) is refused" 65 "zero.jsonl: not a regular file" \
    timeout 60 "$PT" ingest -q --corpus s5.jsonl zero-inbox
expect "5: /dev/zero by name is refused" 65 "/dev/zero: not a regular file" \
    timeout 60 "$PT" ingest -q --corpus s5.jsonl /dev/zero
head -c 48000000 /dev/zero | tr '\0' x > long.jsonl
printf '{"id":"a"}\n' > tiny.jsonl
small=$(maxrss "$PT" ingest -q --corpus s5.jsonl tiny.jsonl)
big=$(POLITREND_MAX_LINE_BYTES=1000000 maxrss "$PT" ingest -q --corpus s5.jsonl long.jsonl)
check "5: a 48 MB line past a 1 MB limit costs no more than 16 MB of memory (peak $big KiB, $small KiB for a tiny file)" \
    test $((big - small)) -lt 16384
POLITREND_MAX_LINE_BYTES=1000000 "$PT" ingest -q --corpus s5.jsonl long.jsonl 2> "$TMP/err"
check "5: ... and it is refused for its length" grep -qF "long.jsonl:1: line longer than the limit of 1000000 bytes" "$TMP/err"

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 4. the output is bounded by the input -------------------------------------------
# 198 readouts, terms 1-99 with sessions 1 and 99: the worst the bounds allow
# (97 missing numbers per term).  Before, session 9999 was accepted and every
# number between was written out.
python3 -c '
import json
for cc in range(1, 100):
    for n in (1, 99):
        print(json.dumps({"id": "%d-%d" % (cc, n), "date": "2024-0%d-1%d" % (1 + n % 9, cc % 10), "cc": cc,
                          "session": n, "text": "The economy and the Party."}))' > wide.jsonl
expect "4: a report over the widest numbering the bounds allow" 0 "" \
    timeout 120 "$PT" report -q --corpus wide.jsonl --model real-model --out wide-reports
check "4: ... lists each of the 99 x 97 missing numbers once" \
    test "$(grep -c '"year_certain"' wide-reports/2024.json)" -eq 9603
check "4: ... in a year file under 8 MB" test "$(wc -c < wide-reports/2024.json)" -lt 8000000
printf '{"id":"far","date":"2024-05-01","cc":20,"session":9999,"text":"The economy."}\n' > far.jsonl
expect "4: a session number past what a term can hold is refused" 65 \
    "far.jsonl:1: field 'session' must be a whole number from 1 to 99" \
    "$PT" report -q --corpus far.jsonl --model real-model --out far-reports

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 13. classify says when ids repeat -----------------------------------------------
printf '{"text":"The economy."}\n{"text":"The economy."}\n{"text":"The economy."}\n' > dups.jsonl
expect "13: classify warns once about repeated ids, and classifies every readout" 0 \
    "warning: 2 readouts repeat the id of an earlier one" "$PT" classify --model real-model dups.jsonl
check "13: ... three lines out" test "$(wc -l < "$TMP/out")" -eq 3
check "13: ... one warning line" test "$(grep -c warning "$TMP/err")" -eq 1

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 9. standard input is read like a file ---------------------------------------------
printf '\357\273\277{"text":"The economy."}\n{"text":"Party building and discipline."}\n' > bom.jsonl
"$PT" classify --model real-model < bom.jsonl > bom-stdin.out 2> "$TMP/err"
check "9: JSON Lines with a BOM on stdin: one line per record" test "$(wc -l < bom-stdin.out)" -eq 2
"$PT" classify --model real-model bom.jsonl > bom-path.out 2> "$TMP/err"
check "9: ... the same as the file by path" cmp -s bom-stdin.out bom-path.out
printf '\357\275\205conomy first: a full-width letter is not a BOM.\n' > fullwidth.txt
"$PT" classify --model real-model < fullwidth.txt > fw-stdin.out 2> "$TMP/err"
"$PT" classify --model real-model fullwidth.txt > fw-path.out 2>> "$TMP/err"
check "9: a text starting with bytes like a BOM's reads the same from stdin" sh -c \
    "test -s fw-stdin.out && cmp -s fw-stdin.out fw-path.out"

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 10. a symlinked store is written through; a FIFO store is refused -----------------
mkdir shared && printf '{"id":"t1","date":"2024-01-02","text":"The economy."}\n' > t1.jsonl
printf '{"id":"t2","date":"2024-01-03","text":"The army."}\n' > t2.jsonl
"$PT" ingest -q --corpus shared/store.jsonl t1.jsonl 2> /dev/null
ln -s shared/store.jsonl linked-store.jsonl
expect "10: ingest through a symlinked store" 0 "1 added" "$PT" ingest -q --corpus linked-store.jsonl t2.jsonl
check "10: ... the link is still a link" test -L linked-store.jsonl
check "10: ... and its target holds both readouts" test "$(grep -c '"t[12]"' shared/store.jsonl)" -eq 2
mkfifo fifo-store.jsonl
expect "10: a FIFO store is refused, not taken as empty" 66 "fifo-store.jsonl: the store is not a regular file" \
    timeout 60 "$PT" ingest -q --corpus fifo-store.jsonl t1.jsonl
check "10: ... and is still a FIFO" test -p fifo-store.jsonl

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 11. the manifest covers every file the loader reads, and agrees with them --------
# edit_manifest DIR PYTHON: runs PYTHON on the manifest as m (a dict), writes it back.
edit_manifest() {
    python3 -c '
import json, sys
p = sys.argv[1] + "/manifest.json"
m = json.load(open(p))
exec(sys.argv[2])
json.dump(m, open(p, "w"), indent=2, sort_keys=True)' "$1" "$2"
}
"$PT" train -q --corpus "$CORPUS" --model b11 || not_ok "11: train a linear bundle"
printf '{"id":"p","text":"The economy and the army."}\n' > probe.jsonl
for f in vocab.tsv themes.tsv; do
    rm -rf "no-$f" && cp -r b11 "no-$f"
    edit_manifest "no-$f" "del m['files']['$f']"
    expect "11: a manifest without the checksum of $f is refused" 65 \
        "files has no checksum for $f, which the bundle needs" "$PT" classify --model "no-$f" probe.jsonl
done
rm -rf swapped-themes && cp -r b11 swapped-themes
edit_manifest swapped-themes "m['themes'] = m['themes'][::-1]"
expect "11: manifest themes that are not themes.tsv's are refused" 65 \
    "swapped-themes/themes.tsv: its themes are not the manifest's" "$PT" classify --model swapped-themes probe.jsonl
"$PT" train -q --corpus "$CORPUS" --kernel rbf --model rbf-model || not_ok "11: train an rbf bundle"
rm -rf mixed && cp -r b11 mixed && cp rbf-model/theme-*.model rbf-model/vocab.tsv mixed/
edit_manifest mixed "
import hashlib, os
for f in m['files']:
    m['files'][f] = hashlib.sha256(open(os.path.join(sys.argv[1], f), 'rb').read()).hexdigest()
m['tfidf']['vocabulary_size'] = sum(1 for _ in open(os.path.join(sys.argv[1], 'vocab.tsv')))"
expect "11: a linear manifest with RBF model files is refused" 65 \
    "the model's kernel is not the manifest's training.kernel 'linear'" "$PT" explain --model mixed

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 12. quarantine: unique names, escaped output, never the inbox ---------------------
mkdir qa qb && printf '{"id":"x", "text": "cut' > qa/bad.jsonl && cp qa/bad.jsonl qb/bad.jsonl
"$PT" ingest -q --corpus s12.jsonl --quarantine q qa qb 2> /dev/null
check "12: two broken inputs of one name keep a copy each" sh -c \
    "test -f q/bad.jsonl.line1.jsonl && test -f q/bad.jsonl.line1-2.jsonl && test -f q/bad.jsonl.line1-2.jsonl.why"
mkdir qe && printf 'caf\351\n' > "qe/$(printf 'evil\n\033[31m.txt')"
"$PT" ingest -q --corpus s12.jsonl --quarantine q qe 2> "$TMP/err"
check "12: a name with a newline and a terminal escape is printed escaped" sh -c \
    "grep -qF 'evil\\x0a\\x1b[31m.txt:1: invalid UTF-8' '$TMP/err' && ! grep -q \"\$(printf '\\033')\" '$TMP/err'"
check "12: ... and its quarantine copy has a plain name" test -f "q/evil__[31m.txt"
mkdir qi && cp qa/bad.jsonl qi/
expect "12: a quarantine that is the inbox is refused" 64 "--quarantine qi is the input directory qi" \
    "$PT" ingest -q --corpus s12.jsonl --quarantine qi qi
check "12: ... and nothing was added to it" test "$(ls qi | wc -l)" -eq 1

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 8. training workers hold no lock and die with the run ---------------------------
mkdir w8-inbox
"$PT" run -q --jobs 2 --kernel rbf --corpus "$REPO/corpus/readouts" --store w8/store.jsonl --model w8/model --out w8/out \
    --inbox w8-inbox 2> /dev/null &
run_pid=$!
workers=""
for _ in $(seq 1 600); do # up to a minute for training to start
    workers=$(pgrep -P "$run_pid" | tr '\n' ' ')
    [ -n "$workers" ] && break
    sleep 0.1
done
if [ -z "$workers" ]; then
    echo "skip - 8: workers hold no lock (skipped: the run finished before a worker could be seen)"
    wait "$run_pid"
else
    kill -9 "$run_pid"
    wait "$run_pid" 2> /dev/null
    check "8: after SIGKILL of run, the store lock is free at once" flock -n w8/store.jsonl.lock true
    check "8: ... and the output lock" flock -n w8/out.lock true
    sleep 1
    alive=""
    for w in $workers; do # a zombie waiting for init to reap it is dead
        state=$(ps -o stat= -p "$w" 2> /dev/null)
        case "$state" in ''|Z*) ;; *) alive="$alive $w" ;; esac
    done
    check "8: ... and its workers died with it (still alive:${alive:- none})" test -z "$alive"
    for w in $alive; do kill -9 "$w" 2> /dev/null; done
fi

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 7. a report set is whole or absent --------------------------------------------------
# 2023 is small, 2024 is 2.6 MB: a file-size limit of 1 MB kills the report
# between the two, as a full disk or a SIGKILL would.
printf '{"id":"y23","date":"2023-03-01","cc":20,"session":3,"text":"The economy."}\n' > y23.jsonl
cat y23.jsonl wide.jsonl > two-years.jsonl
"$PT" report -q --corpus two-years.jsonl --model b11 --out set7 || not_ok "7: a first report set"
sum_a=$(sed -n 's/.*"model_checksum": "\([0-9a-f]*\)".*/\1/p' set7/2023.json)
(ulimit -f 1000; "$PT" report -q --corpus two-years.jsonl --model rbf-model --out set7) 2> /dev/null
check "7: the report cut off between year files failed" test $? -ne 0
check "7: ... and every file is still of the first set" sh -c \
    "test \$(grep -l '\"model_checksum\": \"$sum_a\"' set7/2023.json set7/2024.json set7/trends.json | wc -l) -eq 3"
check "7: ... with nothing of the cut-off set inside it" sh -c "! ls -d set7/*.tmp-* 2> /dev/null | grep -q ."
echo mine > set7/notes.txt
"$PT" report -q --corpus two-years.jsonl --model rbf-model --out set7 --from 2024 --to 2024 || not_ok "7: a --from/--to report"
check "7: --from/--to rewrites its years in a new set" sh -c "! grep -q '$sum_a' set7/2024.json"
check "7: ... and keeps the other years' files, the whole-range files and the user's file" sh -c \
    "grep -q '$sum_a' set7/2023.json && grep -q '$sum_a' set7/trends.json && test -s set7/index.html && grep -q mine set7/notes.txt"
mkdir set7/sub
expect "7: an output directory holding a directory is refused (it could not be swapped whole)" 73 \
    "set7: holds 'sub', which is not a file" "$PT" report -q --corpus two-years.jsonl --model b11 --out set7
check "7: ... and left as it was" sh -c "test -d set7/sub && grep -q mine set7/notes.txt"
rmdir set7/sub

rm -f politrend.conf # a run writes one; each block gives its own paths
# --- 6. stale temporaries of ours are cleaned up, under the lock --------------------------
mkdir s6-inbox
"$PT" run -q --corpus "$CORPUS" --store s6/store.jsonl --model s6/model --out s6/out --inbox s6-inbox 2> /dev/null
mkdir s6/model.tmp-Old123 s6/out.tmp-Old456 s6/model.tmp-New789 s6/model.tmp-Usr000
cp s6/model/* s6/model.tmp-Old123/ && cp s6/model/* s6/model.tmp-New789/ && cp s6/out/* s6/out.tmp-Old456/
echo mine > s6/model.tmp-Usr000/mine.txt
echo partial > s6/out/2025.json.tmp-Old999 && echo partial > s6/store.jsonl.tmp-Old888
touch -d '2 hours ago' s6/model.tmp-Old123 s6/out.tmp-Old456 s6/model.tmp-Usr000 s6/out/2025.json.tmp-Old999 \
    s6/store.jsonl.tmp-Old888
printf '{"id":"s6","date":"2025-01-02","cc":20,"session":18,"themes":["economy"],"text":"The economy."}\n' > s6-inbox/new.jsonl
"$PT" run -q --corpus "$CORPUS" --store s6/store.jsonl --model s6/model --out s6/out --inbox s6-inbox 2> /dev/null
check "6: a killed run's old temporaries are gone" sh -c \
    "test ! -e s6/model.tmp-Old123 && test ! -e s6/out.tmp-Old456 && test ! -e s6/out/2025.json.tmp-Old999 && test ! -e s6/store.jsonl.tmp-Old888"
check "6: ... a recent one (perhaps another run's) is kept" test -d s6/model.tmp-New789
check "6: ... and a file that is not ours is never removed" test -f s6/model.tmp-Usr000/mine.txt

finish
