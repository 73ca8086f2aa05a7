// The child side: three processes, each applying its layers.
//
//   first child  resets signals, closes inherited descriptors, enters the new
//                namespaces, and waits for the reaper;
//   reaper       PID 1 of the new PID namespace, non-dumpable: builds the new root,
//                starts the program, reaps everything, and reports the exit status;
//   program      PID 2: rlimits, the unprivileged uid, no_new_privs, Landlock,
//                seccomp, execve.
//
// The first child exists because unshare(CLONE_NEWUSER) needs a single-threaded
// process and a PID namespace only applies to children. Between fork and execve only
// raw system calls and stack memory are used.
//
// When the caller is root, the user namespace maps root to itself and the unprivileged
// id to itself: the reaper keeps root's reach while it builds the root (an interpreter
// may live under /root, mode 0700), and the program runs as the unprivileged id, for
// which RLIMIT_NPROC counts (the kernel ignores it for uid 0, mapped or not). Only a
// process holding CAP_SETUID outside the namespace may write such a map, so a short-lived
// helper forked before the unshare writes it.

#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/// The most mounts one spec may hold (their sources are opened all at once).
#define SA_MAX_MOUNTS 64

// The helper, the reaper and the program share the first child's memory instead of
// copying it: a fork copies the page tables of the whole caller (a large Swift process)
// and costs more than every namespace together. Each gets a stack of its own here; the
// first child's copy of these arrays is private to it, so concurrent runs never share one.
// What runs on them uses raw system calls only, and the first child only waits meanwhile.
static char helper_stack[64 * 1024] __attribute__((aligned(16)));
static char reaper_stack[256 * 1024] __attribute__((aligned(16)));
static char program_stack[128 * 1024] __attribute__((aligned(16)));

/// Starts `entry(arg)` in a new process sharing this one's memory, on `stack`.
static pid_t spawn(int (*entry)(void *), void *arg, char *stack, size_t size, int flags) {
    return clone(entry, stack + size, CLONE_VM | SIGCHLD | flags, arg);
}

void sa_send(int kind, int a, int b) {
    sa_record record = {.kind = kind, .a = a, .b = b, .pad = 0};
    ssize_t ignored = write(SA_STATUS_FD, &record, sizeof record);
    (void)ignored;
}

// Layer reports are gathered and sent in one write per process: each write wakes the
// parent, and on a loaded machine every wake-up is a turn on the CPU the run waits for.
// The first child, the reaper and the program share this memory, but one at a time: each
// flushes before starting the next.
static sa_record pending[SA_LAYER_COUNT + 4];
static int pending_count;

static void queue(int kind, int a, int b) {
    if (pending_count < (int)(sizeof pending / sizeof pending[0])) {
        pending[pending_count++] = (sa_record){.kind = kind, .a = a, .b = b, .pad = 0};
    }
}

/// Sends the gathered reports (fewer than PIPE_BUF bytes: one atomic write).
static void flush(void) {
    if (pending_count == 0) return;
    ssize_t ignored = write(SA_STATUS_FD, pending, (size_t)pending_count * sizeof(sa_record));
    (void)ignored;
    pending_count = 0;
}

static __attribute__((noreturn)) void fail(int step, int error) {
    flush();
    sa_send(SA_RECORD_FATAL, step, error);
    _exit(127);
}

/// Reports a layer; in strict mode a refused layer stops the run before any code runs.
static void report(const sa_spec *spec, int layer, int error) {
    if (error == 0) {
        queue(SA_RECORD_HELD, layer, 0);
        return;
    }
    queue(SA_RECORD_REFUSED, layer, error);
    if (spec->strict) fail(layer, error);
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int error = written == (ssize_t)length ? 0 : (written < 0 ? errno : EIO);
    close(fd);
    return error;
}

/// "ID ID 1": the id maps to itself, and nothing else exists inside.
static void id_map(char *dst, unsigned int id) {
    char digits[16];
    int n = 0;
    do {
        digits[n++] = (char)('0' + id % 10);
        id /= 10;
    } while (id > 0 && n < 15);
    size_t at = 0;
    for (int copy = 0; copy < 2; copy++) {
        for (int i = n - 1; i >= 0; i--) dst[at++] = digits[i];
        dst[at++] = ' ';
    }
    dst[at++] = '1';
    dst[at++] = '\n';
    dst[at] = '\0';
}

