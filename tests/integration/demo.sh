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
# On failure, show what the cycle did and every reject, to see why.
why() {
    out | grep "cycle:"
    sqlite3 -batch "$TMP/demo.db" "select reason || '  ' || url from rejects"
}
rejects() { sqlite3 -batch "$TMP/demo.db" "select count(*) from rejects where reason like '$1'"; }
[ "$(rejects 'duplicate of article%')" = 1 ] || { why; fail "duplicate wire story not detected"; }
[ "$(rejects 'disallowed by robots.txt')" = 1 ] || { why; fail "robots.txt reject missing"; }
[ "$(rejects 'HTTP 404%')" = 1 ] || { why; fail "404 reject missing"; }
# Every stored article was analysed; the Vietnamese ones are detected as
# such, and the demo has articles about the country and a topic.
q() { sqlite3 -batch "$TMP/demo.db" "$1"; }
[ "$(q "select count(*) from articles where relevance_class is null")" = 0 ] ||
    fail "articles left unanalysed"
[ "$(q "select count(*) from articles where lang = 'vi'")" -ge 3 ] || fail "no Vietnamese detected"
[ "$(q "select count(*) from articles where relevance_class = 2")" -ge 5 ] ||
    fail "fewer than 5 articles about the country"
[ "$(q "select count(*) from articles where topics <> ''")" -ge 10 ] || fail "topics mostly empty"
out | grep -A3 "search thong tin doi ngoai" | grep -q "Ngoại giao\|thông tin" ||
    fail "no hit for the Vietnamese query without diacritics"
pass "demo: $stored articles in $langs languages, rejects recorded, searches hit"
# The demo admin: printed, written beside the database, and able to sign in.
PASS=$(out | sed -n 's/^  user: admin    password: \([A-Za-z0-9]*\) .*/\1/p')
[ ${#PASS} = 20 ] || fail "no demo admin credentials printed: $(out | tail -3)"
grep -qx "password=$PASS" "$TMP/demo-credentials.txt" || fail "credentials file"
[ "$(stat -c %a "$TMP/demo-credentials.txt")" = 600 ] || fail "credentials file readable by others"
pass "demo admin created, credentials printed; no terminal, so no server was left running"
echo "1 passed, 0 failed"
