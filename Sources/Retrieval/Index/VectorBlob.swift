import Foundation

/// The `embeddings.vector` column's format: little-endian Float32, `dim * 4` bytes.
public enum VectorBlob {
    /// `vector` as stored.
    public static func encode(_ vector: [Float]) -> Data {
        vector.withUnsafeBufferPointer { buffer in
            var data = Data(count: buffer.count * 4)
            data.withUnsafeMutableBytes { raw in
                for (i, value) in buffer.enumerated() { raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
            }
            return data
        }
    }

    /// Appends the stored vector `data` of `dimensions` floats to `out`; false (and nothing
    /// appended) when its length is wrong.
    public static func decode(_ data: Data, dimensions: Int, into out: inout [Float]) -> Bool {
        guard data.count == dimensions * 4 else { return false }
        data.withUnsafeBytes { raw in
            for i in 0..<dimensions { out.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))) }
        }
        return true
    }
}
