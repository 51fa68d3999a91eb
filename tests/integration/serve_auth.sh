# herald serve's permissions: walks EVERY route of data/openapi.json (which
# test_http_openapi keeps equal to the route table) with every role (admin,
# analyst, officer, approver, viewer), with no credentials, with a cookie
# session but no CSRF header on writes, and with an API token, asserting
# the status the role table gives (written out here independently of
# src/auth). Then sign-in errors, the login rate limit (429), CSRF
# rotation, logout, disabled users and revoked tokens.
BUILD=$1 SRC=$2
source "$SRC/tests/support/testlib.sh"
PY=/usr/bin/python3
HERALD_PID=""
trap '[ -n "$HERALD_PID" ] && kill "$HERALD_PID" 2>/dev/null; cleanup' EXIT

write_test_config
PW='correct horse battery staple'
printf '%s\n' "$PW" >"$TMP/pw"
ROLES="admin analyst officer approver viewer"
for r in $ROLES; do
    extra=()
    [ "$r" = officer ] && extra=(--agency mofa)
    herald user add "u$r" --role "$r" "${extra[@]}" --password-file "$TMP/pw" >/dev/null ||
        fail "user add u$r"
done
herald user add limited --role viewer --password-file "$TMP/pw" >/dev/null
herald token create script --user uanalyst >"$TMP/token.out" || fail "token create"
TOKEN=$(grep -o 'hrld_[A-Za-z0-9_-]*' "$TMP/token.out")
[ ${#TOKEN} = 48 ] || fail "token format: $(cat "$TMP/token.out")"

herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" --web "$TMP/noweb" 2>"$TMP/serve.log"
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "serve did not start: $(cat "$TMP/serve.log")"
API="http://127.0.0.1:$(cat "$TMP/api.port")"

# req METHOD PATH [curl args...]: sets CODE and ERR (the error code, or "").
req() {
    local m=$1 p=$2
    shift 2
    CODE=$(curl -s -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' -X "$m" "$@" "$API$p")
    ERR=$($PY -c "import json; print(json.load(open('$TMP/body'))['error']['code'])" 2>/dev/null || true)
}
json() { $PY -c "import json,sys; print(json.load(open('$TMP/body'))$1)"; }

# The role table for the routes' permissions: which roles may.
declare -A MAY=(
    [articles.read]="admin analyst officer approver viewer"
    [stats.read]="admin analyst officer approver viewer"
    [sources.read]="admin analyst officer approver viewer"
    [sources.write]="admin analyst"
    [sources.delete]="admin"
    [users.admin]="admin"
    [audit.read]="admin"
    [alerts.read]="admin analyst officer approver"
    [alert_rules.write]="admin analyst"
    [metrics.read]="admin"
    [signed-in]="admin analyst officer approver viewer"
)

# Sign in every role; keep each cookie jar and CSRF token.
declare -A CSRF
for r in $ROLES; do
    req POST /api/v1/session -c "$TMP/jar.$r" -H 'Content-Type: application/json' \
        -d "{\"name\":\"u$r\",\"password\":\"$PW\"}"
    [ "$CODE" = 200 ] || fail "sign in as $r: $CODE $(cat "$TMP/body")"
    [ "$(json "['user']['role']")" = "$r" ] || fail "role of u$r"
    CSRF[$r]=$(json "['csrf']")
done
[ "$(json "['user']['agency']")" = "None" ] || fail "viewer has an agency"
pass "every role signs in"

# Every documented route: method, path with ids filled in, permission.
$PY - "$SRC/data/openapi.json" >"$TMP/routes" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
for path, ops in d['paths'].items():
    for m, op in ops.items():
        print(m.upper(), path.replace('{id}', '999999'), op['x-permission'])
PYEOF
[ "$(wc -l <"$TMP/routes")" -ge 18 ] || fail "too few routes in openapi.json"

CHECKED=0
# check_one WHAT EXPECT: EXPECT is a status, "pass" (the gate let it
# through: neither 401 nor 403) or "403:CODE".
check_one() {
    local what=$1 want=$2
    CHECKED=$((CHECKED + 1))
    case $want in
    pass) [ "$CODE" != 401 ] && [ "$CODE" != 403 ] || fail "$what: want through, got $CODE $ERR" ;;
    403:*) [ "$CODE" = 403 ] && [ "$ERR" = "${want#403:}" ] || fail "$what: want $want, got $CODE $ERR" ;;
    *) [ "$CODE" = "$want" ] || fail "$what: want $want, got $CODE $ERR" ;;
    esac
}

