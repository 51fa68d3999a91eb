/* Tone lexicons: parsing the <lang>.tsv format (data/tone/README.md) into
 * exact (diacritics kept) and loose (diacritics folded) tables, loading a
 * directory or the lexicons built into the binary, and the string tables. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "tone/tone_internal.h"
#include "util/buf.h"
#include "util/embed.h"
#include "util/str.h"
#include "util/xalloc.h"

HERALD_BLOB_DECLARE(tone_en);
HERALD_BLOB_DECLARE(tone_vi);
HERALD_BLOB_DECLARE(tone_fr);
HERALD_BLOB_DECLARE(tone_es);
HERALD_BLOB_DECLARE(tone_de);
HERALD_BLOB_DECLARE(tone_ru);
HERALD_BLOB_DECLARE(tone_zh);

#define MAX_ENTRY_TOKENS 8

static unsigned long long hash_key(const char *s, size_t n)
{
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static struct tone_entry *slot(const struct tone_table *t, const char *key, size_t len)
{
    size_t mask = t->cap - 1;
    for (size_t i = hash_key(key, len) & mask;; i = (i + 1) & mask) {
        struct tone_entry *e = &t->v[i];
        if (!e->key || (strlen(e->key) == len && !memcmp(e->key, key, len)))
            return e;
    }
}

const struct tone_entry *tone_table_get(const struct tone_table *t, const char *key, size_t len)
{
    if (!t->cap)
        return NULL;
    const struct tone_entry *e = slot(t, key, len);
    return e->key && e->kind != TK_NONE ? e : NULL;
}

static void table_grow(struct tone_table *t)
{
    struct tone_table old = *t;
    t->cap = old.cap ? old.cap * 2 : 64;
    t->v = xcalloc(t->cap, sizeof(*t->v));
    for (size_t i = 0; i < old.cap; i++)
        if (old.v[i].key)
            *slot(t, old.v[i].key, strlen(old.v[i].key)) = old.v[i];
    free(old.v);
}

/* Adds e under key. A key already present keeps its first entry, except in
 * a loose table, where two entries that disagree (kind or sign) make the
 * key ambiguous: it then matches nothing. */
static void table_put(struct tone_table *t, const char *key, const struct tone_entry *e, bool loose)
{
    if ((t->n + 1) * 2 > t->cap)
        table_grow(t);
    size_t len = strlen(key);
    struct tone_entry *s = slot(t, key, len);
    if (s->key) {
        bool agree = s->kind == e->kind && (s->val > 0) == (e->val > 0);
        if (loose && !agree)
            s->kind = TK_NONE;
        return;
    }
    *s = *e;
    s->key = xstrndup(key, len);
    t->n++;
}

static void table_free(struct tone_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->v[i].key);
    free(t->v);
}

struct tone_lexicon *tone_lexicon_new(void)
{
    return xcalloc(1, sizeof(struct tone_lexicon));
}

void tone_lexicon_free(struct tone_lexicon *lx)
{
    if (!lx)
        return;
    for (size_t i = 0; i < lx->n; i++) {
        table_free(&lx->langs[i].exact);
        table_free(&lx->langs[i].loose);
        table_free(&lx->langs[i].pexact);
        table_free(&lx->langs[i].ploose);
    }
    free(lx->langs);
    free(lx);
}

static struct tone_lang *lang_get(struct tone_lexicon *lx, const char *code)
{
    for (size_t i = 0; i < lx->n; i++)
        if (!strcmp(lx->langs[i].code, code))
            return &lx->langs[i];
    lx->langs = xrealloc(lx->langs, (lx->n + 1) * sizeof(*lx->langs));
    struct tone_lang *l = &lx->langs[lx->n++];
    memset(l, 0, sizeof(*l));
    snprintf(l->code, sizeof(l->code), "%s", code);
    return l;
}

/* Parses the kind column(s): a number, "neg", "but" or "int NUMBER", then
 * an optional "exact". Returns false when malformed. */
static bool parse_kind(struct tone_entry *e, char **cols, int ncol)
{
    char *end;
    int next = 2;
    if (!strcmp(cols[1], "neg")) {
        e->kind = TK_NEG;
    } else if (!strcmp(cols[1], "but")) {
        e->kind = TK_BUT;
    } else if (!strcmp(cols[1], "int")) {
        if (ncol < 3)
            return false;
        e->kind = TK_INT;
        e->val = strtod(cols[2], &end);
        if (end == cols[2] || *end || e->val < -4 || e->val > 4)
            return false;
        next = 3;
    } else {
        e->kind = TK_POL;
        e->val = strtod(cols[1], &end);
        if (end == cols[1] || *end || e->val < -4 || e->val > 4 || e->val == 0)
            return false;
    }
    if (next < ncol && !strcmp(cols[next], "exact")) {
        e->exact_only = true;
        next++;
    }
    return next == ncol;
}

/* Folds a term through the tokenizer: its tokens' exact and loose forms,
 * each joined by one space. Returns the token count (0: nothing usable). */
static size_t fold_term(char **exact, char **loose, bool *plain, const char *term, size_t len)
{
    struct tone_toks t = {0};
    struct buf e, l;
    buf_init(&e, 0);
    buf_init(&l, 0);
    tone_tokenize(&t, term, len);
    *plain = true;
    for (size_t i = 0; i < t.n; i++) {
        buf_printf(&e, "%s%s", i ? " " : "", t.str + t.v[i].exact);
        buf_printf(&l, "%s%s", i ? " " : "", t.str + t.v[i].loose);
        *plain = *plain && t.v[i].plain;
    }
    size_t n = t.n;
    tone_toks_free(&t);
    *exact = buf_steal(&e);
    *loose = buf_steal(&l);
    return n;
}

