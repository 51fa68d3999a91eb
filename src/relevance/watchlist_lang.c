/* Languages and scripts of a watchlist: the table of the languages its lines
 * name, the scripts each language's terms are written in, and the weight a
 * term has in an article of a given language (watchlist_term_weight()). */
#include <ctype.h>
#include <string.h>

#include "relevance/watchlist_internal.h"
#include "util/xalloc.h"

/* Script ranges: [first, last] code points and their bit. */
static const struct {
    int first, last;
    uint32_t bit;
} scripts[] = {
    {'A', 'Z', 1u << 0},          {'a', 'z', 1u << 0},        {0xC0, 0x24F, 1u << 0},
    {0x1E00, 0x1EFF, 1u << 0},    {0x370, 0x3FF, 1u << 1},    {0x1F00, 0x1FFF, 1u << 1},
    {0x400, 0x52F, 1u << 2},      {0x590, 0x5FF, 1u << 3},    {0x600, 0x6FF, 1u << 4},
    {0x750, 0x77F, 1u << 4},      {0xFB50, 0xFEFC, 1u << 4},  {0x900, 0x97F, 1u << 5},
    {0x980, 0x9FF, 1u << 6},      {0xE00, 0xE7F, 1u << 7},    {0xE80, 0xEFF, 1u << 8},
    {0x1000, 0x109F, 1u << 9},    {0x1780, 0x17FF, 1u << 10}, {0x1100, 0x11FF, 1u << 11},
    {0x3130, 0x318F, 1u << 11},   {0xAC00, 0xD7AF, 1u << 11}, {0x3040, 0x30FF, 1u << 12},
    {0xFF66, 0xFF9F, 1u << 12},   {0x3400, 0x9FFF, 1u << 13}, {0xF900, 0xFAFF, 1u << 13},
    {0x20000, 0x3FFFF, 1u << 13},
};

uint32_t watchlist_script_bit(int cp)
{
    if (!watchlist_is_word_cp(cp) || (cp >= '0' && cp <= '9'))
        return 0;
    for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++)
        if (cp >= scripts[i].first && cp <= scripts[i].last)
            return scripts[i].bit;
    return 1u << 31; /* another script */
}

/* The length of lang's primary subtag (letters before '-' or '_'). */
static size_t primary_len(const char *lang)
{
    size_t n = 0;
    while (lang[n] && lang[n] != '-' && lang[n] != '_')
        n++;
    return n;
}

int watchlist_lang_index(const struct watchlist *wl, const char *lang)
{
    if (!lang)
        return -1;
    size_t n = primary_len(lang);
    for (size_t i = 0; n && n < 9 && i < wl->nlangs; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)lang[k]) == wl->langs[i][k])
            k++;
        if (k == n && !wl->langs[i][n])
            return (int)i;
    }
    return -1;
}

int watchlist_lang_add(struct watchlist *wl, const char *code, size_t n)
{
    if (n == 3 && !memcmp(code, "und", 3))
        return WL_LANG_UND;
    for (size_t i = 0; i < wl->nlangs; i++)
        if (strlen(wl->langs[i]) == n && !memcmp(wl->langs[i], code, n))
            return (int)i;
    wl->langs = xrealloc(wl->langs, (wl->nlangs + 1) * sizeof(*wl->langs));
    wl->lang_scripts = xrealloc(wl->lang_scripts, (wl->nlangs + 1) * sizeof(uint32_t));
    memcpy(wl->langs[wl->nlangs], code, n);
    wl->langs[wl->nlangs][n] = 0;
    wl->lang_scripts[wl->nlangs] = 0;
    return (int)wl->nlangs++;
}

void watchlist_term_add_lang(struct watchlist *wl, struct wl_term *t, int lang, float weight)
{
    size_t i = 0;
    while (i < t->nlangs && t->langs[i].lang != lang)
        i++;
    if (i == t->nlangs) {
        t->langs = xrealloc(t->langs, (t->nlangs + 1) * sizeof(*t->langs));
        t->langs[t->nlangs++] = (struct wl_langw){lang, weight};
    } else if (weight > t->langs[i].weight) {
        t->langs[i].weight = weight;
    }
    float und = -1, own = 0;
    for (size_t k = 0; k < t->nlangs; k++) {
        if (t->langs[k].lang == WL_LANG_UND)
            und = t->langs[k].weight;
        else if (t->langs[k].weight > own)
            own = t->langs[k].weight;
    }
    t->own = own > 0 ? own : und;
    t->weight = und > 0 ? und : own;
    if (lang != WL_LANG_UND)
        wl->lang_scripts[lang] |= t->scripts;
}

float watchlist_term_weight(const struct watchlist *wl, const struct wl_term *t, int lang,
                            bool *foreign)
{
    *foreign = false;
    if (lang < 0)
        return t->weight;
    for (size_t k = 0; k < t->nlangs; k++)
        if (t->langs[k].lang == lang)
            return t->langs[k].weight;
    if (!(t->scripts & wl->lang_scripts[lang]))
        return t->weight; /* a script lang is not written in: no confusion */
    *foreign = true;
    return t->own * 0.5f;
}
