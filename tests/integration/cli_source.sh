# herald source, search, show and export from the command line: sources
# CRUD with health columns, OPML export -> import into a second database,
# and the exit codes and one-line errors for bad input.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

H="$BUILD/herald"
DB="$TMP/a.db"
h() { "$H" --db "$DB" "$@"; }

# expect STATUS CMD...: runs CMD, checks its exit status and that stderr is
# one line.
expect() {
    local want=$1 got=0
    shift
    "$@" >"$TMP/out" 2>"$TMP/err" || got=$?
    [ "$got" = "$want" ] || fail "'$*' exited $got, wanted $want: $(cat "$TMP/err")"
    if [ "$want" = 1 ]; then
        [ "$(wc -l <"$TMP/err")" = 1 ] || fail "'$*' stderr is not one line: $(cat "$TMP/err")"
    fi
}

# --- add, list, enable/disable, remove
expect 0 h source add "https://vnexpress.example/rss" --name "VnExpress" --country vn --lang vi \
    --kind domestic --interval 15
grep -q "added source 1" "$TMP/out" || fail "add output: $(cat "$TMP/out")"
expect 0 h source add "https://lemonde.example/rss" --country FR --lang fr --kind foreign
expect 0 h source add "https://chinhphu.example/feed" --name "Cổng TTĐT Chính phủ, \"official\"" \
    --country VN --lang vi --kind official --interval 30
expect 0 h source add "https://nhk.example/rss?lang=en&x=1" --name "NHK <World> & Co" --country jp --lang en
expect 0 h source disable 2
expect 0 h source list
grep -q "VnExpress" "$TMP/out" && grep -q "FAILS" "$TMP/out" || fail "list: $(cat "$TMP/out")"
grep -E "^2 +no " "$TMP/out" >/dev/null || fail "source 2 not shown disabled: $(cat "$TMP/out")"
expect 0 h source list --json
python3 - "$TMP/out" <<'PY' || fail "list --json"
import json, sys
v = json.load(open(sys.argv[1]))
assert len(v) == 4, v
assert v[0]["country"] == "VN" and v[0]["poll_minutes"] == 15 and v[0]["kind"] == "domestic"
assert v[1]["enabled"] is False and v[1]["name"] is None
assert v[0]["failures"] == 0 and v[0]["last_success"] is None
PY
pass "source add/list/disable"

# --- bad input: exit 1 with one line, usage errors exit 2
expect 1 h source add "https://x.example/rss" --country XX
grep -q "XX" "$TMP/err" || fail "bad country message: $(cat "$TMP/err")"
expect 1 h source add "https://x.example/rss" --kind tabloid
expect 1 h source add "ftp://x.example/rss"
expect 1 h source add "https://x.example/rss" --interval soon
expect 1 h source add "https://vnexpress.example/rss"
grep -q "already exists" "$TMP/err" || fail "duplicate message: $(cat "$TMP/err")"
expect 2 h source add "https://x.example/rss" --bogus
grep -q "unknown option '--bogus'" "$TMP/err" || fail "unknown flag message: $(cat "$TMP/err")"
expect 2 h source add
expect 2 h source frobnicate
expect 1 h source remove 99
expect 1 h source remove abc
expect 1 h source enable -3
expect 2 h source remove
expect 1 "$H" --db "$TMP/no/such/dir/x.db" source list
grep -q "cannot open database" "$TMP/err" || fail "unreadable db: $(cat "$TMP/err")"
head -c 4096 /dev/urandom >"$TMP/junk.db"
expect 1 "$H" --db "$TMP/junk.db" source list
grep -q "not a herald database" "$TMP/err" || fail "junk db: $(cat "$TMP/err")"
pass "bad source input rejected with one-line errors"

# --- OPML export -> import round trip into a second database
expect 0 h source export
cp "$TMP/out" "$TMP/sources.opml"
grep -q "<opml" "$TMP/sources.opml" || fail "export is not OPML"
expect 0 "$H" --db "$TMP/b.db" source import "$TMP/sources.opml"
grep -q "imported 4 sources" "$TMP/out" || fail "import: $(cat "$TMP/out")"
expect 0 "$H" --db "$TMP/b.db" source import "$TMP/sources.opml"
grep -q "imported 0 sources (4 already present" "$TMP/out" || fail "re-import: $(cat "$TMP/out")"
h source list --json >"$TMP/a.json"
"$H" --db "$TMP/b.db" source list --json >"$TMP/b.json"
python3 - "$TMP/a.json" "$TMP/b.json" <<'PY' || fail "round trip differs"
import json, sys
keys = ["url", "name", "country", "lang", "kind", "poll_minutes", "enabled"]
a = [{k: s[k] for k in keys} for s in json.load(open(sys.argv[1]))]
b = [{k: s[k] for k in keys} for s in json.load(open(sys.argv[2]))]
assert a == b, (a, b)
PY
"$H" --db "$TMP/b.db" source export >"$TMP/sources2.opml"
cmp -s "$TMP/sources.opml" "$TMP/sources2.opml" || fail "second export differs"
echo "<rss><channel/></rss>" >"$TMP/not.opml"
expect 1 h source import "$TMP/not.opml"
expect 1 h source import "$TMP/missing.opml"
pass "OPML export -> import round trip"

expect 0 h source remove 3
expect 0 h source enable 2
[ "$(h source list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 3 ] ||
    fail "remove did not remove"
pass "source remove/enable"

# --- search, show, export: argument errors and an empty store
expect 0 h search "biển đông"
grep -q "no results" "$TMP/out" || fail "empty search: $(cat "$TMP/out")"
expect 0 h search --json --lang vi --country VN --source 1 --since 2025-01-01 --until 2025-12-31 \
    --limit 5 "biển đông"
[ "$(cat "$TMP/out")" = "[]" ] || fail "json search: $(cat "$TMP/out")"
expect 1 h search --since "not a date" foo
grep -q "since" "$TMP/err" || fail "bad date message: $(cat "$TMP/err")"
expect 1 h search --country ZZ foo
expect 1 h search --source x foo
expect 1 h search --limit 0x10 foo
expect 1 h search --limit 0 foo
expect 1 h search '"'
expect 2 h search
expect 2 h search --frob foo
expect 1 h show 12
grep -q "no article 12" "$TMP/err" || fail "show missing: $(cat "$TMP/err")"
expect 1 h show 1x
expect 2 h show
expect 2 h export
expect 1 h export --format xml
expect 0 h export --format csv
[ "$(cat "$TMP/out" | tr -d '\r')" = "id,published,lang,country,source_id,source,url,canonical_url,title,byline,site_name,description,relevance,relevance_class,topics,tone,tone_label,text" ] ||
    fail "csv header: $(cat "$TMP/out")"
expect 0 h export --format jsonl --lang vi
expect 1 h search --relevance maybe vietnam
grep -q "not one of none, mentions, about" "$TMP/err" || fail "bad relevance: $(cat "$TMP/err")"
expect 1 h search --tone "negative,angry" vietnam
expect 1 h search --topic "Sea Islands" vietnam
expect 0 h search --relevance about,mentions --tone negative --topic sovereignty vietnam
expect 0 h export --format jsonl --relevance none
[ ! -s "$TMP/out" ] || fail "jsonl of empty store not empty"
pass "search/show/export argument errors"
echo "all passed"
