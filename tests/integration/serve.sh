# herald serve: the read-only JSON API on a database filled from the fixture
# site. Every route's happy path (JSON checked with python3), bad input
# (bad and unknown parameters, a huge query, bad ids, traversal, wrong
# method, a huge body), the security headers, /metrics, then SIGTERM.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
PY=/usr/bin/python3
HERALD_PID=""
trap '[ -n "$HERALD_PID" ] && kill "$HERALD_PID" 2>/dev/null; cleanup' EXIT

start_fixture_server "$SRC/tests/fixtures/site"
write_test_config
herald source add "$BASE/feed.xml" --name "Fixture News" --country VN --lang vi >/dev/null
herald fetch-once >"$TMP/out" || fail "fetch-once failed: $(cat "$TMP/out")"
N=$(sql "select count(*) from articles")
[ "$N" -ge 3 ] || fail "expected 3 articles, got $N"

herald serve --listen 0.0.0.0:0 2>"$TMP/err" && fail "serve accepted a non-loopback address"
grep -q "loopback" "$TMP/err" || fail "non-loopback refusal does not say why: $(cat "$TMP/err")"
[ "$(wc -l <"$TMP/err")" = 1 ] || fail "refusal is not one line"
pass "non-loopback addresses are refused until authentication is wired in"

herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" 2>"$TMP/serve.log"
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "serve did not start: $(cat "$TMP/serve.log")"
API="http://127.0.0.1:$(cat "$TMP/api.port")"

