import Foundation
import Testing

@testable import SOPChecks
@testable import SOPCompiler

/// The incremental check (``CheckSession``) gives what a whole check of the same files gives, after any
/// edit, while redoing only the files and SOPs an edit can affect.
@Suite struct CheckSessionTests {
    /// The same `sopc.yaml` checked again in memory beside other SOPs is reused, not read again
    /// (``Checker/readProject(_:display:)``): what it gives must be what reading it gives, for its own
    /// displayed path, and a changed project must be read again.
    @Test func aProjectCheckedAgainGivesWhatReadingItGives() {
        let project = Array("sopc: 1\norganization: { name: Biro Umum }\nroles:\n  staf: { name: Staf }\nrolse: {}\n".utf8)
        let sop = { (id: String) in
            Array("sop: \(id)\nname: SOP \(id)\nsteps:\n  - id: satu\n    activity: Satu\n    actor: staf\n".utf8)
        }
        let first = Checker.check(files: ["sopc.yaml": project, "a.sop.yaml": sop("a")], displayPrefix: "x")
        #expect(first.diagnostics.contains { $0.file == "x/sopc.yaml" })
        // Another prefix: the project's diagnostics follow it.
        let other = Checker.check(files: ["sopc.yaml": project, "b.sop.yaml": sop("b")], displayPrefix: "y")
        #expect(other.diagnostics.contains { $0.file == "y/sopc.yaml" })
        #expect(!other.diagnostics.contains { $0.file == "x/sopc.yaml" })
        // The first files again: the very same report.
        let again = Checker.check(files: ["sopc.yaml": project, "a.sop.yaml": sop("a")], displayPrefix: "x")
        #expect(again.diagnostics == first.diagnostics)
        #expect(again.model.project?.roles.map(\.ref.id) == first.model.project?.roles.map(\.ref.id))
        // A changed project: read again (the typo fixed, its diagnostic gone).
        let fixed = Array(String(decoding: project, as: UTF8.self).replacingOccurrences(of: "rolse: {}\n", with: "").utf8)
        let corrected = Checker.check(files: ["sopc.yaml": fixed, "a.sop.yaml": sop("a")], displayPrefix: "x")
        #expect(!corrected.diagnostics.contains { $0.file == "x/sopc.yaml" }, "\(corrected.diagnostics)")
    }

    /// The same SOP file checked again in memory is reused when it read without a diagnostic
    /// (``Checker/readSOP(_:rel:display:)``): what it gives must be what reading it gives, for its own path
    /// and displayed path, also after other files have been read in between.
    @Test func anSOPCheckedAgainGivesWhatReadingItGives() {
        let project = Array("sopc: 1\norganization: { name: Biro Umum }\nroles:\n  staf: { name: Staf }\n".utf8)
        // Reads cleanly; the checks then find the unknown actor, reported at the file's own displayed path.
        let sop = Array("sop: a\nname: SOP a\nsteps:\n  - id: satu\n    activity: Satu\n    actor: tamu\n    time: 1 jam\n".utf8)
        func files(_ rel: String) -> Set<String> {
            Set(Checker.check(files: ["sopc.yaml": project, rel: sop], displayPrefix: "x").diagnostics.map(\.file))
        }
        func other(_ i: Int) -> [UInt8] {
            let text = "sop: o\(i)\nname: SOP o\(i)\nsteps:\n  - id: satu\n    activity: Satu \(i)\n"
            return Array((text + "    actor: staf\n    time: 1 jam\n").utf8)
        }
        #expect(files("a.sop.yaml") == ["x/a.sop.yaml"])
        #expect(files("sub/a.sop.yaml") == ["x/sub/a.sop.yaml"])
        let first = Checker.check(files: ["sopc.yaml": project, "a.sop.yaml": sop], displayPrefix: "y")
        #expect(Set(first.diagnostics.map(\.file)) == ["y/a.sop.yaml"])
        for i in 0..<(Checker.recentFileLimit + 1) {
            let clean = Checker.check(files: ["sopc.yaml": project, "o\(i).sop.yaml": other(i)])
            #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics)")
            #expect(clean.model.sops.map(\.sopID) == ["o\(i)"])
        }
        let again = Checker.check(files: ["sopc.yaml": project, "a.sop.yaml": sop], displayPrefix: "y")
        #expect(again.diagnostics == first.diagnostics)
        // Changed bytes at the same path: read again.
        let changed = Array(String(decoding: sop, as: UTF8.self).replacingOccurrences(of: "tamu", with: "staf").utf8)
        #expect(Checker.check(files: ["sopc.yaml": project, "a.sop.yaml": changed], displayPrefix: "y").diagnostics.isEmpty)
    }

