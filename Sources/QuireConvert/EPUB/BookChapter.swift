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
    var nodes: [XHTMLNode]
    var ids: Set<String> = []
    /// The rendered HTML's size: about the XHTML's, to reserve its buffer once.
    var sizeHint = 0

    var file: String { id + ".xhtml" }
}
