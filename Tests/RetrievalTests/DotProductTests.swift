import AgentTesting
import Testing

@testable import Retrieval

@Suite struct DotProductTests {
    @Test(arguments: [0, 1, 7, 8, 15, 16, 31, 33, 384, 1000])
    func kernelsMatchAScalarLoop(count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        let a = (0..<count).map { _ in generator.nextGaussian() }
        let b = (0..<count).map { _ in generator.nextGaussian() }
        let expected = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let float = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                DotProduct.float32(
                    a.baseAddress ?? UnsafePointer(bitPattern: 8)!, b.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: count)
            }
        }
        #expect(abs(Double(float) - expected) < 1e-3)

        let codes = (0..<count).map { _ in Int8(truncatingIfNeeded: Int(generator.next() % 255) - 127) }
        let queryCodes = (0..<count).map { _ in Int16(truncatingIfNeeded: Int(generator.next() % 65535) - 32767) }
        let exact = zip(codes, queryCodes).reduce(Int64(0)) { $0 + Int64($1.0) * Int64($1.1) }
        let int8 = codes.withUnsafeBufferPointer { a in
            queryCodes.withUnsafeBufferPointer { b in
                DotProduct.int8(
                    a.baseAddress ?? UnsafePointer(bitPattern: 8)!, b.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: count)
            }
        }
        // Exact whenever Σ|a·b| fits in 31 bits, as it does here (count ≤ 1000 is not
        // guaranteed by the bound, but random signs keep the sum far below it).
        #expect(Int64(int8) == exact)
    }

    @Test func extremeCodesStayExactAtTheQuantiserBound() {
        let count = 384
        let limit = Int16(Int8Quantizer.queryCodeLimit(dimensions: count))
        let codes = [Int8](repeating: -127, count: count)
        let queryCodes = [Int16](repeating: -limit, count: count)
        let dot = codes.withUnsafeBufferPointer { a in
            queryCodes.withUnsafeBufferPointer { b in DotProduct.int8(a.baseAddress!, b.baseAddress!, count: count) }
        }
        #expect(Int64(dot) == Int64(count) * 127 * Int64(limit))
    }
}
