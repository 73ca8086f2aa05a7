// Landlock, built in the program's process after the new root exists: rules attach to
// inodes, so a ruleset built before the mounts would not cover the fresh /proc or the
// private /tmp.

#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

// Debian 12's kernel headers stop at Landlock ABI 2; the network rights (ABI 4), device
// ioctls (ABI 5) and scopes (ABI 6) are defined here from the kernel's uapi.
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif

enum {
    FS_EXECUTE = 1 << 0,
    FS_WRITE_FILE = 1 << 1,
    FS_READ_FILE = 1 << 2,
    FS_READ_DIR = 1 << 3,
    FS_ALL_V1 = (1 << 13) - 1,
    FS_REFER = 1 << 13,
    FS_TRUNCATE = 1 << 14,
    FS_IOCTL_DEV = 1 << 15,
    NET_BIND_TCP = 1 << 0,
    NET_CONNECT_TCP = 1 << 1,
    SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0,
    SCOPE_SIGNAL = 1 << 1,
    RULE_PATH_BENEATH = 1,
    CREATE_RULESET_VERSION = 1,
};

struct ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

struct path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));

static int allow(int ruleset, const char *path, uint64_t access, int must_exist) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) return must_exist ? -errno : 0;
    struct path_beneath_attr rule = {.allowed_access = access, .parent_fd = fd};
    long rc = syscall(__NR_landlock_add_rule, ruleset, RULE_PATH_BENEATH, &rule, 0);
    int saved = errno;
    close(fd);
    return rc == 0 ? 0 : -saved;
}

int sa_apply_landlock(const char *scratch, int new_root) {
    long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, CREATE_RULESET_VERSION);
    if (abi < 1) return -errno;
    uint64_t fs = FS_ALL_V1;
    if (abi >= 2) fs |= FS_REFER;
    if (abi >= 3) fs |= FS_TRUNCATE;
    if (abi >= 5) fs |= FS_IOCTL_DEV;
    struct ruleset_attr attr = {.handled_access_fs = fs};
    size_t size = sizeof(uint64_t);
    if (abi >= 4) {
        // No TCP rule at all: binding and connecting are both refused.
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP;
        size = 2 * sizeof(uint64_t);
    }
    if (abi >= 6) {
        // Abstract Unix sockets and signals stop at the sandbox's edge.
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL;
        size = sizeof attr;
    }
    int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) return -errno;
    const uint64_t read_only = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR;
    uint64_t device = FS_READ_FILE | FS_WRITE_FILE;
    if (abi >= 3) device |= FS_TRUNCATE;
    int rc = allow(ruleset, "/", read_only, 1);
    if (rc == 0) rc = allow(ruleset, scratch, fs, 1);
    if (rc == 0 && new_root) {
        rc = allow(ruleset, "/tmp", fs, 1);
        if (rc == 0) rc = allow(ruleset, "/dev/shm", fs, 1);
    }
    const char *const devices[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"};
    for (int i = 0; rc == 0 && i < 5; i++) rc = allow(ruleset, devices[i], device, 0);
    if (rc == 0 && syscall(__NR_landlock_restrict_self, ruleset, 0) != 0) rc = -errno;
    close(ruleset);
    return rc == 0 ? (int)abi : rc;
}
