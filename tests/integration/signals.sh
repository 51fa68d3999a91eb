# herald signals and GET /api/v1/stats/signals on a store of synthetic
# articles: 42 days of a steady daily volume with quiet weekends and a
# planted spike of mostly negative articles on the last day. The spike and
# the negative shift are flagged once, a flat language never is, short
# history is reported, the rollups agree with the articles, bad requests
# are refused, and stats/volume still answers.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
PY=/usr/bin/python3
HERALD_PID=""
trap '[ -n "$HERALD_PID" ] && kill "$HERALD_PID" 2>/dev/null; cleanup' EXIT

write_test_config
printf '[office]\nutc_offset = +07:00\n' >>"$TMP/herald.ini"
herald source add https://news.example/feed --name "Synthetic" --country VN --lang en >/dev/null ||
    fail "source add"

# Day d (0..41) at 10:00 +07:00 starting 2026-01-05 (a Monday): 12 articles on
# weekdays, 3 on weekends; the last day 60, 45 of them negative.
$PY - "$TMP/ins.sql" <<'PYEOF'
import sys
t0 = 1767546000 + 3 * 3600
rows = []
n = 0
for d in range(42):
    k = 60 if d == 41 else (3 if d % 7 >= 5 else 12)
    for i in range(k):
        n += 1
        neg = (i < 45) if d == 41 else (i % 6 == 0)
        label = -1 if neg else (0 if i % 2 else 1)
        tone = -0.6 if neg else 0.2 * label
        lang = 'en' if i % 2 == 0 else 'fr'
        if d == 41 and i >= 12:
            lang = 'en'
        rows.append(f"INSERT INTO articles (source_id, lang, country, published, fetched, url, canonical_url, title, text, topics, tone, tone_label, relevance_class) VALUES (1, '{lang}', 'VN', {t0 + d*86400 + i*60}, 0, 'https://news.example/{n}', 'https://news.example/{n}', 't{n}', 'x', 'economy', {tone}, {label}, 2);")
open(sys.argv[1], 'w').write("BEGIN;\n" + "\n".join(rows) + "\nCOMMIT;\n")
PYEOF
# The sqlite3 shell has no herald tokenizer: the full-text triggers are set
# aside while inserting (these articles are not searched by text here).
TRIG=$(sql "select group_concat(sql, ';') || ';' from sqlite_master where type = 'trigger' and name like 'articles_a_'")
sql "drop trigger articles_ai; drop trigger articles_ad; drop trigger articles_au;"
sqlite3 -batch "$TMP/herald.db" <"$TMP/ins.sql" || fail "insert"
sql "$TRIG" || fail "triggers back"
R=$(sql "select sum(n) from rollup_hourly where dim = 0")
A=$(sql "select count(*) from articles")
[ "$R" = "$A" ] || fail "rollup total $R != articles $A"
pass "the rollups follow inserted articles ($A)"

herald signals --since 2026-01-05 --until 2026-02-16T00:00+07:00 >"$TMP/out" || fail "signals: $(cat "$TMP/out")"
[ "$(grep -c SPIKE "$TMP/out")" = 1 ] || fail "one spike expected: $(cat "$TMP/out")"
grep "^2026-02-15" "$TMP/out" | grep -q "SPIKE NEGATIVE-SHIFT" || fail "spike on 2026-02-15: $(cat "$TMP/out")"
[ "$(grep -c "insufficient history" "$TMP/out")" = 14 ] || fail "14 days without a verdict"
grep -q "^forecast 2026-02-16: " "$TMP/out" || fail "no forecast: $(tail -3 "$TMP/out")"
grep -q "seasonal naive" "$TMP/out" || fail "no backtest"
pass "herald signals: one spike with a negative shift, 14 days insufficient, a forecast"

herald signals --dim lang --key fr --since 2026-01-05 --until 2026-02-16T00:00+07:00 --json >"$TMP/fr.json" ||
    fail "signals --dim lang"