static bool add_entry(struct tone_lang *l, const char *term, struct tone_entry *e)
{
    size_t tlen = strlen(term);
    bool prefix = tlen > 1 && term[tlen - 1] == '*';
    char *ex = NULL, *lo = NULL;
    bool plain;
    size_t ntok = fold_term(&ex, &lo, &plain, term, prefix ? tlen - 1 : tlen);
    bool ok = ntok > 0 && ntok <= MAX_ENTRY_TOKENS && !(prefix && ntok != 1);
    if (ok) {
        table_put(prefix ? &l->pexact : &l->exact, ex, e, false);
        /* An entry typed without diacritics matches loosely anyway. */
        if (!e->exact_only || plain)
            table_put(prefix ? &l->ploose : &l->loose, lo, e, true);
        if (ntok > l->maxlen)
            l->maxlen = (unsigned)ntok;
    }
    free(ex);
    free(lo);
    return ok;
}

/* Splits line at TABs into at most 5 columns (the fifth keeps any further
 * TABs, so too many columns never parse); returns the count. */
static int split_cols(char **cols, char *line)
{
    int n = 0;
    for (char *p = line; n < 5;) {
        cols[n++] = p;
        p = strchr(p, '\t');
        if (!p)
            break;
        *p++ = '\0';
    }
    return n;
}

static bool valid_code(const char *lang)
{
    size_t n = lang ? strlen(lang) : 0;
    if (n < 2 || n > 7)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((lang[i] >= 'a' && lang[i] <= 'z') || lang[i] == '-'))
            return false;
    return true;
}

herald_rc tone_lexicon_add(struct tone_lexicon *lx, const char *lang, const char *data, size_t len)
{
    herald_rc rc = HERALD_OK;
    if (!valid_code(lang))
        return herald_error_set(HERALD_EINVAL, "tone lexicon: bad language code");
    char *copy = str_utf8_sanitize(data, len);
    struct tone_lang *l = lang_get(lx, lang);
    size_t lineno = 0;
    for (char *line = copy, *next; line && *line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r')
            line[--ll] = '\0';
        if (!ll || line[0] == '#')
            continue;
        char *cols[5];
        int ncol = split_cols(cols, line);
        struct tone_entry e = {0};
        if (ncol < 2 || !parse_kind(&e, cols, ncol) || !add_entry(l, cols[0], &e)) {
            rc = herald_error_set(HERALD_EPARSE, "tone lexicon %s: line %zu: malformed entry", lang,
                                  lineno);
            goto done;
        }
    }
done:
    free(copy);
    return rc;
}

static herald_rc load_builtin(struct tone_lexicon *lx)
{
    struct {
        const char *code;
        const unsigned char *data;
        size_t size;
    } b[] = {
        {"en", HERALD_BLOB_DATA(tone_en), HERALD_BLOB_SIZE(tone_en)},
        {"vi", HERALD_BLOB_DATA(tone_vi), HERALD_BLOB_SIZE(tone_vi)},
        {"fr", HERALD_BLOB_DATA(tone_fr), HERALD_BLOB_SIZE(tone_fr)},
        {"es", HERALD_BLOB_DATA(tone_es), HERALD_BLOB_SIZE(tone_es)},
        {"de", HERALD_BLOB_DATA(tone_de), HERALD_BLOB_SIZE(tone_de)},
        {"ru", HERALD_BLOB_DATA(tone_ru), HERALD_BLOB_SIZE(tone_ru)},
        {"zh", HERALD_BLOB_DATA(tone_zh), HERALD_BLOB_SIZE(tone_zh)},
    };
    for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
        herald_rc rc = tone_lexicon_add(lx, b[i].code, (const char *)b[i].data, b[i].size);
        if (rc != HERALD_OK)
            return rc;
    }
    return HERALD_OK;
}

static herald_rc load_dir(struct tone_lexicon *lx, const char *dir)
{
    herald_rc rc = HERALD_OK;
    DIR *d = opendir(dir);
    if (!d)
        return herald_error_set(HERALD_EIO, "tone lexicon: cannot read %s", dir);
    struct dirent *de;
    while (rc == HERALD_OK && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n < 5 || n > 11 || strcmp(de->d_name + n - 4, ".tsv"))
            continue;
        char code[8] = {0};
        memcpy(code, de->d_name, n - 4);
        char *path = xasprintf("%s/%s", dir, de->d_name), *data = NULL;
        size_t len = 0;
        rc = str_read_file(&data, &len, path, 64u << 20);
        if (rc == HERALD_OK && (rc = tone_lexicon_add(lx, code, data, len)) != HERALD_OK) {
            char *msg = xstrdup(herald_error_last());
            herald_error_set(rc, "%s: %s", path, msg);
            free(msg);
        }
        free(data);
        free(path);
    }
    closedir(d);
    return rc;
}

herald_rc tone_lexicon_load(const char *dir, struct tone_lexicon **out)
{
    struct tone_lexicon *lx = tone_lexicon_new();
    herald_rc rc = dir ? load_dir(lx, dir) : load_builtin(lx);
    if (rc != HERALD_OK) {
        tone_lexicon_free(lx);
        lx = NULL;
    }
    *out = lx;
    return rc;
}
