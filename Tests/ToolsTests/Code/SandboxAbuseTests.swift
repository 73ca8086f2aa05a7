import AgentTesting
import Foundation
import Testing
import Tools

/// The abuse cases of the sandbox note, each asserting containment: the secret is not
/// read, the host is not changed, the neighbour lives, the limit stops the program.
///
/// Serialized: a burst of interpreters starting at once would starve the timing tests of
/// other suites on a two-core machine.
@Suite(.serialized, .enabled(if: SandboxSupport.usable, "needs python3 on PATH and a sandbox that starts (see `research-agent doctor`)"))
struct SandboxAbuseTests {
    @Test func environmentHoldsNoSecretOfTheCaller() async throws {
        let result = try await SandboxSupport.run("python", "import os; print(' '.join(sorted(os.environ)))")
        // The exact, clean environment: nothing of the caller's passes, API keys included.
        #expect(result.stdout == "HOME LANG LC_ALL PATH PYTHONDONTWRITEBYTECODE PYTHONIOENCODING TMPDIR\n")
        let values = try await SandboxSupport.run("sh", "env")
        for (key, value) in ProcessInfo.processInfo.environment where ["KEY", "TOKEN", "SECRET"].contains(where: key.contains) {
            #expect(!values.stdout.contains(value), "the caller's \(key) leaked")
        }
    }

    @Test func inheritedDescriptorsAreClosed() async throws {
        let outside = try SandboxSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try "secret".write(toFile: outside + "/secret", atomically: true, encoding: .utf8)
        // Opened without close-on-exec, as a careless library might.
        let fd = open(outside + "/secret", O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let result = try await SandboxSupport.run(
            "python",
            "import os\nprint(sorted(int(f) for f in os.listdir('/proc/self/fd')))\ntry:\n    print(os.read(\(fd), 16))\nexcept OSError as e:\n    print(type(e).__name__)"
        )
        // 0-2 are the pipes, 3 is listdir's own descriptor.
        #expect(result.stdout == "[0, 1, 2, 3]\nOSError\n")
    }

    @Test(SandboxSupport.needs(.reaper, .pidNamespace, .readOnlyRoot)) func reaperEnvironmentAndMemoryAreUnreadable() async throws {
        let result = try await SandboxSupport.run(
            "python",
            """
            import os
            for path in ['/proc/1/environ', '/proc/1/mem', '/proc/1/cmdline']:
                try:
                    open(path, 'rb').read(64); print(path, 'read')
                except OSError as e:
                    print(path, type(e).__name__)
            print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))
            """)
        #expect(result.stdout.contains("/proc/1/environ PermissionError"))
        #expect(result.stdout.contains("/proc/1/mem PermissionError"))
        #expect(!result.stdout.contains("environ read"))
        // Only the reaper and the program itself exist in its world.
        #expect(result.stdout.hasSuffix("[1, 2]\n"))
    }

    @Test(SandboxSupport.needs(.pidNamespace, .readOnlyRoot)) func anotherProcessEnvironIsOutOfSight() async throws {
        let secret = "sk-neighbour-\(UUID().uuidString)"
        let neighbour = Process()
        neighbour.executableURL = URL(fileURLWithPath: "/bin/sleep")
        neighbour.arguments = ["30"]
        neighbour.environment = ["NEIGHBOUR_KEY": secret]
        try neighbour.run()
        defer { neighbour.terminate() }
        let pid = neighbour.processIdentifier
        let result = try await SandboxSupport.run(
            "python", "try:\n    print(open('/proc/\(pid)/environ').read())\nexcept OSError as e:\n    print(type(e).__name__)")
        #expect(!result.stdout.contains(secret))
        #expect(result.stdout == "FileNotFoundError\n")
    }

    @Test(SandboxSupport.needs(.mountNamespace, .readOnlyRoot)) func plantedSecretInHomeConfigIsUnreadable() async throws {
        let dir = NSHomeDirectory() + "/.config/sandbox-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let secret = "token-\(UUID().uuidString)"
        try secret.write(toFile: dir + "/credentials", atomically: true, encoding: .utf8)
        let result = try await SandboxSupport.run(
            "python", "try:\n    print(open('\(dir)/credentials').read())\nexcept OSError as e:\n    print(type(e).__name__)")
        #expect(!result.stdout.contains(secret))
        #expect(result.stdout == "FileNotFoundError\n")
    }

    @Test(SandboxSupport.needs(.mountNamespace, .readOnlyRoot, .landlock)) func symlinkAndHardlinkToASecretLeadNowhere() async throws {
        let outside = try SandboxSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let secret = "secret-\(UUID().uuidString)"
        try secret.write(toFile: outside + "/secret", atomically: true, encoding: .utf8)
        let scratch = try SandboxSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // A link planted in the scratch dir (as an earlier run might try) points at a path that does not exist inside.
        try FileManager.default.createSymbolicLink(atPath: scratch + "/planted", withDestinationPath: outside + "/secret")
        let result = try await SandboxSupport.run(
            "python",
            """
            import os
            def attempt(name, f):
                try:
                    print(name, f())
                except OSError as e:
                    print(name, type(e).__name__)
            attempt('planted', lambda: open('planted').read())
            os.symlink('\(outside)/secret', 'mine')
            attempt('symlink', lambda: open('mine').read())
            attempt('hardlink', lambda: os.link('/etc/passwd', 'passwd-link'))
            attempt('hardlink-secret', lambda: os.link('\(outside)/secret', 'secret-link'))
            """, scratch: scratch)
        #expect(!result.stdout.contains(secret))
        #expect(result.stdout.contains("planted FileNotFoundError"))
        #expect(result.stdout.contains("symlink FileNotFoundError"))
        #expect(result.stdout.contains("hardlink PermissionError") || result.stdout.contains("hardlink OSError"))
        #expect(result.stdout.contains("hardlink-secret FileNotFoundError"))
        #expect(!FileManager.default.fileExists(atPath: scratch + "/passwd-link"))
    }

    @Test(SandboxSupport.needs(.mountNamespace, .readOnlyRoot)) func writesOutsideTheScratchDirFail() async throws {
        let marker = "sandbox-escape-\(UUID().uuidString)"
        let hostTmp = NSTemporaryDirectory() + marker
        let result = try await SandboxSupport.run(
            "python",
            """
            for path in ['/etc/\(marker)', '/\(marker)', '/usr/\(marker)', '/tmp/\(marker)', '/scratch/\(marker)']:
                try:
                    open(path, 'w').write('x'); print(path, 'written')
                except OSError as e:
                    print(path, type(e).__name__)
            """)
        #expect(result.stdout.contains("/etc/\(marker) OSError"))  // read-only file system
        #expect(result.stdout.contains("/\(marker) OSError"))
        #expect(result.stdout.contains("/usr/\(marker) OSError"))
        // /tmp is private to the run, the scratch dir writable: neither is the host's /tmp.
        #expect(result.stdout.contains("/tmp/\(marker) written"))
        #expect(result.stdout.contains("/scratch/\(marker) written"))
        for path in ["/etc/\(marker)", "/\(marker)", "/usr/\(marker)", hostTmp, "/tmp/\(marker)"] {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) appeared on the host")
        }
    }

