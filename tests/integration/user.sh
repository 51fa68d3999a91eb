# herald user, token and audit from the command line: passwords from
# stdin, a file or --generate and never from argv; one-line errors and
# exit codes; every change in the audit log, which refuses UPDATE/DELETE.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"

DB="$TMP/herald.db"
h() { "$BUILD/herald" --db "$DB" "$@"; }

# expect STATUS CMD...: runs CMD (stdin from $IN, default /dev/null),
# checks its exit status and that a failure's stderr is one line.
expect() {
    local want=$1 got=0
    shift
    "$@" <"${IN:-/dev/null}" >"$TMP/out" 2>"$TMP/err" || got=$?
    [ "$got" = "$want" ] || fail "'$*' exited $got, wanted $want: $(cat "$TMP/err")"
    if [ "$want" != 0 ]; then
        [ "$(wc -l <"$TMP/err")" -ge 1 ] || fail "'$*' printed no error"
    fi
    if [ "$want" = 1 ]; then
        [ "$(wc -l <"$TMP/err")" = 1 ] || fail "'$*' stderr is not one line: $(cat "$TMP/err")"
    fi
}

# --- passwords: stdin, file, generated; never argv
printf 'a long password\n' >"$TMP/pw"
IN="$TMP/pw" expect 0 h user add admin --role admin --display "Quản trị viên"
grep -q "added user 1: admin (admin)" "$TMP/out" || fail "add output: $(cat "$TMP/out")"
printf 'officer password' >"$TMP/pw2"
expect 0 h user add minh --role officer --agency mofa --password-file "$TMP/pw2"
expect 0 h user add xem --role viewer --generate
grep -Eq "^password for xem \(shown once\): [A-Za-z0-9]{20}$" "$TMP/out" ||
    fail "generated password: $(cat "$TMP/out")"
for bad in --password=secretsecret "--password secretsecret" -p; do
    # shellcheck disable=SC2086
    expect 2 h user add eve --role admin $bad
    grep -q "never taken from the command line" "$TMP/err" || fail "$bad: $(cat "$TMP/err")"
done
[ "$(sql "SELECT count(*) FROM users WHERE name = 'eve'")" = 0 ] || fail "eve was added"
expect 1 h user add eve --role admin
grep -q "password is empty" "$TMP/err" || fail "empty: $(cat "$TMP/err")"
printf 'short\n' >"$TMP/short"
IN="$TMP/short" expect 1 h user add eve --role admin
grep -q "shorter than 10" "$TMP/err" || fail "short: $(cat "$TMP/err")"
head -c 2000 /dev/zero | tr '\0' a >"$TMP/huge"
expect 1 h user add eve --role admin --password-file "$TMP/huge"
grep -q "longer than 1024" "$TMP/err" || fail "huge: $(cat "$TMP/err")"
printf 'abcde\0fghijkl' >"$TMP/nul"
expect 1 h user add eve --role admin --password-file "$TMP/nul"
grep -q "NUL" "$TMP/err" || fail "nul: $(cat "$TMP/err")"
expect 1 h user add eve --role admin --password-file "$TMP/missing"

# --- bad names, roles, agencies, duplicates
IN="$TMP/pw" expect 1 h user add "" --role admin
IN="$TMP/pw" expect 1 h user add "Eve Smith" --role admin
IN="$TMP/pw" expect 1 h user add eve --role root
grep -q "unknown role 'root'" "$TMP/err" || fail "role: $(cat "$TMP/err")"
IN="$TMP/pw" expect 1 h user add eve --role officer
grep -q "agency" "$TMP/err" || fail "agency: $(cat "$TMP/err")"
IN="$TMP/pw" expect 1 h user add admin --role admin
grep -q "already exists" "$TMP/err" || fail "dup: $(cat "$TMP/err")"
expect 2 h user add eve
expect 2 h user frobnicate
expect 2 h user

