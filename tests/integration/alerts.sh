# herald alerts end to end: a recorded stream of articles (31 days with
# weekly seasonality and a planted spike on day 28; a flat series beside
# it) replayed with `alerts evaluate --at` every 6 hours: the spike alerts
# exactly once, on the spike day, and the flat series never alerts. Then
# delivery to a real SMTP server (aiosmtpd) and a webhook receiver that
# checks the HMAC, a second round that sends nothing, an unreachable
# webhook retried with backoff until "failed", and rule changes audited.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
PY=/usr/bin/python3
RECV_PIDS=""
trap 'for p in $RECV_PIDS; do kill "$p" 2>/dev/null || true; done; cleanup' EXIT
$PY -c 'import aiosmtpd' 2>/dev/null || { echo "skipped: python3-aiosmtpd missing (scripts/install-deps)"; exit 0; }

START=1790528400 # Monday 2026-09-28 00:00 at UTC+7
DAY=86400
SPIKE_DAY=28
SECRET=test-secret-0123456789

# start_receiver KIND ARGS...: starts a receiver and waits for its port file.
start_receiver() {
    local kind=$1
    shift
    $PY "$SRC/tests/support/alerts_receivers.py" "$kind" "$@" >>"$TMP/recv.log" 2>&1 &
    RECV_PIDS="$RECV_PIDS $!"
    local f="$1/smtp.port"
    [ "$kind" = webhook ] && f="$1/hook.port"
    for _ in $(seq 1 100); do [ -s "$f" ] && break; sleep 0.05; done
    [ -s "$f" ] || fail "$kind receiver did not start: $(cat "$TMP/recv.log")"
}

start_receiver smtp "$TMP"
mkdir -p "$TMP/hook"
start_receiver webhook "$TMP/hook" "$SECRET" ok
HOOK="http://127.0.0.1:$(cat "$TMP/hook/hook.port")/hook"
write_test_config
cat >>"$TMP/herald.ini" <<INI
[office]
utc_offset = +07:00
[alerts]
smtp_url = smtp://127.0.0.1:$(cat "$TMP/smtp.port")
smtp_from = herald@example.org
timeout_ms = 3000
max_attempts = 3
backoff_s = 10
INI

cat >"$TMP/spike.json" <<JSON
{"name": "US coverage spike", "query": {"country": "us", "relevance": "about"},
 "condition": {"type": "spike", "resolution": "day", "threshold": 4},
 "channels": [{"type": "inbox"}, {"type": "webhook", "url": "$HOOK", "secret": "$SECRET"},
              {"type": "email", "to": ["desk@example.org"]}]}
JSON
cat >"$TMP/flat.json" <<JSON
{"name": "FR flat", "query": {"country": "fr", "relevance": "about"},
 "condition": {"type": "spike", "resolution": "day", "threshold": 4}}
JSON
herald alerts rule add "$TMP/spike.json" | grep -q "added rule 1" || fail "rule add"
herald alerts rule add "$TMP/flat.json" | grep -q "added rule 2" || fail "rule add 2"
echo '{"name": "bad", "condition": {"type": "negative_shift", "share": 1.5}}' >"$TMP/bad.json"
herald alerts rule add "$TMP/bad.json" 2>"$TMP/err" && fail "a share of 1.5 was accepted"
grep -q "condition.share: must be in (0, 1]" "$TMP/err" || fail "bad rule message: $(cat "$TMP/err")"
herald alerts rule add "$TMP/spike.json" 2>"$TMP/err" && fail "a duplicate name was accepted"
pass "rules added; a bad rule and a duplicate name are refused with a clear message"

# Replay: load what was published before each cycle, then evaluate at it.
$PY "$SRC/tests/support/alerts_stream.py" gen "$TMP/stream.jsonl" $START 31 $SPIKE_DAY
: >"$TMP/cycles"
for ((t = START + 14 * DAY; t <= START + 31 * DAY; t += 6 * 3600)); do
    $PY "$SRC/tests/support/alerts_stream.py" load "$TMP/herald.db" "$TMP/stream.jsonl" $t >/dev/null
    n=$(herald alerts evaluate --at $t) || fail "evaluate at $t"
    echo "$t $n" >>"$TMP/cycles"
done
[ "$(sql 'select count(*) from articles')" -gt 400 ] || fail "the stream was not loaded"
[ "$(sql 'select count(*) from alert_events where rule_id = 2')" = 0 ] ||
    fail "the flat series alerted: $(sql 'select payload from alert_events where rule_id = 2')"
