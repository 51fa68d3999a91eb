# The dashboard in a real browser: a database filled from tests/e2e/site
# (dated today and the last days), three stories over its articles, an
# alert rule evaluated once, an admin and a viewer, herald serve on
# 127.0.0.1:0 with --web BUILD/web, then tests/e2e/dashboard.test.mjs
# (playwright-core driving Debian's headless chromium). Screenshots go to
# BUILD/tests-output/dashboard/. Exit 77 (skipped) without chromium or
# playwright-core (scripts/install-deps installs both).
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
HERALD_PID="" WEB_PID=""
trap '[ -n "$WEB_PID" ] && kill "$WEB_PID" 2>/dev/null; [ -n "$HERALD_PID" ] && kill "$HERALD_PID" 2>/dev/null; cleanup' EXIT
skip() { echo "skipped: $*"; exit 77; }

CHROMIUM=${HERALD_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip "no $CHROMIUM (scripts/install-deps installs Debian's chromium)"
[ -d "$SRC/web/node_modules/playwright-core" ] || skip "no web/node_modules/playwright-core (scripts/install-deps)"
[ -f "$BUILD/web/index.html" ] || fail "no dashboard in $BUILD/web (the web target builds it)"
OUT="$BUILD/tests-output/dashboard"
rm -rf "$OUT" && mkdir -p "$OUT"

# The site, with publication dates of today and the three days before,
# in the office's days (+07:00, or DASHBOARD_OFFICE_HOURS to try the
# day's edges): up to 10 minutes ago but never before the office's
# midnight. Within 5 minutes of that midnight the test waits for it, so
# "today" cannot change while the browser runs.
mkdir -p "$TMP/site" && cp -r "$SRC/tests/e2e/site/." "$TMP/site/"
OFFICE_HOURS=${DASHBOARD_OFFICE_HOURS:-7}
OFFICE_OFFSET=$((OFFICE_HOURS * 3600))
left=$((86400 - ($(date +%s) + OFFICE_OFFSET) % 86400))
if [ "$left" -le 300 ]; then
    echo "waiting ${left}s for the office's midnight"
    sleep $((left + 1))
fi
now=$(date +%s)
into_day=$(((now + OFFICE_OFFSET) % 86400))
base=$((now - (into_day < 1200 ? into_day / 2 : 600)))
for n in 0 1 2 3; do
    d=$(date -u -d "@$((base - n * 86400))" '+%a, %d %b %Y %H:%M:%S GMT')
    sed -i "s/{{DAY$n}}/$d/" "$TMP"/site/*.xml
done
start_fixture_server "$TMP/site"
write_test_config
printf '[office]\nutc_offset = %s%02d:00\n' "$([ "$OFFICE_HOURS" -lt 0 ] && echo - || echo +)" \
    "${OFFICE_HOURS#-}" >>"$TMP/herald.ini"
herald source add "$BASE/feed-vi.xml" --name "E2E Tin Tức" --country VN --lang vi >/dev/null
herald source add "$BASE/feed-en.xml" --name "E2E World" --country GB --lang en >/dev/null
herald fetch-once >"$TMP/out" || fail "fetch-once failed: $(cat "$TMP/out")"
[ "$(sql "select count(*) from articles")" = 5 ] || fail "expected 5 articles: $(cat "$TMP/out")"

ADMIN_PW="e2e-admin-password-1" VIEWER_PW="e2e-viewer-password-1"
printf '%s\n' "$ADMIN_PW" >"$TMP/admin.pw"
printf '%s\n' "$VIEWER_PW" >"$TMP/viewer.pw"
herald user add e2eadmin --role admin --display "E2E Admin" --password-file "$TMP/admin.pw" >/dev/null
herald user add e2eviewer --role viewer --password-file "$TMP/viewer.pw" >/dev/null

# Stories: three known stories over the five articles (whatever the
# clusterer made of them), so the pages show a story in two languages.
sqlite3 "$TMP/herald.db" <<'SQL' || fail "could not write the stories"
DELETE FROM article_stories; DELETE FROM stories;
INSERT INTO stories (id, title, title_article, first_seen, last_seen, updated, articles,
  articles_24h, outlets, langs, countries, topics, tone_neg, tone_neu, tone_pos, n_outlets, importance)
SELECT 1, 'Việt Nam đẩy mạnh hợp tác kinh tế với các đối tác', min(id), min(published), max(published),
  strftime('%s', 'now'), count(*), sum(published > strftime('%s', 'now') - 86400),
  'E2E World,E2E Tin Tức', 'en,vi', 'GB,VN', 'economy', 0, 0, count(*), 2, 3.5
  FROM articles WHERE topics LIKE 'economy%';
INSERT INTO stories (id, title, title_article, first_seen, last_seen, updated, articles,
  articles_24h, outlets, langs, countries, topics, tone_neg, tone_neu, tone_pos, n_outlets, importance)
SELECT 1 + row_number() OVER (ORDER BY id), title, id, published, published, strftime('%s', 'now'), 1, 0,
  CASE lang WHEN 'vi' THEN 'E2E Tin Tức' ELSE 'E2E World' END, lang, CASE lang WHEN 'vi' THEN 'VN' ELSE 'GB' END,
  topics, tone_label = -1, tone_label = 0, tone_label = 1, 1, 1.0 / id
  FROM articles WHERE topics NOT LIKE 'economy%';
INSERT INTO article_stories (article_id, story_id, fp, band0, band1, band2, band3)
SELECT a.id, coalesce((SELECT s.id FROM stories s WHERE s.title_article = a.id AND s.id > 1), 1), a.id, 0, 0, 0, 0
  FROM articles a;
SQL
[ "$(sql "select count(*) from article_stories where story_id = 1")" = 3 ] || fail "story 1 should have 3 articles"
# Six weeks of earlier daily counts (hourly rollups at 10:00 +07:00; no
# article text) for all articles and for VN, so the trend chart has the 14
# days of history a baseline and a forecast need: the store's history
# starts with its first counted article.
sqlite3 "$TMP/herald.db" <<'SQL' || fail "could not write the history"
WITH RECURSIVE d(n) AS (SELECT 5 UNION ALL SELECT n + 1 FROM d WHERE n < 45)
INSERT INTO rollup_hourly (dim, key, hour, n, scored, neg, neu, pos, tone_sum)
SELECT k.dim, k.key, (strftime('%s', 'now') / 86400 - d.n) * 24 + 3,
  CASE WHEN (strftime('%s', 'now') / 86400 - d.n + 3) % 7 IN (2, 3) THEN 1 ELSE 2 + d.n * 5 % 4 END,
  1, 0, 1, 0, 0
  FROM d, (SELECT 0 AS dim, '' AS key UNION ALL SELECT 1, 'VN') k;
SQL
# Alerts: a threshold rule on British outlets with the inbox and a webhook
# nobody answers (its delivery waits to retry), evaluated once.
printf '%s' '{"name":"E2E British volume","query":{"country":"GB"},"condition":{"type":"threshold","count":1},"channels":[{"type":"inbox"},{"type":"webhook","url":"http://127.0.0.1:9/hook","secret":"0123456789abcdef0123"}]}' |
    herald alerts rule add - >/dev/null || fail "alerts rule add"
herald alerts evaluate >"$TMP/alerts.out" || fail "alerts evaluate: $(cat "$TMP/alerts.out")"
herald alerts deliver >>"$TMP/alerts.out" 2>&1 || true
[ "$(sql "select count(*) from alert_events")" -ge 1 ] || fail "no alert fired: $(cat "$TMP/alerts.out")"

# herald serve --web when the server has it; until then a stand-in serves
# the files and forwards the API (said so in the output).
if "$BUILD/herald" serve --help 2>&1 | grep -q -- '--web'; then
    herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" --web "$BUILD/web" 2>"$TMP/serve.log"
    MODE="herald serve --web"
else
    herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" 2>"$TMP/serve.log"
    MODE="stand-in static server (herald serve has no --web yet)"
fi
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "serve did not start: $(cat "$TMP/serve.log")"
URL="http://127.0.0.1:$(cat "$TMP/api.port")"
if [ "$MODE" != "herald serve --web" ]; then
    node "$SRC/tests/e2e/devserver.mjs" --root "$BUILD/web" --api "$URL" --port-file "$TMP/web.port" &
    WEB_PID=$!
    for _ in $(seq 1 100); do [ -s "$TMP/web.port" ] && break; sleep 0.05; done
    [ -s "$TMP/web.port" ] || fail "stand-in static server did not start"
    URL="http://127.0.0.1:$(cat "$TMP/web.port")"
fi
echo "dashboard at $URL via $MODE"

CI=true HERALD_URL="$URL" HERALD_OUT="$OUT" HERALD_WEB_DIR="$SRC/web" HERALD_CHROMIUM="$CHROMIUM" \
    E2E_ADMIN="e2eadmin:$ADMIN_PW" E2E_VIEWER="e2eviewer:$VIEWER_PW" \
    timeout 240 node "$SRC/tests/e2e/dashboard.test.mjs" || fail "browser tests failed (screenshots in $OUT)"

# The admin's change reached the database (unless that case was skipped).
if grep -q '^ok .*disables a source' "$OUT/results.txt"; then
    [ "$(sql "select enabled from sources where name = 'E2E World'")" = 0 ] || fail "source still enabled"
    pass "the disabled source is disabled in the database"
fi
pass "dashboard browser tests ($(grep -c '^ok' "$OUT/results.txt") passed, $(grep -c '^skip' "$OUT/results.txt") skipped)"
