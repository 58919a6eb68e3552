/// The images of one post, found on disk or not: what the page shows, what
/// a publisher copies, and the warnings for the writer.
public struct ResolvedImages: Sendable {
    /// Each local image once, in reading order, the cover last.
    public var images: [LocalImage] = []
    /// Reference as written -> address the page uses: the published path,
    /// percent-encoded. References not listed stay as written.
    public var sources: [String: String] = [:]
    /// One line each, naming the post.
    public var warnings: [String] = []

    public init(post: Post, resolver: AssetResolver) {
        var references = post.document.imageSources
        if let cover = post.image, !cover.isEmpty, !references.contains(cover) { references.append(cover) }
        for reference in references {
            switch resolver.resolve(reference) {
            case .external:
                break
            case let .local(image):
                images.append(image)
                sources[reference] = Escape.urlPath(image.publishedPath)
            case let .missing(warning), let .refused(warning):
                warnings.append(warning)
            }
        }
    }
}
