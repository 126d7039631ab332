# project.sh — every command sees the project of politrend.conf the same way
# (classify, explain, tokens, evaluate, vectorize and phrases read its
# corpora, store and model; an option overrides it for that command only),
# and `run` notices a bundle trained with other settings than its own: it
# refuses, names each setting that differs and says what to do, and leaves
# the bundle as it was; unless the only difference is a shipped file that
# changed with an upgrade (it retrains).  Training settings in
# politrend.conf are shared by train and run.  Hand-made readouts, small
# enough that each training takes a fraction of a second.
. tests/lib.sh

cd "$TMP" || exit 1

. "$REPO/tests/small_corpus.sh"
small_corpus base.jsonl 1 2 3 4 5 6 7 8 9 10 11 12 14 15 16 17 18 19 20 21
printf '{"id":"q-1","lang":"en","text":"The members studied army troops and combat readiness of the navy."}\n' > one.jsonl

# --- every command reads politrend.conf --------------------------------------------
mkdir proj && cd proj || exit 1
"$PT" init -q --corpus ../base.jsonl --store store.jsonl --model my/model --out my/reports
expect "train uses politrend.conf's model and corpora" 0 "model in my/model" \
    "$PT" train --corpus ../base.jsonl --ngram 1 --no-stem
check "nothing was written to out/model" test ! -e out/model
expect "classify uses politrend.conf's model" 0 "" "$PT" classify ../one.jsonl
check "classify's line is the readout's" grep -q '^{"id":"q-1",.*"theme":"defense"' "$TMP/out"
expect "classify --model overrides it for that command" 66 "nope: no model bundle here" \
    "$PT" classify --model nope ../one.jsonl
expect "vectorize uses politrend.conf's model" 0 "" "$PT" vectorize ../one.jsonl
check "vectorize wrote one line" test "$(wc -l < "$TMP/out")" -eq 1
expect "explain uses politrend.conf's model and corpora" 0 "" "$PT" explain --top 3
check "explain's terms are the project's words, unstemmed" /usr/bin/python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
assert sorted(e) == ["culture", "defense", "economy", "frontier", "party-building"], e
words = {t["term"] for v in e.values() for t in v}
assert "museums" in words or "readiness" in words or "markets" in words, words
' "$TMP/out"
expect "tokens uses politrend.conf's bundle (its --ngram 1 --no-stem)" 0 "" "$PT" tokens ../one.jsonl
check "tokens: unstemmed words, no word pairs" sh -c \
    "grep -q '	readiness	' '$TMP/out' && ! grep -q '	[a-z]* [a-z]*	' '$TMP/out'"
expect "tokens with a feature option uses train's defaults with it, not the bundle" 0 "" \
    "$PT" tokens --ngram 2 ../one.jsonl
check "tokens --ngram 2: word pairs" grep -q '	[a-z]* [a-z]*	' "$TMP/out"
expect "tokens --model with feature options is refused (the bundle's settings are used)" 64 \
    "--model uses the bundle's settings" "$PT" tokens --model my/model --ngram 3 ../one.jsonl
printf '{"id":"s-1","date":"2025-02-10","cc":20,"session":22,"lang":"en","themes":["culture"],"text":"The members studied quantum lattice research and heritage; quantum lattice research came up twice."}\n{"id":"s-2","date":"2025-04-10","cc":20,"session":23,"lang":"en","text":"Quantum lattice research and museums were studied again."}\n' > new.jsonl
"$PT" ingest -q new.jsonl 2>/dev/null
expect "evaluate uses politrend.conf's corpora and the store's labelled readouts" 0 "" "$PT" evaluate --folds 2
check "evaluate: 20 corpus readouts and the store's 1 labelled one" /usr/bin/python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["documents"] == 21' "$TMP/out"
expect "evaluate --no-store" 0 "" "$PT" evaluate --folds 2 --no-store
check "evaluate --no-store: the corpora only" /usr/bin/python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["documents"] == 20' "$TMP/out"
expect "phrases uses politrend.conf's corpora and the store" 0 "" "$PT" phrases --min-count 3
check "phrases: first seen in the project's years, not the embedded corpus's" sh -c \
    "test \"\$(sed 1d '$TMP/out' | cut -f3 | sort | head -n 1 | cut -c1-4)\" = 2022"
