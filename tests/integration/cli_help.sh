# herald VERB --help (and -h, and "herald help VERB") for every command the
# top-level help lists: the usage on stdout, nothing on stderr, exit 0,
# and nothing done (no database is created, no server started). A bad
# option is still a usage error: exit 2 with the usage on stderr.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

H="$BUILD/herald"
"$H" help >"$TMP/help" 2>"$TMP/err" || fail "herald help exited $?: $(cat "$TMP/err")"
VERBS=$(awk '/^  [a-z]/{print $1}' "$TMP/help")
[ "$(echo "$VERBS" | wc -l)" -ge 20 ] || fail "herald help lists too few commands: $VERBS"
for verb in $VERBS; do
    for form in "$verb --help" "$verb -h" "help $verb"; do
        # shellcheck disable=SC2086 # form is words on purpose
        timeout 10 "$H" --db "$TMP/never.db" $form >"$TMP/out" 2>"$TMP/err"
        rc=$?
        [ "$rc" = 0 ] || fail "herald $form exited $rc: $(cat "$TMP/err")"
        [ ! -s "$TMP/err" ] || fail "herald $form wrote to stderr: $(cat "$TMP/err")"
        head -1 "$TMP/out" | grep -q "^usage: herald $verb" ||
            fail "herald $form does not start with its usage: $(head -c 200 "$TMP/out")"
        [ ! -e "$TMP/never.db" ] || fail "herald $form created the database"
    done
done
pass "every command answers --help, -h and 'help VERB' with its usage, exit 0 ($(echo $VERBS | wc -w) commands)"

for verb in search signals export analyze stories; do
    rc=0
    "$H" --db "$TMP/never.db" "$verb" --no-such-option >"$TMP/out" 2>"$TMP/err" || rc=$?
    [ "$rc" = 2 ] || fail "herald $verb --no-such-option exited $rc, wanted 2"
    grep -q "usage: herald $verb" "$TMP/err" || fail "herald $verb: no usage on stderr: $(cat "$TMP/err")"
    [ ! -s "$TMP/out" ] || fail "herald $verb --no-such-option wrote to stdout"
done
pass "a bad option is still a usage error (exit 2, usage on stderr)"
