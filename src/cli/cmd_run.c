/* herald run (not built yet: owned by the module that provides it). */
#include "cli/commands.h"

int cmd_run(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_fail("run: not available in this build yet");
}
