# small_corpus.sh — a small labelled corpus for the end-to-end scripts that
# train: hand-written phrases, one English readout per 20th-term session,
# so that each training takes a fraction of a second.  Sourced after
# lib.sh; small_corpus FILE SESSION... writes the readouts of those session
# numbers (sessions 1-3 in 2022, 4-9 in 2023, the rest in 2024; the theme
# cycles with the number).

words_economy="growth markets finance industry investment trade grain supply chains"
words_party="discipline cadres integrity conduct supervision self-reform rules Party"
words_defense="army troops combat readiness navy joint operations weapons"
words_culture="heritage literature arts museums traditions values media"
words_frontier="border regions ethnic unity frontier governance stability community"
theme_of() {
    case $(($1 % 5)) in
    0) echo economy ;; 1) echo party-building ;; 2) echo defense ;; 3) echo culture ;; 4) echo frontier ;;
    esac
}
words_of() {
    case $1 in
    economy) echo "$words_economy" ;; party-building) echo "$words_party" ;; defense) echo "$words_defense" ;;
    culture) echo "$words_culture" ;; frontier) echo "$words_frontier" ;;
    esac
}
small_corpus() {
    file=$1
    shift
    : > "$file"
    for s in "$@"; do
        t=$(theme_of "$s")
        if [ "$s" -le 3 ]; then y=2022; elif [ "$s" -le 9 ]; then y=2023; else y=2024; fi
        m=$(( (s % 12) + 1 ))
        printf '{"id":"20-%d-en","date":"%d-%02d-15","cc":20,"session":%d,"lang":"en","themes":["%s"],"text":"Session %d of the Political Bureau studied %s, and the members talked about %s once more in round %d."}\n' \
            "$s" "$y" "$m" "$s" "$t" "$s" "$(words_of "$t")" "$(words_of "$t" | cut -d' ' -f1-3)" "$s" >> "$file"
    done
}
