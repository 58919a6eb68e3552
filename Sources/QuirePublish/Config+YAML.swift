import Foundation
import QuireConvert
import Yams

extension Config {
    static let knownKeys = ["source", "assets", "base_url", "templates", "targets", "state", "drafts",
                            "language", "width", "safe", "smart", "toc_depth", "limits", "debounce"]
    static let targetKeys = ["format", "path", "layout"]
    static let limitKeys = ["time", "memory"]
    /// A configuration is a few dozen nodes; aliases that expand past this
    /// are an attack, not a configuration.
    static let nodeBudget = 10_000

    /// Reads YAML text. Keys not listed above are errors with their line,
    /// so a typo never silently falls back to a default.
    public static func parse(yaml: String, file: String?, folder: String) throws(ConfigError) -> Config {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw yamlError(error, file: file)
        }
        var config = Config(folder: folder)
        config.file = file
        guard let root else { return config }
        let reader = ConfigNodeReader(file: file, folder: folder)
        try reader.count(root)
        guard case let .mapping(mapping) = root else {
            throw ConfigError(file: file, line: root.mark?.line, message: "expected a mapping of settings such as \"source: Watch\"")
        }
        var sawAssets = false
        for (key, value) in try reader.pairs(mapping, known: knownKeys, in: "the configuration") {
            switch key {
            case "source": config.source = try reader.path(value, key)
            case "assets":
                sawAssets = true
                config.assets = try reader.paths(value, key)
            case "base_url":
                let url = try reader.string(value, key)
                guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                    throw reader.error(value, "base_url: expected an http:// or https:// address, got \"\(url)\"")
                }
                config.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
            case "templates": config.templates = try reader.path(value, key)
            case "targets": config.targets = try reader.targets(value)
            case "state": config.state = try reader.path(value, key)
            case "drafts": config.drafts = try reader.bool(value, key)
            case "language": config.language = try reader.string(value, key)
            case "width": config.width = try reader.integer(value, key, in: 20...1000)
            case "safe": config.safe = try reader.bool(value, key)
            case "smart": config.smart = try reader.bool(value, key)
            case "toc_depth": config.tocDepth = try reader.integer(value, key, in: 1...6)
            case "limits": config.limits = try reader.limits(value)
            case "debounce": config.debounce = try reader.seconds(value, key)
            default: break
            }
        }
        if !sawAssets { config.assets = [config.source] }
        return config
    }

    /// Yams errors carry a multi-line snippet; keep the line and the problem.
    static func yamlError(_ error: any Error, file: String?) -> ConfigError {
        if let error = error as? YamlError {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _):
                return ConfigError(file: file, line: mark.line, message: "YAML: \(problem)")
            case let .composer(_, problem, mark, _):
                return ConfigError(file: file, line: mark.line, message: "YAML: \(problem)")
            default: break
            }
        }
        let first = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        return ConfigError(file: file, message: "YAML: \(first)")
    }
}
