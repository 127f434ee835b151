import Foundation
import SOPSystem
import Testing

@testable import SOPCompiler
@testable import SOPOutputs

/// `sopc build` and `sopc check --generated` through the real binary (docs/CLI.md): nothing written on error,
/// nothing rewritten when nothing changed, only sopc's own files removed, never a user's file overwritten,
/// never a link followed out of OUT.
@Suite struct BuildCommandTests {
    static let lapor = CLITests.cleanSOP

    static let arsip = """
        sop: arsip
        name: Pengarsipan
        steps:
          - id: simpan
            activity: Menyimpan surat
            actor: pelaksana
            time: 5 menit

        """

    /// A project folder holding `definitions/` (with the given SOPs) and nothing else yet.
    static func project(_ sops: [String: String]) throws -> URL {
        var files = ["definitions/sopc.yaml": minimalProject]
        for (name, text) in sops { files["definitions/\(name).sop.yaml"] = text }
        return try temporaryProject(files)
    }

    /// Everything below a folder, links not followed: kind, bytes, inode and modification time, so that a
    /// rewrite with equal bytes still shows.
    struct Entry: Equatable, CustomStringConvertible {
        var kind: String
        var bytes: Data?
        var inode: UInt64
        var modified: Date?
        var description: String { "\(kind) inode \(inode) \(modified.map { "\($0.timeIntervalSince1970)" } ?? "")" }
    }

