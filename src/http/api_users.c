/* GET and POST /api/v1/users and PATCH /api/v1/users/{id} (admins): list,
 * create with a password, change role, agency or the disabled flag. The
 * auth module audits every change with the state before and after. */
#include <string.h>

#include "http/api.h"
#include "http/api_body.h"
#include "http/api_json.h"

void api_users_list(struct http_resp *out, const struct http_req *req)
{
    struct auth_user *v = NULL;
    size_t n = 0;
    if (http_query_check(&req->query, (const char *const[]){NULL}) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    if (auth_user_list(req->st, &v, &n) != HERALD_OK) {
        http_resp_error(out, 500, "internal", "%s", herald_error_last());
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, api_user_json(&v[i]));
    auth_users_free(v, n);
    http_resp_json(out, json_pack("{s:o}", "items", items));
}

/* Answers 201 with user name as read from st, or an error. */
static void answer_user(struct http_resp *out, struct store *st, const char *name, unsigned status)
{
    struct auth_user u = {0};
    herald_rc rc = auth_user_get(st, &u, name);
    if (rc) {
        api_resp_rc(out, rc);
        return;
    }
    http_resp_json(out, api_user_json(&u));
    out->status = status;
    auth_user_free(&u);
}

void api_users_create(struct http_resp *out, const struct http_req *req)
{
    static const struct api_field fields[] = {{"name", API_STRING, true},
                                              {"role", API_STRING, true},
                                              {"password", API_STRING, true},
                                              {"display", API_STRING_OR_NULL, false},
                                              {"agency", API_STRING_OR_NULL, false},
                                              {NULL, 0, false}};
    struct auth_actor by = api_actor(req);
    enum auth_role role;
    json_t *b = NULL;
    if (!api_body_parse(&b, out, req, fields))
        return;
    herald_rc rc = auth_role_parse(&role, api_body_str(b, "role"));
    if (!rc)
        rc = auth_user_add(req->wst, NULL, &by, api_body_str(b, "name"), role,
                           api_body_str(b, "agency"), api_body_str(b, "display"),
                           api_body_str(b, "password"));
    if (rc)
        api_resp_rc(out, rc);
    else
        answer_user(out, req->wst, api_body_str(b, "name"), 201);
    json_decref(b);
}

/* Finds user id into *out (caller frees with auth_user_free()). */
static herald_rc user_by_id(struct store *st, struct auth_user *out, int64_t id)
{
    struct auth_user *v = NULL;
    size_t n = 0;
    herald_rc rc = auth_user_list(st, &v, &n);
    memset(out, 0, sizeof *out);
    if (rc)
        return rc;
    rc = herald_error_set(HERALD_ENOTFOUND, "no user %lld", (long long)id);
    for (size_t i = 0; i < n; i++) {
        if (v[i].id == id) {
            *out = v[i];
            memset(&v[i], 0, sizeof v[i]);
            rc = HERALD_OK;
        }
    }
    auth_users_free(v, n);
    return rc;
}

/* Applies the role/agency and disabled changes of body b to user u. */
static herald_rc apply_patch(const struct http_req *req, const struct auth_user *u, json_t *b)
{
    struct auth_actor by = api_actor(req);
    json_t *role = json_object_get(b, "role"), *agency = json_object_get(b, "agency");
    json_t *disabled = json_object_get(b, "disabled");
    herald_rc rc = HERALD_OK;
    if (role || agency) {
        enum auth_role r = u->role;
        const char *ag = agency ? json_string_value(agency) : u->agency;
        if (role && (rc = auth_role_parse(&r, json_string_value(role))))
            return rc;
        if (r != AUTH_ROLE_OFFICER && !agency)
            ag = NULL;
        if ((rc = auth_user_set_role(req->wst, &by, u->name, r, ag)))
            return rc;
    }
    if (disabled && json_is_true(disabled) != u->disabled)
        rc = auth_user_set_disabled(req->wst, &by, u->name, json_is_true(disabled));
    return rc;
}

void api_users_update(struct http_resp *out, const struct http_req *req)
{
    static const struct api_field fields[] = {{"role", API_STRING, false},
                                              {"agency", API_STRING_OR_NULL, false},
                                              {"disabled", API_BOOL, false},
                                              {NULL, 0, false}};
    struct auth_user u = {0};
    json_t *b = NULL;
    if (!api_body_parse(&b, out, req, fields))
        return;
    herald_rc rc = user_by_id(req->wst, &u, req->id);
    if (rc) {
        api_resp_rc(out, rc);
        goto done;
    }
    if (req->who && u.id == req->who->user_id) {
        http_resp_error(out, 409, "conflict",
                        "admins cannot change their own role or disable "
                        "themselves");
        goto done;
    }
    if ((rc = apply_patch(req, &u, b)))
        api_resp_rc(out, rc);
    else
        answer_user(out, req->wst, u.name, 200);
done:
    auth_user_free(&u);
    json_decref(b);
}
