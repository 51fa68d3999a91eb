# herald feed parse from the command line: readable and JSON output for
# each format, stdin, and the exit codes and one-line errors for files that
# are not feeds and for usage mistakes.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

H="$BUILD/herald"
F="$SRC/tests/fixtures/feed"

# expect STATUS CMD...: runs CMD, checks its exit status and, for failures,
# that stderr is one line.
expect() {
    local want=$1 got=0
    shift
    "$@" >"$TMP/out" 2>"$TMP/err" || got=$?
    [ "$got" = "$want" ] || fail "'$*' exited $got, wanted $want: $(cat "$TMP/err")"
    if [ "$want" = 1 ]; then
        [ "$(wc -l <"$TMP/err")" = 1 ] || fail "'$*' stderr is not one line: $(cat "$TMP/err")"
    fi
}

expect 0 "$H" feed parse "$F/vn_1258.rss"
grep -q "^format:  rss" "$TMP/out" || fail "format line: $(cat "$TMP/out")"
grep -q "Thủ tướng tiếp Đại sứ Nhật Bản" "$TMP/out" || fail "windows-1258 title: $(cat "$TMP/out")"
grep -q "published:  2023-11-21T01:30:00Z" "$TMP/out" || fail "published: $(cat "$TMP/out")"
pass "readable RSS in windows-1258"

outs=()
for f in cdata.rss rdf.xml atom_base.xml feed.json news_sitemap.xml sitemap_index.xml; do
    expect 0 "$H" feed parse --json "$F/$f"
    cp "$TMP/out" "$TMP/$f.out"
    outs+=("$TMP/$f.out")
done
python3 -c 'import json,sys
for p in sys.argv[1:]:
    assert json.load(open(p))["entries"], p' "${outs[@]}" || fail "JSON output invalid or without entries"
pass "--json for RSS, RDF, Atom, JSON Feed, sitemap and sitemap index"

"$H" feed parse --json --url https://base.example/x/ - <"$F/cdata.rss" >"$TMP/out" ||
    fail "stdin parse failed"
grep -q '"format": "rss"' "$TMP/out" || fail "stdin output: $(cat "$TMP/out")"
pass "stdin"

expect 1 "$H" feed parse "$F/page.html"
grep -q "page.html: not a feed: root element <html>" "$TMP/err" || fail "html error: $(cat "$TMP/err")"
expect 1 "$H" feed parse "$F/empty.xml"
grep -q "empty input" "$TMP/err" || fail "empty error: $(cat "$TMP/err")"
expect 1 "$H" feed parse "$F/invalid.json"
grep -q "invalid JSON at line 3" "$TMP/err" || fail "json error: $(cat "$TMP/err")"
expect 1 "$H" feed parse "$TMP/does-not-exist.xml"
pass "unrecoverable input exits 1 with one line naming the file"

expect 2 "$H" feed
expect 2 "$H" feed parse
expect 2 "$H" feed parse --bogus "$F/cdata.rss"
expect 2 "$H" feed frobnicate "$F/cdata.rss"
expect 2 "$H" feed parse "$F/cdata.rss" extra
pass "usage errors exit 2"
