/* herald's schema, one migration per version. Never edit a migration that
 * has shipped: append a new one. Every table the ingest loop writes is
 * here, so "nothing lost" is a property of this file. */
#include "store/store_schema.h"
#include "store/store_series.h"

/* Version 1: sources with health, articles with an external-content FTS5
 * index (title and text, herald tokenizer), rejects and seen feed entries.
 * The articles columns that filters read come first and the long text
 * last, so a filter never reads the text's overflow pages. FTS5 has prefix
 * indexes for 2-4 characters so "viet*" reads one doclist. */
static const char v1[] = "CREATE TABLE sources ("
                         " id INTEGER PRIMARY KEY,"
                         " url TEXT NOT NULL UNIQUE,"
                         " name TEXT,"
                         " country TEXT CHECK (country IS NULL OR length(country) = 2),"
                         " lang TEXT,"
                         " kind TEXT NOT NULL DEFAULT 'foreign'"
                         "  CHECK (kind IN ('domestic', 'foreign', 'official')),"
                         " poll_minutes INTEGER NOT NULL DEFAULT 60 CHECK (poll_minutes > 0),"
                         " enabled INTEGER NOT NULL DEFAULT 1,"
                         " added INTEGER NOT NULL DEFAULT 0,"
                         " last_fetch INTEGER NOT NULL DEFAULT 0,"
                         " last_success INTEGER NOT NULL DEFAULT 0,"
                         " failures INTEGER NOT NULL DEFAULT 0,"
                         " last_error TEXT,"
                         " items_seen INTEGER NOT NULL DEFAULT 0,"
                         " etag TEXT,"
                         " last_modified TEXT);"
                         "CREATE INDEX sources_due ON sources (enabled, last_fetch);"
                         "CREATE TABLE articles ("
                         " id INTEGER PRIMARY KEY,"
                         " source_id INTEGER REFERENCES sources (id) ON DELETE SET NULL,"
                         " lang TEXT,"
                         " country TEXT,"
                         " published INTEGER NOT NULL DEFAULT 0,"
                         " fetched INTEGER NOT NULL DEFAULT 0,"
                         " fingerprint INTEGER UNIQUE,"
                         " url TEXT NOT NULL,"
                         " canonical_url TEXT NOT NULL UNIQUE,"
                         " feed_entry_id TEXT,"
                         " site_name TEXT,"
                         " byline TEXT,"
                         " image TEXT,"
                         " title TEXT,"
                         " description TEXT,"
                         " summary TEXT,"
                         " text TEXT);"
                         "CREATE INDEX articles_published ON articles (published);"
                         "CREATE INDEX articles_source ON articles (source_id, published);"
                         "CREATE INDEX articles_lang ON articles (lang, published);"
                         "CREATE INDEX articles_country ON articles (country, published);"
                         "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
                         " title, text, content = 'articles', content_rowid = 'id',"
                         " tokenize = 'herald', prefix = '2 3 4');"
                         "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
                         " INSERT INTO articles_fts (rowid, title, text)"
                         " VALUES (new.id, new.title, new.text); END;"
                         "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
                         " INSERT INTO articles_fts (articles_fts, rowid, title, text)"
                         " VALUES ('delete', old.id, old.title, old.text); END;"
                         "CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN"
                         " INSERT INTO articles_fts (articles_fts, rowid, title, text)"
                         " VALUES ('delete', old.id, old.title, old.text);"
                         " INSERT INTO articles_fts (rowid, title, text)"
                         " VALUES (new.id, new.title, new.text); END;"
                         "CREATE TABLE rejects ("
                         " id INTEGER PRIMARY KEY,"
                         " source_id INTEGER REFERENCES sources (id) ON DELETE SET NULL,"
                         " url TEXT,"
                         " reason TEXT NOT NULL,"
                         " at INTEGER NOT NULL);"
                         "CREATE INDEX rejects_source ON rejects (source_id);"
                         "CREATE TABLE entries ("
                         " source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,"
                         " entry_key TEXT NOT NULL,"
                         " url TEXT,"
                         " article_id INTEGER,"
                         " status TEXT NOT NULL,"
                         " seen INTEGER NOT NULL,"
                         " PRIMARY KEY (source_id, entry_key)) WITHOUT ROWID;";

