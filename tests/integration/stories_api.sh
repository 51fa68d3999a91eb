# GET /api/v1/stories and /api/v1/stories/{id} through herald serve: the
# articles of tests/e2e/site fetched, the stories table then set to three
# known stories (so the answer does not depend on the clusterer), listed by
# importance with their sets and tone mix, limit and since, ?article= finds
# an article's story, the story's articles in published order, 400 on bad
# parameters, 404, a viewer may read, no session is 401.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
PY=/usr/bin/python3
HERALD_PID=""
trap '[ -n "$HERALD_PID" ] && kill "$HERALD_PID" 2>/dev/null; cleanup' EXIT
mkdir -p "$TMP/site" && cp -r "$SRC/tests/e2e/site/." "$TMP/site/"
for n in 0 1 2 3; do
    d=$(date -u -d "$n days ago 10 minutes ago" '+%a, %d %b %Y %H:%M:%S GMT')
    sed -i "s/{{DAY$n}}/$d/" "$TMP"/site/*.xml
done
start_fixture_server "$TMP/site"
write_test_config
herald source add "$BASE/feed-vi.xml" --name "E2E Tin Tức" --country VN --lang vi >/dev/null
herald source add "$BASE/feed-en.xml" --name "E2E World" --country GB --lang en >/dev/null
herald fetch-once >"$TMP/out" || fail "fetch-once failed: $(cat "$TMP/out")"
[ "$(sql "select count(*) from articles")" = 5 ] || fail "expected 5 articles"
sqlite3 "$TMP/herald.db" <<'SQL' || fail "could not write the stories"
DELETE FROM article_stories; DELETE FROM stories;
INSERT INTO stories (id, title, title_article, first_seen, last_seen, updated, articles,
  articles_24h, outlets, langs, countries, topics, tone_neg, tone_neu, tone_pos, n_outlets, importance)
VALUES (7, 'Trade partnerships', 2, 1000, 5000, strftime('%s', 'now'), 3, 2,
  'E2E World,E2E Tin Tức', 'en,vi', 'GB,VN', 'economy', 0, 0, 3, 2, 3.5),
 (8, 'River pollution', 3, 2000, 2000, strftime('%s', 'now'), 1, 1,
  'E2E World', 'en', 'GB', 'politics,society', 1, 0, 0, 1, 1.25),
 (9, 'Old story', 1, 100, 100, 86400, 1, 0, 'E2E Tin Tức', 'vi', 'VN', '', 0, 1, 0, 1, 0.5);
INSERT INTO article_stories (article_id, story_id, fp, band0, band1, band2, band3, dup_of)
SELECT id, CASE WHEN topics LIKE 'economy%' THEN 7 WHEN tone_label = -1 THEN 8 ELSE 9 END,
  id, 0, 0, 0, 0, CASE WHEN title LIKE '<script>%' THEN 4 ELSE NULL END FROM articles;
SQL
printf 'correct horse battery staple\n' >"$TMP/pw"
herald user add vic --role viewer --password-file "$TMP/pw" >/dev/null || fail "user add viewer"
VTOK=$(herald token create v --user vic | grep -o 'hrld_[A-Za-z0-9_-]*') || fail "token"
herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" 2>"$TMP/serve.log"
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "serve did not start: $(cat "$TMP/serve.log")"
API="http://127.0.0.1:$(cat "$TMP/api.port")"

get() { CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' -H "Authorization: Bearer $VTOK" "$API$1"); }
check() {
    $PY -c "import json,sys; j=json.load(open('$TMP/body')); sys.exit(0 if ($1) else 1)" ||
        fail "check failed: $1 on $(head -c 600 "$TMP/body")"
}
expect() { [ "$CODE" = "$1" ] || fail "expected $1, got $CODE for $2: $(head -c 300 "$TMP/body")"; }

get /api/v1/stories && expect 200 "list"
check "[s['id'] for s in j['items']] == [7, 8, 9]"
check "j['items'][0]['outlets'] == ['E2E World', 'E2E Tin Tức'] and j['items'][0]['langs'] == ['en', 'vi']"
check "j['items'][0]['tone'] == {'negative': 0, 'neutral': 0, 'positive': 3} and abs(j['items'][0]['growth'] - 2/3) < 1e-9"
check "j['items'][1]['topics'] == ['politics', 'society'] and j['items'][2]['topics'] == []"
check "j['items'][0]['first_seen'] == '1970-01-01T00:16:40Z' and j['items'][0]['n_outlets'] == 2"
get "/api/v1/stories?limit=1" && expect 200 "limit"
check "len(j['items']) == 1 and j['items'][0]['id'] == 7"
get "/api/v1/stories?since=$(date -u '+%Y-%m-%d')" && expect 200 "since"
check "[s['id'] for s in j['items']] == [7, 8]"
pass "list by importance with outlets, languages, countries, topics, tone mix, growth; limit, since"

A3=$(sql "select id from articles where tone_label = -1")
get "/api/v1/stories?article=$A3" && expect 200 "article's story"
check "[s['id'] for s in j['items']] == [8]"
get "/api/v1/stories?article=999" && expect 200 "article without a story"
check "j['items'] == []"
get /api/v1/stories/7 && expect 200 "story"
check "j['id'] == 7 and j['title'] == 'Trade partnerships' and len(j['items']) == 3"
check "[a['published'] for a in j['items']] == sorted(a['published'] for a in j['items'])"
check "{a['lang'] for a in j['items']} == {'en', 'vi'} and all(a['tone'] == 'positive' for a in j['items'])"
check "[a['dup_of'] for a in j['items'] if a['title'].startswith('<script>')] == [4] and j['items_truncated'] is False"
check "all(set(a) >= {'id', 'title', 'url', 'source', 'country', 'published'} for a in j['items'])"
pass "?article= finds the article's story; a story's articles in published order with language, tone, duplicate"

for bad in "limit=0" "limit=101" "limit=x" "since=2026-13-01" "since=yesterday" "article=0" "article=-3" "colour=red"; do
    get "/api/v1/stories?$bad" && expect 400 "$bad"
    check "j['error']['code'] == 'bad_request' and j['error']['message']"
done
get "/api/v1/stories/7?x=1" && expect 400 "story with a parameter"
get /api/v1/stories/12345 && expect 404 "absent story"
get /api/v1/stories/abc && expect 400 "non-numeric id"
CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' "$API/api/v1/stories")
expect 401 "no session"
CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' "$API/api/v1/stories/7")
expect 401 "no session"
pass "400 naming the parameter or a bad id, 404 for an absent story, 401 without a session"
