import Foundation
import Testing

@testable import Retrieval

@Suite struct VectorBlobTests {
    let vector: [Float] = [1, -2.5, 0, .pi, -0.0, 1e-30, Float.greatestFiniteMagnitude]

    @Test func roundTripsThroughDataAndBytes() throws {
        let data = VectorBlob.data(vector)
        #expect(data.count == vector.count * 4)
        #expect(try VectorBlob.vector(data, dimensions: vector.count).map(\.bitPattern) == vector.map(\.bitPattern))
        let bytes = VectorBlob.bytes(vector)
        #expect(bytes == Array(data))
        #expect(try VectorBlob.vector(bytes).map(\.bitPattern) == vector.map(\.bitPattern))
        #expect(try VectorBlob.vector(Data()).isEmpty)
    }

    @Test func isLittleEndianFloat32() {
        // 1.0 is 0x3F800000; -2.5 is 0xC0200000.
        #expect(VectorBlob.bytes([1, -2.5]) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])
    }

    @Test func readsASliceOfLargerData() throws {
        // GRDB can hand back Data whose start index is not zero.
        let padded = Data([9, 9, 9]) + VectorBlob.data([0.5, 2])
        #expect(try VectorBlob.vector(padded.dropFirst(3), dimensions: 2) == [0.5, 2])
    }

    @Test func rejectsBadLengths() {
        let data = VectorBlob.data(vector)
        #expect(throws: VectorError(.badBlobLength(bytes: 28, expectedDimensions: 384))) { try VectorBlob.vector(data, dimensions: 384) }
        #expect(throws: VectorError(.badBlobLength(bytes: 27, expectedDimensions: nil))) { try VectorBlob.vector(data.dropLast()) }
        #expect(throws: VectorError(.badBlobLength(bytes: 5, expectedDimensions: 1))) {
            try VectorBlob.vector([UInt8](repeating: 0, count: 5), dimensions: 1)
        }
        #expect("\(VectorError(.badBlobLength(bytes: 28, expectedDimensions: 384)))".contains("expected 1536"))
    }

    @Test func appendsRowsForABulkLoad() throws {
        var rows: [Float] = []
        try VectorBlob.append(VectorBlob.data([1, 2]), to: &rows, dimensions: 2)
        try VectorBlob.append(VectorBlob.data([3, 4]), to: &rows, dimensions: 2)
        #expect(throws: VectorError(.badBlobLength(bytes: 12, expectedDimensions: 2))) {
            try VectorBlob.append(VectorBlob.data([5, 6, 7]), to: &rows, dimensions: 2)
        }
        #expect(rows == [1, 2, 3, 4])
    }
}
