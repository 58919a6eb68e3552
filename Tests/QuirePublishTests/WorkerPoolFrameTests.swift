import Foundation
import Testing
@testable import QuirePublish
import QuireConvert

/// The frames between pool and worker carry every field, and a corrupt
/// frame is an error, never a crash.
struct WorkerPoolFrameTests {
    static let post = Post(
        path: "posts/2024-01-02-a.md", title: "A <title> & “quotes”", date: Date(timeIntervalSince1970: 1_704_153_600),
        lastModified: Date(timeIntervalSince1970: 1_704_240_000.5), authors: ["Ann", "Bo"], description: "Ünïcode",
        tags: ["x", "y"], categories: ["c"], language: "de-CH", permalink: "/2024/a/", slug: "a", layout: "post",
        draft: true, image: "/assets/a.png", tableOfContents: true,
        frontMatter: ["title": .string("A"), "n": .integer(-3), "d": .double(1.5), "b": .bool(false),
                      "when": .date(Date(timeIntervalSince1970: 0)), "list": .array([.string("1"), .null]),
                      "nested": .table(["deep": .array([.table(["k": .integer(1)])])])],
        document: Document(blocks: []), warnings: ["posts/a.md: slug made safe"])

    static let conversion = Conversion(
        post: post,
        outputs: [.html: Array("<p>é</p>".utf8), .epub: [0, 1, 2, 255], .text: []],
        images: [LocalImage(reference: "../img/a.png", file: "/site/img/a.png", publishedPath: "a.png")],
        warnings: ["posts/a.md:3: image not found", ""])

    /// Every stored property, by name, except the document, which stays in the
    /// worker, and the front matter, a dictionary compared on its own.
    func properties(of value: Any) -> [String: String] {
        var out: [String: String] = [:]
        for child in Mirror(reflecting: value).children where child.label != "document" && child.label != "frontMatter" {
            out[child.label ?? "?"] = String(describing: child.value)
        }
        return out
    }

    func payload(_ frame: [UInt8]) -> [UInt8] {
        let length = Int(frame[0]) | Int(frame[1]) << 8 | Int(frame[2]) << 16 | Int(frame[3]) << 24
        #expect(length == frame.count - 4)
        return Array(frame.dropFirst(4))
    }

    @Test func aConversionCrossesWhole() throws {
        let back = try WorkerFrame.decodeResult(payload(WorkerFrame.encode(.success(Self.conversion)))).get()
        #expect(properties(of: back.post) == properties(of: Self.post))
        #expect(back.post.frontMatter == Self.post.frontMatter)
        #expect(back.outputs == Self.conversion.outputs)
        #expect(back.images == Self.conversion.images)
        #expect(back.warnings == Self.conversion.warnings)
        // A field added to Conversion must be carried too: this names them all.
        #expect(Set(properties(of: back).keys) == ["post", "outputs", "images", "warnings"])
    }

    @Test(arguments: [
        ConversionError.Reason.unreadable("gone"), .invalidUTF8, .binary, .emptyPost, .frontMatter("bad: x"),
        .badDate("soon"), .badTitle, .tooLarge(limit: 1 << 20), .tooManyTableColumns(limit: 1000),
        .overBudget("took more than 5 s"), .crashed("signal 11"), .invalidOutput("why"),
        .tooComplex("links after too many unclosed ["),
    ])
    func everyErrorCrossesWhole(reason: ConversionError.Reason) throws {
        for line in [nil, 7] as [Int?] {
            let error = ConversionError(path: "p/ö.md", line: line, reason: reason)
            let back = try WorkerFrame.decodeResult(payload(WorkerFrame.encode(.failure(error)))).error
            #expect(back == error)
        }
    }

    @Test func aJobCrossesWhole() throws {
        var options = WorkerFixture.options
        options.assetRoots = ["/a", "/b c"]
        options.safe = true
        options.baseURL = "https://example.org/"
        options.textWidth = 60
        for bytes in [nil, Array("---\ntitle: x\n---\n".utf8)] as [[UInt8]?] {
            let job = WorkerJob(path: "x.md", bytes: bytes, options: options, seconds: 2.5)
            #expect(try WorkerFrame.decodeJob(payload(WorkerFrame.encode(job))) == job)
        }
        let hello = WorkerFrame.Hello(idleBytes: 200 << 20, limitBytes: 712 << 20)
        #expect(try WorkerFrame.decodeHello(payload(WorkerFrame.encode(hello))) == hello)
    }

    @Test func everyTruncationIsAnErrorNotACrash() {
        let frame = payload(WorkerFrame.encode(.success(Self.conversion)))
        for cut in 0..<frame.count {
            #expect(throws: FrameReader.Malformed.self) { try WorkerFrame.decodeResult(Array(frame[0..<cut])) }
        }
    }

    @Test func corruptLengthsAndTagsAreErrors() {
        var frame = payload(WorkerFrame.encode(.success(Self.conversion)))
        // The path's length, right after the kind byte: absurdly long, then negative.
        for length in [Int64.max, -1, Int64(frame.count)] {
            withUnsafeBytes(of: length.littleEndian) { for i in 0..<8 { frame[1 + i] = $0[i] } }
            #expect(throws: FrameReader.Malformed.self) { try WorkerFrame.decodeResult(frame) }
        }
        #expect(throws: FrameReader.Malformed.self) { try WorkerFrame.decodeResult([99]) }
        #expect(throws: FrameReader.Malformed.self) { try WorkerFrame.decodeResult([WorkerFrame.Kind.failed.rawValue] + [UInt8](repeating: 0, count: 9) + [0, 42]) }
    }

    @Test func budgetsReadAsPeopleWriteThem() {
        #expect(Budget.default.timeExceeded == "took more than 5 s")
        #expect(Budget.default.memoryExceeded == "used more than 512 MB")
        #expect(Budget(seconds: 0.05, memory: 1 << 30).timeExceeded == "took more than 50 ms")
        #expect(Budget(seconds: 2.5, memory: 1536 << 19).memoryExceeded == "used more than 768 MB")
        #expect(Budget(seconds: 2.5, memory: 0).timeExceeded == "took more than 2.5 s")
    }
}
