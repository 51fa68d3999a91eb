/* herald fetch-once (not built yet: owned by the module that provides it). */
#include "cli/commands.h"

int cmd_fetch_once(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_fail("fetch-once: not available in this build yet");
}
