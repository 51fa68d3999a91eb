/* Article features for story clustering. Cross-lingual: gazetteer
 * entities, normalised numbers and years, URLs' hosts, acronyms and
 * proper names (Latin, Cyrillic transliterated and katakana romanised,
 * reduced to a consonant key so "Trump", "Трамп" and "トランプ" agree). Per language: folded words
 * of two or more characters, and character bigrams of unspaced scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stories/stories_gaz.h"
#include "stories/stories_internal.h"
#include "text/fold.h"
#include "util/xalloc.h"

/* Tokens of the original text with their loose-folded forms in one buffer. */
struct ftoks {
    struct tok *t;
    size_t n, cap;
    char *buf;
    size_t blen, bcap;
    size_t *foff, *flen;
    bool *covered; /* part of a gazetteer match */
};

/* What the article's language changes in the features. */
struct lang_info {
    bool foreign_latin;     /* written in another script: Latin words are names */
    bool nouns_capitalised; /* German: a capital letter alone is no name */
};

struct fbuild {
    struct u64map x, w;
    uint64_t wseed;
};

static uint64_t xkey(char kind, const void *p, size_t n)
{
    return stories_hash(p, n, FEAT_SEED_X + (uint64_t)(unsigned char)kind);
}

static void fold_tokens(struct ftoks *ft, const char *text, size_t len)
{
    ft->n = stories_tokenize(text, len, &ft->t, &ft->cap);
    ft->foff = xmalloc((ft->n + 1) * sizeof(size_t));
    ft->flen = xmalloc((ft->n + 1) * sizeof(size_t));
    ft->covered = xcalloc(ft->n + 1, sizeof(bool));
    struct fold_ctx *fc = fold_ctx_new();
    for (size_t i = 0; i < ft->n; i++) {
        struct fold_pair fp;
        fold_ctx_both(&fp, fc, text + ft->t[i].off, ft->t[i].len);
        if (ft->blen + fp.loose_len + 1 > ft->bcap) {
            ft->bcap = (ft->blen + fp.loose_len + 1) * 2;
            ft->buf = xrealloc(ft->buf, ft->bcap);
        }
        memcpy(ft->buf + ft->blen, fp.loose, fp.loose_len);
        ft->foff[i] = ft->blen;
        ft->flen[i] = fp.loose_len;
        ft->blen += fp.loose_len;
        ft->buf[ft->blen++] = 0;
    }
    fold_ctx_free(fc);
}

static void ftoks_clear(struct ftoks *ft)
{
    free(ft->t);
    free(ft->buf);
    free(ft->foff);
    free(ft->flen);
    free(ft->covered);
}

/* Writes the normalised form of a number token (1,000 / 1.000 / 1000 ->
 * "1000"; 3,5 / 3.5 -> "3.5") into out (size >= 64); returns its length,
 * 0 when it is too long or a small integer (< 10, too common). */
static size_t norm_number(const char *s, size_t n, char *out)
{
    if (n >= 48)
        return 0;
    size_t digits_since = 0, groups = 0, seps = 0;
    bool grouped = true;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == ',') {
            if ((seps == 0 && (digits_since == 0 || digits_since > 3)) ||
                (seps > 0 && digits_since != 3))
                grouped = false;
            seps++;
            digits_since = 0;
            groups++;
        } else {
            digits_since++;
        }
    }
    if (seps && digits_since != 3)
        grouped = false;
    size_t o = 0, last_sep = n;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' || s[i] == ',')
            last_sep = i;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == ',') {
            if (!grouped && i == last_sep)
                out[o++] = '.';
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = 0;
    if (strchr(out, '.')) {
        while (o && out[o - 1] == '0')
            out[--o] = 0;
        if (o && out[o - 1] == '.')
            out[--o] = 0;
    }
    size_t lead = 0;
    while (lead + 1 < o && out[lead] == '0' && out[lead + 1] != '.')
        lead++;
    memmove(out, out + lead, o - lead + 1);
    o -= lead;
    if (!strchr(out, '.') && o == 1)
        return 0;
    (void)groups;
    return o;
}

static const char *const cyr[] = {"a",  "b",  "v",  "g",    "d", "e", "zh", "z", "i",  "i", "k",
                                  "l",  "m",  "n",  "o",    "p", "r", "s",  "t", "u",  "f", "kh",
                                  "ts", "ch", "sh", "shch", "",  "y", "",   "e", "yu", "ya"};

/* Transliterates a folded Latin or Cyrillic word to lowercase ASCII in out
 * (size cap); returns false when it has other letters or is too long. */
