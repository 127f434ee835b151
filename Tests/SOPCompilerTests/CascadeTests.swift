import Foundation
import Testing

@testable import SOPCompiler

/// One mistake, one report (SPEC §3, issue 9): what follows from an error already reported is not reported
/// again. Each cascade fixture reports exactly the ids listed here (its golden, `expected.txt`, shows the
/// text); the planner project of `Fixtures/cascade/planner` — a PPID information-request SOP and the
/// letter-numbering sub-SOP it calls — is clean, and each mistake a planner makes in it is reported by
/// exactly the ids listed with the mistake.
@Suite struct CascadeTests {
    /// The cascade fixtures (`Fixtures/check/<id>-…`) and the ids of their reports, in report order.
    static let fixtures: [String: [String]] = [
        "unknown-key-form-term": ["unknown-key", "unknown-key", "unknown-key", "unknown-key", "unknown-key"],
        "unknown-key-identity-at-top": ["unknown-key", "unknown-key", "unknown-key", "unknown-key"],
        "unknown-key-for-missing": ["unknown-key", "unknown-key", "unknown-key"],
        "duplicate-key-yes-and-ya": ["duplicate-key"],
        "unknown-step-tidak": ["unknown-step"],
        "unknown-step-no-cascade": ["unknown-step"],
        "unreachable-step-same-target": ["unreachable-step"],
        "unreachable-step-same-target-loop": ["unreachable-step"],
        "unknown-actor-no-cascade": ["unknown-actor"],
        "unknown-actor-column-no-cascade": ["unknown-actor"],
        "unknown-artefact-no-cascade": ["unknown-artefact", "unknown-artefact"],
        "unknown-artefact-callee-output": ["unknown-artefact"],
        "unknown-sop-no-cascade": ["unknown-sop"],
        "yaml-syntax-no-cascade": ["yaml-syntax"],
        "sop-id-mismatch-no-cascade": ["sop-id-mismatch"],
        "wrong-type-no-cascade": ["wrong-type", "wrong-type", "wrong-type", "wrong-type", "wrong-type"],
        "missing-key-actor-no-cascade": ["missing-key"],
    ]

    @Test(arguments: fixtures.keys.sorted())
    func fixtureReportsOnlyTheRealProblems(_ name: String) throws {
        try requireFixture(fixtureNames(in: Paths.checkFixtures).first { $0 == name } ?? noFixturesMarker + name)
        let (_, result) = try CheckFixtureTests.report(name)
        #expect(result.diagnostics.map(\.id.rawValue) == Self.fixtures[name])
        for d in result.diagnostics { try Self.expectPathsAreWritten(d, in: result.model) }
    }

