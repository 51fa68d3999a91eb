/* herald search (not built yet: owned by the module that provides it). */
#include "cli/commands.h"

int cmd_search(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_fail("search: not available in this build yet");
}
