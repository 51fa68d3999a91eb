# Shared helpers for tests/integration/*.sh: a temp dir cleaned on exit, the
# fixture HTTP server started on 127.0.0.1 and stopped, and assertions.
# Usage: source "$SRC/tests/support/testlib.sh" after setting BUILD and SRC.
set -euo pipefail

TMP=$(mktemp -d "${TMPDIR:-/tmp}/herald-test.XXXXXX")
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# start_fixture_server ROOT: starts BUILD/fixture_server on an ephemeral
# port and sets PORT and BASE.
start_fixture_server() {
    "$BUILD/fixture_server" --root "$1" --port-file "$TMP/port" >"$TMP/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        [ -s "$TMP/port" ] && break
        sleep 0.05
    done
    [ -s "$TMP/port" ] || fail "fixture server did not start: $(cat "$TMP/server.log")"
    PORT=$(cat "$TMP/port")
    BASE="http://127.0.0.1:$PORT"
}

# A configuration that allows loopback and fetches fast.
write_test_config() {
    cat >"$TMP/herald.ini" <<INI
[store]
db = $TMP/herald.db
[fetch]
allow_private = true
host_delay_ms = ${HOST_DELAY_MS:-0}
timeout_ms = 10000
[ingest]
max_items_per_feed = ${MAX_ITEMS:-50}
[log]
level = warn
INI
}

herald() { "$BUILD/herald" --config "$TMP/herald.ini" "$@"; }

# herald_bg ARGS...: starts herald itself (not a subshell) in the
# background and sets HERALD_PID, so signals reach the real process.
herald_bg() {
    "$BUILD/herald" --config "$TMP/herald.ini" "$@" &
    HERALD_PID=$!
}

# sql QUERY: runs a read-only query on the test database.
sql() { sqlite3 -batch -noheader "$TMP/herald.db" "$1"; }
