/* Date parsing for feeds and pages. One tolerant tokenizer covers RFC 822/1123,
 * RFC 3339/ISO 8601 (extended and basic), day-first numeric dates, English,
 * French, German and Vietnamese month words, CJK 年月日 and unix timestamps;
 * the fields it finds are validated and normalised to UTC with timegm(). */
#include "util/date.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define DATE_MAX_INPUT 256 /* longer strings are not dates */

enum pending { P_NONE, P_MONTH, P_YEAR };

struct fields {
    int year, month, day; /* 0 = unset */
    int hour, min, sec;   /* valid when has_time */
    bool has_time;
    bool has_zone;
    int zone; /* offset east of UTC, seconds */
    int ampm; /* 0 none, 1 am, 2 pm */
    enum pending pending;
    bool after_t;    /* previous token was the ISO "T" separator */
    bool month_weak; /* month came from "mar", also French for Tuesday */
};

struct word {
    const char *name;
    int value;
};

/* Month names and abbreviations: English (also matched by 3+ letter prefix),
 * French, German. Accented forms are UTF-8. */
static const struct word month_words[] = {
    {"janvier", 1},   {"janv", 1},      {"février", 2},   {"fevrier", 2},   {"févr", 2},
    {"fevr", 2},      {"mars", 3},      {"avril", 4},     {"avr", 4},       {"mai", 5},
    {"juin", 6},      {"juillet", 7},   {"juil", 7},      {"août", 8},      {"aout", 8},
    {"septembre", 9}, {"octobre", 10},  {"novembre", 11}, {"décembre", 12}, {"decembre", 12},
    {"déc", 12},      {"januar", 1},    {"jänner", 1},    {"februar", 2},   {"märz", 3},
    {"maerz", 3},     {"mär", 3},       {"juni", 6},      {"juli", 7},      {"oktober", 10},
    {"okt", 10},      {"dezember", 12}, {"dez", 12},      {NULL, 0},
};

static const char *const english_months[] = {"january",   "february", "march",    "april",
                                             "may",       "june",     "july",     "august",
                                             "september", "october",  "november", "december"};

/* Zone abbreviations seen in feeds, offset in hours east of UTC. */
static const struct word zone_words[] = {
    {"gmt", 0},  {"ut", 0},   {"utc", 0},  {"z", 0},    {"est", -5},  {"edt", -4},
    {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8},  {"pdt", -7},
    {"ict", 7},  {"wib", 7},  {"cet", 1},  {"cest", 2}, {"bst", 1},   {"jst", 9},
    {"kst", 9},  {"hkt", 8},  {"sgt", 8},  {"msk", 3},  {"aest", 10}, {NULL, 0},
};

static int lookup(const struct word *table, const char *w)
{
    for (const struct word *t = table; t->name; t++)
        if (strcmp(t->name, w) == 0)
            return t->value;
    return -100;
}