    /// The paths an in-memory check reads: no part empty or starting with `.` (as a folder scan skips them),
    /// the same answer as splitting the path at each `/`.
    @Test func hiddenPartsAreFoundByteByByte() {
        func reference(_ rel: String) -> Bool {
            rel.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { part in
                part.first.map { $0 != UInt8(ascii: ".") } ?? false
            }
        }
        let parts = ["", ".", "a", ".a", "a.", "..", "a.sop.yaml", ".sop.yaml", "é", ".é"]
        var paths = parts
        for a in parts { for b in parts { paths += [a + "/" + b, "/" + a + "/" + b, a + "//" + b] } }
        for path in paths {
            #expect(DefinitionsSource.hasNoHiddenPart(path) == reference(path), "\(path)")
        }
        #expect(DefinitionsSource.hasNoHiddenPart("sub/rapat.sop.yaml"))
        #expect(!DefinitionsSource.hasNoHiddenPart("sub/.rapat.sop.yaml"))
    }

    /// Every file of a definitions folder, by path relative to it.
    static func files(_ folder: URL) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let root = folder.standardizedFileURL.path
        let walker = try #require(FileManager.default.enumerator(atPath: root))
        for case let rel as String in walker where rel.hasSuffix(".yaml") {
            files[rel] = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + rel)))
        }
        return files
    }

    /// A report that compares every field, in a form that shows what differs.
    static func report(_ result: CheckResult) -> String {
        var text =
            DiagnosticRenderer(colour: false, result: result).render(result.diagnostics, as: .json)
            + "\n\(result.fileCount) files, checked: \(result.checked != nil)"
        // The checked project's step graph of each SOP, which the session keeps beside its SOP (a whole
        // check keeps none, and makes each again when asked).
        if let checked = result.checked {
            for sop in checked.model.sops {
                let graph = checked.graph(of: sop)
                text += "\n\(sop.file): \(graph.count) steps, \(graph.successors), \(graph.reachable)"
            }
            text += "\ncalls: \(checked.calls.calls.map { $0.map { "\($0.callee)@\($0.step)" } })"
        }
        return text
    }

    static func expectSameAsWholeCheck(_ session: CheckSession, _ context: String) {
        let incremental = session.check()
        let whole = Checker.check(files: session.files, displayPrefix: session.displayPrefix)
        #expect(Self.report(incremental) == Self.report(whole), "\(context)")
        #expect(
            DiagnosticRenderer(colour: false, result: incremental).text(incremental.diagnostics)
                == DiagnosticRenderer(colour: false, result: whole).text(whole.diagnostics), "\(context): text report")
    }

    static func text(_ files: [String: [UInt8]], _ rel: String) -> String { String(decoding: files[rel] ?? [], as: UTF8.self) }

    @Test func aFirstCheckIsTheWholeCheck() throws {
        let projects =
            [Paths.definitions]
            + CheckFixtureTests.fixtureNames.map {
                Paths.checkFixtures.appendingPathComponent($0).appendingPathComponent("definitions")
            }
        try #require(projects.count > 10, "no check fixtures found under \(Paths.checkFixtures.path)")
        for folder in projects where FileManager.default.fileExists(atPath: folder.path) {
            let session = CheckSession(files: try Self.files(folder), displayPrefix: folder.lastPathComponent)
            Self.expectSameAsWholeCheck(session, folder.path)
            // Every file the check reads (near-miss names are reported as ignored-file, not read).
            let read = session.files.keys.filter { $0.hasSuffix(".sop.yaml") || $0 == "sopc.yaml" }
            #expect(session.lastWork.decoded == read.count, "\(folder.path): every file read once")
        }
    }

    /// Editing a called SOP checks it and its caller again, and nothing else; editing the project file
    /// checks every SOP again; an unchanged file is not read again.
    @Test func anEditRedoesOnlyWhatItCanAffect() throws {
        var files = try Self.files(Paths.definitions)
        let session = CheckSession(files: files, displayPrefix: "definitions")
        _ = session.check()
        #expect(session.lastWork == .init(decoded: 5, checked: 4))

        _ = session.check()
        #expect(session.lastWork == .init(decoded: 0, checked: 0), "nothing changed, nothing redone")

        // rapat is called by lakip only: rapat and lakip are checked again.
        files["rapat.sop.yaml"] = Array(
            Self.text(files, "rapat.sop.yaml").replacingOccurrences(of: "activity: ", with: "activity: Segera ").utf8)
        session.update("rapat.sop.yaml", to: files["rapat.sop.yaml"])
        Self.expectSameAsWholeCheck(session, "edited rapat")
        #expect(session.lastWork == .init(decoded: 1, checked: 2))

        // lakip calls the others but nobody calls lakip: only lakip.
        files["lakip.sop.yaml"] = Array((Self.text(files, "lakip.sop.yaml") + "\n# a comment\n").utf8)
        session.update("lakip.sop.yaml", to: files["lakip.sop.yaml"])
        Self.expectSameAsWholeCheck(session, "edited lakip")
        #expect(session.lastWork == .init(decoded: 1, checked: 1))

        // The project file: everything is checked again.
        files["sopc.yaml"] = Array((Self.text(files, "sopc.yaml") + "\n# a comment\n").utf8)
        session.update("sopc.yaml", to: files["sopc.yaml"])
        Self.expectSameAsWholeCheck(session, "edited sopc.yaml")
        #expect(session.lastWork == .init(decoded: 1, checked: 4))
    }

    /// An edit that leaves every SOP in place replaces the edited SOP in the kept model, keeps the call graph
    /// while no call and no id changes, and still gives the whole check: a cycle made, moved down by
    /// lines added above it, renamed away; an SOP that stops parsing, comes back, is added or removed.
    @Test func theModelIsKeptAcrossEditsInPlace() throws {
        var files = try Self.files(Paths.definitions)
        let session = CheckSession(files: files, displayPrefix: "definitions")
        _ = session.check()
        #expect(!session.lastKeptModel, "the first check gathers the model")
        func edit(_ rel: String, _ context: String, _ change: (String) -> String) -> CheckResult {
            files[rel] = Array(change(Self.text(files, rel)).utf8)
            session.update(rel, to: files[rel])
            let result = session.check()
            let whole = Checker.check(files: session.files, displayPrefix: session.displayPrefix)
            #expect(Self.report(result) == Self.report(whole), "\(context)")
            return result
        }
        var result = edit("rapat.sop.yaml", "activity edited") {
            $0.replacingOccurrences(of: "activity: ", with: "activity: Segera ")
        }
        #expect(session.lastKeptModel && result.checked != nil)
        result = edit("rapat.sop.yaml", "rapat calls lakip") {
            $0.replacingOccurrences(of: "    actor: kabiro\n", with: "    actor: kabiro\n    call: lakip\n")
        }
        #expect(session.lastKeptModel)
        let cycle = try #require(result.diagnostics.first { $0.id == .callCycle })
        result = edit("lakip.sop.yaml", "lines added above the cycle") { "# one\n# two\n# three\n" + $0 }
        #expect(session.lastKeptModel)
        let moved = try #require(result.diagnostics.first { $0.id == .callCycle })
        #expect(moved.file == cycle.file && moved.span.start.line == cycle.span.start.line + 3)
        result = edit("rapat.sop.yaml", "rapat renamed") { $0.replacingOccurrences(of: "sop: rapat", with: "sop: rapat-x") }
        #expect(session.lastKeptModel && !result.diagnostics.contains { $0.id == .callCycle })
        // lakip's `call: rapat` names rapat's file, whose `sop:` differs: that mismatch is reported on rapat.
        #expect(result.diagnostics.contains { $0.file == "definitions/rapat.sop.yaml" && $0.severity == .error })
        _ = edit("surat.sop.yaml", "surat unreadable") { $0 + "\n  : [\n" }
        #expect(session.lastKeptModel, "an SOP gone from the model: taken out of the kept one")
        result = edit("surat.sop.yaml", "surat back") { String($0.dropLast("\n  : [\n".count)) }
        #expect(session.lastKeptModel && result.model.sops.count == 4)
        // Rapat's id back, the cycle back: a clean project whose step graphs are each its own SOP's.
        result = edit("rapat.sop.yaml", "rapat's id back") { $0.replacingOccurrences(of: "sop: rapat-x", with: "sop: rapat") }
        result = edit("rapat.sop.yaml", "no call back to lakip") {
            $0.replacingOccurrences(of: "    call: lakip\n", with: "")
        }
        #expect(result.checked != nil, "\(result.diagnostics.map(\.id))")
        // A new SOP file, and one removed: put in and taken out of the kept model.
        files["sub/baru.sop.yaml"] = Array(
            Self.text(files, "rapat.sop.yaml").replacingOccurrences(of: "sop: rapat", with: "sop: baru").utf8)
        session.update("sub/baru.sop.yaml", to: files["sub/baru.sop.yaml"])
        result = session.check()
        #expect(session.lastKeptModel && result.model.sops.map(\.sopID).contains("baru") && result.checked != nil)
        #expect(Self.report(result) == Self.report(Checker.check(files: files, displayPrefix: "definitions")))
        files["barang.sop.yaml"] = nil
        session.update("barang.sop.yaml", to: nil)
        result = session.check()
        #expect(session.lastKeptModel && result.model.sops.count == 4)
        #expect(Self.report(result) == Self.report(Checker.check(files: files, displayPrefix: "definitions")))
        _ = edit("barang.sop.yaml", "barang edited") { $0.replacingOccurrences(of: "activity: ", with: "activity: Lalu ") }
        #expect(session.lastKeptModel)
    }

    /// The only SOP renamed (its file removed, another added, in one check): the kept model loses its last
    /// SOP and gains one.
    @Test func theOnlySOPReplacedByAnother() throws {
        var files = ["sopc.yaml": Array(minimalProject.utf8), "a.sop.yaml": Array(Self.minimalSOP("a").utf8)]
        let session = CheckSession(files: files, displayPrefix: "d")
        _ = session.check()
        files["a.sop.yaml"] = nil
        files["b.sop.yaml"] = Array(Self.minimalSOP("b").utf8)
        session.update("a.sop.yaml", to: nil)
        session.update("b.sop.yaml", to: files["b.sop.yaml"])
        let result = session.check()
        #expect(session.lastKeptModel && result.model.sops.map(\.sopID) == ["b"])
        #expect(Self.report(result) == Self.report(Checker.check(files: files, displayPrefix: "d")))
    }

    static func minimalSOP(_ id: String) -> String {
        "sop: \(id)\nname: SOP \(id)\nsteps:\n  - id: satu\n    activity: Mengerjakan\n    actor: kabiro\n    time: 5 menit\n"
    }

    /// A random SOP file of `f`; when every one is removed, one of `base` put back first.
    static func someSOP(
        _ f: inout [String: [UInt8]], _ r: inout BuildFaultTests.Seeded, _ base: [String: [UInt8]]
    ) -> String {
        if let rel = f.keys.filter({ $0.hasSuffix(".sop.yaml") }).sorted().randomElement(using: &r) { return rel }
        f["rapat.sop.yaml"] = base["rapat.sop.yaml"]
        return "rapat.sop.yaml"
    }

    /// Renaming, removing and adding SOPs, breaking YAML, breaking a call and a role: after each edit of a
    /// seeded random sequence, the incremental result equals the whole check.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomEditsGiveTheWholeCheck(seed: UInt64) throws {
        var rng = BuildFaultTests.Seeded(state: seed)
        let base = try Self.files(Paths.definitions)
        var files = base
        let session = CheckSession(files: files, displayPrefix: "definitions")
        _ = session.check()
        let edits: [(inout [String: [UInt8]], inout BuildFaultTests.Seeded) -> String] = [
            { f, r in
                let rel = Self.someSOP(&f, &r, base)
                f[rel] = Array(Self.text(f, rel).replacingOccurrences(of: "call: rapat", with: "call: rapatt").utf8)
                return rel
            },
            { f, r in
                let rel = Self.someSOP(&f, &r, base)
                f[rel] = nil
                return rel
            },
            { f, r in
                let rel = base.keys.filter { $0.hasSuffix(".sop.yaml") }.sorted().randomElement(using: &r)!
                f[rel] = base[rel]
                return rel
            },
            { f, _ in
                f["copy.sop.yaml"] = Array(
                    Self.text(base, "rapat.sop.yaml").replacingOccurrences(of: "sop: rapat", with: "sop: copy").utf8)
                return "copy.sop.yaml"
            },
            { f, _ in
                f["surat.sop.yaml"] = Array(
                    Self.text(base, "surat.sop.yaml").replacingOccurrences(of: "sop: surat", with: "sop: rapat").utf8)
                return "surat.sop.yaml"
            },
            { f, r in
                let rel = f.keys.sorted().randomElement(using: &r)!
                f[rel] = Array((Self.text(f, rel) + "\n  : [\n").utf8)
                return rel
            },
            { f, _ in
                f["sopc.yaml"] = Array(
                    Self.text(base, "sopc.yaml").replacingOccurrences(of: "kabiro:", with: "kabiro-humas:").utf8)
                return "sopc.yaml"
            },
            { f, _ in
                f["sopc.yaml"] = base["sopc.yaml"]
                return "sopc.yaml"
            },
            // rapat calls lakip, which calls rapat: a cycle (or, with rapat renamed, an unknown SOP).
            { f, _ in
                f["rapat.sop.yaml"] = Array(
                    Self.text(f, "rapat.sop.yaml").replacingOccurrences(
                        of: "    actor: kabiro\n", with: "    actor: kabiro\n    call: lakip\n"
                    ).utf8)
                return "rapat.sop.yaml"
            },
            // Lines shift below an edit: every position after it moves.
            { f, r in
                let rel = Self.someSOP(&f, &r, base)
                f[rel] = Array(("# moved down\n# twice\n" + Self.text(f, rel)).utf8)
                return rel
            },
            // A one-line change in place (the model kept, the SOP replaced in it).
            { f, r in
                let rel = Self.someSOP(&f, &r, base)
                f[rel] = Array(
                    Self.text(f, rel).replacingOccurrences(of: "activity: ", with: "activity: Segera ").utf8)
                return rel
            },
        ]
        for round in 0..<16 {
            let rel = edits.randomElement(using: &rng)!(&files, &rng)
            session.update(rel, to: files[rel])
            Self.expectSameAsWholeCheck(session, "seed \(seed), round \(round): \(rel)")
            #expect(session.lastWork.decoded <= 1, "seed \(seed), round \(round): one file read")
        }
        // Several edits between two checks (an editor's edits faster than the checks).
        for round in 0..<8 {
            var rels: [String] = []
            for _ in 0..<3 { rels.append(edits.randomElement(using: &rng)!(&files, &rng)) }
            for rel in rels { session.update(rel, to: files[rel]) }
            Self.expectSameAsWholeCheck(session, "seed \(seed), three edits \(round): \(rels)")
        }
    }
}

