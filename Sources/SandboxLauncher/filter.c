// The seccomp deny-list, compiled once in the parent with libseccomp.
//
// libseccomp allocates while it builds a filter, which is unsafe between fork and
// execve, so the parent compiles it to BPF and the child loads the bytes with the raw
// seccomp system call. A deny-list answering EPERM is kinder than an allow-list: an
// allow-list kills silently and breaks whenever libc or the interpreter starts using a
// new system call.

#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

// The filter is immutable once built, so one copy serves every run of the process.
static pthread_once_t filter_once = PTHREAD_ONCE_INIT;
static struct sock_fprog filter_program;
static int filter_error;

/// System calls that reach outside the sandbox or widen it: each answers EPERM.
static const char *const denied[] = {
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsconfig",
    "fsmount", "fspick", "mount_setattr", "unshare", "setns",
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "setsid", "setpgid",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "syslog", "settimeofday", "clock_settime",
    "clock_adjtime", "adjtimex", "sethostname", "setdomainname", "iopl", "ioperm",
    "open_by_handle_at", "name_to_handle_at", "fanotify_init", "lookup_dcookie", "vhangup",
};

static int add_rules(scmp_filter_ctx ctx) {
    const uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
        int nr = seccomp_syscall_resolve_name(denied[i]);
        if (nr == __NR_SCMP_ERROR) continue;  // not on this architecture
        int rc = seccomp_rule_add(ctx, eperm, nr, 0);
        if (rc < 0) return rc;
    }
    // Sockets other than AF_UNIX: no network even if the network namespace is missing.
    int rc = seccomp_rule_add(ctx, eperm, SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_NE, AF_UNIX));
    if (rc < 0) return rc;
    // clone with any namespace flag; clone3 hides its flags in memory a filter cannot
    // read, so it answers ENOSYS and libc falls back to clone.
    const unsigned long namespaces[] = {CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
                                        CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP};
    for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++) {
        rc = seccomp_rule_add(ctx, eperm, SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, namespaces[i], namespaces[i]));
        if (rc < 0) return rc;
    }
    rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    if (rc < 0) return rc;
    // Pushing characters into a terminal's input would type commands for the user.
    rc = seccomp_rule_add(ctx, eperm, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xFFFFFFFFu, TIOCSTI));
    if (rc < 0) return rc;
    return seccomp_rule_add(ctx, eperm, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xFFFFFFFFu, TIOCLINUX));
}

static void build_filter(void) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (ctx == NULL) {
        filter_error = ENOMEM;
        return;
    }
    // Only the native architecture is in the filter: 32-bit calls through int 0x80 and
    // x32 calls would bypass every rule, so they kill the process.
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    if (rc == 0) rc = add_rules(ctx);
    int fd = -1;
    if (rc == 0) {
        fd = memfd_create("sandbox-filter", MFD_CLOEXEC);
        rc = fd < 0 ? -errno : seccomp_export_bpf(ctx, fd);
    }
    seccomp_release(ctx);
    if (rc < 0) {
        filter_error = -rc;
        if (fd >= 0) close(fd);
        return;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    struct sock_filter *code = size > 0 ? malloc((size_t)size) : NULL;
    if (code == NULL || pread(fd, code, (size_t)size, 0) != size) {
        filter_error = code == NULL ? ENOMEM : EIO;
        free(code);
        close(fd);
        return;
    }
    close(fd);
    filter_program.len = (unsigned short)((size_t)size / sizeof(struct sock_filter));
    filter_program.filter = code;
}

const struct sock_fprog *sa_filter(int *error) {
    pthread_once(&filter_once, build_filter);
    if (filter_program.filter == NULL) {
        *error = filter_error ? filter_error : EINVAL;
        return NULL;
    }
    return &filter_program;
}