/* Version 2: fetched is indexed so a --since filter becomes a lower bound
 * on the FTS5 rowid (see store_search.c). */
static const char v2[] = "CREATE INDEX articles_fetched ON articles (fetched);";

/* The facet words of an article: language (hyphens dropped), country and
 * source, e.g. "zzlzhcn zzccn zzs12". store_search.c writes the same words
 * into MATCH expressions so FTS5 intersects doclists for these filters
 * instead of testing every match against the row. */
#define FACETS                                                                                     \
    "'zzl' || lower(replace(coalesce(lang, ''), '-', '')) || ' zzc' ||"                            \
    " lower(coalesce(country, '')) || ' zzs' || coalesce(source_id, 0)"

/* Version 3: the full-text index gets a third column, facets (a generated
 * column of articles), and is rebuilt. */
static const char v3[] =
    "ALTER TABLE articles ADD COLUMN facets TEXT GENERATED ALWAYS AS (" FACETS ") VIRTUAL;"
    "DROP TRIGGER articles_ai; DROP TRIGGER articles_ad; DROP TRIGGER articles_au;"
    "DROP TABLE articles_fts;"
    "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
    " title, text, facets, content = 'articles', content_rowid = 'id',"
    " tokenize = 'herald', prefix = '2 3 4');"
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
    " INSERT INTO articles_fts (rowid, title, text, facets)"
    " VALUES (new.id, new.title, new.text, new.facets); END;"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    " INSERT INTO articles_fts (articles_fts, rowid, title, text, facets)"
    " VALUES ('delete', old.id, old.title, old.text, old.facets); END;"
    "CREATE TRIGGER articles_au AFTER UPDATE OF title, text, lang, country, source_id"
    " ON articles BEGIN"
    " INSERT INTO articles_fts (articles_fts, rowid, title, text, facets)"
    " VALUES ('delete', old.id, old.title, old.text, old.facets);"
    " INSERT INTO articles_fts (rowid, title, text, facets)"
    " VALUES (new.id, new.title, new.text, new.facets); END;"
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');";

/* Version 4 (replaces the index of version 2): fetch_days keeps, per UTC day, the smallest id of
 * the articles fetched that day, so the --since bound is a lookup of at most a few hundred rows
 * instead of a scan of the fetched index. */
static const char v4[] =
    "DROP INDEX articles_fetched;"
    "CREATE TABLE fetch_days (day INTEGER PRIMARY KEY, min_id INTEGER NOT NULL);"
    "INSERT INTO fetch_days SELECT fetched / 86400, min(id) FROM articles GROUP BY 1;"
    "CREATE TRIGGER articles_fetch_day AFTER INSERT ON articles BEGIN"
    " INSERT INTO fetch_days (day, min_id) VALUES (new.fetched / 86400, new.id)"
    " ON CONFLICT (day) DO UPDATE SET min_id = min(min_id, excluded.min_id); END;";

/* Version 5: (id, published) as a narrow index, so a date filter checks a
 * match without reading the article's row. */
static const char v5[] = "CREATE INDEX articles_published_by_id ON articles (id, published);";

/* Version 6: the tokenizer now indexes word pairs (fts_tokenizer.h) so a
 * quoted phrase is one short doclist; the full-text index is rebuilt
 * with them (on a large store this takes as long as indexing it did). */
static const char v6[] = "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');";

/* The facet words from version 7 on: those of FACETS, then the relevance
 * class (zzr0 none, zzr1 mentions, zzr2 about), the tone label toward the
 * country (zzn0 negative, zzn1 neutral, zzn2 positive) and one word per
 * topic (zzteconomy); "x" marks an article not analysed. */
#define FACETS7                                                                                    \
    FACETS " || ' zzr' || coalesce(relevance_class, 'x') || ' zzn' ||"                             \
           " coalesce(tone_label + 1, 'x') || coalesce(' zzt' || replace(nullif(topics, ''),"      \
           " ',', ' zzt'), '')"