[ "$(sql 'select count(*) from alert_events where rule_id = 1')" = 1 ] ||
    fail "the spike alerted $(sql 'select count(*) from alert_events where rule_id = 1') times: $(sql 'select dedup_key from alert_events')"
FIRED=$(sql 'select fired_at from alert_events where rule_id = 1')
S0=$((START + SPIKE_DAY * DAY))
[ "$FIRED" -gt "$S0" ] && [ "$FIRED" -le $((S0 + DAY)) ] ||
    fail "the spike of day $SPIKE_DAY fired at $FIRED, not within that day ($S0)"
# within one cycle: at most one cycle after the last article of the spike day
LAST=$(sql "select max(published) from articles where published < $((S0 + DAY))")
[ $((FIRED - LAST)) -le $((6 * 3600)) ] || fail "fired at $FIRED, over one cycle after $LAST"
sql "select dedup_key from alert_events" | grep -q "rule:1:spike:86400:$S0" || fail "dedup key"
pass "replay: the planted spike alerted exactly once, at $(date -u -d @"$FIRED" +%FT%TZ) (spike day starts $(date -u -d @"$S0" +%FT%TZ)); the flat series never alerted"
herald alerts test 1 --at $FIRED | grep -q "would fire rule:1:spike" || fail "alerts test does not show the spike"
# deterministic for a given time: the cycle before it still fires nothing, all articles stored
herald alerts test 1 --at $((FIRED - 6 * 3600)) | grep -q "nothing would fire" ||
    fail "replaying the cycle before the alert gives another answer"
[ "$(sql 'select count(*) from alert_events')" = 1 ] || fail "alerts test wrote an event"
herald alerts evaluate --at $((FIRED + 3600)) | grep -q "^0 new alerts" || fail "re-evaluation fired again"
pass "alerts test shows what would fire without writing; re-evaluation is de-duplicated"

# Delivery: the webhook (HMAC checked by the receiver) and the mail.
herald alerts list | grep -q "US coverage spike.*pending" || fail "inbox: $(herald alerts list)"
herald alerts deliver | grep -q "^2 sent, 0 failed" || fail "deliver: $(herald alerts deliver)"
[ "$(wc -l <"$TMP/hook/hooks.jsonl")" = 1 ] || fail "webhook got $(wc -l <"$TMP/hook/hooks.jsonl") posts"
$PY - "$TMP/hook/hooks.jsonl" <<'PY' || fail "webhook body: $(cat "$TMP/hook/hooks.jsonl")"
import json, sys
r = json.loads(open(sys.argv[1]).readline())
assert r["ok"], "bad signature"
b = r["body"]
assert b["rule"] == "US coverage spike" and b["event"]["condition"] == "spike", b
assert b["event"]["count"] > b["event"]["expected"], b
PY
for _ in $(seq 1 50); do [ -s "$TMP/mail.jsonl" ] && break; sleep 0.1; done
$PY - "$TMP/mail.jsonl" <<'PY' || fail "mail: $(cat "$TMP/mail.jsonl" 2>/dev/null)"
import json, sys
m = [json.loads(l) for l in open(sys.argv[1])]
assert len(m) == 1, m
assert m[0]["to"] == ["desk@example.org"] and m[0]["from"] == "herald@example.org", m
assert "Subject: =?UTF-8?B?" in m[0]["data"] and "spike" in m[0]["data"], m[0]["data"]
PY
herald alerts deliver | grep -q "^0 sent, 0 failed" || fail "a second round sent again"
herald alerts list | grep -q "US coverage spike.*sent" || fail "inbox after delivery: $(herald alerts list)"
pass "the webhook received one signed POST and the SMTP server one mail; a second round sends nothing"
herald alerts test 1 --send >"$TMP/test.out" || fail "test --send: $(cat "$TMP/test.out")"
grep -q "^webhook http://127.0.0.1:.*: ok$" "$TMP/test.out" && grep -q "^email desk@example.org: ok$" "$TMP/test.out" ||
    fail "test --send report: $(cat "$TMP/test.out")"
for _ in $(seq 1 50); do [ "$(wc -l <"$TMP/mail.jsonl")" = 2 ] && break; sleep 0.1; done
[ "$(wc -l <"$TMP/hook/hooks.jsonl")" = 2 ] && [ "$(wc -l <"$TMP/mail.jsonl")" = 2 ] || fail "test messages not received"
tail -1 "$TMP/hook/hooks.jsonl" | $PY -c 'import json,sys; r=json.load(sys.stdin); assert r["ok"] and r["body"]["event"]["test"], r' ||
    fail "test webhook body"