    /// The fixture's own words: the comment lines that open its SOP files, in file order.
    static func description(_ name: String) throws -> String {
        let folder = Paths.checkFixtures.appendingPathComponent(name).appendingPathComponent("definitions")
        var lines: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".sop.yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let comment = text.split(separator: "\n").prefix { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
            if !comment.isEmpty { lines.append("`\(file)`: " + comment.joined(separator: " ")) }
        }
        return lines.joined(separator: "\n\n")
    }

    /// docs/CHECKS.md shows every cascade fixture: what it is about, and its golden report.
    @Test func checksDocShowsTheCascadeFixtures() throws {
        var out = ""
        for name in Self.fixtures.keys.sorted() {
            let golden = try #require(ReadmeTests.golden(name), "\(name) has no golden")
            out += "\n### `\(name)`\n\n\(try Self.description(name))\n\n```text\n\(golden)```\n"
        }
        try ReadmeTests.refresh(ReadmeTests.checksDoc, [("cascade", out)])
    }

    /// A mistake made in a copy of the planner project: text replaced in one file (each `old` once).
    struct Mistake: CustomTestStringConvertible, Sendable {
        let name: String
        let file: String
        let edits: [(old: String, new: String)]
        let ids: [String]
        init(_ name: String, _ file: String, _ edits: [(String, String)], _ ids: [String]) {
            self.name = name
            self.file = file
            self.edits = edits.map { (old: $0.0, new: $0.1) }
            self.ids = ids
        }
        var testDescription: String { name }
    }

    /// Each mistake of issue 9 and the ids its report holds, in report order. The counts before and after
    /// the cascade rule are in the lead's notes of issue 9.
    static let mistakes: [Mistake] = [
        Mistake(
            "ya/tidak on a decision", "ppid.sop.yaml",
            [("    yes: uji\n    no: kembalikan\n", "    ya: uji\n    tidak: kembalikan\n")],
            []),
        Mistake(
            "kegiatan: for activity:", "ppid.sop.yaml",
            [("    activity: Memeriksa kelengkapan permohonan\n", "    kegiatan: Memeriksa kelengkapan permohonan\n")],
            ["unknown-key"]),
        Mistake(
            "waktu: for time:", "ppid.sop.yaml",
            [("    time: 3 hari\n", "    waktu: 3 hari\n")],
            ["unknown-key"]),
        Mistake(
            "pelaksana: for actor:", "ppid.sop.yaml",
            [("    actor: kabiro\n", "    pelaksana: kabiro\n")],
            ["unknown-key"]),
        Mistake(
            "kelengkapan: for needs:", "ppid.sop.yaml",
            [("    needs: [permohonan, register]\n", "    kelengkapan: [permohonan, register]\n")],
            ["unknown-key"]),
        Mistake(
            "output: for makes:", "ppid.sop.yaml",
            [("    makes: [informasi, konsep-surat]\n", "    output: [informasi, konsep-surat]\n")],
            ["unknown-key"]),
        Mistake(
            "keputusan: for decision:", "ppid.sop.yaml",
            [("    decision: Permohonan lengkap?\n", "    keputusan: Permohonan lengkap?\n")],
            ["unknown-key"]),
        Mistake(
            "Tidak: (capital) on a decision", "ppid.sop.yaml",
            [("    no: kembalikan\n", "    Tidak: kembalikan\n")],
            ["unknown-key"]),
        Mistake(
            "misspelt target no: kembalian", "ppid.sop.yaml",
            [("    no: kembalikan\n", "    no: kembalian\n")],
            ["unknown-step"]),
        Mistake(
            "misspelt target yes: setuju", "ppid.sop.yaml",
            [("    next: setujui\n", "    next: setuju\n")],
            ["unknown-step"]),
        Mistake(
            "yes and no to the same step", "ppid.sop.yaml",
            [("    no: kembalikan\n", "    no: uji\n")],
            ["unreachable-step"]),
        Mistake(
            "yes and no to the same step (uji)", "ppid.sop.yaml",
            [("    yes: tolak\n", "    yes: siapkan\n")],
            ["unreachable-step"]),
        Mistake(
            "misspelt actor", "ppid.sop.yaml",
            [("    actor: kabiro\n", "    actor: ka-biro\n")],
            ["unknown-actor"]),
        Mistake(
            "misspelt actor with actors: list", "ppid.sop.yaml",
            [
                ("inputs: [permohonan]\n", "actors: [petugas, ppid, kabiro, kasubag-tu]\ninputs: [permohonan]\n"),
                ("    actor: kabiro\n", "    actor: ka-biro\n"),
            ],
            ["unknown-actor"]),
        Mistake(
            "misspelt made artefact", "ppid.sop.yaml",
            [("    makes: [informasi, konsep-surat]\n", "    makes: [informasi, konsep-srat]\n")],
            ["unknown-artefact"]),
        Mistake(
            "misspelt needed artefact", "ppid.sop.yaml",
            [("    needs: [register, surat-jawaban]\n", "    needs: [registr, surat-jawaban]\n")],
            ["unknown-artefact"]),
        Mistake(
            "misspelt input", "ppid.sop.yaml",
            [("inputs: [permohonan]\n", "inputs: [permohonn]\n")],
            ["unknown-artefact"]),
        Mistake(
            "misspelt called SOP", "ppid.sop.yaml",
            [("    call: penomoran\n", "    call: penomeran\n")],
            ["unknown-sop"]),
        Mistake(
            "callee output misspelt", "penomoran.sop.yaml",
            [("outputs: [surat-jawaban]\n", "outputs: [surat-jawabn]\n")],
            ["unknown-artefact"]),
        Mistake(
            "nomor: at the top of the SOP", "ppid.sop.yaml",
            [("identity:\n  number: 045/01/PPID/2025\n", "nomor: 045/01/PPID/2025\nidentity:\n")],
            ["unknown-key"]),
        Mistake(
            "needs: as a mapping", "ppid.sop.yaml",
            [("    needs: [permohonan, register]\n", "    needs: {permohonan: ya}\n")],
            ["wrong-type"]),
        Mistake(
            "next: as a list", "ppid.sop.yaml",
            [("    next: terima\n", "    next: [terima]\n")],
            ["wrong-type"]),
        Mistake(
            "time: as a list", "ppid.sop.yaml",
            [("    time: 3 hari\n", "    time: [3 hari]\n")],
            ["wrong-type"]),
        Mistake(
            "decision: as a list", "ppid.sop.yaml",
            [("    decision: Konsep disetujui?\n", "    decision: [Konsep disetujui?]\n")],
            ["wrong-type"]),
        Mistake(
            "yes: and ya: on one decision", "ppid.sop.yaml",
            [("    yes: uji\n", "    yes: uji\n    ya: uji\n")],
            ["duplicate-key"]),
        Mistake(
            "activty: (a typo) for activity:", "ppid.sop.yaml",
            [("    activity: Memeriksa kelengkapan permohonan\n", "    activty: Memeriksa kelengkapan permohonan\n")],
            ["unknown-key"]),
        Mistake(
            "role renamed in sopc.yaml", "sopc.yaml",
            [("  petugas:\n", "  petugas-layanan:\n")],
            ["unknown-actor", "unknown-actor"]),
        Mistake(
            "step id not an id (Siapkan Jawaban)", "ppid.sop.yaml",
            [("  - id: siapkan\n", "  - id: Siapkan\n")],
            ["invalid-id"]),
        Mistake(
            "local artefact id not an id (Uji Konsekuensi)", "ppid.sop.yaml",
            [("  uji-konsekuensi: Berita", "  Uji Konsekuensi: Berita")],
            ["invalid-id"]),
        Mistake(
            "project artefact id not an id (Konsep Surat)", "sopc.yaml",
            [("  konsep-surat: Konsep", "  Konsep Surat: Konsep")],
            ["invalid-id"]),
        Mistake(
            "decision: left out (yes/no kept)", "ppid.sop.yaml",
            [("    decision: Permohonan lengkap?\n", "")],
            ["unknown-key"]),
        Mistake(
            "yes: and no: both to the correction step", "ppid.sop.yaml",
            [("    yes: uji\n", "    yes: kembalikan\n")],
            ["unreachable-step"]),
        Mistake(
            "sub-SOP with a syntax error", "penomoran.sop.yaml",
            [("name: Penomoran Surat Keluar\n", "name: Penomoran Surat Keluar\n  : x\n")],
            ["yaml-syntax"]),
    ]

    static let planner = Paths.fixtures.appendingPathComponent("cascade/planner/definitions")

    static func plannerFiles() throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: planner.path) where !name.hasPrefix(".") {
            files[name] = Array(try Data(contentsOf: planner.appendingPathComponent(name)))
        }
        return files
    }

    @Test func plannerProjectIsClean() throws {
        let result = Checker.check(files: try Self.plannerFiles())
        #expect(result.fileCount == 3)
        #expect(result.diagnostics.map(\.id.rawValue) == [])
        #expect(result.checked != nil)
    }

    @Test(arguments: mistakes)
    func plannerMistakeIsReportedOnce(_ mistake: Mistake) throws {
        var files = try Self.plannerFiles()
        var text = String(decoding: try #require(files[mistake.file]), as: UTF8.self)
        for edit in mistake.edits {
            try #require(text.components(separatedBy: edit.old).count == 2, "\(mistake.name): '\(edit.old)' is not there once")
            text = text.replacingOccurrences(of: edit.old, with: edit.new)
        }
        files[mistake.file] = Array(text.utf8)
        let result = Checker.check(files: files)
        #expect(result.diagnostics.map(\.id.rawValue) == mistake.ids, "\(mistake.name)")
        for d in result.diagnostics { try Self.expectPathsAreWritten(d, in: result.model) }
    }

    /// Every path a note shows (`a → b → c`) goes along branches written in the SOP (or the default one
    /// to the following step): none is made up, e.g. a misspelt target taken for `end`.
    static func expectPathsAreWritten(_ d: Diagnostic, in model: ProjectModel) throws {
        guard let sop = model.sops.first(where: { $0.file == d.file }) else { return }
        for note in d.notes where note.message.contains(" → ") {
            let path = note.message.split(separator: ":").last!.split(separator: "→")
                .map { $0.trimmingCharacters(in: .whitespaces) }
            for (u, v) in zip(path, path.dropFirst()) where u != "…" && v != "…" {
                let i = try #require(sop.stepIndex[u], "\(note.message): '\(u)' is no step")
                let step = sop.steps[i]
                let following = i + 1 < sop.steps.count ? sop.steps[i + 1].ref.id : "end"
                let written =
                    step.isDecision
                    ? [step.yes?.id ?? following, step.no?.id ?? following] : [step.next?.id ?? following]
                #expect(written.contains(v), "\(note.message): '\(u)' does not go to '\(v)'")
            }
        }
    }

    /// The check of a path is real: the made-up path the issue saw fails it.
    @Test func aMadeUpPathFailsThePathCheck() throws {
        var files = try Self.plannerFiles()
        files["ppid.sop.yaml"] = Array(
            String(decoding: files["ppid.sop.yaml"]!, as: UTF8.self).replacingOccurrences(
                of: "    no: kembalikan\n", with: "    no: kembalian\n"
            ).utf8)
        let result = Checker.check(files: files)
        let madeUp = Diagnostic(
            .outputNotMade, .outputNotMade("surat-jawaban", name: "x"), file: "ppid.sop.yaml", span: .fileStart,
            notes: [DiagnosticNote(.missingOnPath("terima → periksa → end"))])
        withKnownIssue { try Self.expectPathsAreWritten(madeUp, in: result.model) }
    }

    /// `ya:` and `tidak:` are `yes:` and `no:`: the project checks clean with them, and the step graph,
    /// the machine and the printed form take the same branches as with `yes:`/`no:`.
    @Test func yaAndTidakAreYesAndNo() throws {
        var files = try Self.plannerFiles()
        let written = String(decoding: files["ppid.sop.yaml"]!, as: UTF8.self)
        let spelled = written.replacingOccurrences(
            of: "    yes: uji\n    no: kembalikan\n", with: "    ya: uji\n    tidak: kembalikan\n")
        try #require(spelled != written)
        files["ppid.sop.yaml"] = Array(spelled.utf8)
        let plain = try #require(Checker.check(files: try Self.plannerFiles()).checked)
        let result = Checker.check(files: files)
        #expect(result.diagnostics.isEmpty)
        let checked = try #require(result.checked)
        let sop = try #require(checked.model.sop("ppid"))
        let graph = checked.graph(of: sop)
        let periksa = try #require(sop.stepIndex["periksa"])
        #expect(Array(graph.targets[periksa]) == [sop.stepIndex["uji"]!, sop.stepIndex["kembalikan"]!])
        #expect(graph.targets == plain.graph(of: plain.model.sop("ppid")!).targets)
        #expect(Pipeline.lower(checked).machines == Pipeline.lower(plain).machines)
    }

    /// The form's words and the key written in other capitals or spacing name the key meant, only where it
    /// is allowed; `pelaksana` is `actors` before a list.
    @Test func formTermsNameTheKeyMeant() throws {
        let stepKeys = ["id", "activity", "actor", "actors", "needs", "time", "makes", "notes", "decision"]
        #expect(FormTerms.meaning(of: "kegiatan", among: stepKeys) == "activity")
        #expect(FormTerms.meaning(of: "Waktu", among: stepKeys) == "time")
        #expect(FormTerms.meaning(of: "ket", among: stepKeys) == "notes")
        #expect(FormTerms.meaning(of: "Mutu_Baku  Output", among: stepKeys) == "makes")
        #expect(FormTerms.meaning(of: "output", among: ["inputs", "outputs", "steps"]) == "outputs")
        #expect(FormTerms.meaning(of: "pelaksana", among: stepKeys) == "actor")
        let list = try #require(YAMLReader(file: "t").read(Array("[a, b]".utf8)).root)
        #expect(FormTerms.meaning(of: "pelaksana", among: stepKeys, value: list) == "actors")
        #expect(FormTerms.meaning(of: "Approved By", among: ["number", "approved_by"]) == "approved_by")
        #expect(FormTerms.meaning(of: "tanggal-efektif", among: ["created", "effective"]) == "effective")
        #expect(FormTerms.meaning(of: "jabatan", among: ["name", "title"]) == "title")
        #expect(FormTerms.meaning(of: "jabatan", among: ["sopc", "roles"]) == "roles")
        // Not where the key it means is not allowed.
        #expect(FormTerms.meaning(of: "nomor", among: stepKeys) == nil)
        #expect(FormTerms.meaning(of: "selanjutnya", among: ["id", "yes", "no"]) == nil)
    }
}