$PY -c "
import json; j = json.load(open('$TMP/fr.json'))
assert len(j['points']) == 42, len(j['points'])
assert not any(p['spike'] or p['negative_shift'] for p in j['points'])
assert 'value' in j['forecast']" || fail "fr: $(head -c 400 "$TMP/fr.json")"
pass "a flat language never fires"

herald signals --tone negative --lang fr --since 2026-01-05 --until 2026-01-10 --json >"$TMP/q.json" || fail "query"
$PY -c "
import json; j = json.load(open('$TMP/q.json'))
assert j['forecast'] == {'insufficient_history': True}" || fail "query: $(head -c 300 "$TMP/q.json")"
pass "a saved query's series, with insufficient history said"

herald signals --dim lang >/dev/null 2>"$TMP/err" && fail "--dim lang without --key accepted"
grep -q "key" "$TMP/err" || fail "no message: $(cat "$TMP/err")"
herald signals --resolution minute >/dev/null 2>&1 && fail "--resolution minute accepted"
pass "bad arguments are refused"

printf 'correct horse battery staple\n' >"$TMP/pw"
herald user add ana --role analyst --password-file "$TMP/pw" >/dev/null || fail "user add"
herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" 2>"$TMP/serve.log"
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "serve did not start: $(cat "$TMP/serve.log")"
API="http://127.0.0.1:$(cat "$TMP/api.port")"
get() { CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' -b "$TMP/cookies" "$API$1"); }
check() {
    $PY -c "import json,sys; j=json.load(open('$TMP/body')); sys.exit(0 if ($1) else 1)" ||
        fail "check failed: $1 on $(head -c 600 "$TMP/body")"
}
get "/api/v1/stats/signals"
[ "$CODE" = 401 ] || fail "signals without a session: $CODE"
curl -s -o /dev/null -c "$TMP/cookies" -H 'Content-Type: application/json' \
    -d '{"name":"ana","password":"correct horse battery staple"}' "$API/api/v1/session"
get "/api/v1/stats/signals?since=2026-01-05&until=2026-02-16T00:00%2B07:00"
[ "$CODE" = 200 ] || fail "signals: $CODE $(head -c 300 "$TMP/body")"
check "j['from'] == 'rollup' and len(j['points']) == 42 and j['spikes'] == ['2026-02-14T17:00:00Z']"
check "j['negative_shifts'] == j['spikes'] and j['utc_offset'] == '+07:00'"
check "j['points'][0]['insufficient_history'] and j['points'][0]['expected'] is None"
check "j['forecast']['date'] == '2026-02-16' and j['forecast']['lo'] <= j['forecast']['value'] <= j['forecast']['hi']"
get "/api/v1/stats/signals?since=2026-01-05&until=2026-02-16T00:00%2B07:00&tone=negative"
check "j['from'] == 'articles' and j['dim'] == 'query' and sum(p['count'] for p in j['points']) == $(sql "select count(*) from articles where tone_label = -1")"
get "/api/v1/stats/signals?dim=lang&key=fr&resolution=hour&since=2026-01-05T00:00%2B07:00&until=2026-02-16T00:00%2B07:00"
check "len(j['points']) == 42 * 24 and j['spikes'] == []"
pass "GET /api/v1/stats/signals: rollup and saved-query series, spike, shift, forecast"
for bad in "dim=lang" "dim=person&key=x" "resolution=week" "dim=lang&key=en&lang=en" "bogus=1" \
    "since=2020-01-01&until=2026-01-01&resolution=hour"; do
    get "/api/v1/stats/signals?$bad"
    [ "$CODE" = 400 ] || fail "$bad: $CODE"
done
pass "bad signal requests are 400"
get "/api/v1/stats/volume?group=lang"
[ "$CODE" = 200 ] || fail "volume: $CODE"
check "sorted(s['group'] for s in j['series']) == ['en', 'fr'] and sum(s['total'] for s in j['series']) == $A"
pass "stats/volume from the rollups"
kill -TERM "$HERALD_PID" && wait "$HERALD_PID" || fail "serve did not stop cleanly"
HERALD_PID=""