/* Version 7: the analysis of each article (language confidence, relevance
 * to the country, topics, tone toward the country and overall) in its own
 * columns, and its classes as facet words; the full-text index is rebuilt
 * with the new facets. Articles stored before stay unanalysed (NULL) until
 * `herald analyze` runs over them. */
static const char v7[] =
    "DROP TRIGGER articles_ai; DROP TRIGGER articles_ad; DROP TRIGGER articles_au;"
    "DROP TABLE articles_fts;"
    "ALTER TABLE articles DROP COLUMN facets;"
    "ALTER TABLE articles ADD COLUMN lang_conf REAL;"
    "ALTER TABLE articles ADD COLUMN relevance REAL;"
    "ALTER TABLE articles ADD COLUMN relevance_class INTEGER;"
    "ALTER TABLE articles ADD COLUMN topics TEXT;"
    "ALTER TABLE articles ADD COLUMN tone REAL;"
    "ALTER TABLE articles ADD COLUMN tone_label INTEGER;"
    "ALTER TABLE articles ADD COLUMN tone_doc REAL;"
    "ALTER TABLE articles ADD COLUMN tone_doc_label INTEGER;"
    "ALTER TABLE articles ADD COLUMN facets TEXT GENERATED ALWAYS AS (" FACETS7 ") VIRTUAL;"
    "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
    " title, text, facets, content = 'articles', content_rowid = 'id',"
    " tokenize = 'herald', prefix = '2 3 4');"
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
    " INSERT INTO articles_fts (rowid, title, text, facets)"
    " VALUES (new.id, new.title, new.text, new.facets); END;"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    " INSERT INTO articles_fts (articles_fts, rowid, title, text, facets)"
    " VALUES ('delete', old.id, old.title, old.text, old.facets); END;"
    "CREATE TRIGGER articles_au AFTER UPDATE OF title, text, lang, country, source_id,"
    " relevance_class, tone_label, topics ON articles BEGIN"
    " INSERT INTO articles_fts (articles_fts, rowid, title, text, facets)"
    " VALUES ('delete', old.id, old.title, old.text, old.facets);"
    " INSERT INTO articles_fts (rowid, title, text, facets)"
    " VALUES (new.id, new.title, new.text, new.facets); END;"
    "CREATE INDEX articles_relevance ON articles (relevance_class, published);"
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');";

/* Version 8: users (Argon2id hashes), sessions and API tokens (BLAKE2b
 * hashes of the secrets only) and the audit log, which triggers make
 * append-only: UPDATE and DELETE on it fail. See src/auth/auth.h. */
static const char v8[] = "CREATE TABLE users ("
                         " id INTEGER PRIMARY KEY,"
                         " name TEXT NOT NULL UNIQUE,"
                         " display_name TEXT,"
                         " role TEXT NOT NULL"
                         "  CHECK (role IN ('admin', 'analyst', 'officer', 'approver', 'viewer')),"
                         " agency TEXT CHECK ((role = 'officer') = (agency IS NOT NULL)),"
                         " password_hash TEXT NOT NULL,"
                         " disabled INTEGER NOT NULL DEFAULT 0,"
                         " created INTEGER NOT NULL,"
                         " last_login INTEGER NOT NULL DEFAULT 0);"
                         "CREATE TABLE sessions ("
                         " token_hash BLOB PRIMARY KEY,"
                         " user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
                         " created INTEGER NOT NULL,"
                         " expires INTEGER NOT NULL,"
                         " last_seen INTEGER NOT NULL,"
                         " csrf_hash BLOB NOT NULL,"
                         " ip TEXT) WITHOUT ROWID;"
                         "CREATE INDEX sessions_user ON sessions (user_id);"
                         "CREATE TABLE api_tokens ("
                         " id INTEGER PRIMARY KEY,"
                         " name TEXT NOT NULL,"
                         " token_hash BLOB NOT NULL UNIQUE,"
                         " user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
                         " created INTEGER NOT NULL,"
                         " last_used INTEGER NOT NULL DEFAULT 0,"
                         " revoked INTEGER NOT NULL DEFAULT 0);"
                         "CREATE TABLE audit ("
                         " id INTEGER PRIMARY KEY,"
                         " at INTEGER NOT NULL,"
                         " actor TEXT NOT NULL,"
                         " actor_user_id INTEGER,"
                         " action TEXT NOT NULL,"
                         " object_type TEXT,"
                         " object_id TEXT,"
                         " before TEXT,"
                         " after TEXT,"
                         " ip TEXT);"
                         "CREATE INDEX audit_at ON audit (at);"
                         "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
                         " SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
                         "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
                         " SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

