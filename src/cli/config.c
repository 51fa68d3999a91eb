/* INI configuration with inih: defaults, then the file, then flags. */
#include "cli/config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alerts.h"
#include "langid/langid.h"
#include "relevance/relevance.h"
#include "stories/stories.h"
#include "util/date.h"
#include "util/xalloc.h"

#define HERALD_USER_AGENT "herald/0.1 (news monitoring; honours robots.txt)"

void config_defaults(struct herald_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->db_path = xstrdup("herald.db");
    cfg->user_agent = xstrdup(HERALD_USER_AGENT);
    cfg->connect_timeout_ms = 10000;
    cfg->total_timeout_ms = 30000;
    cfg->max_feed_bytes = 10u << 20;
    cfg->max_page_bytes = 5u << 20;
    cfg->host_delay_ms = 1000;
    cfg->max_parallel = 16;
    cfg->respect_robots = true;
    cfg->max_items_per_feed = 50;
    cfg->cycle_seconds = 60;
    cfg->office_offset_min = 420;
    struct stories_config sc;
    stories_config_default(&sc);
    cfg->stories_window_hours = sc.window_hours;
    cfg->stories_threshold = sc.threshold;
    cfg->stats_cache_ttl = 30;
    cfg->log_level = xstrdup("info");
    struct relevance_params rp;
    relevance_params_default(&rp);
    cfg->analyze = true;
    cfg->relevance_about = rp.about_min;
    cfg->relevance_mentions = rp.mentions_min;
    cfg->langid_min_confidence = LANGID_MIN_CONFIDENCE_DEFAULT;
    cfg->watchlist = xstrdup("");
    cfg->topics_rules = xstrdup("");
    cfg->topics_model = xstrdup("");
    cfg->tone_lexicons = xstrdup("");
    cfg->tone_model = xstrdup("");
    cfg->alerts_interval = 300, cfg->alerts_timeout_ms = 10000;
    cfg->alerts_max_attempts = 8, cfg->alerts_backoff_s = 30;
}

void config_free(struct herald_config *cfg)
{
    free(cfg->db_path);
    free(cfg->user_agent);
    free(cfg->log_level);
    free(cfg->watchlist);
    free(cfg->topics_rules);
    free(cfg->topics_model);
    free(cfg->tone_lexicons);
    free(cfg->tone_model);
    free(cfg->smtp_url);
    free(cfg->smtp_from);
    free(cfg->smtp_auth_file);
    memset(cfg, 0, sizeof *cfg);
}

static int parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1") || !strcmp(v, "on"))
        *out = true;
    else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0") || !strcmp(v, "off"))
        *out = false;
    else
        return 0;
    return 1;
}

static int parse_long(const char *v, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < min || n > max)
        return 0;
    *out = n;
    return 1;
}

static int parse_double(const char *v, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end || !(d >= min && d <= max))
        return 0;
    *out = d;
    return 1;
}

static void set_str(char **slot, const char *v)
{
    free(*slot);
    *slot = xstrdup(v);
}

struct load_state {
    struct herald_config *cfg;
    char bad[160];
};

/* The [analysis] keys. Returns 1 when key is known and v valid. */
static int on_analysis_key(struct herald_config *c, const char *key, const char *v)
{
    char **paths[] = {&c->watchlist, &c->topics_rules, &c->topics_model, &c->tone_lexicons,
                      &c->tone_model};
    const char *names[] = {"watchlist", "topics_rules", "topics_model", "tone_lexicons",
                           "tone_model"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(key, names[i])) {
            set_str(paths[i], v);
            return 1;
        }
    if (!strcmp(key, "enabled"))
        return parse_bool(v, &c->analyze);
    if (!strcmp(key, "relevance_about"))
        return parse_double(v, 0, 1, &c->relevance_about);
    if (!strcmp(key, "relevance_mentions"))
        return parse_double(v, 0, 1, &c->relevance_mentions);
    if (!strcmp(key, "langid_min_confidence"))
        return parse_double(v, 0, 1, &c->langid_min_confidence);
    return 0;
}

/* "+07:00" / "-03:30" / "Z" into minutes east of UTC. */
static int parse_offset(const char *v, int *out)
{
    int h = 0, m = 0;
    char sign = 0, end = 0;
    if (!strcmp(v, "Z") || !strcmp(v, "UTC")) {
        *out = 0;
        return 1;
    }
    if (sscanf(v, "%c%2d:%2d%c", &sign, &h, &m, &end) != 3 || (sign != '+' && sign != '-') ||
        h > 14 || m > 59)
        return 0;
    *out = (sign == '-' ? -1 : 1) * (h * 60 + m);
    return 1;
}

/* [office] utc_offset (also read under [signals] and [alerts], where
 * earlier versions kept it): the office's time zone, whole hours only
 * (the rollups are hourly); sets the process-wide office offset that days
 * everywhere follow (util/date.h). Returns 1 when valid. */
static int parse_office_offset(struct herald_config *c, const char *v)
{
    int m = 0;
    if (!parse_offset(v, &m) || m % 60)
        return 0;
    c->office_offset_min = m;
    date_set_office_offset(m * 60);
    return 1;
}

