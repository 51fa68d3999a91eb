# herald relevance from the command line: plain mode (one article on stdin,
# first line the title), --jsonl with match offsets into the original text,
# thresholds, another country's watchlist, and one-line errors.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

H="$BUILD/herald"
FX="$SRC/tests/fixtures/relevance"
PY=/usr/bin/python3

# expect STATUS CMD... < input: checks the exit status and, on failure,
# that stderr is one line.
expect() {
    local want=$1 got=0
    shift
    "$@" >"$TMP/out" 2>"$TMP/err" || got=$?
    [ "$got" = "$want" ] || fail "'$*' exited $got, wanted $want: $(cat "$TMP/err")"
    if [ "$want" != 0 ]; then
        [ "$(wc -l <"$TMP/err")" = 1 ] || fail "'$*' stderr is not one line: $(cat "$TMP/err")"
    fi
}

printf 'Việt Nam tăng trưởng 7%%\nKinh tế Việt Nam tăng trưởng mạnh. Hà Nội thu hút đầu tư.\n' \
    | expect 0 "$H" relevance
grep -Eq '^about 0\.[0-9]{4}$|^about 1\.0000$' "$TMP/out" || fail "plain about: $(cat "$TMP/out")"
printf 'Namibia votes\nNamibia votes today in Windhoek.\n' | expect 0 "$H" relevance
[ "$(cat "$TMP/out")" = "none 0.0000" ] || fail "plain none: $(cat "$TMP/out")"
: | expect 0 "$H" relevance
[ "$(cat "$TMP/out")" = "none 0.0000" ] || fail "empty input: $(cat "$TMP/out")"
printf '\xff\xfe\nVi\xe1\xbb\x87t Nam \xc3\n' | expect 0 "$H" relevance
grep -q '^about ' "$TMP/out" || fail "malformed UTF-8: $(cat "$TMP/out")"
pass "plain mode"

# every labelled fixture gets its class through the CLI
expect 0 "$H" relevance --jsonl <"$FX/labelled.jsonl"
"$PY" - "$FX/labelled.jsonl" "$TMP/out" <<'PYEOF' || fail "labelled classes via --jsonl"
import json, sys
want = [json.loads(l)["label"] for l in open(sys.argv[1], encoding="utf-8")]
got = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(want) == len(got), (len(want), len(got))
for w, g in zip(want, got):
    assert g["class"] == w, (w, g)
PYEOF
pass "labelled fixtures via --jsonl"

# offsets are byte offsets into the original text
printf '%s\n' '{"title":"Tin VIỆT NAM","text":"Ở Hà Nội và Sài Gòn, người dân Việt Nam."}' \
    | expect 0 "$H" relevance --jsonl
"$PY" - "$TMP/out" <<'PYEOF' || fail "match offsets: $(cat "$TMP/out")"
import json, sys
o = json.loads(open(sys.argv[1], encoding="utf-8").read())
text = "Ở Hà Nội và Sài Gòn, người dân Việt Nam.".encode()
assert [m[0] for m in o["matches"]] == ["Hà Nội", "Sài Gòn", "người dân Việt Nam"] or \
       [m[0] for m in o["matches"]] == ["Hà Nội", "Sài Gòn", "Việt Nam"], o
for s, a, b in o["matches"]:
    assert text[a:b].decode() == s, (s, a, b)
assert o["title_matches"][0][0] == "VIỆT NAM" and o["title_hits"] == 1, o
assert o["class"] == "about", o
PYEOF
pass "jsonl matches with byte offsets"

# thresholds
printf 'Vietnam\nVietnam.\n' | expect 0 "$H" relevance --about 1 --mentions 0.5
grep -q '^mentions ' "$TMP/out" || fail "--about/--mentions: $(cat "$TMP/out")"
pass "thresholds"

# another country is a data file
printf 'Cambodia votes\nCambodia votes in Phnom Penh.\n' \
    | expect 0 "$H" relevance --watchlist "$FX/kh.tsv"
grep -q '^about ' "$TMP/out" || fail "kh watchlist: $(cat "$TMP/out")"
printf 'Vietnam votes\nVietnam votes.\n' | expect 0 "$H" relevance --watchlist "$FX/kh.tsv"
grep -q '^none ' "$TMP/out" || fail "kh watchlist on Vietnam: $(cat "$TMP/out")"
pass "second country's watchlist"

# the article's language: Sơn La is a province in Vietnamese, "son la" in Spanish
printf 'Lũ quét ở Sơn La\nMưa lớn gây lũ quét ở Sơn La.\n' | expect 0 "$H" relevance --lang vi
grep -q '^about ' "$TMP/out" || fail "--lang vi: $(cat "$TMP/out")"
printf 'Lũ quét ở Sơn La\nMưa lớn gây lũ quét ở Sơn La.\n' | expect 0 "$H" relevance --lang es
[ "$(cat "$TMP/out")" = "none 0.0000" ] || fail "--lang es: $(cat "$TMP/out")"
printf 'Lũ quét ở Sơn La\nMưa lớn gây lũ quét ở Sơn La.\n' | expect 0 "$H" relevance
[ "$(cat "$TMP/out")" = "none 0.0000" ] || fail "no --lang: $(cat "$TMP/out")"
printf '%s\n' '{"title":"Sơn La","text":"Lũ ở Sơn La.","lang":"vi"}' \
    '{"title":"Sơn La","text":"Lũ ở Sơn La."}' '{"title":"Sơn La","text":"Lũ ở Sơn La.","lang":null}' \
    | expect 0 "$H" relevance --jsonl --lang es
"$PY" - "$TMP/out" <<'PYEOF' || fail "jsonl lang: $(cat "$TMP/out")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [x["class"] for x in o] == ["about", "none", "none"], o
assert o[0]["lang"] == "vi" and o[1]["lang"] == "es", o
PYEOF
printf '%s\n' '{"title":"a","text":"b","lang":7}' | expect 1 "$H" relevance --jsonl
grep -q "line 1" "$TMP/err" || fail "bad lang not named: $(cat "$TMP/err")"
pass "article language (--lang, jsonl lang)"

# errors
printf '{"title":"a","text":"b"}\n{"title": 3}\n' | expect 1 "$H" relevance --jsonl
grep -q "line 2" "$TMP/err" || fail "bad line not named: $(cat "$TMP/err")"
printf '{"title":"a"}\nnot json\n' | expect 1 "$H" relevance --jsonl
grep -q "line 2" "$TMP/err" || fail "bad JSON not named: $(cat "$TMP/err")"
printf '@country\tXX\nen\tcountry\t2\tX\n' >"$TMP/bad.tsv"
: | expect 1 "$H" relevance --watchlist "$TMP/bad.tsv"
grep -q "line 2: weight" "$TMP/err" || fail "bad watchlist: $(cat "$TMP/err")"
: | expect 1 "$H" relevance --watchlist "$TMP/missing.tsv"
: | expect 2 "$H" relevance --bogus
: | expect 2 "$H" relevance --about 2
pass "errors"
