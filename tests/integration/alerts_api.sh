# The alerts API through herald serve, signed in as an analyst (with an
# API token) and a viewer: rules created (201), refused with the field
# named (400), conflicting names (409), listed with secrets redacted,
# patched and re-validated, deleted; the inbox with a cursor, ack; viewers
# may not read alerts and officers may not write rules (403).
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
PY=/usr/bin/python3
HERALD_PID=""
trap '[ -n "$HERALD_PID" ] && kill "$HERALD_PID" 2>/dev/null; cleanup' EXIT
write_test_config
printf 'correct horse battery staple\n' >"$TMP/pw"
herald user add ana --role analyst --password-file "$TMP/pw" >/dev/null || fail "user add"
herald user add vic --role viewer --password-file "$TMP/pw" >/dev/null || fail "user add viewer"
herald user add olga --role officer --agency mofa --password-file "$TMP/pw" >/dev/null || fail "officer"
TOK=$(herald token create t --user ana | grep -o 'hrld_[A-Za-z0-9_-]*') || fail "token"
VTOK=$(herald token create v --user vic | grep -o 'hrld_[A-Za-z0-9_-]*') || fail "token"
OTOK=$(herald token create o --user olga | grep -o 'hrld_[A-Za-z0-9_-]*') || fail "token"
herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" 2>"$TMP/serve.log"
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "serve did not start: $(cat "$TMP/serve.log")"
API="http://127.0.0.1:$(cat "$TMP/api.port")"

# call TOKEN METHOD PATH [BODY]: sets CODE, the body in $TMP/body.
call() {
    local tok=$1 m=$2 p=$3
    shift 3
    if [ $# -gt 0 ]; then
        CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' -X "$m" -H "Authorization: Bearer $tok" \
            -H 'Content-Type: application/json' --data-binary "$1" "$API$p")
    else
        CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' -X "$m" -H "Authorization: Bearer $tok" "$API$p")
    fi
}
check() {
    $PY -c "import json,sys; j=json.load(open('$TMP/body')); sys.exit(0 if ($1) else 1)" ||
        fail "check failed: $1 on $(head -c 400 "$TMP/body")"
}
expect() { [ "$CODE" = "$1" ] || fail "expected $1, got $CODE for $2: $(head -c 300 "$TMP/body")"; }

RULE='{"name":"spike","query":{"country":"us"},"condition":{"type":"threshold","count":1},
 "channels":[{"type":"inbox"},{"type":"webhook","url":"https://hooks.example.org/a","secret":"0123456789abcdef"}],
 "quiet_hours":{"from":"22:00","to":"07:00"}}'
call "$TOK" POST /api/v1/alert-rules "$RULE" && expect 201 "create"
check "j['id'] == 1 and j['channels'][1]['secret'] == '***' and j['quiet_hours']['from'] == '22:00'"
call "$TOK" POST /api/v1/alert-rules "$RULE" && expect 409 "duplicate name"
call "$TOK" POST /api/v1/alert-rules '{"name":"x","condition":{"type":"threshold","count":-1}}' && expect 400 "bad count"
check "'condition.count' in j['error']['message']"
call "$TOK" POST /api/v1/alert-rules '{"name":"x","condition":{"type":"spike"},"colour":"red"}' && expect 400 "unknown"
check "'colour: unknown field' in j['error']['message']"
CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOK" \
    -H 'Content-Type: text/plain' -d "$RULE" "$API/api/v1/alert-rules")
expect 415 "text/plain"
head -c 20000 /dev/zero | tr '\0' ' ' >"$TMP/big"
CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOK" \
    -H 'Content-Type: application/json' --data-binary @"$TMP/big" "$API/api/v1/alert-rules")
expect 413 "20 KB rule"
pass "rules: created (secret redacted), 409 on a taken name, 400 naming the field, 415, 413"

