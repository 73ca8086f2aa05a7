// A helper program tied to this process's life: an MCP server, started outside the
// sandbox (the user configured it and trusts it as they trust their shell), in its own
// process group so the whole tree can be stopped, and killed by the kernel if this
// process dies without stopping it.

#define _GNU_SOURCE
#include "sandbox_launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/// Writes errno to the report pipe and ends the child; only async-signal-safe calls.
static void fail(int report, int error) {
    ssize_t unused = write(report, &error, sizeof error);
    (void)unused;
    _exit(127);
}

int sa_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno; }

pid_t sa_spawn_tethered(const char *path, char *const argv[], char *const envp[], const char *cwd, int in_fd, int out_fd,
                        int err_fd) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -errno;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int error = errno;
        close(report[0]);
        close(report[1]);
        return -error;
    }
    if (pid == 0) {
        // Standard descriptors we were started without may have been reused for these
        // pipes: move every one above 2 first, so the dup2 calls below cannot clobber each
        // other or the report pipe.
        int fds[3] = {in_fd, out_fd, err_fd};
        int report_fd = fcntl(report[1], F_DUPFD_CLOEXEC, 3);
        if (report_fd < 0) _exit(127);
        report[1] = report_fd;
        for (int i = 0; i < 3; i++) {
            fds[i] = fcntl(fds[i], F_DUPFD, 3);
            if (fds[i] < 0) fail(report[1], errno);
        }
        setpgid(0, 0);
        // The signal comes when the forking thread ends, so the caller forks from a thread
        // that lives as long as the process.
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(report[1], errno);
        if (getppid() != parent) _exit(127);
        sigset_t all;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
        if (dup2(fds[0], 0) < 0 || dup2(fds[1], 1) < 0 || dup2(fds[2], 2) < 0) fail(report[1], errno);
        // Nothing else of ours leaks into the server; the report pipe closes on exec.
        if (syscall(SYS_close_range, 3, report[1] - 1, 0) != 0 || syscall(SYS_close_range, report[1] + 1, ~0U, 0) != 0) {
            for (int fd = 3; fd < 1024; fd++)
                if (fd != report[1]) close(fd);
        }
        if (cwd && chdir(cwd) != 0) fail(report[1], errno);
        execve(path, argv, envp);
        fail(report[1], errno);
    }
    close(report[1]);
    int error = 0;
    ssize_t n;
    do { n = read(report[0], &error, sizeof error); } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof error) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        return -error;
    }
    return pid;
}
