/* herald source (not built yet: owned by the module that provides it). */
#include "cli/commands.h"

int cmd_source(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_fail("source: not available in this build yet");
}
