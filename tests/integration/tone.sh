#!/usr/bin/env bash
# herald tone through the binary: document tone from stdin, tone toward a
# --target (matched folded), JSONL with mention strings and code-point
# offsets, train/--model round trip, and one-line errors for bad lines.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
H="$BUILD/herald"
S="Vietnam's economy is excellent, but Cambodia suffered a terrible crisis."

out=$(echo "$S" | "$H" tone) || fail "tone exited $?"
[[ $out == negative\ -0.* ]] || fail "document tone: $out"
out=$(echo "$S" | "$H" tone --target VIETNAM) || fail "tone --target exited $?"
[[ $out == positive\ 0.* ]] || fail "target tone: $out"
out=$(echo "$S" | "$H" tone --target cambodia)
[[ $out == negative\ -0.* ]] || fail "target tone (other party): $out"
out=$(printf '' | "$H" tone)
[ "$out" = "neutral 0.0000" ] || fail "empty input: $out"
out=$(printf 'good \xff\xfe very good' | "$H" tone)
[[ $out == positive\ 0.* ]] || fail "malformed UTF-8: $out"
out=$(echo "Kinh te Viet Nam khong tot." | "$H" tone --lang vi)
[[ $out == negative\ -0.* ]] || fail "vi without diacritics: $out"
pass "plain mode"

printf '%s\n' \
    '{"text":"Kinh tế Việt Nam không tốt."}' \
    '{"text":"“Hà Nội” thành công, nhưng Lào gặp khủng hoảng.","target":[1,7]}' \
    '{"text":"Hà Nội thành công, nhưng Lào gặp khủng hoảng.","target":"lao"}' \
    '' \
    '{"text":"Nothing here.","target":null}' >"$TMP/in.jsonl"
"$H" tone --jsonl <"$TMP/in.jsonl" >"$TMP/out.jsonl" || fail "--jsonl exited $?"
[ "$(wc -l <"$TMP/out.jsonl")" -eq 4 ] || fail "--jsonl line count"
sed -n 1p "$TMP/out.jsonl" | grep -Eq '^\{"score":-0\.[0-9]{4},"label":"negative"\}$' ||
    fail "jsonl doc: $(sed -n 1p "$TMP/out.jsonl")"
sed -n 2p "$TMP/out.jsonl" | grep -q '"positive"' || fail "jsonl offsets: $(sed -n 2p "$TMP/out.jsonl")"
sed -n 3p "$TMP/out.jsonl" | grep -q '"negative"' || fail "jsonl mention: $(sed -n 3p "$TMP/out.jsonl")"
sed -n 4p "$TMP/out.jsonl" | grep -qx '{"score":0.0000,"label":"neutral"}' || fail "jsonl neutral"
pass "--jsonl"

set +e
printf '{"text":"ok"}\n{"text":1}\n' | "$H" tone --jsonl >/dev/null 2>"$TMP/err"
[ $? -eq 1 ] || fail "bad line exit status"
grep -q 'line 2: "text" must be a string' "$TMP/err" || fail "bad line message: $(cat "$TMP/err")"
printf '{"text":"ok","target":[3]}\n' | "$H" tone --jsonl >/dev/null 2>"$TMP/err"
grep -q 'line 1: "target"' "$TMP/err" || fail "bad target message: $(cat "$TMP/err")"
printf 'not json\n' | "$H" tone --jsonl >/dev/null 2>"$TMP/err"
grep -q 'line 1: not a JSON object' "$TMP/err" || fail "not json: $(cat "$TMP/err")"
"$H" tone --bogus </dev/null 2>/dev/null
[ $? -eq 2 ] || fail "usage exit status"
set -e
pass "bad lines"

for i in 1 2 3 4; do
    echo '{"text":"Acme praised by all, while Bolt blamed for chaos.","target":"Acme","label":"positive"}'
    echo '{"text":"Bolt praised by all, while Acme blamed for chaos.","target":"Acme","label":"negative"}'
    echo '{"text":"Acme met Bolt on Tuesday.","target":[0,4],"label":0}'
done >"$TMP/train.jsonl"
"$H" tone train --out "$TMP/m.bin" <"$TMP/train.jsonl" 2>"$TMP/err" || fail "train: $(cat "$TMP/err")"
out=$(echo "Bolt praised by all, while Acme blamed for chaos." | "$H" tone --model "$TMP/m.bin" --target Acme)
[[ $out == negative\ * ]] || fail "model prediction: $out"
head -c 100 "$TMP/m.bin" >"$TMP/bad.bin"
set +e
echo x | "$H" tone --model "$TMP/bad.bin" 2>"$TMP/err"
[ $? -eq 1 ] || fail "corrupt model exit status"
grep -q "bad size" "$TMP/err" || fail "corrupt model message: $(cat "$TMP/err")"
echo '{"text":"x","target":"y","label":"good"}' | "$H" tone train --out "$TMP/m2" 2>"$TMP/err"
[ $? -eq 1 ] && grep -q "line 1" "$TMP/err" || fail "train bad line: $(cat "$TMP/err")"
set -e
pass "train and --model"
