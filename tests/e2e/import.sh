# import.sh — readouts as users have them (issue 17): saved web pages and
# pasted texts through `import`, `ingest` and `classify`; the facts read
# from the text, the records naming their file and what was extracted, the
# note for a page without the study-session formula, and the refusals.
. tests/lib.sh

PAGES="$REPO/tests/fixtures/pages"
TEXTS="$REPO/tests/fixtures/texts"
field() {  # field FILE N KEY: the KEY of the N-th record (1-based) of a JSON Lines file, as JSON
    /usr/bin/python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(json.dumps(r[int(sys.argv[2])-1].get(sys.argv[3]), ensure_ascii=False))' "$@"
}

expect "import a directory of saved pages" 0 "politrend: import: 7 readouts" "$PT" import "$PAGES"
cp "$TMP/out" "$TMP/pages.jsonl"
check "one record per page, in file order" test "$(wc -l < "$TMP/pages.jsonl")" -eq 7
check "each record names its file" test "$(field "$TMP/pages.jsonl" 1 file)" = "\"$PAGES/cctv-zh.html\""
check "CCTV-like page: session day from the formula, month from the page's date" \
    test "$(field "$TMP/pages.jsonl" 1 date) $(field "$TMP/pages.jsonl" 1 cc) $(field "$TMP/pages.jsonl" 1 session)" = '"2019-09-27" 19 23'
check "English page: Thursday before the dispatch of Friday May 31" \
    test "$(field "$TMP/pages.jsonl" 2 date) $(field "$TMP/pages.jsonl" 2 cc) $(field "$TMP/pages.jsonl" 2 session)" = '"2024-05-30" 20 15'
check "Xinhua-like page: the canonical address is the source" \
    test "$(field "$TMP/pages.jsonl" 7 source)" = '"http://www.news.cn/politics/leaders/2024-05/31/c_1130000001.htm"'
check "what was read from the text is listed" \
    test "$(field "$TMP/pages.jsonl" 7 extracted)" = '["date", "cc", "session", "lecturers", "title", "lang", "source"]'
check "a page without the formula is said so on stderr" grep -qF \
    "politrend: import: $PAGES/plain-news-en.html: no study-session formula in the text; imported as a plain readout dated 2023-10-12 (its publication)" "$TMP/err"
check "the plain page has no session number" test "$(field "$TMP/pages.jsonl" 5 session)" = null

expect "import --out writes the same records" 0 "" "$PT" import --out "$TMP/pages2.jsonl" "$PAGES"
check "--out: same bytes as stdout, nothing on stdout" sh -c "cmp -s '$TMP/pages.jsonl' '$TMP/pages2.jsonl' && test ! -s '$TMP/out'"
"$PT" import "$PAGES" > "$TMP/pages3.jsonl" 2>/dev/null
check "import twice: the same bytes" cmp -s "$TMP/pages.jsonl" "$TMP/pages3.jsonl"
expect "a page on standard input" 0 "" sh -c "'$PT' import - < '$PAGES/xinhua-zh.html'"
check "stdin page: its facts" sh -c "grep -qF '\"date\":\"2024-05-30\",\"cc\":20,\"session\":15' '$TMP/out'"

# Body text with only a Source: line, as a user pastes it.
expect "import pasted texts" 0 "politrend: import: 7 readouts" "$PT" import "$TEXTS"
cp "$TMP/out" "$TMP/texts.jsonl"
check "dispatch of May 28, session on May 27" test "$(field "$TMP/texts.jsonl" 4 date)" = '"2019-05-27"'
check "lecturers with their affiliations, and the roles these name" test "$(field "$TMP/texts.jsonl" 4 lecturers)" = \
    '[{"name": "陈立新", "affiliation": "清华大学公共管理学院院长、教授", "role": "academic"}, {"name": "周玉兰", "affiliation": "中国社会科学院社会学研究所研究员", "role": "academic"}]'
check "an English page's lecturer: a ministry's institute is a think-tank" \
    test "$(field "$TMP/pages.jsonl" 2 lecturers)" = \
    '[{"name": "Wang Haiming", "affiliation": "Institute for Ocean Development Strategy of the Ministry of Natural Resources", "role": "think-tank"}]'
check "no year anywhere: term and number from the text, the year fitted to them" \
    test "$(field "$TMP/texts.jsonl" 2 date) $(field "$TMP/texts.jsonl" 2 cc) $(field "$TMP/texts.jsonl" 2 session)" = '"2015-01-29" 18 20'
