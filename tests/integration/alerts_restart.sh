# Nothing lost, nothing doubled: herald is killed (SIGKILL) while a webhook
# delivery is in flight (the receiver holds the request); the delivery stays
# pending, and after the restart it is delivered once (the receiver records
# one confirmed POST, whose delivery_id lets it drop a replay). Then `herald
# run` ingests the fixture site while its alerts worker is stuck on a
# webhook that never answers: the ingest cycle completes first.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
PY=/usr/bin/python3
HERALD_PID="" RECV_PIDS=""
trap '[ -n "$HERALD_PID" ] && kill -9 "$HERALD_PID" 2>/dev/null; for p in $RECV_PIDS; do kill "$p" 2>/dev/null || true; done; cleanup' EXIT
SECRET=restart-secret-0123456789

start_hook() { # DIR MODE
    mkdir -p "$1"
    $PY "$SRC/tests/support/alerts_receivers.py" webhook "$1" "$SECRET" "$2" >>"$TMP/recv.log" 2>&1 &
    RECV_PIDS="$RECV_PIDS $!"
    for _ in $(seq 1 100); do [ -s "$1/hook.port" ] && break; sleep 0.05; done
    [ -s "$1/hook.port" ] || fail "receiver did not start: $(cat "$TMP/recv.log")"
}
start_hook "$TMP/h1" hang-first
write_test_config
printf '[alerts]\ntimeout_ms = 20000\nmax_attempts = 3\nbackoff_s = 1\n' >>"$TMP/herald.ini"

cat >"$TMP/rule.json" <<JSON
{"name": "any US article", "query": {"country": "us"}, "condition": {"type": "threshold", "count": 1},
 "channels": [{"type": "webhook", "url": "http://127.0.0.1:$(cat "$TMP/h1/hook.port")/", "secret": "$SECRET"}]}
JSON
herald alerts rule add "$TMP/rule.json" >/dev/null || fail "rule add"
$PY -c "
import sqlite3; c=sqlite3.connect('$TMP/herald.db')
for t in ('articles_ai','articles_ad','articles_au'): c.execute('drop trigger if exists '+t)
c.execute(\"insert into articles (country, published, url, canonical_url) values ('US', 1790000000, 'u1', 'u1')\")
c.commit()" # (no full-text triggers: Python's sqlite3 has no herald tokenizer)
herald alerts evaluate --at 1790000100 | grep -q "^1 new alert" || fail "evaluate"

herald_bg alerts deliver 2>"$TMP/deliver.log"
for _ in $(seq 1 200); do [ -e "$TMP/h1/hung" ] && break; sleep 0.05; done
[ -e "$TMP/h1/hung" ] || fail "the delivery never reached the receiver"
kill -9 "$HERALD_PID"
wait "$HERALD_PID" 2>/dev/null || true
HERALD_PID=""
[ "$(sql "select state || ' ' || attempts from alert_deliveries")" = "pending 0" ] ||
    fail "after the kill: $(sql 'select * from alert_deliveries')"
[ ! -s "$TMP/h1/hooks.jsonl" ] || fail "the receiver confirmed the killed delivery"
pass "killed mid-delivery: the delivery is still pending"

herald alerts deliver | grep -q "^1 sent, 0 failed" || fail "delivery after the restart"
herald alerts deliver | grep -q "^0 sent, 0 failed" || fail "delivered twice"
[ "$(wc -l <"$TMP/h1/hooks.jsonl")" = 1 ] || fail "receiver has $(wc -l <"$TMP/h1/hooks.jsonl") confirmed POSTs"
DID=$(sql "select id from alert_deliveries")
$PY -c "import json; r=json.loads(open('$TMP/h1/hooks.jsonl').readline()); assert r['ok'] and r['body']['delivery_id'] == $DID, r" ||
    fail "the delivered body: $(cat "$TMP/h1/hooks.jsonl")"
[ "$(sql "select state || ' ' || attempts from alert_deliveries")" = "sent 1" ] || fail "not marked sent"
pass "after the restart the pending alert was delivered once (signed, delivery_id $DID)"

# Ingest goes on while the worker waits on a webhook that never answers.
start_hook "$TMP/h2" hang
sql "update alert_rules set enabled = 0" >/dev/null
printf '[alerts]\ntimeout_ms = 6000\nmax_attempts = 3\nbackoff_s = 1\n' >>"$TMP/herald.ini"
sed -i 's/^level = warn/level = info/; 0,/^\[alerts\]/{/^timeout_ms = 20000/d}' "$TMP/herald.ini"
cat >"$TMP/rule2.json" <<JSON
{"name": "stuck hook", "query": {"country": "us"}, "condition": {"type": "threshold", "count": 1},
 "channels": [{"type": "webhook", "url": "http://127.0.0.1:$(cat "$TMP/h2/hook.port")/", "secret": "$SECRET"}]}
JSON
herald alerts rule add "$TMP/rule2.json" >/dev/null || fail "rule add 2"
herald alerts evaluate --at 1790000100 | grep -q "^1 new alert" || fail "evaluate 2"
herald alerts rule disable "stuck hook" >/dev/null
start_fixture_server "$SRC/tests/fixtures/site"
herald source add "$BASE/feed.xml" --name "Fixture News" --country VN --lang vi >/dev/null
T0=$(date +%s)
herald run --cycles 1 >"$TMP/run.out" 2>"$TMP/run.log" || fail "run: $(cat "$TMP/run.log")"
T1=$(date +%s)
[ "$(sql 'select count(*) from articles where country is not "US"')" -ge 3 ] || fail "ingest stored nothing: $(cat "$TMP/run.log")"
ING=$(grep -n "stored" "$TMP/run.log" | head -1 | cut -d: -f1)
HOOK=$(grep -n "alert delivery" "$TMP/run.log" | head -1 | cut -d: -f1)
[ -n "$ING" ] && [ -n "$HOOK" ] && [ "$ING" -lt "$HOOK" ] ||
    fail "ingest did not finish before the stuck delivery gave up: $(cat "$TMP/run.log")"
grep -q "Timeout" "$TMP/run.log" || fail "no timeout: $(cat "$TMP/run.log")"
[ "$(sql "select attempts from alert_deliveries where id <> $DID")" = 1 ] || fail "attempts"
pass "herald run: the ingest cycle finished while the alerts worker waited on a stuck webhook ($((T1 - T0)) s in all, timeout 6 s)"
