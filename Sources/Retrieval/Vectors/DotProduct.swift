/// Dot-product kernels over raw row memory.
///
/// Written with the standard library's SIMD types so they compile to SSE2 on the x86-64
/// baseline (no -march flags, which a package cannot pass to its dependents) and to NEON
/// on arm64. Several independent accumulators keep the adds from waiting on each other.
enum DotProduct {
    /// Σ a[i]·b[i] over `count` Float32 values, 32 at a time.
    @inline(__always)
    static func float32(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        var i = 0
        while i &+ 32 <= count {
            let o = i &* 4
            s0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s1 +=
                ra.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
            s2 +=
                ra.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Float>.self)
            s3 +=
                ra.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o &+ 96, as: SIMD8<Float>.self)
            i &+= 32
        }
        while i &+ 8 <= count {
            s0 +=
                ra.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
            i &+= 8
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while i < count {
            sum += a[i] * b[i]
            i &+= 1
        }
        return sum
    }

    /// Σ a[i]·b[i] over `count` int8 codes and int16 query codes, exact in Int32 while
    /// Σ|a[i]·b[i]| < 2³¹ (the quantiser sizes the query codes to guarantee it).
    ///
    /// Widening both sides to Int32 lanes and multiplying is the pattern LLVM turns into
    /// pmaddwd (multiply int16 pairs, add adjacent products) on x86 and smlal on arm64.
    @inline(__always)
    static func int8(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int16>, count: Int) -> Int32 {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD8<Int32>(), s1 = SIMD8<Int32>()
        var i = 0
        while i &+ 16 <= count {
            let a0 = SIMD8<Int32>(truncatingIfNeeded: ra.loadUnaligned(fromByteOffset: i, as: SIMD8<Int8>.self))
            let a1 = SIMD8<Int32>(truncatingIfNeeded: ra.loadUnaligned(fromByteOffset: i &+ 8, as: SIMD8<Int8>.self))
            let b0 = SIMD8<Int32>(truncatingIfNeeded: rb.loadUnaligned(fromByteOffset: i &* 2, as: SIMD8<Int16>.self))
            let b1 = SIMD8<Int32>(truncatingIfNeeded: rb.loadUnaligned(fromByteOffset: i &* 2 &+ 16, as: SIMD8<Int16>.self))
            s0 &+= a0 &* b0
            s1 &+= a1 &* b1
            i &+= 16
        }
        var sum = (s0 &+ s1).wrappedSum()
        while i < count {
            sum &+= Int32(a[i]) &* Int32(b[i])
            i &+= 1
        }
        return sum
    }
}
