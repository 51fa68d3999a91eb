# herald serve's write and admin routes, each with its happy path and bad
# input: malformed JSON, wrong types, unknown fields, a huge body, the
# wrong content type, the wrong role, no session and a missing CSRF
# header; every change is in the audit log with who, what, when, before
# and after (POST/PATCH/DELETE /sources, GET/POST/PATCH /users, GET /audit).
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
PY=/usr/bin/python3
HERALD_PID=""
trap '[ -n "$HERALD_PID" ] && kill "$HERALD_PID" 2>/dev/null; cleanup' EXIT

write_test_config
PW='correct horse battery staple'
printf '%s\n' "$PW" >"$TMP/pw"
for r in admin analyst viewer; do
    herald user add "u$r" --role "$r" --password-file "$TMP/pw" >/dev/null || fail "user add u$r"
done
herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" 2>"$TMP/serve.log"
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "serve did not start: $(cat "$TMP/serve.log")"
API="http://127.0.0.1:$(cat "$TMP/api.port")"

# req METHOD PATH [curl args...]: sets CODE and ERR; body in $TMP/body.
req() {
    local m=$1 p=$2
    shift 2
    CODE=$(curl -s -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' -X "$m" "$@" "$API$p")
    ERR=$($PY -c "import json; print(json.load(open('$TMP/body'))['error']['code'])" 2>/dev/null || true)
}
check() {
    $PY -c "import json,sys; j=json.load(open('$TMP/body')); sys.exit(0 if ($1) else 1)" ||
        fail "check failed: $1 on $(head -c 600 "$TMP/body")"
}
want() { [ "$CODE" = "$1" ] && { [ -z "${2:-}" ] || [ "$ERR" = "$2" ]; } || fail "$3: want $1 ${2:-}, got $CODE $ERR $(head -c 200 "$TMP/body")"; }

declare -A CSRF
for r in admin analyst viewer; do
    req POST /api/v1/session -c "$TMP/jar.$r" -H 'Content-Type: application/json' \
        -d "{\"name\":\"u$r\",\"password\":\"$PW\"}"
    want 200 "" "sign in $r"
    CSRF[$r]=$($PY -c "import json; print(json.load(open('$TMP/body'))['csrf'])")
done
# as ROLE METHOD PATH [JSON]: a JSON request with ROLE's cookie and CSRF token.
as() {
    local r=$1 m=$2 p=$3
    if [ $# -ge 4 ]; then
        req "$m" "$p" -b "$TMP/jar.$r" -H "X-CSRF-Token: ${CSRF[$r]}" -H 'Content-Type: application/json' --data-binary "$4"
    else
        req "$m" "$p" -b "$TMP/jar.$r" -H "X-CSRF-Token: ${CSRF[$r]}"
    fi
}
head -c 70000 /dev/zero | tr '\0' a >"$TMP/huge.txt"
HUGE="{\"name\":\"$(cat "$TMP/huge.txt")\"}"

# bad_bodies ROLE METHOD PATH FIELD: the bad-input battery for a JSON route.
bad_bodies() {
    local r=$1 m=$2 p=$3 f=$4
    as "$r" "$m" "$p" '{"url":' && want 400 bad_request "$m $p malformed JSON"
    as "$r" "$m" "$p" '[1,2]' && want 400 bad_request "$m $p array body"
    as "$r" "$m" "$p" '' && want 400 bad_request "$m $p empty body"
    as "$r" "$m" "$p" "{\"$f\":12}" && want 400 bad_request "$m $p wrong type"
    grep -q "must be" "$TMP/body" || fail "$m $p wrong type message: $(cat "$TMP/body")"
    as "$r" "$m" "$p" "{\"$f\":\"x\",\"admin\":true}" && want 400 bad_request "$m $p unknown field"
    grep -q "unknown field 'admin'" "$TMP/body" || fail "$m $p unknown field message"
    as "$r" "$m" "$p" "{\"$f\":\"a\",\"$f\":\"b\"}" && want 400 bad_request "$m $p duplicate key"
    as "$r" "$m" "$p" "$HUGE" && want 413 payload_too_large "$m $p 70 KB body"
    req "$m" "$p" -b "$TMP/jar.$r" -H "X-CSRF-Token: ${CSRF[$r]}" -H 'Content-Type: text/plain' -d '{}'
    want 415 unsupported_media_type "$m $p text/plain"
    req "$m" "$p" -H 'Content-Type: application/json' -d '{}' && want 401 unauthorized "$m $p no session"
    req "$m" "$p" -b "$TMP/jar.$r" -H 'Content-Type: application/json' -d '{}' && want 403 csrf "$m $p no CSRF"
    as viewer "$m" "$p" '{}' && want 403 forbidden "$m $p as viewer"
}

# ---- sources -------------------------------------------------------------
as analyst POST /api/v1/sources '{"url":"https://news.example.org/feed.xml","name":"Example <b>News</b>","country":"fr","lang":"fr","kind":"foreign"}'
want 201 "" "create source"
check "j['id'] == 1 and j['name'] == 'Example <b>News</b>' and j['country'] == 'FR' and j['enabled'] and j['health']['status'] == 'never'"
grep -q '<b>' "$TMP/body" && fail "markup not escaped in JSON"
as analyst POST /api/v1/sources '{"url":"https://news.example.org/feed.xml"}' && want 409 conflict "duplicate url"
as analyst POST /api/v1/sources '{"url":"ftp://x"}' && want 400 bad_request "bad url"
as analyst POST /api/v1/sources '{"url":"https://b.example/f","country":"Vietnam"}' && want 400 bad_request "bad country"
as analyst POST /api/v1/sources '{"url":"https://b.example/f","kind":"hostile"}' && want 400 bad_request "bad kind"
as analyst POST /api/v1/sources '{"url":"https://b.example/f","poll_minutes":0}' && want 400 bad_request "bad interval"
as analyst POST /api/v1/sources '{"name":"x"}' && want 400 bad_request "no url"
bad_bodies analyst POST /api/v1/sources url
pass "POST /api/v1/sources: 201, 409, 400 for bad values and bodies, 413, 415, 401, 403"

as analyst PATCH /api/v1/sources/1 '{"enabled":false,"name":"Example News"}' && want 200 "" "update source"
check "j['enabled'] == False and j['name'] == 'Example News'"
as analyst PATCH /api/v1/sources/1 '{"name":null}' && want 200 "" "clear name" && check "j['name'] is None"
as analyst PATCH /api/v1/sources/1 '{"enabled":"yes"}' && want 400 bad_request "enabled as a string"
as analyst PATCH /api/v1/sources/1 '{"name":""}' && want 400 bad_request "empty name"
as analyst PATCH /api/v1/sources/1 '{}' && want 400 bad_request "no fields"
as analyst PATCH /api/v1/sources/42 '{"enabled":true}' && want 404 not_found "absent source"
bad_bodies analyst PATCH /api/v1/sources/1 name
[ "$(sql "select enabled from sources where id = 1")" = 0 ] || fail "a refused PATCH changed the source"
pass "PATCH /api/v1/sources/{id}: 200, 404, 400, 413, 415, 401, 403"

as analyst DELETE /api/v1/sources/1 && want 403 forbidden "analyst deletes"
req DELETE /api/v1/sources/1 && want 401 unauthorized "delete without session"
req DELETE /api/v1/sources/1 -b "$TMP/jar.admin" && want 403 csrf "delete without CSRF"
as admin DELETE /api/v1/sources/1 && want 204 "" "admin deletes"
as admin DELETE /api/v1/sources/1 && want 404 not_found "deleted twice"
[ "$(sql "select count(*) from sources")" = 0 ] || fail "source still there"
pass "DELETE /api/v1/sources/{id}: admins only, 204 then 404"

# ---- users ---------------------------------------------------------------
as admin GET /api/v1/users && want 200 "" "list users"
check "[u['name'] for u in j['items']] == ['uadmin', 'uanalyst', 'uviewer'] and not any('password' in str(u) for u in j['items'])"
as analyst GET /api/v1/users && want 403 forbidden "analyst lists users"
req GET /api/v1/users && want 401 unauthorized "users without session"
as admin GET "/api/v1/users?x=1" && want 400 bad_request "users with a parameter"
as admin POST /api/v1/users '{"name":"lan","role":"officer","agency":"mofa","display":"Lan (Bộ Ngoại giao)","password":"another long password"}'
want 201 "" "create user" && check "j['name'] == 'lan' and j['role'] == 'officer' and j['agency'] == 'mofa' and j['display'].endswith('giao)')"
grep -q "another long password" "$TMP/body" && fail "password echoed"
as admin POST /api/v1/users '{"name":"lan","role":"viewer","password":"another long password"}' && want 409 conflict "duplicate user"
as admin POST /api/v1/users '{"name":"Bad Name","role":"viewer","password":"another long password"}' && want 400 bad_request "bad name"
as admin POST /api/v1/users '{"name":"short","role":"viewer","password":"short"}' && want 400 bad_request "short password"
as admin POST /api/v1/users '{"name":"x1","role":"god","password":"another long password"}' && want 400 bad_request "bad role"
as admin POST /api/v1/users '{"name":"x2","role":"officer","password":"another long password"}' && want 400 bad_request "officer without agency"
bad_bodies admin POST /api/v1/users name
LAN=$(sql "select id from users where name = 'lan'")
as admin PATCH "/api/v1/users/$LAN" '{"role":"analyst"}' && want 200 "" "role change"
check "j['role'] == 'analyst' and j['agency'] is None"
as admin PATCH "/api/v1/users/$LAN" '{"disabled":true}' && want 200 "" "disable" && check "j['disabled']"
as admin PATCH "/api/v1/users/$LAN" '{"disabled":"no"}' && want 400 bad_request "disabled as a string"
as admin PATCH "/api/v1/users/$LAN" '{"role":"officer"}' && want 400 bad_request "officer without agency"
as admin PATCH /api/v1/users/999 '{"disabled":true}' && want 404 not_found "absent user"
ME=$(sql "select id from users where name = 'uadmin'")
as admin PATCH "/api/v1/users/$ME" '{"role":"viewer"}' && want 409 conflict "admin demotes themselves"
bad_bodies admin PATCH "/api/v1/users/$LAN" role
pass "users: list, create, update; 400, 404, 409, 413, 415, 401, 403"

# ---- audit ---------------------------------------------------------------
as admin GET "/api/v1/audit?action=source.&limit=2" && want 200 "" "audit page 1"
check "len(j['items']) == 2 and j['next_cursor'] and [i['action'] for i in j['items']] == ['source.delete', 'source.update']"
check "j['items'][0]['actor'] == 'uadmin' and j['items'][0]['after'] is None and j['items'][0]['before']['url']"
CUR=$($PY -c "import json; print(json.load(open('$TMP/body'))['next_cursor'])")
as admin GET "/api/v1/audit?action=source.&limit=2&cursor=$CUR" && want 200 "" "audit page 2"
check "[i['action'] for i in j['items']] == ['source.update', 'source.add'] and j['next_cursor'] is None"
check "j['items'][1]['actor'] == 'uanalyst' and j['items'][1]['ip'] == '127.0.0.1' and j['items'][1]['before'] is None and j['items'][1]['after']['url'] == 'https://news.example.org/feed.xml' and j['items'][1]['at'].endswith('Z')"
check "j['items'][0]['before']['enabled'] == True and j['items'][0]['after']['enabled'] == False and j['items'][0]['after']['name'] == 'Example News'"
as admin GET "/api/v1/audit?actor=uadmin&action=user." && want 200 "" "audit by actor"
check "[i['action'] for i in j['items']] == ['user.disable', 'user.role', 'user.add'] and j['items'][1]['before']['role'] == 'officer' and j['items'][1]['after']['role'] == 'analyst'"
as admin GET "/api/v1/audit" && want 200 "" "audit newest first"
check "[i['id'] for i in j['items']] == sorted([i['id'] for i in j['items']], reverse=True)"
grep -q "another long password" "$TMP/body" && fail "password in the audit log"
as admin GET "/api/v1/audit?since=2000-01-01" && want 200 "" "audit since"
for bad in "limit=0" "limit=501" "cursor=x" "since=yesterday" "actor=" "who=me"; do
    as admin GET "/api/v1/audit?$bad" && want 400 bad_request "audit $bad"
done
as analyst GET /api/v1/audit && want 403 forbidden "analyst reads audit"
req GET /api/v1/audit && want 401 unauthorized "audit without session"
pass "audit: every change with who, what, when, before/after, newest first; filters, cursor pages, 400, 401, 403"
echo "all passed"