    @Test(SandboxSupport.needs(.readOnlyRoot)) func etcShadowIsUnreadable() async throws {
        let result = try await SandboxSupport.run(
            "python", "try:\n    print(open('/etc/shadow').read())\nexcept OSError as e:\n    print(type(e).__name__)")
        #expect(result.stdout == "FileNotFoundError\n")
        #expect(!result.stdout.contains("root:"))
    }

    @Test(SandboxSupport.needs(.seccomp)) func inetSocketsAreRefused() async throws {
        let result = try await SandboxSupport.run(
            "python",
            """
            import socket
            for family in (socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK, socket.AF_PACKET):
                try:
                    socket.socket(family, socket.SOCK_DGRAM if family == socket.AF_NETLINK else socket.SOCK_STREAM); print(family, 'opened')
                except OSError as e:
                    print(int(family), e.errno)
            """)
        #expect(!result.stdout.contains("opened"))
        #expect(result.stdout == "2 1\n10 1\n16 1\n17 1\n")  // EPERM for each family
    }

    @Test(SandboxSupport.needs(.seccomp, .networkNamespace)) func tcpToLoopbackNeverArrives() async throws {
        let listener = try HostListener.tcp()
        defer { listener.close() }
        let result = try await SandboxSupport.run(
            "python",
            "import socket\ntry:\n    socket.create_connection(('127.0.0.1', \(listener.port)), 2)\nexcept OSError as e:\n    print(type(e).__name__)"
        )
        #expect(result.stdout == "PermissionError\n")
        #expect(listener.acceptedConnections() == 0)
    }

