# herald serve: the JSON API on a database filled from the fixture site,
# signed in as an analyst. Every read route's happy path (JSON checked with
# python3), bad input (bad and unknown parameters, a huge query, bad ids,
# traversal, wrong method, a huge body), a stored <script> title returned
# escaped, the dashboard's static files, the security headers, /metrics
# (403 for the analyst, 200 with an admin's API token),
# then SIGTERM. Permissions and write routes: serve_auth.sh, serve_write.sh.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
PY=/usr/bin/python3
HERALD_PID=""
trap '[ -n "$HERALD_PID" ] && kill "$HERALD_PID" 2>/dev/null; cleanup' EXIT

# The fixture site, with a <script> in one headline (escaped in its HTML).
cp -r "$SRC/tests/fixtures/site" "$TMP/site"
sed -i 's|Vietnam and Japan expand port cooperation|Vietnam and Japan expand port cooperation \&lt;script\&gt;alert(1)\&lt;/script\&gt; \&amp; co|' \
    "$TMP/site/feed.xml" "$TMP/site/news/en-ports.html"
start_fixture_server "$TMP/site"
write_test_config
herald source add "$BASE/feed.xml" --name "Fixture News" --country VN --lang vi >/dev/null
herald fetch-once >"$TMP/out" || fail "fetch-once failed: $(cat "$TMP/out")"
N=$(sql "select count(*) from articles")
[ "$N" -ge 3 ] || fail "expected 3 articles, got $N"

# Beyond loopback without TLS: it serves, with a warning.
herald_bg serve --listen 0.0.0.0:0 --port-file "$TMP/any.port" 2>"$TMP/err"
for _ in $(seq 1 100); do [ -s "$TMP/any.port" ] && break; sleep 0.05; done
[ -s "$TMP/any.port" ] || fail "serve did not start on 0.0.0.0: $(cat "$TMP/err")"
kill -TERM "$HERALD_PID" && wait "$HERALD_PID" || fail "serve on 0.0.0.0 did not stop cleanly"
grep -q "warning: 0.0.0.0:0 is not a loopback address and there is no TLS" "$TMP/err" ||
    fail "no clear-text warning: $(cat "$TMP/err")"
pass "non-loopback addresses are served with a warning when there is no TLS"

# A <script> title stored in the database must come back escaped.
XSS=$(sql "select id from articles where title like '%<script>alert(1)</script> & co%'")
[ -n "$XSS" ] || fail "the <script> headline was not stored as text: $(sql 'select title from articles')"

# The dashboard's files: an index, an asset, and a secret beside the root.
mkdir -p "$TMP/web/assets" "$TMP/web/sub"
echo '<!doctype html><title>herald</title>' >"$TMP/web/index.html"
echo 'console.log("app")' >"$TMP/web/assets/app-1234.js"
echo 'body{}' >"$TMP/web/sub/site.css"
echo 'top secret' >"$TMP/secret.txt"
ln -s "$TMP/secret.txt" "$TMP/web/leak.txt"

printf 'correct horse battery staple\n' >"$TMP/pw"
herald user add ana --role analyst --password-file "$TMP/pw" >/dev/null || fail "user add"

herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" --web "$TMP/web" 2>"$TMP/serve.log"
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "serve did not start: $(cat "$TMP/serve.log")"
API="http://127.0.0.1:$(cat "$TMP/api.port")"

