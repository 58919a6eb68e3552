import Foundation
import Testing
@testable import QuirePublish

@Suite("CommitLane")
struct CommitLaneTests {
    let root = NSTemporaryDirectory() + "quire-lanes-" + UUID().uuidString

    /// Three targets, each with `posts` posts staged the way a full build
    /// stages them: the pages above their missing folders, the books and
    /// the text beside their destinations.
    private func stageBuild(posts: Int, batch: AtomicBatch) throws -> [CommitLane] {
        let lanes = [Target(format: .html, path: root + "/html"), Target(format: .epub, path: root + "/epub"),
                     Target(format: .text, path: root + "/text")].map(CommitLane.init)
        for lane in lanes { try FileManager.default.createDirectory(atPath: lane.target.path, withIntermediateDirectories: true) }
        for n in 0..<posts {
            let page = try batch.stage(Array("page \(n)".utf8), to: root + "/html/p\(n)/index.html", stagingIn: root + "/html")
            lanes[0].posts.append(CommitLane.Post(plan: 3 * n, staged: [page]))
            let book = try batch.stage(Array("book \(n)".utf8), to: root + "/epub/p\(n).epub")
            lanes[1].posts.append(CommitLane.Post(plan: 3 * n + 1, staged: [book]))
            let text = try batch.stage(Array("text \(n)".utf8), to: root + "/text/p\(n).txt")
            lanes[2].posts.append(CommitLane.Post(plan: 3 * n + 2, staged: [text]))
        }
        return lanes
    }

    private func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a large batch lands side by side: every file, its folders made, none left temporary", arguments: [2, 40])
    func landsEverything(posts: Int) throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let batch = AtomicBatch(expected: 3 * posts)
        let lanes = try stageBuild(posts: posts, batch: batch)
        #expect(CommitLane.sideBySide(lanes) == (3 * posts >= AtomicBatch.syncfsThreshold))
        CommitLane.land(lanes, batch: batch, flush: BackgroundFlush(batch))
        for n in 0..<posts {
            #expect(contents(root + "/html/p\(n)/index.html") == "page \(n)")
            #expect(contents(root + "/epub/p\(n).epub") == "book \(n)")
            #expect(contents(root + "/text/p\(n).txt") == "text \(n)")
        }
        #expect(lanes.allSatisfy { $0.failures.isEmpty && $0.flushFailure == nil })
        for lane in lanes {
            let names = try FileManager.default.contentsOfDirectory(atPath: lane.target.path)
            #expect(names.count == posts)
            #expect(!names.contains { AtomicFile.isTemporary(name: $0) })
        }
        // Each lane keeps the folders it changed, for the run to flush.
        #expect(lanes[0].folderSyncs.folders.contains(root + "/html"))
        #expect(lanes[0].folderSyncs.folders.contains(root + "/html/p0"))
        #expect(lanes[1].folderSyncs.folders == [root + "/epub"])
    }

    @Test("a post whose folder cannot be made fails alone; the rest of its target and the others land")
    func folderInTheWay() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let batch = AtomicBatch(expected: 60)
        let lanes = try stageBuild(posts: 20, batch: batch)
        // A file where post 7's folder should go.
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: root + "/html/p7"))
        CommitLane.land(lanes, batch: batch, flush: BackgroundFlush(batch))
        #expect(lanes[0].failures.map(\.plan) == [21])
        #expect(lanes[0].failures.first?.left.map(\.destination) == [root + "/html/p7/index.html"])
        #expect(contents(root + "/html/p7") == "in the way")
        #expect(contents(root + "/html/p8/index.html") == "page 8")
        #expect(contents(root + "/epub/p7.epub") == "book 7")
        #expect(lanes[1].failures.isEmpty && lanes[2].failures.isEmpty)
    }

    @Test("targets that share a folder, or lie one in another, land one after another; so does a small batch")
    func whenNotSideBySide() {
        func lanes(_ paths: [String], files: Int) -> [CommitLane] {
            paths.map { path in
                let lane = CommitLane(target: Target(format: .html, path: path))
                lane.posts = (0..<files).map { CommitLane.Post(plan: $0, staged: [AtomicBatch.Staged(temporary: "t", destination: "d")]) }
                return lane
            }
        }
        #expect(CommitLane.sideBySide(lanes(["/srv/html", "/srv/epub", "/srv/text"], files: 20)))
        #expect(!CommitLane.sideBySide(lanes(["/srv/site", "/srv/site"], files: 20)))
        #expect(!CommitLane.sideBySide(lanes(["/srv/site", "/srv/site/books"], files: 20)))
        #expect(!CommitLane.sideBySide(lanes(["/srv/html", "/srv/epub"], files: 1)))
        #expect(!CommitLane.sideBySide(lanes(["/srv/html"], files: 100)))
    }
}