call "$TOK" GET /api/v1/alert-rules && expect 200 "list"
check "len(j['items']) == 1 and '0123456789abcdef' not in json.dumps(j)"
call "$TOK" PATCH /api/v1/alert-rules/1 '{"enabled":false,"quiet_hours":null}' && expect 200 "patch"
check "j['enabled'] is False and 'quiet_hours' not in j and j['channels'][1]['url'].endswith('/a')"
call "$TOK" PATCH /api/v1/alert-rules/1 '{"condition":{"type":"negative_shift","share":2}}' && expect 400 "patch bad"
check "'condition.share' in j['error']['message']"
call "$TOK" PATCH /api/v1/alert-rules/1 '{"channels":[{"type":"webhook","url":"https://x.org/","secret":"***"}]}' &&
    expect 400 "patch with a redacted secret"
call "$TOK" GET /api/v1/alert-rules/7 && expect 404 "missing rule"
call "$TOK" PATCH /api/v1/alert-rules/1 '{"enabled":true}' && expect 200 "enable"
pass "rules: listed without secrets, patched (re-validated), 404"

# Two alerts, then the inbox with a cursor and an ack.
herald alerts evaluate --at 1790000000 >/dev/null
$PY -c "
import sqlite3; c=sqlite3.connect('$TMP/herald.db')
for t in ('articles_ai','articles_ad','articles_au'): c.execute('drop trigger if exists '+t)
c.execute(\"insert into articles (country, published, url, canonical_url) values ('US', 1790000000, 'u1', 'u1')\")
c.execute(\"insert into articles (country, published, url, canonical_url) values ('US', 1790090000, 'u2', 'u2')\")
c.commit()" # (no full-text triggers: Python's sqlite3 has no herald tokenizer)
herald alerts evaluate --at 1790000100 | grep -q "1 new alert" || fail "evaluate 1"
herald alerts evaluate --at 1790090100 | grep -q "1 new alert" || fail "evaluate 2"
call "$TOK" GET "/api/v1/alerts?limit=1" && expect 200 "inbox"
check "len(j['items']) == 1 and j['items'][0]['id'] == 2 and j['next_cursor'] == '2'"
call "$TOK" GET "/api/v1/alerts?limit=1&cursor=2" && expect 200 "inbox page 2"
check "j['items'][0]['id'] == 1 and j['items'][0]['event']['count'] == 1"
call "$TOK" GET "/api/v1/alerts?limit=0" && expect 400 "limit 0"
call "$TOK" GET "/api/v1/alerts?colour=1" && expect 400 "unknown parameter"
call "$OTOK" POST /api/v1/alerts/1/ack && expect 200 "officer acks"
check "j['ack_by'] == 'olga'"
call "$TOK" GET "/api/v1/alerts" && expect 200 "inbox after ack"
check "[i['id'] for i in j['items']] == [2]"
call "$TOK" GET "/api/v1/alerts?all=1" && expect 200 "inbox all"
check "len(j['items']) == 2"
call "$TOK" POST /api/v1/alerts/99/ack && expect 404 "ack missing"
pass "inbox: newest first with a cursor, ack by an officer, all=1"

call "$VTOK" GET /api/v1/alerts && expect 403 "viewer inbox"
call "$VTOK" GET /api/v1/alert-rules && expect 403 "viewer rules"
call "$OTOK" POST /api/v1/alert-rules "$RULE" && expect 403 "officer writes a rule"
call "$OTOK" GET /api/v1/alert-rules && expect 200 "officer reads rules"
pass "permissions: viewers may not read alerts, officers read and ack but may not write rules"

call "$TOK" DELETE /api/v1/alert-rules/1 && expect 200 "delete"
call "$TOK" GET /api/v1/alert-rules/1 && expect 404 "deleted"
call "$TOK" GET "/api/v1/alerts?all=1" && expect 200 "inbox after delete"
check "len(j['items']) == 2 and j['items'][0]['rule_id'] is None"
[ "$(sql "select group_concat(action || ':' || actor, ',') from audit where object_type in ('alert_rule', 'alert')")" = \
    "alert_rule.add:ana,alert_rule.update:ana,alert_rule.update:ana,alert.ack:olga,alert_rule.delete:ana" ] ||
    fail "audit: $(sql "select action, actor from audit")"
pass "delete keeps the alerts; every change audited with who did it"
kill -TERM "$HERALD_PID" && wait "$HERALD_PID" || fail "serve did not stop cleanly"
HERALD_PID=""