# get PATH [curl args...]: sets CODE with the session cookie; the body is in
# $TMP/body, headers in $TMP/head.
get() {
    local path=$1
    shift
    CODE=$(curl -s -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' -b "$TMP/cookies" "$@" "$API$path")
}

# check PYTHON-EXPR: evaluates the expression with j = the JSON body.
check() {
    $PY -c "import json,sys; j=json.load(open('$TMP/body')); sys.exit(0 if ($1) else 1)" ||
        fail "check failed: $1 on $(head -c 600 "$TMP/body")"
}
expect() { [ "$CODE" = "$1" ] || fail "expected $1, got $CODE for $2: $(head -c 300 "$TMP/body")"; }
error_is() { check "j['error']['code'] == '$1' and len(j['error']['message']) > 0"; }

touch "$TMP/cookies"
get /api/v1/articles && expect 401 "articles before signing in"
CODE=$(curl -s -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' -c "$TMP/cookies" \
    -H 'Content-Type: application/json' -d '{"name":"ana","password":"correct horse battery staple"}' \
    "$API/api/v1/session")
expect 200 "sign in"
grep -qi '^Set-Cookie: herald_session=[A-Za-z0-9_-]\{43\}; Path=/; HttpOnly; SameSite=Strict' "$TMP/head" ||
    fail "session cookie attributes: $(grep -i set-cookie "$TMP/head")"
grep -qi '^Set-Cookie:.*Secure' "$TMP/head" && fail "Secure cookie without TLS (browsers would drop it)"
check "j['user']['name'] == 'ana' and j['user']['role'] == 'analyst' and len(j['csrf']) == 43"
pass "signed in as an analyst (HttpOnly, SameSite=Strict cookie)"

get /healthz && expect 200 healthz && check "j['status'] == 'ok'"
grep -qi "^Content-Security-Policy: default-src 'self'; img-src 'self' data:" "$TMP/head" ||
    fail "CSP without img-src 'self' data:"
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

# Days are the office's (+07:00 by default): an article published at
# 20:00 UTC counts on the next day, and since= a bare day starts at the
# office's midnight; days=N ends today in the office's time zone.
ID1=$(sql "select min(id) from articles where published > 0")
sqlite3 "$TMP/herald.db" "update articles set published = strftime('%s', '2026-01-05 20:00:00') where id = $ID1" ||
    fail "could not date an article"
get "/api/v1/stats/volume?since=2026-01-06&until=2026-01-06" && expect 200 "volume of one office day"
check "j['utc_offset'] == '+07:00' and j['since'] == '2026-01-06' and [p['date'] for s in j['series'] for p in s['points']] == ['2026-01-06']"
get "/api/v1/stats/volume?until=2026-01-05" && expect 200 "volume until the office's 5 January"
check "all(p['date'] != '2026-01-06' for s in j['series'] for p in s['points'])"
TODAY=$(TZ=Etc/GMT-7 date +%F)
get "/api/v1/stats/volume?days=1" && expect 200 "volume of today"
check "j['since'] == j['today'] and j['today'] in ('$TODAY', '$(TZ=Etc/GMT-7 date +%F)') and all(p['date'] == j['today'] for s in j['series'] for p in s['points'])"
get "/api/v1/stats/volume?days=30&group=lang" && expect 200 "volume of 30 days"
for bad in "days=0" "days=3661" "days=x" "days=2&since=2026-01-01"; do
    get "/api/v1/stats/volume?$bad" && expect 400 "$bad" && error_is bad_request
done
pass "days are the office's: buckets, since/until and days=N"

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
# (curl drops the cookie from so long a request and sends an empty Cookie
# header, which libmicrohttpd 0.9.75 leaves unanswered: 414 comes before
# authentication anyway, so this one goes without the jar.)
CODE=$(curl -s -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' "$API/api/v1/articles?q=$HUGE")
expect 414 "huge query" && error_is uri_too_long
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
get /api/v1/nowhere && expect 404 "unknown path" && error_is not_found
grep -qi "^X-Frame-Options: DENY" "$TMP/head" || fail "404 without security headers"
pass "traversal, wrong method, huge body, unknown path"

get "/api/v1/articles/$XSS" && expect 200 "article with a <script> title"
grep -q '<script' "$TMP/body" && fail "a <script> title came back unescaped: $(head -c 300 "$TMP/body")"
grep -q '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 co' "$TMP/body" || fail "title not \\u-escaped"
check "j['title'].endswith('<script>alert(1)</script> & co')"
get "/api/v1/articles" && ! grep -q '<script' "$TMP/body" || fail "list carries <script>"
pass "a stored <script> title is returned JSON-escaped"

get / && expect 200 "dashboard index"
grep -q '<title>herald</title>' "$TMP/body" || fail "/ is not index.html"
grep -qi '^Content-Type: text/html; charset=utf-8' "$TMP/head" || fail "index content type"
grep -qi "^Content-Security-Policy: default-src 'self'" "$TMP/head" || fail "index without CSP"
get /search/vietnam && expect 200 "client route" && grep -q '<title>herald' "$TMP/body" ||
    fail "client route is not index.html"
get /assets/app-1234.js && expect 200 asset
grep -qi '^Content-Type: text/javascript' "$TMP/head" || fail "js content type"
grep -qi '^Cache-Control: public, max-age=31536000, immutable' "$TMP/head" || fail "assets not immutable"
get /sub/site.css && expect 200 css && grep -qi '^Content-Type: text/css' "$TMP/head" || fail "css type"
grep -qi '^Cache-Control: no-cache' "$TMP/head" || fail "non-asset files must revalidate"
get /missing.js && expect 404 "missing file"
get /leak.txt && expect 404 "symlink out of the root"
get /../secret.txt --path-as-is && expect 404 "dot-dot traversal"
get /%2e%2e/secret.txt --path-as-is && expect 404 "encoded traversal"
get /sub/..%2f..%2fsecret.txt --path-as-is && expect 404 "encoded slash traversal"
get /.hidden && expect 404 "hidden file"
grep -q 'top secret' "$TMP/body" && fail "traversal served the secret"
get / -X POST && expect 405 "POST /" && grep -qi '^Allow: GET, HEAD' "$TMP/head" || fail "no Allow"
pass "dashboard files: index fallback, content types, immutable assets, no traversal"

# /metrics needs metrics.read (admin): the analyst is refused; an admin's
# API token (how Prometheus scrapes) is let in.
get /metrics && expect 403 "metrics as an analyst"
herald user add adm --role admin --password-file "$TMP/pw" >/dev/null || fail "user add adm"
herald token create prometheus --user adm >"$TMP/token.out" || fail "token create"
PTOKEN=$(grep -o 'hrld_[A-Za-z0-9_-]*' "$TMP/token.out")
get /metrics -H "Authorization: Bearer $PTOKEN" && expect 200 "metrics with an admin token"
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
