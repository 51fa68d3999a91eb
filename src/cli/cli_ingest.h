/* Shared setup for the commands that ingest (fetch-once, run): options
 * from the configuration, and SIGTERM/SIGINT turned into a stop flag. */
#ifndef HERALD_CLI_INGEST_H
#define HERALD_CLI_INGEST_H

#include "analyze/analyze.h"
#include "cli/config.h"
#include "ingest/ingest.h"

/* The flag SIGTERM and SIGINT set; ingest and fetch poll it. */
extern volatile int cli_stop_flag;

/* Fills o from cfg (timeouts, caps, politeness, SSRF guard, robots). */
void cli_ingest_opts(struct ingest_opts *o, const struct herald_config *cfg);
/* Loads the analysers cfg's [analysis] section names into *out (NULL
 * when analysis is disabled). Returns 0, or 1 after printing a one-line
 * error. Caller frees with analyzer_free(). */
int cli_analyzer(const struct herald_config *cfg, struct analyzer **out);

/* Installs handlers so SIGTERM and SIGINT set cli_stop_flag. */
void cli_catch_stop_signals(void);

/* Takes the single-writer lock for ingesting into db_path (an advisory
 * flock on "<db_path>.lock", released when the process exits). Returns a
 * descriptor to keep open, or -1 after printing one line when another
 * herald already ingests into that database. */
int cli_writer_lock(const char *db_path);

#endif
