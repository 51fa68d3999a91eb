/* Starts and stops BUILD/fixture_server from a test (fork/exec with a temp
 * --port-file). Header-only so any unit test can include it as
 * "../support/fixture_server.h"; needs HERALD_BUILD_DIR. */
#ifndef HERALD_FIXTURE_SERVER_H
#define HERALD_FIXTURE_SERVER_H

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct fixture_server {
    pid_t pid;
    int port;
    char base[64]; /* "http://127.0.0.1:PORT" */
};

/* Starts the server on root; extra: more arguments (NULL-terminated array,
 * e.g. {"--bind", "127.0.0.2", NULL}) or NULL. Returns 0, or -1 when it did
 * not report a port within 5 s. */
static inline int fixture_server_start(struct fixture_server *fs, const char *root,
                                       const char *const *extra)
{
    char port_file[] = "/tmp/herald-fsport-XXXXXX";
    int fd = mkstemp(port_file);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(port_file);
    memset(fs, 0, sizeof *fs);
    fs->pid = fork();
    if (fs->pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        const char *argv[32] = {HERALD_BUILD_DIR "/fixture_server", "--root", root, "--port-file",
                                port_file};
        for (int i = 0; extra && extra[i] && i < 26; i++)
            argv[5 + i] = extra[i];
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    for (int i = 0; i < 500 && fs->port <= 0; i++) {
        FILE *f = fopen(port_file, "r");
        if (f) {
            if (fscanf(f, "%d", &fs->port) != 1)
                fs->port = 0;
            fclose(f);
        }
        if (fs->port <= 0) {
            struct timespec ts = {0, 10 * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    unlink(port_file);
    snprintf(fs->base, sizeof fs->base, "http://127.0.0.1:%d", fs->port);
    return fs->port > 0 ? 0 : -1;
}

/* Stops the server (SIGTERM) and reaps it. */
static inline void fixture_server_stop(struct fixture_server *fs)
{
    if (fs->pid > 0) {
        kill(fs->pid, SIGTERM);
        waitpid(fs->pid, NULL, 0);
        fs->pid = 0;
    }
}

#endif