    static func snapshot(_ folder: URL) -> [String: Entry] {
        var out: [String: Entry] = [:]
        func walk(_ rel: String) {
            let url = rel.isEmpty ? folder : folder.appendingPathComponent(rel)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return }
            let type = attributes[.type] as? FileAttributeType
            let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
            let modified = attributes[.modificationDate] as? Date
            switch type {
            case .typeDirectory?:
                out[rel] = Entry(kind: "folder", bytes: nil, inode: inode, modified: nil)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
                    walk(rel.isEmpty ? name : rel + "/" + name)
                }
            case .typeSymbolicLink?:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? ""
                out[rel] = Entry(kind: "link → \(target)", bytes: nil, inode: inode, modified: nil)
            default:
                out[rel] = Entry(kind: "file", bytes: try? Data(contentsOf: url), inode: inode, modified: modified)
            }
        }
        walk("")
        return out
    }

    func build(_ dir: URL, out: String = "generated") throws -> RunResult {
        try sopc(["build", "definitions", "--out", out], in: dir)
    }

    /// How many files each SOP gets, and their paths: whatever emitters the plan has.
    static let perSOP = OutputPlan.sopEmitters.count
    static func outputs(_ id: String) -> [String] { OutputPlan.sopEmitters.map { "\(id)/\(id).\($0.suffix)" } }
    /// The files of the whole project: the index, and the form's font once with its licence.
    static let projectFiles = ["index.html"] + OutputPlan.fontFiles.map(\.path)
    static func sorted(_ paths: [String]) -> [String] { paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    @Test func buildWritesEveryOutputAndAManifest() throws {
        let dir = try Self.project(["lapor": Self.lapor, "arsip": Self.arsip])
        let r = try build(dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "build prints on standard error only")
        #expect(
            r.stderr.contains(
                "built 2 SOPs into 'generated': \(2 * Self.perSOP + Self.projectFiles.count) written, 0 removed, 0 unchanged"))
        let files = relativeFiles(under: dir.appendingPathComponent("generated"))
        #expect(
            files
                == Self.sorted(
                    [".sopc-manifest", ".sopc-state"] + Self.projectFiles + Self.outputs("arsip") + Self.outputs("lapor")))
        let manifest = try String(contentsOf: dir.appendingPathComponent("generated/.sopc-manifest"), encoding: .utf8)
        #expect(
            manifest.split(separator: "\n").dropFirst().map(String.init)
                == files.filter { $0 != ".sopc-manifest" && $0 != ".sopc-state" })
        // No temporary file is left behind.
        #expect(!files.contains { $0.contains(".tmp") })
    }

    @Test func writesNothingWhenTheDefinitionsHaveErrors() throws {
        let dir = try Self.project(["lapor": CLITests.brokenSOP])
        let r = try build(dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("definitions/lapor.sop.yaml:6:12: error: 'kabir' is not a role of the project [unknown-actor]"))
        #expect(r.stderr.contains("3 errors, 0 warnings (2 files checked)"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("generated").path))

        // Over an earlier build too: nothing changes, nothing is removed.
        let good = try Self.project(["lapor": Self.lapor])
        #expect(try build(good).status == 0)
        let before = Self.snapshot(good.appendingPathComponent("generated"))
        try CLITests.brokenSOP.write(
            to: good.appendingPathComponent("definitions/lapor.sop.yaml"), atomically: true, encoding: .utf8)
        #expect(try build(good).status == 1)
        #expect(Self.snapshot(good.appendingPathComponent("generated")) == before)
    }

    @Test func warningsAreShownButDoNotStopTheBuild() throws {
        let dir = try Self.project(["lapor": CLITests.warningSOP])
        let r = try build(dir)
        #expect(r.status == 0)
        #expect(r.stderr.contains("[missing-time]"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("generated/lapor/lapor.csv").path))
    }

    @Test func aSecondBuildRewritesNothing() throws {
        let dir = try Self.project(["lapor": Self.lapor, "arsip": Self.arsip])
        #expect(try build(dir).status == 0)
        let out = dir.appendingPathComponent("generated")
        let first = Self.snapshot(out)
        Thread.sleep(forTimeInterval: 0.05)
        let r = try build(dir)
        #expect(r.status == 0)
        #expect(r.stderr.contains("0 written, 0 removed, \(2 * Self.perSOP + Self.projectFiles.count) unchanged"))
        #expect(Self.snapshot(out) == first, "same bytes, same inodes, same modification times")

        // A build into a fresh folder gives the same bytes (no timestamps, no absolute paths).
        #expect(try build(dir, out: "elsewhere/out").status == 0)
        let other = Self.snapshot(dir.appendingPathComponent("elsewhere/out"))
        #expect(other.mapValues(\.bytes) == first.mapValues(\.bytes))

        // A changed activity rewrites only the files that show it.
        try Self.lapor.replacingOccurrences(of: "Menulis laporan", with: "Menyusun laporan")
            .write(to: dir.appendingPathComponent("definitions/lapor.sop.yaml"), atomically: true, encoding: .utf8)
        let changed = try build(dir)
        #expect(changed.status == 0)
        #expect(changed.stderr.contains(" written, 0 removed, "), "\(changed.stderr)")
        let after = Self.snapshot(out)
        #expect(after["lapor/lapor.md"] != first["lapor/lapor.md"])
        for path in ["arsip/arsip.csv", "arsip/arsip.md", "arsip/arsip.html", "index.html", ".sopc-manifest"] {
            #expect(after[path] == first[path], "\(path) was rewritten")
        }
        #expect(after["lapor/lapor.csv"] != first["lapor/lapor.csv"])
    }

    @Test func removesWhatItNoLongerProducesAndNothingElse() throws {
        let dir = try Self.project(["lapor": Self.lapor, "arsip": Self.arsip])
        #expect(try build(dir).status == 0)
        let out = dir.appendingPathComponent("generated")
        try "mine".write(to: out.appendingPathComponent("catatan.txt"), atomically: true, encoding: .utf8)
        try "mine too".write(to: out.appendingPathComponent("lapor/catatan.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("definitions/arsip.sop.yaml"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("definitions/lapor.sop.yaml"))
        try Self.arsip.replacingOccurrences(of: "sop: arsip", with: "sop: simpan")
            .write(to: dir.appendingPathComponent("definitions/simpan.sop.yaml"), atomically: true, encoding: .utf8)
        let r = try build(dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains("\(Self.perSOP + 1) written, \(2 * Self.perSOP) removed, \(Self.projectFiles.count - 1) unchanged"),
            "\(r.stderr)")
        #expect(
            relativeFiles(under: out)
                == Self.sorted(
                    [".sopc-manifest", ".sopc-state", "catatan.txt", "lapor/catatan.txt"] + Self.projectFiles
                        + Self.outputs("simpan")))
        // The emptied folder of arsip is gone; lapor's stays for the user's file in it.
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("arsip").path))
        #expect(try String(contentsOf: out.appendingPathComponent("lapor/catatan.txt"), encoding: .utf8) == "mine too")
    }

    @Test func refusesToOverwriteAFileItDidNotWrite() throws {
        let dir = try Self.project(["lapor": Self.lapor])
        let out = dir.appendingPathComponent("generated")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("lapor"), withIntermediateDirectories: true)
        try "No,Mine\r\n".write(to: out.appendingPathComponent("lapor/lapor.csv"), atomically: true, encoding: .utf8)
        let before = Self.snapshot(out)
        let r = try build(dir)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("'generated/lapor/lapor.csv' exists and was not written by sopc; it would be overwritten"),
            "\(r.stderr)")
        #expect(r.stderr.contains("nothing was written"))
        #expect(Self.snapshot(out) == before, "nothing changed: no other output, no manifest")

        // Once the user moves it away, the build goes through; a later build may then replace it.
        try FileManager.default.removeItem(at: out.appendingPathComponent("lapor/lapor.csv"))
        #expect(try build(dir).status == 0)
    }

    @Test func adoptsAnUnlistedFileThatAlreadyHoldsTheOutput() throws {
        let dir = try Self.project(["lapor": Self.lapor])
        #expect(try build(dir).status == 0)
        let out = dir.appendingPathComponent("generated")
        let manifest = out.appendingPathComponent(".sopc-manifest")
        try FileManager.default.removeItem(at: manifest)
        let before = Self.snapshot(out)
        let r = try build(dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("0 written, 0 removed, \(Self.perSOP + Self.projectFiles.count) unchanged"))
        let after = Self.snapshot(out)
        #expect(after.filter { $0.key != ".sopc-manifest" } == before, "the outputs are left as they are")
        #expect(FileManager.default.fileExists(atPath: manifest.path))
    }

    @Test func anUnwritableOutputFolderExitsTwo() throws {
        let dir = try Self.project(["lapor": Self.lapor])
        try "a file".write(to: dir.appendingPathComponent("plain"), atomically: true, encoding: .utf8)
        let notAFolder = try build(dir, out: "plain")
        #expect(notAFolder.status == 2)
        #expect(notAFolder.stderr.contains("output folder 'plain' is not a folder"), "\(notAFolder.stderr)")
        let underAFile = try build(dir, out: "plain/out")
        #expect(underAFile.status == 2)
        #expect(underAFile.stderr.contains("plain/out"), "\(underAFile.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("plain"), encoding: .utf8) == "a file")

        let missing = try sopc(["build", "nowhere", "--out", "generated"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read definitions folder 'nowhere'"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("generated").path))
    }

    @Test func neverFollowsALinkOutOfTheOutputFolder() throws {
        let dir = try Self.project(["lapor": Self.lapor, "arsip": Self.arsip])
        let outside = dir.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "precious".write(to: outside.appendingPathComponent("arsip.csv"), atomically: true, encoding: .utf8)
        #expect(try build(dir).status == 0)
        let out = dir.appendingPathComponent("generated")

        // An SOP folder replaced by a link to a folder outside: the build stops rather than write through it.
        try FileManager.default.removeItem(at: out.appendingPathComponent("arsip"))
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("arsip"), withDestinationURL: outside)
        let before = Self.snapshot(dir)
        let r = try build(dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("'generated/arsip' is a link"), "\(r.stderr)")
        #expect(Self.snapshot(dir) == before)

        // The same link where a removed SOP's files were: they are not removed through it.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("definitions/arsip.sop.yaml"))
        let removed = try build(dir)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try String(contentsOf: outside.appendingPathComponent("arsip.csv"), encoding: .utf8) == "precious")

        // A manifest naming a path outside OUT is refused, and nothing is removed.
        let manifest = out.appendingPathComponent(".sopc-manifest")
        let text = try String(contentsOf: manifest, encoding: .utf8) + "../outside/arsip.csv\n"
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let forged = try build(dir)
        #expect(forged.status == 2)
        #expect(forged.stderr.contains("is not a manifest sopc can trust"), "\(forged.stderr)")
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("arsip.csv").path))

        // The same with a combining mark after the `/`: one character of the text ("/\u{301}"), but the
        // file system still reads `..` and a separator, so it names a file beside OUT. Refused too.
        let marked = dir.appendingPathComponent("\u{301}arsip.csv")
        try "precious".write(to: marked, atomically: true, encoding: .utf8)
        try
            (try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "../outside/arsip.csv\n", with: "")
            + "../\u{301}arsip.csv\n").write(to: manifest, atomically: true, encoding: .utf8)
        let marks = try build(dir)
        #expect(marks.status == 2, "\(marks.stderr)")
        #expect(marks.stderr.contains("is not a manifest sopc can trust"), "\(marks.stderr)")
        #expect(try String(contentsOf: marked, encoding: .utf8) == "precious")
        #expect(Manifest.isSafeRelativePath("lapor/\u{301}x.csv"))
        #expect(!Manifest.isSafeRelativePath("../\u{301}x.csv"))
        #expect(!Manifest.isSafeRelativePath("a/./\u{301}"))
        #expect(RelativePath.parts("a/\u{301}b//c") == ["a", "\u{301}b", "c"])
    }

    /// A listing's names are read where they lie in the entry (`FileIO.entryName`), whatever their length:
    /// copying the whole `d_name` read past the last entry of the buffer and crashed `sopc build` now and then.
    @Test func directoryEntryNamesReadInPlace() throws {
        let dir = Scratch.folder.appendingPathComponent("sopc-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var names: Set<String> = []
        for n in [1, 2, 7, 8, 9, 100, 200, 255] {
            let name = String(repeating: "a", count: n - 1) + "\(n % 10)"
            names.insert(name)
            FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data())
        }
        names.insert("é\u{301}-berkas")
        FileManager.default.createFile(atPath: dir.appendingPathComponent("é\u{301}-berkas").path, contents: Data())
        let stream = try #require(opendir(dir.path))
        defer { closedir(stream) }
        var read: Set<String> = []
        while let entry = readdir(stream) {
            let name = FileIO.entryName(entry)
            if name != "." && name != ".." { read.insert(name) }
        }
        #expect(read == names)
    }

    @Test func checkGeneratedReportsStaleOutput() throws {
        let dir = try Self.project(["lapor": Self.lapor, "arsip": Self.arsip])
        #expect(try build(dir).status == 0)
        let current = try sopc(["check", "definitions", "--generated", "generated"], in: dir)
        #expect(current.status == 0, "\(current.stdout)")
        #expect(current.stdout.contains("no problems found"))

        let out = dir.appendingPathComponent("generated")
        // Changed: line 3 of the CSV.
        let csv = out.appendingPathComponent("lapor/lapor.csv")
        let text = try String(contentsOf: csv, encoding: .utf8)
        try text.replacingOccurrences(of: "Menulis laporan", with: "Menulis laporan!").write(
            to: csv, atomically: true, encoding: .utf8)
        // Missing.
        try FileManager.default.removeItem(at: out.appendingPathComponent("lapor/lapor.md"))
        // Left over: arsip is no longer defined, but the last build wrote its files.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("definitions/arsip.sop.yaml"))

        let r = try sopc(["check", "definitions", "--generated", "generated"], in: dir)
        #expect(r.status == 1)
        let heads = r.stdout.split(separator: "\n").filter { $0.hasSuffix("[stale-output]") }.map(String.init)
        let index = try Self.firstDifferentLine(out.appendingPathComponent("index.html"), dir)
        let differs = "error: differs from what 'sopc build' writes; the first difference is here [stale-output]"
        let leftOver =
            "error: left over: an earlier 'sopc build' wrote this file, and the definitions no longer produce it [stale-output]"
        #expect(
            heads == [
                "generated/.sopc-manifest:2:1: error: the build manifest differs from what 'sopc build' writes [stale-output]"
            ] + Self.sorted(Self.outputs("arsip")).map { "generated/\($0):1:1: \(leftOver)" } + [
                "generated/index.html:\(index.0):\(index.1): \(differs)",
                "generated/lapor/lapor.csv:3:18: \(differs)",
                "generated/lapor/lapor.md:1:1: error: missing: 'sopc build' writes this file [stale-output]",
            ], "\(r.stdout)")
        // The changed line is shown with the place of the difference underlined.
        #expect(
            r.stdout.contains("  3 | 2,Menulis laporan!,,,proses,Surat masuk,1 jam,Laporan,\n    |                  ^\n"),
            "\(r.stdout)")
        #expect(r.stdout.hasSuffix("\(Self.perSOP + 4) errors, 0 warnings (2 files checked)\n"))

        // The build fixes it all, and the check passes again.
        #expect(try build(dir).status == 0)
        #expect(try sopc(["check", "definitions", "--generated", "generated"], in: dir).status == 0)

        // A missing folder is all missing; a folder that is a file is a usage problem.
        let none = try sopc(["check", "definitions", "--generated", "nowhere"], in: dir)
        #expect(none.status == 1)
        #expect(none.stdout.contains("nowhere/index.html:1:1: error: missing: 'sopc build' writes this file [stale-output]"))
        let file = try sopc(["check", "definitions", "--generated", "definitions/sopc.yaml"], in: dir)
        #expect(file.status == 2)
    }

    /// The line and column where the index that is there first differs from the one a build would write.
    static func firstDifferentLine(_ file: URL, _ dir: URL) throws -> (Int, Int) {
        let result = try Checker.check(directory: dir.appendingPathComponent("definitions").path)
        let plan = OutputPlan(result.lowered!)
        let expected = try #require(plan.files.first { $0.path == "index.html" })
        let actual = try Data(contentsOf: file)
        return OutputFolder.firstDifference(Array(actual), expected.bytes) ?? (0, 0)
    }
}
