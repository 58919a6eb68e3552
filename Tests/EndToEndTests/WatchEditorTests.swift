#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

extension DaemonEndToEnd {
    /// `quire watch` against real saves: each editor's way of writing a file
    /// causes exactly one rebuild, with the new text, and its temporary, swap
    /// and backup files are never converted.
    @Suite struct WatchEditorTests {
        enum Save: String, CaseIterable, CustomTestStringConvertible {
            case inPlace, slowWriter, tempThenRename, sedInPlace, vimWithBackup, vimWriteBackupRename
            case emacs, gedit, copy, moveIn, rsync

            var testDescription: String { rawValue }

            /// A shell script that saves "new text" into Watch/post.md, which holds "old text".
            var script: String {
                let vim = "TERM=dumb vim -u NONE -i NONE -N"
                switch self {
                case .inPlace:
                    return "printf -- '---\\ntitle: Post\\n---\\n\\nnew text\\n' > Watch/post.md"
                case .slowWriter:
                    // Open, write in pieces with pauses longer than the quiet period, close.
                    return "{ printf -- '---\\ntitle: Post\\n---\\n\\n'; sleep 0.2; printf 'new '; sleep 0.2; printf 'text\\n'; } > Watch/post.md"
                case .tempThenRename:
                    return "printf -- '---\\ntitle: Post\\n---\\n\\nnew text\\n' > Watch/post.md.tmp && mv Watch/post.md.tmp Watch/post.md"
                case .sedInPlace:
                    return "sed -i 's/old text/new text/' Watch/post.md"
                case .vimWithBackup:
                    // The 4913 probe, .post.md.swp, post.md renamed to post.md~, a new post.md.
                    return "\(vim) -c 'set backup writebackup backupcopy=auto backupskip=' -c '%s/old text/new text/' -c 'wq' Watch/post.md </dev/null >/dev/null 2>&1"
                case .vimWriteBackupRename:
                    return "\(vim) -c 'set nobackup writebackup backupcopy=no backupskip=' -c '%s/old text/new text/' -c 'wq' Watch/post.md </dev/null >/dev/null 2>&1"
                case .emacs:
                    // The lock link, the auto-save file, the backup, then the save.
                    return """
                        ln -s 'writer@host.4242:1700000000' 'Watch/.#post.md' && printf 'draft' > 'Watch/#post.md#' && \
                        cp Watch/post.md Watch/post.md~ && \
                        printf -- '---\\ntitle: Post\\n---\\n\\nnew text\\n' > Watch/post.md && rm 'Watch/#post.md#' 'Watch/.#post.md'
                        """
                case .gedit:
                    return "printf -- '---\\ntitle: Post\\n---\\n\\nnew text\\n' > Watch/.goutputstream-X1Y2Z3 && mv Watch/.goutputstream-X1Y2Z3 Watch/post.md"
                case .copy:
                    return "printf -- '---\\ntitle: Post\\n---\\n\\nnew text\\n' > incoming.md && cp incoming.md Watch/post.md"
                case .moveIn:
                    return "printf -- '---\\ntitle: Post\\n---\\n\\nnew text\\n' > incoming.md && mv incoming.md Watch/post.md"
                case .rsync:
                    // rsync writes .post.md.XXXXXX beside the file, then renames it. (--ignore-times:
                    // both files have the same size and second, which rsync would take as unchanged.)
                    return "printf -- '---\\ntitle: Post\\n---\\n\\nnew text\\n' > incoming.md && rsync --ignore-times incoming.md Watch/post.md"
                }
            }

            var tool: String? {
                switch self {
                case .vimWithBackup, .vimWriteBackupRename: "vim"
                case .sedInPlace: "sed"
                case .rsync: "rsync"
                default: nil
                }
            }
        }

        @Test(arguments: Save.allCases)
        func oneRebuildPerSave(_ save: Save) async throws {
            if let tool = save.tool, !WatchSandbox.commandExists(tool) {
                print("skipped \(save.rawValue): \(tool) is not installed")
                return
            }
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            try sandbox.write("Watch/post.md", WatchSandbox.post("Post", "old text"))
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            #expect(daemon.publishCount("post.md") == 1)

            #expect(try sandbox.sh(save.script) == 0)
            let once = await daemon.expectPublished("post.md", times: 2, page: "post", containing: "new text")
            #expect(once, "expected exactly one rebuild after the save:\n\(daemon.log)")
            // Nothing but the post was converted: no page for a swap, backup or temporary file.
            #expect(sandbox.files(under: "Output/html") == ["Output/html/post/index.html"])
            #expect(!daemon.log.contains("error"), "\(daemon.log)")
            #expect(await daemon.terminate() == 0)
        }

        /// A new post written by a shell redirection: created, written, closed: one build.
        @Test func newPostIsPublishedOnce() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            try sandbox.sh("printf -- '---\\ntitle: Fresh\\n---\\n\\nfresh text\\n' > Watch/fresh.md")
            #expect(await daemon.expectPublished("fresh.md", times: 1, page: "fresh", containing: "fresh text"))
            #expect(await daemon.terminate() == 0)
        }
    }
}
