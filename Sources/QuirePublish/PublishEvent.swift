/// What the publisher is doing, for a progress bar or a log. Sent in
/// order, from one task at a time.
public enum PublishEvent: Sendable {
    /// Conversion starts for this many posts.
    case converting(total: Int)
    /// One more post converted (or failed to).
    case converted(post: String, done: Int, total: Int)
    /// A post's outputs landed in every target that needed them.
    case published(post: String)
    /// A post's outputs were taken down (deleted post, now a draft).
    case removed(post: String)
    case warning(String)
    /// One line naming the file.
    case failure(String)
}
