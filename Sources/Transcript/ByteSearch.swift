import Glibc

/// Finding bytes in bytes: memchr for one byte of the needle, then memcmp (both vectorised
/// in libc), since what is searched can be as long as a prompt.
enum ByteSearch {
    /// Where `needle` first occurs in `hay` at or after `from`; nil when it does not.
    static func firstIndex(of needle: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        guard let base = hay.baseAddress, let key = needle.baseAddress, !needle.isEmpty, hay.count >= needle.count else {
            return nil
        }
        // memchr looks for the needle's rarest-looking byte: an upper-case letter or a digit
        // turns up far less often in prompts than the "s" that most keys start with.
        let bytes = needle.bindMemory(to: UInt8.self)
        let pivot =
            bytes.firstIndex { (65...90).contains($0) } ?? bytes.firstIndex { (48...57).contains($0) } ?? needle.count - 1
        let last = hay.count - needle.count  // the last offset a match can start at
        var i = from
        while i <= last, let found = memchr(base + i + pivot, Int32(bytes[pivot]), last - i + 1) {
            let at = base.distance(to: UnsafeRawPointer(found)) - pivot
            if memcmp(base + at, key, needle.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}
