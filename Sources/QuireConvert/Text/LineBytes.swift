/// The UTF-8 of the lines the narrow wrapper cuts, one buffer for all the
/// paragraphs of a post: a line refers to its bytes here by range instead
/// of owning a string, so a changelog's hundred thousand wrapped lines
/// cost no allocation, no UTF-8 check and no copy each. A class because
/// the lines share it; the bytes only grow, so a range stays valid.
final class LineBytes {
    var bytes: [UInt8] = []
}