check "phrases: the store's phrase, first seen in its readout" grep -q '^quantum lattice research	en	2025-02-10	20-22	' "$TMP/out"
expect "phrases --no-store" 0 "" "$PT" phrases --min-count 3 --no-store
check "phrases --no-store leaves out the store's readouts" sh -c "! grep -q '	2025-' '$TMP/out'"
cd "$TMP" || exit 1

# --- run notices a bundle trained with other settings ------------------------------
mkdir batch && cd batch || exit 1
"$PT" init -q --corpus ../base.jsonl --store store.jsonl --model model --out reports
expect "first run trains" 0 "model retrained" "$PT" run
expect "a second run reuses it" 0 "model reused" "$PT" run
cp model/manifest.json manifest.before
mkdir -p inbox
printf '{"id":"w-1","date":"2025-01-20","lang":"en","text":"The members studied trade and grain supply chains."}\n' > inbox/wait.jsonl
expect "run --seed 7 on a bundle of seed 1 refuses" 65 \
    "model was trained with other settings than this run would use: seed 1 (this run: 7)" "$PT" run --seed 7
check "a refused run changes nothing: the inbox waits, the store is not written" \
    sh -c "test -f inbox/wait.jsonl && test ! -e store.jsonl"
check "the refusal says what to do" sh -c \
    "grep -qF 'give this run the same settings (--seed 1)' '$TMP/err' &&
     grep -qF \"politrend train --model model\" '$TMP/err' && grep -qF 'another --model directory' '$TMP/err'"
check "the bundle is untouched" cmp -s model/manifest.json manifest.before
expect "train -C 4 --seed 7 by hand" 0 "" "$PT" train -q -C 4 --seed 7
expect "a plain run refuses that bundle, naming both settings" 65 \
    "C 4 (this run: 1), seed 7 (this run: 1)" "$PT" run
check "and gives the options that match it" grep -qF "(-C 4 --seed 7)" "$TMP/err"
expect "run with those options reuses it" 0 "model reused" "$PT" run -C 4 --seed 7
printf '{"id":"20-22-en","date":"2025-03-10","cc":20,"session":22,"lang":"en","themes":["culture"],"text":"The members studied heritage, museums and literature."}\n' > inbox/new.jsonl
expect "new labels: run with the same options retrains" 0 "model retrained" "$PT" run -C 4 --seed 7
check "the retrained bundle keeps C 4 and seed 7" /usr/bin/python3 -c '
import json
t = json.load(open("model/manifest.json"))["training"]
assert t["C"] == 4 and t["seed"] == 7, t'
cp model/manifest.json manifest.before
expect "run --threshold on a bundle whose threshold was chosen by cross-validation" 65 \
    "threshold chosen by cross-validation (this run: 0.3)" "$PT" run -C 4 --seed 7 --threshold 0.3
expect "run --folds 3 on a bundle of 5 folds" 65 "cross-validation folds 5 (this run: 3)" \
    "$PT" run -C 4 --seed 7 --folds 3
expect "run --ngram 3" 65 "English n-grams up to 2 (this run: 3)" "$PT" run -C 4 --seed 7 --ngram 3
expect "run --no-lexicon" 65 "lexicon model/lexicon.tsv (this run: none)" \
    "$PT" run -C 4 --seed 7 --no-lexicon
cp "$REPO/corpus/themes.tsv" six.tsv && printf 'ecology\tthe environment, said apart\n' >> six.tsv
expect "run --themes with other themes" 65 \
    "themes economy, party-building, defense, culture, frontier (this run: economy, party-building, defense, culture, frontier, ecology)" \
    "$PT" run -C 4 --seed 7 --themes six.tsv
sed 's/^\(culture	\).*/\1arts and heritage, said otherwise/' "$REPO/corpus/themes.tsv" > same-names.tsv
expect "run --themes with the same themes described otherwise reuses the bundle" 0 "model reused" \
    "$PT" run -C 4 --seed 7 --themes same-names.tsv
head -n 5 "$REPO/features/lexicon.tsv" > small-lexicon.tsv
expect "run --lexicon with another lexicon" 65 "lexicon" "$PT" run -C 4 --seed 7 --lexicon small-lexicon.tsv
expect "run --kernel rbf" 65 "kernel linear (this run: rbf)" "$PT" run -C 4 --seed 7 --kernel rbf
expect "run --no-class-weights --tifa-weight 2 names both" 65 "class weights on (this run: off)" \
    "$PT" run -C 4 --seed 7 --no-class-weights --tifa-weight 2
