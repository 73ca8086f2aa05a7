// The new root: a read-only tmpfs holding read-only binds of the system and the
// interpreter, a fresh /proc, private /tmp and /dev/shm, a few device nodes, and the
// scratch directory as the only writable place of the host.
//
// Runs in the reaper, inside the new user, mount and PID namespaces, after every mount
// has been made private (otherwise mounts would land on the host). Only raw system
// calls and stack buffers: this is the child of a multi-threaded process.

#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/// Where the new root is assembled: a tmpfs mounted over /tmp inside the private
/// mount namespace, as bubblewrap does; the host's /tmp is untouched.
#define BASE "/tmp"

/// dst = a + b, or ENAMETOOLONG.
static int join(char *dst, size_t size, const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la + lb + 1 > size) return ENAMETOOLONG;
    memcpy(dst, a, la);
    memcpy(dst + la, b, lb + 1);
    return 0;
}

/// mkdir -p on a writable copy of `path`.
static int make_dirs(const char *path) {
    char buffer[PATH_MAX];
    size_t length = strlen(path);
    if (length + 1 > sizeof buffer) return ENAMETOOLONG;
    memcpy(buffer, path, length + 1);
    for (size_t i = 1; i <= length; i++) {
        if (buffer[i] == '/' || buffer[i] == '\0') {
            char saved = buffer[i];
            buffer[i] = '\0';
            if (mkdir(buffer, 0755) != 0 && errno != EEXIST) return errno;
            buffer[i] = saved;
        }
    }
    return 0;
}

/// Creates the parent directories of `path`.
static int make_parent(const char *path) {
    char buffer[PATH_MAX];
    size_t length = strlen(path);
    if (length + 1 > sizeof buffer) return ENAMETOOLONG;
    memcpy(buffer, path, length + 1);
    char *slash = strrchr(buffer, '/');
    if (slash == NULL || slash == buffer) return 0;
    *slash = '\0';
    return make_dirs(buffer);
}

/// Writes the decimal form of `value` after `prefix` into `dst`.
static void fd_path(char *dst, int value) {
    static const char prefix[] = "/proc/self/fd/";
    memcpy(dst, prefix, sizeof prefix - 1);
    char digits[16];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0 && n < 15);
    size_t at = sizeof prefix - 1;
    while (n > 0) dst[at++] = digits[--n];
    dst[at] = '\0';
}

/// The flags a remount inside a user namespace must keep: the kernel locks them.
static unsigned long locked_flags(const char *path) {
    struct statvfs info;
    if (statvfs(path, &info) != 0) return 0;
    unsigned long flags = 0;
    if (info.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (info.f_flag & ST_NODEV) flags |= MS_NODEV;
    if (info.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (info.f_flag & ST_NOATIME) flags |= MS_NOATIME;
    if (info.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (info.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    return flags;
}

static int bind(int source_fd, const char *target, int writable, int device) {
    struct stat info;
    if (fstat(source_fd, &info) != 0) return errno;
    int rc = make_parent(target);
    if (rc != 0) return rc;
    if (S_ISDIR(info.st_mode)) {
        if (mkdir(target, 0755) != 0 && errno != EEXIST) return errno;
    } else {
        int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) return errno;
        if (fd >= 0) close(fd);
    }
    char source[64];
    fd_path(source, source_fd);
    if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) != 0) return errno;
    if (device) return 0;
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | locked_flags(target);
    if (!writable) flags |= MS_RDONLY;
    if (mount(NULL, target, NULL, flags, NULL) != 0) return errno;
    return 0;
}

int sa_build_root(const sa_spec *spec, const int *source_fds, int pid_ns) {
    char path[PATH_MAX];
    if (mount("tmpfs", BASE, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") != 0) return errno;
    for (int i = 0; i < spec->mount_count; i++) {
        const sa_mount *entry = &spec->mounts[i];
        int rc = join(path, sizeof path, BASE, entry->target);
        if (rc != 0) return rc;
        if (entry->kind == SA_MOUNT_SYMLINK) {
            rc = make_parent(path);
            if (rc != 0) return rc;
            if (symlink(entry->source, path) != 0 && errno != EEXIST) return errno;
            continue;
        }
        if (source_fds[i] < 0) {
            if (entry->optional) continue;
            return ENOENT;
        }
        rc = bind(source_fds[i], path, entry->kind == SA_MOUNT_WRITABLE, entry->kind == SA_MOUNT_DEVICE);
        if (rc != 0) return rc;
    }
    // A fresh /proc shows only the sandbox's processes; without a PID namespace it
    // would show the host's, so there is none then.
    if (pid_ns) {
        if (make_dirs(BASE "/proc") != 0) return errno;
        if (mount("proc", BASE "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) return errno;
    }
    const char *const scratch_mounts[] = {BASE "/tmp", BASE "/dev/shm"};
    for (int i = 0; i < 2; i++) {
        int rc = make_dirs(scratch_mounts[i]);
        if (rc != 0) return rc;
        if (mount("tmpfs", scratch_mounts[i], "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m") != 0) return errno;
    }
    if (mkdir(BASE "/.old", 0700) != 0) return errno;
    if (syscall(SYS_pivot_root, BASE, BASE "/.old") != 0) return errno;
    if (chdir("/") != 0) return errno;
    if (umount2("/.old", MNT_DETACH) != 0) return errno;
    if (rmdir("/.old") != 0) return errno;
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0) return errno;
    return 0;
}
