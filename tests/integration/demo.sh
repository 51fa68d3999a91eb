# make demo's own path: the bundled demo site served by herald on
# 127.0.0.1, ingested through the real HTTP path, then searched. Checks what
# the demo promises a newcomer: articles in many languages, the duplicate
# wire story, the robots.txt and 404 rejects, and a search hit.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
DEMO_DB="$TMP/demo.db" "$SRC/scripts/demo" "$BUILD/herald" >"$TMP/demo.out" 2>&1 ||
    fail "scripts/demo failed: $(tail -5 "$TMP/demo.out")"
out() { sed 's/\x1b\[[0-9;]*m//g' "$TMP/demo.out"; }
stored=$(out | sed -n 's/.* \([0-9]*\) articles stored.*/\1/p')
[ "${stored:-0}" -ge 40 ] || fail "demo stored ${stored:-0} articles"
langs=$(sqlite3 -batch "$TMP/demo.db" "select count(distinct lang) from articles")
[ "$langs" -ge 6 ] || fail "demo has $langs languages"
out | grep -q "duplicate of article" || fail "duplicate wire story not detected"
out | grep -q "disallowed by robots.txt" || fail "robots.txt reject missing"
out | grep -q "HTTP 404" || fail "404 reject missing"
out | grep -A3 "search thong tin doi ngoai" | grep -q "Ngoại giao\|thông tin" ||
    fail "no hit for the Vietnamese query without diacritics"
pass "demo: $stored articles in $langs languages, rejects recorded, searches hit"
echo "1 passed, 0 failed"
