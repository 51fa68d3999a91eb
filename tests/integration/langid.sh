#!/usr/bin/env bash
# herald langid through the binary: one code per stdin line, --json, the
# confidence threshold, und for empty and digit-only lines, malformed UTF-8,
# and a one-line error (not a crash) for a line over 1 MiB.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
H="$BUILD/herald"

printf '%s\n' \
    'Bộ Ngoại giao Việt Nam hoan nghênh quyết định của các nước' \
    'The foreign ministry said the talks would resume next week' \
    '外交部发言人在例行记者会上回答了有关问题' \
    '' \
    '2026-11-22 10:30' \
    'Bo Ngoai giao Viet Nam hoan nghenh quyet dinh cua cac nuoc' >"$TMP/in.txt"
"$H" langid <"$TMP/in.txt" >"$TMP/out.txt" || fail "langid exited $?"
printf 'vi\nen\nzh\nund\nund\nvi\n' >"$TMP/want.txt"
diff -u "$TMP/want.txt" "$TMP/out.txt" || fail "codes differ"
pass "one code per line"

"$H" langid --json <"$TMP/in.txt" >"$TMP/out.json" || fail "langid --json exited $?"
[ "$(wc -l <"$TMP/out.json")" -eq 6 ] || fail "--json line count"
head -1 "$TMP/out.json" | grep -Eq '^\{"lang":"vi","confidence":0\.9[0-9]*\}$' ||
    fail "--json format: $(head -1 "$TMP/out.json")"
sed -n 4p "$TMP/out.json" | grep -qx '{"lang":"und","confidence":0}' || fail "--json und"
pass "--json"

echo "ok thanks" | "$H" langid --min-confidence 1 | grep -qx und || fail "threshold 1 gives und"
echo "ok thanks" | "$H" langid --min-confidence 0 | grep -qvx und || fail "threshold 0 gives a code"
set +e
echo x | "$H" langid --min-confidence 2 2>/dev/null
[ $? -eq 2 ] || fail "bad --min-confidence is a usage error"
set -e
pass "--min-confidence"

printf 'Vi\xff\xfet Nam \xc3\n\xff\xfe\x80\n' | "$H" langid >"$TMP/bad.txt" || fail "malformed UTF-8"
[ "$(wc -l <"$TMP/bad.txt")" -eq 2 ] && sed -n 2p "$TMP/bad.txt" | grep -qx und ||
    fail "malformed UTF-8 output: $(cat "$TMP/bad.txt")"
pass "malformed UTF-8"

set +e
{ echo "The talks will resume next week in the capital"; head -c 1100000 /dev/zero | tr '\0' a; echo; } |
    "$H" langid >"$TMP/long.out" 2>"$TMP/long.err"
rc=$?
set -e
[ $rc -eq 1 ] || fail "long line exit $rc"
grep -q 'line 2 is longer than' "$TMP/long.err" || fail "long line message: $(cat "$TMP/long.err")"
[ "$(wc -l <"$TMP/long.err")" -eq 1 ] || fail "long line: one-line error"
grep -qx en "$TMP/long.out" || fail "lines before the long one are answered"
pass "line over 1 MiB"
