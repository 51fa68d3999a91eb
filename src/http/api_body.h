/* Strict JSON request bodies for the write routes: one object, no
 * duplicate or unknown keys, every field of its declared type, a size cap,
 * and the error answer (400, 413, 415) when any of that fails. */
#ifndef HERALD_HTTP_API_BODY_H
#define HERALD_HTTP_API_BODY_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/auth.h"
#include "http/http.h"

enum api_type {
    API_STRING,         /* a JSON string */
    API_STRING_OR_NULL, /* a string or null */
    API_BOOL,           /* true or false */
    API_INT,            /* an integer */
};

/* One field a body may (or must) have. */
struct api_field {
    const char *name;
    enum api_type type;
    bool required;
};

/* Parses req's body as one JSON object whose keys are all among fields (an
 * array ending with a NULL name), each of its type, every required field
 * present and at least one field present. Returns true with the object in
 * *out (caller releases it); false with resp set to 400 bad_request, 413
 * payload_too_large (over HTTP_MAX_JSON) or 415 unsupported_media_type (a
 * Content-Type other than application/json). */
bool api_body_parse(json_t **out, struct http_resp *resp, const struct http_req *req,
                    const struct api_field *fields);

/* Returns the string value of key in o, borrowed; NULL when absent or null. */
const char *api_body_str(const json_t *o, const char *key);

/* Returns the actor of req's principal for the audit log (borrowed). */
struct auth_actor api_actor(const struct http_req *req);

/* Sets resp from an auth or store error code rc: 400 for HERALD_EINVAL,
 * 404 for HERALD_ENOTFOUND, 409 for HERALD_EEXIST, 500 otherwise, with the
 * last error message. */
void api_resp_rc(struct http_resp *resp, herald_rc rc);

#endif