/// Default dispositions and an empty mask: the forking thread's ignored SIGPIPE and
/// blocked signals must not leak into the program.
static void reset_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    for (int sig = 1; sig < _NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        sigaction(sig, &action, NULL);
    }
    sigset_t empty;
    sigemptyset(&empty);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &empty, NULL, _NSIG / 8);
}

static int set_limit(int resource, long value) {
    if (value <= 0) return 0;
    struct rlimit limit = {.rlim_cur = (rlim_t)value, .rlim_max = (rlim_t)value};
    if (resource == RLIMIT_CPU) limit.rlim_max = (rlim_t)value + 1;  // SIGXCPU first, then SIGKILL
    return setrlimit(resource, &limit) == 0 ? 0 : errno;
}

/// Drops root for the unprivileged id, supplementary groups included.
static int drop_root(unsigned int id) {
    if (syscall(SYS_setgroups, 0, NULL) != 0) return errno;
    if (syscall(SYS_setresgid, id, id, id) != 0) return errno;
    if (syscall(SYS_setresuid, id, id, id) != 0) return errno;
    return 0;
}

/// What the program's process needs to know.
typedef struct {
    const sa_spec *spec;
    const struct sock_fprog *filter;
    int new_root;
    int as_root;
} program_args;

static __attribute__((noreturn)) void program_main(const sa_spec *spec, const struct sock_fprog *filter,
                                                   int new_root, int as_root);

static int program_entry(void *raw) {
    const program_args *args = raw;
    program_main(args->spec, args->filter, args->new_root, args->as_root);
}

static __attribute__((noreturn)) void program_main(const sa_spec *spec, const struct sock_fprog *filter,
                                                   int new_root, int as_root) {
    // Dies with the reaper, even without a PID namespace.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    setpgid(0, 0);
    const sa_limits *l = &spec->limits;
    int rc = set_limit(RLIMIT_CPU, l->cpu_seconds);
    if (rc == 0) rc = set_limit(RLIMIT_AS, l->memory_bytes);
    if (rc == 0) rc = set_limit(RLIMIT_NPROC, l->processes);
    if (rc == 0) rc = set_limit(RLIMIT_FSIZE, l->file_bytes);
    if (rc == 0) rc = set_limit(RLIMIT_NOFILE, l->open_files);
    struct rlimit no_core = {0, 0};
    if (rc == 0 && setrlimit(RLIMIT_CORE, &no_core) != 0) rc = errno;
    report(spec, SA_LAYER_RLIMITS, rc);
    if (as_root) {
        int dropped = drop_root(spec->unprivileged_id);
        if (dropped != 0) fail(SA_LAYER_USER_NS, dropped);
    }
    const char *scratch = new_root ? spec->scratch_inside : spec->scratch;
    if (chdir(scratch) != 0) fail(SA_LAYER_READONLY_ROOT, errno);
    report(spec, SA_LAYER_NO_NEW_PRIVS, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 ? 0 : errno);
    int abi = sa_apply_landlock(scratch, new_root);
    if (abi > 0) queue(SA_RECORD_LANDLOCK_ABI, abi, 0);
    report(spec, SA_LAYER_LANDLOCK, abi > 0 ? 0 : -abi);
    if (filter == NULL) {
        report(spec, SA_LAYER_SECCOMP, EINVAL);
    } else {
        report(spec, SA_LAYER_SECCOMP, syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, filter) == 0 ? 0 : errno);
    }
    reset_signals();
    flush();
    execve(spec->program, (char *const *)spec->argv, (char *const *)spec->envp);
    fail(-1, errno);
}

/// What the reaper needs to know.
typedef struct {
    const sa_spec *spec;
    const struct sock_fprog *filter;
    int mount_ns;
    int pid_ns;
    int as_root;
} reaper_args;

static __attribute__((noreturn)) void reaper_main(const sa_spec *spec, const struct sock_fprog *filter,
                                                  int mount_ns, int pid_ns, int as_root);

static int reaper_entry(void *raw) {
    const reaper_args *args = raw;
    reaper_main(args->spec, args->filter, args->mount_ns, args->pid_ns, args->as_root);
}