static bool translit(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        int cp;
        int l = fold_utf8_next(s + i, n - i, &cp);
        if (l <= 0)
            return false;
        const char *rep = NULL;
        char one[2] = {0, 0};
        if (cp >= 'a' && cp <= 'z') {
            one[0] = (char)cp;
            rep = one;
        } else if (cp >= 0x430 && cp <= 0x44F) {
            rep = cyr[cp - 0x430];
        } else if (cp == 0x456 || cp == 0x457) {
            rep = "i";
        } else if (cp == 0x454) {
            rep = "e";
        } else {
            return false;
        }
        size_t rl = strlen(rep);
        if (o + rl + 1 > cap)
            return false;
        memcpy(out + o, rep, rl);
        o += rl;
        i += (size_t)l;
    }
    out[o] = 0;
    return true;
}

/* Reduces an ASCII name to a consonant key: first letter kept, c/q->k,
 * w->v, ph->f, sch->sh, x->ks, vowels and h dropped after it, doubles
 * collapsed. Returns the key's length. */
static size_t name_key(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; s[i] && o + 3 < cap; i++) {
        char c = s[i];
        if (c == 's' && s[i + 1] == 'c' && s[i + 2] == 'h') {
            c = 's';
            i += 2;
        } else if (c == 'p' && s[i + 1] == 'h') {
            c = 'f';
            i++;
        } else if (c == 'c' || c == 'q') {
            c = 'k';
        } else if (c == 'w') {
            c = 'v';
        } else if (c == 'j') {
            c = 'i';
        } else if (c == 'l') {
            c = 'r'; /* Japanese and Chinese transcriptions have one of them */
        } else if (c == 'n' && (s[i + 1] == 'b' || s[i + 1] == 'p')) {
            c = 'm';
        }
        if (c == 'x') {
            out[o++] = 'k';
            c = 's';
        }
        bool vowel = strchr("aeiouyh", c) != NULL;
        if (o > 0 && vowel)
            continue;
        if (o > 0 && out[o - 1] == c)
            continue;
        out[o++] = c;
    }
    out[o] = 0;
    return o;
}

/* Katakana U+30A1..U+30FA in Hepburn romanisation (small tsu and the
 * long-vowel mark write nothing), for foreign names written in katakana. */
static const char *const kana[] = {
    "a",  "a",  "i",   "i",  "u",  "u",   "e",  "e",   "o",  "o",  "ka", "ga", "ki", "gi", "ku",
    "gu", "ke", "ge",  "ko", "go", "sa",  "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",
    "ta", "da", "chi", "ji", "",   "tsu", "zu", "te",  "de", "to", "do", "na", "ni", "nu", "ne",
    "no", "ha", "ba",  "pa", "hi", "bi",  "pi", "fu",  "bu", "pu", "he", "be", "pe", "ho", "bo",
    "po", "ma", "mi",  "mu", "me", "mo",  "ya", "ya",  "yu", "yu", "yo", "yo", "ra", "ri", "ru",
    "re", "ro", "wa",  "wa", "i",  "e",   "o",  "n",   "vu", "ka", "ke", "va", "vi", "ve", "vo"};