/* Version 9: stories (src/stories). One row per story with its summary
 * (counts and comma-separated sets, most frequent first); per article its
 * story, MinHash fingerprint (src/stories) and the fingerprint's four 16-bit bands,
 * each indexed, so near-duplicate candidates survive a restart. */
static const char v9[] =
    "CREATE TABLE stories ("
    " id INTEGER PRIMARY KEY,"
    " title TEXT NOT NULL DEFAULT '',"
    " title_article INTEGER,"
    " first_seen INTEGER NOT NULL DEFAULT 0,"
    " last_seen INTEGER NOT NULL DEFAULT 0,"
    " updated INTEGER NOT NULL DEFAULT 0,"
    " articles INTEGER NOT NULL DEFAULT 0,"
    " articles_24h INTEGER NOT NULL DEFAULT 0,"
    " outlets TEXT NOT NULL DEFAULT '',"
    " langs TEXT NOT NULL DEFAULT '',"
    " countries TEXT NOT NULL DEFAULT '',"
    " topics TEXT NOT NULL DEFAULT '',"
    " tone_neg INTEGER NOT NULL DEFAULT 0,"
    " tone_neu INTEGER NOT NULL DEFAULT 0,"
    " tone_pos INTEGER NOT NULL DEFAULT 0,"
    " n_outlets INTEGER NOT NULL DEFAULT 0,"
    " importance REAL NOT NULL DEFAULT 0);"
    "CREATE INDEX stories_updated ON stories (updated);"
    "CREATE INDEX stories_last_seen ON stories (last_seen);"
    "CREATE TABLE article_stories ("
    " article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
    " story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,"
    " fp INTEGER NOT NULL,"
    " band0 INTEGER NOT NULL,"
    " band1 INTEGER NOT NULL,"
    " band2 INTEGER NOT NULL,"
    " band3 INTEGER NOT NULL,"
    " dup_of INTEGER);"
    "CREATE INDEX article_stories_story ON article_stories (story_id);"
    "CREATE INDEX article_stories_b0 ON article_stories (band0);"
    "CREATE INDEX article_stories_b1 ON article_stories (band1);"
    "CREATE INDEX article_stories_b2 ON article_stories (band2);"
    "CREATE INDEX article_stories_b3 ON article_stories (band3);";

/* Version 10: hourly rollups for time series (src/store/store_series.h).
 * One row per (dimension, key, UTC hour): 0 all (key ''), 1 country,
 * 2 language, 3 topic (one row per slug), 4 source (decimal id), the key
 * '' for an article without that column; counts of articles with a
 * publication date and of their tone toward the country.
 * Triggers keep them in the statement's own transaction on insert, on any
 * change of a counted column (a re-analysis moves an article's counts) and
 * on delete; the last statement backfills the existing articles. Stories
 * (v9) are counted from article_stories instead. */
/* clang-format off */
#define ROLLUP_DIMS(r)                                                                             \
    " FROM (SELECT 0 AS d, '' AS k UNION ALL SELECT 1, coalesce(" r ".country, '')"                \
    " UNION ALL SELECT 2, coalesce(" r ".lang, '')"                                                \
    " UNION ALL SELECT 4, coalesce(CAST(" r ".source_id AS TEXT), '')"                             \
    " UNION ALL SELECT 3, value FROM json_each('[\"' || replace(coalesce(" r ".topics, ''),"      \
    " ',', '\",\"') || '\"]') WHERE value <> ''"                                                   \
    " UNION ALL SELECT 3, '' WHERE coalesce(" r ".topics, '') = '')"
