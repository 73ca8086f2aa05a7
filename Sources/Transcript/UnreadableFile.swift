import Foundation

/// Why a file could not be read, in the words a person can act on.
public enum UnreadableFile {
    /// The reason `path`, which is there, gave no bytes (a folder, not a regular file, not
    /// readable); nil when nothing is at `path`.
    public static func reason(_ path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        switch attributes[.type] as? FileAttributeType {
        case .typeDirectory?: return "it is a folder, not a file"
        case .typeRegular?: return FileManager.default.isReadableFile(atPath: path) ? "it could not be read" : "permission denied"
        default: return "it is not a regular file"
        }
    }
}
