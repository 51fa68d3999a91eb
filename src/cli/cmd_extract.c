/* herald extract (not built yet: owned by the module that provides it). */
#include "cli/commands.h"

int cmd_extract(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_fail("extract: not available in this build yet");
}
