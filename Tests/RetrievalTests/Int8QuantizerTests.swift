import AgentTesting
import Testing

@testable import Retrieval

@Suite struct Int8QuantizerTests {
    @Test func codesReconstructWithinHalfAStep() {
        var generator = SplitMix64(seed: 2)
        let vector = SyntheticVectors.unit((0..<384).map { _ in generator.nextGaussian() })
        var codes = [Int8](repeating: 0, count: 384)
        let scale = vector.withUnsafeBufferPointer { v in
            codes.withUnsafeMutableBufferPointer { Int8Quantizer.encode(v, into: $0.baseAddress!) }
        }
        #expect(codes.map { abs(Int($0)) }.max() == 127)
        for (value, code) in zip(vector, codes) { #expect(abs(Float(code) * scale - value) <= scale / 2 + 1e-7) }
    }

    @Test func zeroVectorHasZeroScale() {
        var codes = [Int8](repeating: 5, count: 4)
        let scale = [Float](repeating: 0, count: 4).withUnsafeBufferPointer { v in
            codes.withUnsafeMutableBufferPointer { Int8Quantizer.encode(v, into: $0.baseAddress!) }
        }
        #expect(scale == 0 && codes == [0, 0, 0, 0])
    }

    @Test func queryCodesUseInt16WhileTheDotFitsInt32() {
        #expect(Int8Quantizer.queryCodeLimit(dimensions: 384) == 32767)
        let limit = Int8Quantizer.queryCodeLimit(dimensions: 1536)
        #expect(Double(limit) * 127 * 1536 <= Double(Int32.max) && limit > 10_000)
    }
}
