/* herald export (not built yet: owned by the module that provides it). */
#include "cli/commands.h"

int cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_fail("export: not available in this build yet");
}
