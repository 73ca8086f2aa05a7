#ifndef SANDBOX_LAUNCHER_H
#define SANDBOX_LAUNCHER_H

// Runs one untrusted program under every isolation layer the kernel grants.
//
// The fork and everything between fork and execve live here, in C, because only raw
// system calls are safe in the child of a multi-threaded process. The caller (Swift)
// prepares every string and array beforehand; the child never allocates.

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The isolation layers, in the order the child applies them.
typedef enum {
    SA_LAYER_USER_NS = 0,
    SA_LAYER_MOUNT_NS,
    SA_LAYER_PID_NS,
    SA_LAYER_NET_NS,
    SA_LAYER_IPC_NS,
    SA_LAYER_UTS_NS,
    SA_LAYER_REAPER,
    SA_LAYER_READONLY_ROOT,
    SA_LAYER_RLIMITS,
    SA_LAYER_NO_NEW_PRIVS,
    SA_LAYER_LANDLOCK,
    SA_LAYER_SECCOMP,
    SA_LAYER_COUNT
} sa_layer;

/// How one entry of the new root is made.
typedef enum {
    /// Bind `source` read-only at `target`.
    SA_MOUNT_READONLY = 0,
    /// Bind `source` writable at `target` (the scratch directory).
    SA_MOUNT_WRITABLE = 1,
    /// Bind a device node `source` at `target` (left as the kernel mounted it).
    SA_MOUNT_DEVICE = 2,
    /// Create a symbolic link at `target` whose text is `source`.
    SA_MOUNT_SYMLINK = 3,
} sa_mount_kind;

/// One entry of the new root. `target` is absolute, as the program will see it.
typedef struct {
    const char *source;
    const char *target;
    sa_mount_kind kind;
    /// Skip the entry quietly when the source does not exist.
    int optional;
} sa_mount;

/// The limits one run gets. Zero means "not limited" for the rlimits.
typedef struct {
    double wall_seconds;
    long cpu_seconds;
    long memory_bytes;
    long processes;
    long file_bytes;
    long open_files;
    /// Bytes kept per stream; more is read and dropped.
    long output_bytes;
    /// Bytes per stream after which the program is stopped.
    long output_kill_bytes;
} sa_limits;

/// Everything one run needs, prepared by the caller.
typedef struct {
    /// The program to execute, as a path inside the sandbox.
    const char *program;
    /// NULL-terminated argument vector (argv[0] included).
    const char *const *argv;
    /// NULL-terminated environment.
    const char *const *envp;
    /// The scratch directory on the host.
    const char *scratch;
    /// Where the scratch directory appears inside the new root.
    const char *scratch_inside;
    const sa_mount *mounts;
    int mount_count;
    const unsigned char *stdin_data;
    size_t stdin_length;
    sa_limits limits;
    /// Refuse to run the program when any layer does not hold.
    int strict;
    /// Readable when the caller wants the run stopped; -1 for none.
    int cancel_fd;
    /// The unprivileged uid and gid to run as when the caller is root.
    unsigned int unprivileged_id;
} sa_spec;

/// Which limit ended the run.
typedef enum {
    SA_LIMIT_NONE = 0,
    SA_LIMIT_WALL,
    SA_LIMIT_CPU,
    SA_LIMIT_FILE_SIZE,
    SA_LIMIT_OUTPUT,
    SA_LIMIT_CANCELLED,
} sa_limit;

/// What happened. Buffers are malloc'd; release them with sa_result_free.
typedef struct {
    unsigned char *out;
    size_t out_length;
    size_t out_total;
    unsigned char *err;
    size_t err_length;
    size_t err_total;
    /// 1 when the program exited (exit_code valid), 0 when a signal ended it.
    int exited;
    int exit_code;
    int signal;
    double wall_seconds;
    double cpu_seconds;
    sa_limit limit;
    /// Bit per sa_layer.
    unsigned int layers_held;
    unsigned int layers_refused;
    /// errno of each refused layer.
    int refused_errno[SA_LAYER_COUNT];
    /// The Landlock ABI version, 0 when Landlock is absent.
    int landlock_abi;
    /// The program never started: the step (an sa_layer, or -1 for execve) and its errno.
    int not_started;
    int failed_step;
    int failed_errno;
} sa_result;

/// Runs the program and waits for it; blocks the calling thread, which must stay alive
/// until it returns. Returns 0, or an errno when the run could not be set up at all.
int sa_run(const sa_spec *spec, sa_result *result);

/// A close-on-exec pipe whose read end serves as `cancel_fd`; 0 or an errno.
int sa_cancel_pipe(int fds[2]);

/// Releases the buffers of a result.
void sa_result_free(sa_result *result);

/// The layer's name, as `doctor` and notes print it.
const char *sa_layer_name(int layer);

/// A close-on-exec, blocking pipe for a tethered program's standard stream; 0 or an errno.
int sa_pipe(int fds[2]);

/// Starts `path` (absolute) with `argv` and `envp`, in `cwd` (NULL: ours), its standard
/// input, output and error on the given descriptors, in a process group of its own, and
/// killed by SIGKILL when the calling thread ends (call it from a thread that lives as long
/// as the process). Returns the pid, or -errno when it could not start (execve's errno
/// when the program itself could not run).
pid_t sa_spawn_tethered(const char *path, char *const argv[], char *const envp[], const char *cwd, int in_fd, int out_fd,
                        int err_fd);

#ifdef __cplusplus
}
#endif

#endif