# get PATH [curl args...]: sets CODE; the body is in $TMP/body, headers in $TMP/head.
get() {
    local path=$1
    shift
    CODE=$(curl -s -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' "$@" "$API$path")
}
# check PYTHON-EXPR: evaluates the expression with j = the JSON body.
check() {
    $PY -c "import json,sys; j=json.load(open('$TMP/body')); sys.exit(0 if ($1) else 1)" ||
        fail "check failed: $1 on $(head -c 600 "$TMP/body")"
}
expect() { [ "$CODE" = "$1" ] || fail "expected $1, got $CODE for $2: $(head -c 300 "$TMP/body")"; }
error_is() { check "j['error']['code'] == '$1' and len(j['error']['message']) > 0"; }

get /healthz && expect 200 healthz && check "j['status'] == 'ok'"
for h in "Content-Security-Policy: default-src 'self'" "X-Content-Type-Options: nosniff" \
    "Referrer-Policy: no-referrer" "X-Frame-Options: DENY" "Cache-Control: no-store" \
    "Content-Type: application/json"; do
    grep -qi "^$h" "$TMP/head" || fail "missing header $h"
done
pass "healthz with security headers"

get /api/v1/articles && expect 200 articles
check "len(j['items']) == $N and j['order'] == 'newest' and j['next_cursor'] is None"
check "[i['published'] or '' for i in j['items']] == sorted([i['published'] or '' for i in j['items']], reverse=True)"
get "/api/v1/articles?limit=2" && expect 200 "limit=2"
check "len(j['items']) == 2 and j['next_cursor']"
CUR=$($PY -c "import json; print(json.load(open('$TMP/body'))['next_cursor'])")
FIRST=$($PY -c "import json; print(' '.join(str(i['id']) for i in json.load(open('$TMP/body'))['items']))")
get "/api/v1/articles?limit=2&cursor=$CUR" && expect 200 "page 2"
check "len(j['items']) == $N - 2 and not set(i['id'] for i in j['items']) & set(map(int, '$FIRST'.split()))"
pass "articles newest first with cursor pages"

get "/api/v1/articles?q=thong+tin+doi+ngoai&facets=1" && expect 200 "q search"
check "j['order'] == 'relevance' and len(j['items']) >= 1"
check "any(p['match'] for i in j['items'] for p in i['snippet'])"
check "j['facets']['complete'] and j['facets']['counted'] == len(j['items'])"
get "/api/v1/articles?facets=1&country=VN" && expect 200 facets
check "sum(f['count'] for f in j['facets']['country']) == $N and j['facets']['country'][0]['value'] == 'VN'"
check "j['facets']['source'][0]['name'] == 'Fixture News' and all(k in j['facets'] for k in ['lang','relevance','topic','tone','date'])"
get "/api/v1/articles?tone=negative,neutral,positive&relevance=about,mentions,none&lang=vi" && expect 200 filters
pass "search with highlighted snippets, filters and facets"

ID=$(sql "select min(id) from articles")
get "/api/v1/articles/$ID" && expect 200 "article $ID"
check "j['id'] == $ID and j['text'] and 'analysis' in j and j['source'] == 'Fixture News'"
get /api/v1/articles/999999 && expect 404 "absent article" && error_is not_found
get /api/v1/articles/abc && expect 400 "bad id" && error_is bad_request
get /api/v1/articles/0 && expect 400 "zero id"
pass "article detail, absent and bad ids"

get /api/v1/sources && expect 200 sources
check "len(j['items']) == 1 and j['items'][0]['health']['status'] == 'ok' and j['items'][0]['coverage']['articles'] == $N"
get "/api/v1/sources/1?silent_days=30" && expect 200 "source 1" && check "j['id'] == 1 and 'silent' in j['coverage']"
get /api/v1/sources/77 && expect 404 "absent source" && error_is not_found
get "/api/v1/sources?silent_days=0" && expect 400 "silent_days=0"
pass "sources with health and coverage"

DATED=$(sql "select count(*) from articles where published > 0")
[ "$DATED" -ge 1 ] || fail "no fixture article has a publication date"
get "/api/v1/stats/volume" && expect 200 volume
check "sum(s['total'] for s in j['series']) == $DATED and j['interval'] == 'day'"
get "/api/v1/stats/volume?interval=week&group=lang&country=VN" && expect 200 "volume by lang"
check "sum(p['count'] for s in j['series'] for p in s['points']) == $DATED"
check "all(set(p['tone']) == {'mean','scored','negative','neutral','positive'} for s in j['series'] for p in s['points'])"
for g in country topic source none; do get "/api/v1/stats/volume?group=$g&q=vietnam" && expect 200 "group=$g"; done
pass "volume and tone time series"

get /api/v1/openapi.json && expect 200 openapi
check "j['openapi'].startswith('3.0') and '/api/v1/articles/{id}' in j['paths']"
pass "openapi document"

for bad in "limit=0" "limit=101" "since=yesterday" "until=2026-02-30x" "tone=bad" "relevance=x" \
    "topic=A" "country=Vietnam" "cursor=zzz" "unknown=1" "q=%ZZ" "q=%C3%28" "limit=1&limit=2"; do
    get "/api/v1/articles?$bad" && expect 400 "$bad" && error_is bad_request
done
for bad in "interval=month" "group=author" "limit=3"; do
    get "/api/v1/stats/volume?$bad" && expect 400 "$bad" && error_is bad_request
done
get "/healthz?x=1" && expect 400 "healthz param"
HUGE=$(head -c 10000 /dev/zero | tr '\0' a)
get "/api/v1/articles?q=$HUGE" && expect 414 "huge query" && error_is uri_too_long
get "/api/v1/articles?q=${HUGE:0:600}" && expect 400 "long q"
pass "bad parameters are 400, a huge query 414, each with a JSON error"

get "/api/v1/../../etc/passwd" --path-as-is && expect 404 traversal && error_is not_found
grep -q "root:" "$TMP/body" && fail "traversal served a file"
get "/api/v1/articles/..%2F..%2Fetc%2Fpasswd" && [ "$CODE" = 400 ] || [ "$CODE" = 404 ] ||
    fail "encoded traversal got $CODE"
get /api/v1/articles -X POST && expect 405 "POST" && error_is method_not_allowed
grep -qi "^Allow: GET, HEAD" "$TMP/head" || fail "405 without Allow"
get /api/v1/articles -X DELETE && expect 405 "DELETE"
head -c 2000000 /dev/zero >"$TMP/big"
get /api/v1/articles -X POST --data-binary @"$TMP/big" -H 'Content-Type: application/json'
expect 413 "2 MB body" && error_is payload_too_large
get /nowhere && expect 404 "unknown path"
grep -qi "^X-Frame-Options: DENY" "$TMP/head" || fail "404 without security headers"
pass "traversal, wrong method, huge body, unknown path"

get /metrics && expect 200 metrics
grep -q '^herald_http_requests_total{method="GET",route="/api/v1/articles",status="200"} [0-9]' "$TMP/body" ||
    fail "no request counter: $(head -20 "$TMP/body")"
grep -q '^herald_http_request_duration_seconds_bucket{le="+Inf"} [0-9]' "$TMP/body" || fail "no histogram"
grep -q "^herald_articles_total $N\$" "$TMP/body" || fail "no article count"
grep -q '^herald_source_fetch_failures{source_id="1"} 0$' "$TMP/body" || fail "no source failures"
$PY - "$TMP/body" <<'PYEOF' || fail "metrics are not valid Prometheus text"
import re, sys
ok = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-z_]+="[^"\n]*"(,[a-z_]+="[^"\n]*")*\})? [0-9.e+-]+$')
for line in open(sys.argv[1]):
    line = line.rstrip('\n')
    if line.startswith('# HELP ') or line.startswith('# TYPE '):
        continue
    if not ok.match(line):
        sys.exit('bad line: ' + line)
PYEOF
pass "metrics in Prometheus text format"

kill -TERM "$HERALD_PID"
for _ in $(seq 1 100); do kill -0 "$HERALD_PID" 2>/dev/null || break; sleep 0.05; done
kill -0 "$HERALD_PID" 2>/dev/null && fail "serve did not stop on SIGTERM"
wait "$HERALD_PID" || fail "serve exited with status $? on SIGTERM"
HERALD_PID=""
grep -q "stopping" "$TMP/serve.log" || fail "no stop message"
[ ! -e "$TMP/api.port" ] || fail "port file left behind"
pass "SIGTERM stops the server cleanly"
echo "all passed"