static bool katakana(int cp)
{
    return (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC;
}

static void add_name(struct fbuild *fb, const char *w, size_t n);

/* Adds the katakana run of tokens [i, end) as a name. */
static void kana_name(struct fbuild *fb, const struct ftoks *ft, size_t i, size_t end)
{
    char lat[96];
    size_t o = 0;
    for (size_t k = i; k < end; k++) {
        int cp;
        const char *f = ft->buf + ft->foff[k];
        if (fold_utf8_next(f, ft->flen[k], &cp) <= 0 || cp == 0x30FC)
            continue;
        const char *r = kana[cp - 0x30A1];
        size_t rl = strlen(r);
        if (o + rl + 1 >= sizeof lat)
            return;
        memcpy(lat + o, r, rl);
        o += rl;
    }
    lat[o] = 0;
    if (o >= 4)
        add_name(fb, lat, o);
}

/* Finds runs of two or more katakana characters and adds them as names. */
static void kana_names(struct fbuild *fb, const struct ftoks *ft)
{
    for (size_t i = 0; i < ft->n;) {
        size_t end = i;
        int cp;
        while (end < ft->n && ft->t[end].kind == TOK_UNSPACED &&
               fold_utf8_next(ft->buf + ft->foff[end], ft->flen[end], &cp) > 0 && katakana(cp) &&
               (end == i || ft->t[end].off == ft->t[end - 1].off + ft->t[end - 1].len))
            end++;
        if (end - i >= 2 && !ft->covered[i])
            kana_name(fb, ft, i, end);
        i = end > i ? end : i + 1;
    }
}

static void add_name(struct fbuild *fb, const char *w, size_t n)
{
    char lat[96], key[96];
    if (!translit(w, n, lat, sizeof lat) || strlen(lat) < 3)
        return;
    size_t kl = name_key(lat, key, sizeof key);
    if (kl >= 3 || (kl == 2 && strlen(lat) >= 4))
        u64map_addd(&fb->x, xkey('N', key, kl), 1);
}

static size_t cps(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Returns whether token i is a capitalised word. */
static bool capitalised(const struct ftoks *ft, size_t i)
{
    return i < ft->n && ft->t[i].kind == TOK_WORD && ft->t[i].upper;
}

/* Whether token i may be a proper name: capitalised, not first in its
 * sentence (any Latin word counts in a non-Latin-script language); in
 * German, where every noun is capitalised, only next to another
 * capitalised word ("Jerome Powell"). */
static bool name_like(const struct ftoks *ft, size_t i, const struct lang_info *li)
{
    const struct tok *t = &ft->t[i];
    if (!(t->latin || t->cyrillic) || ft->covered[i])
        return false;
    if (t->latin && li->foreign_latin)
        return true;
    if (!t->upper || t->sentence_start)
        return false;
    if (!li->nouns_capitalised)
        return true;
    return (i > 0 && capitalised(ft, i - 1) && !ft->t[i - 1].sentence_start) ||
           capitalised(ft, i + 1);
}

/* The word-level features of token i. */
static void word_feats(struct fbuild *fb, const struct ftoks *ft, size_t i,
                       const struct lang_info *li)
{
    const struct tok *t = &ft->t[i];
    const char *f = ft->buf + ft->foff[i];
    size_t fl = ft->flen[i], nc = cps(f, fl);
    if (t->kind == TOK_NUMBER) {
        char num[64];
        size_t l = norm_number(f, fl, num);
        if (l) {
            long v = strtol(num, NULL, 10);
            bool year = l == 4 && !strchr(num, '.') && v >= 1900 && v <= 2100;
            u64map_addd(&fb->x, xkey(year ? 'y' : 'n', num, l), 1);
        }
        return;
    }
    if (t->kind == TOK_UNSPACED) {
        if (i + 1 < ft->n && ft->t[i + 1].kind == TOK_UNSPACED &&
            ft->t[i + 1].off == t->off + t->len)
            u64map_addd(&fb->w, stories_hash(f, fl + 1 + ft->flen[i + 1], fb->wseed), 1);
        return;
    }
    if (nc >= 2)
        u64map_addd(&fb->w, stories_hash(f, fl, fb->wseed), 1);
    if (t->all_upper && t->latin && nc <= 6 && !ft->covered[i])
        u64map_addd(&fb->x, xkey('a', f, fl), 1);
    else if (nc >= 3 && name_like(ft, i, li))
        add_name(fb, f, fl);
}

/* Looks up gazetteer names starting at token i; returns how many tokens
 * the longest match spans (0 = none) and adds its entity. */
static size_t gaz_match(struct fbuild *fb, const struct gazetteer *gz, const struct ftoks *ft,
                        size_t i)
{
    const struct tok *t = &ft->t[i];
    uint64_t ent = 0;
    size_t span = 0;
    if (t->kind == TOK_UNSPACED) {
        size_t end = i;
        while (end < ft->n && end - i < gz->max_chars && ft->t[end].kind == TOK_UNSPACED)
            end++;
        for (size_t k = end; k > i + 1 && !ent; k--) {
            size_t bytes = ft->foff[k - 1] + ft->flen[k - 1] - ft->foff[i];
            /* folded forms are NUL-separated in buf: hash them joined */
            char tmp[GAZ_MAX_CHARS * 8];
            size_t o = 0;
            for (size_t j = i; j < k && o + ft->flen[j] < sizeof tmp; j++) {
                memcpy(tmp + o, ft->buf + ft->foff[j], ft->flen[j]);
                o += ft->flen[j];
            }
            (void)bytes;
            const uint64_t *v = u64map_get(&gz->unspaced, stories_hash(tmp, o, GAZ_SEED_NAME));
            if (v) {
                ent = *v;
                span = k - i;
            }
        }
    } else if (t->kind == TOK_WORD) {
        uint64_t h = GAZ_SEED_NAME;
        for (size_t k = i; k < ft->n && k - i < GAZ_MAX_WORDS && ft->t[k].kind == TOK_WORD; k++) {
            h = stories_hash(ft->buf + ft->foff[k], ft->flen[k], h);
            const uint64_t *v = u64map_get(&gz->words, h);
            if (v) {
                ent = *v;
                span = k - i + 1;
            }
        }
        for (size_t d = 1; !ent && d <= 3; d++) {
            const uint64_t *v =
                u64map_get(&gz->stems, gazetteer_stem_key(ft->buf + ft->foff[i], ft->flen[i], d));
            if (v) {
                ent = *v;
                span = 1;
            }
        }
    }
    if (ent)
        u64map_addd(&fb->x, xkey('e', &ent, sizeof ent), 1);
    return span;
}

/* Adds the host of every http(s):// or www. URL in text. */
static void url_feats(struct fbuild *fb, const char *text, size_t len)
{
    for (size_t i = 0; i + 4 < len; i++) {
        size_t start;
        if (text[i] != 'h' && text[i] != 'w')
            continue;
        if (len - i >= 7 && !strncmp(text + i, "http://", 7))
            start = i + 7;
        else if (len - i >= 8 && !strncmp(text + i, "https://", 8))
            start = i + 8;
        else if (!strncmp(text + i, "www.", 4) && (i == 0 || text[i - 1] == ' '))
            start = i;
        else
            continue;
        if (start + 4 <= len && !strncmp(text + start, "www.", 4))
            start += 4;
        size_t e = start;
        char host[128];
        while (e < len && e - start < sizeof host - 1 &&
               (text[e] == '.' || text[e] == '-' || (text[e] >= '0' && text[e] <= '9') ||
                ((text[e] | 0x20) >= 'a' && (text[e] | 0x20) <= 'z'))) {
            host[e - start] = (char)(text[e] | (text[e] >= 'A' && text[e] <= 'Z' ? 0x20 : 0));
            e++;
        }
        if (e - start >= 4 && memchr(text + start, '.', e - start))
            u64map_addd(&fb->x, xkey('u', host, e - start), 2);
        i = e > i ? e - 1 : i;
    }
}

static void dump(const struct u64map *m, struct feat **out, size_t *n)
{
    *out = m->n ? xmalloc(m->n * sizeof **out) : NULL;
    *n = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            (*out)[(*n)++] = (struct feat){m->keys[i], u64map_getd(m, m->keys[i])};
}

static bool latin_lang(const char *lang)
{
    static const char *const non[] = {"ru", "uk", "bg", "sr", "zh", "ja", "ko", "th", "ar",
                                      "he", "hi", "el", "km", "lo", "my", "fa", "ka", "hy"};
    if (!lang || !*lang)
        return true;
    for (size_t i = 0; i < sizeof non / sizeof *non; i++)
        if (!strncmp(lang, non[i], 2))
            return false;
    return true;
}

void stories_features(const struct gazetteer *gz, const char *title, const char *text,
                      const char *lang, size_t max_text, struct fvec *out)
{
    memset(out, 0, sizeof *out);
    size_t tl = title ? strlen(title) : 0, xl = text ? strlen(text) : 0;
    if (max_text && xl > max_text)
        xl = max_text;
    char *all = xmalloc(tl + xl + 3);
    memcpy(all, title ? title : "", tl);
    memcpy(all + tl, ".\n", 2);
    memcpy(all + tl + 2, text ? text : "", xl);
    all[tl + xl + 2] = 0;
    size_t len = tl + xl + 2;
    struct ftoks ft = {0};
    struct fbuild fb = {0};
    const char *lg = lang && *lang ? lang : "und";
    size_t ll = strcspn(lg, "-_");
    out->lang = stories_hash(lg, ll, 0x51ed270b27a3e4c1ull);
    fb.wseed = FEAT_SEED_W ^ out->lang;
    fold_tokens(&ft, all, len);
    struct lang_info li = {!latin_lang(lg), !strncmp(lg, "de", 2) || !strncmp(lg, "lb", 2)};
    for (size_t i = 0; i < ft.n;) {
        size_t span = gz ? gaz_match(&fb, gz, &ft, i) : 0;
        for (size_t k = i; k < i + span; k++)
            ft.covered[k] = true;
        i += span ? span : 1;
    }
    for (size_t i = 0; i < ft.n; i++)
        word_feats(&fb, &ft, i, &li);
    kana_names(&fb, &ft);
    url_feats(&fb, all, len);
    dump(&fb.x, &out->x, &out->nx);
    dump(&fb.w, &out->w, &out->nw);
    u64map_clear(&fb.x);
    u64map_clear(&fb.w);
    ftoks_clear(&ft);
    free(all);
}

void fvec_clear(struct fvec *v)
{
    free(v->x);
    free(v->w);
    memset(v, 0, sizeof *v);
}
