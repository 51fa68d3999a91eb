# End to end: a feed URL on a local HTTP server -> fetch-once -> a search
# hit, with robots.txt honoured, a 404 recorded, duplicates not refetched.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

start_fixture_server "$SRC/tests/fixtures/site"
write_test_config

herald source add "$BASE/feed.xml" --name "Fixture News" --country VN --lang vi --kind domestic >/dev/null
herald fetch-once >"$TMP/out1" || fail "fetch-once failed: $(cat "$TMP/out1")"
grep -q "3 articles stored" "$TMP/out1" || fail "expected 3 stored: $(cat "$TMP/out1")"
pass "fetch-once stored 3 articles"

# Vietnamese without diacritics finds the diacritic text.
herald search "thong tin doi ngoai" >"$TMP/s1" || fail "search failed"
grep -q "Hội nghị thông tin đối ngoại" "$TMP/s1" || fail "no hit for folded query: $(cat "$TMP/s1")"
pass "search without diacritics finds thông tin đối ngoại"

herald search "外交" >"$TMP/s2" || fail "search zh failed"
grep -q "越南外交部" "$TMP/s2" || fail "no hit for 外交: $(cat "$TMP/s2")"
herald search --json "port cooperation" >"$TMP/s3" || fail "search en failed"
grep -q "Hai Phong" "$TMP/s3" || grep -q "Japan" "$TMP/s3" || fail "no hit for english query"
pass "Chinese and English searches hit"

# robots.txt: the private page was never requested.
hits=$(curl -s "$BASE/_hits?path=/private/internal.html")
[ "$hits" = "0" ] || fail "robots.txt ignored: private page requested $hits times"
[ "$(sql "select count(*) from rejects where reason like '%robots%'")" -ge 1 ] || fail "robots reject not recorded"
[ "$(sql "select count(*) from rejects where reason like '%404%'")" -ge 1 ] || fail "404 not recorded"
pass "robots.txt honoured and rejects recorded"

# Canonical URLs have no tracking parameters.
[ "$(sql "select count(*) from articles where url like '%utm_%'")" = "0" ] || fail "tracking params kept"

# A second cycle fetches no page again.
before=$(curl -s "$BASE/_hits?path=/news/en-ports.html")
herald fetch-once --all >"$TMP/out2" || fail "second fetch-once failed"
after=$(curl -s "$BASE/_hits?path=/news/en-ports.html")
[ "$before" = "$after" ] || fail "page refetched ($before -> $after)"
[ "$(sql "select count(*) from articles")" = "3" ] || fail "article count changed"
pass "second cycle stores nothing twice"

# show and export work on what was stored.
id=$(sql "select id from articles where lang like 'zh%' limit 1")
herald show "$id" | grep -q "越南外交部" || fail "show $id"
[ "$(herald export --format jsonl | wc -l)" = "3" ] || fail "export jsonl"
pass "show and export"
echo "1 passed, 0 failed"
