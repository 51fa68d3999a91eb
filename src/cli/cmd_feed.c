/* herald feed (not built yet: owned by the module that provides it). */
#include "cli/commands.h"

int cmd_feed(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_fail("feed: not available in this build yet");
}