while read -r M P PERM; do
    BODY=()
    [ "$M" = POST ] || [ "$M" = PATCH ] && BODY=(-H 'Content-Type: application/json' -d '{}')
    WRITE=0
    [ "$M" != GET ] && WRITE=1
    # no credentials
    req "$M" "$P" "${BODY[@]}"
    if [ "$PERM" = public ]; then check_one "$M $P none" pass; else
        check_one "$M $P none" 401
        [ "$ERR" = unauthorized ] || fail "$M $P none: code $ERR"
    fi
    [ "$M $P" = "DELETE /api/v1/session" ] && SKIP_CSRF_OK=1 || SKIP_CSRF_OK=0
    for r in $ROLES; do
        allowed=0
        [ "$PERM" = public ] || [[ " ${MAY[$PERM]} " == *" $r "* ]] && allowed=1
        # cookie session with the CSRF header (except logging out: later)
        if [ $SKIP_CSRF_OK = 0 ]; then
            req "$M" "$P" -b "$TMP/jar.$r" -H "X-CSRF-Token: ${CSRF[$r]}" "${BODY[@]}"
            if [ $allowed = 1 ]; then check_one "$M $P $r" pass; else
                check_one "$M $P $r" 403:forbidden; fi
            if [ "$M $P" = "GET /api/v1/session" ]; then CSRF[$r]=$(json "['csrf']"); fi
        fi
        # cookie session without the CSRF header, on writes
        if [ $WRITE = 1 ] && [ "$PERM" != public ]; then
            req "$M" "$P" -b "$TMP/jar.$r" "${BODY[@]}"
            if [ $allowed = 1 ]; then check_one "$M $P $r no-csrf" 403:csrf; else
                check_one "$M $P $r no-csrf" 403:forbidden; fi
            if [ "$r" != admin ]; then
                req "$M" "$P" -b "$TMP/jar.$r" -H "X-CSRF-Token: ${CSRF[admin]}" "${BODY[@]}"
                [ "$CODE" = 403 ] || fail "$M $P $r with admin's CSRF token: $CODE"
            fi
        fi
    done
    # an analyst's API token: no CSRF needed
    req "$M" "$P" -H "Authorization: Bearer $TOKEN" "${BODY[@]}"
    if [ "$PERM" = public ] || [[ " ${MAY[$PERM]} " == *" analyst "* ]]; then
        check_one "$M $P token" pass
    else check_one "$M $P token" 403:forbidden; fi
done <"$TMP/routes"
pass "$CHECKED route x role checks: 401 without credentials, 403 forbidden per the role table, 403 csrf without the header"

# Bad credentials.
req GET /api/v1/articles -H "Authorization: Bearer hrld_${TOKEN:5:42}x" && check_one "wrong token" 401
req GET /api/v1/articles -H "Authorization: Basic dTpw" && check_one "basic auth" 401
req GET /api/v1/articles -H "Cookie: herald_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" &&
    check_one "forged cookie" 401
req POST /api/v1/session -H 'Content-Type: application/json' -d '{"name":"uviewer","password":"wrong password!"}'
check_one "wrong password" 401 && [ "$ERR" = unauthorized ] || fail "wrong password code $ERR"
grep -qi '^Set-Cookie' "$TMP/head" && fail "a cookie for a failed sign-in"
req POST /api/v1/session -H 'Content-Type: application/json' -d '{"name":"nobody","password":"wrong password!"}'
check_one "unknown user" 401
req POST /api/v1/session -H 'Content-Type: application/json' -d '{"name":"uviewer"}' && check_one "no password" 400
req POST /api/v1/session -H 'Content-Type: application/json' -d '{"name":"uviewer","password":1}' &&
    check_one "password not a string" 400
req POST /api/v1/session -H 'Content-Type: application/json' -d '{"name":"uviewer","password":"x","otp":1}' &&
    check_one "unknown field" 400
req POST /api/v1/session -H 'Content-Type: application/json' -d '{"name":"uviewer",' && check_one "malformed" 400
req POST /api/v1/session -d 'name=uviewer&password=x' && check_one "form body" 415
pass "wrong or forged credentials are 401; bad sign-in bodies 400/415"

# Rate limit: five failures for (name, IP), then 429 even with the right password.
for i in 1 2 3 4 5; do
    req POST /api/v1/session -H 'Content-Type: application/json' -d '{"name":"limited","password":"wrong password!"}'
    check_one "failure $i" 401
done
req POST /api/v1/session -H 'Content-Type: application/json' -d "{\"name\":\"limited\",\"password\":\"$PW\"}"
check_one "after 5 failures" 429 && [ "$ERR" = rate_limited ] || fail "rate limit code $ERR"
pass "login rate limit: 429 rate_limited after 5 failures"