check "... and the tifa weight" grep -qF "tifa weight 3 (this run: 2)" "$TMP/err"
expect "a run that differs in many settings lists them on lines of their own" 65 \
    "the options that match it: --segmenter bigram --ngram 2 --formulae model/formulae.tsv --min-df 1" \
    "$PT" run --segmenter icu --ngram 3 --min-df 2 --max-df 0.9 --max-features 100 --no-sublinear-tf \
    --no-stem --no-fold-spelling --no-tifa-themes --no-formulae --tifa-weight 2 --no-class-weights --seed 3
check "... and the message still says what to do" grep -qF "give this run the same settings (the options listed above)" "$TMP/err"
check "no refusal touched the bundle" cmp -s model/manifest.json manifest.before
expect "run --jobs 1 changes nothing the model depends on" 0 "model reused" "$PT" run -C 4 --seed 7 --jobs 1
cd "$TMP" || exit 1

# --- an upgrade of politrend's own files retrains; a file the user gave still refuses -
# The shipped data lives in a copy (POLITREND_DATADIR), so the repository's
# files are never changed by a test.
mkdir upgrade && cd upgrade || exit 1
mkdir -p dd/reports && cp -r "$REPO/corpus" "$REPO/features" dd/ && cp "$REPO"/reports/*.tsv dd/reports/
"$PT" init -q --corpus ../base.jsonl --store store.jsonl --model model --out reports
expect "upgrade: the first run trains with politrend's own files" 0 "model retrained" \
    env POLITREND_DATADIR=dd "$PT" run
check "upgrade: the manifest says the lexicon, formulae and taxonomy were the shipped ones" /usr/bin/python3 -c '
import json
m = json.load(open("model/manifest.json"))
assert m["tokenizer"]["lexicon_source"] == "shipped" and m["tokenizer"]["formulae_source"] == "shipped", m["tokenizer"]
assert m["themes_source"] == "shipped", m["themes_source"]'
sed 's/^\(deng-xiaoping-theory	.*\)$/\1|theory of Deng/' dd/features/lexicon.tsv > lex.new && mv lex.new dd/features/lexicon.tsv
check "upgrade: the copied lexicon gained a form (the repository's did not)" sh -c \
    "grep -q '|theory of Deng$' dd/features/lexicon.tsv && ! grep -q 'theory of Deng' '$REPO/features/lexicon.tsv'"
expect "upgrade: a run after the shipped lexicon changed retrains, saying why in one line" 0 \
    "politrend: run: the shipped lexicon changed since model was trained: retraining" \
    env POLITREND_DATADIR=dd "$PT" run
check "upgrade: ... and its bundle holds the new lexicon" grep -q '|theory of Deng$' model/lexicon.tsv
expect "upgrade: the next run reuses it" 0 "model reused" env POLITREND_DATADIR=dd "$PT" run
printf 'en\tthe members of the political bureau studied\n' >> dd/features/formulae.tsv
expect "upgrade: the shipped formulae changed too: retrains" 0 \
    "politrend: run: the shipped formulae changed since model was trained: retraining" \
    env POLITREND_DATADIR=dd "$PT" run
cp -r model old-model
sed '/"lexicon_source"/d; /"formulae_source"/d; /"themes_source"/d' model/manifest.json > old-model/manifest.json
sed 's/|theory of Deng$/|theory of Deng|Deng theory/' dd/features/lexicon.tsv > lex.new && mv lex.new dd/features/lexicon.tsv
expect "upgrade: a bundle whose manifest does not say where its lexicon came from is refused (read as given)" 65 \
    "old-model was trained with other settings than this run would use: lexicon old-model/lexicon.tsv" \
    env POLITREND_DATADIR=dd "$PT" run --model old-model
cp dd/features/lexicon.tsv mine.tsv
printf 'party-extra\tparty-building\t党建新词\tnew Party wording\n' >> mine.tsv
expect "upgrade: train with a lexicon of the user's" 0 "" env POLITREND_DATADIR=dd "$PT" train -q --lexicon mine.tsv
check "upgrade: the manifest says it was given" /usr/bin/python3 -c '
import json
assert json.load(open("model/manifest.json"))["tokenizer"]["lexicon_source"] == "given"'
cp model/manifest.json manifest.before
expect "upgrade: a plain run (the shipped lexicon) refuses the bundle of the user's lexicon, not retrains it" 65 \
    "trained with other settings than this run would use: lexicon model/lexicon.tsv (this run: dd/features/lexicon.tsv, not the same)" \
    env POLITREND_DATADIR=dd "$PT" run
printf 'party-more\tparty-building\t党建再词\tmore Party wording\n' >> mine.tsv
expect "upgrade: the user's lexicon changed: run with it refuses as before" 65 \
    "lexicon model/lexicon.tsv (this run: mine.tsv, not the same)" env POLITREND_DATADIR=dd "$PT" run --lexicon mine.tsv
check "upgrade: ... and the refusals left the bundle as it was" cmp -s model/manifest.json manifest.before
cd "$TMP" || exit 1

# --- training settings in politrend.conf -------------------------------------------
mkdir settings && cd settings || exit 1
"$PT" init -q --corpus ../base.jsonl --store store.jsonl --model model --out reports
check "init writes the training settings commented out with their defaults" sh -c \
    "grep -qx '# C = 1' politrend.conf && grep -qx '# seed = 1' politrend.conf &&
     grep -qx '# grid = no' politrend.conf && grep -q '^# themes = ' politrend.conf"
sed 's/^# C = 1$/C = 4/; s/^# seed = 1$/seed = 7/' politrend.conf > conf.new && mv conf.new politrend.conf
expect "train reads C and seed from politrend.conf" 0 "C=4" "$PT" train
check "the bundle has C 4 and seed 7" /usr/bin/python3 -c '
import json
t = json.load(open("model/manifest.json"))["training"]
assert t["C"] == 4 and t["seed"] == 7, t'
expect "run with C = 4 in politrend.conf reuses train's bundle" 0 "model reused" "$PT" run
expect "run -C 2 overrides the file for that run, and refuses naming C" 65 "C 4 (this run: 2)" "$PT" run -C 2
expect "a plain run after it still reuses the bundle" 0 "model reused" "$PT" run
printf 'folds = 1\n' >> politrend.conf
expect "a bad value in politrend.conf names the file and line" 65 \
    "politrend.conf:$(wc -l < politrend.conf): folds: folds expects a whole number from 2 to 50, not '1'" "$PT" run
sed '$d' politrend.conf > conf.new && printf 'kernel = sigmoid\n' >> conf.new && mv conf.new politrend.conf
expect "... a bad kernel too, for a command that does not train" 65 \
    "kernel: --kernel must be 'linear' or 'rbf', not 'sigmoid'" "$PT" report
sed '$d' politrend.conf > conf.new && printf 'cost = 4\n' >> conf.new && mv conf.new politrend.conf
expect "an unknown key names the line and the known keys" 65 "unknown key 'cost' (known: corpus, store" "$PT" train
sed '$d' politrend.conf > conf.new && printf 'grid = yes\nfolds = 3\n' >> conf.new && mv conf.new politrend.conf
expect "train with grid = yes and folds = 3 in politrend.conf" 0 "" "$PT" train -q
check "the bundle's C was chosen by a 3-fold grid search" /usr/bin/python3 -c '
import json
s = json.load(open("model/manifest.json"))["selection"]
assert s["method"] == "grid" and s["folds"] == 3, s'
expect "run with the same politrend.conf reuses the grid's bundle" 0 "model reused" "$PT" run
expect "run --no-grid refuses it, naming C" 65 "C chosen by --grid (this run: 4)" "$PT" run --no-grid
check "... and suggests --grid" grep -qF "give this run the same settings (--grid)" "$TMP/err"
expect "train --no-grid -C 4 overrides the file's grid" 0 "" "$PT" train -q --no-grid -C 4
expect "a run with grid = yes refuses that bundle, suggesting --no-grid" 65 "C 4 (this run: chosen by --grid)" "$PT" run
check "... with the options that match it" grep -qF "(--no-grid -C 4)" "$TMP/err"
cd "$TMP" || exit 1

for cmd in classify explain tokens evaluate vectorize phrases; do
    expect "$cmd --help names politrend.conf" 0 "" "$PT" $cmd --help
    check "$cmd --help says where its defaults come from" grep -q "politrend.conf" "$TMP/out"
done
finish
