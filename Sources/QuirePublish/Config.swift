import Foundation
import QuireConvert

/// What to publish, from where, to where. Read from `quire.yaml` (or the
/// file `--config` names); without one, the built-in default serves.
/// Relative paths are relative to the configuration file's folder.
public struct Config: Sendable, Equatable {
    /// The per-post budget a conversion may spend. The publisher only
    /// carries these; the supervised worker processes enforce them.
    public struct Limits: Sendable, Equatable {
        /// Seconds of wall time per post.
        public var time: Double = 5
        /// Bytes of memory per post.
        public var memory: Int = 512 << 20

        public init() {}
    }

    /// The file this came from; nil for the built-in default.
    public var file: String?
    /// The folder relative paths were resolved in.
    public var folder: String
    public var source: String
    /// Roots for site-absolute image paths such as `/assets/a.png`.
    public var assets: [String]
    public var baseURL: String?
    public var templates: String?
    public var targets: [Target]
    /// Where the manifest lives.
    public var state: String
    /// Publish posts marked `draft: true`.
    public var drafts: Bool
    public var language: String
    public var width: Int
    public var safe: Bool
    public var smart: Bool
    public var tocDepth: Int
    public var limits: Limits
    /// Seconds the daemon waits for a burst of saves to settle.
    public var debounce: Double

    /// The name looked for in the working directory.
    public static let fileName = "quire.yaml"

    /// The configuration used when there is no file: the sample layout of
    /// this repository.
    public static let defaultYAML = """
        source: Watch
        assets: [Watch]
        targets:
          - { format: html, path: Output/html, layout: pretty }
          - { format: epub, path: Output/epub }
          - { format: text, path: Output/newsletter }
        state: .quire
        drafts: false
        """

    public init(folder: String) {
        self.file = nil
        self.folder = folder
        self.source = Paths.absolute("Watch", base: folder)
        self.assets = [source]
        self.baseURL = nil
        self.templates = nil
        self.targets = [
            Target(format: .html, path: Paths.absolute("Output/html", base: folder), layout: .pretty),
            Target(format: .epub, path: Paths.absolute("Output/epub", base: folder)),
            Target(format: .text, path: Paths.absolute("Output/newsletter", base: folder)),
        ]
        self.state = Paths.absolute(".quire", base: folder)
        self.drafts = false
        self.language = "en"
        self.width = 72
        self.safe = false
        self.smart = false
        self.tocDepth = 3
        self.limits = Limits()
        self.debounce = 0.05   // issue 6: a 50 ms quiet period by default
    }

    /// `--config FILE` when given, else `quire.yaml` in `workingDirectory`
    /// when it exists, else the built-in default.
    public static func resolve(explicit: String?, workingDirectory: String) throws(ConfigError) -> Config {
        if let explicit { return try load(file: Paths.absolute(explicit, base: workingDirectory)) }
        let candidate = Paths.absolute(fileName, base: workingDirectory)
        if FileManager.default.fileExists(atPath: candidate) { return try load(file: candidate) }
        return try parse(yaml: defaultYAML, file: nil, folder: workingDirectory)
    }

    public static func load(file: String) throws(ConfigError) -> Config {
        guard let data = FileManager.default.contents(atPath: file) else {
            let why = FileManager.default.fileExists(atPath: file) ? "cannot read the file" : "no such file"
            throw ConfigError(file: file, message: why)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, message: "the file is not valid UTF-8")
        }
        return try parse(yaml: text, file: file, folder: (file as NSString).deletingLastPathComponent)
    }

    /// The conversion options every post is converted with.
    public func conversionOptions(formats: Set<OutputFormat>) -> ConversionOptions {
        var options = ConversionOptions()
        options.formats = formats
        options.assetRoots = assets
        options.safe = safe
        options.smartPunctuation = smart
        options.tocDepth = tocDepth
        options.baseURL = baseURL
        options.templateDirectory = templates
        options.defaultLanguage = language
        options.textWidth = width
        return options
    }

    /// A hash of everything in the configuration that shapes what lands in
    /// `target`: when it changes, every post is rebuilt there (`drafts`
    /// counts: it decides whether a draft's outputs exist). Paths of
    /// other targets, the state folder, limits and debounce do not count.
    public func fingerprint(for target: Target) -> String {
        var hasher = ContentHash()
        for field in [target.format.rawValue, target.layout.rawValue, assets.joined(separator: "\n"),
                      baseURL ?? "-", templates ?? "-", language, String(width), String(safe),
                      String(smart), String(tocDepth), String(drafts)] {
            hasher.update(field: field)
        }
        return hasher.hex
    }
}
