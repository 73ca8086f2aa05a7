import Foundation

/// A tiny seeded random number generator (SplitMix64): the same seed gives the same
/// sequence on every machine, so random test data is reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator started from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next pseudo-random number.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal sample (Box–Muller), for Gaussian test vectors.
    public mutating func nextGaussian() -> Float {
        // 1 - u keeps the logarithm's argument in (0, 1].
        let u = 1 - Double(next() >> 11) * 0x1.0p-53
        let v = Double(next() >> 11) * 0x1.0p-53
        return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
    }
}
