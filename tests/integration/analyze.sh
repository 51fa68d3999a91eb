# Analysis of stored articles: articles ingested with analysis off are
# unanalysed; `herald analyze` analyses exactly those, `--all` every one
# again after the configuration changes (here: a watchlist of another
# country), and search filters by the results.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

start_fixture_server "$SRC/tests/fixtures/site"
write_test_config
printf '[analysis]\nenabled = false\n' >>"$TMP/herald.ini"
herald source add "$BASE/feed.xml" --name "Fixture News" --country VN --lang vi >/dev/null
herald fetch-once >"$TMP/out" || fail "fetch-once failed: $(cat "$TMP/out")"
[ "$(sql "select count(*) from articles where relevance_class is null")" = 3 ] ||
    fail "articles analysed with analysis off"
herald analyze >"$TMP/out" 2>"$TMP/err" && fail "analyze ran with analysis disabled"
grep -q "analysis is disabled" "$TMP/err" || fail "analyze disabled: $(cat "$TMP/err")"
pass "analysis off: nothing analysed"

write_test_config
herald show 1 | grep -q "not analysed" || fail "show does not say unanalysed"
herald analyze >"$TMP/out" || fail "analyze failed: $(cat "$TMP/out")"
grep -q "analysed 3 of 3 articles" "$TMP/out" || fail "analyze: $(cat "$TMP/out")"
[ "$(sql "select count(*) from articles where relevance_class is null")" = 0 ] ||
    fail "articles left unanalysed"
[ "$(sql "select count(*) from articles where relevance_class = 2")" -ge 1 ] ||
    fail "no article about Viet Nam"
herald analyze >"$TMP/out" || fail "second analyze failed"
grep -q "analysed 0 of 0 articles" "$TMP/out" || fail "second analyze redid work: $(cat "$TMP/out")"
herald show --json 1 | grep -q '"relevance_class"' || fail "show --json has no analysis"
pass "herald analyze does the unanalysed articles once"

about=$(sql "select count(*) from articles where relevance_class = 2")
n=$(herald search --json --relevance about "thong tin OR port OR 外交" | grep -c '"relevance": "about"' || true)
[ "$n" -ge 1 ] || fail "search --relevance about found nothing"
pass "search filters by relevance"

# Another country's watchlist: nothing in the fixtures is about it.
printf '@country\tXX\n@category\tcountry\nen\tcountry\t1\tFreedonia\n' >"$TMP/xx.tsv"
printf '[analysis]\nwatchlist = %s\n' "$TMP/xx.tsv" >>"$TMP/herald.ini"
if ! herald relevance --jsonl </dev/null >/dev/null 2>"$TMP/err"; then
    fail "the test watchlist does not load: $(cat "$TMP/err")"
fi
herald analyze --all >"$TMP/out" || fail "analyze --all failed: $(cat "$TMP/out")"
grep -q "analysed 3 of 3 articles" "$TMP/out" || fail "analyze --all: $(cat "$TMP/out")"
[ "$(sql "select count(*) from articles where relevance_class = 2")" = 0 ] ||
    fail "articles still about the country after the watchlist changed (was $about)"
printf '[analysis]\nwatchlist = /nonexistent.tsv\n' >>"$TMP/herald.ini"
herald analyze --all >"$TMP/out" 2>"$TMP/err" && fail "analyze with a missing watchlist succeeded"
[ "$(wc -l <"$TMP/err")" = 1 ] || fail "bad watchlist error is not one line: $(cat "$TMP/err")"
pass "analyze --all after a configuration change; a bad watchlist is one clear error"
echo "1 passed, 0 failed"
