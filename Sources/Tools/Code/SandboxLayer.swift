import SandboxLauncher

/// One isolation layer of the sandbox, in the order the launcher applies them.
public enum SandboxLayer: Int, Sendable, Hashable, CaseIterable, Comparable {
    case userNamespace, mountNamespace, pidNamespace, networkNamespace, ipcNamespace, utsNamespace
    case reaper, readOnlyRoot, rlimits, noNewPrivileges, landlock, seccomp

    /// The layer's name as doctor and notes print it.
    public var name: String { String(cString: sa_layer_name(Int32(rawValue))) }

    /// What the layer keeps out, for doctor.
    public var purpose: String {
        switch self {
        case .userNamespace: "runs as an unprivileged uid with no rights on the host"
        case .mountNamespace: "mounts stay private to the sandbox"
        case .pidNamespace: "sees only its own processes; all die together"
        case .networkNamespace: "no network at all, not even the host's loopback"
        case .ipcNamespace: "no shared memory or semaphores of the host"
        case .utsNamespace: "its own hostname"
        case .reaper: "PID 1 that reaps and hides the caller's memory"
        case .readOnlyRoot: "read-only system, private /tmp, scratch dir the only writable place"
        case .rlimits: "CPU, memory, processes, file size, open files, no core dumps"
        case .noNewPrivileges: "no set-uid escalation"
        case .landlock: "file access limited to the root's paths; no TCP; signals and abstract sockets scoped"
        case .seccomp: "network, ptrace, mount, namespaces, keyring, bpf, io_uring and setsid refused"
        }
    }

    /// Layers sort in the order they are applied.
    public static func < (lhs: SandboxLayer, rhs: SandboxLayer) -> Bool { lhs.rawValue < rhs.rawValue }
}
