/* The channel senders: a webhook POST signed with HMAC-SHA256 (libsodium)
 * and an e-mail through SMTP (libcurl, STARTTLS when offered), both with
 * time limits, a cap on what is read back and the SSRF guard of src/net. */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/alerts_internal.h"
#include "net/netguard.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

#define RESPONSE_CAP 65536 /* bytes of a webhook's answer read, then refused */

struct guard {
    bool allow_private, denied;
    size_t got;
};

static curl_socket_t open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct guard *g = clientp;
    if (!g->allow_private && !netguard_public_addr(&a->addr)) {
        g->denied = true;
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    struct guard *g = ud;
    g->got += size * n;
    return g->got > RESPONSE_CAP ? 0 : size * n;
}

void alerts_hmac_hex(char hex[65], const char *secret, const char *body, size_t len)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(hex, 65, mac, sizeof mac);
}

static void common_opts(CURL *e, struct guard *g, const struct alerts_config *c)
{
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->timeout_ms > 0 ? c->timeout_ms : 10000L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->timeout_ms > 0 ? c->timeout_ms : 10000L);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, g);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
}

/* Sets *err from a curl result and the guard. */
static herald_rc fail(char **err, CURLcode cc, const struct guard *g, const char *what)
{
    if (g->denied)
        *err = xasprintf("%s: address refused (private or loopback; [alerts] allow_private)", what);
    else if (g->got > RESPONSE_CAP)
        *err = xasprintf("%s: answer over %d bytes", what, RESPONSE_CAP);
    else
        *err = xasprintf("%s: %s", what, curl_easy_strerror(cc));
    return cc == CURLE_OPERATION_TIMEDOUT ? HERALD_ETIMEOUT : HERALD_ENET;
}

herald_rc alerts_webhook_post(char **err, const struct alerts_config *c, const char *url,
                              const char *secret, const char *body)
{
    struct guard g = {.allow_private = c->allow_private};
    struct curl_slist *h = NULL;
    char hex[65], *sig = NULL;
    long status = 0;
    herald_rc rc = HERALD_OK;
    *err = NULL;
    if (sodium_init() < 0)
        return herald_error_set(HERALD_EINVAL, "libsodium failed to initialise");
    CURL *e = curl_easy_init();
    if (!e) {
        *err = xstrdup("webhook: curl_easy_init failed");
        return HERALD_ENET;
    }
    alerts_hmac_hex(hex, secret, body, strlen(body));
    sig = xasprintf("X-Herald-Signature: sha256=%s", hex);
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, sig);
    h = curl_slist_append(h, "Expect:");
    common_opts(e, &g, c);
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_easy_setopt(e, CURLOPT_USERAGENT, "herald-alerts/1");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &g);
    CURLcode cc = curl_easy_perform(e);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    if (cc != CURLE_OK)
        rc = fail(err, cc, &g, "webhook");
    else if (status < 200 || status > 299)
        *err = xasprintf("webhook: HTTP %ld", status), rc = HERALD_ENET;
    curl_slist_free_all(h);
    curl_easy_cleanup(e);
    free(sig);
    return rc;
}

struct mail_src {
    const char *p;
    size_t left;
};

static size_t mail_read(char *out, size_t size, size_t n, void *ud)
{
    struct mail_src *m = ud;
    size_t k = size * n < m->left ? size * n : m->left;
    memcpy(out, m->p, k);
    m->p += k;
    m->left -= k;
    return k;
}

/* The message: headers (UTF-8 subject encoded) and body with CRLF lines
 * and dot-stuffing left to libcurl. */
static char *mail_text(const struct alerts_config *c, char *const *to, size_t n,
                       const char *subject, const char *body)
{
    struct buf b;
    char date[64], *subj64 = NULL;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    size_t sl = strlen(subject),
           cap = sodium_base64_ENCODED_LEN(sl, sodium_base64_VARIANT_ORIGINAL);
    subj64 = xmalloc(cap);
    sodium_bin2base64(subj64, cap, (const unsigned char *)subject, sl,
                      sodium_base64_VARIANT_ORIGINAL);
    buf_init(&b, 0);
    buf_printf(&b, "Date: %s\r\nFrom: %s\r\nTo: ", date, c->smtp_from);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", to[i]);
    buf_printf(&b, "\r\nSubject: =?UTF-8?B?%s?=\r\nMIME-Version: 1.0\r\n", subj64);
    buf_puts(&b, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n"
                 "Auto-Submitted: auto-generated\r\n\r\n");
    for (const char *p = body; *p; p++) {
        if (*p == '\n' && (p == body || p[-1] != '\r'))
            buf_putc(&b, '\r');
        buf_putc(&b, *p);
    }
    buf_puts(&b, "\r\n");
    free(subj64);
    return buf_steal(&b);
}

/* Reads "user:password" from path into *user / *pass (caller frees). */
static herald_rc read_auth(char **user, char **pass, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    *user = *pass = NULL;
    if (str_read_file(&data, &len, path, 4096))
        return HERALD_EIO;
    data[strcspn(data, "\r\n")] = '\0';
    char *colon = strchr(data, ':');
    if (!colon) {
        free(data);
        return herald_error_set(HERALD_EINVAL, "%s: expected one line user:password", path);
    }
    *colon = '\0';
    *user = xstrdup(data);
    *pass = xstrdup(colon + 1);
    sodium_memzero(data, len);
    free(data);
    return HERALD_OK;
}

herald_rc alerts_smtp_send(char **err, const struct alerts_config *c, char *const *to, size_t n,
                           const char *subject, const char *body)
{
    struct guard g = {.allow_private = c->allow_private};
    struct curl_slist *rcpt = NULL;
    char *user = NULL, *pass = NULL, *msg = NULL;
    herald_rc rc = HERALD_OK;
    *err = NULL;
    if (!c->smtp_url || !*c->smtp_url || !c->smtp_from || !*c->smtp_from) {
        *err = xstrdup("email: [alerts] smtp_url and smtp_from are not set");
        return HERALD_EINVAL;
    }
    if (c->smtp_auth_file && *c->smtp_auth_file && read_auth(&user, &pass, c->smtp_auth_file)) {
        *err = xasprintf("email: %s", herald_error_last());
        return HERALD_EIO;
    }
    CURL *e = curl_easy_init();
    msg = mail_text(c, to, n, subject, body);
    struct mail_src src = {msg, strlen(msg)};
    for (size_t i = 0; i < n; i++)
        rcpt = curl_slist_append(rcpt, to[i]);
    common_opts(e, &g, c);
    curl_easy_setopt(e, CURLOPT_URL, c->smtp_url);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(e, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(e, CURLOPT_MAIL_FROM, c->smtp_from);
    curl_easy_setopt(e, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(e, CURLOPT_READFUNCTION, mail_read);
    curl_easy_setopt(e, CURLOPT_READDATA, &src);
    curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
    if (user) {
        curl_easy_setopt(e, CURLOPT_USERNAME, user);
        curl_easy_setopt(e, CURLOPT_PASSWORD, pass);
    }
    CURLcode cc = curl_easy_perform(e);
    if (cc != CURLE_OK)
        rc = fail(err, cc, &g, "email");
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(e);
    if (pass)
        sodium_memzero(pass, strlen(pass));
    free(user);
    free(pass);
    free(msg);
    return rc;
}