[ "$(sql 'select count(*) from alert_deliveries')" = 2 ] || fail "a test message went through the outbox"
pass "alerts test --send: a signed test message to the webhook and a test mail, outside the outbox"

# Acknowledge: audited, gone from the default inbox, kept with --all.
herald alerts ack 1 | grep -q "acknowledged 1" || fail "ack"
[ -z "$(herald alerts list)" ] || fail "acknowledged alert still listed"
herald alerts list --all --json | $PY -c 'import json,sys; j=json.loads(sys.stdin.readline()); assert j["ack_by"]=="cli" and j["deliveries"]["sent"]==2, j' ||
    fail "ack in --all --json"
herald alerts ack 99 2>/dev/null && fail "ack of a missing alert succeeded"
pass "ack: audited, hidden from the inbox, shown with --all"

# An unreachable webhook: retried with backoff (10 s, doubling, +-20%), then failed.
cat >"$TMP/dead.json" <<JSON
{"name": "dead hook", "query": {"country": "us"}, "condition": {"type": "threshold", "count": 1},
 "channels": [{"type": "webhook", "url": "http://127.0.0.1:1/x", "secret": "$SECRET"}]}
JSON
herald alerts rule add "$TMP/dead.json" >/dev/null || fail "rule add dead"
T=$((START + 30 * DAY + 12 * 3600))
herald alerts evaluate --at $T | grep -q "^[12] new alert" || fail "threshold rule did not fire"
EV=$(sql "select min(id) from alert_events where rule_id = 3")
sql "delete from alert_deliveries where event_id in (select id from alert_events where rule_id = 3 and id > $EV)"
herald alerts deliver --at $T | grep -q "^0 sent, 1 failed" || fail "dead hook attempt 1"
N1=$(sql "select next_attempt - $T from alert_deliveries where event_id = $EV")
[ "$N1" -ge 8 ] && [ "$N1" -le 12 ] || fail "first retry in $N1 s, not 8..12"
herald alerts deliver --at $((T + 5)) | grep -q "^0 sent, 0 failed" || fail "retried before the backoff"
herald alerts deliver --at $((T + 12)) | grep -q "^0 sent, 1 failed" || fail "dead hook attempt 2"
N2=$(sql "select next_attempt - $((T + 12)) from alert_deliveries where event_id = $EV")
[ "$N2" -ge 16 ] && [ "$N2" -le 24 ] || fail "second retry in $N2 s, not 16..24"
herald alerts deliver --at $((T + 40)) | grep -q "^0 sent, 1 failed" || fail "dead hook attempt 3"
[ "$(sql "select state || ' ' || attempts from alert_deliveries where event_id = $EV")" = "failed 3" ] ||
    fail "not failed after 3 attempts: $(sql "select * from alert_deliveries where event_id = $EV")"
herald alerts list | grep -q "dead hook.*FAILED" || fail "failed delivery not shown: $(herald alerts list)"
herald alerts deliver --at $((T + 100000)) | grep -q "^0 sent, 0 failed" || fail "a failed delivery was retried"
pass "unreachable webhook: retried after ${N1} s and ${N2} s, failed after 3 attempts, FAILED in the inbox"

# Rule changes are audited; deleting a rule keeps its alerts.
herald alerts rule disable "dead hook" >/dev/null && herald alerts rule delete 3 >/dev/null || fail "disable/delete"
herald alerts rule show 3 2>/dev/null && fail "deleted rule still shown"
[ "$(sql "select group_concat(action, ',') from audit where object_type = 'alert_rule'")" = \
    "alert_rule.add,alert_rule.add,alert_rule.add,alert_rule.disable,alert_rule.delete" ] ||
    fail "audit: $(sql "select action from audit")"
[ "$(sql "select count(*) from audit where action = 'alert.ack'")" = 1 ] || fail "ack not audited"
[ "$(sql "select count(*) from alert_events where rule_id is null and rule_name = 'dead hook'")" -ge 1 ] ||
    fail "alerts of a deleted rule were lost"
sql "select before from audit where action = 'alert_rule.delete'" | grep -q "$SECRET" &&
    fail "a webhook secret is in the audit log"
pass "rule changes audited (no secrets); a deleted rule's alerts are kept"
