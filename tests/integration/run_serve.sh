# herald run --serve: the daemon ingests and serves the API from one
# process. The API answers while the cycles run, shows the articles the
# daemon stored, and SIGTERM stops both cleanly.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

start_fixture_server "$SRC/tests/fixtures/site"
write_test_config
printf '[run]\ncycle_seconds = 1\n' >>"$TMP/herald.ini"
herald source add "$BASE/feed.xml" --name "Fixture News" --country VN --lang vi >/dev/null
printf 'correct horse battery staple\n' >"$TMP/pw"
herald user add ana --role analyst --password-file "$TMP/pw" >/dev/null || fail "user add"

herald run --port-file "$TMP/x" >/dev/null 2>&1 && fail "--port-file without --serve accepted"

herald_bg run --serve 127.0.0.1:0 --port-file "$TMP/api.port" >"$TMP/run.log" 2>&1
# Stop the daemon if the test fails before it does (it would hold the
# test's output open).
trap 'kill "$HERALD_PID" 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "run --serve did not start: $(cat "$TMP/run.log")"
API="http://127.0.0.1:$(cat "$TMP/api.port")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$API/healthz")" = 200 ] || fail "healthz"
curl -s -o /dev/null -c "$TMP/cookies" -H 'Content-Type: application/json' \
    -d '{"name":"ana","password":"correct horse battery staple"}' "$API/api/v1/session"
n=0
for _ in $(seq 1 100); do
    n=$(curl -s -b "$TMP/cookies" "$API/api/v1/articles?limit=10" |
        /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))' 2>/dev/null || echo 0)
    [ "$n" -ge 3 ] && break
    sleep 0.1
done
[ "$n" -ge 3 ] || fail "the API shows $n articles of the daemon's 3: $(cat "$TMP/run.log")"
pass "run --serve: the API serves what the daemon stores"

kill -TERM "$HERALD_PID"
status=0
wait "$HERALD_PID" || status=$?
[ "$status" = 0 ] || fail "run --serve exited $status after SIGTERM: $(cat "$TMP/run.log")"
[ ! -e "$TMP/api.port" ] || fail "port file left behind"
curl -s -o /dev/null --max-time 2 "$API/healthz" && fail "still serving after SIGTERM"
pass "SIGTERM stops ingest and server"
echo "1 passed, 0 failed"
