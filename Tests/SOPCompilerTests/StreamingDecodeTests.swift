import Foundation
import Testing

@testable import SOPCompiler

/// A file over 256 KiB has its steps decoded while it is still being read; the result must be exactly what
/// decoding afterwards gives, problems included.
@Suite struct StreamingDecodeTests {
    @Test func streamedStepsEqualDecodingAfterwards() throws {
        var src = "sop: besar\nname: Besar\nartefacts: { a: A }\nsteps:\n"
        let n = 8_000
        for i in 0..<n {
            src +=
                "  - id: s\(i)\n    activity: Langkah nomor \(i) yang cukup panjang untuk membuat berkas ini lebih dari satu megabita\n"
            src += "    actor: \(i % 997 == 5 ? "kabir" : "pelaksana")\n    time: \(i % 1499 == 7 ? "5 mnt" : "5 menit")\n"
            if i % 2039 == 3 { src += "    colour: merah\n" }
            if i % 3001 == 11 { src += "    needs: a\n" }
        }
        #expect(src.utf8.count > 1 << 20)
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "besar.sop.yaml": src])
        defer { try? FileManager.default.removeItem(at: dir) }
        let streamed = try Checker.check(directory: dir.path, displayPrefix: "d")

        let (root, parseDiagnostics) = YAMLReader(file: "d/besar.sop.yaml").read(Array(src.utf8))
        #expect(parseDiagnostics.isEmpty)
        let (sop, decodeDiagnostics) = SOPDecoder.decode(root, file: "d/besar.sop.yaml", fileStem: "besar")
        let streamedSOP = try #require(streamed.model.sop("besar"))
        #expect(streamedSOP.steps.count == n)
        #expect(streamedSOP.steps.map(\.ref.id) == sop.steps.map(\.ref.id))
        #expect(streamedSOP.steps.map(\.activity) == sop.steps.map(\.activity))
        // Every decoding problem is reported once, in the same order, whichever way the steps were decoded.
        let decodeIDs: Set<CheckID> = [.unknownKey, .wrongType, .missingKey]
        #expect(
            streamed.diagnostics.filter { decodeIDs.contains($0.id) }.sorted(by: Diagnostic.reportOrder)
                == decodeDiagnostics.sorted(by: Diagnostic.reportOrder))
        #expect(decodeDiagnostics.contains { $0.id == .unknownKey })
        #expect(streamed.diagnostics.contains { $0.id == .unknownActor })
        #expect(streamed.diagnostics.contains { $0.id == .invalidTime })
    }

    /// The reader keeps no streamed item in the tree (the decoder has it); the result is the same for a long
    /// list with an anchor (kept: an alias may copy it), for one written in flow style, and for an empty one.
    @Test(arguments: ["steps:\n", "steps: &daftar\n", "flow"])
    func streamedListsWithoutTheirItemsInTheTree(_ head: String) throws {
        let n = 12_000
        var src = "sop: besar\nname: Besar\n"
        if head == "flow" {
            src += "steps: ["
            src += (0..<n).map {
                "{id: s\($0), activity: Langkah nomor \($0) yang cukup panjang untuk berkas besar, actor: pelaksana, time: 5 menit}"
            }
            .joined(separator: ", ")
            src += "]\n"
        } else {
            src += head
            for i in 0..<n {
                src += "  - id: s\(i)\n    activity: Langkah nomor \(i) yang cukup panjang untuk membuat berkas besar\n"
                src += "    actor: pelaksana\n    time: \(i % 1499 == 7 ? "5 mnt" : "5 menit")\n"
            }
        }
        #expect(src.utf8.count > 1 << 20)
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "besar.sop.yaml": src])
        defer { try? FileManager.default.removeItem(at: dir) }
        let streamed = try Checker.check(directory: dir.path, displayPrefix: "d")
        let (root, _) = YAMLReader(file: "d/besar.sop.yaml").read(Array(src.utf8))
        let (sop, _) = SOPDecoder.decode(root, file: "d/besar.sop.yaml", fileStem: "besar")
        let streamedSOP = try #require(streamed.model.sop("besar"))
        #expect(streamedSOP.steps.count == n)
        #expect(streamedSOP.steps.map(\.ref.id) == sop.steps.map(\.ref.id))
        #expect(streamedSOP.steps.map(\.span) == sop.steps.map(\.span))
        #expect(!streamed.diagnostics.contains { $0.id == .missingKey })
        #expect(streamedSOP.unreadable.isEmpty)
    }
}