/// A deadline depends on every SOP its SOP calls, however deep: editing the innermost one checks the
/// outermost again, and the session agrees with a whole check.
@Suite struct CheckSessionDeadlineTests {
    @Test func anEditDeepInACallChainReachesTheDeadline() {
        func sop(_ id: String, call: String?, time: String, deadline: String? = nil) -> [UInt8] {
            var text = "sop: \(id)\nname: SOP \(id)\n"
            if let deadline { text += "deadline: \(deadline)\n" }
            text += "steps:\n  - id: kerja\n    activity: Bekerja\n    actor: pelaksana\n    time: \(time)\n"
            if let call { text += "  - id: panggil\n    activity: Memanggil\n    actor: pelaksana\n    call: \(call)\n" }
            return Array(text.utf8)
        }
        var files: [String: [UInt8]] = [
            "sopc.yaml": Array("sopc: 1\norganization:\n  name: Biro\nroles:\n  pelaksana: Pelaksana\n".utf8),
            "a.sop.yaml": sop("a", call: "b", time: "1 hari", deadline: "5 hari"),
            "b.sop.yaml": sop("b", call: "c", time: "1 hari"),
            "c.sop.yaml": sop("c", call: nil, time: "1 hari"),
        ]
        let session = CheckSession(files: files, displayPrefix: "d")
        #expect(!session.check().diagnostics.contains { $0.id == .deadlineExceeded })
        files["c.sop.yaml"] = sop("c", call: nil, time: "4 hari")
        session.update("c.sop.yaml", to: files["c.sop.yaml"])
        let result = session.check()
        #expect(result.diagnostics.contains { $0.id == .deadlineExceeded && $0.file.hasSuffix("a.sop.yaml") })
        #expect(session.lastWork == .init(decoded: 1, checked: 3))
        CheckSessionTests.expectSameAsWholeCheck(session, "edited c")
    }
}
