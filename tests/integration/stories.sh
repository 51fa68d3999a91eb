# Stories in the daemon's path: fetch-once stores articles from a local
# site and clusters each one into a story in the store (schema v9); a
# second fetch-once (a new process: the window is rebuilt from the store)
# adds a Vietnamese translation, which joins the English/French story, and
# a wire copy, which is recorded as a near-duplicate of its original;
# `herald stories` lists them by importance (plain, --json, --since,
# --limit) and refuses bad flags with one-line errors.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

site=$TMP/site
mkdir -p "$site/news"
page() { # page NAME LANG TITLE TEXT
    cat >"$site/news/$1.html" <<HTML
<!DOCTYPE html><html lang="$2"><head><meta charset="utf-8"><title>$3</title></head>
<body><main><article><h1>$3</h1><p>$4</p></article></main></body></html>
HTML
}
item() { # item NAME TITLE DATE
    printf '<item><title>%s</title><link>{{BASE}}/news/%s.html</link><guid>%s</guid><pubDate>%s</pubDate></item>\n' "$2" "$1" "$1" "$3"
}
feed() {
    { printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>T</title><link>{{BASE}}/</link><description>d</description>\n'
      cat
      printf '</channel></rss>\n'; } >"$site/feed.xml"
}

EN="Typhoon Yagi, the strongest storm to hit Vietnam in decades, has killed at least 59 people in the north of the country. The storm made landfall in Quang Ninh and Hai Phong with winds of 149 km/h, and more than 3 million homes lost power."
FR="Le typhon Yagi, le plus puissant à frapper le Vietnam depuis des décennies, a fait au moins 59 morts dans le nord du pays. La tempête a touché terre à Quang Ninh et Hai Phong avec des vents de 149 km/h."
VI="Bão Yagi, cơn bão mạnh nhất đổ bộ vào Việt Nam trong nhiều thập kỷ, đã làm ít nhất 59 người chết tại các tỉnh miền Bắc. Bão đổ bộ vào Quảng Ninh và Hải Phòng với sức gió 149 km/h, hơn 3 triệu hộ mất điện."
DG="The Philippines declared a dengue outbreak in Manila and Quezon City after cases passed 120,000 this year, the Department of Health said, with 312 deaths. The World Health Organization said the rise was linked to heavy rain."
page yagi-en en "Typhoon Yagi kills 59 in northern Vietnam" "$EN"
page yagi-fr fr "Le typhon Yagi fait 59 morts au Vietnam" "$FR"
page dengue en "Philippines declares dengue outbreak" "$DG"
{ item yagi-en "Typhoon Yagi kills 59" "Sun, 08 Sep 2024 02:00:00 GMT"
  item yagi-fr "Le typhon Yagi" "Sun, 08 Sep 2024 04:00:00 GMT"
  item dengue "Dengue outbreak" "Sun, 08 Sep 2024 05:00:00 GMT"; } | feed

start_fixture_server "$site"
write_test_config
herald source add "$BASE/feed.xml" --name "Fixture Wire" --country VN --lang en >/dev/null
herald fetch-once >"$TMP/out1" 2>&1 || fail "fetch-once: $(cat "$TMP/out1")"
[ "$(sql "select count(*) from articles")" = 3 ] || fail "3 articles stored: $(cat "$TMP/out1")"
[ "$(sql "select count(*) from article_stories")" = 3 ] || fail "every article has a story"
[ "$(sql "select count(*) from stories")" = 2 ] || fail "two stories: $(sql "select id, title from stories")"
yagi=$(sql "select x.story_id from article_stories x join articles a on a.id = x.article_id where a.url like '%yagi-en%'")
[ "$(sql "select x.story_id from article_stories x join articles a on a.id = x.article_id where a.url like '%yagi-fr%'")" = "$yagi" ] ||
    fail "the French translation joins the English story"
pass "first cycle: 3 articles, 2 stories, translation joined"

