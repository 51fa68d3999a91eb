/* Passwords: the rules, Argon2id hashing and verification (libsodium,
 * interactive limits) with a process-wide cap on concurrent hashes, since
 * each takes ~100 ms and 64 MiB; and generated passwords. */
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth_internal.h"
#include "util/str.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_failed;
static sem_t hash_slots;
static bool fast_hash;

static void init(void)
{
    if (sodium_init() < 0 || sem_init(&hash_slots, 0, AUTH_HASH_CONCURRENCY) != 0)
        init_failed = 1;
}

herald_rc auth_init(void)
{
    pthread_once(&init_once, init);
    if (init_failed)
        return herald_error_set(HERALD_EINVAL, "libsodium failed to initialise");
    return HERALD_OK;
}

void auth_testing_fast_hash(bool fast)
{
    __atomic_store_n(&fast_hash, fast, __ATOMIC_RELAXED);
}

bool auth_fast_hash_on(void)
{
    return __atomic_load_n(&fast_hash, __ATOMIC_RELAXED);
}

/* Returns the number of code points of valid UTF-8 pw, or -1 when a byte
 * is a control character (NUL, newline, DEL ...) other than space. */
static long count_chars(const char *pw, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)pw[i];
        if (c < 0x20 || c == 0x7f)
            return -1;
        if ((c & 0xc0) != 0x80)
            n++;
    }
    return n;
}

herald_rc auth_password_check(const char *pw, size_t len)
{
    if (!pw || len == 0)
        return herald_error_set(HERALD_EINVAL, "password is empty");
    if (len > AUTH_PASSWORD_MAX)
        return herald_error_set(HERALD_EINVAL, "password is longer than %d bytes",
                                AUTH_PASSWORD_MAX);
    if (!str_valid_utf8(pw, len))
        return herald_error_set(HERALD_EINVAL, "password is not valid UTF-8");
    long n = count_chars(pw, len);
    if (n < 0)
        return herald_error_set(HERALD_EINVAL, "password contains a control character or NUL");
    if (n < AUTH_PASSWORD_MIN)
        return herald_error_set(HERALD_EINVAL, "password is shorter than %d characters",
                                AUTH_PASSWORD_MIN);
    return HERALD_OK;
}

herald_rc auth_password_hash(char out[128], const char *pw)
{
    herald_rc rc = auth_init();
    if (rc)
        return rc;
    if ((rc = auth_password_check(pw, pw ? strlen(pw) : 0)))
        return rc;
    bool fast = auth_fast_hash_on();
    unsigned long long ops = fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    while (sem_wait(&hash_slots) != 0)
        ;
    int r = crypto_pwhash_str(out, pw, strlen(pw), ops, mem);
    sem_post(&hash_slots);
    if (r != 0)
        return herald_error_set(HERALD_EINVAL, "password hashing failed (out of memory?)");
    return HERALD_OK;
}

herald_rc auth_password_verify(const char *hash, const char *pw)
{
    herald_rc rc = auth_init();
    if (rc)
        return rc;
    size_t len = pw ? strlen(pw) : 0;
    if (!hash || len > AUTH_PASSWORD_MAX)
        return herald_error_set(HERALD_EDENIED, "wrong name or password");
    while (sem_wait(&hash_slots) != 0)
        ;
    int r = crypto_pwhash_str_verify(hash, pw ? pw : "", len);
    sem_post(&hash_slots);
    if (r != 0)
        return herald_error_set(HERALD_EDENIED, "wrong name or password");
    return HERALD_OK;
}

void auth_password_generate(char out[21])
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    if (auth_init())
        abort();
    for (int i = 0; i < 20; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[20] = '\0';
}
