/* herald demo-site (not built yet: owned by the module that provides it). */
#include "cli/commands.h"

int cmd_demo_site(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_fail("demo-site: not available in this build yet");
}