static __attribute__((noreturn)) void reaper_main(const sa_spec *spec, const struct sock_fprog *filter,
                                                  int mount_ns, int pid_ns, int as_root) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // Its memory is a copy of the caller's, API keys included: no /proc/1/environ, no
    // /proc/1/mem, no core dump for anyone.
    int dumpable = prctl(PR_SET_DUMPABLE, 0) == 0 ? 0 : errno;
    // Orphans come back here even without a PID namespace.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    report(spec, SA_LAYER_REAPER, dumpable);
    int new_root = 0;
    if (mount_ns) {
        // Opened inside the new mount namespace (a bind needs a source mount of the
        // namespace it lands in) and before the tmpfs over /tmp hides the scratch dir.
        int source_fds[SA_MAX_MOUNTS];
        if (spec->mount_count > SA_MAX_MOUNTS) fail(SA_LAYER_READONLY_ROOT, E2BIG);
        for (int i = 0; i < spec->mount_count; i++) {
            source_fds[i] = -1;
            if (spec->mounts[i].kind == SA_MOUNT_SYMLINK) continue;
            source_fds[i] = open(spec->mounts[i].source, O_PATH | O_CLOEXEC);
            if (source_fds[i] < 0 && !spec->mounts[i].optional) fail(SA_LAYER_READONLY_ROOT, errno);
        }
        // A root half built is no root: fail rather than run in it.
        int rc = sa_build_root(spec, source_fds, pid_ns);
        if (rc != 0) fail(SA_LAYER_READONLY_ROOT, rc);
        report(spec, SA_LAYER_READONLY_ROOT, 0);
        new_root = 1;
    } else {
        report(spec, SA_LAYER_READONLY_ROOT, EPERM);
    }
    // Mount sources stay behind: the program gets 0, 1, 2 and the status pipe only.
    syscall(SYS_close_range, SA_STATUS_FD + 1, ~0U, 0);
    // The reaper waits (CLONE_VFORK) until the program has exec'd or died, so the
    // shared memory is never used by both at once.
    flush();
    program_args args = {spec, filter, new_root, as_root};
    pid_t program = spawn(program_entry, &args, program_stack, sizeof program_stack, CLONE_VFORK);
    if (program < 0) fail(SA_LAYER_REAPER, errno);
    setpgid(program, program);
    sa_send(SA_RECORD_PROGRAM_PID, program, 0);
    // The reaper keeps no pipe to the program open, so the parent sees EOF when it ends.
    close(0);
    close(1);
    close(2);
    int status = 0;
    for (;;) {
        pid_t pid = waitpid(-1, &status, 0);
        if (pid == program) break;
        if (pid < 0 && errno != EINTR) fail(SA_LAYER_REAPER, errno);
    }
    // Whatever the program left behind (daemons included) dies with it.
    kill(-program, SIGKILL);
    int leftover = 0;
    while (waitpid(-1, &leftover, 0) > 0 || errno == EINTR) {
    }
    sa_send(SA_RECORD_STATUS, status, 0);
    _exit(0);
}

/// The helper's side: waits for the first child's new user namespace, then writes its
/// maps. Reports 0 or an errno back.
/// What the map writer needs to know.
typedef struct {
    pid_t target;
    unsigned int id;
    int ready_fd;
    int done_fd;
} map_writer_args;

static __attribute__((noreturn)) void map_writer_main(pid_t target, unsigned int id, int ready_fd, int done_fd);

static int map_writer_entry(void *raw) {
    const map_writer_args *args = raw;
    map_writer_main(args->target, args->id, args->ready_fd, args->done_fd);
}

static __attribute__((noreturn)) void map_writer_main(pid_t target, unsigned int id, int ready_fd, int done_fd) {
    char go = 0;
    if (read(ready_fd, &go, 1) != 1) _exit(0);  // the unshare failed: nothing to map
    char path[64], digits[16];
    int n = 0;
    pid_t value = target;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0 && n < 15);
    char map[48] = "0 0 1\n";
    id_map(map + 6, id);
    static const char *const files[] = {"/uid_map", "/gid_map"};
    int error = 0;
    for (int f = 0; f < 2 && error == 0; f++) {
        size_t at = 0;
        memcpy(path, "/proc/", 6);
        at = 6;
        for (int i = n - 1; i >= 0; i--) path[at++] = digits[i];
        size_t length = strlen(files[f]);
        memcpy(path + at, files[f], length + 1);
        error = write_file(path, map);
    }
    ssize_t ignored = write(done_fd, &error, sizeof error);
    (void)ignored;
    _exit(0);
}

