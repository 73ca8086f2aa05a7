#ifndef SANDBOX_LAUNCHER_INTERNAL_H
#define SANDBOX_LAUNCHER_INTERNAL_H

#include "sandbox_launcher.h"
#include <linux/filter.h>

/// Records the child processes send the parent over the status pipe. Each is one write
/// of less than PIPE_BUF bytes, so writers never interleave.
typedef enum {
    SA_RECORD_HELD = 1,       // a = layer
    SA_RECORD_REFUSED,        // a = layer, b = errno
    SA_RECORD_FATAL,          // a = step (layer or -1 for execve), b = errno
    SA_RECORD_REAPER_PID,     // a = the reaper's pid as the parent sees it
    SA_RECORD_PROGRAM_PID,    // a = the program's pid as the reaper sees it
    SA_RECORD_STATUS,         // a = the program's wait status
    SA_RECORD_LANDLOCK_ABI,   // a = ABI version
} sa_record_kind;

typedef struct {
    int kind;
    int a;
    int b;
    int pad;
} sa_record;

/// The status pipe's descriptor in the child processes.
#define SA_STATUS_FD 3

/// The compiled seccomp filter, built once in the parent; NULL with errno in *error when
/// libseccomp failed.
const struct sock_fprog *sa_filter(int *error);

/// The first child: never returns.
void sa_child_main(const sa_spec *spec, int in_fd, int out_fd, int err_fd, int status_fd,
                   const struct sock_fprog *filter) __attribute__((noreturn));

/// Builds the new root in the reaper; 0 or an errno. `*proc_mounted` tells whether /proc is fresh.
int sa_build_root(const sa_spec *spec, const int *source_fds, int pid_ns);

/// Applies Landlock in the program's process; the ABI version, or -errno.
int sa_apply_landlock(const char *scratch, int new_root);

/// Writes one record to the status pipe (async-signal-safe).
void sa_send(int kind, int a, int b);

#endif
