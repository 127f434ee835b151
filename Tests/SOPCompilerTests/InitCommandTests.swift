import Foundation
import Testing

@testable import SOPCompiler

/// `sopc init`, run as the real binary: the folder it writes passes `check --strict`, holds what the README
/// promises (a decision, a correction loop, a document made and needed, every key commented), and a second
/// init changes nothing.
@Suite struct InitCommandTests {
    static func temporaryFolder() throws -> URL {
        let url = Scratch.folder.appendingPathComponent("sopc-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: folder.path)
        while let rel = walker?.nextObject() as? String {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(rel).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                files[rel] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    @Test func initWritesAFolderThatChecksCleanAndRefusesASecondTime() throws {
        let tmp = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let first = try sopc(["init", "defs"], in: tmp, removing: ["SOPC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("defs/sopc.yaml") && first.stdout.contains("sopc check defs --strict"))
        let written = try Self.snapshot(tmp.appendingPathComponent("defs"))
        #expect(written.keys.sorted() == ["penerimaan-surat.sop.yaml", "sopc.yaml"])

        let check = try sopc(["check", "defs", "--strict"], in: tmp)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout == "no problems found (2 files checked)\n")

        // What the example shows, read from the checked model rather than from the text.
        let result = try Pipeline.check(directory: tmp.appendingPathComponent("defs").path)
        let sop = try #require(result.model.sops.first)
        let decision = try #require(sop.steps.firstIndex { $0.decision != nil })
        let no = try #require(sop.steps[decision].no?.id)
        let back = try #require(sop.steps.firstIndex { $0.ref.id == no })
        #expect(back < decision, "the 'no' branch goes back to an earlier step (a correction loop)")
        let made = Set(sop.steps.flatMap { $0.makes.map(\.id) })
        let needed = Set(sop.steps.flatMap { $0.needs.map(\.id) })
        #expect(!made.intersection(needed).isEmpty, "a document is made and needed")
        // Every top-level key, and every key of the first step, is explained by a comment beside it.
        for (name, data) in written {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            let topLevel = lines.filter { $0.range(of: #"^[a-z_]+:"#, options: .regularExpression) != nil }
            #expect(topLevel.count >= 4 && topLevel.allSatisfy { $0.contains("  #") }, "\(name): \(topLevel)")
            if name.hasSuffix(".sop.yaml") {
                let firstStep = lines.drop { !$0.hasPrefix("  - id:") }.prefix { !$0.isEmpty }
                let keys = firstStep.prefix(while: { $0 == firstStep.first || !$0.hasPrefix("  - id:") })
                #expect(keys.count >= 7 && keys.allSatisfy { $0.contains("  #") }, "\(Array(keys))")
            }
        }

        let again = try sopc(["init", "defs"], in: tmp, removing: ["SOPC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        #expect(try Self.snapshot(tmp.appendingPathComponent("defs")) == written, "a refused init changes nothing")
    }

    @Test func initRefusesWhenOnlyOneTargetExistsAndWritesNothing() throws {
        let tmp = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let folder = tmp.appendingPathComponent("definitions")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("sop: x\n".utf8).write(to: folder.appendingPathComponent("penerimaan-surat.sop.yaml"))
        let result = try sopc(["init"], in: tmp, environment: ["SOPC_LANG": "id"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("sudah ada"), "\(result.stderr)")
        #expect(try Self.snapshot(folder).keys.sorted() == ["penerimaan-surat.sop.yaml"])
    }

    @Test func initIntoAFileIsAUsageError() throws {
        let tmp = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try Data().write(to: tmp.appendingPathComponent("berkas"))
        let result = try sopc(["init", "berkas"], in: tmp, removing: ["SOPC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a folder"))
    }

    @Test func initSpeaksIndonesianWhenTheLocaleIs() throws {
        let tmp = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let result = try sopc(
            ["init"], in: tmp, environment: ["LANG": "id_ID.UTF-8"], removing: ["SOPC_LANG", "LC_ALL", "LC_MESSAGES"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("folder definisi baru"))
        #expect(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("definitions/sopc.yaml").path))
    }
}
