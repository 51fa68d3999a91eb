/* herald's entry point: dispatches `herald <command> ...` to cmd_<verb>. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

int main(int argc, char **argv)
{
    return cli_dispatch(argc, argv);
}
