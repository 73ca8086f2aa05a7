import AgentCore
import AgentTesting
import Foundation
import GRDB
import Memory
import Retrieval

/// `bench-memory graph`: neighbourhood to depth 3, capped at 1,000 nodes, from step nodes
/// of a graph shaped like real use: runs of steps chained by `next`, each step linked to
/// one to three sources or entities drawn from Zipf distributions (a few are hubs).
enum GraphBench {
    struct Fixed: Clock { func now() -> Instant { Instant(milliseconds: 0) } }

    static func run(runs: Int, stepsPerRun: Int) throws {
        // BENCH_GRAPH_DB keeps the generated graph for the next run (it takes a minute).
        let kept = ProcessInfo.processInfo.environment["BENCH_GRAPH_DB"]
        let path = kept ?? NSTemporaryDirectory() + "bench-graph-\(UUID().uuidString)/agent.sqlite"
        let reuse = kept.map { FileManager.default.fileExists(atPath: $0) } ?? false
        let database = try AgentDatabase(path: path)
        var generator = SplitMix64(seed: 11)
        let sources = Measure.Zipf(n: 50_000, s: 1.1)
        let entities = Measure.Zipf(n: 20_000, s: 1.1)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        var edgeCount = 0
        let load = try Measure.seconds {
            if reuse {
                edgeCount = try database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM edges") ?? 0 }
                return
            }
            try database.pool.write { db in
                let node = try db.makeStatement(
                    sql: "INSERT OR IGNORE INTO nodes (id, kind, label, props, created_at, event) VALUES (?, ?, ?, '{}', ?, ?)")
                let edge = try db.makeStatement(
                    sql: "INSERT OR IGNORE INTO edges (src, dst, kind, props, created_at, event) VALUES (?, ?, ?, '{}', ?, ?)")
                for i in 0..<50_000 {
                    try node.execute(arguments: ["source:https://example.org/\(i)", "source", "page \(i)", 0, "bench:0"])
                }
                for i in 0..<20_000 { try node.execute(arguments: ["entity:e\(i)", "entity", "Entity \(i)", 0, "bench:0"]) }
                for r in 0..<runs {
                    let run = "run:r\(r)"
                    try node.execute(arguments: [run, "run", "question \(r)", r, "r\(r):0"])
                    var previous = run
                    for s in 1...stepsPerRun {
                        let step = "step:r\(r)/\(s)"
                        try node.execute(arguments: [step, "step", "step \(s)", r, "r\(r):\(s)"])
                        try edge.execute(arguments: [previous, step, "next", r, "r\(r):\(s)"])
                        edgeCount += 1
                        previous = step
                        for _ in 0..<(1 + Int(generator.next() % 3)) {
                            if generator.next() % 2 == 0 {
                                try edge.execute(arguments: [
                                    step, "source:https://example.org/\(sources.draw(uniform()))", "cites", r, "r\(r):\(s)",
                                ])
                            } else {
                                try edge.execute(arguments: [step, "entity:e\(entities.draw(uniform()))", "mentions", r, "r\(r):\(s)"])
                            }
                            edgeCount += db.changesCount
                        }
                    }
                }
            }
        }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print(
            "graph: \(runs) runs x \(stepsPerRun) steps, \(edgeCount) edges, loaded in \(String(format: "%.0f", load)) s, file \(size / 1_048_576) MiB"
        )
        let memory = LongTermMemory(database: database, embedder: nil, clock: Fixed()) { _ in }
        var samples: [Double] = []
        var sizes: [Int] = []
        var truncated = 0
        for q in 0..<110 {
            let id = "step:r\(Int(generator.next() % UInt64(runs)))/\(1 + Int(generator.next() % UInt64(stepsPerRun)))"
            let start = Measure.now()
            guard let found = try memory.neighbourhood(of: id, depth: 3) else { throw BenchError("no node \(id)") }
            let elapsed = Measure.now() - start
            if q >= 10 {
                samples.append(elapsed)
                sizes.append(found.nodes.count)
                if found.truncated { truncated += 1 }
            }
        }
        print(
            "graph neighbourhood depth 3 (cap 1000): p50 \(Measure.ms(Measure.percentile(samples, 0.5))) ms, p95 \(Measure.ms(Measure.percentile(samples, 0.95))) ms, nodes p50 \(sizes.sorted()[sizes.count / 2]), capped \(truncated)/\(samples.count)"
        )
        if kept == nil { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    }
}
