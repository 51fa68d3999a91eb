/* herald token: create (the secret is printed once and stored only
 * hashed), list (no secrets) and revoke API tokens for scripts. Audited
 * with actor "cli". */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/store_cli.h"
#include "util/date.h"

#define USAGE "token create NAME --user USER | list [--json] | revoke ID"

static int token_create(struct store *st, int argc, char **argv)
{
    char secret[AUTH_API_TOKEN_LEN + 1];
    const char *user = NULL, *name = NULL;
    int64_t id = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--user") && i + 1 < argc)
            user = argv[++i];
        else if (!strncmp(argv[i], "--user=", 7))
            user = argv[i] + 7;
        else if (argv[i][0] == '-' || name)
            return cli_usage("token", USAGE);
        else
            name = argv[i];
    }
    if (!name || !user)
        return cli_usage("token", USAGE);
    if (auth_token_create(st, &id, secret, &AUTH_ACTOR_CLI, name, user))
        return cli_fail("%s", herald_error_last());
    printf("token %lld for %s (shown once; send it as 'Authorization: Bearer TOKEN'):\n%s\n",
           (long long)id, user, secret);
    return 0;
}

static json_t *token_json(const struct auth_token_info *t)
{
    char c[24], u[24];
    return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:b}", "id", (json_int_t)t->id, "name", t->name,
                     "user", t->user_name, "created", date_format_iso(c, t->created), "last_used",
                     t->last_used ? date_format_iso(u, t->last_used) : NULL, "revoked", t->revoked);
}

static int token_list(struct store *st, int argc, char **argv)
{
    struct auth_token_info *v = NULL;
    size_t n = 0;
    bool json = argc == 2 && !strcmp(argv[1], "--json");
    char c[24], u[24];
    if (argc > 2 || (argc == 2 && !json))
        return cli_usage("token", USAGE);
    if (auth_token_list(st, &v, &n))
        return cli_fail("%s", herald_error_last());
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, token_json(&v[i]));
        json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(a);
    } else {
        printf("%-4s %-16s %-7s %-20s %-20s %s\n", "ID", "USER", "REVOKED", "CREATED", "LAST_USED",
               "NAME");
        for (size_t i = 0; i < n; i++)
            printf("%-4lld %-16s %-7s %-20s %-20s %s\n", (long long)v[i].id, v[i].user_name,
                   v[i].revoked ? "yes" : "no", date_format_iso(c, v[i].created),
                   v[i].last_used ? date_format_iso(u, v[i].last_used) : "never", v[i].name);
    }
    auth_tokens_free(v, n);
    return 0;
}

static int token_revoke(struct store *st, int argc, char **argv)
{
    int64_t id = 0;
    if (argc != 2)
        return cli_usage("token", USAGE);
    if (!store_cli_parse_id(argv[1], &id))
        return cli_fail("token revoke: '%s' is not a token id", argv[1]);
    if (auth_token_revoke(st, &AUTH_ACTOR_CLI, id))
        return cli_fail("%s", herald_error_last());
    printf("token %lld revoked\n", (long long)id);
    return 0;
}

int cmd_token(struct cli_ctx *ctx, int argc, char **argv)
{
    struct store *st = NULL;
    int (*fn)(struct store *, int, char **) = NULL;
    if (argc >= 2 && !strcmp(argv[1], "create"))
        fn = token_create;
    else if (argc >= 2 && !strcmp(argv[1], "list"))
        fn = token_list;
    else if (argc >= 2 && !strcmp(argv[1], "revoke"))
        fn = token_revoke;
    else
        return cli_usage("token", USAGE);
    if (store_cli_open(ctx, &st))
        return 1;
    int status = fn(st, argc - 1, argv + 1);
    store_close(st);
    return status;
}
