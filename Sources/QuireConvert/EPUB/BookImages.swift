import Foundation

/// The pictures of one book: each local file read, checked and stored
/// once under a safe name (`images/img-001.png`), whatever references it.
struct BookImages {
    /// One picture in the book.
    struct Entry {
        var href: String
        var mediaType: String
        var bytes: [UInt8]
        var id: String
    }

    /// What a reference becomes in the text.
    enum Outcome: Equatable {
        case embedded(href: String)
        /// Shown as its alt text; a remote picture as a link to it.
        case notEmbedded(remote: String?)
    }

    /// Pictures larger than this are left out with a warning.
    static let maximumSize = 32 * 1024 * 1024

    var entries: [Entry] = []
    var localImages: [LocalImage] = []
    var warnings: [String] = []
    private var byFile: [String: Outcome] = [:]
    private var byReference: [String: Outcome] = [:]
    private var refusedFiles: Set<String> = []
    /// One resolver per post: the pages' `AssetResolver`, so the book reads
    /// exactly the files the page would publish and nothing else.
    let makeResolver: (_ postPath: String) -> AssetResolver
    private var resolvers: [String: AssetResolver] = [:]

    init(makeResolver: @escaping (_ postPath: String) -> AssetResolver) {
        self.makeResolver = makeResolver
    }

    /// `reference` as written in `postPath`.
    mutating func resolve(_ rawReference: String, postPath: String) -> Outcome {
        let reference = rawReference.trimmingWhitespace
        let key = postPath + "\u{0}" + reference
        if let known = byReference[key] { return known }
        let outcome = resolveUncached(reference, postPath: postPath)
        byReference[key] = outcome
        return outcome
    }

    private mutating func resolveUncached(_ reference: String, postPath: String) -> Outcome {
        let lowered = reference.lowercased()
        if reference.isEmpty {
            return .notEmbedded(remote: nil)
        }
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("//") {
            let url = lowered.hasPrefix("//") ? "https:" + reference : reference
            warnings.append("\(postPath): image \(reference): a remote image is not embedded in the book; it shows as a link")
            return .notEmbedded(remote: url)
        }
        if lowered.hasPrefix("data:") {
            return embedData(reference, postPath: postPath)
        }
        if URLSafety.hasScheme(reference) {
            warnings.append("\(postPath): image \(reference.prefix(100)): not a file the book can hold; its alt text shows instead")
            return .notEmbedded(remote: nil)
        }
        let resolver = resolvers[postPath] ?? makeResolver(postPath)
        resolvers[postPath] = resolver
        switch resolver.resolve(reference) {
        case .external:
            warnings.append("\(postPath): image \(reference.prefix(100)): not a file the book can hold; its alt text shows instead")
            return .notEmbedded(remote: nil)
        case let .missing(warning), let .refused(warning):
            // The page's own warning, word for word, so a conversion to
            // both says it once.
            warnings.append(warning)
            return .notEmbedded(remote: nil)
        case let .local(image):
            if let known = byFile[image.file] { return known }
            if refusedFiles.contains(image.file) { return .notEmbedded(remote: nil) }
            let bytes: [UInt8]
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: image.file)
                if let size = attributes[.size] as? Int, size > Self.maximumSize {
                    warnings.append("\(postPath): image \(reference): larger than \(Self.maximumSize / 1024 / 1024) MB, not embedded")
                    refusedFiles.insert(image.file)
                    return .notEmbedded(remote: nil)
                }
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: image.file)))
            } catch {
                warnings.append("\(postPath): image \(reference): cannot be read; its alt text shows instead")
                refusedFiles.insert(image.file)
                return .notEmbedded(remote: nil)
            }
            guard let outcome = add(bytes, postPath: postPath, reference: reference) else {
                refusedFiles.insert(image.file)
                return .notEmbedded(remote: nil)
            }
            byFile[image.file] = outcome
            localImages.append(image)
            return outcome
        }
    }

    /// `data:image/png;base64,…`: decoded and stored as a file, since
    /// reading systems handle data URLs unevenly.
    private mutating func embedData(_ reference: String, postPath: String) -> Outcome {
        let shown = String(reference.prefix(40)) + "…"
        guard let comma = reference.firstIndex(of: ","),
              reference[..<comma].lowercased().hasSuffix(";base64"),
              let data = Data(base64Encoded: String(reference[reference.index(after: comma)...]).filter { !$0.isWhitespace })
        else {
            warnings.append("\(postPath): image \(shown): a data URL the book cannot read; its alt text shows instead")
            return .notEmbedded(remote: nil)
        }
        return add(Array(data), postPath: postPath, reference: shown) ?? .notEmbedded(remote: nil)
    }

    private mutating func add(_ original: [UInt8], postPath: String, reference: String) -> Outcome? {
        guard let kind = ImageKind.sniff(original) else {
            warnings.append("\(postPath): image \(reference): not a PNG, JPEG, GIF, WebP or SVG image; its alt text shows instead")
            return nil
        }
        var bytes = original
        if kind == .svg {
            switch SVGCheck.check(original) {
            case let .accepted(clean): bytes = clean
            case let .refused(why):
                warnings.append("\(postPath): image \(reference): \(why); its alt text shows instead")
                return nil
            }
        }
        let number = entries.count + 1
        let padded = number < 10 ? "00\(number)" : number < 100 ? "0\(number)" : "\(number)"
        let href = "images/img-\(padded).\(kind.fileExtension)"
        entries.append(Entry(href: href, mediaType: kind.mediaType, bytes: bytes, id: "img-\(padded)"))
        return .embedded(href: href)
    }
}
