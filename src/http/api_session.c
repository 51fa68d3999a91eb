/* POST, GET and DELETE /api/v1/session: sign in with a name and password
 * (a session cookie and a CSRF token; 401 for bad credentials, 429 after
 * too many failures), who am I (with a fresh CSRF token), sign out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/api_body.h"
#include "http/api_json.h"
#include "http/server.h"
#include "util/xalloc.h"

#define COOKIE_ATTRS "Path=/; HttpOnly; SameSite=Strict"

json_t *api_user_json(const struct auth_user *u)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(u->id));
    json_object_set_new(o, "name", api_str(u->name));
    json_object_set_new(o, "display", api_str(u->display));
    json_object_set_new(o, "role", json_string(auth_role_name(u->role)));
    json_object_set_new(o, "agency", api_str(u->agency));
    json_object_set_new(o, "disabled", json_boolean(u->disabled));
    json_object_set_new(o, "created", api_date(u->created));
    json_object_set_new(o, "last_login", api_date(u->last_login));
    return o;
}

/* Returns {"user":{id,name,display,role,agency},"csrf":csrf or null} for
 * principal p, reading the display name from st. */
static json_t *session_json(struct store *st, const struct auth_principal *p, const char *csrf)
{
    struct auth_user u = {0};
    json_t *user = json_object();
    json_object_set_new(user, "id", json_integer(p->user_id));
    json_object_set_new(user, "name", api_str(p->name));
    if (auth_user_get(st, &u, p->name) == HERALD_OK)
        json_object_set_new(user, "display", api_str(u.display));
    else
        json_object_set_new(user, "display", json_null());
    json_object_set_new(user, "role", json_string(auth_role_name(p->role)));
    json_object_set_new(user, "agency", p->agency[0] ? api_str(p->agency) : json_null());
    auth_user_free(&u);
    return json_pack("{s:o, s:o}", "user", user, "csrf", csrf ? json_string(csrf) : json_null());
}

/* Signs in: the password is verified on the worker's reader without the
 * writer (Argon2id takes ~100 ms); the writer is held only to write the
 * audit row and the session. */
static herald_rc login(struct auth_session_tokens *tok, struct auth_principal *who,
                       const struct http_req *req, const char *name, const char *password)
{
    struct auth_login_check c;
    herald_rc rc = auth_login_verify(req->st, &c, name, password, req->ip);
    if (rc)
        return rc;
    struct store *w = http_server_writer_take(req->srv);
    rc = auth_login_finish(w, tok, who, &c, name, req->ip);
    http_server_writer_release(req->srv);
    return rc;
}

void api_session_create(struct http_resp *out, const struct http_req *req)
{
    static const struct api_field fields[] = {
        {"name", API_STRING, true}, {"password", API_STRING, true}, {NULL, 0, false}};
    struct auth_session_tokens tok;
    struct auth_principal who;
    json_t *body = NULL;
    memset(&tok, 0, sizeof tok);
    if (!api_body_parse(&body, out, req, fields))
        return;
    herald_rc rc =
        login(&tok, &who, req, api_body_str(body, "name"), api_body_str(body, "password"));
    if (rc == HERALD_EDENIED)
        http_resp_error(out, 401, "unauthorized", "%s", herald_error_last());
    else if (rc == AUTH_ERATE)
        http_resp_error(out, 429, "rate_limited", "%s", herald_error_last());
    else if (rc)
        http_resp_error(out, 500, "internal", "%s", herald_error_last());
    else {
        http_resp_json(out, session_json(req->st, &who, tok.csrf));
        out->cookie = xasprintf("herald_session=%s; " COOKIE_ATTRS "; Max-Age=%d%s", tok.token,
                                AUTH_SESSION_MAX, req->tls ? "; Secure" : "");
    }
    json_decref(body);
}

void api_session_get(struct http_resp *out, const struct http_req *req)
{
    char csrf[AUTH_TOKEN_LEN + 1] = "";
    if (http_query_check(&req->query, (const char *const[]){NULL}) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    if (req->session) {
        herald_rc rc = auth_session_csrf_rotate(req->wst, csrf, req->session);
        if (rc == HERALD_EDENIED) {
            http_resp_error(out, 401, "unauthorized", "%s", herald_error_last());
            return;
        }
        if (rc) {
            http_resp_error(out, 500, "internal", "%s", herald_error_last());
            return;
        }
    }
    http_resp_json(out, session_json(req->wst, req->who, req->session ? csrf : NULL));
}

void api_session_delete(struct http_resp *out, const struct http_req *req)
{
    if (req->body_len) {
        http_resp_error(out, 400, "bad_request", "DELETE takes no body");
        return;
    }
    if (req->session && auth_logout(req->wst, req->session, req->ip) != HERALD_OK) {
        http_resp_error(out, 500, "internal", "%s", herald_error_last());
        return;
    }
    http_resp_clear(out);
    out->status = 204;
    out->cookie =
        xasprintf("herald_session=; " COOKIE_ATTRS "; Max-Age=0%s", req->tls ? "; Secure" : "");
}