#define ROLLUP_ADD(r, sign)                                                                        \
    " INSERT INTO rollup_hourly (dim, key, hour, n, scored, neg, neu, pos, tone_sum)"              \
    " SELECT d, k, " r ".published / 3600, " sign ", " sign " * (" r ".tone IS NOT NULL),"        \
    " " sign " * coalesce(" r ".tone_label = -1, 0), " sign " * coalesce(" r ".tone_label = 0, 0),"\
    " " sign " * coalesce(" r ".tone_label = 1, 0), " sign " * coalesce(" r ".tone, 0)"           \
    ROLLUP_DIMS(r) " WHERE " r ".published > 0"                                                    \
    " ON CONFLICT DO UPDATE SET n = n + excluded.n, scored = scored + excluded.scored,"             \
    " neg = neg + excluded.neg, neu = neu + excluded.neu, pos = pos + excluded.pos,"               \
    " tone_sum = tone_sum + excluded.tone_sum;"
static const char v10[] =
    "CREATE TABLE rollup_hourly ("
    " dim INTEGER NOT NULL,"
    " key TEXT NOT NULL,"
    " hour INTEGER NOT NULL,"
    " n INTEGER NOT NULL,"
    " scored INTEGER NOT NULL,"
    " neg INTEGER NOT NULL,"
    " neu INTEGER NOT NULL,"
    " pos INTEGER NOT NULL,"
    " tone_sum REAL NOT NULL,"
    " PRIMARY KEY (dim, key, hour)) WITHOUT ROWID;"
    "CREATE TRIGGER rollup_ai AFTER INSERT ON articles BEGIN"
    ROLLUP_ADD("new", "1") " END;"
    "CREATE TRIGGER rollup_ad AFTER DELETE ON articles BEGIN"
    ROLLUP_ADD("old", "-1") " END;"
    "CREATE TRIGGER rollup_au AFTER UPDATE OF published, lang, country, source_id, topics,"
    " tone, tone_label ON articles BEGIN"
    ROLLUP_ADD("old", "-1") ROLLUP_ADD("new", "1") " END;"
    STORE_SERIES_BACKFILL_SQL;
/* clang-format on */

/* Version 11: alerts (src/alerts). Rules as their canonical JSON; one
 * event per de-duplication key (rule + condition + bucket, or rule +
 * story), so one event makes one alert; and the outbox: one delivery per
 * event and webhook/e-mail channel (a snapshot of the channel's JSON),
 * written in the event's transaction and marked sent only after the
 * channel confirmed, so a restart loses nothing. */
static const char v11[] =
    "CREATE TABLE alert_rules ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " enabled INTEGER NOT NULL DEFAULT 1,"
    " rule TEXT NOT NULL CHECK (json_valid(rule)),"
    " created INTEGER NOT NULL,"
    " updated INTEGER NOT NULL,"
    " last_eval INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT);"
    "CREATE TABLE alert_events ("
    " id INTEGER PRIMARY KEY,"
    " rule_id INTEGER REFERENCES alert_rules (id) ON DELETE SET NULL,"
    " rule_name TEXT NOT NULL,"
    " dedup_key TEXT NOT NULL UNIQUE,"
    " fired_at INTEGER NOT NULL,"
    " payload TEXT NOT NULL CHECK (json_valid(payload)),"
    " ack_by TEXT,"
    " ack_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX alert_events_unacked ON alert_events (ack_at, id);"
    "CREATE TABLE alert_deliveries ("
    " id INTEGER PRIMARY KEY,"
    " event_id INTEGER NOT NULL REFERENCES alert_events (id) ON DELETE CASCADE,"
    " channel TEXT NOT NULL CHECK (json_valid(channel)),"
    " state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " next_attempt INTEGER NOT NULL,"
    " last_error TEXT,"
    " sent_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_attempt);"
    "CREATE INDEX alert_deliveries_event ON alert_deliveries (event_id);";

static const struct store_migration migrations[] = {
    {1, v1}, {2, v2}, {3, v3}, {4, v4},   {5, v5},   {6, v6},
    {7, v7}, {8, v8}, {9, v9}, {10, v10}, {11, v11},
};

const struct store_migration *store_schema_migrations(size_t *n)
{
    *n = sizeof migrations / sizeof migrations[0];
    return migrations;
}
