/// One post as a chapter of a book, between sanitising and writing.
struct BookChapter {
    var post: Post
    /// `chapter-001`: the manifest id; the file is `chapter-001.xhtml`.
    var id: String
    var title: String
    var language: String
    /// Written on its `<html>` when right to left, or when the book's
    /// direction is not the chapter's.
    var direction: TextDirection = .ltr
    /// The body as a tree, until it is linked and written; empty for a
    /// chapter written straight from its post (`EPUBBuilder.writtenChapter`).
    var nodes: [XHTMLNode]
    var ids: Set<String> = []
    /// The rendered HTML's size: about the XHTML's, to reserve its buffer
    /// once (0 for a written chapter, whose page grows as it is written).
    var sizeHint = 0

    var file: String { id + ".xhtml" }
}
