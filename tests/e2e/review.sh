# review.sh — the year in review end to end on the embedded corpus: train
# into a temporary bundle, write the reports, and check what a reader of the
# 2024 review checks: seven sessions in order, 20-13 held but unpublished,
# the lecturers with their posts, 20-15 four days before July 1 and 20-16
# two days before August 1, two to four key sentences per session and
# language, each exactly a sentence of that session's readout; the Markdown
# parsed by Debian's cmark; the HTML page rendered in headless Chromium
# (sections counted, Chinese found in the rendered text), and the index
# page's added sections.
. tests/lib.sh
CORPUS_DIR="$REPO/corpus/readouts"

# ---- usage -------------------------------------------------------------------------
expect "review --help" 0 "" "$PT" review --help
check "review --help shows usage" grep -q '^Usage: politrend review YEAR' "$TMP/out"
expect "review without a year" 64 "politrend: review: which year?" "$PT" review
expect "review with a bad year" 64 "YEAR expects a whole number" "$PT" review 20x4
expect "review --out and --html" 64 "give one of them" "$PT" review 2024 --html --out "$TMP/x"

expect "train for the review" 0 "" "$PT" train -q --model "$TMP/model"
expect "review of a year without sessions" 65 "no study sessions in 2030 (the corpus has 2002 to 2026)" \
    "$PT" review 2030 --model "$TMP/model"
printf 'Universities\tUniversity\nno pattern here\n' > "$TMP/bodies.tsv"
expect "a bad bodies line is named" 65 "bodies.tsv:2: expected 2 tab-separated fields" \
    "$PT" review 2024 --model "$TMP/model" --bodies "$TMP/bodies.tsv"

# ---- the files beside the year's JSON ----------------------------------------------------
expect "report writes the reviews" 0 "" "$PT" report -q --model "$TMP/model" --out "$TMP/r"
R="$TMP/r"
check "report wrote review-2024.md and review-2024.html" test -s "$R/review-2024.md" -a -s "$R/review-2024.html"
check "one review per year file" \
    test "$(ls "$R" | grep -c '^review-[0-9]*\.md$')" -eq "$(ls "$R" | grep -c '^[0-9][0-9][0-9][0-9]\.json$')"
expect "review 2024 on stdout" 0 "" "$PT" review 2024 --model "$TMP/model"
check "review on stdout is the file report wrote" cmp "$TMP/out" "$R/review-2024.md"
expect "review 2024 --html on stdout" 0 "" "$PT" review 2024 --model "$TMP/model" --html
check "review --html is the page report wrote" cmp "$TMP/out" "$R/review-2024.html"
expect "review --out writes both files" 0 "" "$PT" review 2024 --model "$TMP/model" --out "$TMP/o"
check "review --out gives the same files" sh -c "cmp '$TMP/o/review-2024.md' '$R/review-2024.md' && cmp '$TMP/o/review-2024.html' '$R/review-2024.html'"

# ---- source links --------------------------------------------------------------------------
python3 - "$CORPUS_DIR/cc20.jsonl" > "$TMP/cc20-url.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    if d["id"] == "20-16-en":
        d["source"] = "https://example.org/readouts/20-16?lang=en&x=1"
    if d["id"] == "20-17-en":
        d["source"] = "javascript:alert(1)"
    print(json.dumps(d, ensure_ascii=False))
PY
expect "report on readouts with a url" 0 "" "$PT" report -q --model "$TMP/model" --corpus "$TMP/cc20-url.jsonl" --out "$TMP/u"
check "the review links the readout's source" \
    grep -qF '20-16-en (English, [source](https://example.org/readouts/20-16?lang=en&x=1))' "$TMP/u/review-2024.md"
check "the page links the readout's source" \
    grep -qF '<a class="source" href="https://example.org/readouts/20-16?lang=en&amp;x=1">en</a>' "$TMP/u/index.html"
check "the year report gives the source address" grep -qF '"source": "https://example.org/readouts/20-16?lang=en&x=1"' "$TMP/u/2024.json"
check "an address that is not http(s) is never a link" sh -c "! grep -q 'javascript:' '$TMP/u/index.html' && ! grep -q 'javascript:' '$TMP/u/review-2024.md'"

