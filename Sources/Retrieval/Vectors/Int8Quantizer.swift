/// Symmetric int8 quantisation with one scale per vector: value ≈ code × scale, codes in
/// -127...127.
///
/// One scale per vector needs no training pass over the data, so vectors can be added one
/// at a time and a new vector never falls outside a range fixed earlier (a per-dimension
/// scale would have to be learned from the data first).
enum Int8Quantizer {
    /// The largest code magnitude; -128 is left unused so the range is symmetric.
    static let codeLimit: Float = 127

    /// Writes `vector`'s codes to `codes` and returns its scale.
    static func encode(_ vector: UnsafeBufferPointer<Float>, into codes: UnsafeMutablePointer<Int8>) -> Float {
        let largest = vector.reduce(0) { max($0, abs($1)) }
        guard largest > 0 else {
            codes.update(repeating: 0, count: vector.count)
            return 0
        }
        let inverse = codeLimit / largest
        for i in 0..<vector.count {
            codes[i] = Int8(max(-codeLimit, min(codeLimit, (vector[i] * inverse).rounded())))
        }
        return largest / codeLimit
    }

    /// The largest query code magnitude for `dimensions`: as many bits as int16 holds, but
    /// few enough that Σ|code × query code| stays below 2³¹ and the int32 dot is exact.
    static func queryCodeLimit(dimensions: Int) -> Float {
        Float(max(1, min(Int(Int16.max), Int(Int32.max) / (127 * max(1, dimensions)))))
    }

    /// Writes the query's int16 codes to `codes` and returns its scale.
    static func encodeQuery(_ query: UnsafeBufferPointer<Float>, into codes: UnsafeMutablePointer<Int16>) -> Float {
        let limit = queryCodeLimit(dimensions: query.count)
        let largest = query.reduce(0) { max($0, abs($1)) }
        guard largest > 0 else {
            codes.update(repeating: 0, count: query.count)
            return 0
        }
        let inverse = limit / largest
        for i in 0..<query.count {
            codes[i] = Int16(max(-limit, min(limit, (query[i] * inverse).rounded())))
        }
        return largest / limit
    }
}
