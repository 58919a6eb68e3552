/// Titles for posts whose front matter gives none.
enum PostTitle {
    /// "machine-learning-infrastructure-roadmap" -> "Machine Learning
    /// Infrastructure Roadmap": dashes and underscores become spaces and each
    /// word starts with a capital; the rest of each word is left as written.
    static func words(from name: String) -> String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
            .map { word in word.prefix(1).uppercased() + word.dropFirst() }
            .joined(separator: " ")
    }
}