# ---- what the 2024 review says ------------------------------------------------------------
if command -v python3 >/dev/null 2>&1; then
    review_fact() {  # review_fact NAME PYTHON-EXPRESSION
        if python3 - "$R/review-2024.md" "$R/2024.json" "$CORPUS_DIR" "$2" > "$TMP/fact.out" 2>&1 <<'PY'
import glob, json, re, sys
md = open(sys.argv[1], encoding="utf-8").read()
y = json.load(open(sys.argv[2]))
texts = {}
for f in glob.glob(sys.argv[3] + "/*.jsonl"):
    for line in open(f, encoding="utf-8"):
        d = json.loads(line)
        texts[d["id"]] = d["text"]
parts = re.split(r"(?m)^## ", md)
sections = {p.split(" ", 1)[0]: p for p in parts[1:]}
order = [p.split(" ", 1)[0] for p in parts[1:]]
def sec(i): return sections.get(i, "")
sessions = y["sessions"]["list"]
def ks_ok(s):
    by = {}
    for k in s["key_sentences"]:
        if k["readout"] not in [r["id"] for r in s["readouts"]] or k["text"] not in texts[k["readout"]]:
            return False
        by[k["lang"]] = by.get(k["lang"], 0) + 1
    return sorted(by) == s["languages"] and all(2 <= n <= 4 for n in by.values())
ok = eval(sys.argv[4])
if not ok: print(order)
sys.exit(0 if ok else 1)
PY
        then ok "$1"; else not_ok "$1: $(head -c 300 "$TMP/fact.out")"; fi
    }
    review_fact "the 2024 review names seven sessions in date order" \
        'order == ["20-11", "20-12", "20-14", "20-15", "20-16", "20-17", "20-18", "The"]'
    review_fact "20-13 is listed as held but unpublished" \
        're.search(r"(?s)### Held but unpublished\n\n- 20-13: numbered between 20-12 .* and 20-14 .*held", md) is not None'
    review_fact "the lead names 20-13 as held without a readout" \
        '"; session 20-13 was held but has no readout in the corpus." in parts[0] or "; session 20-13 was held but never published." in parts[0]'
    review_fact "lecturers with their affiliations and roles" \
        '"Zhang Jinghu, Secretary-General of the Organization Department of the CPC Central Committee (official)" in sec("20-15") and "Wang Bo, Vice President and Professor, Peking University (academic)" in sec("20-17") and "Huang Jizhong, Joint Staff Department of the Central Military Commission (military)" in sec("20-16")'
    review_fact "20-15 is four days before July 1" \
        '"**Calendar:** 4 days before the Party founding anniversary (July 1)" in sec("20-15")'
    review_fact "20-16 is two days before August 1" '"**Calendar:** 2 days before Army Day (August 1)" in sec("20-16")'
    review_fact "the other sessions are not near a date" \
        'all("**Calendar:** not within 10 days" in sec(i) for i in ["20-11", "20-12", "20-14", "20-17", "20-18"])'
    review_fact "themes with probability and label source" \
        '"**Themes:** frontier (primary; model probability" in sec("20-18") and "labelled by hand" in sec("20-18")'
    review_fact "2-4 key sentences per session and language, each a sentence of its readout" \
        'len(sessions) == 7 and all(ks_ok(s) for s in sessions)'
    review_fact "key sentences are quoted under the session" \
        'all(sec(s["id"]).count("\n> ") == len(s["key_sentences"]) for s in sessions)'
    review_fact "first-used phrases under their session (新质生产力 in 20-11)" \
        '"\n- 新质生产力 " in sec("20-11").split("**First used here**")[1] and "新质生产力" not in sec("20-12").split("**First used here**")[-1]'
    review_fact "themes against 2023 in the summary" '"### Themes against 2023" in md and "- party-building: 1 session (2023: 3, −2)" in md'
    review_fact "who briefed, rolled up to parent bodies" \
        '"- **Chinese Academy of Social Sciences** (20-18): Li Guoqiang" in md and "- **Universities** (20-17): Wang Bo" in md and "- **Self-study (Politburo members)** (20-11)" in md'
else
    ok "2024 review facts # SKIP python3 not installed"
fi

# ---- CommonMark, checked by Debian's cmark ---------------------------------------------------
if command -v cmark >/dev/null 2>&1; then
    cmark --to xml "$R/review-2024.md" > "$TMP/review.xml"
    check "cmark parses the review: 1 title, 8 sections" \
        sh -c "test \"\$(grep -c '<heading level=\"1\"' '$TMP/review.xml')\" -eq 1 && test \"\$(grep -c '<heading level=\"2\"' '$TMP/review.xml')\" -eq 8"
    check "cmark: 14 block quotes of key sentences (7 sessions, 2 languages)" \
        test "$(grep -c '<block_quote' "$TMP/review.xml")" -eq 14
    check "cmark: no stray markup left in the text (** __ \\ <)" \
        sh -c "! grep '<text' '$TMP/review.xml' | grep -Eq '[*][*]|__|[\\\\]|&lt;'"
    check "cmark: no raw HTML in the review" sh -c "! grep -Eq '<html_(block|inline)' '$TMP/review.xml'"
    cmark --to commonmark "$R/review-2024.md" | cmark > "$TMP/round.html"
    cmark "$R/review-2024.md" > "$TMP/direct.html"
    check "the review survives a CommonMark round trip" cmp "$TMP/round.html" "$TMP/direct.html"
    check "the HTML page holds exactly what cmark renders from the Markdown" \
        python3 -c "import sys; p=open('$R/review-2024.html',encoding='utf-8').read(); h=open('$TMP/direct.html',encoding='utf-8').read(); sys.exit(0 if h in p else 1)"
