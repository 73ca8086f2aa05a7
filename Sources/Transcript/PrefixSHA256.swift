import COpenSSL
import Glibc
import Synchronization

/// SHA-256 of successive byte strings that mostly extend each other, as the request
/// bodies of one run do: a prompt only grows at its end, so step N's body repeats step
/// N-1's up to its newest messages.
///
/// The hash state is saved every `stride` bytes. A new input is compared with the
/// previous one (memcmp, far cheaper than hashing) and hashed on from the last state
/// saved inside the prefix they share. The digest is always `Digest.sha256(bytes)`; only
/// the work differs: at a 32k-token window a step hashes its new messages, the fields
/// after them and less than one stride, instead of 164 KB.
public final class PrefixSHA256: Sendable {
    private struct State {
        var previous: [UInt8] = []
        /// `saved[i]` has hashed the first `(i + 1) * stride` bytes of `previous`.
        var saved: [OpaquePointer] = []
        /// A state with nothing hashed, copied to start an input from its first byte.
        var empty: OpaquePointer?
        var work: OpaquePointer?
    }

    private let stride: Int
    private let state = Mutex(State())

    /// An empty cache; `stride` is the distance in bytes between saved states.
    public init(stride: Int = 4 * 1024) { self.stride = max(64, stride) }

    deinit {
        state.withLock { s in
            for p in s.saved { ra_sha256_free(p) }
            if let p = s.empty { ra_sha256_free(p) }
            if let p = s.work { ra_sha256_free(p) }
        }
    }

    /// SHA-256 of `bytes`, in lowercase hex.
    /// - Parameter unchanged: how many leading bytes `bytes` shares with the previous
    ///   input, when the caller knows (`CanonicalEncoder.unchangedBytes`); the bytes are
    ///   then neither compared nor kept, so the caller's buffer stays its own to edit.
    public func hex(_ bytes: [UInt8], unchanged: Int? = nil) -> String {
        state.withLock { s in
            guard let digest = Self.digest(bytes, unchanged: unchanged, stride: stride, state: &s) else {
                // OpenSSL could not allocate a state: hash in one go, and start afresh next
                // time. The saved states may describe an older input: a count of unchanged
                // bytes given next time would not, so none is trusted.
                s.previous = []
                for p in s.saved { ra_sha256_free(p) }
                s.saved = []
                return Digest.sha256(bytes)
            }
            return Digest.hex(digest)
        }
    }

    private static func digest(_ bytes: [UInt8], unchanged: Int?, stride: Int, state s: inout State) -> [UInt8]? {
        if s.empty == nil { s.empty = ra_sha256_new() }
        if s.work == nil { s.work = ra_sha256_new() }
        guard let empty = s.empty, let work = s.work else { return nil }
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = bytes.withUnsafeBytes { new -> Bool in
            // The number of leading strides the new input shares with the previous one.
            var kept = 0
            if let unchanged {
                kept = min(s.saved.count, min(unchanged, new.count) / stride)
            } else {
                s.previous.withUnsafeBytes { old in
                    while kept < s.saved.count, (kept + 1) * stride <= min(old.count, new.count),
                        let oldBase = old.baseAddress, let newBase = new.baseAddress,
                        memcmp(oldBase + kept * stride, newBase + kept * stride, stride) == 0
                    {
                        kept += 1
                    }
                }
            }
            guard ra_sha256_copy(work, kept == 0 ? empty : s.saved[kept - 1]) == 1 else { return false }
            var offset = kept * stride
            var count = kept
            // Empty input has no base address, and then nothing below reads it.
            let base = new.baseAddress
            while offset + stride <= new.count, let base {
                guard ra_sha256_update(work, base + offset, stride) == 1 else { return false }
                offset += stride
                if count == s.saved.count {
                    guard let fresh = ra_sha256_new() else { return false }
                    s.saved.append(fresh)
                }
                guard ra_sha256_copy(s.saved[count], work) == 1 else { return false }
                count += 1
            }
            if offset < new.count, let base, ra_sha256_update(work, base + offset, new.count - offset) != 1 { return false }
            // States past this input's length would describe the old input: drop them.
            while s.saved.count > count { ra_sha256_free(s.saved.removeLast()) }
            return digest.withUnsafeMutableBufferPointer { ra_sha256_final(work, $0.baseAddress) == 1 }
        }
        guard ok else { return nil }
        s.previous = unchanged == nil ? bytes : []
        return digest
    }
}
