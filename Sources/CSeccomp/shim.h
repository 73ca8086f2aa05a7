#ifndef CSECCOMP_SHIM_H
#define CSECCOMP_SHIM_H

// NULL must be defined before seccomp.h is parsed by the Swift importer.
#include <stddef.h>
#include <seccomp.h>

/// The libseccomp version this program runs against, for `doctor`.
static inline const struct scmp_version *cseccomp_version(void) {
    return seccomp_version();
}

#endif
