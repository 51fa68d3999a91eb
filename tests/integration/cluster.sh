# herald cluster on a fixture of 39 short articles in 9 languages with
# known stories (translations of one event, wire copies, unrelated items;
# tests/fixtures/stories/cluster.jsonl, written for herald): pairwise
# precision and recall of "same story" must reach 0.9 each (measured at
# the default threshold 0.3: 1.000 and 1.000; at 0.25 precision falls to
# 0.857, at 0.35 recall to 0.883). Also: wire copies are reported as
# near-duplicates with --explain, bad lines get one-line errors with their
# line number and the rest is still clustered, and flags are checked.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

H="$BUILD/herald"
FX="$SRC/tests/fixtures/stories/cluster.jsonl"

"$H" cluster --jsonl <"$FX" >"$TMP/out" 2>"$TMP/err" || fail "cluster failed: $(cat "$TMP/err")"
[ "$(wc -l <"$TMP/out")" = "$(wc -l <"$FX")" ] || fail "one output line per article"
/usr/bin/python3 - "$FX" "$TMP/out" <<'PY' || fail "pairwise precision/recall below 0.9"
import itertools, json, sys
gold = {}
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l)
    gold[o["id"]] = o["group"]
pred = {}
for l in open(sys.argv[2]):
    o = json.loads(l)
    assert set(o) == {"id", "story"}, o
    pred[o["id"]] = o["story"]
tp = fp = fn = 0
for a, b in itertools.combinations(sorted(gold), 2):
    g, p = gold[a] == gold[b], pred[a] == pred[b]
    tp += g and p
    fp += p and not g
    fn += g and not p
P, R = tp / (tp + fp), tp / (tp + fn)
print("cluster fixture: precision %.3f recall %.3f (tp %d fp %d fn %d)" % (P, R, tp, fp, fn))
sys.exit(0 if P >= 0.9 and R >= 0.9 else 1)
PY
pass "fixture stories: precision and recall >= 0.9"

"$H" cluster --explain <"$FX" >"$TMP/explain" || fail "cluster --explain"
grep -q '"id":"yagi-en-wire".*"dup_of":"yagi-en"' "$TMP/explain" || fail "wire copy not a near-duplicate: $(grep yagi-en-wire "$TMP/explain")"
grep -q '"id":"coffee-en-wire".*"dup_of":"coffee-en"' "$TMP/explain" || fail "coffee wire copy not a near-duplicate"
pass "wire copies are near-duplicates of their originals"

# Bad lines: each reported with its number, the others still clustered.
printf '%s\n' '{"id":1,"title":"Bão Yagi","text":"Bão Yagi đổ bộ Quảng Ninh","lang":"vi"}' \
    'not json' '{"title":"no id"}' '{"id":3}' '{"id":4,"text":"x","published":"yesterday-ish"}' \
    '' '{"id":[1],"text":"x"}' '{"id":"ok","text":"Typhoon Yagi hits Quang Ninh","published":1725760000}' \
    >"$TMP/bad.jsonl"
printf '{"id":9,"text":"\xff\xfe bad utf-8"}\n' >>"$TMP/bad.jsonl"
status=0
"$H" cluster <"$TMP/bad.jsonl" >"$TMP/out" 2>"$TMP/err" || status=$?
[ "$status" = 1 ] || fail "bad lines: exit $status, wanted 1"
[ "$(wc -l <"$TMP/out")" = 2 ] || fail "the two good lines are clustered: $(cat "$TMP/out")"
for n in 2 3 4 5 7 9; do
    grep -q "^herald: cluster: line $n: " "$TMP/err" || fail "no error for line $n: $(cat "$TMP/err")"
done
[ "$(wc -l <"$TMP/err")" = 6 ] || fail "one error line per bad line: $(cat "$TMP/err")"
pass "bad lines: one-line errors with line numbers"

: | "$H" cluster >"$TMP/out" || fail "empty input fails"
[ ! -s "$TMP/out" ] || fail "empty input prints nothing"
status=0
"$H" cluster --threshold 2 </dev/null 2>"$TMP/err" || status=$?
[ "$status" = 1 ] && grep -q "threshold" "$TMP/err" || fail "--threshold 2 refused"
status=0
"$H" cluster --window 0 </dev/null 2>"$TMP/err" || status=$?
[ "$status" = 1 ] || fail "--window 0 refused"
status=0
"$H" cluster --bogus </dev/null 2>"$TMP/err" || status=$?
[ "$status" = 2 ] || fail "unknown flag is a usage error"
pass "flags checked"

# [stories] in the configuration sets the defaults; a flag still wins.
stories_of() { /usr/bin/python3 -c "import json,sys; print(len({json.loads(l)['story'] for l in sys.stdin}))"; }
DEFAULT_N=$("$H" cluster <"$FX" | stories_of)
printf '[stories]\nthreshold = 0.99\n' >"$TMP/strict.ini"
STRICT_N=$("$H" --config "$TMP/strict.ini" cluster <"$FX" | stories_of)
[ "$STRICT_N" -gt "$DEFAULT_N" ] || fail "threshold 0.99 from the config: $STRICT_N stories, default $DEFAULT_N"
FLAG_N=$("$H" --config "$TMP/strict.ini" cluster --threshold 0.3 <"$FX" | stories_of)
[ "$FLAG_N" = "$DEFAULT_N" ] || fail "--threshold 0.3 over the config: $FLAG_N stories, wanted $DEFAULT_N"
printf '[stories]\nthreshold = 2\n' >"$TMP/bad.ini"
status=0
"$H" --config "$TMP/bad.ini" cluster </dev/null 2>"$TMP/err" || status=$?
[ "$status" != 0 ] && grep -q "threshold" "$TMP/err" || fail "threshold 2 in the config accepted: $(cat "$TMP/err")"
pass "[stories] threshold from the configuration ($DEFAULT_N stories at 0.3, $STRICT_N at 0.99), the flag wins"
