import Foundation

/// The storage format of a vector in SQLite: a BLOB of little-endian Float32 values,
/// `dimensions × 4` bytes, converted with one bulk copy rather than a loop over bytes.
public enum VectorBlob {
    /// The blob for `vector`.
    public static func data(_ vector: [Float]) -> Data {
        vector.withUnsafeBufferPointer { values in
            #if _endian(little)
                return Data(buffer: values)
            #else
                return Data(values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { Data($0) })
            #endif
        }
    }

    /// The blob for `vector`, as bytes.
    public static func bytes(_ vector: [Float]) -> [UInt8] {
        #if _endian(little)
            return vector.withUnsafeBytes { Array($0) }
        #else
            return Array(data(vector))
        #endif
    }

    /// The vector in `blob`; throws unless it holds exactly `dimensions` values (any whole
    /// number of values when `dimensions` is nil).
    public static func vector(_ blob: Data, dimensions: Int? = nil) throws(VectorError) -> [Float] {
        let count = try valueCount(bytes: blob.count, dimensions: dimensions)
        return [Float](unsafeUninitializedCapacity: count) { values, initialised in
            blob.withUnsafeBytes { raw in copy(raw, to: UnsafeMutableRawBufferPointer(values)) }
            initialised = count
        }
    }

    /// The vector in `blob`, given as bytes; throws as `vector(_:dimensions:)` does.
    public static func vector(_ blob: [UInt8], dimensions: Int? = nil) throws(VectorError) -> [Float] {
        let count = try valueCount(bytes: blob.count, dimensions: dimensions)
        return [Float](unsafeUninitializedCapacity: count) { values, initialised in
            blob.withUnsafeBytes { raw in copy(raw, to: UnsafeMutableRawBufferPointer(values)) }
            initialised = count
        }
    }

    /// Appends the vector in `blob` to `vectors` (a row-major bulk load with no array per
    /// row); throws, appending nothing, unless it holds exactly `dimensions` values.
    public static func append(_ blob: Data, to vectors: inout [Float], dimensions: Int) throws(VectorError) {
        let count = try valueCount(bytes: blob.count, dimensions: dimensions)
        let start = vectors.count
        vectors.append(contentsOf: repeatElement(0, count: count))
        vectors.withUnsafeMutableBufferPointer { values in
            let row = UnsafeMutableBufferPointer(rebasing: values[start..<start + count])
            blob.withUnsafeBytes { raw in copy(raw, to: UnsafeMutableRawBufferPointer(row)) }
        }
    }

    private static func valueCount(bytes: Int, dimensions: Int?) throws(VectorError) -> Int {
        if let dimensions {
            guard bytes == dimensions * 4 else { throw VectorError(.badBlobLength(bytes: bytes, expectedDimensions: dimensions)) }
        } else {
            guard bytes % 4 == 0 else { throw VectorError(.badBlobLength(bytes: bytes, expectedDimensions: nil)) }
        }
        return bytes / 4
    }

    /// Copies little-endian Float32 bytes into host Float32 memory of the same size.
    private static func copy(_ source: UnsafeRawBufferPointer, to target: UnsafeMutableRawBufferPointer) {
        target.copyMemory(from: source)
        #if !_endian(little)
            let values = target.bindMemory(to: UInt32.self)
            for i in values.indices { values[i] = UInt32(littleEndian: values[i]) }
        #endif
    }
}