# --- changes
IN="$TMP/pw2" expect 0 h user passwd xem
expect 1 h user passwd ghost
expect 0 h user role minh analyst
expect 1 h user role minh officer
expect 0 h user role minh officer --agency mic
expect 0 h user disable xem
expect 1 h user disable ghost
expect 0 h user list
grep -Eq "^2 +minh +officer +mic +yes" "$TMP/out" || fail "list: $(cat "$TMP/out")"
grep -Eq "^3 +xem +viewer +- +no" "$TMP/out" || fail "list: $(cat "$TMP/out")"
expect 0 h user list --json
grep -q '"display": "Quản trị viên"' "$TMP/out" || fail "json: $(cat "$TMP/out")"
if grep -q argon "$TMP/out"; then fail "list shows a hash"; fi
expect 0 h user enable xem

# --- tokens
expect 0 h token create "nightly export" --user admin
TOKEN=$(tail -1 "$TMP/out")
[[ "$TOKEN" =~ ^hrld_[A-Za-z0-9_-]{43}$ ]] || fail "token: $TOKEN"
[ "$(sql "SELECT count(*) FROM api_tokens WHERE token_hash LIKE '%$TOKEN%'")" = 0 ] ||
    fail "token stored in clear"
expect 1 h token create x --user ghost
expect 2 h token create x
expect 0 h token list
grep -q "nightly export" "$TMP/out" || fail "token list: $(cat "$TMP/out")"
if grep -q "$TOKEN" "$TMP/out"; then fail "token list shows the secret"; fi
expect 0 h token revoke 1
expect 1 h token revoke 99
expect 1 h token revoke abc

# --- audit
expect 0 h audit list
for a in user.add user.passwd user.role user.disable user.enable token.create token.revoke; do
    grep -q " $a " "$TMP/out" || fail "audit lacks $a: $(cat "$TMP/out")"
done
expect 0 h audit export
[ "$(wc -l <"$TMP/out")" = "$(sql 'SELECT count(*) FROM audit')" ] || fail "export lines"
while IFS= read -r line; do
    echo "$line" | grep -q '^{"id":[0-9]*,"at":"20[0-9-]*T' || fail "export line: $line"
done <"$TMP/out"
if grep -qi 'argon\|hrld_' "$TMP/out"; then fail "audit holds a secret"; fi
expect 0 h audit list --action user.role --json
[ "$(grep -c '"action":"user.role"' "$TMP/out")" = 2 ] || fail "filter: $(cat "$TMP/out")"
expect 0 h audit list --since 2999-01-01
[ "$(wc -l <"$TMP/out")" = 1 ] || fail "since: $(cat "$TMP/out")"
expect 1 h audit list --since yesterday-ish
expect 0 h audit list --limit 2
[ "$(wc -l <"$TMP/out")" = 3 ] || fail "--limit 2: $(cat "$TMP/out")"
NEWEST=$(sql 'SELECT max(id) FROM audit')
awk 'NR == 2 { print $1 }' "$TMP/out" | grep -qx "$NEWEST" || fail "list is not newest first: $(cat "$TMP/out")"
expect 0 h audit list --json --limit 0
[ "$(grep -c '"id":' "$TMP/out")" = "$(sql 'SELECT count(*) FROM audit')" ] || fail "--limit 0 lists all"
expect 1 h audit list --limit -1
expect 1 h audit list --limit x
expect 2 h audit export --limit 3
expect 2 h audit list --bogus
expect 2 h audit
if sqlite3 "$DB" "DELETE FROM audit" 2>"$TMP/err"; then fail "audit DELETE allowed"; fi
grep -q "append-only" "$TMP/err" || fail "delete: $(cat "$TMP/err")"
if sqlite3 "$DB" "UPDATE audit SET actor = 'x'" 2>/dev/null; then fail "audit UPDATE allowed"; fi
pass "user, token and audit commands"
