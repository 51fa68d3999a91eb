# Nothing lost: kill -9 herald in the middle of an ingest, check the
# database (PRAGMA integrity_check), restart, and check that every article
# committed before the kill is still there and the rest arrive, once each.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

N=300
SITE="$TMP/site"
mkdir -p "$SITE/a"
{
    echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bulk</title><link>{{BASE}}/</link>'
    for i in $(seq 1 $N); do
        echo "<item><title>Bulk article $i</title><link>{{BASE}}/a/$i.html</link><guid>bulk-$i</guid></item>"
        printf '<html lang="en"><head><title>Bulk article %d</title></head><body><article><h1>Bulk article %d</h1><p>Report number %d on coastal shipping lanes, port capacity and regional trade volumes near Da Nang.</p><p>Paragraph two of report %d describes investment in logistics and customs cooperation across the region.</p></article></body></html>\n' "$i" "$i" "$i" "$i" >"$SITE/a/$i.html"
    done
    echo '</channel></rss>'
} >"$SITE/feed.xml"

start_fixture_server "$SITE"
HOST_DELAY_MS=15 MAX_ITEMS=$N write_test_config
herald source add "$BASE/feed.xml" --name Bulk >/dev/null

herald_bg fetch-once >"$TMP/run1.log" 2>&1
pid=$HERALD_PID
for _ in $(seq 1 400); do
    n=$(sql "select count(*) from articles" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 40 ] && break
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null || fail "herald finished before it could be killed"
set +e
wait "$pid"
status=$?
set -e
[ "$status" = "137" ] || fail "herald was not killed by SIGKILL (status $status)"

[ "$(sql "pragma integrity_check")" = "ok" ] || fail "integrity_check after kill -9"
before=$(sql "select count(*) from articles")
sql "select id || ' ' || url from articles" | sort >"$TMP/before.txt"
[ "$before" -gt 0 ] && [ "$before" -lt $N ] || fail "killed at an unexpected point ($before of $N)"
pass "kill -9 after $before of $N articles; integrity_check ok"

# Restart: the interrupted source is still due and resumes.
HOST_DELAY_MS=0 MAX_ITEMS=$N write_test_config
herald fetch-once >"$TMP/run2.log" 2>&1 || fail "restart failed: $(cat "$TMP/run2.log")"
[ "$(sql "pragma integrity_check")" = "ok" ] || fail "integrity_check after restart"
[ "$(sql "select count(*) from articles")" = "$N" ] || fail "expected $N articles, got $(sql "select count(*) from articles")"
[ "$(sql "select count(distinct url) from articles")" = "$N" ] || fail "duplicate articles"
sql "select id || ' ' || url from articles" | sort >"$TMP/after.txt"
missing=$(comm -23 "$TMP/before.txt" "$TMP/after.txt" | wc -l)
[ "$missing" = "0" ] || fail "$missing committed articles lost"
pass "restart completed: $N articles, none lost, none duplicated"

# SIGTERM finishes the transaction in flight and exits cleanly.
rm -f "$TMP/herald.db"*
HOST_DELAY_MS=15 MAX_ITEMS=$N write_test_config
herald source add "$BASE/feed.xml" --name Bulk >/dev/null
herald_bg run >"$TMP/run3.log" 2>&1
pid=$HERALD_PID
for _ in $(seq 1 400); do
    n=$(sql "select count(*) from articles" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 20 ] && break
    sleep 0.05
done
# One writer: a second ingester on the same database refuses.
set +e
herald fetch-once >"$TMP/second.log" 2>&1
second=$?
set -e
[ "$second" = "1" ] || fail "a second ingester ran beside herald run (exit $second)"
grep -q "already ingesting" "$TMP/second.log" || fail "unclear refusal: $(cat "$TMP/second.log")"
pass "a second ingester is refused while herald run holds the database"
kill -TERM "$pid"
wait "$pid" || fail "herald run exited non-zero after SIGTERM: $(tail -3 "$TMP/run3.log")"
[ "$(sql "pragma integrity_check")" = "ok" ] || fail "integrity_check after SIGTERM"
herald fetch-once >/dev/null 2>&1 || fail "resume after SIGTERM"
[ "$(sql "select count(*) from articles")" = "$N" ] || fail "resume after SIGTERM incomplete"
pass "SIGTERM stops cleanly and the next run resumes"
echo "1 passed, 0 failed"
