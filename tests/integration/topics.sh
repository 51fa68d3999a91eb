# herald topics from the command line: train and predict on a small labelled
# set (plain and --json, folds), the taxonomy's rules and list, and one-line
# errors with line numbers for bad input, a corrupt model and usage mistakes.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

H="$BUILD/herald"

# expect STATUS CMD...: runs CMD (stdin from $IN), checks its exit status
# and, for failures, that stderr is one line.
expect() {
    local want=$1 got=0
    shift
    "$@" <"${IN:-/dev/null}" >"$TMP/out" 2>"$TMP/err" || got=$?
    [ "$got" = "$want" ] || fail "'$*' exited $got, wanted $want: $(cat "$TMP/err")"
    if [ "$want" = 1 ]; then
        [ "$(wc -l <"$TMP/err")" = 1 ] || fail "'$*' stderr is not one line: $(cat "$TMP/err")"
    fi
}

cat >"$TMP/train.jsonl" <<'J'
{"title":"Stocks rally","text":"Shares rose as investors bet on profits and the central bank cut rates.","label":"economy"}
{"text":"The company reported record revenue and profits; exports and trade grew.","label":"economy"}
{"text":"Kim ngạch xuất khẩu và đầu tư nước ngoài tăng mạnh, lợi nhuận cao.","label":"economy"}

{"title":"Cup final","text":"The team won the match with a late goal; the striker scored twice.","label":"sport"}
{"text":"The coach praised the players after the league match and the goal.","label":"sport"}
{"text":"Đội tuyển thắng trận, tiền đạo ghi bàn, huấn luyện viên hài lòng.","label":"sport"}
J
printf '0\n1\n2\n0\n1\n2\n' >"$TMP/folds"
cat >"$TMP/docs.jsonl" <<'J'
{"text":"investors expect higher profits"}
{"title":"Bóng đá","text":"tiền đạo ghi bàn trong trận"}
J

IN="$TMP/train.jsonl" expect 0 "$H" topics train --out "$TMP/model"
[ -s "$TMP/model" ] || fail "no model written"
IN="$TMP/docs.jsonl" expect 0 "$H" topics predict --model "$TMP/model"
[ "$(cat "$TMP/out")" = "$(printf 'economy\nsport')" ] || fail "predict: $(cat "$TMP/out")"
expect 0 "$H" topics predict --model "$TMP/model" --json "$TMP/docs.jsonl"
head -1 "$TMP/out" | grep -q '^{"label":"economy","scores":{"economy":[0-9.]*,"sport":-' ||
    fail "predict --json: $(cat "$TMP/out")"
pass "train and predict, plain and JSON, stdin and file"

IN="$TMP/train.jsonl" expect 0 "$H" topics train --out "$TMP/m0" --folds "$TMP/folds" --fold 0
IN="$TMP/train.jsonl" expect 0 "$H" topics predict --model "$TMP/m0" --folds "$TMP/folds" --fold 0
[ "$(wc -l <"$TMP/out")" = 2 ] || fail "fold 0 should predict 2 documents: $(cat "$TMP/out")"
IN="$TMP/train.jsonl" expect 0 "$H" topics cv --folds "$TMP/folds"
grep -q "^topics cv: 6 documents, 2 labels, 3 folds: accuracy [01][.][0-9]*, macro-F1" "$TMP/out" ||
    fail "cv: $(cat "$TMP/out")"
IN="$TMP/train.jsonl" expect 0 "$H" topics cv --k 3
grep -q "3 folds" "$TMP/out" || fail "cv --k: $(cat "$TMP/out")"
IN="$TMP/train.jsonl" expect 1 "$H" topics cv --k 99
printf '0\n1\n' >"$TMP/short-folds"
IN="$TMP/train.jsonl" expect 1 "$H" topics cv --folds "$TMP/short-folds"
grep -q "2 fold numbers for 6 documents" "$TMP/err" || fail "cv short folds: $(cat "$TMP/err")"
pass "folds, and cross-validation in one process"

cat >"$TMP/news.jsonl" <<'J'
{"title":"Tàu Trung Quốc vào vùng đặc quyền kinh tế","text":"Việt Nam khẳng định chủ quyền đối với Hoàng Sa và Trường Sa trên Biển Đông."}
{"title":"越南外长访问中国","text":"两国外交部举行会谈。"}
{"text":"nothing to see"}
J
IN="$TMP/news.jsonl" expect 0 "$H" topics rules
[ "$(cat "$TMP/out")" = "$(printf 'sovereignty\ndiplomacy\n')" ] || fail "rules: $(cat "$TMP/out")"
IN="$TMP/news.jsonl" expect 0 "$H" topics rules --json
head -1 "$TMP/out" | grep -q '^{"topics":\["sovereignty"\],"scores":{"diplomacy":0' ||
    fail "rules --json: $(cat "$TMP/out")"
printf '[seas]\nname.en = Seas\nen 3 = sea\n' >"$TMP/rules"
echo '{"text":"the sea"}' >"$TMP/sea.jsonl"
IN="$TMP/sea.jsonl" expect 0 "$H" topics rules --rules "$TMP/rules"
[ "$(cat "$TMP/out")" = seas ] || fail "rules --rules: $(cat "$TMP/out")"
expect 0 "$H" topics list
[ "$(wc -l <"$TMP/out")" = 9 ] && grep -q "^sovereignty *Sovereignty, seas and islands / Chủ quyền, biển đảo" "$TMP/out" ||
    fail "list: $(cat "$TMP/out")"
pass "rules (built-in and from a file) and list"

printf '{"text":"a","label":"x"}\n{"text":"b","label":\n' >"$TMP/bad.jsonl"
IN="$TMP/bad.jsonl" expect 1 "$H" topics train --out "$TMP/m2"
grep -q "line 2" "$TMP/err" || fail "bad JSON line number: $(cat "$TMP/err")"
printf '{"text":"a"}\n' >"$TMP/nolabel.jsonl"
IN="$TMP/nolabel.jsonl" expect 1 "$H" topics train --out "$TMP/m2"
grep -q 'line 1: no "label"' "$TMP/err" || fail "missing label: $(cat "$TMP/err")"
printf '{"text":"a","label":"x"}\n' >"$TMP/one.jsonl"
IN="$TMP/one.jsonl" expect 1 "$H" topics train --out "$TMP/m2"
printf '[]\n' >"$TMP/arr.jsonl"
IN="$TMP/arr.jsonl" expect 1 "$H" topics predict --model "$TMP/model"
head -c 100 "$TMP/model" >"$TMP/cut"
IN="$TMP/docs.jsonl" expect 1 "$H" topics predict --model "$TMP/cut"
grep -q "truncated" "$TMP/err" || fail "truncated model: $(cat "$TMP/err")"
IN="$TMP/docs.jsonl" expect 1 "$H" topics predict --model "$TMP/train.jsonl"
grep -q "magic" "$TMP/err" || fail "not a model: $(cat "$TMP/err")"
printf '[a]\nbogus\n' >"$TMP/badrules"
IN="$TMP/news.jsonl" expect 1 "$H" topics rules --rules "$TMP/badrules"
grep -q "line 2" "$TMP/err" || fail "bad rules: $(cat "$TMP/err")"
expect 2 "$H" topics
expect 2 "$H" topics train
expect 2 "$H" topics frobnicate
expect 2 "$H" topics predict --bogus
pass "one-line errors and usage"
