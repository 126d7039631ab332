# safety.sh — what the README's "Safety" paragraph promises, and the faults
# of issue 14 that broke it: the store reloads whatever ingest accepted,
# nothing outside a bundle is ever removed, a report set is whole or absent,
# no input (FIFO, /dev/zero, a BOM, a symlink) hangs, floods or forks a
# run.  Each block names the fault it guards against.
. tests/lib.sh

cd "$TMP" || exit 1
CORPUS="$REPO/corpus/readouts/cc20.jsonl"

# --- 1. the store survives its own round trip -------------------------------------
expect "1: the embedded corpus file ingests into an empty store" 0 "12 added" \
    "$PT" ingest -q --corpus s1.jsonl "$REPO/corpus/readouts/cc17.jsonl"
expect "1: ... and the store it wrote loads again" 0 "0 added, 0 replaced, 12 duplicates" \
    "$PT" ingest -q --corpus s1.jsonl "$REPO/corpus/readouts/cc17.jsonl"
printf '{"kind":"synopsis","id":"n-1","date":null,"cc":null,"session":null,"lang":"en","title":null,"lecturers":[],"themes":[],"text":"A synopsis whose facts are unknown."}\n' > nulls.jsonl
"$PT" ingest -q --corpus s1b.jsonl nulls.jsonl 2> /dev/null
expect "1: a synopsis with null fields reloads" 0 "1 duplicates" "$PT" ingest -q --corpus s1b.jsonl nulls.jsonl
printf 'Kind: synopsis\nTitle: Half a synopsis\n\nA synopsis without its date, session or themes.\n' > half.txt
expect "1: a .txt synopsis gets the synopsis check" 65 \
    "half.txt:1: synopsis record has no 'Id' header" "$PT" ingest -q --corpus s1c.jsonl half.txt
check "1: ... and the store is not written" test ! -e s1c.jsonl
# A .txt title of 1.5 MB of control bytes: 9 MB once escaped, past the 8 MiB line limit.
python3 -c '
import sys
sys.stdout.write("Id: ctl\nTitle: " + "\x01" * 1500000 + "\n\nShort text.\n")' > ctl.txt
expect "1: a readout whose store line would pass the line limit is refused" 65 \
    "ctl.txt: readout 'ctl' would take a store line of 9000" "$PT" ingest -q --corpus s1d.jsonl ctl.txt
check "1: ... and the store stays loadable (not written)" test ! -e s1d.jsonl

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

finish