check "a fitted year is said so on stderr" grep -qF \
    "politrend: import: $TEXTS/en-explicit.txt: no year is given for the session; 2015 fits session 20 of the 18th term (check the date)" "$TMP/err"

printf 'Source: https://tv.cctv.com/2013/05/24/VIDE0001.shtml\r\n中共中央政治局5月24日下午就某项工作进行第六次集体学习。\r\n' > "$TMP/pasted.txt"
expect "a Source: line right above the text, with CRLF" 0 "" "$PT" import "$TMP/pasted.txt"
check "its date, term and number" sh -c "grep -qF '\"date\":\"2013-05-24\",\"cc\":18,\"session\":6' '$TMP/out'"

# ingest and classify read the same way, inline.
expect "ingest pages and texts" 0 "politrend: ingest: 14 added, 0 replaced, 0 relabelled, 0 duplicates, 0 rejected" \
    "$PT" ingest -q --corpus "$TMP/store.jsonl" "$PAGES" "$TEXTS"
check "the store keeps file and extracted" sh -c "grep -c '\"extracted\":\\[' '$TMP/store.jsonl' | grep -qx 14"
cp "$TMP/store.jsonl" "$TMP/store.first"
"$PT" ingest -q --corpus "$TMP/store.jsonl" "$TMP/store.first" 2> "$TMP/err2"
check "the store read back is the same readouts" grep -qF "0 added, 0 replaced, 0 relabelled, 14 duplicates" "$TMP/err2"

printf 'Id: undated\n\nThe Politburo met to discuss the economy.\n' > "$TMP/undated.txt"
expect "ingest refuses a readout it cannot date" 65 \
    "politrend: rejected: $TMP/undated.txt: readout 'undated' has no date and no session number" \
    "$PT" ingest -q --corpus "$TMP/store.jsonl" --quarantine "$TMP/q" "$TMP/undated.txt"
check "the refused readout is in the quarantine with its reason" sh -c "
    cmp -s '$TMP/undated.txt' '$TMP/q/undated.txt' && grep -qF \"add a header 'Date: YYYY-MM-DD'\" '$TMP/q/undated.txt.why'"
check "the store is unchanged" cmp -s "$TMP/store.jsonl" "$TMP/store.first"

# run reads its inbox the same way: a page is ingested, an undated text quarantined with its reason.
mkdir -p "$TMP/proj/inbox"
cp "$PAGES/xinhua-zh.html" "$TMP/proj/inbox/"
cp "$TMP/undated.txt" "$TMP/proj/inbox/"
expect "run: an undated inbox readout is refused (exit 65)" 65 "politrend: rejected: inbox/undated.txt: readout 'undated' has no date" \
    sh -c "cd '$TMP/proj' && '$PT' run -q --no-wait --corpus '$REPO/corpus/readouts/cc20.jsonl'"
check "run: the page is in the store with its facts" sh -c \
    "grep -qF '\"date\":\"2024-05-30\",\"cc\":20,\"session\":15' '$TMP/proj/corpus/local.jsonl'"
check "run: the undated text waits in the quarantine with its .why" sh -c \
    "cmp -s '$TMP/undated.txt' '$TMP/proj/inbox/quarantine/undated.txt' && grep -qF 'has no date and no session number' '$TMP/proj/inbox/quarantine/undated.txt.why'"

# Header and theme typos.
printf 'Titel: Border defense\nDate: 2024-07-30\n\nThe body.\n' > "$TMP/titel.txt"
expect "Titel: is refused with a suggestion" 65 "politrend: $TMP/titel.txt:1: unknown header 'Titel' (did you mean Title?)" \
    "$PT" import "$TMP/titel.txt"
check "nothing written for a refused input" test ! -s "$TMP/out"
printf 'Title: Border defense\nDate: 2024-07-30\nThemes: Defense; ECONOMY\n\nThe body.\n' > "$TMP/themes.txt"
expect "themes match case-insensitively, ';' separates" 0 "" "$PT" import "$TMP/themes.txt"
check "themes as the taxonomy names them" sh -c "grep -qF '\"themes\":[\"defense\",\"economy\"]' '$TMP/out'"

expect "import without inputs is a usage error" 64 "name at least one input" "$PT" import
expect "import --help" 0 "" "$PT" import --help
check "import --help describes it" grep -qF "Usage: politrend import" "$TMP/out"
finish
