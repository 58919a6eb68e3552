import Foundation
import QuireConvert
import Testing
@testable import QuirePublish

@Suite("OptionsCache")
struct OptionsCacheTests {
    @Test("a job's options survive the frame whether or not they are the last ones sent")
    func roundTrips() throws {
        var first = ConversionOptions()
        first.formats = [.html, .epub]
        var second = first
        second.textWidth = 60
        second.baseURL = "https://example.org/"
        for options in [first, first, second, first, second, second] {
            let job = WorkerJob(path: "/p.md", bytes: Array("# T".utf8), options: options, seconds: 5)
            // The frame is a 4-byte length, then the payload.
            let back = try WorkerFrame.decodeJob(Array(WorkerFrame.encode(job).dropFirst(4)))
            #expect(back.options == options)
        }
    }
}
