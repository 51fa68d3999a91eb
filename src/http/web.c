/* Static files of the dashboard for herald serve: the path is checked
 * segment by segment, resolved with realpath() and must stay inside the
 * root; files are read whole (capped) into the response. */
#include "http/web.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

#define MAX_PATH_BYTES 1024

static const struct {
    const char *ext, *type;
} types[] = {
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"wasm", "application/wasm"},
    {"webmanifest", "application/manifest+json"},
};

const char *http_web_type(const char *name)
{
    const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');
    if (dot && (!slash || dot > slash))
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (!strcasecmp(dot + 1, types[i].ext))
                return types[i].type;
    return "application/octet-stream";
}

/* Returns true when path is "/" followed by segments that are non-empty,
 * do not start with '.', and hold no backslash or control character. */
static bool path_ok(const char *path)
{
    size_t n = strlen(path);
    if (n == 0 || n > MAX_PATH_BYTES || path[0] != '/')
        return false;
    for (const char *p = path + 1; *p;) {
        size_t len = strcspn(p, "/");
        if (len == 0 || p[0] == '.')
            return false;
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)p[i] < 0x20 || p[i] == '\\' || p[i] == 0x7f)
                return false;
        p += len;
        if (*p == '/' && p[1] == '\0')
            break; /* a trailing slash */
        if (*p == '/')
            p++;
    }
    return true;
}

/* Returns true when the last segment of path has a dot. */
static bool has_ext(const char *path)
{
    const char *last = strrchr(path, '/');
    return strchr(last ? last : path, '.') != NULL;
}

/* Reads the regular file at full (which must resolve inside real_root)
 * into *data. Returns 0, ENOENT (absent, not a file, outside) or EFBIG. */
static int read_inside(char **data, size_t *len, const char *real_root, const char *full)
{
    char real[PATH_MAX];
    struct stat sb;
    size_t rn = strlen(real_root);
    *data = NULL;
    if (!realpath(full, real) || strncmp(real, real_root, rn) || real[rn] != '/')
        return ENOENT;
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ENOENT;
    int err = fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ? ENOENT : 0;
    if (!err && (uint64_t)sb.st_size > HTTP_WEB_MAX_FILE)
        err = EFBIG;
    if (!err) {
        size_t n = (size_t)sb.st_size, got = 0;
        char *buf = xmalloc(n + 1);
        ssize_t r = 1;
        while (got < n && (r = read(fd, buf + got, n - got)) > 0)
            got += (size_t)r;
        if (r < 0 || got != n) {
            free(buf);
            err = ENOENT;
        } else {
            buf[n] = '\0';
            *data = buf;
            *len = n;
        }
    }
    close(fd);
    return err;
}

void http_web_serve(struct http_resp *out, const char *root, const char *path)
{
    char real_root[PATH_MAX];
    char *data = NULL, *full = NULL;
    size_t len = 0;
    const char *served = path;
    int err = ENOENT;
    if (!root || !realpath(root, real_root)) {
        http_resp_error(out, 404, "not_found", "the dashboard is not installed");
        return;
    }
    if (path_ok(path)) {
        full = xasprintf("%s%s", real_root, path);
        err = read_inside(&data, &len, real_root, full);
        if (err == ENOENT && !has_ext(path)) {
            served = "/index.html";
            free(full);
            full = xasprintf("%s/index.html", real_root);
            err = read_inside(&data, &len, real_root, full);
        }
    }
    free(full);
    if (err == EFBIG) {
        http_resp_error(out, 500, "internal", "the file is over %u bytes", HTTP_WEB_MAX_FILE);
        return;
    }
    if (err) {
        http_resp_error(out, 404, "not_found", "no such file");
        return;
    }
    http_resp_text(out, data, len, http_web_type(served));
    out->cache = !strncmp(path, "/assets/", 8) && served == path
                     ? "public, max-age=31536000, immutable"
                     : "no-cache";
}