else
    ok "CommonMark check # SKIP cmark not installed"
fi

# ---- the pages ---------------------------------------------------------------------------------
for page in review-2024.html index.html; do
    check "$page loads nothing from the network" sh -c "! grep -Eq '(src|href)=\"(https?:)?//' '$R/$page'"
    check "$page has no script" sh -c "! grep -qi '<script' '$R/$page'"
done
check "index.html links every year's review" \
    test "$(grep -o 'href="review-[0-9]*\.html"' "$R/index.html" | sort -u | wc -l)" -eq "$(ls "$R" | grep -c '^review-[0-9]*\.html$')"
check "readout length of 2024 on the page, as counted by hand" python3 - "$CORPUS_DIR/cc20.jsonl" "$R/index.html" <<'PY'
import json, re, statistics, sys
en, zh = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    if not d["date"].startswith("2024"):
        continue
    if d["lang"] == "en":
        en.append(len([w for w in d["text"].split() if re.search(r"[A-Za-z0-9\u00C0-\u024F]", w)]))
    else:
        zh.append(len(re.findall(r"[\u3400-\u4DBF\u4E00-\u9FFF]", d["text"])))
page = open(sys.argv[2], encoding="utf-8").read()
want = ["<title>2024: %d readouts, median %.0f, %d to %d</title>" % (len(v), statistics.median(v), min(v), max(v))
        for v in (en, zh)]
sys.exit(0 if all(w in page for w in want) else 1)
PY
check "the page's term bars, cadence ticks and briefers agree with the JSON" python3 - "$R" <<'PY'
import glob, json, re, sys
r = sys.argv[1]
page = open(r + "/index.html", encoding="utf-8").read()
t = json.load(open(r + "/trends.json"))
terms = page.count('<g class="term">') == len(t["cc_terms"])
cad = re.search(r'<svg id="cadence-chart".*?</svg>', page, re.S).group(0)
ticks = cad.count('stroke="#4E79A7"') == sum(c["intervals"] for c in t["cadence"])
lect = 0
for f in glob.glob(r + "/[0-9][0-9][0-9][0-9].json"):
    for s in json.load(open(f))["sessions"]["list"]:
        lect += len(s["lecturers"])
table = re.search(r'<table id="briefers-table">.*?</table>', page, re.S).group(0)
rows = re.findall(r'</td><td class="num">(\d+)</td><td class="num">\d+</td>', table)
sys.exit(0 if terms and ticks and sum(map(int, rows)) == lect else 1)
PY
for id in share-by-term cadence briefers trend-slopes readout-length model reviews; do
    check "index.html has the section #$id" grep -q "<section id=\"$id\"" "$R/index.html"
done

if [ -x /usr/bin/chromium ]; then
    chrome() {
        timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$(mktemp -d -p "$TMP")" "$@"
    }
    chrome --dump-dom "file://$R/review-2024.html" > "$TMP/review-dom.html" 2> "$TMP/chrome.log"
    chrome --screenshot="$TMP/review.png" --window-size=1000,1500 "file://$R/review-2024.html" > "$TMP/chrome2.log" 2>&1
    check "chromium renders review-2024.html to a PNG" \
        sh -c "test -s '$TMP/review.png' && head -c 8 '$TMP/review.png' | od -An -c | grep -q 'P   N   G'"
    check "chromium: the review has 8 sections (7 sessions and the summary)" \
        test "$(grep -o '<h2>' "$TMP/review-dom.html" | wc -l)" -eq 8
    check "chromium: 14 quotes of key sentences" test "$(grep -o '<blockquote>' "$TMP/review-dom.html" | wc -l)" -eq 14
    check "chromium: the Chinese phrases are in the rendered text" \
        python3 - "$TMP/review-dom.html" <<'PY'
import html, re, sys
text = html.unescape(re.sub(r"<[^>]+>", " ", open(sys.argv[1], encoding="utf-8").read()))
need = ["新质生产力", "扎实推进高质量发展", "习近平文化思想", "兴边富民", "我国历史上的边疆治理"]
sys.exit(0 if all(n in text for n in need) else 1)
PY
    chrome --dump-dom "file://$R/index.html" > "$TMP/index-dom.html" 2> "$TMP/chrome3.log"
    check "chromium: the index page has its sections" \
        test "$(grep -o '<section id=' "$TMP/index-dom.html" | wc -l)" -ge 12
else
    ok "chromium render # SKIP chromium not installed"
fi

finish
