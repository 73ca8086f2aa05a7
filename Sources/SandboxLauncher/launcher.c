// The parent side: fork, feed stdin, collect output under its cap, enforce the wall
// clock, kill the whole tree, and gather the layers' reports and the exit status.

#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/// How long the tree gets to die and close its pipes after being killed.
#define SA_KILL_GRACE_SECONDS 2.0

static const char *const layer_names[SA_LAYER_COUNT] = {
    "user namespace", "mount namespace", "PID namespace", "network namespace", "IPC namespace",
    "UTS namespace", "non-dumpable reaper", "read-only root", "rlimits", "no_new_privs", "Landlock",
    "seccomp filter",
};

const char *sa_layer_name(int layer) {
    return layer >= 0 && layer < SA_LAYER_COUNT ? layer_names[layer] : "execve";
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/// One captured stream: the first `cap` bytes are kept, the rest only counted.
typedef struct {
    unsigned char *data;
    size_t length;
    size_t capacity;
    size_t total;
} stream;

static void keep(stream *s, const unsigned char *bytes, size_t count, size_t cap) {
    s->total += count;
    if (s->length >= cap) return;
    size_t take = count < cap - s->length ? count : cap - s->length;
    if (s->length + take > s->capacity) {
        size_t want = s->capacity ? s->capacity * 2 : 65536;
        while (want < s->length + take) want *= 2;
        if (want > cap) want = cap;
        unsigned char *grown = realloc(s->data, want);
        if (grown == NULL) return;  // keep what we have; the total still counts
        s->data = grown;
        s->capacity = want;
    }
    memcpy(s->data + s->length, bytes, take);
    s->length += take;
}

static void apply_record(const sa_record *record, sa_result *r, pid_t *reaper, pid_t *program, int *status,
                         int *have_status) {
    switch (record->kind) {
    case SA_RECORD_HELD:
        if (record->a >= 0 && record->a < SA_LAYER_COUNT) r->layers_held |= 1u << record->a;
        break;
    case SA_RECORD_REFUSED:
        if (record->a >= 0 && record->a < SA_LAYER_COUNT) {
            r->layers_refused |= 1u << record->a;
            r->refused_errno[record->a] = record->b;
        }
        break;
    case SA_RECORD_FATAL:
        r->not_started = 1;
        r->failed_step = record->a;
        r->failed_errno = record->b;
        break;
    case SA_RECORD_REAPER_PID: *reaper = record->a; break;
    case SA_RECORD_PROGRAM_PID: *program = record->a; break;
    case SA_RECORD_STATUS:
        *status = record->a;
        *have_status = 1;
        break;
    case SA_RECORD_LANDLOCK_ABI: r->landlock_abi = record->a; break;
    default: break;
    }
}

static int open_pipe(int fds[2], int parent_end) {
    if (pipe2(fds, O_CLOEXEC) != 0) return errno;
    return fcntl(fds[parent_end], F_SETFL, O_NONBLOCK) == 0 ? 0 : errno;
}

int sa_run(const sa_spec *spec, sa_result *r) {
    memset(r, 0, sizeof *r);
    r->failed_step = -2;
    int filter_error = 0;
    const struct sock_fprog *filter = sa_filter(&filter_error);
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, st[2] = {-1, -1};
    int rc = open_pipe(in, 1);
    if (rc == 0) rc = open_pipe(out, 0);
    if (rc == 0) rc = open_pipe(err, 0);
    if (rc == 0) rc = open_pipe(st, 0);
    if (rc != 0) {
        int all[8] = {in[0], in[1], out[0], out[1], err[0], err[1], st[0], st[1]};
        for (int i = 0; i < 8; i++)
            if (all[i] >= 0) close(all[i]);
        return rc;
    }
    // A program that closes stdin early must not kill this process with SIGPIPE.
    sigset_t pipe_set, old_mask;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);

    double started = now_seconds();
    pid_t child = fork();
    if (child == 0) sa_child_main(spec, in[0], out[1], err[1], st[1], filter);
    int fork_error = child < 0 ? errno : 0;
    close(in[0]);
    close(out[1]);
    close(err[1]);
    close(st[1]);
    if (fork_error != 0) {
        close(in[1]);
        close(out[0]);
        close(err[0]);
        close(st[0]);
        pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
        return fork_error;
    }

    stream streams[2] = {{0}, {0}};
    size_t cap = spec->limits.output_bytes > 0 ? (size_t)spec->limits.output_bytes : 1048576;
    size_t kill_at = spec->limits.output_kill_bytes > 0 ? (size_t)spec->limits.output_kill_bytes : cap * 8;
    unsigned char record_buffer[sizeof(sa_record) * 32];
    size_t record_length = 0;
    pid_t reaper = -1, program = -1;
    int status = 0, have_status = 0;
    size_t stdin_sent = 0;
    int stdin_fd = in[1];
    if (spec->stdin_length == 0) {
        close(stdin_fd);
        stdin_fd = -1;
    }
    int open_fds[3] = {out[0], err[0], st[0]};
    double deadline = started + (spec->limits.wall_seconds > 0 ? spec->limits.wall_seconds : 10);
    double grace_end = 0;
    int killed = 0;
    unsigned char chunk[65536];

    while (open_fds[0] >= 0 || open_fds[1] >= 0 || open_fds[2] >= 0) {
        double now = now_seconds();
        if (!killed && now >= deadline) {
            r->limit = SA_LIMIT_WALL;
            killed = 1;
        }
        if (killed && grace_end == 0) {
            // PID 1's death takes the whole namespace; the program's group covers a
            // machine without PID namespaces; the first child's death reaches the reaper
            // through its parent-death signal.
            if (reaper > 0) kill(reaper, SIGKILL);
            if (program > 0 && !(r->layers_held & (1u << SA_LAYER_PID_NS))) kill(-program, SIGKILL);
            if (reaper <= 0) kill(child, SIGKILL);
            grace_end = now + SA_KILL_GRACE_SECONDS;
            if (stdin_fd >= 0) {
                close(stdin_fd);
                stdin_fd = -1;
            }
        }
        if (killed && now >= grace_end) break;
        struct pollfd fds[5];
        int count = 0;
        for (int i = 0; i < 3; i++)
            if (open_fds[i] >= 0) fds[count++] = (struct pollfd){.fd = open_fds[i], .events = POLLIN};
        int stdin_slot = -1, cancel_slot = -1;
        if (stdin_fd >= 0) {
            stdin_slot = count;
            fds[count++] = (struct pollfd){.fd = stdin_fd, .events = POLLOUT};
        }
        if (spec->cancel_fd >= 0 && !killed) {
            cancel_slot = count;
            fds[count++] = (struct pollfd){.fd = spec->cancel_fd, .events = POLLIN};
        }
        double until = killed ? grace_end : deadline;
        int timeout = (int)((until - now) * 1000) + 1;
        int ready = poll(fds, (nfds_t)count, timeout < 0 ? 0 : timeout);
        if (ready < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (cancel_slot >= 0 && fds[cancel_slot].revents) {
            r->limit = SA_LIMIT_CANCELLED;
            killed = 1;
        }
        if (stdin_slot >= 0 && fds[stdin_slot].revents) {
            ssize_t n = write(stdin_fd, spec->stdin_data + stdin_sent, spec->stdin_length - stdin_sent);
            if (n > 0) stdin_sent += (size_t)n;
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || stdin_sent >= spec->stdin_length) {
                close(stdin_fd);
                stdin_fd = -1;
            }
        }
        for (int slot = 0; slot < count; slot++) {
            if (slot == stdin_slot || slot == cancel_slot || fds[slot].revents == 0) continue;
            int which = fds[slot].fd == out[0] ? 0 : fds[slot].fd == err[0] ? 1 : 2;
            ssize_t n;
            if (which == 2) {
                n = read(st[0], record_buffer + record_length, sizeof record_buffer - record_length);
                if (n > 0) {
                    record_length += (size_t)n;
                    size_t whole = record_length / sizeof(sa_record);
                    for (size_t i = 0; i < whole; i++) {
                        sa_record record;
                        memcpy(&record, record_buffer + i * sizeof record, sizeof record);
                        apply_record(&record, r, &reaper, &program, &status, &have_status);
                    }
                    record_length -= whole * sizeof(sa_record);
                    memmove(record_buffer, record_buffer + whole * sizeof(sa_record), record_length);
                    // A wall timeout that fired before the reaper's pid arrived kills it now.
                    if (killed && reaper > 0) kill(reaper, SIGKILL);
                }
            } else {
                n = read(open_fds[which], chunk, sizeof chunk);
                if (n > 0) {
                    keep(&streams[which], chunk, (size_t)n, cap);
                    if (!killed && streams[which].total > kill_at) {
                        r->limit = SA_LIMIT_OUTPUT;
                        killed = 1;
                    }
                }
            }
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
                close(open_fds[which]);
                open_fds[which] = -1;
            }
        }
    }
    for (int i = 0; i < 3; i++)
        if (open_fds[i] >= 0) close(open_fds[i]);
    if (stdin_fd >= 0) close(stdin_fd);
    // Something still held the pipes after the grace period: end the first child, whose
    // death reaches the reaper, so the wait below cannot hang.
    if (killed && now_seconds() >= grace_end) kill(child, SIGKILL);

    struct rusage usage;
    memset(&usage, 0, sizeof usage);
    int child_status = 0;
    while (wait4(child, &child_status, 0, &usage) < 0 && errno == EINTR) {
    }
    r->wall_seconds = now_seconds() - started;
    r->cpu_seconds = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
                     (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
    if (filter == NULL && !(r->layers_refused & (1u << SA_LAYER_SECCOMP))) {
        r->layers_refused |= 1u << SA_LAYER_SECCOMP;
        r->refused_errno[SA_LAYER_SECCOMP] = filter_error;
    }
    if (have_status && WIFEXITED(status)) {
        r->exited = 1;
        r->exit_code = WEXITSTATUS(status);
    } else if (have_status && WIFSIGNALED(status)) {
        r->signal = WTERMSIG(status);
    } else {
        r->signal = SIGKILL;
    }
    if (r->limit == SA_LIMIT_NONE && !r->exited) {
        if (r->signal == SIGXCPU || (r->signal == SIGKILL && spec->limits.cpu_seconds > 0 &&
                                     r->cpu_seconds >= (double)spec->limits.cpu_seconds * 0.95)) {
            r->limit = SA_LIMIT_CPU;
        } else if (r->signal == SIGXFSZ) {
            r->limit = SA_LIMIT_FILE_SIZE;
        }
    }
    r->out = streams[0].data;
    r->out_length = streams[0].length;
    r->out_total = streams[0].total;
    r->err = streams[1].data;
    r->err_length = streams[1].length;
    r->err_total = streams[1].total;

    // Discard a SIGPIPE raised by a write to a closed stdin before unblocking.
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, NULL, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    return 0;
}

int sa_cancel_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0 ? 0 : errno;
}

void sa_result_free(sa_result *result) {
    free(result->out);
    free(result->err);
    result->out = NULL;
    result->err = NULL;
}
