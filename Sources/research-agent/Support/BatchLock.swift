import Foundation

/// One process at a time in a batch directory, by flock on its batch.lock. A second
/// process (a resume started while the batch still runs) would run the running tasks again
/// and write over the first's lines of results.jsonl. Not inherited by children (the local
/// model server), so a batch killed with SIGKILL leaves the directory free.
struct BatchLock {
    private let fd: Int32

    /// Takes the lock of `directory`, or says that another process holds it.
    init(directory: String) throws(CLIError) {
        let path = directory + "/batch.lock"
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failure("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .usage("\(directory) is being run by another batch process; wait for it to end, or stop it, then resume")
        }
    }

    /// Lets the next process in.
    func release() { close(fd) }
}