    @Test(SandboxSupport.needs(.networkNamespace, .readOnlyRoot)) func unixSocketsOfTheHostAreUnreachable() async throws {
        // Short, under the temporary directory itself: a socket path has at most 107 bytes.
        let path = NSTemporaryDirectory() + "sandbox-test-\(UUID().uuidString.prefix(8)).sock"
        let byPath = try HostListener.unix(path: path)
        defer { byPath.close() }
        let abstractName = "sandbox-test-\(UUID().uuidString.prefix(8))"
        let abstract = try HostListener.unix(abstract: abstractName)
        defer { abstract.close() }
        let result = try await SandboxSupport.run(
            "python",
            """
            import socket
            for address in ['\(path)', '\\0\(abstractName)']:
                s = socket.socket(socket.AF_UNIX)
                try:
                    s.connect(address); print('connected')
                except OSError as e:
                    print(type(e).__name__)
            """)
        #expect(!result.stdout.contains("connected"))
        #expect(result.stdout.hasPrefix("FileNotFoundError\n"))
        #expect(byPath.acceptedConnections() == 0)
        #expect(abstract.acceptedConnections() == 0)
    }

    @Test(SandboxSupport.needs(.seccomp, .pidNamespace)) func ptraceAndKillOfANeighbourFail() async throws {
        let neighbour = Process()
        neighbour.executableURL = URL(fileURLWithPath: "/bin/sleep")
        neighbour.arguments = ["30"]
        try neighbour.run()
        defer { neighbour.terminate() }
        let pid = neighbour.processIdentifier
        let result = try await SandboxSupport.run(
            "python",
            """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            print('ptrace', libc.ptrace(16, \(pid), 0, 0), ctypes.get_errno())
            print('ptrace-reaper', libc.ptrace(16, 1, 0, 0), ctypes.get_errno())
            try:
                os.kill(\(pid), 9); print('kill sent')
            except OSError as e:
                print('kill', type(e).__name__)
            try:
                os.kill(1, 9); print('kill reaper sent')
            except OSError as e:
                print('kill reaper', type(e).__name__)
            """)
        #expect(result.stdout.contains("ptrace -1 1\n"))  // EPERM from the filter
        #expect(result.stdout.contains("ptrace-reaper -1 1\n"))
        #expect(result.stdout.contains("kill ProcessLookupError"))
        #expect(!result.stdout.contains("kill sent"))
        #expect(neighbour.isRunning)
    }

    @Test(SandboxSupport.needs(.seccomp)) func unshareMountIOUringAndBPFAreRefused() async throws {
        let result = try await SandboxSupport.run(
            "python",
            """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            def call(name, *args):
                rc = libc.syscall(*args)
                print(name, rc, ctypes.get_errno())
            call('unshare', 272, 0x10000000)
            call('mount', 165, b'none', b'/tmp', b'tmpfs', 0, None)
            call('io_uring_setup', 425, 8, ctypes.create_string_buffer(120))
            call('bpf', 321, 0, ctypes.create_string_buffer(128), 128)
            call('setns', 308, 0, 0)
            call('keyctl', 250, 0, 0)
            """)
        for name in ["unshare", "mount", "io_uring_setup", "bpf", "setns", "keyctl"] {
            #expect(result.stdout.contains("\(name) -1 1\n"), "\(name) was not refused with EPERM")
        }
    }

    @Test(SandboxSupport.needs(.seccomp)) func thirtyTwoBitSocketCallKillsTheProgram() async throws {
        // mov eax, 359 (i386 socket); mov ebx, 2; mov ecx, 1; xor edx, edx; int 0x80
        let result = try await SandboxSupport.run(
            "python",
            """
            import ctypes, mmap
            code = bytes([0x53, 0xb8, 0x67, 0x01, 0, 0, 0xbb, 2, 0, 0, 0, 0xb9, 1, 0, 0, 0, 0x31, 0xd2, 0xcd, 0x80, 0x5b, 0xc3])
            buf = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
            buf.write(code)
            address = ctypes.addressof(ctypes.c_char.from_buffer(buf))
            print('fd', ctypes.CFUNCTYPE(ctypes.c_int)(address)(), flush=True)
            """)
        #expect(result.termination == .signaled(SIGSYS))
        #expect(!result.stdout.contains("fd"))
    }