# CSRF rotation: GET /session returns a new token; the old one stops working.
OLD=${CSRF[analyst]}
req GET /api/v1/session -b "$TMP/jar.analyst" && check_one "session" 200
NEW=$(json "['csrf']")
[ "$NEW" != "$OLD" ] && [ ${#NEW} = 43 ] || fail "CSRF not rotated"
req POST /api/v1/sources -b "$TMP/jar.analyst" -H "X-CSRF-Token: $OLD" -H 'Content-Type: application/json' -d '{}'
check_one "old CSRF token" 403:csrf
req POST /api/v1/sources -b "$TMP/jar.analyst" -H "X-CSRF-Token: $NEW" -H 'Content-Type: application/json' -d '{}'
check_one "new CSRF token" 400
req GET /api/v1/session -H "Authorization: Bearer $TOKEN" && check_one "session by token" 200
[ "$(json "['csrf']")" = None ] || fail "a token session got a CSRF token"
pass "GET /session rotates the CSRF token; tokens get none"

# Logout: needs CSRF; clears the cookie; the session is gone.
req DELETE /api/v1/session -b "$TMP/jar.viewer" && check_one "logout without CSRF" 403:csrf
req DELETE /api/v1/session -b "$TMP/jar.viewer" -H "X-CSRF-Token: ${CSRF[viewer]}" && check_one logout 204
grep -qi '^Set-Cookie: herald_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0' "$TMP/head" ||
    fail "logout does not clear the cookie"
req GET /api/v1/articles -b "$TMP/jar.viewer" && check_one "after logout" 401
pass "logout needs CSRF, clears the cookie and ends the session"

# Disabling a user ends their sessions; revoking a token stops it.
herald user disable uapprover >/dev/null
req GET /api/v1/articles -b "$TMP/jar.approver" && check_one "disabled user" 401
herald token revoke 1 >/dev/null
req GET /api/v1/articles -H "Authorization: Bearer $TOKEN" && check_one "revoked token" 401
pass "disabled users and revoked tokens are 401"

[ "$(sql "select count(*) from audit where action = 'auth.login'")" -ge 5 ] || fail "logins not audited"
[ "$(sql "select count(*) from audit where action = 'auth.login_failed'")" -ge 7 ] || fail "failures not audited"
[ "$(sql "select count(*) from audit where action = 'auth.logout'")" = 1 ] || fail "logout not audited"
pass "sign-ins, failures and logout are audited"

# /metrics: Prometheus scrapes with an admin's API token (Authorization:
# Bearer); with [serve] metrics_public = true it needs no credentials.
herald token create prometheus --user uadmin >"$TMP/ptoken.out" || fail "token create (admin)"
PTOKEN=$(grep -o 'hrld_[A-Za-z0-9_-]*' "$TMP/ptoken.out")
req GET /metrics -H "Authorization: Bearer $PTOKEN" && check_one "metrics by admin token" 200
grep -q '^herald_http_requests_total{' "$TMP/body" || fail "metrics body: $(head -c 300 "$TMP/body")"
req GET /metrics && check_one "metrics without credentials" 401
kill -TERM "$HERALD_PID" && wait "$HERALD_PID"
printf '[serve]\nmetrics_public = true\n' >>"$TMP/herald.ini"
rm -f "$TMP/api.port"
herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" --web "$TMP/noweb" 2>"$TMP/serve.log"
for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
[ -s "$TMP/api.port" ] || fail "serve (metrics_public) did not start: $(cat "$TMP/serve.log")"
API="http://127.0.0.1:$(cat "$TMP/api.port")"
req GET /metrics && check_one "public metrics without credentials" 200
grep -q '^herald_articles_total ' "$TMP/body" || fail "public metrics body: $(head -c 300 "$TMP/body")"
req GET /api/v1/users && check_one "users without credentials (metrics_public)" 401
pass "/metrics: admin API token 200, none 401; [serve] metrics_public = true makes only it public"

# HTTPS: the cookie gets Secure, responses HSTS (skipped without openssl).
if command -v openssl >/dev/null; then
    kill -TERM "$HERALD_PID" && wait "$HERALD_PID"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 1 \
        -subj /CN=localhost 2>/dev/null || fail "openssl"
    rm -f "$TMP/api.port"
    herald_bg serve --listen 127.0.0.1:0 --port-file "$TMP/api.port" --tls-cert "$TMP/cert.pem" \
        --tls-key "$TMP/key.pem" 2>"$TMP/serve.log"
    for _ in $(seq 1 100); do [ -s "$TMP/api.port" ] && break; sleep 0.05; done
    [ -s "$TMP/api.port" ] || fail "HTTPS serve did not start: $(cat "$TMP/serve.log")"
    API="https://127.0.0.1:$(cat "$TMP/api.port")"
    req POST /api/v1/session -k -H 'Content-Type: application/json' -d "{\"name\":\"uadmin\",\"password\":\"$PW\"}"
    check_one "HTTPS sign in" 200
    grep -qi '^Set-Cookie: herald_session=.*; HttpOnly; SameSite=Strict; .*Secure' "$TMP/head" ||
        fail "no Secure cookie under TLS: $(grep -i set-cookie "$TMP/head")"
    grep -qi '^Strict-Transport-Security: max-age=' "$TMP/head" || fail "no HSTS under TLS"
    pass "HTTPS: Secure cookie and HSTS"
fi
echo "all passed"
