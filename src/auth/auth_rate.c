/* The login rate limit: failed logins counted in memory per (user name,
 * IP), AUTH_RATE_FAILURES within AUTH_RATE_WINDOW seconds of the first.
 * A fixed table; when it is full the oldest entry is reused. Thread-safe. */
#include <pthread.h>
#include <string.h>

#include "auth/auth_internal.h"
#include "auth/auth_rate.h"

#define SLOTS 4096
#define KEY_BYTES 16

struct slot {
    unsigned char key[KEY_BYTES];
    int64_t first; /* 0 = empty */
    int failures;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void make_key(unsigned char key[KEY_BYTES], const char *name, const char *ip)
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, KEY_BYTES);
    crypto_generichash_update(&h, (const unsigned char *)name, strlen(name) + 1);
    crypto_generichash_update(&h, (const unsigned char *)(ip ? ip : ""), strlen(ip ? ip : ""));
    crypto_generichash_final(&h, key, KEY_BYTES);
}

/* Returns the live slot for key, or NULL. Called with the lock held. */
static struct slot *find(const unsigned char *key, int64_t now)
{
    for (int i = 0; i < SLOTS; i++) {
        struct slot *e = &slots[i];
        if (!e->first || memcmp(e->key, key, KEY_BYTES))
            continue;
        if (now - e->first >= AUTH_RATE_WINDOW) {
            e->first = 0;
            return NULL;
        }
        return e;
    }
    return NULL;
}

/* Returns an empty, expired or else the oldest slot. Lock held. */
static struct slot *take(int64_t now)
{
    struct slot *oldest = &slots[0];
    for (int i = 0; i < SLOTS; i++) {
        struct slot *e = &slots[i];
        if (!e->first || now - e->first >= AUTH_RATE_WINDOW)
            return e;
        if (e->first < oldest->first)
            oldest = e;
    }
    return oldest;
}

bool auth_rate_limited(const char *name, const char *ip)
{
    unsigned char key[KEY_BYTES];
    int64_t now = auth_now();
    make_key(key, name, ip);
    pthread_mutex_lock(&lock);
    struct slot *e = find(key, now);
    bool limited = e && e->failures >= AUTH_RATE_FAILURES;
    pthread_mutex_unlock(&lock);
    return limited;
}

void auth_rate_failure(const char *name, const char *ip)
{
    unsigned char key[KEY_BYTES];
    int64_t now = auth_now();
    make_key(key, name, ip);
    pthread_mutex_lock(&lock);
    struct slot *e = find(key, now);
    if (!e) {
        e = take(now);
        memcpy(e->key, key, KEY_BYTES);
        e->first = now;
        e->failures = 0;
    }
    e->failures++;
    pthread_mutex_unlock(&lock);
}

void auth_rate_success(const char *name, const char *ip)
{
    unsigned char key[KEY_BYTES];
    make_key(key, name, ip);
    pthread_mutex_lock(&lock);
    struct slot *e = find(key, auth_now());
    if (e)
        e->first = 0;
    pthread_mutex_unlock(&lock);
}

void auth_testing_rate_reset(void)
{
    pthread_mutex_lock(&lock);
    memset(slots, 0, sizeof slots);
    pthread_mutex_unlock(&lock);
}