    @Test(SandboxSupport.needs(.seccomp, .pidNamespace)) func setsidDaemonDoesNotOutliveTheRun() async throws {
        let scratch = try SandboxSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let result = try await SandboxSupport.run(
            "python",
            """
            import os, time
            try:
                os.setsid(); print('setsid ok')
            except OSError as e:
                print('setsid', type(e).__name__, flush=True)
            if os.fork() == 0:
                if os.fork() == 0:
                    time.sleep(1.5)
                    open('/scratch/daemon-alive', 'w').write('still here')
                os._exit(0)
            print('parent done', flush=True)
            """, scratch: scratch)
        #expect(result.stdout == "setsid PermissionError\nparent done\n")
        try await Task.sleep(for: .seconds(3))
        #expect(!FileManager.default.fileExists(atPath: scratch + "/daemon-alive"))
    }

    @Test(SandboxSupport.needs(.rlimits, .userNamespace)) func forkBombIsCappedByTheProcessLimit() async throws {
        let result = try await SandboxSupport.run(
            "python",
            """
            import os, time
            children = 0
            try:
                while children < 1000:
                    if os.fork() == 0:
                        time.sleep(5); os._exit(0)
                    children += 1
            except OSError as e:
                print(children, type(e).__name__)
            """, limits: SandboxLimits(wallSeconds: 20, processes: 16))
        let fields = result.stdout.split(separator: " ")
        let forked = Int(fields.first ?? "") ?? 1000
        #expect(forked < 16)
        #expect(result.stdout.hasSuffix("BlockingIOError\n"))
    }

    @Test func shellForkBombEndsAtTheWallClock() async throws {
        // Few processes and a short wall clock: shells retrying fork spin on the CPU, and
        // the other tests of a parallel run need it.
        let result = try await SandboxSupport.run("sh", "b() { b | b & }; b; sleep 60", limits: SandboxLimits(wallSeconds: 1, processes: 6))
        #expect(result.limit == .wall || result.limit == .processes)
        #expect(result.wallSeconds < 30)
    }

    @Test(SandboxSupport.needs(.rlimits)) func memoryHogGetsMemoryError() async throws {
        let result = try await SandboxSupport.run("python", "x = bytearray(1 << 30)\nprint('allocated')")
        #expect(result.stderr.contains("MemoryError"))
        #expect(!result.stdout.contains("allocated"))
        #expect(result.limit == .memory)
    }

    @Test(SandboxSupport.needs(.rlimits)) func cpuLoopIsStoppedByTheCPULimit() async throws {
        let result = try await SandboxSupport.run("python", "while True: pass", limits: SandboxLimits(wallSeconds: 60, cpuSeconds: 1))
        #expect(result.limit == .cpu)
        #expect(result.wallSeconds < 40)  // the wall clock would stop it only at 60 s
    }

    @Test(SandboxSupport.needs(.rlimits)) func bigFileIsCutAtTheFileSizeLimit() async throws {
        let scratch = try SandboxSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let result = try await SandboxSupport.run(
            "python", "f = open('big', 'wb')\nfor i in range(32):\n    f.write(b'x' * (1 << 20))\nprint('wrote 32 MiB')", scratch: scratch)
        #expect(result.limit == .fileSize)
        #expect(!result.stdout.contains("wrote"))
        let size = try FileManager.default.attributesOfItem(atPath: scratch + "/big")[.size] as? Int ?? 0
        #expect(size <= 16 << 20)
    }

    @Test(SandboxSupport.needs(.rlimits)) func openFilesAreCapped() async throws {
        let result = try await SandboxSupport.run(
            "python",
            """
            files = []
            try:
                for i in range(200):
                    files.append(open('/dev/null'))
            except OSError as e:
                print(len(files), e.errno)
            """)
        let opened = Int(result.stdout.split(separator: " ").first ?? "") ?? 200
        #expect(opened < 200)
        #expect(result.stdout.hasSuffix(" 24\n"))  // EMFILE
    }

    @Test func tenMiBOfStdoutIsCut() async throws {
        let result = try await SandboxSupport.run("python", "import sys\nfor i in range(10):\n    sys.stdout.write('y' * (1 << 20))")
        #expect(result.stdout.utf8.count <= 1 << 20)
        #expect(result.stdoutCut)
        #expect(result.stdoutTotal > 1 << 20)
        #expect(result.limit == .output || result.termination == .exited(0))
    }
}
