import COpenSSL
import Foundation

/// SHA-256 of files read in 1 MiB blocks, so a 1.1 GB model is hashed without holding it.
enum FileDigest {
    /// The lowercase hex SHA-256 of the file at `path`.
    /// - Throws: `SetupError` when the file cannot be read.
    static func sha256(of path: String) throws(SetupError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SetupError("cannot read \(path)") }
        defer { try? handle.close() }
        let hasher = Hasher256()
        while true {
            let block: Data?
            do { block = try handle.read(upToCount: 1 << 20) } catch {
                throw SetupError("cannot read \(path): \(error.localizedDescription)")
            }
            guard let block, !block.isEmpty else { break }
            hasher.update(block)
        }
        return hasher.hex()
    }
}

/// An incremental SHA-256, fed block by block as a file is written or read.
final class Hasher256 {
    private let state: OpaquePointer?

    /// A hasher with nothing hashed yet.
    init() { state = ra_sha256_new() }

    deinit { if let state { ra_sha256_free(state) } }

    /// Hashes `data` on.
    func update(_ data: Data) {
        data.withUnsafeBytes { bytes in _ = ra_sha256_update(state, bytes.baseAddress, bytes.count) }
    }

    /// The digest of everything hashed, in lowercase hex; the hasher is spent.
    func hex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = ra_sha256_final(state, &digest)
        return digest.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
