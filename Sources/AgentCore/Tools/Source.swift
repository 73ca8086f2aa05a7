/// Something an answer can cite: a URL, a file range, a memory or an MCP tool's result.
public struct Source: Sendable, Hashable {
    /// What kind of thing it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case url, file, memory, tool
    }

    /// The kind of source.
    public var kind: Kind
    /// Where it is: the URL, `path:start-end`, the memory id, or `SERVER__TOOL ARGUMENTS`.
    public var ref: String
    /// A human title, when known.
    public var title: String?

    /// A source.
    public init(kind: Kind, ref: String, title: String? = nil) {
        self.kind = kind
        self.ref = ref
        self.title = title
    }
}

/// A source with the number an answer cites it by: `[n]`.
public struct NumberedSource: Sendable, Hashable {
    /// The citation number, from 1.
    public var number: Int
    /// The source.
    public var source: Source

    /// A numbered source.
    public init(number: Int, source: Source) {
        self.number = number
        self.source = source
    }
}

/// The numbers given to sources so far in a run: one number per distinct `ref`.
///
/// Tools receive a copy and number the sources they return through it, so the same URL
/// keeps one number across a search and a later fetch.
public struct SourceCatalog: Sendable, Hashable {
    private var numbers: [String: Int] = [:]
    private var sources: [Int: Source] = [:]
    /// The highest number taken: a new source gets the next one, also when merged numbers
    /// left gaps (a session carries only the sources its runs reported).
    private var highest = 0

    /// An empty catalog.
    public init() {}

    /// How many sources have numbers.
    public var count: Int { sources.count }

    /// The number for `source`, giving it the next free one if it is new.
    public mutating func number(for source: Source) -> Int {
        if let n = numbers[source.ref] { return n }
        highest += 1
        let n = highest
        numbers[source.ref] = n
        sources[n] = source
        return n
    }

    /// The source cited as `[number]`, if there is one.
    public func source(numbered number: Int) -> Source? { sources[number] }

    /// Adds sources a tool numbered; a number already taken keeps its first source.
    public mutating func merge(_ numbered: [NumberedSource]) {
        for item in numbered where sources[item.number] == nil && numbers[item.source.ref] == nil {
            sources[item.number] = item.source
            numbers[item.source.ref] = item.number
            highest = max(highest, item.number)
        }
    }
}
