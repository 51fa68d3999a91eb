/* herald show (not built yet: owned by the module that provides it). */
#include "cli/commands.h"

int cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_fail("show: not available in this build yet");
}
