/* herald user: add, passwd, list, disable, enable and role. Passwords come
 * from stdin (a prompt without echo on a terminal), --password-file FILE
 * or --generate (printed once); never from the command line. Every change
 * is audited with actor "cli". */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth/auth.h"
#include "cli/store_cli.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

#define USAGE                                                                                      \
    "user add NAME --role ROLE [--agency A] [--display TEXT] [--password-file FILE|--generate]"    \
    " | passwd NAME [--password-file FILE|--generate] | list [--json] | disable NAME"              \
    " | enable NAME | role NAME ROLE [--agency A]   (passwords: stdin, never argv)"

static int usage(void)
{
    return cli_usage("user", USAGE);
}

/* Refuses a password given on the command line. Returns 2 if one was. */
static int refuse_argv_password(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if ((!strncmp(argv[i], "--password", 10) && strncmp(argv[i], "--password-file", 15)) ||
            !strcmp(argv[i], "-p")) {
            fprintf(stderr, "herald user: passwords are never taken from the command line;"
                            " pipe it on stdin or use --password-file FILE\n");
            return 2;
        }
    }
    return 0;
}

/* Reads one line from the terminal with echo off into a malloc'd *out. */
static int read_tty(char **out, size_t *len)
{
    struct termios old, quiet;
    size_t cap = 0;
    bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
    fputs("password: ", stderr);
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    ssize_t n = getline(out, &cap, stdin);
    if (restore)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    if (n < 0)
        return cli_fail("no password given");
    *len = (size_t)n;
    return 0;
}

/* Reads the password from path (NULL = stdin) into *out (caller frees):
 * one line, its newline dropped, checked against the rules. Returns 0 or
 * 1 after a one-line message. */
static int read_password(char **out, const char *path)
{
    size_t len = 0;
    *out = NULL;
    if (!path && isatty(STDIN_FILENO)) {
        if (read_tty(out, &len))
            return 1;
    } else {
        herald_rc rc = str_read_file(out, &len, path ? path : "-", AUTH_PASSWORD_MAX + 2);
        if (rc == HERALD_ETOOBIG)
            return cli_fail("password is longer than %d bytes", AUTH_PASSWORD_MAX);
        if (rc)
            return cli_fail("password: %s", herald_error_last());
    }
    if (len && (*out)[len - 1] == '\n')
        (*out)[--len] = '\0';
    if (len && (*out)[len - 1] == '\r')
        (*out)[--len] = '\0';
    if (auth_password_check(*out, len)) {
        free(*out);
        *out = NULL;
        return cli_fail("%s", herald_error_last());
    }
    return 0;
}

struct add_opts {
    const char *role, *agency, *display, *file;
    bool generate;
};

/* Parses the options of add / passwd / role into *o; returns the index
 * of the first positional argument, or -1 after a usage message. */
static int parse_opts(struct add_opts *o, int argc, char **argv)
{
    static const struct option opts[] = {
        {"role", required_argument, NULL, 'r'},    {"agency", required_argument, NULL, 'a'},
        {"display", required_argument, NULL, 'd'}, {"password-file", required_argument, NULL, 'f'},
        {"generate", no_argument, NULL, 'g'},      {NULL, 0, NULL, 0}};
    int opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'r':
            o->role = optarg;
            break;
        case 'a':
            o->agency = optarg;
            break;
        case 'd':
            o->display = optarg;
            break;
        case 'f':
            o->file = optarg;
            break;
        case 'g':
            o->generate = true;
            break;
        default:
            store_cli_bad_option("user", USAGE, argv);
            return -1;
        }
    }
    if (o->file && o->generate) {
        cli_fail("user: --password-file and --generate exclude each other");
        return -1;
    }
    return optind;
}

/* Fills *pw from the options: generated (the caller prints it once the
 * change is stored) or read. */
static int get_password(char **pw, const struct add_opts *o)
{
    if (o->generate) {
        char gen[21];
        auth_password_generate(gen);
        *pw = xstrdup(gen);
        return 0;
    }
    return read_password(pw, o->file);
}

static void print_generated(const struct add_opts *o, const char *name, const char *pw)
{
    if (o->generate)
        printf("password for %s (shown once): %s\n", name, pw);
}

static int user_add(struct store *st, int argc, char **argv)
{
    struct add_opts o = {0};
    enum auth_role role;
    char *pw = NULL;
    int64_t id = 0;
    int i = parse_opts(&o, argc, argv), status = 0;
    if (i < 0)
        return 2;
    if (i != argc - 1 || !o.role)
        return usage();
    if (auth_role_parse(&role, o.role))
        return cli_fail("%s", herald_error_last());
    if ((status = get_password(&pw, &o)))
        return status;
    if (auth_user_add(st, &id, &AUTH_ACTOR_CLI, argv[i], role, o.agency, o.display, pw)) {
        status = cli_fail("%s", herald_error_last());
    } else {
        printf("added user %lld: %s (%s)\n", (long long)id, argv[i], o.role);
        print_generated(&o, argv[i], pw);
    }
    free(pw);
    return status;
}