/* Returns 1-12 for a month word, else 0. */
static int month_of(const char *w)
{
    size_t n = strlen(w);
    if (n >= 3)
        for (int i = 0; i < 12; i++)
            if (strncmp(english_months[i], w, n) == 0)
                return i + 1;
    int m = lookup(month_words, w);
    return m > 0 ? m : 0;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Reads up to max digits at *p into *val; returns the digit count. */
static int digits(const char **p, int max, long long *val)
{
    int n = 0;
    *val = 0;
    while (n < max && isdigit((unsigned char)**p)) {
        *val = *val * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n;
}

static int expand_year(long long y, int nd)
{
    if (nd == 2)
        return (int)(y < 70 ? 2000 + y : 1900 + y);
    return nd == 4 ? (int)y : -1;
}

/* "hh:mm[:ss][.frac]" or "8h30" starting at *p (hh already read). */
static bool parse_time(struct fields *f, const char **p, long long hh)
{
    long long mm = 0, ss = 0;
    (*p)++; /* ':' or 'h' */
    if (digits(p, 2, &mm) != 2)
        return false;
    if (**p == ':' && isdigit((unsigned char)(*p)[1])) {
        (*p)++;
        if (digits(p, 2, &ss) != 2)
            return false;
        if ((**p == '.' || **p == ',') && isdigit((unsigned char)(*p)[1])) {
            long long frac;
            (*p)++;
            digits(p, 18, &frac);
        }
    }
    if (f->has_time)
        return true; /* a second time (e.g. "updated 09:00") is ignored */
    f->hour = (int)hh, f->min = (int)mm, f->sec = (int)ss;
    f->has_time = true;
    return true;
}

static bool set_date(struct fields *f, int y, int m, int d)
{
    if (f->year || f->month || f->day)
        return true; /* first date wins */
    f->year = y, f->month = m, f->day = d;
    return y > 0;
}

/* "a/b/c", "a-b-c", "a.b.c": y-m-d when a has 4 digits, else d/m/y (m/d/y
 * when the middle number cannot be a month). */
static bool parse_triplet(struct fields *f, const char **p, long long a, int na)
{
    char sep = **p;
    long long b, c;
    (*p)++;
    int nb = digits(p, 2, &b);
    if (nb == 0 || **p != sep)
        return false;
    (*p)++;
    int nc = digits(p, 4, &c);
    if (na == 4)
        return nc >= 1 && nc <= 2 && set_date(f, (int)a, (int)b, (int)c);
    if (na > 2)
        return false;
    if (b > 12 && a <= 12) {
        long long t = a;
        a = b, b = t;
    }
    return set_date(f, expand_year(c, nc), (int)b, (int)a);
}

/* CJK suffixes after a number: 年 year, 月 month, 日 day. Returns bytes used. */
static int cjk_suffix(struct fields *f, const char *p, long long v, int nd)
{
    if (strncmp(p, "\xe5\xb9\xb4", 3) == 0 && nd == 4)
        f->year = (int)v;
    else if (strncmp(p, "\xe6\x9c\x88", 3) == 0 && nd <= 2)
        f->month = (int)v;
    else if (strncmp(p, "\xe6\x97\xa5", 3) == 0 && nd <= 2)
        f->day = (int)v;
    else
        return 0;
    return 3;
}

/* A bare number: year, day, or the value a preceding word asked for. */
static bool plain_number(struct fields *f, long long v, int nd)
{
    enum pending pend = f->pending;
    f->pending = P_NONE;
    if (pend == P_MONTH && nd <= 2)
        return (f->month = (int)v), true;
    if (pend == P_YEAR && (nd == 4 || nd == 2))
        return (f->year = expand_year(v, nd)), true;
    if (nd == 4 && !f->year)
        return (f->year = (int)v), true;
    if (nd <= 2 && !f->day && v >= 1 && v <= 31)
        return (f->day = (int)v), true;
    if (nd == 2 && !f->year && f->day && f->month)
        return (f->year = expand_year(v, nd)), true;
    return false;
}

/* Basic ISO: "YYYYMMDD" and, after "T", "HHMM[SS]". */
static bool basic_iso(struct fields *f, long long v, int nd)
{
    if (nd == 8)
        return set_date(f, (int)(v / 10000), (int)(v / 100 % 100), (int)(v % 100));
    if (f->has_time)
        return false;
    f->hour = (int)(nd == 6 ? v / 10000 : v / 100);
    f->min = (int)(nd == 6 ? v / 100 % 100 : v % 100);
    f->sec = (int)(nd == 6 ? v % 100 : 0);
    f->has_time = true;
    return true;
}

static bool number_token(struct fields *f, const char **p)
{
    long long v;
    bool after_t = f->after_t;
    f->after_t = false;
    int nd = digits(p, 9, &v);
    if (isdigit((unsigned char)**p))
        return false;
    char c = **p;
    if ((c == ':' || c == 'h') && nd <= 2 && isdigit((unsigned char)(*p)[1]))
        return parse_time(f, p, v);
    if ((c == '/' || c == '-' || c == '.') && (nd <= 2 || nd == 4) &&
        isdigit((unsigned char)(*p)[1]))
        return parse_triplet(f, p, v, nd);
    if (nd == 8 || (after_t && (nd == 4 || nd == 6)))
        return basic_iso(f, v, nd);
    int used = cjk_suffix(f, *p, v, nd);
    if (used) {
        *p += used;
        return true;
    }
    return plain_number(f, v, nd);
}

/* "+0700", "+07:00", "+07", "+7" after a date or time. */
static bool zone_token(struct fields *f, const char **p)
{
    int sign = **p == '-' ? -1 : 1;
    long long hh, mm = 0;
    (*p)++;
    int nd = digits(p, 4, &hh);
    if (nd == 4) {
        mm = hh % 100;
        hh /= 100;
    } else if (nd == 3 || nd == 0) {
        return false;
    } else if (**p == ':' && digits(&(const char *){*p + 1}, 2, &mm) == 2) {
        *p += 3;
    }
    if (hh > 14 || mm > 59)
        return false;
    f->zone = sign * (int)(hh * 3600 + mm * 60);
    f->has_zone = true;
    return true;
}

/* Word handling: months, zones, am/pm, Vietnamese markers; others ignored. */
static void apply_word(struct fields *f, const char *w)
{
    int m = month_of(w), z = lookup(zone_words, w);
    f->pending = P_NONE;
    if (strcmp(w, "t") == 0)
        f->after_t = true;
    else if (m && (!f->month || f->month_weak))
        f->month = m, f->month_weak = strcmp(w, "mar") == 0 && !f->month_weak;
    else if (z != -100 && !f->has_zone)
        f->zone = z * 3600, f->has_zone = true;
    else if (strcmp(w, "am") == 0 || strcmp(w, "sa") == 0)
        f->ampm = 1;
    else if (strcmp(w, "pm") == 0 || strcmp(w, "ch") == 0)
        f->ampm = 2;
    else if (strcmp(w, "tháng") == 0 || strcmp(w, "thg") == 0)
        f->pending = P_MONTH;
    else if (strcmp(w, "năm") == 0)
        f->pending = P_YEAR;
}

static void word_token(struct fields *f, const char **p)
{
    char w[32];
    size_t n = 0;
    const unsigned char *q = (const unsigned char *)*p;
    while (isalpha(*q) || *q >= 0x80) {
        if (*q == 0xe5 || *q == 0xe6) /* 年月日 and other CJK end a word */
            if (n > 0)
                break;
        if (n + 1 < sizeof w)
            w[n++] = (char)tolower(*q);
        q++;
    }
    w[n] = '\0';
    *p = (const char *)q;
    apply_word(f, w);
}

static bool tokenize(struct fields *f, const char *s)
{
    const char *p = s;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (isdigit(c)) {
            if (!number_token(f, &p))
                return false;
        } else if ((c == '+' || c == '-') && isdigit((unsigned char)p[1]) &&
                   (f->has_time || f->year)) {
            if (!zone_token(f, &p))
                return false;
        } else if (isalpha(c) || c >= 0x80) {
            word_token(f, &p);
        } else {
            p++;
        }
    }
    return true;
}

static bool valid(const struct fields *f)
{
    if (f->year < 1900 || f->year > 2999 || f->month < 1 || f->month > 12 || f->day < 1)
        return false;
    if (f->day > days_in_month(f->year, f->month))
        return false;
    if (!f->has_time)
        return true;
    int hmax = f->ampm ? 12 : 23;
    return f->hour <= hmax && f->min <= 59 && f->sec <= 60;
}

static int64_t to_epoch(const struct fields *f)
{
    struct tm tm = {0};
    int hour = f->has_time ? f->hour : 0;
    if (f->ampm == 2 && hour < 12)
        hour += 12;
    else if (f->ampm == 1 && hour == 12)
        hour = 0;
    tm.tm_year = f->year - 1900;
    tm.tm_mon = f->month - 1;
    tm.tm_mday = f->day;
    tm.tm_hour = hour;
    tm.tm_min = f->has_time ? f->min : 0;
    tm.tm_sec = f->has_time ? (f->sec == 60 ? 59 : f->sec) : 0;
    return (int64_t)timegm(&tm) - f->zone;
}

/* Whole string of 9-13 digits (optional ".frac"): seconds or milliseconds. */
static bool timestamp(int64_t *out, const char *s)
{
    const char *p = s;
    long long v;
    int nd = digits(&p, 13, &v);
    if (*p == '.' && nd >= 9 && nd <= 10) {
        p++;
        while (isdigit((unsigned char)*p))
            p++;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p || nd < 9 || nd == 11)
        return false;
    *out = nd >= 12 ? v / 1000 : v;
    return true;
}

herald_rc date_parse(int64_t *out, const char *s)
{
    struct fields f = {0};
    *out = 0;
    if (!s)
        return herald_error_set(HERALD_EPARSE, "no date");
    while (isspace((unsigned char)*s))
        s++;
    if (strnlen(s, DATE_MAX_INPUT + 1) > DATE_MAX_INPUT)
        return herald_error_set(HERALD_EPARSE, "not a date: %.40s...", s);
    if (timestamp(out, s))
        return HERALD_OK;
    if (!tokenize(&f, s) || !valid(&f))
        return herald_error_set(HERALD_EPARSE, "not a date: \"%s\"", s);
    *out = to_epoch(&f);
    return HERALD_OK;
}

char *date_format_iso(char *out, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    out[0] = '\0';
    if (t == 0 || !gmtime_r(&tt, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0)
        return out;
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

static int office_offset = 7 * 3600;

int date_office_offset(void)
{
    return office_offset;
}

void date_set_office_offset(int seconds)
{
    office_offset = seconds;
}

int64_t date_office_day(int64_t t)
{
    int64_t a = t + office_offset;
    return a / 86400 - (a % 86400 < 0);
}

int64_t date_office_day_start(int64_t day)
{
    return day * 86400 - office_offset;
}

char *date_office_date(char *out, int64_t now)
{
    char iso[32];
    date_format_iso(iso, date_office_day(now) * 86400 + 1);
    memcpy(out, iso, 10);
    out[10] = '\0';
    return out;
}

char *date_office_offset_iso(char *out)
{
    int m = office_offset / 60, a = m < 0 ? -m : m;
    snprintf(out, 8, "%c%02d:%02d", m < 0 ? '-' : '+', a / 60 % 100, a % 60);
    return out;
}

herald_rc date_parse_office(int64_t *out, const char *s)
{
    herald_rc rc = date_parse(out, s);
    if (rc)
        return rc;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 10 && s[4] == '-' && s[7] == '-')
        *out = date_office_day_start(*out / 86400 - (*out % 86400 < 0));
    return HERALD_OK;
}
