/* The dashboard's static files as herald serve hands them out: files under
 * one directory, "/" and extensionless unknown paths answered with
 * index.html (client-side routes), no traversal (dot segments, hidden
 * files and symlinks out of the root are 404), content types by extension
 * and immutable caching for /assets/. */
#ifndef HERALD_HTTP_WEB_H
#define HERALD_HTTP_WEB_H

#include "http/http.h"

#define HTTP_WEB_MAX_FILE (32u << 20) /* bytes; larger files are refused (500) */

/* Sets out to the file for the decoded request path under root (200, with
 * its content type and Cache-Control), or to a JSON 404. */
void http_web_serve(struct http_resp *out, const char *root, const char *path);

/* Returns the content type for a file name by its extension, static
 * ("application/octet-stream" when unknown). */
const char *http_web_type(const char *name);

#endif