static int user_passwd(struct store *st, int argc, char **argv)
{
    struct add_opts o = {0};
    char *pw = NULL;
    int i = parse_opts(&o, argc, argv), status = 0;
    if (i < 0)
        return 2;
    if (i != argc - 1 || o.role || o.agency || o.display)
        return usage();
    struct auth_user u;
    if (auth_user_get(st, &u, argv[i]))
        return cli_fail("%s", herald_error_last());
    auth_user_free(&u);
    if ((status = get_password(&pw, &o)))
        return status;
    if (auth_user_set_password(st, &AUTH_ACTOR_CLI, argv[i], pw)) {
        status = cli_fail("%s", herald_error_last());
    } else {
        printf("password of %s changed; their sessions ended\n", argv[i]);
        print_generated(&o, argv[i], pw);
    }
    free(pw);
    return status;
}

static json_t *user_json(const struct auth_user *u)
{
    char c[24], l[24];
    return json_pack("{s:I, s:s, s:s?, s:s, s:s?, s:b, s:s, s:s?}", "id", (json_int_t)u->id, "name",
                     u->name, "display", u->display, "role", auth_role_name(u->role), "agency",
                     u->agency, "disabled", u->disabled, "created", date_format_iso(c, u->created),
                     "last_login", u->last_login ? date_format_iso(l, u->last_login) : NULL);
}

static int user_list(struct store *st, int argc, char **argv)
{
    struct auth_user *v = NULL;
    size_t n = 0;
    bool json = argc == 2 && !strcmp(argv[1], "--json");
    char l[24];
    if (argc > 2 || (argc == 2 && !json))
        return usage();
    if (auth_user_list(st, &v, &n))
        return cli_fail("%s", herald_error_last());
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, user_json(&v[i]));
        json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(a);
    } else {
        printf("%-4s %-20s %-8s %-12s %-3s %-20s %s\n", "ID", "NAME", "ROLE", "AGENCY", "ON",
               "LAST_LOGIN", "DISPLAY");
        for (size_t i = 0; i < n; i++)
            printf("%-4lld %-20s %-8s %-12s %-3s %-20s %s\n", (long long)v[i].id, v[i].name,
                   auth_role_name(v[i].role), v[i].agency ? v[i].agency : "-",
                   v[i].disabled ? "no" : "yes",
                   v[i].last_login ? date_format_iso(l, v[i].last_login) : "never",
                   v[i].display ? v[i].display : "");
    }
    auth_users_free(v, n);
    return 0;
}

static int user_disable(struct store *st, int argc, char **argv)
{
    bool disable = !strcmp(argv[0], "disable");
    if (argc != 2)
        return usage();
    if (auth_user_set_disabled(st, &AUTH_ACTOR_CLI, argv[1], disable))
        return cli_fail("%s", herald_error_last());
    printf("user %s %s\n", argv[1], disable ? "disabled; their sessions ended" : "enabled");
    return 0;
}

static int user_role(struct store *st, int argc, char **argv)
{
    struct add_opts o = {0};
    enum auth_role role;
    int i = parse_opts(&o, argc, argv);
    if (i < 0)
        return 2;
    if (i != argc - 2 || o.role || o.display || o.file || o.generate)
        return usage();
    if (auth_role_parse(&role, argv[i + 1]) ||
        auth_user_set_role(st, &AUTH_ACTOR_CLI, argv[i], role, o.agency))
        return cli_fail("%s", herald_error_last());
    printf("user %s is now %s%s%s\n", argv[i], argv[i + 1], o.agency ? " of " : "",
           o.agency ? o.agency : "");
    return 0;
}

int cmd_user(struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(struct store *, int, char **);
    } subs[] = {{"add", user_add},         {"passwd", user_passwd},  {"list", user_list},
                {"disable", user_disable}, {"enable", user_disable}, {"role", user_role}};
    struct store *st = NULL;
    int status = 2;
    if (refuse_argv_password(argc, argv))
        return 2;
    if (argc < 2)
        return usage();
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        if (strcmp(argv[1], subs[i].name))
            continue;
        if (store_cli_open(ctx, &st))
            return 1;
        status = subs[i].fn(st, argc - 1, argv + 1);
        store_close(st);
        return status;
    }
    return usage();
}