/* The [alerts] keys. Returns 1 when key is known and v valid. */
static int on_alerts_key(struct herald_config *c, const char *key, const char *v)
{
    long n;
    if (!strcmp(key, "smtp_url") || !strcmp(key, "smtp_from") || !strcmp(key, "smtp_auth_file")) {
        set_str(key[5] == 'u'   ? &c->smtp_url
                : key[5] == 'f' ? &c->smtp_from
                                : &c->smtp_auth_file,
                v);
        return 1;
    }
    if (!strcmp(key, "utc_offset"))
        return parse_office_offset(c, v);
    if (!strcmp(key, "timeout_ms"))
        return parse_long(v, 100, 600000, &c->alerts_timeout_ms);
    int *ints[] = {&c->alerts_interval, &c->alerts_max_attempts, &c->alerts_backoff_s};
    const char *names[] = {"interval", "max_attempts", "backoff_s"};
    long lo[] = {1, 1, 1}, hi[] = {86400, 100, 86400};
    for (int i = 0; i < 3; i++)
        if (!strcmp(key, names[i]) && parse_long(v, lo[i], hi[i], &n)) {
            *ints[i] = (int)n;
            return 1;
        }
    return 0;
}

void config_stories(struct stories_config *out, const struct herald_config *cfg)
{
    stories_config_default(out);
    out->window_hours = cfg->stories_window_hours;
    out->threshold = cfg->stories_threshold;
}

void config_alerts(struct alerts_config *out, const struct herald_config *cfg)
{
    alerts_config_defaults(out);
    out->interval_s = cfg->alerts_interval;
    out->utc_offset_min = cfg->office_offset_min;
    out->smtp_url = cfg->smtp_url;
    out->smtp_from = cfg->smtp_from;
    out->smtp_auth_file = cfg->smtp_auth_file;
    out->timeout_ms = cfg->alerts_timeout_ms;
    out->max_attempts = cfg->alerts_max_attempts;
    out->backoff_s = cfg->alerts_backoff_s;
    out->allow_private = cfg->allow_private;
}

static int on_key(struct load_state *st, const char *sec, const char *key, const char *v)
{
    struct herald_config *c = st->cfg;
    long n;
#define IS(s, k) (!strcmp(sec, s) && !strcmp(key, k))
    if (IS("store", "db"))
        set_str(&c->db_path, v);
    else if (IS("fetch", "allow_private"))
        return parse_bool(v, &c->allow_private);
    else if (IS("fetch", "robots"))
        return parse_bool(v, &c->respect_robots);
    else if (IS("fetch", "user_agent"))
        set_str(&c->user_agent, v);
    else if (IS("fetch", "connect_timeout_ms"))
        return parse_long(v, 100, 600000, &c->connect_timeout_ms);
    else if (IS("fetch", "timeout_ms"))
        return parse_long(v, 100, 3600000, &c->total_timeout_ms);
    else if (IS("fetch", "host_delay_ms"))
        return parse_long(v, 0, 600000, &c->host_delay_ms);
    else if (IS("fetch", "max_feed_bytes") && parse_long(v, 1024, 1L << 30, &n))
        c->max_feed_bytes = (size_t)n;
    else if (IS("fetch", "max_page_bytes") && parse_long(v, 1024, 1L << 30, &n))
        c->max_page_bytes = (size_t)n;
    else if (IS("fetch", "max_parallel") && parse_long(v, 1, 1024, &n))
        c->max_parallel = (int)n;
    else if (IS("ingest", "max_items_per_feed") && parse_long(v, 1, 100000, &n))
        c->max_items_per_feed = (int)n;
    else if (IS("ingest", "extract_threads") && parse_long(v, 0, 64, &n))
        c->extract_threads = (int)n;
    else if (IS("run", "cycle_seconds") && parse_long(v, 1, 86400, &n))
        c->cycle_seconds = (int)n;
    else if (IS("serve", "stats_cache_ttl") && parse_long(v, 0, 86400, &n))
        c->stats_cache_ttl = (int)n;
    else if (IS("serve", "metrics_public"))
        return parse_bool(v, &c->metrics_public);
    else if (IS("office", "utc_offset") || IS("signals", "utc_offset"))
        return parse_office_offset(c, v);
    else if (IS("stories", "window_hours"))
        return parse_double(v, 0.001, 8760, &c->stories_window_hours);
    else if (IS("stories", "threshold"))
        return parse_double(v, 0.001, 1, &c->stories_threshold);
    else if (IS("log", "level"))
        set_str(&c->log_level, v);
    else if (!strcmp(sec, "analysis"))
        return on_analysis_key(c, key, v);
    else if (!strcmp(sec, "alerts"))
        return on_alerts_key(c, key, v);
    else
        return 0;
#undef IS
    return 1;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct load_state *st = user;
    if (on_key(st, section, name, value))
        return 1;
    snprintf(st->bad, sizeof st->bad, "[%s] %s = %s", section, name, value);
    return 0;
}

herald_rc config_load(struct herald_config *cfg, const char *path)
{
    struct load_state st = {.cfg = cfg};
    int line = ini_parse(path, handler, &st);
    if (line < 0)
        return herald_error_set(HERALD_EIO, "%s: cannot read configuration", path);
    if (line > 0) {
        if (st.bad[0])
            return herald_error_set(HERALD_EINVAL, "%s:%d: unknown key or bad value: %s", path,
                                    line, st.bad);
        return herald_error_set(HERALD_EINVAL, "%s:%d: syntax error", path, line);
    }
    struct stories_config sc;
    config_stories(&sc, cfg);
    if (stories_set_process_config(&sc))
        return herald_error_set(HERALD_EINVAL, "%s: [stories]: %s", path, herald_error_last());
    if (cfg->relevance_mentions > cfg->relevance_about)
        return herald_error_set(
            HERALD_EINVAL, "%s: [analysis] relevance_mentions (%g) is above relevance_about (%g)",
            path, cfg->relevance_mentions, cfg->relevance_about);
    return HERALD_OK;
}