/// Enters a new user namespace; 0 or an errno.
static int enter_user_namespace(unsigned int own_id, unsigned int unprivileged_id) {
    if (own_id != 0) {
        if (unshare(CLONE_NEWUSER) != 0) return errno;
        char map[40];
        id_map(map, own_id);
        int rc = write_file("/proc/self/setgroups", "deny");
        if (rc == 0) rc = write_file("/proc/self/uid_map", map);
        if (rc == 0) rc = write_file("/proc/self/gid_map", map);
        return rc;
    }
    int ready[2], done[2];
    if (pipe2(ready, O_CLOEXEC) != 0) return errno;
    if (pipe2(done, O_CLOEXEC) != 0) return errno;
    // The helper shares this memory but not the descriptor table: it keeps all four ends.
    map_writer_args args = {getpid(), unprivileged_id, ready[0], done[1]};
    pid_t helper = spawn(map_writer_entry, &args, helper_stack, sizeof helper_stack, 0);
    if (helper < 0) return errno;
    close(ready[0]);
    close(done[1]);
    int error = unshare(CLONE_NEWUSER) == 0 ? 0 : errno;
    if (error == 0) {
        char go = 1;
        if (write(ready[1], &go, 1) != 1) error = errno;
        if (error == 0 && read(done[0], &error, sizeof error) != sizeof error) error = EIO;
    }
    close(ready[1]);
    close(done[0]);
    int status = 0;
    while (waitpid(helper, &status, 0) != helper) {
    }
    return error;
}

void sa_child_main(const sa_spec *spec, int in_fd, int out_fd, int err_fd, int status_fd,
                   const struct sock_fprog *filter) {
    // Descriptors first: move the four we keep out of the way, then into 0..3.
    int keep[4] = {in_fd, out_fd, err_fd, status_fd};
    for (int i = 0; i < 4; i++) {
        keep[i] = fcntl(keep[i], F_DUPFD, 10);
        if (keep[i] < 0) _exit(127);
    }
    for (int i = 0; i < 4; i++) {
        if (dup2(keep[i], i) < 0) _exit(127);
    }
    fcntl(SA_STATUS_FD, F_SETFD, FD_CLOEXEC);
    if (syscall(SYS_close_range, SA_STATUS_FD + 1, ~0U, 0) != 0) {
        for (int fd = SA_STATUS_FD + 1; fd < 65536; fd++) close(fd);
    }
    reset_signals();
    // Dies with the forking thread, which lives exactly as long as the run.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    setpgid(0, 0);

    unsigned int own_id = (unsigned int)geteuid();
    int as_root = own_id == 0;
    int user_ns = enter_user_namespace(own_id, spec->unprivileged_id);
    report(spec, SA_LAYER_USER_NS, user_ns);
    // A copy of the caller's memory: keep it out of reach from here on.
    prctl(PR_SET_DUMPABLE, 0);

    static const int layers[] = {SA_LAYER_MOUNT_NS, SA_LAYER_PID_NS, SA_LAYER_NET_NS, SA_LAYER_IPC_NS,
                                 SA_LAYER_UTS_NS};
    static const int flags[] = {CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS};
    int held[5] = {0};
    int together = unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS) == 0;
    for (int i = 0; i < 5; i++) {
        int error = together ? 0 : (unshare(flags[i]) == 0 ? 0 : errno);
        held[i] = error == 0;
        if (layers[i] == SA_LAYER_MOUNT_NS && error == 0) {
            // Without this every mount below would propagate to the host.
            if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
                error = errno;
                held[i] = 0;
            }
        }
        report(spec, layers[i], error);
    }
    if (held[4]) sethostname("sandbox", 7);

    flush();
    reaper_args args = {spec, filter, held[0], held[1], as_root};
    pid_t reaper = spawn(reaper_entry, &args, reaper_stack, sizeof reaper_stack, 0);
    if (reaper < 0) fail(SA_LAYER_REAPER, errno);
    sa_send(SA_RECORD_REAPER_PID, reaper, 0);
    syscall(SYS_close_range, 0, ~0U, 0);
    // The reaper shares this memory (errno included): wait on the result alone.
    int status = 0;
    while (waitpid(reaper, &status, 0) != reaper) {
    }
    _exit(0);
}