# Second cycle in a new process: the clusterer is rebuilt from the store.
page yagi-vi vi "Bão Yagi làm 59 người chết ở miền Bắc" "$VI"
page dengue-wire en "Dengue outbreak declared in the Philippines" "MANILA (AP) - $DG"
{ item yagi-en "Typhoon Yagi kills 59" "Sun, 08 Sep 2024 02:00:00 GMT"
  item yagi-fr "Le typhon Yagi" "Sun, 08 Sep 2024 04:00:00 GMT"
  item dengue "Dengue outbreak" "Sun, 08 Sep 2024 05:00:00 GMT"
  item yagi-vi "Bão Yagi" "Sun, 08 Sep 2024 06:00:00 GMT"
  item dengue-wire "Dengue" "Sun, 08 Sep 2024 07:00:00 GMT"; } | feed
sql "update sources set last_fetch = 0, etag = NULL, last_modified = NULL"
herald fetch-once >"$TMP/out2" 2>&1 || fail "second fetch-once: $(cat "$TMP/out2")"
[ "$(sql "select count(*) from article_stories")" = 5 ] || fail "5 articles with stories"
[ "$(sql "select x.story_id from article_stories x join articles a on a.id = x.article_id where a.url like '%yagi-vi%'")" = "$yagi" ] ||
    fail "the Vietnamese article joins the story after a restart"
orig=$(sql "select id from articles where url like '%/dengue.html'")
[ "$(sql "select x.dup_of from article_stories x join articles a on a.id = x.article_id where a.url like '%dengue-wire%'")" = "$orig" ] ||
    fail "the wire copy is a near-duplicate of the original"
[ "$(sql "select count(*) from stories")" = 2 ] || fail "still two stories"
[ "$(sql "select articles || ' ' || langs from stories where id = $yagi")" = "3 en,fr,vi" ] ||
    fail "story summary: $(sql "select articles, langs from stories where id = $yagi")"
pass "second cycle: window rebuilt from the store, translation and wire copy placed"

herald stories >"$TMP/list" || fail "stories"
[ "$(wc -l <"$TMP/list")" = 2 ] || fail "two lines: $(cat "$TMP/list")"
head -1 "$TMP/list" | grep -q "Typhoon Yagi\|Bão Yagi\|typhon Yagi" || fail "the 3-article story first: $(cat "$TMP/list")"
herald stories --json --limit 1 >"$TMP/json" || fail "stories --json"
/usr/bin/python3 - "$TMP/json" <<'PY' || fail "stories --json content: $(cat "$TMP/json")"
import json, sys
v = json.load(open(sys.argv[1]))
assert len(v) == 1, v
s = v[0]
assert s["articles"] == 3 and s["langs"] == "en,fr,vi", s
assert s["outlets"] == "Fixture Wire" and s["countries"] == "VN", s
assert s["first_seen"] == "2024-09-08T02:00:00Z" and s["last_seen"] == "2024-09-08T06:00:00Z", s
assert set(s["tone"]) == {"negative", "neutral", "positive"}, s
PY
herald stories --since 2999-01-01 --json >"$TMP/none" || fail "stories --since"
[ "$(tr -d ' \n' <"$TMP/none")" = "[]" ] || fail "nothing updated in the future: $(cat "$TMP/none")"
pass "herald stories: plain, --json, --limit, --since"

status=0
herald stories --since yesterday-ish 2>"$TMP/err" || status=$?
[ "$status" = 1 ] && [ "$(wc -l <"$TMP/err")" = 1 ] || fail "bad --since: $status $(cat "$TMP/err")"
status=0
herald stories --limit 0 2>"$TMP/err" || status=$?
[ "$status" = 1 ] || fail "bad --limit"
status=0
herald stories --bogus 2>"$TMP/err" || status=$?
[ "$status" = 2 ] || fail "unknown flag"
pass "bad flags refused"
